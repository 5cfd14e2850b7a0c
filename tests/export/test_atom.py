"""The Atom feed: parsed with feedparser (and as plain XML), right entries in the right order."""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from typing import Any

import feedparser
import pytest

from export.atom import ATOM_NS, render_atom
from export.style import HouseStyle

try:
    from test_render_docs import load_sample, make_doc, parse_html
except ImportError:  # collected as a package
    from tests.export.test_render_docs import load_sample, make_doc, parse_html

URL = "https://news.example/live/port-strike"
STYLE = HouseStyle(page_url=URL)
NS = {"a": ATOM_NS}


def parsed(doc: dict[str, Any] | None = None, style: HouseStyle = STYLE) -> Any:
    feed = feedparser.parse(render_atom(doc or make_doc(), style))
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def test_feed_metadata() -> None:
    feed = parsed().feed
    assert feed.id == "urn:livedesk:port-strike-2025-03-14"
    assert feed.title == "Port strike: live updates"
    assert feed.link == URL
    assert feed.updated == "2025-03-14T21:25:00+02:00"
    assert [a.name for a in feed.authors] == [
        "Olena Kovalenko",
        "James Wright",
        "Amara Diallo",
        "Chris Evans",
    ]
    assert feed.language == "en-GB"


def test_entries_newest_first_without_drafts() -> None:
    entries = parsed().entries
    assert [e.id for e in entries] == [
        "urn:livedesk:port-strike-2025-03-14:p-deal",
        "urn:livedesk:port-strike-2025-03-14:p-analysis",
        "urn:livedesk:port-strike-2025-03-14:p-pinned",
        "urn:livedesk:port-strike-2025-03-14:p-start",
    ]
    published = [e.published_parsed for e in entries]
    assert published == sorted(published, reverse=True)


def test_entry_fields() -> None:
    deal = parsed().entries[0]
    assert deal.title == "Unions and owners reach a deal"
    assert deal.published == "2025-03-14T21:10:00+02:00"
    assert deal.updated == "2025-03-14T21:25:00+02:00"
    assert [a.name for a in deal.authors] == ["Olena Kovalenko", "Chris Evans", "Amara Diallo"]
    assert deal.link == f"{URL}#p-deal"
    assert [t.term for t in deal.tags] == ["Strikes", "Shipping"]
    (content,) = deal.content
    assert content.type == "text/html"
    body = parse_html(content.value)
    assert body.find("blockquote")
    assert body.find("a").attrs["href"] == "https://example.org/statement"
    assert "This post has been updated with more reporting." in body.text()


def test_content_is_escaped_html_in_the_xml() -> None:
    root = ET.fromstring(render_atom(make_doc(), STYLE))
    assert root.tag == f"{{{ATOM_NS}}}feed"
    content = root.find("a:entry/a:content", NS)
    assert content is not None and content.get("type") == "html"
    assert content.text and content.text.startswith("<p>The deal ends")
    assert len(content) == 0  # text, not child elements


def test_anchor_links_become_links_to_the_page() -> None:
    analysis = parsed().entries[1]
    assert parse_html(analysis.content[0].value).find("a").attrs["href"] == f"{URL}#p-start"
    without_url = parsed(style=HouseStyle()).entries[1]
    assert "href" not in without_url.content[0].value
    assert "links" not in without_url or all(
        link.get("rel") != "alternate" for link in without_url.links
    )


def test_entries_without_contributors_fall_back_to_the_feed_authors() -> None:
    start = parsed().entries[3]
    assert "authors" not in start or not start.get("author_detail")
    doc = make_doc(authors=[])
    feed = parsed(doc)
    assert [a.name for a in feed.feed.authors] == ["Example News"]


def test_ties_keep_display_order() -> None:
    doc = make_doc()
    for post in doc["posts"]:
        post["published_at"] = "2025-03-14T12:00:00+02:00"
    ids = [e.id.rsplit(":", 1)[1] for e in parsed(doc).entries]
    assert ids == ["p-pinned", "p-deal", "p-analysis", "p-start"]


def test_a_blog_without_posts_is_still_a_valid_feed() -> None:
    doc = make_doc(coverage_start=None)
    doc["posts"] = []
    feed = parsed(doc)
    assert feed.entries == []
    assert feed.feed.updated_parsed == time.gmtime(0)  # fixed, never "now"


def test_deterministic_and_draft_free() -> None:
    text = render_atom(make_doc(), STYLE)
    assert render_atom(make_doc(), STYLE) == text
    for needle in ("p-draft", "SECRET DRAFT", "DRAFT-BODY-TEXT", "Draft Writer", "Draft tag"):
        assert needle not in text


def test_sample_feed() -> None:
    sample = load_sample()
    if sample is None:
        pytest.skip("resources/sample/sample-blog.json is not there yet")
    feed = parsed(sample)
    published = [p for p in sample["posts"] if p["status"] == "published"]
    assert len(feed.entries) == len(published)
    times = [e.published_parsed for e in feed.entries]
    assert times == sorted(times, reverse=True)
