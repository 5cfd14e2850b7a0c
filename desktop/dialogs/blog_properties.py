"""Blog properties (and the New Blog dialog, the same form empty)."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from storage import Blog, parse_timestamp

SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
LANGUAGE_RE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


def slugify(text: str) -> str:
    """``"Storm Elin: live"`` -> ``"storm-elin-live"``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:120].strip("-")


class _OptionalTime(QWidget):
    """A date-time in the blog's zone that can be left unset."""

    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.enabled = QCheckBox("Set", self)
        self.enabled.setAccessibleName(f"{label} is set")
        self.edit = QDateTimeEdit(self)
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.edit.setAccessibleName(label)
        self.edit.setDateTime(QDateTime.currentDateTime())
        layout.addWidget(self.enabled)
        layout.addWidget(self.edit, 1)
        self.enabled.toggled.connect(self.edit.setEnabled)
        self.edit.setEnabled(False)

    def set_value(self, value: str | None, timezone: str) -> None:
        self.enabled.setChecked(value is not None)
        if value:
            moment = parse_timestamp(value).astimezone(_zone(timezone))
            self.edit.setDateTime(QDateTime(moment.year, moment.month, moment.day, moment.hour,
                                            moment.minute, moment.second))

    def value(self, timezone: str) -> str | None:
        if not self.enabled.isChecked():
            return None
        qdt = self.edit.dateTime()
        date, time = qdt.date(), qdt.time()
        moment = datetime(date.year(), date.month(), date.day(), time.hour(), time.minute(),
                          tzinfo=_zone(timezone))
        return moment.isoformat(timespec="seconds")


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


class BlogPropertiesDialog(QDialog):
    def __init__(self, blog: Blog | None, parent: QWidget | None = None,
                 taken_slugs: set[str] | None = None) -> None:
        super().__init__(parent)
        self.is_new = blog is None
        self.taken_slugs = taken_slugs or set()
        self.setWindowTitle("New Blog" if self.is_new else "Blog Properties")
        self.setMinimumWidth(520)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

        self.title = QLineEdit(self)
        self.title.setPlaceholderText("Storm Elin: live updates")
        self.slug = QLineEdit(self)
        self.slug.setPlaceholderText("storm-elin-live")
        self.language = QLineEdit(self)
        self.language.setPlaceholderText("en")
        self.timezone = QComboBox(self)
        self.timezone.setEditable(True)
        self.timezone.addItems(sorted(available_timezones()))
        self.status = QComboBox(self)
        self.status.addItem("Live", "live")
        self.status.addItem("Ended", "ended")
        self.coverage_start = _OptionalTime("Coverage start", self)
        self.coverage_end = _OptionalTime("Coverage end", self)
        self.authors = QLineEdit(self)
        self.authors.setPlaceholderText("Name One, Name Two")
        self.closing_note = QPlainTextEdit(self)
        self.closing_note.setPlaceholderText(
            "Our live coverage has ended. Follow the latest news or read through the updates "
            "below.")
        self.closing_note.setTabChangesFocus(True)
        self.closing_note.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName("Problem")
        self.problem.hide()

        for label, widget in (("&Title", self.title), ("&Slug", self.slug),
                              ("&Language", self.language), ("Time &zone", self.timezone),
                              ("Stat&us", self.status),
                              ("Coverage s&tart", self.coverage_start),
                              ("Coverage &end", self.coverage_end),
                              ("Top &byline", self.authors),
                              ("&Closing note", self.closing_note)):
            form.addRow(label, widget)
            widget.setAccessibleName(label.replace("&", ""))

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            "Create Blog" if self.is_new else "Apply")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self._accept_if_valid)
        self.buttons.rejected.connect(self.reject)

        self._slug_touched = False
        if blog is None:
            self.language.setText("en")
            self.timezone.setCurrentText("UTC")
            self.title.textEdited.connect(self._follow_title)
            self.slug.textEdited.connect(self._slug_edited)
        else:
            self.title.setText(blog.title)
            self.slug.setText(blog.slug)
            self.language.setText(blog.language)
            self.timezone.setCurrentText(blog.timezone)
            self.status.setCurrentIndex(max(0, self.status.findData(blog.status)))
            self.coverage_start.set_value(blog.coverage_start, blog.timezone)
            self.coverage_end.set_value(blog.coverage_end, blog.timezone)
            self.authors.setText(", ".join(blog.authors))
            self.closing_note.setPlainText(blog.closing_note or "")

    def _follow_title(self, text: str) -> None:
        if not self._slug_touched:
            self.slug.setText(slugify(text))

    def _slug_edited(self, _text: str) -> None:
        self._slug_touched = True

    def values(self) -> dict[str, Any]:
        timezone = self.timezone.currentText().strip()
        return {
            "title": self.title.text().strip(),
            "slug": self.slug.text().strip(),
            "language": self.language.text().strip(),
            "timezone": timezone,
            "status": self.status.currentData(),
            "coverage_start": self.coverage_start.value(timezone),
            "coverage_end": self.coverage_end.value(timezone),
            "authors": tuple(a.strip() for a in self.authors.text().split(",") if a.strip()),
            "closing_note": self.closing_note.toPlainText().strip() or None,
        }

    def problem_text(self) -> str:
        values = self.values()
        if not values["title"]:
            return "The blog needs a title."
        if not SLUG_RE.match(values["slug"]):
            return ("The slug may use lower-case letters, digits and single hyphens, like "
                    "storm-elin-live.")
        if values["slug"] in self.taken_slugs:
            return f"Another blog in this store already uses the slug “{values['slug']}”."
        if not LANGUAGE_RE.match(values["language"]):
            return "The language is a code like en, fr or pt-BR."
        try:
            ZoneInfo(values["timezone"])
        except (ZoneInfoNotFoundError, ValueError):
            return f"“{values['timezone']}” is not a time zone (like Europe/London)."
        start, end = values["coverage_start"], values["coverage_end"]
        if start and end and parse_timestamp(end) < parse_timestamp(start):
            return "Coverage cannot end before it starts."
        return ""

    def _accept_if_valid(self) -> None:
        problem = self.problem_text()
        if problem:
            self.problem.setText(problem)
            self.problem.show()
            return
        self.accept()


def ask_blog_properties(parent: QWidget | None, blog: Blog | None,
                        taken_slugs: set[str] | None = None) -> dict[str, Any] | None:
    """Show the form (empty for a new blog); the values, or None when cancelled."""
    dialog = BlogPropertiesDialog(blog, parent, taken_slugs)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.values()
    finally:
        dialog.deleteLater()
