"""The html page and the fragment: structure, house style, photos, determinism, no external
requests, scoped CSS."""

from __future__ import annotations

import base64
import re
from itertools import pairwise
from typing import Any

import pytest

from export import html as html_export
from export.html import render_fragment, render_page, templates_dir
from export.style import HouseStyle

try:
    from test_render_docs import (
        PHOTO,
        Node,
        load_sample,
        loader,
        make_doc,
        parse_html,
        sample_loader,
    )
except ImportError:  # collected as a package
    from tests.export.test_render_docs import (
        PHOTO,
        Node,
        load_sample,
        loader,
        make_doc,
        parse_html,
        sample_loader,
    )

STYLE = HouseStyle(page_url="https://news.example/live/port-strike")


def page(doc: dict[str, Any] | None = None, style: HouseStyle = STYLE, **kw: Any) -> Node:
    return parse_html(render_page(doc or make_doc(), style, kw.get("media_loader", loader())))


def articles(root: Node) -> list[Node]:
    return root.find_all("article")


def article(root: Node, post_id: str) -> Node:
    (found,) = [a for a in articles(root) if a.attrs.get("id") == post_id]
    return found


# -- page -----------------------------------------------------------------------------------


def test_page_head() -> None:
    html = render_page(make_doc(), STYLE, loader())
    assert html.startswith('<!DOCTYPE html>\n<html lang="en-GB">')
    root = parse_html(html)
    assert root.find("title").text() == "Port strike: live updates | Example News"
    metas = {m.attrs.get("name"): m.attrs.get("content") for m in root.find_all("meta")}
    assert metas["viewport"] == "width=device-width, initial-scale=1"
    assert "Deal reached: unions" in str(metas["description"])
    assert root.find("link").attrs == {"rel": "canonical", "href": STYLE.page_url}
    assert [m.attrs.get("charset") for m in root.find_all("meta") if "charset" in m.attrs] == [
        "utf-8"
    ]


def test_landmarks_and_heading_order() -> None:
    root = page()
    assert len(root.find_all("main")) == 1
    assert root.find("header", "ld-masthead").parent.tag == "body"
    assert root.find("footer").parent.tag == "body"
    levels = [int(n.tag[1]) for n in root.iter() if re.fullmatch(r"h[1-6]", n.tag)]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b <= a + 1 for a, b in pairwise(levels)), levels
    skip = root.find("a", "ld-skip")
    assert skip.attrs["href"] == "#livedesk.posts"
    assert root.find("div", "ld-posts").attrs["id"] == "livedesk.posts"


def test_title_block() -> None:
    root = page()
    assert root.find("h1").text() == "Port strike: live updates"
    assert root.find("p", "ld-byline").text() == (
        "By Olena Kovalenko, James Wright, Amara Diallo and Chris Evans"
    )
    updated = root.find("p", "ld-updated").find("time")
    # Newest update among published posts: the draft's later updated_at does not count.
    assert updated.attrs["datetime"] == "2025-03-14T21:25:00+02:00"
    assert updated.text() == "14 March 2025, 21:25 EET"


def test_key_points_link_to_posts_and_drop_links_to_drafts() -> None:
    root = page()
    summary = root.find("section", "ld-summary")
    assert summary.find("h2").text() == "What we covered here"
    items = summary.find_all("li")
    assert len(items) == 3
    assert items[0].find("strong").text() == "Deal reached:"
    hrefs = [a.attrs["href"] for a in summary.find_all("a")]
    assert hrefs == ["#p-deal", "https://example.org/map"]
    ids = {a.attrs["id"] for a in articles(root)}
    assert "p-deal" in ids
    assert items[2].clean_text() == "The drafted explainer is not out yet."


def test_post_count() -> None:
    assert page().find("p", "ld-count").text() == "4 Posts"
    doc = make_doc()
    doc["posts"] = [p for p in doc["posts"] if p["id"] in ("p-start", "p-draft")]
    assert page(doc).find("p", "ld-count").text() == "1 Post"


