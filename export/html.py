"""The ``html`` and ``fragment`` exports and the schema.org ``LiveBlogPosting`` JSON-LD.

``render_page`` writes one self-contained HTML5 page: inline CSS, local photos embedded as
data: URIs, no web fonts or scripts. ``render_fragment`` writes the same content as a single
``<div>`` for pasting into a CMS, every class prefixed ``ld-`` and all CSS scoped under
``.ld-liveblog``. Both embed the JSON-LD. Templates and CSS live in ``resources/templates/``.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any, NamedTuple
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
#: Called before each post is rendered with (posts done, total): progress, and a chance to cancel.
Step = Callable[[int, int], None]

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


def _jsonld_head(head: Mapping[str, Any], posts: Sequence[render.PreparedPost],
                 style: HouseStyle, when: Callable[[Any], str | None]) -> dict[str, Any]:
    """The ``LiveBlogPosting`` without its ``liveBlogUpdate`` (which comes last)."""
    blog = head["blog"]
    base = render.page_base(style.page_url)
    start, newest, end = render.blog_times(head, posts)
    modified = newest or start
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
    data["inLanguage"] = render.language(head)
    if start is not None:
        data["datePublished"] = when(start)
    if modified is not None:
        data["dateModified"] = when(modified)
    if start is not None:
        data["coverageStartTime"] = when(start)
    if end is not None:
        data["coverageEndTime"] = when(end)
    authors = _people([str(a) for a in blog.get("authors") or []])
    if authors:
        data["author"] = authors
    if style.outlet_name.strip():
        data["publisher"] = {"@type": "Organization", "name": style.outlet_name.strip()}
    return data


def _jsonld_update(
    prepared: render.PreparedPost, base: str, when: Callable[[Any], str | None]
) -> dict[str, Any]:
    """One post's ``BlogPosting``."""
    post = prepared.post
    item: dict[str, Any] = {"@type": "BlogPosting", "headline": render.post_title(post)}
    if base:
        item["url"] = f"{base}#{post['id']}"
    if prepared.published_at is not None:
        item["datePublished"] = when(prepared.published_at)
    if prepared.updated_at is not None:
        item["dateModified"] = when(prepared.updated_at)
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
    # What render.plain_text gives, not kept apart: the JSON-LD it goes into is.
    item["articleBody"] = render.html_text(prepared.body_html(3))
    return item


def _when_in(zone: Any) -> Callable[[Any], str | None]:
    def when(moment: Any) -> str | None:
        return render.iso(render.in_zone(moment, zone)) if moment is not None else None

    return when


def build_jsonld(doc: Mapping[str, Any], style: HouseStyle) -> dict[str, Any]:
    """The schema.org ``LiveBlogPosting`` for the blog, one ``BlogPosting`` per published post."""
    head = render.prepare_head(doc)
    posts = render.prepare_posts(doc)
    when = _when_in(render.blog_zone(head))
    base = render.page_base(style.page_url)
    data = _jsonld_head(head, posts, style, when)
    data["liveBlogUpdate"] = [_jsonld_update(post, base, when) for post in posts]
    return data


def jsonld_script(data: Mapping[str, Any]) -> Markup:
    """JSON for a ``<script type="application/ld+json">``: ``<``, ``>`` and ``&`` are written as
    ``\\u003c`` etc., so no ``</script>`` or ``<!--`` in any text can end or break the element."""
    return Markup(_script_safe(json.dumps(data, ensure_ascii=False, separators=(",", ":"))))


def _script_safe(text: str) -> str:
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


_JSON_CONTROLS = bytes(c for c in range(0x20) if c != 0x0A)


