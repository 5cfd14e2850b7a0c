"""A post's earlier versions: a list, a diff against the current text, and Restore."""

from __future__ import annotations

import difflib
import html
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from storage import BlogStore, Revision
from widgets.post_list import local_time

REASONS = {"published": "Published", "edited": "Edited", "restored": "Restored"}


def snapshot_text(snapshot: dict[str, Any]) -> list[str]:
    """A snapshot as lines of text, for the diff."""
    lines = [f"Headline: {snapshot.get('headline', '')}",
             f"Label: {snapshot.get('label') or '—'}",
             f"Status: {snapshot.get('status', '')}"]
    contributors = snapshot.get("contributors") or []
    if contributors:
        lines.append("Byline: " + "; ".join(
            f"{name} ({place})" if place else str(name) for name, place in contributors))
    if snapshot.get("tags"):
        lines.append("Tags: " + ", ".join(snapshot["tags"]))
    lines.append("")
    lines += str(snapshot.get("body", "")).splitlines()
    if snapshot.get("update_note"):
        lines += ["", f"Update note: {snapshot['update_note']}"]
    for media in snapshot.get("media") or []:
        lines.append(f"Photo: {media[0]} — {media[2] or media[1]}")
    return lines


def diff_html(old: dict[str, Any], new: dict[str, Any]) -> str:
    """HTML showing what restoring ``old`` would change in ``new`` (removed lines struck out,
    added ones underlined, so the diff never relies on colour alone)."""
    rows = []
    for line in difflib.ndiff(snapshot_text(new), snapshot_text(old)):
        tag, text = line[:2], html.escape(line[2:]) or "&nbsp;"
        if tag == "- ":
            rows.append(f"<div style='background:rgba(200,40,40,0.18)'>− <s>{text}</s></div>")
        elif tag == "+ ":
            rows.append(f"<div style='background:rgba(40,160,60,0.20)'>+ <u>{text}</u></div>")
        elif tag == "  ":
            rows.append(f"<div>&nbsp;&nbsp;{text}</div>")
    return "<div style='white-space:pre-wrap'>" + "".join(rows) + "</div>"


class RevisionsDialog(QDialog):
    def __init__(self, store: BlogStore, post_id: int, timezone: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.post_id = post_id
        self.timezone = timezone
        self.current = store.post_snapshot(post_id)
        self.revisions = store.list_revisions(post_id)
        self.setWindowTitle("Revisions")
        self.resize(820, 520)

        self.list = QListWidget(self)
        self.list.setAccessibleName("Revisions, newest first")
        for revision in self.revisions:
            item = QListWidgetItem(self.describe(revision))
            item.setData(Qt.ItemDataRole.UserRole, revision.id)
            self.list.addItem(item)
        self.diff = QTextBrowser(self)
        self.diff.setAccessibleName("Changes that restoring this revision would make")
        hint = QLabel("Lines struck out (−) would go; underlined lines (+) would come back.",
                      self)
        hint.setWordWrap(True)
        splitter = QSplitter(self)
        splitter.addWidget(self.list)
        splitter.addWidget(self.diff)
        splitter.setSizes([260, 560])
        self.buttons = QDialogButtonBox(self)
        self.restore_button = self.buttons.addButton(
            "Restore This Version", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        layout = QVBoxLayout(self)
        if not self.revisions:
            layout.addWidget(QLabel("This post has no earlier versions yet. Livedesk keeps one "
                                    "when a post is published and every few minutes of "
                                    "editing.", self))
        layout.addWidget(splitter, 1)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.list.currentRowChanged.connect(self._show)
        self.restore_button.setEnabled(False)
        if self.revisions:
            self.list.setCurrentRow(0)

    def describe(self, revision: Revision) -> str:
        moment = local_time(revision.created_at, self.timezone)
        when = moment.strftime("%d %b %Y, %H:%M:%S") if moment else revision.created_at
        return f"{when} — {REASONS.get(revision.reason, revision.reason.capitalize())}"

    def _show(self, row: int) -> None:
        revision = self.selected()
        self.restore_button.setEnabled(revision is not None)
        if revision is None:
            self.diff.clear()
            return
        if revision.snapshot == self.current:
            self.diff.setHtml("<p>This version is the same as the current one.</p>")
        else:
            self.diff.setHtml(diff_html(revision.snapshot, self.current))
        del row

    def selected(self) -> Revision | None:
        row = self.list.currentRow()
        return self.revisions[row] if 0 <= row < len(self.revisions) else None


def ask_revision(parent: QWidget | None, store: BlogStore, post_id: int,
                 timezone: str) -> Revision | None:
    """The revision the editor chose to restore, or None."""
    dialog = RevisionsDialog(store, post_id, timezone, parent)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.selected()
    finally:
        dialog.deleteLater()
