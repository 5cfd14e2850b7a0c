"""A rich-text editor whose document is stored as Markdown.

The body of a post is edited as rich text (bold, italic, links, lists, quotes, subheadings) and
stored as Markdown that markdown-it-py (the export renderer) renders the same way. Qt writes and
reads the Markdown (``QTextDocument.toMarkdown``/``setMarkdown`` in the CommonMark dialect), and
this module smooths over the quirks of Qt's writer:

- it hard-wraps paragraphs at 80 columns: we hand it a copy of the document whose spaces are
  private-use stand-ins, so it finds nowhere to wrap, and :func:`normalize_markdown` unwraps any
  line it still broke (it breaks before a long link);
- it escapes only a few special characters (``2*3*4`` typed as text would come back as
  emphasis, ``_word_`` too): we escape them ourselves, in the same stand-in pass;
- it writes a hard line break (Shift+Enter) as a soft one, and reads one as a new paragraph:
  we write ``\\`` line ends and read them back as line breaks;
- it puts emphasis markers next to spaces (``**Lead: **text`` is not bold in CommonMark): spaces at
  the edge of bold or italic text are moved out of it first;
- it writes underline as ``_..._``: underline is dropped (the house style has none);
- it leaves trailing spaces and blank lines at the end: :func:`normalize_markdown` strips them;
- it escapes inside code spans (a backslash more at every save): code spans are written here.

What Qt cannot represent is lost on the first save: emphasis inside a link or a heading, the
looseness of a list (blank lines between items), single-tilde ``~strike~``. Stored Markdown is
read as CommonMark with tables and ``~~strikethrough~~`` (as markdown-it-py's "js-default"
reads it) and with raw HTML as text (as the export renders it).

:func:`normalize_markdown` is pure (no Qt) and safe on any Markdown: it uses markdown-it-py's own
parse to find paragraphs, so what it changes cannot change how the text renders.

Pasting keeps bold, italic, links, lists, headings (as level 2 to 4), quotes and paragraphs and
drops everything else (fonts, colours, sizes, images, tables' layout, scripts): the pasted HTML is
read into a scratch document and rebuilt block by block with clean formats.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from markdown_it import MarkdownIt
from PySide6.QtCore import QEvent, QMimeData, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontInfo,
    QKeyEvent,
    QPalette,
    QTextBlock,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextDocumentFragment,
    QTextFormat,
    QTextListFormat,
)
from PySide6.QtWidgets import QTextEdit, QWidget

__all__ = [
    "FormatState",
    "MarkdownTextEdit",
    "clean_html_fragment",
    "document_to_markdown",
    "is_allowed_url",
    "join_hard_breaks",
    "normalize_markdown",
]

_DIALECT = QTextDocument.MarkdownFeature.MarkdownDialectCommonMark
#: Reading: CommonMark plus what markdown-it-py's "js-default" preset also reads (tables,
#: ~~strikethrough~~), and no raw HTML (the export renders it as text). Not Qt's GitHub dialect:
#: it reads _underscores_ as underline.
_READ_FEATURES = QTextDocument.MarkdownFeature(0x0060 | 0x0100 | 0x0200)
#: Block structure is all normalising needs; skipping inline parsing makes it several times faster.
_PARSER = MarkdownIt("js-default").disable("inline")
_INLINE_PARSER = MarkdownIt("js-default")
_LINE_BREAK = "\u2028"  # what QTextEdit inserts for Shift+Enter
_OBJECT = "\ufffc"  # an image or other object in a QTextDocument
_PRIVATE_USE = range(0xE000, 0xF900)
#: Above this size pasted HTML is inserted as plain text: rebuilding it would take too long.
MAX_RICH_PASTE = 500_000
#: Headings in a post body are subheadings: level 2 to 4 (the post's headline is the top level).
HEADING_LEVELS = (2, 3, 4)
SUBHEADING_LEVEL = 3
BLOCKQUOTE_INDENT = 40.0

_ALWAYS_ESCAPED = frozenset("\\*`[]<~|")
_ENTITY_RE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_URL_RE = re.compile(r"^(?:https?://[^\s/$.?#][^\s]*|mailto:[^\s@]+@[^\s@]+|#[^\s]+)$", re.I)
_URL_UNSAFE = {" ": "%20", "(": "%28", ")": "%29", "<": "%3C", ">": "%3E"}


# ------------------------------------------------------------------------------------- pure


def is_allowed_url(url: str) -> bool:
    """True for the link targets a post may carry: http(s), mailto and ``#anchor`` links."""
    return bool(_URL_RE.match(url.strip()))


def _trailing_backslashes(text: str) -> int:
    return len(text) - len(text.rstrip("\\"))


def _ends_in_hard_break(line: str) -> bool:
    """Whether markdown-it-py reads a hard line break at the end of this paragraph line."""
    if not line.endswith("  ") and _trailing_backslashes(line) % 2 == 0:
        return False
    tokens = _INLINE_PARSER.parseInline(line.lstrip() + "\nx")
    children = tokens[0].children or [] if tokens else []
    return any(child.type == "hardbreak" for child in children)


