"""The ``ninjs`` export: IPTC ninjs 3.1 (News in JSON) for CMSes that ingest it.

The blog is one ``composite`` item; each published post is an association of type ``text`` with
its headline, sanitised HTML body, byline, places and subjects (the tags); photos are ``picture``
associations of their post. Identifiers are stable: the page URL plus ``#post-id`` when the house
style has a page URL, else ``urn:livedesk:<slug>:<post id>``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from export import render
from export.html import remote_image_url
from export.style import HouseStyle

__all__ = ["NINJS_SCHEMA_URI", "build_ninjs", "render_ninjs"]

NINJS_SCHEMA_URI = "http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json#"

def _places(post: Mapping[str, Any], style: HouseStyle) -> str:
    places: list[str] = []
    for contributor in post.get("contributors") or []:
        place = " ".join(str(contributor.get("place") or "").split())
        if place and place not in places:
            places.append(place)
    return style.join(places)


def _when(moment: datetime | None, zone: Any) -> str | None:
    return render.iso(render.in_zone(moment, zone)) if moment is not None else None


def _compact(item: dict[str, Any]) -> dict[str, Any]:
    """``item`` without the fields that have no value (ninjs has no nulls)."""
    return {key: value for key, value in item.items() if value is not None}


def _plain(value: str) -> str:
    return " ".join(value.split())


def _pictures(
    doc: Mapping[str, Any], post: Mapping[str, Any], language: str
) -> list[dict[str, Any]]:
    pictures = []
    for n, media in enumerate(post.get("media") or [], start=1):
        url = remote_image_url(str(media.get("src") or ""))
        picture: dict[str, Any] = {
            "name": f"picture-{n}",
            "uri": url or f"{render.item_uri(doc, '', str(post['id']))}:picture-{n}",
            "type": "picture",
            "language": language,
        }
        descriptions = []
        caption = render.plain_text(str(media.get("caption") or ""))
        if caption:
            descriptions.append({"role": "caption", "contentType": "text/plain", "value": caption})
        alt = _plain(str(media.get("alt") or ""))
        if alt:
            descriptions.append({"role": "alt", "contentType": "text/plain", "value": alt})
        if descriptions:
            picture["descriptions"] = descriptions
        credit = _plain(str(media.get("credit") or ""))
        if credit:
            picture["by"] = credit
            picture["copyrightHolder"] = credit
        if url:
            picture["renditions"] = [{"name": "original", "href": url}]
        pictures.append(picture)
    return pictures


def build_ninjs(doc: Mapping[str, Any], style: HouseStyle) -> dict[str, Any]:
    """The blog as a ninjs 3.1 composite item with one association per published post."""
    doc = render.prepare(doc)
    blog = doc["blog"]
    posts = render.published_posts(doc)
    zone = render.blog_zone(doc)
    base = render.page_base(style.page_url)
    language = render.language(doc)
    anchors = frozenset(str(post["id"]) for post in posts)
    start = render.coverage_start(doc, posts)
    modified = render.last_updated(posts) or start

    item: dict[str, Any] = {
        "uri": render.item_uri(doc, style.page_url),
        "standard": {"name": "ninjs", "version": "3.1", "schema": NINJS_SCHEMA_URI},
        "type": "composite",
        "profile": "live-blog",
        # Changes whenever a post is published or updated, and never goes back.
        "version": str(int(modified.timestamp())) if modified else "1",
        "firstCreated": _when(start, zone),
        "versionCreated": _when(modified, zone),
        "pubStatus": "usable",
        "language": language,
        "slugline": str(blog.get("slug") or ""),
        "headlines": [
            {"role": "main", "contentType": "text/plain", "value": _plain(str(blog["title"]))}
        ],
    }
    points = [str(p) for p in blog.get("summary") or [] if str(p).strip()]
    if points:
        items_html = "".join(
            f"<li>{render.absolute_anchors(render.render_inline(point), base, anchors)}</li>"
            for point in points
        )
        item["descriptions"] = [
            {"role": "summary", "contentType": "text/html", "value": f"<ul>{items_html}</ul>"},
            {
                "role": "summary",
                "contentType": "text/plain",
                "value": "\n".join(render.plain_text(p) for p in points),
            },
        ]
    byline = style.top_byline([str(a) for a in blog.get("authors") or []])
    if byline:
        item["by"] = byline
    if style.outlet_name.strip():
        item["copyrightHolder"] = style.outlet_name.strip()
    if blog.get("status") == "ended":
        closing = str(blog.get("closing_note") or "").strip() or style.closing_note
        item["bodies"] = [
            {
                "role": "closing",
                "contentType": "text/html",
                "value": render.absolute_anchors(render.render_markdown(closing), base, anchors),
            }
        ]

    associations = []
    for post in posts:
        post_id = str(post["id"])
        published = render.post_published(post)
        updated = render.post_updated(post)
        body = render.post_html(post, base, anchors)
        plain = render.plain_text(str(post.get("body") or ""))
        association: dict[str, Any] = {
            "name": post_id,
            "rel": "pinned-update" if post.get("pinned") else "update",
            "uri": render.item_uri(doc, style.page_url, post_id),
            "type": "text",
            "firstCreated": _when(published, zone),
            "versionCreated": _when(updated, zone),
            "pubStatus": "usable",
            "language": language,
        }
        association["headlines"] = [
            {"role": "main", "contentType": "text/plain", "value": render.post_title(post)}
        ]
        association["bodies"] = [
            {
                "role": "main",
                "contentType": "text/html",
                "charCount": len(plain),
                "wordCount": len(plain.split()),
                "value": body,
            }
        ]
        post_byline = style.post_byline(post.get("contributors") or [])
        if post_byline:
            association["by"] = post_byline
            association["people"] = [
                {"name": name, "rel": "author"}
                for names, _place in style.byline_groups(post.get("contributors") or [])
                for name in names
            ]
        located = _places(post, style)
        if located:
            association["located"] = located
        label = _plain(str(post.get("label") or ""))
        if label:
            association["genres"] = [{"name": label}]
        tags = [_plain(str(tag)) for tag in post.get("tags") or [] if _plain(str(tag))]
        if tags:
            association["subjects"] = [{"name": tag, "rel": "about"} for tag in tags]
        pictures = _pictures(doc, post, language)
        if pictures:
            association["associations"] = pictures
        associations.append(_compact(association))
    item["associations"] = associations
    return _compact(item)


def render_ninjs(doc: Mapping[str, Any], style: HouseStyle) -> str:
    """``build_ninjs`` as UTF-8 JSON text, indented, ending with a newline."""
    return json.dumps(build_ninjs(doc, style), ensure_ascii=False, indent=2) + "\n"