def _json_string(text: str) -> str:
    """``json.dumps(text, ensure_ascii=False)``, about three times faster for text without
    control characters other than newlines (a post's plain text, nearly always)."""
    try:
        data = text.encode("latin-1")
    except UnicodeEncodeError:
        try:
            data = text.encode("utf-8")  # its bytes below 0x20 are the text's controls
        except UnicodeEncodeError:  # a surrogate
            return json.dumps(text, ensure_ascii=False)
    if len(data.translate(None, _JSON_CONTROLS)) != len(data):
        return json.dumps(text, ensure_ascii=False)
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


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
        strong = [f'<strong class="ld-name">{escape(name)}</strong>' for name in names]
        joined = join_names(strong, and_word, serial_comma=style.serial_comma)
        parts.append(f"{joined} {place_word} {escape(place)}" if place else joined)
    lead = f"{style.byline_prefix} {style.outlet_possessive}".strip()
    text = join_names(parts, and_word, serial_comma=style.serial_comma)
    return Markup(f"{escape(lead)} {text}" if lead else text)


def _figures(post: Mapping[str, Any], loaded: Mapping[str, Any]) -> list[SimpleNamespace]:
    """The post's photos that can be shown: web photos as they are, local ones embedded
    (``loaded`` maps each local ``src`` to what the media loader returned for it)."""
    figures = []
    for media in post.get("media") or []:
        src = str(media.get("src") or "")
        url = remote_image_url(src)
        if url is None:
            found = loaded.get(src)
            if found is not None:
                data, mime = found
                mime = mime.lower().strip()
                if mime in EMBEDDABLE_TYPES and data:
                    url = f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
        if url is None:
            continue
        figures.append(
            SimpleNamespace(
                src=url,
                # An embedded photo is already in the page: loading it lazily only delays it.
                lazy=not url.startswith("data:"),
                alt=" ".join(str(media.get("alt") or "").split()),
                caption=Markup(render.render_inline(str(media.get("caption") or ""))),
                credit=" ".join(str(media.get("credit") or "").split()),
            )
        )
    return figures


def _local_photos(
    prepared: render.PreparedPost, media_loader: MediaLoader | None
) -> tuple[dict[str, Any], tuple[Any, ...] | None]:
    """What the media loader gives for each local photo of a post, and a key saying what that
    was (None when it cannot be told, and the post's article is then not kept): the article
    embeds the photos, and the loader is the caller's, so a photo that appears, goes or differs
    makes its post's article anew."""
    loaded: dict[str, Any] = {}
    srcs = prepared.media_srcs
    if srcs is None:
        srcs = tuple(str(m.get("src") or "") for m in prepared.post.get("media") or [])
        signature: list[Any] | None = None
    else:
        signature = []
    if media_loader is None:
        return loaded, None if signature is None else ()
    for src in srcs:
        if remote_image_url(src) is not None:
            continue
        found = loaded[src] = media_loader(src) if src not in loaded else loaded[src]
        if signature is None:
            continue
        if found is None:
            signature.append((src, None))
        elif isinstance(found[0], bytes | bytearray) and isinstance(found[1], str):
            signature.append((src, found[1], hashlib.blake2b(found[0], digest_size=20).digest()))
        else:
            signature = None
    return loaded, None if signature is None else tuple(signature)


# Stands for text spliced in after rendering (a post's body in its article, the posts and the
# JSON-LD in the page), so that long text is not copied through the template engine. Rendering
# checks that each appears exactly once, and otherwise renders with the text itself.
_BODY_MARK = "\x00livedesk:body\x00"
_POSTS_MARK = "\x00livedesk:posts\x00"
_JSONLD_MARK = "\x00livedesk:jsonld\x00"


def _split_at(text: str, marks: Sequence[str]) -> list[str] | None:
    """``text`` cut at each of ``marks`` (in that order), or None unless each is there once."""
    pieces: list[str] = []
    for mark in marks:
        if text.count(mark) != 1:
            return None
        before, text = text.split(mark)
        pieces.append(before)
    pieces.append(text)
    return pieces


class _Stamp(NamedTuple):
    """A time on the page: ``<time datetime="{iso}">{text}</time>``."""

    iso: str
    text: str


