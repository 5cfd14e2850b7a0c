"""A minimal PostEditor with the agreed interface, for the desktop tests only, used while
``widgets/post_editor.py`` is not in the tree. The app always imports the real editor."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QTextEdit, QWidget

from storage import Post


class PostEditor(QWidget):
    text_edited = Signal()
    structural_edit = Signal(str, object, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._post: Post | None = None
        self._saved: dict[str, str | None] = {}
        self.headline = QLineEdit(self)
        self.headline.setAccessibleName("Headline")
        self.body = QTextEdit(self)
        self.body.setAccessibleName("Text")
        self.update_note = QLineEdit(self)
        self.update_note.setAccessibleName("Update note")
        self.label = QComboBox(self)
        self.label.setEditable(True)
        self.label.setAccessibleName("Label")
        layout = QFormLayout(self)
        layout.addRow("Label", self.label)
        layout.addRow("Headline", self.headline)
        layout.addRow("Text", self.body)
        layout.addRow("Update note", self.update_note)
        self.headline.textEdited.connect(lambda _t: self.text_edited.emit())
        self.update_note.textEdited.connect(lambda _t: self.text_edited.emit())
        self.body.textChanged.connect(self._body_changed)
        self._loading = False
        self.setEnabled(False)

    def set_context(self, *, timezone: str, labels: list[str], contributor_names: list[str],
                    media_loader: Callable[[str], tuple[bytes, str] | None],
                    store_media_file: Callable[[Path], str]) -> None:
        self.label.clear()
        self.label.addItems(["", *labels])

    def _body_changed(self) -> None:
        if not self._loading:
            self.text_edited.emit()

    def load_post(self, post: Post | None) -> None:
        self._post = post
        self._loading = True
        self.headline.setText(post.headline if post else "")
        self.body.setMarkdown(post.body if post else "")
        self.update_note.setText((post.update_note or "") if post else "")
        self.label.setCurrentText((post.label or "") if post else "")
        self._loading = False
        self._saved = self._texts()
        self.setEnabled(post is not None)

    def show_post(self, post: Post) -> None:
        pending = self.pending_text_changes()
        self._post = post
        self._loading = True
        if "headline" not in pending and self.headline.text() != post.headline:
            self.headline.setText(post.headline)
        if "body" not in pending and self._texts()["body"] != post.body:
            self.body.setMarkdown(post.body)
        if "update_note" not in pending:
            self.update_note.setText(post.update_note or "")
        self.label.setCurrentText(post.label or "")
        self._loading = False
        self._saved = {"headline": post.headline, "body": self._texts()["body"],
                       "update_note": post.update_note}

    def post_id(self) -> int | None:
        return self._post.id if self._post else None

    def _texts(self) -> dict[str, str | None]:
        return {"headline": self.headline.text(),
                "body": self.body.toMarkdown().strip(),
                "update_note": self.update_note.text() or None}

    def pending_text_changes(self) -> dict[str, str | None]:
        if self._post is None:
            return {}
        return {k: v for k, v in self._texts().items() if self._saved.get(k) != v}

    def mark_saved(self) -> None:
        self._saved = self._texts()

    def set_label(self, label: str | None) -> None:
        """What the real editor does when the label combo changes."""
        old = self._post.label if self._post else None
        self.label.setCurrentText(label or "")
        self.structural_edit.emit("label", label, old)

    def focus_headline(self) -> None:
        self.headline.setFocus()

    def focus_body(self) -> None:
        self.body.setFocus()

    def word_count(self) -> int:
        return len(self.body.toPlainText().split()) + len(self.headline.text().split())

    def text_widgets(self) -> list[QWidget]:
        return [self.headline, self.body, self.update_note]

    def fields(self) -> dict[str, Any]:
        return self._texts()
