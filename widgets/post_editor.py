"""The post editor: one post at a time, every field of it.

Typing (headline, body, update note) stays in the editor until the window asks for it
(:meth:`PostEditor.pending_text_changes`, about a second after a pause): each field keeps its own
undo history. Every other change (label, status, publish time, contributors, photos) is sent at
once as ``structural_edit(field, new, old)``; the window turns it into an undo command that
writes the store and then calls :meth:`PostEditor.show_post` with the updated post.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from PySide6.QtCore import (
    QDate,
    QDateTime,
    QSignalBlocker,
    Qt,
    QTime,
    QTimer,
    QTimeZone,
    Signal,
)
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from storage.models import Contributor, Media, Post
from widgets.contributors_editor import ContributorsEditor, set_themed_icon
from widgets.flow_layout import FlowLayout
from widgets.format_bar import FormatBar
from widgets.markdown_text import MarkdownTextEdit
from widgets.photos_editor import PhotosEditor, line_field, show_start

DEFAULT_LABELS = ("Analysis", "Breaking", "Catch up", "Explainer", "Fact check", "Opinion")
EMPTY_HINT = "Select a post, or press Ctrl+N for a new one"
_WORD_RE = re.compile("\\w+(?:['\u2019.-]\\w+)*")  # ' and ’ inside words
_NO_TIME = QDateTime(QDate(2000, 1, 1), QTime(0, 0), QTimeZone(QTimeZone.Initialization.UTC))


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def iso_to_wall(value: str, timezone: str) -> datetime:
    """A stored ISO 8601 time as the wall-clock time (naive) in ``timezone``."""
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=_zone(timezone))
    return moment.astimezone(_zone(timezone)).replace(tzinfo=None)


def wall_to_iso(wall: datetime, timezone: str) -> str:
    """A wall-clock time in ``timezone`` as ISO 8601 with that zone's offset, to the second."""
    return wall.replace(tzinfo=_zone(timezone), microsecond=0).isoformat(timespec="seconds")


def count_words(text: str) -> int:
    """Words as a reader counts them ("don't", "U.S." and "e-mail" are one each)."""
    return len(_WORD_RE.findall(text))


