"""Markdown to safe HTML, and to plain text.

Everything an editor types goes through here before it reaches an export. Two layers:

1. markdown-it-py with raw HTML off (``js-default`` preset), so ``<script>`` typed into a post is
   text.
   A core rule then checks every link and image: links keep http, https and mailto targets (external
   ones get ``rel="noopener noreferrer"``) and in-page ``#post-id`` anchors; anything else loses its
   link and keeps its text. Images keep only http(s) sources.
2. nh3 (ammonia) with an explicit allow-list, every option set, as a second line of defence.

Rendered HTML is kept in ``cache`` by its Markdown text, and what the exports make of each post by
the post (``PreparedPost``), so re-exporting an unchanged post costs a look-up.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping, Sequence
from datetime import UTC, datetime, tzinfo
from html import escape as html_escape
from html import unescape as html_unescape
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

__all__ = [
    "ANCHOR_LINK_RE",
    "ANCHOR_RE",
    "PreparedPost",
    "absolute_anchors",
    "blog_times",
    "blog_zone",
    "cache",
    "cached_for_post",
    "clean_text",
    "coverage_end",
    "coverage_start",
    "excerpt",
    "html_text",
    "in_zone",
    "iso",
    "item_uri",
    "language",
    "last_updated",
    "link_targets",
    "page_base",
    "parse_time",
    "plain_text",
    "post_html",
    "post_key",
    "post_key_and_size",
    "post_published",
    "post_title",
    "post_updated",
    "prepare",
    "prepare_head",
    "prepare_posts",
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


# Checking text for them is on every export's path, so it avoids searching with the class above
# (several nanoseconds a character, seven times that in text with an astral character). Text
# that encodes as Latin-1 (much copy) is checked by deleting the bad characters below U+0100
# from its bytes with ``bytes.translate``. Other text is checked as UTF-8: encoding fails on a
# surrogate, ``translate`` finds C0 controls, DEL and the lead bytes of astral characters (whose
# noncharacters are then looked for with the class), and the patterns below (each starting with
# a fixed byte, which the regex engine skips to) find C1 controls and the BMP noncharacters.
_BAD_LATIN1 = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)])
_BAD_OR_ASTRAL_UTF8 = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F,
                             *range(0xF0, 0x100)])
_C1_UTF8 = re.compile(rb"\xc2[\x80-\x9f]")
_NONCHARACTER_UTF8 = re.compile(rb"\xef(?:\xb7[\x90-\xaf]|\xbf[\xbe\xbf])")


def _is_clean(value: str) -> bool:
    try:
        data = value.encode("latin-1")
    except UnicodeEncodeError:  # a character above U+00FF
        pass
    else:
        return len(data.translate(None, _BAD_LATIN1)) == len(data)
    try:
        data = value.encode("utf-8")
    except UnicodeEncodeError:  # a surrogate
        return False
    if len(data.translate(None, _BAD_OR_ASTRAL_UTF8)) != len(data):
        return _BAD_CHARS.search(value) is None
    return _C1_UTF8.search(data) is None and _NONCHARACTER_UTF8.search(data) is None


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
        # Links and images come from "[" (inline and reference links, images) and "<"
        # (autolinks): an inline without either has neither, and most paragraphs have neither.
        if "[" not in block.content and "<" not in block.content:
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
    if "<h" not in html:  # most posts have no heading
        return html
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
    """A thread-safe LRU map, bounded both by its number of entries and by the characters of
    output it holds (``size`` of each entry, plus a fixed estimate of the entry's own overhead).

    Exports run in a worker thread while the preview renders on the GUI thread: every read and
    write of the map holds the lock; making a value does not (two threads may make the same one;
    the last stored wins, and both are equal)."""

    #: Bytes an entry costs beyond its text (key tuple, digest, map node), counted in ``chars``.
    ENTRY_OVERHEAD = 200

    def __init__(self, maxsize: int, maxchars: int) -> None:
        self.maxsize = maxsize
        self.maxchars = maxchars
        self._data: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._chars = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._data)

    @property
    def chars(self) -> int:
        """What the entries hold, in characters of text plus ``ENTRY_OVERHEAD`` each."""
        return self._chars

    def get(self, key: Hashable, valid: Callable[[Any], bool] | None = None) -> Any | None:
        """The value kept for ``key`` (counted as a hit), or None (a miss). With ``valid``, a
        value it rejects counts as a miss too, and the caller makes and stores a new one."""
        with self._lock:
            found = self._data.get(key)
            if found is not None and (valid is None or valid(found[0])):
                self._data.move_to_end(key)
                self.hits += 1
                return found[0]
            self.misses += 1
            return None

    def put(self, key: Hashable, value: Any, size: int) -> None:
        """Keep ``value`` (``size`` characters of text) for ``key``, dropping the least recently
        used entries past either bound. A value larger than the whole cache is not kept."""
        size += self.ENTRY_OVERHEAD
        with self._lock:
            old = self._data.pop(key, None)
            if old is not None:
                self._chars -= old[1]
            if size > self.maxchars:
                return
            self._data[key] = (value, size)
            self._chars += size
            while len(self._data) > self.maxsize or self._chars > self.maxchars:
                _, (_, dropped) = self._data.popitem(last=False)
                self._chars -= dropped

    def get_or_make(self, kind: str, text: str, make: Callable[[str], str]) -> str:
        """The output of ``make(text)``, kept by ``text`` under ``kind``.

        The text itself is the key (a string computes its hash once, and equal texts compare
        with one ``memcmp``): no digest to compute on every look-up. The entry counts both."""
        key = (kind, text)
        found = self.get(key)
        if found is not None:
            return found  # type: ignore[no-any-return]
        result = make(text)
        self.put(key, result, len(result) + len(text))
        return result

    def clear(self) -> None:
        with self._lock:
            self._data.clear()
            self._chars = 0
            self.hits = 0
            self.misses = 0


#: The rendering cache, shared by every export and the preview: rendered Markdown by its text,
#: and what the exports make of each post (see ``PreparedPost``) by the post. ``cache.clear()``
#: empties it; ``cache.hits`` and ``cache.misses`` count look-ups.
#:
#: An export walks every post in order, so an LRU smaller than one export's entries evicts each
#: just before the next export asks for it, and every re-export renders everything again. The
#: bounds hold a whole 10,000-post blog exported in all four formats (about 21 KB counted a post,
#: 12 of them for the page: its text, its body's HTML, the rest of its article, its JSON-LD);
#: past them, the least recently used entries go.
cache = _LRU(maxsize=262_144, maxchars=256 * 1024 * 1024)


def render_markdown(text: str, *, min_heading: int = 2) -> str:
    """Render Markdown to sanitised HTML (block level: paragraphs, lists, quotes, headings).

    Headings are shifted so that ``#`` becomes ``<h{min_heading}>``, never deeper than ``<h4>``;
    a post body under an ``<h2>`` headline uses ``min_heading=3``.
    """
    return _render_block(text, min_heading, checked=False)


def _render_block(text: str, min_heading: int, *, checked: bool) -> str:
    """``render_markdown``; ``checked``: ``text`` is known to hold nothing for ``clean_text``."""
    if not 2 <= min_heading <= _MAX_HEADING:
        raise ValueError(f"min_heading must be between 2 and {_MAX_HEADING}")

    def make(source: str) -> str:
        html = _MD.render(source if checked else clean_text(source))
        return _BLOCK_CLEANER.clean(_shift_headings(html, min_heading)).strip()

    return cache.get_or_make(f"block{min_heading}", text, make)


def render_inline(text: str) -> str:
    """Render one line of Markdown (a key point, a caption) to sanitised inline HTML with no block
    wrapper: emphasis, links and line breaks only."""

    def make(source: str) -> str:
        html = _MD.renderInline(clean_text(source))
        return _INLINE_CLEANER.clean(html).strip()

    return cache.get_or_make("inline", text, make)


# Plain text is read off the sanitiser's output, whose form is fixed: lower-case tags, attribute
# values in double quotes (which may hold "<", ">" and "</p>"), every "<", ">" and "&" of the text
# escaped. So: tags with attributes go first (none of them breaks a line), then the tags that end
# a line become "\n", the remaining tags go, and entities are decoded. This gives what an
# ``html.parser`` walk gives (tests/export/test_fast_paths.py holds the two together), ten times
# faster.
_TAG_WITH_ATTRIBUTES_RE = re.compile(r'<[A-Za-z][^\s/>]*\s(?:[^>"]|"[^"]*")*>')
_LINE_END_RE = re.compile(r"<br>|</(?:p|li|h2|h3|h4|blockquote|figcaption|ul|ol)>")
_TAG_RE = re.compile(r"</?[A-Za-z][^>]*>")
_SPACES_RE = re.compile(r"[ \t\r\f\v]+")
_BLANK_LINES_RE = re.compile(r"\n\s*\n+")


def _collapse_spaces(text: str) -> str:
    # The regex replaces every space, so it runs only when there is a run or another space.
    if "  " in text or "\t" in text or "\r" in text or "\f" in text or "\v" in text:
        return _SPACES_RE.sub(" ", text)
    return text


def html_text(html: str) -> str:
    """Sanitised HTML (from ``render_markdown`` or ``render_inline``) as plain text: one
    paragraph, heading or list item per line, spaces collapsed."""
    text = _TAG_WITH_ATTRIBUTES_RE.sub("", html)
    text = _TAG_RE.sub("", _LINE_END_RE.sub("\n", text))
    if "&" in text:
        text = html_unescape(text)
    lines = [line.strip() for line in _collapse_spaces(text).split("\n")]
    return _BLANK_LINES_RE.sub("\n", "\n".join(lines)).strip()


def plain_text(markdown: str) -> str:
    """Markdown as plain text: no markup, one paragraph or list item per line, spaces collapsed.
    For JSON-LD ``articleBody``, descriptions and feed summaries."""

    def make(source: str) -> str:
        # The level a post body uses, so the page and its JSON-LD share one cached rendering.
        return html_text(render_markdown(source, min_heading=3))

    return cache.get_or_make("plain", markdown, make)


# -- posts, prepared once an export --------------------------------------------------------------


class _NotData(Exception):
    """A value holds something other than JSON data (str, int, float, bool, None, list, dict)."""


def _flatten(value: Any, out: list[Any], texts: list[str]) -> None:
    # One flat tuple for a whole post (few objects for the garbage collector to walk): a string
    # or None stands for itself; anything else starts with its type, then a container's length
    # and items, or a number's value. Read from the start, it decodes one way only, so two keys
    # are equal exactly when the data are, True, 1 and 1.0 (equal in Python) apart. Every string
    # also goes to ``texts``.
    kind = type(value)
    if kind is str:
        out.append(value)
        texts.append(value)
    elif value is None:
        out.append(None)
    elif kind is dict:
        out.append(dict)
        out.append(len(value))
        for key, item in value.items():
            if type(key) is str:
                out.append(key)
                texts.append(key)
            else:
                _flatten(key, out, texts)
            if type(item) is str:
                out.append(item)
                texts.append(item)
            elif item is None:
                out.append(None)
            else:
                _flatten(item, out, texts)
    elif kind is list or kind is tuple:
        out.append(kind)
        out.append(len(value))
        for item in value:
            if type(item) is str:
                out.append(item)
                texts.append(item)
            else:
                _flatten(item, out, texts)
    elif kind is bool or kind is int:
        out.append(kind)
        out.append(value)
    elif kind is float:
        out.append(float)
        out.append(repr(value))  # 0.0 and -0.0 are equal, and NaN is not itself
    else:
        raise _NotData


def _key_and_texts(post: Any) -> tuple[Hashable | None, list[str]]:
    out: list[Any] = []
    texts: list[str] = []
    try:
        _flatten(post, out, texts)
    except (_NotData, RecursionError):
        return None, []
    return tuple(out), texts


def post_key(post: Any) -> Hashable | None:
    """A key equal for two posts exactly when they hold the same data (types included), for
    keeping what an export makes of a post; None when the post holds something other than JSON
    data (then nothing is kept). It holds the post's strings, not a digest: comparing equal keys
    compares the texts, and each string's hash is computed once."""
    return _key_and_texts(post)[0]


def post_key_and_size(post: Any) -> tuple[Hashable | None, int]:
    """``post_key`` and the characters of text it holds (for an entry to count)."""
    key, texts = _key_and_texts(post)
    return key, sum(map(len, texts))


_MISSING = object()


def _media_srcs(post: Mapping[str, Any]) -> tuple[str, ...] | None:
    try:
        return tuple(str(media.get("src") or "") for media in post.get("media") or [])
    except (AttributeError, TypeError):  # not a list of objects: the renderers will say so
        return None


class PreparedPost:
    """One post of a document as the exports need it on every run: its key (``post_key``, the
    key of everything made from it), whether it is published and, when it is, its id, its times
    and its photos' sources (``media_srcs``), all from the post made safe by ``clean_text``.
    These facts are kept in ``cache`` by the key, so an unchanged post costs its key and a
    look-up; the cleaned post itself is made only when something is rendered from it
    (``post``), and is the raw post when that is clean already."""

    __slots__ = ("_clean", "_id", "key", "media_srcs", "published", "published_at", "raw",
                 "updated_at")

    def __init__(self, raw: Mapping[str, Any]) -> None:
        self.raw = raw
        self._clean: Mapping[str, Any] | None = None
        self.key, texts = _key_and_texts(raw)
        facts = cache.get(("post", self.key)) if self.key is not None else None
        if facts is None:
            # One check of all its text at once (clean_text would copy every dict and list).
            clean = self.key is not None and _is_clean("".join(texts))
            post = self._clean = raw if clean else clean_text(raw)
            if post.get("status") == "published":
                facts = (True, post.get("id", _MISSING), post_published(post),
                         post_updated(post), _media_srcs(post), clean, self.key)
            else:  # drafts are never exported: nothing else about them is read
                facts = (False, _MISSING, None, None, None, clean, self.key)
            if self.key is not None:
                # The key holds the post's text: count it, here only (see below).
                cache.put(("post", self.key), facts, sum(map(len, texts)))
        else:
            if facts[5]:
                self._clean = raw  # nothing in it for clean_text to change
            # The key kept with the facts, equal to this one: every entry made from the post
            # then holds that one copy of its text, rather than one from each export's read.
            self.key = facts[6]
        (self.published, self._id, self.published_at, self.updated_at,
         self.media_srcs) = facts[:5]

    @property
    def post(self) -> Mapping[str, Any]:
        """The post with ``clean_text`` applied, made on first use (the raw post itself when
        that would change nothing: the renderers only read it)."""
        if self._clean is None:
            self._clean = clean_text(self.raw)
        return self._clean

    def body_html(self, min_heading: int = 3) -> str:
        """``render_markdown`` of the cleaned post's body (not checked again when the whole
        post was found clean)."""
        body = self.post.get("body")
        if type(body) is str and self._clean is self.raw:
            return _render_block(body, min_heading, checked=True)
        return render_markdown(str(body or ""), min_heading=min_heading)

    @property
    def id(self) -> str:
        """The post's id as text (a ``KeyError`` when it has none, as ``post["id"]`` gives)."""
        if self._id is _MISSING:
            raise KeyError("id")
        return str(self._id)


def prepare_posts(doc: Mapping[str, Any]) -> list[PreparedPost]:
    """The document's published posts in display order, prepared (see ``PreparedPost``)."""
    prepared = (PreparedPost(post) for post in doc.get("posts", []))
    return [post for post in prepared if post.published]


def prepare_head(doc: Mapping[str, Any]) -> dict[str, Any]:
    """The document without its posts, made safe by ``clean_text``."""
    return clean_text({key: value for key, value in doc.items() if key != "posts"})


def link_targets(html: str) -> frozenset[str]:
    """The post ids that HTML links to (``#post-id``): what ``absolute_anchors`` and the page's
    unlinking of missing posts depend on."""
    if 'href="#' not in html:
        return frozenset()
    return frozenset(m.group(1) for m in ANCHOR_LINK_RE.finditer(html))


def cached_for_post(key: Hashable | None, anchors: frozenset[str],
                    make: Callable[[], tuple[Any, int, frozenset[str]]]) -> Any:
    """What ``make`` makes of one post, kept in ``cache`` under ``key`` (None: not kept).

    ``make`` returns ``(value, size, targets)``: ``targets`` are the post ids its links point at
    (``link_targets``). The value is reused only while each of those is on the page (in
    ``anchors``) exactly when it was before, so publishing or deleting a post re-renders just the
    posts that link to it."""
    if key is None:
        return make()[0]

    def still_valid(kept: tuple[Any, tuple[tuple[str, bool], ...]]) -> bool:
        return all((target in anchors) == present for target, present in kept[1])

    found = cache.get(key, still_valid)
    if found is not None:
        return found[0]
    value, size, targets = make()
    cache.put(key, (value, tuple((t, t in anchors) for t in sorted(targets))), size)
    return value


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


def blog_times(
    doc: Mapping[str, Any], posts: Sequence[PreparedPost]
) -> tuple[datetime | None, datetime | None, datetime | None]:
    """``coverage_start``, ``last_updated`` and ``coverage_end`` of a document (its head, see
    ``prepare_head``) and its prepared published posts, from the posts' kept times."""
    updated = [p.updated_at for p in posts if p.updated_at is not None]
    newest = max(updated) if updated else None
    start = parse_time(doc["blog"].get("coverage_start"))
    if start is None:
        published = [p.published_at for p in posts if p.published_at is not None]
        start = min(published) if published else None
    end = None
    if doc["blog"].get("status") == "ended":
        end = parse_time(doc["blog"].get("coverage_end")) or newest
    return start, newest, end


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
