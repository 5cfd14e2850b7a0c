"""The ``ninjs`` export: IPTC ninjs 3.1 (News in JSON) for CMSes that ingest it.

The blog is one ``composite`` item; each published post is an association of type ``text`` with
its headline, sanitised HTML body, byline, places and subjects (the tags); photos are ``picture``
associations of their post. Identifiers are stable: the page URL plus ``#post-id`` when the house
style has a page URL, else ``urn:livedesk:<slug>:<post id>``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

from export import render
from export.html import remote_image_url
from export.jsontext import dumps_indented
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


def _pictures(urn: str, post: Mapping[str, Any], language: str) -> list[dict[str, Any]]:
    """The post's photos; ``urn`` is the blog's (``render.item_uri(doc, "")``)."""
    pictures = []
    post_id = str(post["id"])
    for n, media in enumerate(post.get("media") or [], start=1):
        url = remote_image_url(str(media.get("src") or ""))
        picture: dict[str, Any] = {
            "name": f"picture-{n}",
            "uri": url or (f"{urn}:{post_id}:picture-{n}" if post_id else f"{urn}:picture-{n}"),
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


def _head(head: Mapping[str, Any], posts: Sequence[render.PreparedPost], style: HouseStyle,
          anchors: frozenset[str]) -> dict[str, Any]:
    """The composite item without its ``associations`` (which come last)."""
    blog = head["blog"]
    zone = render.blog_zone(head)
    base = render.page_base(style.page_url)
    language = render.language(head)
    start, newest, _end = render.blog_times(head, posts)
    modified = newest or start

    item: dict[str, Any] = {
        "uri": render.item_uri(head, style.page_url),
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
    return item


_OTHER_SPACE_RE = re.compile(r"[^\S \n]")


def _word_count(plain: str) -> int:
    """``len(plain.split())`` for ``render.html_text`` output, without making the words: there,
    single spaces and newlines separate words, unless another kind of space is in it."""
    if not plain:
        return 0
    if _OTHER_SPACE_RE.search(plain) is None:
        return plain.count(" ") + plain.count("\n") + 1
    return len(plain.split())


class _Blog:
    """What every association of one export shares."""

    def __init__(self, head: Mapping[str, Any], style: HouseStyle,
                 anchors: frozenset[str]) -> None:
        blog = head["blog"]
        self.style = style
        self.anchors = anchors
        self.zone = render.blog_zone(head)
        self.base = render.page_base(style.page_url)
        self.language = render.language(head)
        self.urn = render.item_uri(head, "")
        # Everything an association depends on besides its post and the anchors it links to.
        self.context = ("ninjs", repr(style), str(blog.get("timezone") or ""), self.language,
                        self.urn)

    def uri(self, post_id: str) -> str:
        """``render.item_uri`` of a post."""
        if not post_id:
            return self.base or self.urn
        return f"{self.base}#{post_id}" if self.base else f"{self.urn}:{post_id}"

    def association(self, prepared: render.PreparedPost) -> tuple[dict[str, Any], frozenset[str]]:
        """One published post as a ``text`` association, and the post ids its body links to."""
        post = prepared.post
        style = self.style
        post_id = str(post["id"])
        body_html = prepared.body_html(3)
        note = str(post.get("update_note") or "").strip()
        targets = render.link_targets(body_html)
        if note:
            targets |= render.link_targets(render.render_inline(note))
        body = render.post_html(post, self.base, self.anchors)
        plain = render.html_text(body_html)  # what plain_text gives, not kept apart
        association: dict[str, Any] = {
            "name": post_id,
            "rel": "pinned-update" if post.get("pinned") else "update",
            "uri": self.uri(post_id),
            "type": "text",
            "firstCreated": _when(prepared.published_at, self.zone),
            "versionCreated": _when(prepared.updated_at, self.zone),
            "pubStatus": "usable",
            "language": self.language,
        }
        association["headlines"] = [
            {"role": "main", "contentType": "text/plain", "value": render.post_title(post)}
        ]
        association["bodies"] = [
            {
                "role": "main",
                "contentType": "text/html",
                "charCount": len(plain),
                "wordCount": _word_count(plain),
                "value": body,
            }
        ]
        groups = style.byline_groups(post.get("contributors") or [])
        if groups:
            association["by"] = style.post_byline(post.get("contributors") or [])
            association["people"] = [
                {"name": name, "rel": "author"} for names, _place in groups for name in names
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
        pictures = _pictures(self.urn, post, self.language)
        if pictures:
            association["associations"] = pictures
        return _compact(association), targets

    def association_text(self, prepared: render.PreparedPost) -> str:
        """The association's JSON at its depth in the whole item (in "associations", in the
        item), kept by its post (see ``render.cached_for_post``)."""

        def make() -> tuple[str, int, frozenset[str]]:
            association, targets = self.association(prepared)
            text = dumps_indented(association, 2)
            return text, len(text), targets

        key = None if prepared.key is None else (self.context, prepared.key)
        return render.cached_for_post(key, self.anchors, make)  # type: ignore[no-any-return]


def build_ninjs(doc: Mapping[str, Any], style: HouseStyle) -> dict[str, Any]:
    """The blog as a ninjs 3.1 composite item with one association per published post."""
    head = render.prepare_head(doc)
    posts = render.prepare_posts(doc)
    anchors = frozenset(post.id for post in posts)
    item = _head(head, posts, style, anchors)
    blog = _Blog(head, style, anchors)
    item["associations"] = [blog.association(post)[0] for post in posts]
    return _compact(item)


def render_ninjs(
    doc: Mapping[str, Any], style: HouseStyle, *, step: Callable[[int, int], None] | None = None
) -> str:
    """``build_ninjs`` as UTF-8 JSON text, indented, ending with a newline, made post by post:
    a re-export writes again only the posts that changed. ``step(done, total)`` is called before
    each post."""
    head = render.prepare_head(doc)
    posts = render.prepare_posts(doc)
    anchors = frozenset(post.id for post in posts)
    item = _compact(_head(head, posts, style, anchors))
    blog = _Blog(head, style, anchors)
    texts: list[str] = []
    total = len(posts) + 1
    for index, prepared in enumerate(posts):
        if step is not None:
            step(index, total)
        texts.append(blog.association_text(prepared))
    item["associations"] = []
    opening = dumps_indented(item)
    if not opening.endswith('"associations": []\n}'):  # associations is the last key
        raise AssertionError("unexpected ninjs shape")
    if not texts:
        return opening + "\n"
    return "".join([opening[:-4], "[\n    ", ",\n    ".join(texts), "\n  ]\n}\n"])
