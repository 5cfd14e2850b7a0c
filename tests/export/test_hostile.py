"""Hostile content: public XSS and naughty-string lists (tests/data/xss/, see its README) put in
every field an editor or a setting can fill, then every export is checked with a real HTML parser.

What must hold for every output:
- no ``<script>`` except the one JSON-LD block, which parses and equals ``build_jsonld``;
- no ``on*`` event-handler attribute, no ``style`` attribute, no element outside the templates' set;
- no ``javascript:``, ``vbscript:`` or ``data:`` URL in any ``href``; ``src`` only on ``<img>``, and
  a ``data:`` source only as an embedded image (``data:image/...;base64,``);
- the CSS in ``<style>`` is exactly ours; the Atom is well-formed XML and the ninjs valid ninjs.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import re
import xml.etree.ElementTree as ET
from typing import Any

import feedparser
import pytest

from export.atom import ATOM_NS, render_atom
from export.html import build_jsonld, render_fragment, render_page, templates_dir
from export.ninjs import build_ninjs, render_ninjs
from export.style import HouseStyle

try:
    from test_ninjs import VALIDATOR
    from test_render_docs import PHOTO, ROOT, Node, make_doc, parse_html
except ImportError:  # collected as a package
    from tests.export.test_ninjs import VALIDATOR
    from tests.export.test_render_docs import PHOTO, ROOT, Node, make_doc, parse_html

XSS = ROOT / "tests" / "data" / "xss"


def _payloads() -> list[str]:
    blns = json.loads((XSS / "blns.json").read_text(encoding="utf-8"))
    own = json.loads((XSS / "livedesk-payloads.json").read_text(encoding="utf-8"))["payloads"]
    seen: dict[str, None] = {}
    for item in [*own, *blns]:
        seen.setdefault(item, None)
    return list(seen)


PAYLOADS = _payloads()
# The ones that look like markup or URLs: enough for the slower, per-payload tests.
SHARP = [p for p in PAYLOADS if re.search(r"[<>\"'&:\\]|script|\x00", p, re.IGNORECASE)]

TEMPLATE_TAGS = {
    "html",
    "head",
    "meta",
    "title",
    "link",
    "style",
    "script",
    "body",
    "header",
    "main",
    "footer",
    "div",
    "section",
    "article",
    "p",
    "span",
    "a",
    "h1",
    "h2",
    "h3",
    "h4",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "br",
    "blockquote",
    "time",
    "figure",
    "img",
    "figcaption",
    "svg",
    "path",
}
FORBIDDEN_SCHEMES = ("javascript:", "vbscript:", "data:")
ALLOWED_HREF = ("http:", "https:", "mailto:", "#")
CSS_PAGE = (
    (templates_dir() / "liveblog.css").read_text(encoding="utf-8")
    + "\n"
    + (templates_dir() / "page.css").read_text(encoding="utf-8")
)
CSS_FRAGMENT = (templates_dir() / "liveblog.css").read_text(encoding="utf-8")


def _text(value: str, fallback: str = "x") -> str:
    return value if value.strip() else fallback


def hostile_doc(payloads: list[str], title: str = "Hostile") -> dict[str, Any]:
    """One post per payload, the payload in every field of it."""
    doc = make_doc(
        title=_text(title),
        authors=[_text(p) for p in payloads[:200]],
        summary=[f"{p} [to the post](#h0)" for p in payloads[:200]],
        closing_note=payloads[0] if payloads else None,
    )
    posts = []
    for i, payload in enumerate(payloads):
        posts.append(
            {
                "id": f"h{i}",
                "headline": payload,
                "label": payload or None,
                "contributors": [
                    {"name": _text(payload), "place": payload or None},
                    {"name": f"Second {payload}", "place": "Kyiv"},
                ],
                "body": (
                    f"{payload}\n\n**{payload}** [{payload}](#h0)\n\n- {payload}\n\n> {payload}"
                ),
                "status": "draft" if i % 17 == 16 else "published",
                "pinned": i == 0,
                "published_at": "2025-03-14T12:00:00+02:00",
                "updated_at": "2025-03-14T12:30:00+02:00",
                "update_note": payload or None,
                "tags": [_text(payload)],
                "media": [
                    {"src": _text(payload), "alt": payload, "caption": payload, "credit": payload},
                    {
                        "src": "https://ok.example/photo.jpg",
                        "alt": payload,
                        "caption": f"*{payload}*",
                        "credit": payload,
                    },
                ],
            }
        )
    doc["posts"] = posts
    return doc


def any_src_loader(src: str) -> tuple[bytes, str] | None:
    """Serves a PNG for every local src, hostile or not, so every figure is rendered."""
    return PHOTO, "image/png"


def _normalised_url(value: str) -> str:
    """A URL as a browser reads it for its scheme: no whitespace or controls, lower case."""
    return "".join(c for c in value if ord(c) > 0x20).lower()


def check_html(root: Node, *, jsonld: dict[str, Any] | None = None, css: str | None = None) -> None:
    scripts = root.find_all("script")
    if jsonld is None:
        assert scripts == []
    else:
        assert len(scripts) == 1
        (script,) = scripts
        assert script.attrs == {"type": "application/ld+json"}
        text = script.text()
        assert "</script" not in text.lower() and "<!--" not in text
        assert json.loads(text) == jsonld
    styles = root.find_all("style")
    if css is None:
        assert styles == []
    else:
        assert [s.text().strip() for s in styles] == [css.strip()]
        assert styles[0].attrs == {}
    for node in root.iter():
        if node.tag == "#document":
            continue
        assert node.tag in TEMPLATE_TAGS, node.tag
        for name, value in node.attrs.items():
            assert not name.startswith("on"), (node.tag, name, value)
            assert name not in ("style", "srcset", "formaction", "action", "xlink:href"), name
            url = _normalised_url(value or "")
            if name == "href":
                assert url.startswith(ALLOWED_HREF), (node.tag, value)
                assert not url.startswith(FORBIDDEN_SCHEMES), (node.tag, value)
            if name == "src":
                assert node.tag == "img", node.tag
                if url.startswith("data:"):
                    assert re.fullmatch(r"data:image/png;base64,[a-z0-9+/=]+", url), value[:80]
                    assert base64.b64decode(str(value).split(",", 1)[1]) == PHOTO
                else:
                    assert url.startswith(("http:", "https:")), value


def check_page(doc: dict[str, Any], style: HouseStyle, loader: Any = any_src_loader) -> None:
    expected = build_jsonld(doc, style)
    page = render_page(doc, style, loader)
    check_html(parse_html(page), jsonld=expected, css=CSS_PAGE)
    fragment = render_fragment(doc, style, loader)
    root = parse_html(fragment)
    check_html(root, jsonld=expected, css=CSS_FRAGMENT)
    assert [n.tag for n in root.children if isinstance(n, Node)] == ["div"]


def check_atom(doc: dict[str, Any], style: HouseStyle) -> None:
    text = render_atom(doc, style)
    root = ET.fromstring(text.encode("utf-8"))  # well-formed, or this raises
    assert root.tag == f"{{{ATOM_NS}}}feed"
    feed = feedparser.parse(text)
    assert not feed.bozo, feed.get("bozo_exception")
    for content in root.iter(f"{{{ATOM_NS}}}content"):
        assert content.get("type") == "html" and len(content) == 0
        check_html(parse_html(content.text or ""))
    for link in root.iter(f"{{{ATOM_NS}}}link"):
        assert _normalised_url(link.get("href", "")).startswith(("http:", "https:"))
    published = [p for p in doc["posts"] if p["status"] == "published"]
    assert len(feed.entries) == len(published)


def check_ninjs(doc: dict[str, Any], style: HouseStyle) -> None:
    item = json.loads(render_ninjs(doc, style))
    assert item == build_ninjs(doc, style)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in VALIDATOR.iter_errors(item)]
    assert errors == []
    for part in [item, *item.get("associations", [])]:
        for entry in part.get("bodies", []) + part.get("descriptions", []):
            if entry.get("contentType") == "text/html":
                check_html(parse_html(entry["value"]))


STYLE = HouseStyle(page_url="https://news.example/live/x")


# -- every payload in every post field -------------------------------------------------------


@pytest.fixture(scope="module")
def everything() -> dict[str, Any]:
    return hostile_doc(PAYLOADS)


def test_payload_lists_are_there() -> None:
    assert len(PAYLOADS) > 500
    assert any("<script>" in p for p in PAYLOADS)


def test_page_and_fragment(everything: dict[str, Any]) -> None:
    check_page(everything, STYLE)


def test_page_with_missing_photos(everything: dict[str, Any]) -> None:
    check_page(everything, HouseStyle(), loader=lambda src: None)


def test_atom(everything: dict[str, Any]) -> None:
    check_atom(everything, STYLE)
    check_atom(everything, HouseStyle())


def test_ninjs(everything: dict[str, Any]) -> None:
    check_ninjs(everything, STYLE)


def test_drafts_stay_out(everything: dict[str, Any]) -> None:
    page = parse_html(render_page(everything, STYLE, any_src_loader))
    ids = {a.attrs["id"] for a in page.find_all("article")}
    drafts = {p["id"] for p in everything["posts"] if p["status"] == "draft"}
    assert drafts and not ids & drafts
    jsonld = build_jsonld(everything, STYLE)
    urls = {u["url"].rsplit("#", 1)[1] for u in jsonld["liveBlogUpdate"]}
    assert not urls & drafts


# -- every payload as the blog's title, key point, author and closing note -------------------


@pytest.mark.parametrize("payload", SHARP, ids=range(len(SHARP)))
def test_blog_fields(payload: str) -> None:
    doc = make_doc(
        title=_text(payload),
        authors=[_text(payload)],
        summary=[payload, f"**{payload}** [x](#p-deal)"],
        closing_note=payload,
    )
    doc["posts"] = [p for p in doc["posts"] if p["id"] in ("p-deal", "p-start")]
    check_page(doc, STYLE)
    check_atom(doc, STYLE)
    check_ninjs(doc, STYLE)


# -- hostile house style (settings are typed in by people too) -------------------------------


@pytest.mark.parametrize(
    "payload",
    [
        '"><script>alert(1)</script>',
        "</style><script>alert(1)</script>",
        "javascript:alert(1)",
        "' onmouseover='alert(1)",
        "{{ 7*7 }}</title><img src=x onerror=alert(1)>",
        "\x00\ud800\u2028",
    ],
)
def test_house_style(payload: str) -> None:
    strings = {
        f.name: payload for f in dataclasses.fields(HouseStyle) if isinstance(f.default, str)
    }
    style = HouseStyle.from_settings(strings)
    doc = make_doc()
    check_page(doc, style)
    check_atom(doc, style)
    check_ninjs(doc, style)
    for url in ('https://ok.example/"><script>', "https://ok.example/ x", "//evil.example"):
        check_page(doc, dataclasses.replace(style, page_url=url))