def _joined_paragraph(lines: list[str], start: int, end: int, content: str,
                      hard_break: str | None) -> list[str] | None:
    """The paragraph at ``lines[start:end]`` as one line per hard break (or one line, with
    ``hard_break`` standing for each break). None when the lines do not match ``content`` as
    expected: the caller then leaves them alone."""
    parts = content.split("\n")
    if len(parts) != end - start:
        return None
    first = lines[start].rstrip()
    head = parts[0].rstrip()
    if not head or not first.endswith(head):
        return None
    if "`" in content and any(_ends_in_hard_break(part) for part in parts[:-1]):
        return None  # a code span may run over the line end: leave the lines as they are
    prefix = first[: len(first) - len(head)]
    continuation = "".join(ch if ch == ">" else " " for ch in prefix)
    segments: list[str] = []
    current = ""
    breaking = False
    for index, part in enumerate(parts):
        piece = part if index == 0 else part.lstrip()
        brk = index < len(parts) - 1 and _ends_in_hard_break(part)
        if brk and not part.endswith("  "):
            piece = piece[:-1]  # the backslash of a "\\" break
        piece = piece.rstrip(" \t")
        if index == 0:
            current = piece
        elif breaking:
            segments.append(current)
            current = piece
        else:
            current = f"{current} {piece}" if current else piece
        breaking = brk
    segments.append(current)
    if hard_break is not None:
        return [prefix + hard_break.join(segments)]
    # a literal backslash just before a break must not escape the break's own backslash
    ends = [seg + "\\" if _trailing_backslashes(seg) % 2 else seg for seg in segments[:-1]]
    out = [prefix + (ends + segments[-1:])[0]]
    out.extend(continuation + segment for segment in (ends + segments[-1:])[1:])
    return [line + "\\" for line in out[:-1]] + [out[-1]]


def _rewrite_paragraphs(text: str, hard_break: str | None) -> tuple[list[str], set[int]]:
    """Lines of ``text`` with each paragraph unwrapped; also the indexes of code lines (in the
    returned list) that must be kept byte for byte."""
    lines = text.split("\n")
    tokens = _PARSER.parse(text)
    code: set[int] = set()
    joined: dict[int, tuple[int, list[str]]] = {}
    for index, token in enumerate(tokens):
        if token.map is None:
            continue
        start, end = token.map
        if token.type in ("fence", "code_block", "html_block"):
            code.update(range(start, end))
        elif token.type == "paragraph_open" and index + 1 < len(tokens):
            new = _joined_paragraph(lines, start, end, tokens[index + 1].content, hard_break)
            if new is not None:
                joined[start] = (end, new)
            else:
                code.update(range(start, end))  # kept as they are
    out: list[str] = []
    out_code: set[int] = set()
    index = 0
    while index < len(lines):
        if index in joined:
            end, new = joined[index]
            out.extend(new)
            index = end
            continue
        if index in code:
            out_code.add(len(out))
            out.append(lines[index])
        else:
            out.append(lines[index].rstrip())
        index += 1
    return out, out_code


