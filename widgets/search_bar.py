"""The search box (Ctrl+F): filters the post list through the store's FTS5 search as one types.

The text goes to ``BlogStore.find_post_ids(text=...)``, which quotes every word, so any text is
safe: quotes, NEAR, AND, ``*``, ``-``, parentheses and emoji are plain words. :func:`search_terms`
turns the same text into the words to highlight in the post list and the editor.
"""

from __future__ import annotations

import html
import os
import re

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QIcon, QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from widgets import icons

os.environ.setdefault("QT_API", "pyside6")

#: Milliseconds of quiet typing before the search runs.
DEBOUNCE_MS = 200
#: Stripped from the ends of a search word: quotes, brackets, operators, punctuation.
_SPLIT_RE = re.compile(r"[\s\"“”„«»()\[\]{}*+^~:;,!?/\\|&=]+")
_EDGE_CHARS = "\"'“”‘’„«»()[]{}<>*+-^~:;,.!?/\\|&%=_`"


_UNSAFE_RE = re.compile(r"[\x00-\x1f\x7f\ud800-\udfff]")


def clean_search_text(text: str) -> str:
    """What may reach the store's search: control characters (a pasted NUL, tabs, line breaks)
    become spaces and unpaired surrogates are dropped; everything else stays as typed."""
    return _UNSAFE_RE.sub(lambda m: "" if m.group(0) >= "\ud800" else " ", text)


def search_terms(text: str) -> list[str]:
    """The words of a search, for highlighting: split on spaces, quotes, brackets and operator
    characters, other punctuation stripped from the ends (``"north`` → ``north``, ``-drone`` →
    ``drone``; ``north-east`` and ``O'Brien`` stay whole), each word once (case-insensitively),
    in the order typed."""
    terms: dict[str, str] = {}
    for word in _SPLIT_RE.split(text):
        word = word.strip(_EDGE_CHARS)
        if word and word.casefold() not in terms:
            terms[word.casefold()] = word
    return list(terms.values())


def term_pattern(terms: list[str]) -> re.Pattern[str] | None:
    """A case-insensitive pattern finding the terms at the start of words (the search matches
    prefixes), longest first; None without terms. For delegates that bold the matches."""
    if not terms:
        return None
    alternatives = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})", re.IGNORECASE)


def term_spans(text: str, terms: list[str]) -> list[tuple[int, int]]:
    """Where the terms occur in ``text`` as ``(start, length)`` in UTF-16 code units (Qt's
    positions: for ``QTextLayout.FormatRange`` or ``QTextCursor``), in order."""
    pattern = term_pattern(terms)
    if pattern is None:
        return []
    spans = []
    for match in pattern.finditer(text):
        start = _utf16_len(text[:match.start()])
        spans.append((start, _utf16_len(match.group(0))))
    return spans


def highlight_html(text: str, terms: list[str]) -> str:
    """``text`` as escaped HTML with the terms in ``<b>`` (for a rich-text delegate or label)."""
    pattern = term_pattern(terms)
    if pattern is None:
        return html.escape(text)
    parts: list[str] = []
    last = 0
    for match in pattern.finditer(text):
        parts.append(html.escape(text[last:match.start()]))
        parts.append(f"<b>{html.escape(match.group(0))}</b>")
        last = match.end()
    parts.append(html.escape(text[last:]))
    return "".join(parts)


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


class SearchBar(QWidget):
    """A search field with a clear button, a match count and a close button.

    ``search_changed(text)`` fires ~200 ms after the last keystroke (at once when cleared);
    Esc clears the field, hides the bar and emits ``closed()``.
    """

    search_changed = Signal(str)
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Search posts")
        self._last_emitted = ""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._emit_now)

        self.line_edit = QLineEdit(self)
        self.line_edit.setPlaceholderText("Search headlines, text and contributors")
        self.line_edit.setAccessibleName("Search text")
        self.line_edit.setClearButtonEnabled(True)
        icons.set_icon(self.line_edit.addAction(QIcon(), QLineEdit.ActionPosition.LeadingPosition),
                       "fa5s.search")
        self.line_edit.textChanged.connect(self._on_text_changed)
        self.line_edit.installEventFilter(self)
        self.count_label = QLabel(self)
        self.count_label.setAccessibleName("Search results")
        self.close_button = QToolButton(self)
        icons.set_icon(self.close_button, "fa5s.times")
        self.close_button.setToolTip("Close search (Esc)")
        self.close_button.setAccessibleName("Close search")
        self.close_button.setAutoRaise(True)
        self.close_button.clicked.connect(self.close_search)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addWidget(self.line_edit, 1)
        layout.addWidget(self.count_label)
        layout.addWidget(self.close_button)

    # ------------------------------------------------------------------------------- public

    def text(self) -> str:
        return self.line_edit.text()

    def set_text(self, text: str) -> None:
        """Set the search (as if typed; the signal follows after the debounce)."""
        self.line_edit.setText(text)

    def terms(self) -> list[str]:
        return search_terms(self.line_edit.text())

    def activate(self) -> None:
        """Show the bar, focus the field and select its text (bound to Ctrl+F)."""
        self.show()
        self.line_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.line_edit.selectAll()

    def clear(self) -> None:
        """Empty the field and tell listeners at once."""
        self.line_edit.clear()
        self._emit_now()

    def close_search(self) -> None:
        """Clear, hide and emit ``closed()`` (Esc)."""
        self.clear()
        self.hide()
        self.closed.emit()

    def set_count(self, matching: int | None) -> None:
        """Show how many posts match (None hides the count)."""
        if matching is None:
            self.count_label.clear()
        else:
            self.count_label.setText("1 match" if matching == 1 else f"{matching} matches")

    def flush(self) -> None:
        """Emit a pending search now (before the debounce ends)."""
        if self._timer.isActive():
            self._timer.stop()
            self._emit_now()

    # ------------------------------------------------------------------------------ private

    def _on_text_changed(self, text: str) -> None:
        if not text.strip():
            self._timer.stop()
            self._emit_now()
        else:
            self._timer.start()

    def _emit_now(self) -> None:
        text = self.line_edit.text()
        if text == self._last_emitted:
            return
        self._last_emitted = text
        self.search_changed.emit(text)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.line_edit and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Escape):
            self.close_search()
            return True
        return super().eventFilter(watched, event)
