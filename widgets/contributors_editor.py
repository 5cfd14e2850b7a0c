"""The contributors of a post: an ordered list of (name, place) rows.

Names are completed from the store's contributors. Each change (a name or place left after
editing, a row added with a name, removed or moved) emits the whole list once; rows without a
name are not part of it.
"""

from __future__ import annotations

import os
from collections.abc import Callable

os.environ.setdefault("QT_API", "pyside6")

import itertools

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt, Signal
from PySide6.QtGui import QIcon, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QCompleter,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from storage.models import Contributor
from widgets import icons


def themed_icon(widget: QWidget, name: str) -> QIcon:
    """An icon in the widget's text colour (readable in light and dark palettes); null while
    the start-up holds icons back (see ``set_themed_icon``)."""
    palette = widget.palette()
    return icons.icon(name, color=palette.color(palette.ColorRole.ButtonText),
                      color_disabled=palette.color(palette.ColorGroup.Disabled,
                                                   palette.ColorRole.ButtonText))


def set_themed_icon(target: QAbstractButton, widget: QWidget, name: str,
                    fallback: Callable[[], None] | None = None) -> None:
    """Give ``target`` an icon in ``widget``'s text colour, now or once the start-up is over;
    ``fallback`` runs when there is no icon font (a frozen build without it)."""
    palette = widget.palette()
    icons.set_icon(target, name, color=palette.color(palette.ColorRole.ButtonText),
                   color_disabled=palette.color(palette.ColorGroup.Disabled,
                                                palette.ColorRole.ButtonText),
                   fallback=fallback)


def small_button(parent: QWidget, icon: str, text: str, tooltip: str) -> QToolButton:
    button = QToolButton(parent)
    set_themed_icon(button, parent, icon, fallback=lambda: button.setText(text))
    button.setToolTip(tooltip)
    button.setAccessibleName(text)
    button.setAutoRaise(True)
    # Reached with the keyboard through the row's shortcuts, not by Tab: keeps Tab order short.
    button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
    return button


class RowKeys(QObject):
    """Alt+Up, Alt+Down and Alt+Delete in a row's fields move or remove the row.

    The keys are claimed through ShortcutOverride, so that while a row field has the focus they
    act on the row and do not also trigger (or make ambiguous) the window's own Alt+Up/Down."""

    def __init__(self, parent: QObject, move: Callable[[QWidget, int], None],
                 remove: Callable[[QWidget], None]) -> None:
        super().__init__(parent)
        self._move = move
        self._remove = remove

    def watch(self, widget: QWidget) -> None:
        widget.installEventFilter(self)

    @staticmethod
    def _action(event: QKeyEvent) -> str | None:
        if event.modifiers() != Qt.KeyboardModifier.AltModifier:
            return None
        return {Qt.Key.Key_Up: "up", Qt.Key.Key_Down: "down",
                Qt.Key.Key_Delete: "remove"}.get(Qt.Key(event.key()))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress) and \
                isinstance(event, QKeyEvent) and isinstance(watched, QWidget):
            action = self._action(event)
            if action is not None:
                event.accept()
                if event.type() == QEvent.Type.KeyPress:
                    if action == "remove":
                        self._remove(watched)
                    else:
                        self._move(watched, -1 if action == "up" else 1)
                return True
        return super().eventFilter(watched, event)


class _Row:
    def __init__(self, owner: ContributorsEditor, contributor: Contributor) -> None:
        self.name = QLineEdit(contributor.name, owner)
        self.name.setPlaceholderText("Name")
        self.name.setAccessibleName("Contributor name")
        self.name.setCompleter(owner.completer())
        self.place = QLineEdit(contributor.place or "", owner)
        self.place.setPlaceholderText("Place (optional)")
        self.place.setAccessibleName("Contributor place")
        self.up = small_button(owner, "fa5s.arrow-up", "Move contributor up",
                               "Move up (Alt+Up)")
        self.down = small_button(owner, "fa5s.arrow-down", "Move contributor down",
                                 "Move down (Alt+Down)")
        self.remove = small_button(owner, "fa5s.times", "Remove contributor",
                                   "Remove (Alt+Delete)")
        for field in (self.name, self.place):
            field.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            field.editingFinished.connect(owner._commit)
            owner.row_keys.watch(field)

    def widgets(self) -> list[QWidget]:
        return [self.name, self.place, self.up, self.down, self.remove]

    def contributor(self) -> Contributor | None:
        name = " ".join(self.name.text().split())
        place = " ".join(self.place.text().split())
        return Contributor(name, place or None) if name else None


