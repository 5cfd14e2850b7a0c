"""Markdown to safe HTML, and to plain text.

Everything an editor types goes through here before it reaches an export. Two layers:

1. markdown-it-py with raw HTML off (``js-default`` preset), so ``<script>`` typed into a post is
   text.
   A core rule then checks every link and image: links keep http, https and mailto targets (external
   ones get ``rel="noopener noreferrer"``) and in-page ``#post-id`` anchors; anything else loses its
   link and keeps its text. Images keep only http(s) sources.
2. nh3 (ammonia) with an explicit allow-list, every option set, as a second line of defence.

Rendered HTML is cached by a hash of the input, so re-exporting an unchanged post costs a dict
look-up.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime, tzinfo
from html import escape as html_escape
from html.parser import HTMLParser
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

__all__ = [
    "ANCHOR_LINK_RE",
    "ANCHOR_RE",
    "absolute_anchors",
    "blog_zone",
    "cache",
    "clean_text",
    "coverage_end",
    "coverage_start",
    "excerpt",
    "in_zone",
    "iso",
    "item_uri",
    "language",
    "last_updated",
    "page_base",
    "parse_time",
    "plain_text",
    "post_html",
    "post_published",
    "post_title",
    "post_updated",
    "prepare",
    "published_posts",
    "render_inline",
    "render_markdown",
]

#: A post id as the livedesk/1 schema allows it: the only relative link target we keep is
#: ``#`` followed by one.
ANCHOR_RE = re.compile(r"#[A-Za-z][A-Za-z0-9_-]{0,63}")

_EXTERNAL_SCHEMES = ("http:", "https:", "mailto:")
_LINK_REL = "noopener noreferrer"

_BLOCK_TAGS = {
    "p", "br", "a", "strong", "em", "ul", "ol", "li", "blockquote",
    "h2", "h3", "h4", "figure", "img", "figcaption",
}
_INLINE_TAGS = {"br", "a", "strong", "em"}
_ATTRIBUTES = {"a": {"href"}, "img": {"src", "alt"}}
# Tags whose content is dropped with the tag (never reached with raw HTML off, but kept tight).
_CLEAN_CONTENT = {
    "script", "style", "template", "iframe", "object", "noscript", "textarea", "title",
}

# C0 controls other than tab, newline and carriage return, DEL and C1 controls, lone surrogates and
# Unicode noncharacters: none may appear in HTML or XML output.
_BAD_CHARS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
    "\U0001fffe\U0001ffff\U0002fffe\U0002ffff\U0003fffe\U0003ffff\U0004fffe\U0004ffff"
    "\U0005fffe\U0005ffff\U0006fffe\U0006ffff\U0007fffe\U0007ffff\U0008fffe\U0008ffff"
    "\U0009fffe\U0009ffff\U000afffe\U000affff\U000bfffe\U000bffff\U000cfffe\U000cffff"
    "\U000dfffe\U000dffff\U000efffe\U000effff\U000ffffe\U000fffff\U0010fffe\U0010ffff]"
)


# The same characters as ``_BAD_CHARS``, split so that the common case is fast: a class of BMP
# ranges is cheap to test, while the astral noncharacters make the full class about seven times
# slower per character, so they are looked for only in text that has an astral character at all.
_BAD_BMP_CHARS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]"
)
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def _is_clean(value: str) -> bool:
    if _BAD_BMP_CHARS.search(value) is not None:
        return False
    return _ASTRAL.search(value) is None or _BAD_CHARS.search(value) is None


def _replace_bad_char(match: re.Match[str]) -> str:
    return "\ufffd" if "\ud800" <= match.group() <= "\udfff" else ""


def clean_text(value: Any) -> Any:
    """Return ``value`` with every string in it (recursively) stripped of characters that are not
    allowed in HTML or XML text: C0/C1 controls except tab and newlines, lone surrogates,
    noncharacters.
    Lone surrogates become U+FFFD so the text can still be encoded as UTF-8."""
    if isinstance(value, str):
        if _is_clean(value):
            return value
        return _BAD_CHARS.sub(_replace_bad_char, value)
    if isinstance(value, dict):
        return {clean_text(k): clean_text(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [clean_text(v) for v in value]
    return value


def _keep_relative(url: str) -> str | None:
    """nh3's hook for relative URLs: only an in-page post anchor survives."""
    return url if ANCHOR_RE.fullmatch(url) else None