class _Page:
    """What the page's posts need that is the same for every post of one export."""

    def __init__(self, head: Mapping[str, Any], posts: Sequence[render.PreparedPost],
                 style: HouseStyle, media_loader: MediaLoader | None) -> None:
        self.style = style
        self.media_loader = media_loader
        self.zone = render.blog_zone(head)
        self.anchors = frozenset(post.id for post in posts)
        local_days = {render.in_zone(p.published_at, self.zone).date()
                      for p in posts if p.published_at}
        self.post_format = (
            style.post_time_format if len(local_days) <= 1 else style.post_datetime_format
        )
        self.base = render.page_base(style.page_url)
        self.when = _when_in(self.zone)
        # Everything a post's article and JSON-LD depend on besides the post (and the anchors
        # it links to, checked apart): the style (the page URL with it), the zone, the format.
        self.context = ("page", repr(style), str(head["blog"].get("timezone") or ""),
                        self.post_format)
        self.article_macro = _environment().get_template("_post.html.j2").module.article

    def stamp(self, moment: Any, fmt: str) -> _Stamp | None:
        if moment is None:
            return None
        local = render.in_zone(moment, self.zone)
        return _Stamp(render.iso(local), self.style.format(local, fmt))

    def post(self, prepared: render.PreparedPost) -> tuple[tuple[str, ...], str]:
        """The post's ``<article>`` (in pieces that join into it) and its ``BlogPosting`` as
        the text it has inside the page's JSON-LD, kept together by the post."""
        loaded, photos = _local_photos(prepared, self.media_loader)
        key = None
        if prepared.key is not None and photos is not None:
            key = (self.context, prepared.key, photos)

        def make() -> tuple[tuple[tuple[str, ...], str], int, frozenset[str]]:
            pieces, size, targets = self._make_article(prepared, loaded)
            update = self._make_jsonld_update(prepared)
            return (pieces, update), size + len(update), targets

        return render.cached_for_post(key, self.anchors, make)  # type: ignore[no-any-return]

    def _make_article(self, prepared: render.PreparedPost,
                      loaded: Mapping[str, Any]) -> tuple[tuple[str, ...], int, frozenset[str]]:
        post = prepared.post
        style = self.style
        published = prepared.published_at
        updated = prepared.updated_at
        shown_update = None
        if updated is not None and published is not None and updated - published >= _MINUTE:
            same_day = (
                render.in_zone(updated, self.zone).date()
                == render.in_zone(published, self.zone).date()
            )
            shown_update = self.stamp(
                updated, style.post_time_format if same_day else self.post_format
            )
        headline = " ".join(str(post.get("headline") or "").split())
        label = " ".join(str(post.get("label") or "").split())
        note = str(post.get("update_note") or "").strip()
        # under the post's h2, or straight under the page's h1 without one
        rendered = prepared.body_html(3 if headline else 2)
        body = _unlink_missing(rendered, self.anchors)
        note_html = render.render_inline(note) if note else ""
        # Attributes rather than keys: the template engine tries an attribute first.
        model = SimpleNamespace(
            id=str(post["id"]),
            headline=headline,
            label=label,
            label_class=_label_class(label) if label else "",
            pinned=bool(post.get("pinned")),
            time=self.stamp(published, self.post_format),
            updated=shown_update,
            byline=_byline_markup(post, style),
            body=Markup(_BODY_MARK),
            figures=_figures(post, loaded),
            note=Markup(_unlink_missing(note_html, self.anchors)) if note else "",
            tags=_tags(post),
        )
        text = str(self.article_macro(model, style))
        cut = _split_at(text, [_BODY_MARK])
        if cut is None:
            model.body = Markup(body)
            pieces: tuple[str, ...] = (str(self.article_macro(model, style)),)
        else:
            pieces = (cut[0], body, cut[1])
        # The body's HTML is shared with the rendering cache, so it is counted there only.
        size = sum(len(piece) for piece in pieces if piece is not rendered)
        return pieces, size, render.link_targets(rendered) | render.link_targets(note_html)

    def _make_jsonld_update(self, prepared: render.PreparedPost) -> str:
        item = _jsonld_update(prepared, self.base, self.when)
        body = _json_string(item.pop("articleBody"))  # the bulk of it, and its last key
        text = json.dumps(item, ensure_ascii=False, separators=(",", ":"))
        return _script_safe(f'{text[:-1]},"articleBody":{body}}}')


