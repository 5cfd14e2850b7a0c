"""Topic tags as chips: the chip editor of a post, and chip painting for other views.

:class:`TagChipEditor` shows a post's tags as coloured chips with a remove button each, and a
field that completes (case-insensitively) from the store's tags. Enter or a comma adds the typed
tag, Backspace in the empty field removes the last chip. Tags are one regardless of case: typing
"north korea" when "North Korea" exists adds "North Korea", and a tag already on the post is not
added twice. The editor does not write the store: ``tags_edited(new, old)`` tells its owner, who
pushes :class:`desktop.commands_tags.SetPostTags`.

:func:`paint_tag_chips` draws the same chips inside an item delegate (the post list).
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from PySide6.QtCore import (
    QEvent,
    QObject,
    QRect,
    QStringListModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeyEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QCompleter,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QToolButton,
    QWidget,
)

os.environ.setdefault("QT_API", "pyside6")
from desktop.hub import StoreHub
from storage import InvalidInputError
from storage.store import normalize_tag_name
from widgets import icons
from widgets.flow_layout import FlowLayout

DEFAULT_CHIP_COLOR = "#5f6b7a"


def normalize_tag(text: str) -> str:
    """What the store keeps of a typed tag: trimmed, inner spaces folded."""
    return " ".join(text.split())


def chip_text_color(background: QColor) -> QColor:
    """Black or white, whichever reads better on ``background``."""
    r, g, b = background.redF(), background.greenF(), background.blueF()
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return QColor("#000000") if luminance > 0.55 else QColor("#ffffff")


def tag_colors(hub: StoreHub) -> dict[str, str]:
    """Each tag's colour keyed by its case-folded name (for the post list's chips)."""
    return {tag.name.casefold(): tag.color or DEFAULT_CHIP_COLOR
            for tag in hub.store.list_tags()}


def paint_tag_chips(painter: QPainter, rect: QRect, tags: Sequence[str],
                    colors: dict[str, str], font: QFont | None = None) -> int:
    """Paint ``tags`` as rounded chips left to right inside ``rect`` (one line, clipped);
    returns the width used. ``colors`` as from :func:`tag_colors`."""
    painter.save()
    if font is not None:
        painter.setFont(font)
    metrics = QFontMetrics(painter.font())
    height = min(rect.height(), metrics.height() + 4)
    top = rect.top() + (rect.height() - height) // 2
    x = rect.left()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    for name in tags:
        width = metrics.horizontalAdvance(name) + 12
        if x + width > rect.right() + 1:
            break
        background = QColor(colors.get(name.casefold(), DEFAULT_CHIP_COLOR))
        chip = QRect(x, top, width, height)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(background)
        painter.drawRoundedRect(chip, height / 2, height / 2)
        painter.setPen(chip_text_color(background))
        painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, name)
        x += width + 4
    painter.restore()
    return x - rect.left()


class TagChip(QFrame):
    """One tag: its name on its colour, and an x button (``remove_clicked``)."""

    remove_clicked = Signal(str)

    def __init__(self, name: str, color: str | None, parent: QWidget | None = None, *,
                 removable: bool = True) -> None:
        super().__init__(parent)
        self.name = name
        self.setObjectName("tagChip")
        self.setAccessibleName(f"Tag {name}")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 1, 2 if removable else 8, 1)
        layout.setSpacing(2)
        self.label = QLabel(name, self)
        layout.addWidget(self.label)
        self.remove_button: QToolButton | None = None
        if removable:
            button = QToolButton(self)
            button.setAutoRaise(True)
            button.setToolTip(f"Remove the tag “{name}”")
            button.setAccessibleName(f"Remove tag {name}")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setFixedSize(16, 16)
            button.clicked.connect(lambda: self.remove_clicked.emit(self.name))
            layout.addWidget(button)
            self.remove_button = button
        self.set_color(color)

    def set_color(self, color: str | None) -> None:
        background = QColor(color or DEFAULT_CHIP_COLOR)
        foreground = chip_text_color(background)
        self.setStyleSheet(
            f"QFrame#tagChip {{ background: {background.name()}; border-radius: 8px; "
            "min-height: 18px; }"
            f"QFrame#tagChip QLabel {{ color: {foreground.name()}; }}"
            "QFrame#tagChip QToolButton { border: none; }")
        if self.remove_button is not None:
            icons.set_icon(self.remove_button, "fa5s.times", color=foreground.name())


class TagChipEditor(QWidget):
    """A post's tags as chips plus a completing field. See the module's docstring.

    ``tags_edited(new, old)`` fires after every change the user makes; :meth:`set_tags` changes
    the chips without it (when another post is shown, or after undo).
    """

    tags_edited = Signal(list, list)

    def __init__(self, hub: StoreHub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hub = hub
        self._tags: list[str] = []
        self._chips: list[TagChip] = []
        self._known: dict[str, str] = {}
        self._colors: dict[str, str] = {}
        self.setAccessibleName("Tags")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)

        self._layout = FlowLayout(self, spacing=4, margin=2)
        self.line_edit = QLineEdit(self)
        self.line_edit.setPlaceholderText("Add a tag…")
        self.line_edit.setAccessibleName("New tag")
        self.line_edit.setToolTip("Type a tag; Enter or comma adds it, Backspace removes the last")
        self.line_edit.setMinimumWidth(120)
        self.line_edit.setFrame(False)
        self.line_edit.setProperty("flowStretch", True)
        self.line_edit.installEventFilter(self)
        self.line_edit.textEdited.connect(self._on_text_edited)
        # After the completer: Enter in its popup also reaches the field, with the typed prefix.
        self.line_edit.returnPressed.connect(
            lambda: QTimer.singleShot(0, self, self._commit_typed))
        self._layout.addWidget(self.line_edit)

        self._completion_model = QStringListModel(self)
        self.completer = QCompleter(self._completion_model, self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.completer.activated.connect(self._on_completion_activated)
        self.line_edit.setCompleter(self.completer)

        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        hub.tags_changed.connect(self.refresh_tags)
        hub.reset.connect(self.refresh_tags)
        self.refresh_tags()

    # ------------------------------------------------------------------------------- public

    def tags(self) -> list[str]:
        return list(self._tags)

    def set_tags(self, tags: Sequence[str]) -> None:
        """Show these tags (no signal)."""
        self._tags = []
        for name in tags:
            name = normalize_tag(name)
            if name and name.casefold() not in {t.casefold() for t in self._tags}:
                self._tags.append(name)
        self._rebuild_chips()

    def add_tag(self, text: str) -> bool:
        """Add a tag as if typed; returns whether the list changed."""
        old = self.tags()
        if not self._insert(text):
            return False
        self._rebuild_chips()
        self.tags_edited.emit(self.tags(), old)
        return True

    def remove_tag(self, name: str) -> bool:
        old = self.tags()
        key = name.casefold()
        self._tags = [t for t in self._tags if t.casefold() != key]
        if self._tags == old:
            return False
        self._rebuild_chips()
        self.tags_edited.emit(self.tags(), old)
        return True

    def chips(self) -> list[TagChip]:
        return list(self._chips)

    def refresh_tags(self) -> None:
        """Reload the store's tags for completion, spelling and colours."""
        tags = self.hub.store.tag_rows()
        self._known = {name.casefold(): name for _id, name, _color in tags}
        self._colors = {name.casefold(): color or DEFAULT_CHIP_COLOR for _id, name, color in tags}
        self._completion_model.setStringList([name for _id, name, _color in tags])
        for chip in self._chips:
            chip.set_color(self._colors.get(chip.name.casefold()))

    # ------------------------------------------------------------------------------ private

    def _insert(self, text: str) -> bool:
        """Add ``text`` (may hold several comma-separated tags) to ``_tags``."""
        changed = False
        for part in text.split(","):
            try:
                name = normalize_tag_name(part)
            except InvalidInputError:
                continue  # empty, too long, or a control character: not a tag
            name = self._known.get(name.casefold(), name)
            if name.casefold() in {t.casefold() for t in self._tags}:
                continue
            self._tags.append(name)
            changed = True
        return changed

    def _rebuild_chips(self) -> None:
        for chip in self._chips:
            self._layout.removeWidget(chip)
            chip.hide()  # at once: deleteLater waits for the event loop
            chip.deleteLater()
        self._chips = []
        for index, name in enumerate(self._tags):
            chip = TagChip(name, self._colors.get(name.casefold()), self)
            chip.remove_clicked.connect(self.remove_tag)
            self._layout.insert_widget(index, chip)
            chip.show()
            self._chips.append(chip)
        self.updateGeometry()

    def _commit_typed(self) -> None:
        text = self.line_edit.text()
        self.line_edit.clear()
        if text.strip():
            self.add_tag(text)

    def _on_completion_activated(self, text: str) -> None:
        # The completer sets the field's text after this signal: clear it afterwards.
        self.add_tag(text)
        self.line_edit.clear()
        QTimer.singleShot(0, self, self.line_edit.clear)

    def _on_text_edited(self, text: str) -> None:
        if "," in text:  # typed or pasted a comma: everything before it becomes tags
            head, _, tail = text.rpartition(",")
            self.line_edit.setText(tail.lstrip())
            self.add_tag(head)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.line_edit and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Backspace
                and not self.line_edit.text() and self._tags):
            self.remove_tag(self._tags[-1])
            return True
        return super().eventFilter(watched, event)