def test_closing_banner() -> None:
    default = page().find("div", "ld-closing").clean_text()
    assert default == STYLE.closing_note
    custom = page(make_doc(closing_note="Coverage has **moved** [here](https://example.org/new).."))
    banner = custom.find("div", "ld-closing")
    assert banner.find("strong").text() == "moved"
    live = page(make_doc(status="live", coverage_end=None))
    assert live.find_all("div", "ld-closing") == []
    assert live.find("span", "ld-badge--live").text() == "Live"


def test_order_drafts_and_anchors() -> None:
    html = render_page(make_doc(), STYLE, loader())
    root = parse_html(html)
    assert [a.attrs["id"] for a in articles(root)] == [
        "p-pinned",
        "p-deal",
        "p-analysis",
        "p-start",
    ]
    for needle in ("SECRET DRAFT", "DRAFT-BODY-TEXT", "Draft Writer", "Draft tag", "p-draft"):
        assert needle not in html


def test_post_parts() -> None:
    root = page()
    deal = article(root, "p-deal")
    time = deal.find("time", "ld-post__time")
    assert time.attrs["datetime"] == "2025-03-14T21:10:00+02:00"
    assert time.text() == "21:10"
    assert deal.find("span", "ld-label").text() == "Breaking"
    assert "ld-label--breaking" in deal.find("span", "ld-label").classes
    assert deal.find("h2").text() == "Unions and owners reach a deal"
    assert deal.find("p", "ld-post__byline").clean_text() == (
        "From Example News' Olena Kovalenko and Chris Evans in Odesa and Amara Diallo in London"
    )
    assert [s.text() for s in deal.find_all("strong", "ld-name")] == [
        "Olena Kovalenko",
        "Chris Evans",
        "Amara Diallo",
    ]
    body = deal.find("div", "ld-post__body")
    assert body.find("blockquote")
    link = body.find("a")
    assert link.attrs == {"href": "https://example.org/statement", "rel": "noopener noreferrer"}
    assert (
        deal.find("p", "ld-post__note").text() == "This post has been updated with more reporting."
    )
    assert deal.find("p", "ld-post__updated").find("time").attrs["datetime"] == (
        "2025-03-14T21:25:00+02:00"
    )
    assert [li.text() for li in deal.find("ul", "ld-tags").find_all("li")] == [
        "Strikes",
        "Shipping",
    ]
    assert deal.find_all("span", "ld-pin") == []


def test_pinned_marker() -> None:
    root = page()
    pinned = article(root, "p-pinned")
    assert "ld-post--pinned" in pinned.classes
    assert pinned.find("span", "ld-pin").clean_text() == "Pinned"
    assert pinned.find("svg").attrs["aria-hidden"] == "true"
    assert [a.attrs["id"] for a in articles(root) if a.find_all("span", "ld-pin")] == ["p-pinned"]


def test_byline_without_place_and_without_contributors() -> None:
    root = page()
    assert article(root, "p-pinned").find("p", "ld-post__byline").clean_text() == (
        "From Example News' James Wright"
    )
    assert article(root, "p-start").find_all("p", "ld-post__byline") == []


def test_local_photo_is_embedded() -> None:
    root = page()
    figure = article(root, "p-deal").find("figure")
    img = figure.find("img")
    src = str(img.attrs["src"])
    assert src.startswith("data:image/png;base64,")
    assert base64.b64decode(src.split(",", 1)[1]) == PHOTO
    assert img.attrs["alt"] == "Cranes standing idle at the port at dusk"
    assert "loading" not in img.attrs  # already in the page: lazy would only delay it
    caption = figure.find("figcaption")
    assert caption.find("em").text() == "silent"
    assert caption.find("span", "ld-credit").text() == "Olena Kovalenko / Example News"


def test_missing_or_unloadable_photos_are_left_out() -> None:
    assert page(media_loader=loader({})).find_all("figure") == []
    html = render_page(make_doc(), STYLE)  # no loader at all
    assert "<figure" not in html
    bad_type = parse_html(render_page(make_doc(), STYLE, lambda src: (b"<html>", "text/html")))
    assert bad_type.find_all("figure") == []