def _model(
    doc: Mapping[str, Any], style: HouseStyle, media_loader: MediaLoader | None,
    step: Step | None = None,
) -> tuple[dict[str, Any], list[str], list[str]]:
    """The template's variables, with ``posts_html`` and ``jsonld`` standing for the articles
    and the JSON-LD text, which come in pieces (the second and third values)."""
    head = render.prepare_head(doc)
    blog = head["blog"]
    posts = render.prepare_posts(doc)
    page = _Page(head, posts, style, media_loader)
    anchors = page.anchors

    jsonld_head = _jsonld_head(head, posts, style, page.when)
    jsonld_head["liveBlogUpdate"] = []
    opening = str(jsonld_script(jsonld_head))
    if not opening.endswith("[]}"):  # liveBlogUpdate is the last key
        raise AssertionError("unexpected JSON-LD shape")
    jsonld_pieces = [opening[:-2]]
    articles: list[str] = []
    total = len(posts) + 1
    for index, post in enumerate(posts):
        if step is not None:
            step(index, total)
        article, update = page.post(post)
        articles.extend(article)
        if index:
            jsonld_pieces.append(",")
        jsonld_pieces.append(update)
    jsonld_pieces.append("]}")

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
    model = {
        "lang": render.language(head),
        "title": title,
        "outlet": style.outlet_name.strip(),
        "page_url": page.base,
        "description": render.excerpt(jsonld_head.get("description", ""), 300),
        "live": not ended,
        "byline": style.top_byline([str(a) for a in blog.get("authors") or []]),
        "updated": page.stamp(render.blog_times(head, posts)[1], style.updated_format),
        "key_points": key_points,
        "post_count": style.post_count(len(posts)),
        "closing": closing,
        "posts_html": Markup(_POSTS_MARK),
        "jsonld": Markup(_JSONLD_MARK),
        "style": style,
    }
    return model, articles, jsonld_pieces


def _render(template_name: str, css: Markup, doc: Mapping[str, Any], style: HouseStyle,
            media_loader: MediaLoader | None, step: Step | None) -> str:
    model, articles, jsonld = _model(doc, style, media_loader, step)
    template = _environment().get_template(template_name)
    text = template.render(css=css, **model)
    cut = _split_at(text, [_JSONLD_MARK, _POSTS_MARK])
    if cut is not None:
        return "".join([cut[0], *jsonld, cut[1], *articles, cut[2]])
    model["jsonld"] = Markup("".join(jsonld))
    model["posts_html"] = Markup("".join(articles))
    return template.render(css=css, **model)


def render_page(
    doc: Mapping[str, Any], style: HouseStyle, media_loader: MediaLoader | None = None,
    *, step: Step | None = None,
) -> str:
    """The whole live blog as one self-contained HTML5 page. ``step(done, total)`` is called
    before each post (see ``export.pipeline``)."""
    css = Markup(_css("liveblog.css") + "\n" + _css("page.css"))
    return _render("page.html.j2", css, doc, style, media_loader, step)


def render_fragment(
    doc: Mapping[str, Any], style: HouseStyle, media_loader: MediaLoader | None = None,
    *, step: Step | None = None,
) -> str:
    """The live blog as one ``<div class="ld-liveblog">`` with its ``<style>`` and JSON-LD inside,
    for pasting into a CMS page."""
    css = Markup(_css("liveblog.css"))
    return _render("fragment.html.j2", css, doc, style, media_loader, step)