def normalize_markdown(text: str) -> str:
    """Markdown as the store keeps it: paragraphs on one line (hard breaks as ``\\`` line
    ends), no trailing spaces, no runs of blank lines, one newline at the end ("" if empty).

    Pure and render-preserving: markdown-it-py renders the result like ``text``, up to the
    whitespace between words.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines, code = _rewrite_paragraphs(text, None)
    out: list[str] = []
    for index, line in enumerate(lines):
        blank = index not in code and not line.strip()
        if blank and (not out or not out[-1].strip()) and (index - 1) not in code:
            continue
        out.append("" if blank else line)
    while out and not out[-1].strip():
        out.pop()
    return "\n".join(out) + "\n" if out else ""


def join_hard_breaks(text: str, placeholder: str) -> str:
    """``text`` with each paragraph on one line and ``placeholder`` where it had a hard line
    break (Qt's Markdown reader would start a new paragraph there)."""
    if "\\\n" not in text and "  \n" not in text.replace("\r\n", "\n"):
        return text
    lines, _code = _rewrite_paragraphs(text.replace("\r\n", "\n"), placeholder)
    return "\n".join(lines)


# ------------------------------------------------------------------- document -> Markdown


class _StandIns:
    """Private-use characters standing in for text Qt's writer must not see, and what each
    becomes in the written Markdown."""

    def __init__(self, used: str) -> None:
        taken = {ch for ch in used if ord(ch) in _PRIVATE_USE}
        self._free: Iterator[int] = (code for code in _PRIVATE_USE if chr(code) not in taken)
        self._by_output: dict[str, str] = {}
        self.table: dict[int, str] = {}
        self.taken = taken

    def __call__(self, output: str) -> str:
        char = self._by_output.get(output)
        if char is None:
            char = chr(next(self._free))
            self._by_output[output] = char
            self.table[ord(char)] = output
        return char


def _is_code_block(block: QTextBlock) -> bool:
    fmt = block.blockFormat()
    return (fmt.hasProperty(QTextFormat.Property.BlockCodeFence)
            or fmt.hasProperty(QTextFormat.Property.BlockCodeLanguage)
            or fmt.nonBreakableLines())


def utf16_length(text: str) -> int:
    """Length of ``text`` in UTF-16 code units, the unit of Qt's text positions."""
    return len(text.encode("utf-16-le")) // 2


def _fragments(block: QTextBlock) -> Iterator[tuple[int, str, QTextCharFormat]]:
    """(position in document, text, format) of each fragment of ``block``."""
    iterator = block.begin()
    while not iterator.atEnd():
        fragment = iterator.fragment()
        if fragment.isValid():
            yield fragment.position(), fragment.text(), fragment.charFormat()
        iterator += 1


def _emphasis(fmt: QTextCharFormat) -> tuple[bool, bool]:
    """Bold and italic as Qt's writer sees them (it asks QFontInfo, which is slow: only
    when a font family could make a difference)."""
    if fmt.hasProperty(QTextFormat.Property.FontFamilies):
        info = QFontInfo(fmt.font())
        return info.bold(), info.italic()
    return fmt.fontWeight() > QFont.Weight.Medium, fmt.fontItalic()


def _is_mono(fmt: QTextCharFormat) -> bool:
    if fmt.fontFixedPitch():
        return True
    return fmt.hasProperty(QTextFormat.Property.FontFamilies) and QFontInfo(
        fmt.font()).fixedPitch()


def _fix_emphasis_edges(document: QTextDocument, block: QTextBlock) -> None:
    """Give each run of spaces the emphasis shared by the text on both sides of it, so that Qt
    never writes a marker next to a space; drop underline.

    Inside a fragment the emphasis is the same on both sides of a space, so only the spaces at
    fragment edges are looked at: each fragment is cut into (leading spaces, core, trailing
    spaces) pieces."""
    fragments = list(_fragments(block))
    if len(fragments) == 1 and not fragments[0][2].fontUnderline():
        return
    cursor = QTextCursor(document)
    # pieces: (start, end, is_space_run, emphasis)
    pieces: list[tuple[int, int, bool, tuple[bool, bool]]] = []
    for position, text, fmt in fragments:
        plain = not fmt.isAnchor() and not fmt.isImageFormat() and not _is_mono(fmt)
        emphasis = _emphasis(fmt) if plain or fmt.isAnchor() else (False, False)
        if plain and fmt.fontUnderline():
            no_underline = QTextCharFormat()
            no_underline.setFontUnderline(False)
            cursor.setPosition(position)
            cursor.setPosition(position + utf16_length(text), QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(no_underline)
        end = position + utf16_length(text)
        if not plain:
            pieces.append((position, end, False, emphasis))
            continue
        core = text.strip()
        if not core:
            pieces.append((position, end, True, emphasis))
            continue
        lead = utf16_length(text[: len(text) - len(text.lstrip())])
        trail = utf16_length(text[len(text.rstrip()):])
        if lead:
            pieces.append((position, position + lead, True, emphasis))
        pieces.append((position + lead, end - trail, False, emphasis))
        if trail:
            pieces.append((end - trail, end, True, emphasis))
    index = 0
    while index < len(pieces):
        if not pieces[index][2]:
            index += 1
            continue
        end = index
        while end < len(pieces) and pieces[end][2]:
            end += 1
        before = pieces[index - 1][3] if index > 0 else (False, False)
        after = pieces[end][3] if end < len(pieces) else (False, False)
        wanted = (before[0] and after[0], before[1] and after[1])
        if any(pieces[k][3] != wanted for k in range(index, end)):
            fmt = QTextCharFormat()
            fmt.setFontWeight(QFont.Weight.Bold if wanted[0] else QFont.Weight.Normal)
            fmt.setFontItalic(wanted[1])
            cursor.setPosition(pieces[index][0])
            cursor.setPosition(pieces[end - 1][1], QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(fmt)
        index = end


def _line_positions(block_text: str) -> tuple[set[int], set[int]]:
    """Indexes of spaces at the start or end of a line (dropped) and of the first character
    of each line (where block syntax starts)."""
    edges: set[int] = set()
    starts: set[int] = set()
    offset = 0
    for line in block_text.split(_LINE_BREAK):
        stripped = line.strip()
        if not stripped:
            edges.update(range(offset, offset + len(line)))
        else:
            lead = len(line) - len(line.lstrip())
            trail = len(line) - len(line.rstrip())
            edges.update(range(offset, offset + lead))
            edges.update(range(offset + len(line) - trail, offset + len(line)))
            starts.add(offset + lead)
        offset += len(line) + 1
    return edges, starts


_LONG_FRAGMENT = 2000
_SPECIAL_RE = re.compile("[\\\\*`\\[\\]<>~|_&#+\\-=.)\u2028\\t\u00a0\u1680\u2000-\u200a"
                         "\u202f\u205f\u3000\ue000-\uf8ff]")


def _stand_in_text(block_text: str, start: int, text: str, heading: bool,
                   stand_in: _StandIns, lines: tuple[set[int], set[int]]) -> str:
    """``text`` (at ``start`` in its block) with stand-ins for what Qt's writer would get
    wrong: special characters to escape, spaces to drop at the edges of lines, hard breaks and
    unusual spaces (Qt would wrap at them and lose them)."""
    edges, starts = lines
    replaced: dict[int, str] = {}
    for i in edges:
        if start <= i < start + len(text):
            replaced[i - start] = stand_in("")
    for match in _SPECIAL_RE.finditer(text):
        offset = match.start()
        if offset in replaced:
            continue
        char = text[offset]
        i = start + offset
        before = block_text[i - 1] if i > 0 else " "
        after = block_text[i + 1] if i + 1 < len(block_text) else " "
        output: str | None = None
        if char in stand_in.taken:
            output = ""
        elif char == _LINE_BREAK:
            output = " " if heading else "\\\n"
        elif char.isspace():
            output = " " if char == "\t" else char
        elif char in _ALWAYS_ESCAPED or (heading and char == "#"):
            output = "\\" + char
        elif char == "_":
            output = None if before.isalnum() and after.isalnum() else "\\_"
        elif char == "&":
            output = "\\&" if _ENTITY_RE.match(block_text, i) else None
        elif char in ">=":
            # Qt may wrap a line just before it: "> " would start a quote, "==" a heading
            output = "\\" + char if i in starts or before.isspace() else None
        elif char in "#-+":
            output = "\\" + char if i in starts else None
        elif char in ".)" and _ordered_marker_ends_at(block_text, i, starts):
            output = "\\" + char
        if output is not None:
            replaced[offset] = stand_in(output)
    if replaced:
        text = "".join(replaced.get(k, ch) for k, ch in enumerate(text))
    if len(text) > _LONG_FRAGMENT:
        # Qt's writer escapes in a loop that restarts a search at each space: quadratic in a
        # long fragment. Without spaces (stand-ins) it is one search, and no wrapping either.
        text = text.replace(" ", stand_in(" "))
    return text


def _ordered_marker_ends_at(block_text: str, i: int, starts: set[int]) -> bool:
    """True if ``block_text[i]`` ends a number at the start of a line (``12.`` or ``3)``)
    followed by a space or the line's end: Markdown would read a list item."""
    digits = 0
    while digits < 10 and i - digits - 1 >= 0 and block_text[i - digits - 1].isdigit():
        digits += 1
    if not 1 <= digits <= 9 or (i - digits) not in starts:
        return False
    return i + 1 >= len(block_text) or block_text[i + 1].isspace()


def _code_span(text: str) -> str:
    """``text`` as a Markdown code span, fenced with more backticks than it holds in a row."""
    longest = max((len(run) for run in re.findall("`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or (
        text.startswith(" ") and text.endswith(" ") and text.strip()) else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _safe_href(href: str) -> str:
    return "".join(_URL_UNSAFE.get(ch, ch) for ch in href)


def document_to_markdown(document: QTextDocument) -> str:
    """The document as normalised CommonMark (see the module's docstring)."""
    clone = document.clone()
    clone.setUndoRedoEnabled(False)
    stand_in = _StandIns(clone.toPlainText())
    cursor = QTextCursor(clone)
    block = clone.begin()
    while block.isValid():
        if not _is_code_block(block):
            heading = block.blockFormat().headingLevel() > 0
            if not heading:
                _fix_emphasis_edges(clone, block)
            block_text = block.text()
            lines = _line_positions(block_text)
            edits: list[tuple[int, str, str, QTextCharFormat]] = []
            start = 0  # in code points, for indexing block_text
            for position, text, fmt in list(_fragments(block)):
                offset, start = start, start + len(text)
                if fmt.isImageFormat():
                    continue
                if _is_mono(fmt) and not fmt.isAnchor():
                    # Qt escapes inside code spans (and so adds a backslash at each save):
                    # the whole span is written here, as one stand-in
                    plain = QTextCharFormat(fmt)
                    plain.clearProperty(QTextFormat.Property.FontFixedPitch)
                    plain.clearProperty(QTextFormat.Property.FontFamilies)
                    plain.clearProperty(QTextFormat.Property.FontFamily)
                    edits.append((position, text, stand_in(_code_span(text)), plain))
                    continue
                new_text = _stand_in_text(block_text, offset, text, heading, stand_in, lines)
                href = fmt.anchorHref() if fmt.isAnchor() else ""
                new_href = _safe_href(href)
                if fmt.isAnchor():
                    # Qt writes no emphasis inside a link: without it, the parts of one link
                    # are one fragment and one [link](...)
                    fmt.setFontWeight(QFont.Weight.Normal)
                    fmt.setFontItalic(False)
                    fmt.setAnchorHref(new_href)
                    edits.append((position, text, new_text, fmt))
                    continue
                if new_text != text:
                    edits.append((position, text, new_text, fmt))
            for position, text, new_text, fmt in reversed(edits):
                cursor.setPosition(position)
                cursor.setPosition(position + utf16_length(text), QTextCursor.MoveMode.KeepAnchor)
                cursor.insertText(new_text, fmt)
        block = block.next()
    written = clone.toMarkdown(_DIALECT)
    return normalize_markdown(written.translate(stand_in.table))


# ------------------------------------------------------------------------- clean pasting


_WORD_LIST_ITEM_RE = re.compile(
    r"<p\b(?P<attrs>[^>]*?(?:MsoListParagraph|mso-list:)[^>]*)>(?P<body>.*?)</p>",
    re.S | re.I)
_WORD_MARKER_RE = re.compile(r"<!\[if !supportLists\]>(?P<marker>.*?)<!\[endif\]>", re.S | re.I)
_WORD_LEVEL_RE = re.compile(r"level(\d+)", re.I)
_ORDERED_MARKER_TEXT_RE = re.compile(r"^\(?[0-9a-zA-Z]{1,4}[.)]")


def word_lists_to_html(html: str) -> str:
    """Word puts list items on the clipboard as paragraphs (``class=MsoListParagraph``, the
    bullet or number as text in an ``<![if !supportLists]>`` block): make them real lists."""
    if "mso-list" not in html and "MsoListParagraph" not in html:
        return html
    out: list[str] = []
    stack: list[str] = []
    last_end = 0

    def close_all() -> None:
        while stack:
            out.append(f"</{stack.pop()}>")

    for match in _WORD_LIST_ITEM_RE.finditer(html):
        between = html[last_end:match.start()]
        if between.strip():
            close_all()
        out.append(between)
        last_end = match.end()
        body = match.group("body")
        marker_match = _WORD_MARKER_RE.search(body)
        marker = ""
        if marker_match:
            marker = re.sub(r"<[^>]+>|&nbsp;|\s", "", marker_match.group("marker"))
            body = body[:marker_match.start()] + body[marker_match.end():]
        tag = "ol" if _ORDERED_MARKER_TEXT_RE.match(marker) else "ul"
        level_match = _WORD_LEVEL_RE.search(match.group("attrs"))
        level = max(1, min(int(level_match.group(1)) if level_match else 1, 4))
        while len(stack) > level:
            out.append(f"</{stack.pop()}>")
        if len(stack) == level and stack[-1] != tag:
            out.append(f"</{stack.pop()}>")
        while len(stack) < level:
            out.append(f"<{tag}>")
            stack.append(tag)
        out.append(f"<li>{body}</li>")
    close_all()
    out.append(html[last_end:])
    return "".join(out)


class _ScratchDocument(QTextDocument):
    """A document that never loads images or style sheets (from disk or anywhere else)."""

    def loadResource(self, type: int, name: object) -> object:
        return None


def heading_char_format(level: int) -> QTextCharFormat:
    """How a subheading looks in the editor (sizes relative to the editor's font)."""
    fmt = QTextCharFormat()
    fmt.setFontWeight(QFont.Weight.Bold)
    fmt.setProperty(QTextFormat.Property.FontSizeAdjustment, max(0, 4 - level))
    return fmt


def link_char_format(href: str, palette: QPalette | None = None) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setAnchor(True)
    fmt.setAnchorHref(href)
    fmt.setFontUnderline(True)
    if palette is not None:
        fmt.setForeground(palette.color(QPalette.ColorRole.Link))
    return fmt


def _plain_char_format() -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setFontWeight(QFont.Weight.Normal)
    fmt.setFontItalic(False)
    fmt.setFontUnderline(False)
    return fmt


_ORDERED_STYLES = {
    QTextListFormat.Style.ListDecimal, QTextListFormat.Style.ListLowerAlpha,
    QTextListFormat.Style.ListUpperAlpha, QTextListFormat.Style.ListLowerRoman,
    QTextListFormat.Style.ListUpperRoman,
}


def clean_html_fragment(html: str, palette: QPalette | None = None) -> QTextDocumentFragment:
    """Pasted HTML rebuilt with only what a post body keeps: paragraphs, bold, italic, safe
    links, bullet and numbered lists, headings (as levels 2 to 4) and quotes. Table cells
    become paragraphs; images, scripts, fonts, colours and sizes are dropped."""
    source = _ScratchDocument()
    source.setUndoRedoEnabled(False)
    source.setHtml(word_lists_to_html(html))
    target = QTextDocument()
    target.setUndoRedoEnabled(False)
    cursor = QTextCursor(target)
    lists: dict[int, object] = {}
    first = True
    block = source.begin()
    while block.isValid():
        text = block.text().replace(_OBJECT, "")
        if not text.strip():
            block = block.next()
            continue
        source_format = block.blockFormat()
        block_format = QTextBlockFormat()
        level = source_format.headingLevel()
        heading = min(max(level, HEADING_LEVELS[0]), HEADING_LEVELS[-1]) if level else 0
        text_list = block.textList()
        if heading and not text_list:
            block_format.setHeadingLevel(heading)
        quote = source_format.intProperty(QTextFormat.Property.BlockQuoteLevel)
        if quote and not heading:
            block_format.setProperty(QTextFormat.Property.BlockQuoteLevel, min(quote, 3))
            block_format.setLeftMargin(BLOCKQUOTE_INDENT * min(quote, 3))
        base = heading_char_format(heading) if heading else _plain_char_format()
        if first:
            cursor.setBlockFormat(block_format)
            cursor.setBlockCharFormat(base)
            first = False
        else:
            cursor.insertBlock(block_format, base)
        if text_list is not None:
            key = text_list.objectIndex()
            existing = lists.get(key)
            if existing is None:
                style = text_list.format().style()
                list_format = QTextListFormat()
                list_format.setStyle(QTextListFormat.Style.ListDecimal if style in _ORDERED_STYLES
                                     else QTextListFormat.Style.ListDisc)
                list_format.setIndent(min(max(text_list.format().indent(), 1), 4))
                lists[key] = cursor.createList(list_format)
            else:
                existing.add(cursor.block())  # type: ignore[attr-defined]
        written = ""
        for _position, fragment_text, fmt in _fragments(block):
            if fmt.isImageFormat():
                continue
            piece = fragment_text.replace(_OBJECT, "").replace("\u00a0", " ").replace("\t", " ")
            piece = re.sub(" {2,}", " ", piece)
            if written.endswith(" ") or not written:
                piece = piece.lstrip(" ")  # where an image was, or at the start of the block
            if not piece:
                continue
            written = piece
            char_format = QTextCharFormat(base)
            if not heading:
                if fmt.fontWeight() >= QFont.Weight.DemiBold:
                    char_format.setFontWeight(QFont.Weight.Bold)
                if fmt.fontItalic():
                    char_format.setFontItalic(True)
            href = fmt.anchorHref().strip() if fmt.isAnchor() else ""
            if href and is_allowed_url(href):
                char_format.merge(link_char_format(href, palette))
            cursor.insertText(piece, char_format)
        block = block.next()
    return QTextDocumentFragment(target)


# --------------------------------------------------------------------------------- widget


@dataclass(frozen=True)
class FormatState:
    """The formats at the cursor, for the format bar's checked buttons."""

    bold: bool = False
    italic: bool = False
    link: bool = False
    bullet_list: bool = False
    numbered_list: bool = False
    quote: bool = False
    subheading: bool = False


class MarkdownTextEdit(QTextEdit):
    """A rich-text editor whose content goes in and out as Markdown."""

    formatStateChanged = Signal(object)
    """A :class:`FormatState` whenever the formats at the cursor change."""

    _HIGHLIGHT_MARK = QTextFormat.Property.UserProperty + 71

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptRichText(True)
        self.setTabChangesFocus(True)
        self.setAutoFormatting(QTextEdit.AutoFormattingFlag.AutoNone)
        self._last_state = FormatState()
        self._restyling = 0
        self.cursorPositionChanged.connect(self._update_format_state)
        self.currentCharFormatChanged.connect(self._update_format_state)

    # ------------------------------------------------------------------ Markdown in and out

    def markdown(self) -> str:
        """The content as normalised Markdown (see :func:`normalize_markdown`)."""
        return document_to_markdown(self.document())

    def set_markdown(self, text: str) -> None:
        """Replace the content (not an edit: the undo history starts afresh)."""
        document = self.document()
        placeholder = next(chr(code) for code in _PRIVATE_USE if chr(code) not in text)
        prepared = join_hard_breaks(text, placeholder)
        document.setMarkdown(prepared, _READ_FEATURES)
        if placeholder in prepared:
            cursor = QTextCursor(document)
            while True:
                cursor = document.find(placeholder, cursor)
                if cursor.isNull():
                    break
                cursor.insertText(_LINE_BREAK)
        self._restyle_document()
        document.clearUndoRedoStacks()
        document.setModified(False)
        cursor = self.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.Start)
        self.setTextCursor(cursor)

    def _quote_tint(self) -> QColor:
        """A quote's background: the base colour a little toward the text colour, readable in
        light and dark palettes alike (AlternateBase is not always set for dark ones)."""
        base = self.palette().color(QPalette.ColorRole.Base)
        text = self.palette().color(QPalette.ColorRole.Text)
        mix = 0.08
        return QColor(round(base.red() + (text.red() - base.red()) * mix),
                      round(base.green() + (text.green() - base.green()) * mix),
                      round(base.blue() + (text.blue() - base.blue()) * mix))

    def _style_block(self, cursor: QTextCursor, block: QTextBlock) -> None:
        """Room after paragraphs and a tinted background for quotes (neither is Markdown)."""
        fmt = block.blockFormat()
        quoted = fmt.intProperty(QTextFormat.Property.BlockQuoteLevel) > 0
        wanted = QTextBlockFormat()
        if block.textList() is None:
            wanted.setBottomMargin(self.fontMetrics().height() * 0.4)
        if quoted:
            wanted.setBackground(self._quote_tint())
        elif fmt.hasProperty(QTextFormat.Property.BackgroundBrush):
            fmt.clearBackground()
            cursor.setPosition(block.position())
            cursor.setBlockFormat(fmt)
        cursor.setPosition(block.position())
        cursor.mergeBlockFormat(wanted)

    def _restyle_document(self) -> None:
        """Links in the palette's link colour, headings at the house's sizes, room after
        paragraphs and a tint behind quotes."""
        document = self.document()
        cursor = QTextCursor(document)
        link_color = self.palette().color(QPalette.ColorRole.Link)
        block = document.begin()
        while block.isValid():
            self._style_block(cursor, block)
            level = block.blockFormat().headingLevel()
            if level:  # stored levels are kept (pasted ones become 2 to 4)
                cursor.setPosition(block.position())
                cursor.setPosition(block.position() + block.length() - 1,
                                   QTextCursor.MoveMode.KeepAnchor)
                cursor.mergeCharFormat(heading_char_format(level))
            for position, text, fmt in list(_fragments(block)):
                if fmt.isAnchor() and fmt.foreground().color() != link_color:
                    color = QTextCharFormat()
                    color.setForeground(link_color)
                    color.setFontUnderline(True)
                    cursor.setPosition(position)
                    cursor.setPosition(position + utf16_length(text),
                                       QTextCursor.MoveMode.KeepAnchor)
                    cursor.mergeCharFormat(color)
            block = block.next()

    # ------------------------------------------------------------------------- formatting

    def format_state(self) -> FormatState:
        cursor = self.textCursor()
        fmt = cursor.charFormat() if cursor.hasSelection() else self.currentCharFormat()
        block_format = cursor.blockFormat()
        text_list = cursor.currentList()
        style = text_list.format().style() if text_list is not None else None
        return FormatState(
            bold=fmt.fontWeight() >= QFont.Weight.DemiBold and not block_format.headingLevel(),
            italic=fmt.fontItalic(),
            link=fmt.isAnchor() and bool(fmt.anchorHref()),
            bullet_list=text_list is not None and style not in _ORDERED_STYLES,
            numbered_list=text_list is not None and style in _ORDERED_STYLES,
            quote=block_format.intProperty(QTextFormat.Property.BlockQuoteLevel) > 0,
            subheading=block_format.headingLevel() > 0,
        )

    def _update_format_state(self, *_args: object) -> None:
        state = self.format_state()
        if state != self._last_state:
            self._last_state = state
            self.formatStateChanged.emit(state)

    def _merge_format(self, fmt: QTextCharFormat) -> None:
        cursor = self.textCursor()
        if not cursor.hasSelection():
            cursor.select(QTextCursor.SelectionType.WordUnderCursor)
            if cursor.hasSelection() and self.textCursor().position() not in (
                    cursor.selectionStart(), cursor.selectionEnd()):
                cursor.mergeCharFormat(fmt)
        else:
            cursor.mergeCharFormat(fmt)
        self.mergeCurrentCharFormat(fmt)
        self._update_format_state()

    def toggle_bold(self) -> None:
        fmt = QTextCharFormat()
        fmt.setFontWeight(QFont.Weight.Normal if self.format_state().bold else QFont.Weight.Bold)
        self._merge_format(fmt)

    def toggle_italic(self) -> None:
        fmt = QTextCharFormat()
        fmt.setFontItalic(not self.format_state().italic)
        self._merge_format(fmt)

    def link_at_cursor(self) -> str | None:
        fmt = self.textCursor().charFormat()
        return fmt.anchorHref() if fmt.isAnchor() and fmt.anchorHref() else None

    def _link_range(self) -> QTextCursor:
        """A cursor over the whole link under the cursor (or the selection as it is)."""
        cursor = self.textCursor()
        if cursor.hasSelection():
            return cursor
        href = self.link_at_cursor()
        if href is None:
            return cursor
        block = cursor.block()
        for position, text, fmt in _fragments(block):
            if (fmt.isAnchor() and fmt.anchorHref() == href
                    and position <= cursor.position() <= position + utf16_length(text)):
                cursor.setPosition(position)
                cursor.setPosition(position + utf16_length(text), QTextCursor.MoveMode.KeepAnchor)
                break
        return cursor

    def set_link(self, url: str | None, text: str | None = None) -> bool:
        """Make the selection (or the link under the cursor) a link to ``url``; None removes
        the link. With no selection, ``text`` (or the URL) is inserted as the link's text.
        Returns False, changing nothing, for a URL that is not allowed."""
        cursor = self._link_range()
        if url is None:
            if cursor.hasSelection():
                fmt = QTextCharFormat()
                fmt.setAnchor(False)
                fmt.setAnchorHref("")
                fmt.setFontUnderline(False)
                fmt.clearForeground()
                cursor.mergeCharFormat(fmt)
                self._clear_link_properties(cursor)
            self._update_format_state()
            return True
        url = url.strip()
        if not is_allowed_url(url):
            return False
        url = _safe_href(url)
        link = link_char_format(url, self.palette())
        cursor.beginEditBlock()
        if cursor.hasSelection():
            cursor.mergeCharFormat(link)
        else:
            base = self.currentCharFormat()
            base.merge(link)
            cursor.insertText(text or url, base)
        cursor.endEditBlock()
        # typing after the link is not part of it
        after = self.textCursor()
        if not after.hasSelection():
            plain = self.currentCharFormat()
            plain.setAnchor(False)
            plain.setAnchorHref("")
            plain.setFontUnderline(False)
            plain.clearForeground()
            self.setCurrentCharFormat(plain)
        self._update_format_state()
        return True

    @staticmethod
    def _clear_link_properties(cursor: QTextCursor) -> None:
        start, end = cursor.selectionStart(), cursor.selectionEnd()
        document = cursor.document()
        block = document.findBlock(start)
        edit = QTextCursor(document)
        while block.isValid() and block.position() <= end:
            for position, text, fmt in list(_fragments(block)):
                lo, hi = max(position, start), min(position + utf16_length(text), end)
                if lo < hi and (fmt.hasProperty(QTextFormat.Property.AnchorHref)
                                or fmt.isAnchor()):
                    fmt.clearProperty(QTextFormat.Property.AnchorHref)
                    fmt.clearProperty(QTextFormat.Property.IsAnchor)
                    fmt.clearProperty(QTextFormat.Property.TextUnderlineStyle)
                    fmt.clearProperty(QTextFormat.Property.FontUnderline)
                    fmt.clearForeground()
                    edit.setPosition(lo)
                    edit.setPosition(hi, QTextCursor.MoveMode.KeepAnchor)
                    edit.setCharFormat(fmt)
            block = block.next()

    def _toggle_list(self, style: QTextListFormat.Style) -> None:
        cursor = self.textCursor()
        current = cursor.currentList()
        ordered = style in _ORDERED_STYLES
        cursor.beginEditBlock()
        if current is not None and (current.format().style() in _ORDERED_STYLES) == ordered:
            for block in self._selected_blocks(cursor):
                text_list = block.textList()
                if text_list is not None:
                    text_list.remove(block)
                fmt = block.blockFormat()
                fmt.setIndent(0)
                edit = QTextCursor(block)
                edit.setBlockFormat(fmt)
        elif current is not None:
            fmt = current.format()
            fmt.setStyle(style)
            current.setFormat(fmt)
        else:
            self._set_heading(cursor, 0)
            list_format = QTextListFormat()
            list_format.setStyle(style)
            list_format.setIndent(1)
            cursor.createList(list_format)
        cursor.endEditBlock()
        self._update_format_state()

    def toggle_bullet_list(self) -> None:
        self._toggle_list(QTextListFormat.Style.ListDisc)

    def toggle_numbered_list(self) -> None:
        self._toggle_list(QTextListFormat.Style.ListDecimal)

    @staticmethod
    def _selected_blocks(cursor: QTextCursor) -> list[QTextBlock]:
        document = cursor.document()
        block = document.findBlock(cursor.selectionStart())
        last = document.findBlock(cursor.selectionEnd())
        blocks = [block]
        while block != last and block.isValid():
            block = block.next()
            blocks.append(block)
        return [b for b in blocks if b.isValid()]

    def toggle_quote(self) -> None:
        cursor = self.textCursor()
        quoted = not self.format_state().quote
        cursor.beginEditBlock()
        for block in self._selected_blocks(cursor):
            fmt = block.blockFormat()
            if quoted:
                fmt.setProperty(QTextFormat.Property.BlockQuoteLevel, 1)
                fmt.setLeftMargin(BLOCKQUOTE_INDENT)
                fmt.setHeadingLevel(0)
                fmt.setBackground(self._quote_tint())
            else:
                fmt.clearProperty(QTextFormat.Property.BlockQuoteLevel)
                fmt.setLeftMargin(0)
                fmt.setRightMargin(0)
                fmt.clearBackground()
            edit = QTextCursor(block)
            edit.setBlockFormat(fmt)
        cursor.endEditBlock()
        self._update_format_state()

    def _set_heading(self, cursor: QTextCursor, level: int) -> None:
        for block in self._selected_blocks(cursor):
            if level and block.textList() is not None:
                block.textList().remove(block)
            fmt = block.blockFormat()
            fmt.setHeadingLevel(level)
            if level:
                fmt.clearProperty(QTextFormat.Property.BlockQuoteLevel)
                fmt.setLeftMargin(0)
                fmt.setIndent(0)
                fmt.clearBackground()
            edit = QTextCursor(block)
            edit.setBlockFormat(fmt)
            edit.movePosition(QTextCursor.MoveOperation.EndOfBlock,
                              QTextCursor.MoveMode.KeepAnchor)
            char_format = heading_char_format(level) if level else QTextCharFormat()
            if not level:
                char_format.setFontWeight(QFont.Weight.Normal)
                char_format.setProperty(QTextFormat.Property.FontSizeAdjustment, 0)
            edit.mergeCharFormat(char_format)
            edit.mergeBlockCharFormat(char_format)

    def toggle_subheading(self) -> None:
        cursor = self.textCursor()
        level = 0 if self.format_state().subheading else SUBHEADING_LEVEL
        cursor.beginEditBlock()
        self._set_heading(cursor, level)
        cursor.endEditBlock()
        char_format = self.currentCharFormat()
        char_format.merge(heading_char_format(level) if level else _plain_char_format())
        if not level:
            char_format.setProperty(QTextFormat.Property.FontSizeAdjustment, 0)
        self.setCurrentCharFormat(char_format)
        self._update_format_state()

    def clear_formatting(self) -> None:
        """Plain text: no bold, italic or link in the selection; with no selection, the
        current paragraph also stops being a list item, quote or subheading."""
        cursor = self.textCursor()
        cursor.beginEditBlock()
        if cursor.hasSelection():
            cursor.mergeCharFormat(_plain_char_format())
            self._clear_link_properties(cursor)
        else:
            block = cursor.block()
            text_list = block.textList()
            if text_list is not None:
                text_list.remove(block)
            self._set_heading(cursor, 0)
            fmt = cursor.blockFormat()
            fmt.clearProperty(QTextFormat.Property.BlockQuoteLevel)
            fmt.setLeftMargin(0)
            fmt.setIndent(0)
            fmt.clearBackground()
            cursor.setBlockFormat(fmt)
            whole = QTextCursor(block)
            whole.movePosition(QTextCursor.MoveOperation.EndOfBlock,
                               QTextCursor.MoveMode.KeepAnchor)
            whole.mergeCharFormat(_plain_char_format())
            self._clear_link_properties(whole)
        cursor.endEditBlock()
        plain = QTextCharFormat()
        plain.setFontWeight(QFont.Weight.Normal)
        self.setCurrentCharFormat(plain)
        self._update_format_state()

    # ----------------------------------------------------------------------------- search

    def highlight_terms(self, terms: list[str]) -> None:
        """Mark every match of ``terms`` (case-insensitive) with extra selections; [] clears.
        Other extra selections (spelling underlines) are kept."""
        keep = [s for s in self.extraSelections() if not s.format.hasProperty(self._HIGHLIGHT_MARK)]
        ours: list[QTextEdit.ExtraSelection] = []
        fmt = QTextCharFormat()
        fmt.setBackground(self.palette().color(QPalette.ColorRole.Highlight).lighter(130)
                          if self.palette().color(QPalette.ColorRole.Base).lightness() > 128
                          else self.palette().color(QPalette.ColorRole.Highlight).darker(130))
        fmt.setForeground(self.palette().color(QPalette.ColorRole.HighlightedText))
        fmt.setProperty(self._HIGHLIGHT_MARK, True)
        document = self.document()
        cleaned = {t.strip().strip('"').rstrip("*").strip() for t in terms if t}
        for term in sorted(t for t in cleaned if t):
            cursor = QTextCursor(document)
            while True:
                cursor = document.find(term, cursor)
                if cursor.isNull():
                    break
                selection = QTextEdit.ExtraSelection()
                selection.cursor = QTextCursor(cursor)
                selection.format = fmt
                ours.append(selection)
                if len(ours) > 5000:
                    break
        self.setExtraSelections(keep + ours)

    def highlighted_ranges(self) -> list[tuple[int, int]]:
        return sorted((s.cursor.selectionStart(), s.cursor.selectionEnd())
                      for s in self.extraSelections()
                      if s.format.hasProperty(self._HIGHLIGHT_MARK))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.text() and event.text().isprintable() and not self.textCursor().hasSelection():
            self._leave_link_at_its_end()
        super().keyPressEvent(event)

    def _leave_link_at_its_end(self) -> None:
        """Typing just after a link is not part of the link (Qt would extend it)."""
        cursor = self.textCursor()
        fmt = self.currentCharFormat()
        if not fmt.isAnchor():
            return
        after = QTextCursor(self.document())
        after.setPosition(cursor.position())
        if not after.atBlockEnd():
            after.movePosition(QTextCursor.MoveOperation.NextCharacter)
            if after.charFormat().isAnchor() and \
                    after.charFormat().anchorHref() == fmt.anchorHref():
                return  # inside the link: typing edits its text
        plain = QTextCharFormat(fmt)
        plain.setAnchor(False)
        plain.clearProperty(QTextFormat.Property.AnchorHref)
        plain.clearProperty(QTextFormat.Property.IsAnchor)
        plain.setFontUnderline(False)
        plain.clearForeground()
        self.setCurrentCharFormat(plain)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            document = self.document()
            if not document.isUndoAvailable() and not document.isRedoAvailable():
                # recolouring is an edit: only when it cannot join an undo history
                modified = document.isModified()
                self._restyling += 1
                try:
                    self._restyle_document()
                finally:
                    self._restyling -= 1
                document.clearUndoRedoStacks()
                document.setModified(modified)

    def is_restyling(self) -> bool:
        """True while the editor changes the look of its text itself (not an edit)."""
        return self._restyling > 0

    # ---------------------------------------------------------------------------- pasting

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        if source.hasUrls() and not source.hasHtml() and all(
                url.isLocalFile() for url in source.urls()):
            return False  # files dropped from a file manager: photos go in the Photos section
        return source.hasHtml() or source.hasText()

    def insertFromMimeData(self, source: QMimeData) -> None:
        if not self.canInsertFromMimeData(source):
            return
        cursor = self.textCursor()
        if source.hasHtml() and len(source.html()) <= MAX_RICH_PASTE:
            fragment = clean_html_fragment(source.html(), self.palette())
            cursor.beginEditBlock()
            first = cursor.block().blockNumber()
            cursor.insertFragment(fragment)
            block = self.document().findBlockByNumber(first)
            style = QTextCursor(self.document())
            while block.isValid() and block.blockNumber() <= cursor.block().blockNumber():
                self._style_block(style, block)
                block = block.next()
            cursor.endEditBlock()
        elif source.hasText() or source.hasHtml():
            text = source.text() if source.hasText() else QTextDocumentFragment.fromHtml(
                source.html()).toPlainText()
            plain = self.currentCharFormat()
            if plain.isAnchor():
                plain.setAnchor(False)
                plain.setAnchorHref("")
                plain.setFontUnderline(False)
                plain.clearForeground()
            cursor.beginEditBlock()
            cursor.insertText(text.replace("\r\n", "\n").replace("\r", "\n"), plain)
            cursor.endEditBlock()
        self.setTextCursor(cursor)
        self.ensureCursorVisible()
