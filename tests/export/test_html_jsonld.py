"""The schema.org LiveBlogPosting JSON-LD, parsed back out of the page."""

from __future__ import annotations

import json
from typing import Any

import pytest

from export.html import build_jsonld, jsonld_script, render_fragment, render_page
from export.style import HouseStyle

try:
    from test_render_docs import loader, make_doc, parse_html
except ImportError:  # collected as a package
    from tests.export.test_render_docs import loader, make_doc, parse_html

URL = "https://news.example/live/port-strike"
STYLE = HouseStyle(page_url=URL)


def jsonld_of(html: str) -> dict[str, Any]:
    scripts = parse_html(html).find_all("script")
    assert len(scripts) == 1
    assert scripts[0].attrs == {"type": "application/ld+json"}
    return json.loads(scripts[0].text())


@pytest.fixture
def data() -> dict[str, Any]:
    return jsonld_of(render_page(make_doc(), STYLE, loader()))


def test_the_page_embeds_build_jsonld(data: dict[str, Any]) -> None:
    assert data == build_jsonld(make_doc(), STYLE)
    assert jsonld_of(render_fragment(make_doc(), STYLE, loader())) == data


def test_blog_fields(data: dict[str, Any]) -> None:
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "LiveBlogPosting"
    assert data["headline"] == "Port strike: live updates"
    assert data["description"].splitlines() == [
        "Deal reached: unions and port owners agreed a contract late tonight.",
        "Ships queued off the coast for most of the day; see the map.",
        "The drafted explainer is not out yet.",
    ]
    assert data["url"] == URL
    assert data["inLanguage"] == "en-GB"
    assert data["datePublished"] == "2025-03-14T06:00:00+02:00"
    assert data["coverageStartTime"] == "2025-03-14T06:00:00+02:00"
    assert data["coverageEndTime"] == "2025-03-14T21:30:00+02:00"
    # The newest update among published posts (the draft's later one does not count).
    assert data["dateModified"] == "2025-03-14T21:25:00+02:00"
    assert data["author"] == [
        {"@type": "Person", "name": name}
        for name in ("Olena Kovalenko", "James Wright", "Amara Diallo", "Chris Evans")
    ]
    assert data["publisher"] == {"@type": "Organization", "name": "Example News"}


def test_no_coverage_end_while_live() -> None:
    data = build_jsonld(make_doc(status="live", coverage_end=None), STYLE)
    assert "coverageEndTime" not in data
    data = build_jsonld(make_doc(status="live"), STYLE)  # a stale coverage_end is ignored
    assert "coverageEndTime" not in data


def test_ended_without_coverage_end_uses_the_last_update() -> None:
    data = build_jsonld(make_doc(coverage_end=None), STYLE)
    assert data["coverageEndTime"] == "2025-03-14T21:25:00+02:00"


def test_updates(data: dict[str, Any]) -> None:
    updates = data["liveBlogUpdate"]
    assert [u["url"] for u in updates] == [
        f"{URL}#p-pinned",
        f"{URL}#p-deal",
        f"{URL}#p-analysis",
        f"{URL}#p-start",
    ]
    deal = updates[1]
    assert deal["@type"] == "BlogPosting"
    assert deal["headline"] == "Unions and owners reach a deal"
    assert deal["datePublished"] == "2025-03-14T21:10:00+02:00"
    assert deal["dateModified"] == "2025-03-14T21:25:00+02:00"
    assert deal["author"] == [
        {"@type": "Person", "name": "Olena Kovalenko"},
        {"@type": "Person", "name": "Amara Diallo"},
        {"@type": "Person", "name": "Chris Evans"},
    ]
    assert deal["articleBody"] == (
        "The deal ends a strike that shut three ports.\n"
        "“It is a fair offer,” a union leader said.\n"
        "Read the statement."
    )
    assert "author" not in updates[3]  # no contributors
    assert "image" not in deal  # a local photo is not a URL


def test_drafts_are_absent(data: dict[str, Any]) -> None:
    text = json.dumps(data)
    for needle in ("p-draft", "SECRET DRAFT", "DRAFT-BODY-TEXT", "Draft Writer"):
        assert needle not in text
    assert len(data["liveBlogUpdate"]) == 4


def test_without_page_url_there_are_no_urls() -> None:
    data = build_jsonld(make_doc(), HouseStyle())
    assert "url" not in data
    assert all("url" not in update for update in data["liveBlogUpdate"])


def test_page_url_fragment_and_junk_are_handled() -> None:
    data = build_jsonld(make_doc(), HouseStyle(page_url=URL + "#top"))
    assert data["url"] == URL
    assert data["liveBlogUpdate"][0]["url"] == f"{URL}#p-pinned"
    assert "url" not in build_jsonld(make_doc(), HouseStyle(page_url="javascript:alert(1)"))


def test_web_photos_are_listed_as_images() -> None:
    doc = make_doc()
    doc["posts"][1]["media"][0]["src"] = "https://cdn.example.org/a.jpg"
    data = build_jsonld(doc, STYLE)
    assert data["liveBlogUpdate"][1]["image"] == ["https://cdn.example.org/a.jpg"]


@pytest.mark.parametrize(
    "evil",
    [
        "</script><script>alert(1)</script>",
        "</SCRIPT >x",
        "<!--<script>",
        "<!-- x --> & </script",
        "\u2028\u2029",
    ],
)
def test_text_cannot_end_or_break_the_script(evil: str) -> None:
    doc = make_doc(title=f"Title {evil}", summary=[f"Point {evil}"], authors=[f"A {evil}"])
    doc["posts"][0]["headline"] = f"Head {evil}"
    doc["posts"][0]["body"] = f"Body {evil}"
    for html in (render_page(doc, STYLE, loader()), render_fragment(doc, STYLE, loader())):
        data = jsonld_of(html)
        assert data["headline"] == " ".join(f"Title {evil}".split())
        assert data["liveBlogUpdate"][0]["headline"] == " ".join(f"Head {evil}".split())
        script_text = parse_html(html).find("script").text()
        for forbidden in ("<", ">", "&"):
            assert forbidden not in script_text


def test_jsonld_script_escapes() -> None:
    assert str(jsonld_script({"a": "<b>&</b>"})) == '{"a":"\\u003cb\\u003e\\u0026\\u003c/b\\u003e"}'