def test_web_photo_is_linked_as_is() -> None:
    doc = make_doc()
    doc["posts"][1]["media"][0]["src"] = "https://cdn.example.org/photos/port 1.jpg"
    img = page(doc).find("img", "ld-figure__img")
    assert img.attrs["src"] == "https://cdn.example.org/photos/port%201.jpg"
    assert img.attrs["loading"] == "lazy"


def test_times_are_shown_in_the_blogs_zone() -> None:
    doc = make_doc(timezone="America/New_York")
    doc["posts"][1]["published_at"] = "2025-03-14T19:10:00Z"
    time = article(page(doc), "p-deal").find("time")
    assert time.attrs["datetime"] == "2025-03-14T15:10:00-04:00"
    assert time.text() == "15:10"


def test_unknown_zone_keeps_the_documents_offsets() -> None:
    time = article(page(make_doc(timezone="Mars/Olympus_Mons")), "p-deal").find("time")
    assert time.attrs["datetime"] == "2025-03-14T21:10:00+02:00"


def test_posts_over_several_days_show_the_date() -> None:
    doc = make_doc()
    doc["posts"][4]["published_at"] = "2025-03-13T22:00:00+02:00"
    root = page(doc)
    assert article(root, "p-deal").find("time").text() == "14 Mar, 21:10"
    assert article(root, "p-start").find("time").text() == "13 Mar, 22:00"


def test_post_without_headline() -> None:
    doc = make_doc()
    doc["posts"][4]["headline"] = "  "
    doc["posts"][4]["body"] = "# Early\n\nWorkers left their posts at 06:00."
    start = article(page(doc), "p-start")
    assert start.find_all("h2") == [start.find("div", "ld-post__body").find("h2")]


def test_house_style_is_applied() -> None:
    style = HouseStyle(
        outlet_name="The Courier",
        top_byline_prefix="Reporting by",
        post_time_format="%-I.%M%p",
        am_pm=("am", "pm"),
        key_points_heading="Key points",
        post_count_other="{n} updates",
        pinned_label="Top",
    )
    root = page(style=style)
    assert root.find("p", "ld-byline").text().startswith("Reporting by Olena")
    assert article(root, "p-deal").find("time").text() == "9.10pm"
    assert (
        article(root, "p-deal")
        .find("p", "ld-post__byline")
        .clean_text()
        .startswith("From The Courier's Olena")
    )
    assert root.find("h2").text() == "Key points"
    assert root.find("p", "ld-count").text() == "4 updates"
    assert root.find("span", "ld-pin").clean_text() == "Top"
    assert root.find("title").text().endswith("| The Courier")


def test_no_external_requests() -> None:
    html = render_page(make_doc(), STYLE, loader())
    root = parse_html(html)
    assert root.find_all("link") == [
        n for n in root.find_all("link") if n.attrs["rel"] == "canonical"
    ]
    for node in root.iter():
        for name in ("src", "srcset", "poster", "data"):
            value = node.attrs.get(name)
            assert value is None or str(value).startswith("data:image/"), (node.tag, name)
    css = root.find("style").text()
    assert "@import" not in css and "url(" not in css and "@font-face" not in css
    assert len(root.find_all("script")) == 1


def test_page_is_responsive_printable_and_has_dark_mode() -> None:
    css = page().find("style").text()
    assert "@media print" in css
    assert "prefers-color-scheme: dark" in css
    assert "prefers-reduced-motion" in css
    assert "overflow-wrap: anywhere" in css


def test_output_is_deterministic() -> None:
    first = render_page(make_doc(), STYLE, loader())
    second = render_page(make_doc(), STYLE, loader())
    assert first == second
    assert render_fragment(make_doc(), STYLE, loader()) == render_fragment(
        make_doc(), STYLE, loader()
    )