def _make_cleaner(tags: set[str]) -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=tags,
        clean_content_tags=_CLEAN_CONTENT,
        attributes={tag: attrs for tag, attrs in _ATTRIBUTES.items() if tag in tags},
        attribute_filter=None,
        strip_comments=True,
        # rel is set by the Markdown layer on external links only; nh3 lets just that value through.
        link_rel=None,
        generic_attribute_prefixes=set(),
        tag_attribute_values={"a": {"rel": {_LINK_REL}}} if "a" in tags else {},
        set_tag_attribute_values={},
        url_schemes={"http", "https", "mailto"},
        allowed_classes={},
        filter_style_properties=set(),
        url_relative=_keep_relative,
        id_prefix=None,
    )


_BLOCK_CLEANER = _make_cleaner(_BLOCK_TAGS)
_INLINE_CLEANER = _make_cleaner(_INLINE_TAGS)


def _is_external(url: str) -> bool:
    return url.lower().startswith(_EXTERNAL_SCHEMES)


def _is_web_image(url: str) -> bool:
    return url.lower().startswith(("http:", "https:"))


def _check_links(state: Any) -> None:
    """Core rule: drop links and images whose target we do not allow, keeping their text."""
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        kept: list[Token] = []
        open_links: list[bool] = []  # for each open link: was it kept?
        for token in block.children:
            if token.type == "link_open":
                href = str(token.attrGet("href") or "")
                keep = _is_external(href) or ANCHOR_RE.fullmatch(href) is not None
                open_links.append(keep)
                if not keep:
                    continue
                token.attrs = {"href": href}
                if _is_external(href):
                    token.attrs["rel"] = _LINK_REL
            elif token.type == "link_close":
                if open_links and not open_links.pop():
                    continue
            elif token.type == "image":
                src = str(token.attrGet("src") or "")
                if not _is_web_image(src):
                    alt = "".join(child.content for child in token.children or [])
                    token = Token("text", "", 0, content=alt)
            kept.append(token)
        block.children = kept


def _render_image(renderer: Any, tokens: list[Token], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    src = nh3.escape(str(token.attrGet("src") or ""))
    alt = nh3.escape("".join(child.content for child in token.children or []))
    return f'<img src="{src}" alt="{alt}">'


def _make_renderer() -> MarkdownIt:
    md = MarkdownIt("js-default", {"html": False, "linkify": False, "typographer": False})
    md.core.ruler.after("inline", "livedesk_links", _check_links)
    md.add_render_rule("image", _render_image)
    return md


_MD = _make_renderer()
_MAX_HEADING = 4
_HEADING_RE = re.compile(r"<(/?)h([1-6])>")


def _shift_headings(html: str, min_heading: int) -> str:
    """Map Markdown heading levels onto h``min_heading``..h4: ``#`` becomes h``min_heading``, and
    no heading is more than one level below the one before it (the first at most
    h``min_heading``), so the page's outline never skips a level."""
    shift = min_heading - 1
    previous = min_heading - 1
    current = min_heading

    def repl(m: re.Match[str]) -> str:
        nonlocal previous, current
        if m.group(1):  # closing tag: same level as its opening tag
            return f"</h{current}>"
        current = min(int(m.group(2)) + shift, previous + 1, _MAX_HEADING)
        previous = current
        return f"<h{current}>"

    return _HEADING_RE.sub(repl, html)


class _LRU:
    """A small thread-safe LRU map from a digest of the input to rendered output."""

    def __init__(self, maxsize: int) -> None:
        self._maxsize = maxsize
        self._data: OrderedDict[tuple[str, bytes], str] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get_or_make(self, kind: str, text: str, make: Callable[[str], str]) -> str:
        digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=20).digest()
        key = (kind, digest)
        with self._lock:
            found = self._data.get(key)
            if found is not None:
                self._data.move_to_end(key)
                self.hits += 1
                return found
        result = make(text)
        with self._lock:
            self.misses += 1
            self._data[key] = result
            self._data.move_to_end(key)
            while len(self._data) > self._maxsize:
                self._data.popitem(last=False)
        return result

    def clear(self) -> None:
        with self._lock:
            self._data.clear()
            self.hits = 0
            self.misses = 0


