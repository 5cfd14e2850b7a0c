"""The ``atom`` export: an Atom 1.0 (RFC 4287) feed of the published posts, newest first.

Each entry has a stable id, ``urn:livedesk:<slug>:<post id>`` (the same when the page moves, so
readers never see a post twice), its headline, published and updated times, its contributors as
authors, its tags as categories, the sanitised HTML body as ``content type="html"`` and, when the
house style has a page URL, a link to the post's anchor on the live page. The XML is built with
ElementTree, so it is always well-formed.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from export import render
from export.style import HouseStyle

__all__ = ["ATOM_NS", "render_atom"]

ATOM_NS = "http://www.w3.org/2005/Atom"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Atom requires an updated time; a blog with no post and no coverage start gets a fixed one rather
# than "now", so the same document always gives the same feed.
_NO_TIME = datetime(1970, 1, 1, tzinfo=UTC)


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = text
    return element


def _person(parent: ET.Element, name: str) -> None:
    author = _sub(parent, "author")
    _sub(author, "name", name)


def _newest_first(posts: list[render.PreparedPost]) -> list[render.PreparedPost]:
    """Published posts by publish time, newest first; equal times keep their display order."""
    indexed = list(enumerate(posts))
    indexed.sort(key=lambda pair: (-(pair[1].published_at or _NO_TIME).timestamp(), pair[0]))
    return [post for _, post in indexed]


def render_atom(
    doc: Mapping[str, Any], style: HouseStyle, *, step: Callable[[int, int], None] | None = None
) -> str:
    """The published posts as an Atom 1.0 feed (UTF-8 XML text). ``step(done, total)`` is called
    before each entry (see ``export.pipeline``)."""
    head = render.prepare_head(doc)
    blog = head["blog"]
    posts = render.prepare_posts(doc)
    zone = render.blog_zone(head)
    base = render.page_base(style.page_url)
    anchors = frozenset(post.id for post in posts)

    def when(moment: datetime | None) -> str:
        return render.iso(render.in_zone(moment or _NO_TIME, zone))

    # Plain tag names with the Atom namespace declared as the default one on <feed>.
    feed = ET.Element("feed", {"xmlns": ATOM_NS, _XML_LANG: render.language(head)})
    _sub(feed, "id", render.item_uri(head, ""))
    _sub(feed, "title", " ".join(str(blog.get("title") or "").split()), type="text")
    points = [render.plain_text(str(p)) for p in blog.get("summary") or [] if str(p).strip()]
    if points:
        _sub(feed, "subtitle", " ".join(points), type="text")
    start, newest, _end = render.blog_times(head, posts)
    _sub(feed, "updated", when(newest or start))
    if base:
        _sub(feed, "link", rel="alternate", type="text/html", href=base)
    authors = [" ".join(str(a).split()) for a in blog.get("authors") or []]
    authors = [a for a in authors if a] or [style.outlet_name.strip() or "Livedesk"]
    for name in authors:
        _person(feed, name)
    _sub(feed, "generator", "Livedesk")

    total = len(posts) + 1
    for index, prepared in enumerate(_newest_first(posts)):
        if step is not None:
            step(index, total)
        post = prepared.post
        post_id = prepared.id
        entry = _sub(feed, "entry")
        _sub(entry, "id", render.item_uri(head, "", post_id))
        _sub(entry, "title", render.post_title(post), type="text")
        _sub(entry, "published", when(prepared.published_at))
        _sub(entry, "updated", when(prepared.updated_at))
        for names, _place in style.byline_groups(post.get("contributors") or []):
            for name in names:
                _person(entry, name)
        if base:
            _sub(entry, "link", rel="alternate", type="text/html", href=f"{base}#{post_id}")
        for tag in post.get("tags") or []:
            term = " ".join(str(tag).split())
            if term:
                _sub(entry, "category", term=term)
        _sub(entry, "content", render.post_html(post, base, anchors), type="html")

    ET.indent(feed, space="  ")
    body = ET.tostring(feed, encoding="unicode")
    return f'<?xml version="1.0" encoding="utf-8"?>\n{body}\n'