class PostEditor(QWidget):
    """Headline, label, status, publish time, contributors, body, update note and photos."""

    text_edited = Signal()
    """A keystroke (or formatting) in the headline, body or update note."""

    structural_edit = Signal(str, object, object)
    """(field, new value, old value) for label, status, published_at, contributors, media."""

    text_widgets_changed = Signal()
    """Photo rows came or went: :meth:`text_widgets` has changed (for spell checking)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Post editor")
        self._post: Post | None = None
        self._timezone = "UTC"
        self._updating = 0
        self._saved: dict[str, Any] = {"headline": "", "body": "", "update_note": None}
        self._values: dict[str, Any] = {}
        self._pending_body: str | None = None
        self._labels: list[str] = list(DEFAULT_LABELS)
        self._build()
        self._connect()
        self.load_post(None)

    # ------------------------------------------------------------------------------ build

    def _build(self) -> None:
        self.headline = line_field("Headline", "Headline", self)
        font = QFont(self.headline.font())
        font.setPointSizeF(font.pointSizeF() * 1.45 if font.pointSizeF() > 0 else 16)
        font.setWeight(QFont.Weight.Bold)
        self.headline.setFont(font)
        self.headline.setToolTip("Headline")

        self.label_combo = QComboBox(self)
        self.label_combo.setEditable(True)
        self.label_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.label_combo.setAccessibleName("Label")
        self.label_combo.setToolTip("Label shown above the headline (empty for none); type a "
                                    "new one or pick one")
        self.label_combo.lineEdit().setPlaceholderText("No label")
        self.label_combo.lineEdit().setAccessibleName("Label")
        self.label_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.label_combo.setMinimumContentsLength(10)

        self.status_combo = QComboBox(self)
        self.status_combo.addItem("Draft", "draft")
        self.status_combo.addItem("Published", "published")
        self.status_combo.setAccessibleName("Status")
        self.status_combo.setToolTip("Drafts are never exported")

        self.time_edit = QDateTimeEdit(self)
        self.time_edit.setTimeZone(QTimeZone(QTimeZone.Initialization.UTC))
        self.time_edit.setCalendarPopup(True)
        self.time_edit.setDisplayFormat("d MMM yyyy HH:mm")
        self.time_edit.setMinimumDateTime(_NO_TIME)
        self.time_edit.setSpecialValueText("Not set")
        self.time_edit.setAccessibleName("Publish time")
        self.time_edit.setKeyboardTracking(False)
        self.zone_label = QLabel(self)
        self.zone_label.setAccessibleName("Time zone")
        self.now_button = QPushButton("Now", self)
        set_themed_icon(self.now_button, self, "fa5s.clock")
        self.now_button.setAccessibleName("Set publish time to now")
        self.now_button.setToolTip("Set the publish time to now")

        self.contributors = ContributorsEditor(self)
        self.body = MarkdownTextEdit(self)
        self.body.setAccessibleName("Body")
        self.body.setPlaceholderText("Write the post…")
        self.body.setMinimumHeight(self.fontMetrics().height() * 10)
        self.body.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.format_bar = FormatBar(self.body, self)

        self.update_note = line_field("Update note, like: This post has been updated with "
                                      "more reporting.", "Update note", self)
        self.photos = PhotosEditor(self)

        meta = FlowLayout(spacing=self.fontMetrics().averageCharWidth() * 2, wide_hint=True)
        for text, widgets in (("&Label:", [self.label_combo]),
                              ("&Status:", [self.status_combo]),
                              ("&Published:", [self.time_edit, self.zone_label]),
                              ("", [self.now_button])):
            group = QWidget(self)
            row = QHBoxLayout(group)
            row.setContentsMargins(0, 0, 0, 0)
            if text:
                caption = QLabel(text, group)
                caption.setBuddy(widgets[0])
                row.addWidget(caption)
            for widget in widgets:
                widget.setParent(group)
                row.addWidget(widget)
            meta.addWidget(group)

        contributors_caption = QLabel("&Contributors:", self)
        contributors_caption.setBuddy(self.contributors.add_button)
        contributors_caption.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        contributors_row = QHBoxLayout()
        contributors_row.addWidget(contributors_caption, 0, Qt.AlignmentFlag.AlignTop)
        contributors_row.addWidget(self.contributors, 1)

        note_caption = QLabel("&Update note:", self)
        note_caption.setBuddy(self.update_note)
        note_row = QHBoxLayout()
        note_row.addWidget(note_caption)
        note_row.addWidget(self.update_note, 1)

        body_frame = QFrame(self)
        body_frame.setFrameShape(QFrame.Shape.NoFrame)
        body_layout = QVBoxLayout(body_frame)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.setSpacing(0)
        body_layout.addWidget(self.format_bar)
        body_layout.addWidget(self.body, 1)

        self.form = QWidget(self)
        form_layout = QVBoxLayout(self.form)
        form_layout.setContentsMargins(8, 8, 8, 8)
        form_layout.setSpacing(6)
        form_layout.addWidget(self.headline)
        form_layout.addLayout(meta)
        form_layout.addLayout(contributors_row)
        form_layout.addWidget(body_frame, 1)
        form_layout.addLayout(note_row)
        form_layout.addWidget(self.photos)

        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(self.form)
        self.scroll.setAccessibleName("Post fields")

        self.hint = QLabel(EMPTY_HINT, self)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setWordWrap(True)
        self.hint.setAccessibleName("No post selected")
        self.hint.setEnabled(False)

        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.hint)
        self.stack.addWidget(self.scroll)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self._fill_labels()
        self._update_tab_order()

    def _connect(self) -> None:
        self.headline.textEdited.connect(self._on_text_edited)
        self.update_note.textEdited.connect(self._on_text_edited)
        self.body.document().contentsChanged.connect(self._on_body_changed)
        self.label_combo.activated.connect(self._on_label_edited)
        self.label_combo.lineEdit().editingFinished.connect(self._on_label_edited)
        self.status_combo.activated.connect(self._on_status_edited)
        self.time_edit.editingFinished.connect(self._on_time_edited)
        calendar = self.time_edit.calendarWidget()
        if calendar is not None:  # a day picked in the popup is an edit at once
            calendar.clicked.connect(lambda *_: QTimer.singleShot(0, self._on_time_edited))
            calendar.activated.connect(lambda *_: QTimer.singleShot(0, self._on_time_edited))
        self.now_button.clicked.connect(self.set_time_now)
        self.contributors.contributorsChanged.connect(
            lambda new: self._emit_structural("contributors", list(new)))
        self.photos.mediaChanged.connect(lambda new: self._emit_structural("media", list(new)))
        self.contributors.rowsChanged.connect(self._update_tab_order)
        self.photos.rowsChanged.connect(self._update_tab_order)
        self.photos.textWidgetsChanged.connect(self.text_widgets_changed)

    def _update_tab_order(self) -> None:
        chain: list[QWidget] = [self.headline, self.label_combo, self.status_combo,
                                self.time_edit, self.now_button,
                                *self.contributors.focus_chain(), self.body, self.update_note,
                                *self.photos.focus_chain()]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def tab_chain(self) -> list[QWidget]:
        """The widgets Tab visits, in order (for tests and the window's Tab handling)."""
        return [self.headline, self.label_combo, self.status_combo, self.time_edit,
                self.now_button, *self.contributors.focus_chain(), self.body,
                self.update_note, *self.photos.focus_chain()]

    # ---------------------------------------------------------------------------- context

    def set_context(self, *, timezone: str, labels: list[str], contributor_names: list[str],
                    media_loader: Callable[[str], tuple[bytes, str] | None],
                    store_media_file: Callable[[Path], str]) -> None:
        """What the editor offers for the current blog (call again when it changes)."""
        self._timezone = timezone or "UTC"
        self._labels = list(dict.fromkeys([*DEFAULT_LABELS, *labels]))
        self.contributors.set_names(contributor_names)
        self.photos.set_callbacks(media_loader, store_media_file)
        self._updating += 1
        try:
            self._fill_labels()
            self._show_zone()
        finally:
            self._updating -= 1

    def _fill_labels(self) -> None:
        current = self.label_combo.currentText()
        with QSignalBlocker(self.label_combo):
            self.label_combo.clear()
            self.label_combo.addItem("")
            labels = sorted(set(self._labels) | ({current} if current else set()),
                            key=str.casefold)
            self.label_combo.addItems(labels)
            self.label_combo.setCurrentText(current)

    def _show_zone(self) -> None:
        """The zone's abbreviation at the time shown (BST in summer, GMT in winter)."""
        wall = self._wall_time() if hasattr(self, "time_edit") else None
        zone = _zone(self._timezone)
        moment = wall.replace(tzinfo=zone) if wall is not None else datetime.now(zone)
        offset = moment.strftime("%z")
        self.zone_label.setText(moment.strftime("%Z") or self._timezone)
        self.zone_label.setToolTip(f"Times are in the blog's time zone, {self._timezone} "
                                   f"(UTC{offset[:3]}:{offset[3:]} at the time shown)")

    # ------------------------------------------------------------------------------- load

    def post_id(self) -> int | None:
        return self._post.id if self._post is not None else None

    def load_post(self, post: Post | None) -> None:
        """Show ``post`` (None: an empty, disabled editor with a hint). Each text field's undo
        history starts afresh."""
        self._post = post
        self._updating += 1
        try:
            if post is None:
                self.headline.setText("")
                self.body.set_markdown("")
                self.update_note.setText("")
                self.contributors.set_contributors([])
                self.photos.set_media([])
                self._set_label(None)
                self._set_status("draft", None)
                self._saved = {"headline": "", "body": "", "update_note": None}
                self._values = {}
                self.form.setEnabled(False)
                self.stack.setCurrentWidget(self.hint)
                return
            self.form.setEnabled(True)
            self.stack.setCurrentWidget(self.scroll)
            self.headline.setText(post.headline)
            self.body.set_markdown(post.body)
            self.update_note.setText(post.update_note or "")
            for field in (self.headline, self.update_note):
                show_start(field)
            self._saved = {"headline": post.headline, "body": post.body,
                           "update_note": post.update_note}
            self._show_structure(post)
            self.photos.set_expanded(bool(post.media) and self.photos.is_expanded())
        finally:
            self._updating -= 1
        self._reset_undo()
        self._pending_body = None

    def _reset_undo(self) -> None:
        for widget in (self.headline, self.update_note):
            document = getattr(widget, "document", None)
            if callable(document):
                document().clearUndoRedoStacks()
            elif hasattr(widget, "setModified"):
                widget.setText(widget.text())  # QLineEdit: setText clears its history
        self.body.document().clearUndoRedoStacks()
        self.body.document().setModified(False)

    def _show_structure(self, post: Post) -> None:
        self._set_label(post.label)
        self._set_status(post.status, post.published_at)
        self.contributors.set_contributors(list(post.contributors))
        self.photos.set_media(list(post.media))
        self._values = {"label": post.label, "status": post.status,
                        "published_at": post.published_at,
                        "contributors": list(post.contributors), "media": list(post.media)}

    def show_post(self, post: Post) -> None:
        """Refresh from the store after an undo, a redo or another change, keeping the cursor
        and the undo history of each text field the change did not touch. Emits nothing."""
        if self._post is None or post.id != self._post.id:
            self.load_post(post)
            return
        self._post = post
        self._updating += 1
        try:
            if post.headline != self._saved["headline"]:
                if post.headline != self.headline.text():
                    self._replace_line(self.headline, post.headline)
                self._saved["headline"] = post.headline
            if (post.update_note or None) != (self._saved["update_note"] or None):
                if (post.update_note or "") != self.update_note.text():
                    self._replace_line(self.update_note, post.update_note or "")
                self._saved["update_note"] = post.update_note
            if post.body != self._saved["body"]:
                if post.body != self.body.markdown():
                    self._replace_body(post.body)
                self._saved["body"] = post.body
                self.body.document().setModified(False)
            self._show_structure(post)
        finally:
            self._updating -= 1

    @staticmethod
    def _replace_line(field: QLineEdit, text: str) -> None:
        position = field.textCursor().position() if hasattr(field, "textCursor") else (
            field.cursorPosition())
        field.setText(text)
        if hasattr(field, "textCursor"):
            cursor = field.textCursor()  # type: ignore[attr-defined]
            cursor.setPosition(min(position, len(field.document().toPlainText())))  # type: ignore
            field.setTextCursor(cursor)  # type: ignore[attr-defined]
        else:
            field.setCursorPosition(min(position, len(text)))

    def _replace_body(self, markdown: str) -> None:
        position = self.body.textCursor().position()
        scroll = self.body.verticalScrollBar().value()
        self.body.set_markdown(markdown)
        cursor = self.body.textCursor()
        cursor.setPosition(min(position, self.body.document().characterCount() - 1))
        self.body.setTextCursor(cursor)
        self.body.verticalScrollBar().setValue(scroll)

    # ------------------------------------------------------------------------ text fields

    def _on_text_edited(self, *_args: object) -> None:
        if not self._updating and self._post is not None:
            self.text_edited.emit()

    def _on_body_changed(self) -> None:
        if not self._updating and self._post is not None and not self.body.is_restyling():
            self._pending_body = None
            self.text_edited.emit()

    def pending_text_changes(self) -> dict[str, str | None]:
        """The text fields changed since the last load or :meth:`mark_saved`: among
        ``headline``, ``body`` (normalised Markdown) and ``update_note`` (None when empty)."""
        if self._post is None:
            return {}
        changes: dict[str, str | None] = {}
        headline = self.headline.text()
        if headline != self._saved["headline"]:
            changes["headline"] = headline
        note = self.update_note.text().strip() or None
        if note != (self._saved["update_note"] or None):
            changes["update_note"] = note
        if self.body.document().isModified():
            body = self.body.markdown()
            self._pending_body = body
            if body != self._saved["body"]:
                changes["body"] = body
        return changes

    def mark_saved(self) -> None:
        """The window saved :meth:`pending_text_changes`: they are no longer pending."""
        if self._post is None:
            return
        self._saved["headline"] = self.headline.text()
        self._saved["update_note"] = self.update_note.text().strip() or None
        if self.body.document().isModified():
            body = self._pending_body if self._pending_body is not None else self.body.markdown()
            self._saved["body"] = body
            self.body.document().setModified(False)
        self._pending_body = None

    # ------------------------------------------------------------------------- structure

    def _emit_structural(self, field: str, new: object) -> None:
        if self._updating or self._post is None:
            return
        old = self._values.get(field)
        if new == old:
            return
        self._values[field] = new
        self.structural_edit.emit(field, new, old)

    def _set_label(self, label: str | None) -> None:
        with QSignalBlocker(self.label_combo):
            if label and self.label_combo.findText(label) < 0:
                self._labels.append(label)
                self._fill_labels()
            self.label_combo.setCurrentText(label or "")

    def _on_label_edited(self, *_args: object) -> None:
        text = " ".join(self.label_combo.currentText().split())
        if text and self.label_combo.findText(text) < 0:
            self._labels.append(text)
            self._fill_labels()
            self.label_combo.setCurrentText(text)
        self._emit_structural("label", text or None)

    def _set_status(self, status: str, published_at: str | None) -> None:
        with QSignalBlocker(self.status_combo):
            self.status_combo.setCurrentIndex(max(0, self.status_combo.findData(status)))
        with QSignalBlocker(self.time_edit):
            if published_at:
                wall = iso_to_wall(published_at, self._timezone)
                self.time_edit.setDateTime(QDateTime(
                    QDate(wall.year, wall.month, wall.day),
                    QTime(wall.hour, wall.minute, wall.second),
                    QTimeZone(QTimeZone.Initialization.UTC)))
            else:
                self.time_edit.setDateTime(_NO_TIME)
        self.time_edit.setEnabled(bool(published_at) or status == "published")
        self._show_zone()

    def _on_status_edited(self, *_args: object) -> None:
        self._emit_structural("status", self.status_combo.currentData())

    def _wall_time(self) -> datetime | None:
        value = self.time_edit.dateTime()
        if value == _NO_TIME:
            return None
        date, time = value.date(), value.time()
        return datetime(date.year(), date.month(), date.day(), time.hour(), time.minute(),
                        time.second())

    def _on_time_edited(self) -> None:
        wall = self._wall_time()
        old = self._values.get("published_at")
        if wall is None:
            return
        if old:
            before = iso_to_wall(old, self._timezone)
            if before.replace(second=0) == wall.replace(second=0):
                return  # only the hidden seconds differ
        self._show_zone()
        self._emit_structural("published_at", wall_to_iso(wall, self._timezone))

    def set_time_now(self) -> None:
        """Set the publish time to the current minute in the blog's time zone."""
        now = datetime.now(_zone(self._timezone)).replace(second=0, microsecond=0)
        wall = now.replace(tzinfo=None)
        with QSignalBlocker(self.time_edit):
            self.time_edit.setEnabled(True)
            self.time_edit.setDateTime(QDateTime(
                QDate(wall.year, wall.month, wall.day), QTime(wall.hour, wall.minute),
                QTimeZone(QTimeZone.Initialization.UTC)))
        self._show_zone()
        self._emit_structural("published_at", wall_to_iso(wall, self._timezone))

    def published_at(self) -> str | None:
        """The publish time shown, as ISO 8601 in the blog's time zone (None: not set)."""
        wall = self._wall_time()
        return None if wall is None else wall_to_iso(wall, self._timezone)

    # ------------------------------------------------------------------------------ misc

    def focus_headline(self) -> None:
        self.headline.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def focus_body(self) -> None:
        self.body.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def word_count(self) -> int:
        """Words in the headline and the body."""
        return count_words(self.headline.text()) + count_words(self.body.toPlainText())

    def text_widgets(self) -> list[QWidget]:
        """The fields to spell check: headline, body, update note, photo captions and alt
        texts."""
        return [self.headline, self.body, self.update_note, *self.photos.text_widgets()]

    def highlight_terms(self, terms: list[str]) -> None:
        """Highlight the search terms in the body (an empty list clears)."""
        self.body.highlight_terms(terms)

    def current_contributors(self) -> list[Contributor]:
        return self.contributors.contributors()

    def current_media(self) -> list[Media]:
        return self.photos.media()