#: The rendering cache: ``cache.clear()`` empties it, ``cache.hits`` and ``cache.misses`` count
#: look-ups.
#: Sized for a whole 10,000-post blog: a post keeps two entries (its body's HTML and its plain
#: text) and an export walks every post in order, so a smaller LRU evicts each entry just before
#: the next export asks for it and every re-export renders everything again.
cache = _LRU(maxsize=65_536)


def render_markdown(text: str, *, min_heading: int = 2) -> str:
    """Render Markdown to sanitised HTML (block level: paragraphs, lists, quotes, headings).

    Headings are shifted so that ``#`` becomes ``<h{min_heading}>``, never deeper than ``<h4>``;
    a post body under an ``<h2>`` headline uses ``min_heading=3``.
    """
    if not 2 <= min_heading <= _MAX_HEADING:
        raise ValueError(f"min_heading must be between 2 and {_MAX_HEADING}")

    def make(source: str) -> str:
        html = _MD.render(clean_text(source))
        return _BLOCK_CLEANER.clean(_shift_headings(html, min_heading)).strip()

    return cache.get_or_make(f"block{min_heading}", text, make)


def render_inline(text: str) -> str:
    """Render one line of Markdown (a key point, a caption) to sanitised inline HTML with no block
    wrapper: emphasis, links and line breaks only."""

    def make(source: str) -> str:
        html = _MD.renderInline(clean_text(source))
        return _INLINE_CLEANER.clean(html).strip()

    return cache.get_or_make("inline", text, make)