def test_input_document_is_not_modified() -> None:
    doc = make_doc()
    doc["blog"]["title"] = "Bad\x00title"
    before = repr(doc)
    render_page(doc, STYLE, loader())
    assert repr(doc) == before


def test_templates_dir_follows_pyinstaller(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    assert (templates_dir() / "page.html.j2").is_file()
    monkeypatch.setattr("sys._MEIPASS", str(tmp_path), raising=False)
    assert html_export.templates_dir() == tmp_path / "resources" / "templates"


# -- fragment --------------------------------------------------------------------------------


def test_fragment_is_one_element_with_prefixed_classes() -> None:
    html = render_fragment(make_doc(), STYLE, loader())
    root = parse_html(html)
    top = [c for c in root.children if isinstance(c, Node)]
    assert len(top) == 1 and top[0].tag == "div" and "ld-liveblog" in top[0].classes
    assert top[0].attrs["lang"] == "en-GB"
    assert not root.find_all("html") and not root.find_all("head") and not root.find_all("body")
    for node in root.iter():
        for cls in node.classes:
            assert cls.startswith("ld-"), (node.tag, cls)
    assert len(root.find_all("style")) == 1
    assert len(root.find_all("script")) == 1
    assert root.find("script").attrs["type"] == "application/ld+json"
    assert [a.attrs["id"] for a in articles(root)] == [
        "p-pinned",
        "p-deal",
        "p-analysis",
        "p-start",
    ]


def _selectors(css: str) -> list[str]:
    """Every selector of every style rule, at any @media depth (a small CSS reader for our CSS)."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    selectors: list[str] = []
    blocks: list[str] = []  # what each open brace opened: "keyframes", "group" or "rule"
    prelude = ""
    for char in css:
        if char == "{":
            head = prelude.strip()
            if head.startswith("@keyframes"):
                blocks.append("keyframes")
            elif head.startswith(("@media", "@supports")):
                blocks.append("group")
            else:
                if "keyframes" not in blocks:
                    selectors.extend(s.strip() for s in head.split(","))
                blocks.append("rule")
            prelude = ""
        elif char == "}":
            blocks.pop()
            prelude = ""
        elif char == ";":
            prelude = ""
        else:
            prelude += char
    return selectors


def test_fragment_css_is_scoped() -> None:
    root = parse_html(render_fragment(make_doc(), STYLE, loader()))
    selectors = _selectors(root.find("style").text())
    assert len(selectors) > 40
    for selector in selectors:
        assert selector.startswith(".ld-liveblog"), selector
    assert "@keyframes ld-" in root.find("style").text()


def test_fragment_has_the_pages_content() -> None:
    page_root = page()
    fragment_root = parse_html(render_fragment(make_doc(), STYLE, loader()))
    page_blog = page_root.find("div", "ld-liveblog")
    fragment_blog = fragment_root.find("div", "ld-liveblog")
    assert [a.clean_text() for a in articles(page_blog)] == [
        a.clean_text() for a in articles(fragment_blog)
    ]
    assert page_root.find("script").text() == fragment_root.find("script").text()


# -- the sample blog ------------------------------------------------------------------------


@pytest.fixture
def sample() -> dict[str, Any]:
    doc = load_sample()
    if doc is None:
        pytest.skip("resources/sample/sample-blog.json is not there yet")
    return doc


def test_sample_renders(sample: dict[str, Any]) -> None:
    html = render_page(sample, STYLE, sample_loader())
    root = parse_html(html)
    published = [p for p in sample["posts"] if p["status"] == "published"]
    assert [a.attrs["id"] for a in articles(root)] == [p["id"] for p in published]
    for post in sample["posts"]:
        if post["status"] == "draft" and post["headline"]:
            assert post["headline"] not in html
    embedded = [
        img for img in root.find_all("img") if str(img.attrs["src"]).startswith("data:image/")
    ]
    local = [m for p in published for m in p["media"] if "://" not in m["src"]]
    assert len(embedded) == len(local)
