"""The ``html`` and ``fragment`` exports and the schema.org ``LiveBlogPosting`` JSON-LD.

``render_page`` writes one self-contained HTML5 page: inline CSS, local photos embedded as
data: URIs, no web fonts or scripts. ``render_fragment`` writes the same content as a single
``<div>`` for pasting into a CMS, every class prefixed ``ld-`` and all CSS scoped under
``.ld-liveblog``. Both embed the JSON-LD. Templates and CSS live in ``resources/templates/``.
"""

from __future__ import annotations

import base64
import functools
import json
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from export import render
from export.style import HouseStyle, join_names

__all__ = [
    "MediaLoader",
    "build_jsonld",
    "jsonld_script",
    "remote_image_url",
    "render_fragment",
    "render_page",
    "templates_dir",
]

#: Returns (data, mime type) for a relative media ``src``, or None when the file is missing.
MediaLoader = Callable[[str], "tuple[bytes, str] | None"]

#: Image types embedded as data: URIs. In an <img> even SVG cannot run script.
EMBEDDABLE_TYPES = frozenset(
    {"image/jpeg", "image/png", "image/gif", "image/webp", "image/avif", "image/svg+xml"}
)

_MINUTE = timedelta(minutes=1)
_KNOWN_LABELS = {"breaking", "analysis", "fact-check", "catch-up", "explainer", "opinion", "update"}


def templates_dir() -> Path:
    """``resources/templates``: next to the packages, or inside a PyInstaller bundle."""
    frozen_base = getattr(sys, "_MEIPASS", None)
    base = Path(frozen_base) if frozen_base else Path(__file__).resolve().parent.parent
    return base / "resources" / "templates"


@functools.cache
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(str(templates_dir())),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


@functools.cache
def _css(name: str) -> str:
    return (templates_dir() / name).read_text(encoding="utf-8")


# -- JSON-LD -------------------------------------------------------------------------------------


def _people(names: Sequence[str]) -> list[dict[str, str]]:
    seen: list[str] = []
    for name in names:
        name = name.strip()
        if name and name not in seen:
            seen.append(name)
    return [{"@type": "Person", "name": name} for name in seen]


def _contributor_names(post: Mapping[str, Any]) -> list[str]:
    return [str(c.get("name") or "") for c in post.get("contributors") or []]


def remote_image_url(src: str) -> str | None:
    """An http(s) photo URL made safe to put in an attribute and valid as a URL, or None."""
    src = src.strip()
    if not re.match(r"https?://", src, re.IGNORECASE):
        return None
    return quote(src, safe=":/?#[]@!$&'()*+,;=%~")


def build_jsonld(doc: Mapping[str, Any], style: HouseStyle) -> dict[str, Any]:
    """The schema.org ``LiveBlogPosting`` for the blog, one ``BlogPosting`` per published post."""
    doc = render.prepare(doc)
    blog = doc["blog"]
    posts = render.published_posts(doc)
    zone = render.blog_zone(doc)
    base = render.page_base(style.page_url)

    def when(moment: Any) -> str | None:
        return render.iso(render.in_zone(moment, zone)) if moment is not None else None

    start = render.coverage_start(doc, posts)
    modified = render.last_updated(posts) or start
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "LiveBlogPosting",
        "headline": " ".join(str(blog.get("title") or "").split()),
    }
    description = "\n".join(render.plain_text(point) for point in blog.get("summary") or [])
    if description:
        data["description"] = description
    if base:
        data["url"] = base
        data["mainEntityOfPage"] = base
    data["inLanguage"] = render.language(doc)
    if start is not None:
        data["datePublished"] = when(start)
    if modified is not None:
        data["dateModified"] = when(modified)
    if start is not None:
        data["coverageStartTime"] = when(start)
    end = render.coverage_end(doc, posts)
    if end is not None:
        data["coverageEndTime"] = when(end)
    authors = _people([str(a) for a in blog.get("authors") or []])
    if authors:
        data["author"] = authors
    if style.outlet_name.strip():
        data["publisher"] = {"@type": "Organization", "name": style.outlet_name.strip()}

    updates = []
    for post in posts:
        item: dict[str, Any] = {"@type": "BlogPosting", "headline": render.post_title(post)}
        if base:
            item["url"] = f"{base}#{post['id']}"
        published = render.post_published(post)
        if published is not None:
            item["datePublished"] = when(published)
        updated = render.post_updated(post)
        if updated is not None:
            item["dateModified"] = when(updated)
        people = _people(_contributor_names(post))
        if people:
            item["author"] = people
        images = [
            url
            for url in (remote_image_url(str(m.get("src") or "")) for m in post.get("media") or [])
            if url
        ]
        if images:
            item["image"] = images
        item["articleBody"] = render.plain_text(str(post.get("body") or ""))
        updates.append(item)
    data["liveBlogUpdate"] = updates
    return data