class ContributorsEditor(QWidget):
    """Rows of name and place, with add, remove and reorder."""

    contributorsChanged = Signal(list)
    """The full list of :class:`Contributor` after a change made here."""

    rowsChanged = Signal()
    """Rows were added, removed or moved (the Tab order may need setting again)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Contributors")
        self._rows: list[_Row] = []
        self._last: list[Contributor] = []
        self.row_keys = RowKeys(self, lambda _w, step: self._move_focused(step),
                                lambda _w: self._remove_focused())
        self._names = QStringListModel(self)
        self._completer = QCompleter(self._names, self)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self._grid = QGridLayout()
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(4)
        self._grid.setVerticalSpacing(2)
        self._grid.setColumnStretch(0, 3)
        self._grid.setColumnStretch(1, 2)
        self.add_button = QPushButton("Add contributor", self)
        set_themed_icon(self.add_button, self, "fa5s.user-plus")
        self.add_button.setAccessibleName("Add contributor")
        self.add_button.setToolTip("Add a contributor (a name, and a place if they report "
                                   "from somewhere)")
        self.add_button.clicked.connect(lambda: self.add_row(focus=True))
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(self._grid)
        layout.addLayout(buttons)

    # -------------------------------------------------------------------------- public

    def completer(self) -> QCompleter:
        return self._completer

    def set_names(self, names: list[str]) -> None:
        """The names offered while typing (the store's contributors)."""
        self._names.setStringList(sorted(set(names), key=str.casefold))

    def names(self) -> list[str]:
        return self._names.stringList()

    def contributors(self) -> list[Contributor]:
        return [c for c in (row.contributor() for row in self._rows) if c is not None]

    def set_contributors(self, contributors: list[Contributor] | tuple[Contributor, ...]
                         ) -> None:
        """Show ``contributors`` (not an edit: nothing is emitted). Rows being edited whose
        content already matches are kept, so the cursor stays where it is."""
        contributors = list(contributors)
        if contributors == self.contributors() and len(self._rows) == len(contributors):
            self._last = contributors
            return
        while self._rows:
            self._drop_row(len(self._rows) - 1)
        for contributor in contributors:
            self._append_row(contributor)
        self._last = contributors
        self._layout_rows()

    def add_row(self, contributor: Contributor | None = None, *, focus: bool = False
                ) -> QLineEdit:
        """Add a row (emits a change only when it has a name) and return its name field."""
        row = self._append_row(contributor or Contributor(""))
        self._layout_rows()
        if focus:
            row.name.setFocus(Qt.FocusReason.OtherFocusReason)
        if contributor is not None and contributor.name:
            self._commit()
        return row.name

    def remove_row(self, index: int) -> None:
        if 0 <= index < len(self._rows):
            self._drop_row(index)
            self._layout_rows()
            self._commit()

    def move_row(self, index: int, step: int) -> None:
        target = index + step
        if 0 <= index < len(self._rows) and 0 <= target < len(self._rows):
            self._rows[index], self._rows[target] = self._rows[target], self._rows[index]
            self._layout_rows()
            self._commit()

    def row_count(self) -> int:
        return len(self._rows)

    def row_fields(self, index: int) -> tuple[QLineEdit, QLineEdit]:
        row = self._rows[index]
        return row.name, row.place

    def focus_first(self) -> None:
        if self._rows:
            self._rows[0].name.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.add_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_chain(self) -> list[QWidget]:
        """The widgets Tab visits, in order."""
        chain: list[QWidget] = []
        for row in self._rows:
            chain += [row.name, row.place]
        return [*chain, self.add_button]

    # ------------------------------------------------------------------------- private

    def _append_row(self, contributor: Contributor) -> _Row:
        row = _Row(self, contributor)
        row.up.clicked.connect(lambda: self.move_row(self._index_of(row), -1))
        row.down.clicked.connect(lambda: self.move_row(self._index_of(row), 1))
        row.remove.clicked.connect(lambda: self.remove_row(self._index_of(row)))
        self._rows.append(row)
        return row

    def _index_of(self, row: _Row) -> int:
        return self._rows.index(row) if row in self._rows else -1

    def _drop_row(self, index: int) -> None:
        row = self._rows.pop(index)
        for widget in row.widgets():
            self._grid.removeWidget(widget)
            widget.hide()
            widget.deleteLater()

    def _layout_rows(self) -> None:
        for number, row in enumerate(self._rows):
            for column, widget in enumerate(row.widgets()):
                self._grid.addWidget(widget, number, column)
                widget.show()
            row.up.setEnabled(number > 0)
            row.down.setEnabled(number < len(self._rows) - 1)
        chain = self.focus_chain()
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
        self.updateGeometry()
        self.rowsChanged.emit()

    def _focused_row(self) -> int:
        focus = self.focusWidget()
        for index, row in enumerate(self._rows):
            if focus in row.widgets():
                return index
        return -1

    def _move_focused(self, step: int) -> None:
        index = self._focused_row()
        if index < 0:
            return
        focus = self.focusWidget()
        self.move_row(index, step)
        if focus is not None:
            focus.setFocus(Qt.FocusReason.OtherFocusReason)

    def _remove_focused(self) -> None:
        index = self._focused_row()
        if index < 0:
            return
        self.remove_row(index)
        if self._rows:
            self._rows[min(index, len(self._rows) - 1)].name.setFocus(
                Qt.FocusReason.OtherFocusReason)
        else:
            self.add_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _commit(self) -> None:
        current = self.contributors()
        if current != self._last:
            self._last = current
            self.contributorsChanged.emit(current)