class _TextExtractor(HTMLParser):
    _BREAK_AFTER = frozenset({"p", "li", "h2", "h3", "h4", "blockquote", "figcaption", "ul", "ol"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._BREAK_AFTER:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


_SPACES_RE = re.compile(r"[ \t\r\f\v]+")
_BLANK_LINES_RE = re.compile(r"\n\s*\n+")


def plain_text(markdown: str) -> str:
    """Markdown as plain text: no markup, one paragraph or list item per line, spaces collapsed.
    For JSON-LD ``articleBody``, descriptions and feed summaries."""

    def make(source: str) -> str:
        extractor = _TextExtractor()
        # The level a post body uses, so the page and its JSON-LD share one cached rendering.
        extractor.feed(render_markdown(source, min_heading=3))
        extractor.close()
        text = "".join(extractor.parts)
        lines = [_SPACES_RE.sub(" ", line).strip() for line in text.split("\n")]
        return _BLANK_LINES_RE.sub("\n", "\n".join(lines)).strip()

    return cache.get_or_make("plain", markdown, make)


# -- document helpers shared by the exports ------------------------------------------------------

_LANG_RE = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")


def prepare(doc: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of a livedesk/1 document safe to put in HTML or XML (see ``clean_text``)."""
    return clean_text(dict(doc))


def parse_time(value: str | None) -> datetime | None:
    """An ISO 8601 timestamp of the document as an aware datetime (naive ones are taken as UTC)."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment


def blog_zone(doc: Mapping[str, Any]) -> tzinfo | None:
    """The blog's time zone, or None when the name is unknown here (then times keep their own
    offset). Windows has no zone database: the ``tzdata`` package provides it."""
    name = str(doc["blog"].get("timezone") or "")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def in_zone(moment: datetime, zone: tzinfo | None) -> datetime:
    return moment.astimezone(zone) if zone is not None else moment


def iso(moment: datetime) -> str:
    """ISO 8601 with the offset written out (``+00:00``, never ``Z``), to the second."""
    return moment.replace(microsecond=0).isoformat()


def language(doc: Mapping[str, Any]) -> str:
    lang = str(doc["blog"].get("language") or "")
    return lang if _LANG_RE.fullmatch(lang) else "und"


def published_posts(doc: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The posts an export may show, in display order: drafts never leave the editor."""
    return [post for post in doc.get("posts", []) if post.get("status") == "published"]


def post_published(post: Mapping[str, Any]) -> datetime | None:
    """When a post went out: ``published_at``, or its ``updated_at`` when that is missing."""
    return parse_time(post.get("published_at")) or parse_time(post.get("updated_at"))


def post_updated(post: Mapping[str, Any]) -> datetime | None:
    updated = parse_time(post.get("updated_at"))
    published = post_published(post)
    if updated is None or (published is not None and published > updated):
        return published
    return updated


def last_updated(posts: Sequence[Mapping[str, Any]]) -> datetime | None:
    """The newest update among ``posts`` (published ones, as the caller passes them)."""
    times = [t for t in (post_updated(post) for post in posts) if t is not None]
    return max(times) if times else None


def coverage_start(doc: Mapping[str, Any], posts: Sequence[Mapping[str, Any]]) -> datetime | None:
    start = parse_time(doc["blog"].get("coverage_start"))
    if start is not None:
        return start
    times = [t for t in (post_published(post) for post in posts) if t is not None]
    return min(times) if times else None


def coverage_end(doc: Mapping[str, Any], posts: Sequence[Mapping[str, Any]]) -> datetime | None:
    """When coverage ended: only for an ended blog (``coverage_end`` or the last update)."""
    if doc["blog"].get("status") != "ended":
        return None
    return parse_time(doc["blog"].get("coverage_end")) or last_updated(posts)


def page_base(page_url: str) -> str:
    """The page URL without fragment when it is an absolute http(s) URL, else ""."""
    url = page_url.strip()
    if not re.match(r"https?://[^\s/?#]+", url, re.IGNORECASE) or re.search(r"[\s<>\"]", url):
        return ""
    return url.split("#", 1)[0]


def item_uri(doc: Mapping[str, Any], page_url: str, post_id: str | None = None) -> str:
    """A stable identifier for the blog or one of its posts: the page URL (plus ``#post-id``) when
    there is one, else ``urn:livedesk:<slug>`` (plus ``:<post id>``)."""
    base = page_base(page_url)
    if base:
        return f"{base}#{post_id}" if post_id else base
    slug = re.sub(r"[^a-z0-9-]", "-", str(doc["blog"].get("slug") or "blog").lower()) or "blog"
    return f"urn:livedesk:{slug}:{post_id}" if post_id else f"urn:livedesk:{slug}"


def excerpt(text: str, limit: int = 110) -> str:
    """``text`` on one line, cut at a word boundary to at most ``limit`` characters."""
    line = " ".join(text.split())
    if len(line) <= limit:
        return line
    cut = line[: limit - 1].rsplit(" ", 1)[0] or line[: limit - 1]
    return cut.rstrip(" ,;:.") + "…"


def post_title(post: Mapping[str, Any]) -> str:
    """The post's headline, or the start of its body when it has none."""
    headline = " ".join(str(post.get("headline") or "").split())
    return headline or excerpt(plain_text(str(post.get("body") or "")))


# -- HTML for readers outside the page (feeds, CMS ingest) ---------------------------------------

#: A link to a post on the page, as the sanitiser writes it.
ANCHOR_LINK_RE = re.compile(r'<a href="#([A-Za-z][A-Za-z0-9_-]{0,63})">(.*?)</a>', re.DOTALL)


def absolute_anchors(html: str, base: str, anchors: frozenset[str]) -> str:
    """In HTML that leaves the page (a feed, a CMS), ``#post-id`` links to posts on the page point
    at ``base#post-id``; without a base URL, or for posts not on the page, they are unwrapped."""
    if 'href="#' not in html:
        return html

    def repl(m: re.Match[str]) -> str:
        if base and m.group(1) in anchors:
            return f'<a href="{html_escape(base)}#{m.group(1)}">{m.group(2)}</a>'
        return m.group(2)

    return ANCHOR_LINK_RE.sub(repl, html)


def post_html(post: Mapping[str, Any], base: str, anchors: frozenset[str]) -> str:
    """A post's body and update note as sanitised HTML, for readers outside the page."""
    html = render_markdown(str(post.get("body") or ""), min_heading=3)
    note = str(post.get("update_note") or "").strip()
    if note:
        html += f"\n<p><em>{render_inline(note)}</em></p>"
    return absolute_anchors(html, base, anchors)