def jsonld_script(data: Mapping[str, Any]) -> Markup:
    """JSON for a ``<script type="application/ld+json">``: ``<``, ``>`` and ``&`` are written as
    ``\\u003c`` etc., so no ``</script>`` or ``<!--`` in any text can end or break the element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return Markup(text)


# -- page model ----------------------------------------------------------------------------------


def _unlink_missing(html: str, anchors: frozenset[str]) -> str:
    """Unwrap ``#post-id`` links to posts that are not on the page (drafts, deleted posts)."""
    if 'href="#' not in html:
        return html
    return render.ANCHOR_LINK_RE.sub(
        lambda m: m.group(0) if m.group(1) in anchors else m.group(2), html
    )


def _tags(post: Mapping[str, Any]) -> list[str]:
    return [tag for tag in (" ".join(str(t).split()) for t in post.get("tags") or []) if tag]


def _label_class(label: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")
    return f"ld-label--{slug}" if slug in _KNOWN_LABELS else "ld-label--other"


def _byline_markup(post: Mapping[str, Any], style: HouseStyle) -> Markup:
    """The house-style byline with each name in ``<strong>``: "From Example News' **A** in Kyiv"."""
    groups = style.byline_groups(post.get("contributors") or [])
    if not groups:
        return Markup("")
    # Everything from the style or the document is escaped here, before it is joined as markup.
    and_word = str(escape(style.and_word))
    place_word = str(escape(style.place_word))
    parts: list[str] = []
    for names, place in groups:
        strong = [str(Markup('<strong class="ld-name">%s</strong>') % name) for name in names]
        joined = join_names(strong, and_word, serial_comma=style.serial_comma)
        parts.append(f"{joined} {place_word} {escape(place)}" if place else joined)
    lead = f"{style.byline_prefix} {style.outlet_possessive}".strip()
    text = join_names(parts, and_word, serial_comma=style.serial_comma)
    return Markup(f"{escape(lead)} {text}" if lead else text)


def _figures(post: Mapping[str, Any], media_loader: MediaLoader | None) -> list[dict[str, Any]]:
    """The post's photos that can be shown: web photos as they are, local ones embedded."""
    figures = []
    for media in post.get("media") or []:
        src = str(media.get("src") or "")
        url = remote_image_url(src)
        if url is None and media_loader is not None:
            loaded = media_loader(src)
            if loaded is not None:
                data, mime = loaded
                mime = mime.lower().strip()
                if mime in EMBEDDABLE_TYPES and data:
                    url = f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
        if url is None:
            continue
        figures.append(
            {
                "src": url,
                # An embedded photo is already in the page: loading it lazily only delays it.
                "lazy": not url.startswith("data:"),
                "alt": " ".join(str(media.get("alt") or "").split()),
                "caption": Markup(render.render_inline(str(media.get("caption") or ""))),
                "credit": " ".join(str(media.get("credit") or "").split()),
            }
        )
    return figures


def _model(
    doc: Mapping[str, Any], style: HouseStyle, media_loader: MediaLoader | None
) -> dict[str, Any]:
    doc = render.prepare(doc)
    blog = doc["blog"]
    posts = render.published_posts(doc)
    zone = render.blog_zone(doc)
    anchors = frozenset(str(post["id"]) for post in posts)

    local_days = {
        render.in_zone(t, zone).date() for t in (render.post_published(p) for p in posts) if t
    }
    post_format = style.post_time_format if len(local_days) <= 1 else style.post_datetime_format

    def stamp(moment: Any, fmt: str) -> dict[str, str] | None:
        if moment is None:
            return None
        local = render.in_zone(moment, zone)
        return {"iso": render.iso(local), "text": style.format(local, fmt)}

    post_models = []
    for post in posts:
        published = render.post_published(post)
        updated = render.post_updated(post)
        shown_update = None
        if updated is not None and published is not None and updated - published >= _MINUTE:
            same_day = (
                render.in_zone(updated, zone).date() == render.in_zone(published, zone).date()
            )
            shown_update = stamp(updated, style.post_time_format if same_day else post_format)
        headline = " ".join(str(post.get("headline") or "").split())
        label = " ".join(str(post.get("label") or "").split())
        note = str(post.get("update_note") or "").strip()
        post_models.append(
            {
                "id": str(post["id"]),
                "headline": headline,
                "label": label,
                "label_class": _label_class(label) if label else "",
                "pinned": bool(post.get("pinned")),
                "time": stamp(published, post_format),
                "updated": shown_update,
                "byline": _byline_markup(post, style),
                "body": Markup(
                    _unlink_missing(
                        render.render_markdown(
                            str(post.get("body") or ""),
                            # under the post's h2, or straight under the page's h1 without one
                            min_heading=3 if headline else 2,
                        ),
                        anchors,
                    )
                ),
                "figures": _figures(post, media_loader),
                "note": (
                    Markup(_unlink_missing(render.render_inline(note), anchors)) if note else ""
                ),
                "tags": _tags(post),
            }
        )

    ended = blog.get("status") == "ended"
    closing = ""
    if ended:
        note = str(blog.get("closing_note") or "").strip() or style.closing_note
        closing = Markup(_unlink_missing(render.render_markdown(note), anchors))
    key_points = [
        Markup(_unlink_missing(render.render_inline(str(point)), anchors))
        for point in blog.get("summary") or []
        if str(point).strip()
    ]
    title = " ".join(str(blog.get("title") or "").split())
    jsonld = build_jsonld(doc, style)
    return {
        "lang": render.language(doc),
        "title": title,
        "outlet": style.outlet_name.strip(),
        "page_url": render.page_base(style.page_url),
        "description": render.excerpt(jsonld.get("description", ""), 300),
        "live": not ended,
        "byline": style.top_byline([str(a) for a in blog.get("authors") or []]),
        "updated": stamp(render.last_updated(posts), style.updated_format),
        "key_points": key_points,
        "post_count": style.post_count(len(posts)),
        "closing": closing,
        "posts": post_models,
        "jsonld": jsonld_script(jsonld),
        "style": style,
    }


def render_page(
    doc: Mapping[str, Any], style: HouseStyle, media_loader: MediaLoader | None = None
) -> str:
    """The whole live blog as one self-contained HTML5 page."""
    model = _model(doc, style, media_loader)
    css = Markup(_css("liveblog.css") + "\n" + _css("page.css"))
    return _environment().get_template("page.html.j2").render(css=css, **model)


def render_fragment(
    doc: Mapping[str, Any], style: HouseStyle, media_loader: MediaLoader | None = None
) -> str:
    """The live blog as one ``<div class="ld-liveblog">`` with its ``<style>`` and JSON-LD inside,
    for pasting into a CMS page."""
    model = _model(doc, style, media_loader)
    css = Markup(_css("liveblog.css"))
    return _environment().get_template("fragment.html.j2").render(css=css, **model)
