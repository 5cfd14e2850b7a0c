"""The tag manager: rename, merge, delete and colour the library's topic tags.

Every change is an undo command (:mod:`desktop.commands_tags`) pushed on the application's shared
undo stack, so Undo in the main window undoes it too; the dialog has its own Undo and Redo
buttons while it is open. The table refreshes from the hub's signals, never from its own edits.

Questions go through small methods (:meth:`TagManagerDialog.ask_merge_target`,
:meth:`~TagManagerDialog.confirm`, :meth:`~TagManagerDialog.ask_colour`) that tests replace.
"""

from __future__ import annotations

import os

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QColor, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QColorDialog,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

os.environ.setdefault("QT_API", "pyside6")
from desktop.commands_tags import ChangeTagColour, DeleteTags, MergeTags, RenameTag
from desktop.hub import StoreHub
from storage import InvalidInputError, Tag
from storage.store import normalize_tag_name
from widgets import icons

NAME, COLOUR, POSTS = range(3)
TagIdRole = Qt.ItemDataRole.UserRole + 1


def posts_phrase(count: int) -> str:
    return "1 post" if count == 1 else f"{count} posts"


class TagManagerDialog(QDialog):
    """A table of tags (name, colour, number of posts) with Rename, Merge, Delete, Colour."""

    def __init__(self, hub: StoreHub, undo_stack: QUndoStack,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hub = hub
        self.undo_stack = undo_stack
        self._tags: list[Tag] = []
        self._filling = False
        self.setWindowTitle("Tags")
        self.setAccessibleName("Tag manager")
        self.resize(520, 440)

        self.table = QTableWidget(0, 3, self)
        self.table.setAccessibleName("Tags")
        self.table.setHorizontalHeaderLabels(["Tag", "Colour", "Posts"])
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COLOUR, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(POSTS, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemChanged.connect(self._on_item_changed)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.cellDoubleClicked.connect(self._on_double_click)

        self.rename_button = self._button("Rename", "fa5s.i-cursor", self.rename_selected,
                                          "Rename the tag (F2)")
        self.merge_button = self._button("Merge…", "fa5s.compress-arrows-alt",
                                         self.merge_selected,
                                         "Merge the selected tags into one")
        self.colour_button = self._button("Colour…", "fa5s.palette", self.colour_selected,
                                          "Pick the tag's colour")
        self.delete_button = self._button("Delete…", "fa5s.trash-alt", self.delete_selected,
                                          "Delete the selected tags from every post")
        self.undo_button = self._button("Undo", "fa5s.undo", self.undo_stack.undo, "Undo")
        self.redo_button = self._button("Redo", "fa5s.redo", self.undo_stack.redo, "Redo")
        undo_stack.canUndoChanged.connect(self._update_buttons)
        undo_stack.canRedoChanged.connect(self._update_buttons)
        undo_stack.undoTextChanged.connect(self._update_buttons)
        undo_stack.redoTextChanged.connect(self._update_buttons)

        for text, key, slot in (("Undo", QKeySequence.StandardKey.Undo, self.undo_stack.undo),
                                ("Redo", QKeySequence.StandardKey.Redo, self.undo_stack.redo)):
            action = QAction(text, self)
            action.setShortcut(QKeySequence(key))
            action.triggered.connect(slot)
            self.addAction(action)
        # Del deletes tags only from the table itself, never while a name is being edited.
        self.delete_action = QAction("Delete tag", self.table)
        self.delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.delete_action.triggered.connect(self.delete_selected)
        self.table.addAction(self.delete_action)

        self.summary_label = QLabel(self)
        self.summary_label.setAccessibleName("Tag count")
        buttons = QVBoxLayout()
        for button in (self.rename_button, self.merge_button, self.colour_button,
                       self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.undo_button)
        buttons.addWidget(self.redo_button)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        box.rejected.connect(self.reject)
        box.button(QDialogButtonBox.StandardButton.Close).setAccessibleName("Close")

        middle = QHBoxLayout()
        middle.addWidget(self.table, 1)
        middle.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(middle, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary_label, 1)
        bottom.addWidget(box)
        layout.addLayout(bottom)

        hub.tags_changed.connect(self.refresh)
        hub.reset.connect(self.refresh)
        self.refresh()

    def _button(self, text: str, icon: str, slot: object, tip: str) -> QPushButton:
        button = QPushButton(icons.icon(icon), text, self)
        button.setToolTip(tip)
        button.setAccessibleName(text.rstrip("…"))
        button.setAutoDefault(False)
        button.clicked.connect(lambda _checked=False: slot())  # type: ignore[operator]
        return button

    @staticmethod
    def manage(parent: QWidget | None, hub: StoreHub, undo_stack: QUndoStack) -> None:
        """Open the tag manager (modal) until the editor closes it."""
        dialog = TagManagerDialog(hub, undo_stack, parent)
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()

    # ------------------------------------------------------------------------------- table

    def refresh(self) -> None:
        selected = set(self.selected_tag_ids())
        current = self.table.currentRow()
        self._tags = self.hub.store.list_tags()
        self._filling = True
        try:
            self.table.setRowCount(len(self._tags))
            for row, tag in enumerate(self._tags):
                name = QTableWidgetItem(tag.name)
                name.setData(TagIdRole, tag.id)
                name.setToolTip("Double-click or press F2 to rename")
                colour = QTableWidgetItem(tag.color or "none")
                colour.setFlags(colour.flags() & ~Qt.ItemFlag.ItemIsEditable)
                colour.setData(Qt.ItemDataRole.DecorationRole, QColor(tag.color or "#5f6b7a"))
                colour.setToolTip("Double-click to pick a colour")
                colour.setData(Qt.ItemDataRole.AccessibleTextRole,
                               f"colour {tag.color or 'none'}")
                posts = QTableWidgetItem()
                posts.setData(Qt.ItemDataRole.DisplayRole, tag.posts)
                posts.setFlags(posts.flags() & ~Qt.ItemFlag.ItemIsEditable)
                posts.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                       | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, NAME, name)
                self.table.setItem(row, COLOUR, colour)
                self.table.setItem(row, POSTS, posts)
            self.table.clearSelection()
            for row, tag in enumerate(self._tags):
                if tag.id in selected:
                    self.table.selectRow(row)
            if not selected and 0 <= current < len(self._tags):
                self.table.setCurrentCell(current, NAME)
        finally:
            self._filling = False
        count = len(self._tags)
        self.summary_label.setText("No tags yet" if count == 0 else
                                   f"{count} tag{'s' if count != 1 else ''}")
        self._update_buttons()

    def tags(self) -> list[Tag]:
        return list(self._tags)

    def selected_tag_ids(self) -> list[int]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self._tags[r].id for r in rows if r < len(self._tags)]

    def selected_tags(self) -> list[Tag]:
        ids = set(self.selected_tag_ids())
        return [t for t in self._tags if t.id in ids]

    def select_tags(self, names: list[str]) -> None:
        """Select the rows of these tags (any case)."""
        wanted = {n.casefold() for n in names}
        self.table.clearSelection()
        mode = self.table.selectionMode()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.MultiSelection)
        for row, tag in enumerate(self._tags):
            if tag.name.casefold() in wanted:
                self.table.selectRow(row)
        self.table.setSelectionMode(mode)

    def row_of(self, tag_id: int) -> int:
        for row, tag in enumerate(self._tags):
            if tag.id == tag_id:
                return row
        return -1

    # ------------------------------------------------------------------------------ actions

    def rename_selected(self) -> None:
        tags = self.selected_tags()
        if len(tags) == 1:
            row = self.row_of(tags[0].id)
            self.table.setCurrentCell(row, NAME)
            self.table.editItem(self.table.item(row, NAME))

    def rename_tag(self, tag_id: int, new_name: str) -> bool:
        """Rename a tag; onto another tag's name (any case) it offers to merge them."""
        try:
            name = normalize_tag_name(new_name)
        except InvalidInputError as error:
            QMessageBox.warning(self, "Rename tag", f"“{new_name}”: {error.detail}.")
            return False
        tag = next((t for t in self._tags if t.id == tag_id), None)
        if tag is None or name == tag.name:
            return False
        other = next((t for t in self._tags if t.name.casefold() == name.casefold()
                      and t.id != tag_id), None)
        if other is not None:
            question = (f"A tag named “{other.name}” already exists. Merge “{tag.name}” into "
                        f"“{other.name}”? Its {posts_phrase(tag.posts)} will have "
                        f"“{other.name}” instead.")
            if not self.confirm("Merge tags", question):
                return False
            self.undo_stack.push(MergeTags(self.hub.store, [tag_id], other.id))
            return True
        self.undo_stack.push(RenameTag(self.hub.store, tag_id, name))
        return True

    def merge_selected(self) -> None:
        tags = self.selected_tags()
        if len(tags) < 2:
            return
        target_name = self.ask_merge_target([t.name for t in tags])
        target = next((t for t in tags if t.name == target_name), None)
        if target is None:
            return
        self.merge_tags([t.id for t in tags if t.id != target.id], target.id)

    def merge_tags(self, source_ids: list[int], target_id: int) -> None:
        self.undo_stack.push(MergeTags(self.hub.store, source_ids, target_id))

    def delete_selected(self) -> None:
        tags = self.selected_tags()
        if not tags:
            return
        affected = sum(t.posts for t in tags)
        if len(tags) == 1:
            title = f"Delete the tag “{tags[0].name}”?"
            text = (f"{posts_phrase(affected)} will lose this tag." if affected else
                    "No post has this tag.")
        else:
            title = f"Delete {len(tags)} tags?"
            text = (f"{posts_phrase(affected)} will lose a tag "
                    f"({', '.join(t.name for t in tags)})." if affected else
                    f"No post has these tags ({', '.join(t.name for t in tags)}).")
        if self.confirm(title, text + " You can undo this."):
            self.undo_stack.push(DeleteTags(self.hub.store, [t.id for t in tags]))

    def colour_selected(self) -> None:
        tags = self.selected_tags()
        if not tags:
            return
        colour = self.ask_colour(tags[0].color)
        if colour is None:
            return
        if len(tags) == 1:
            self.set_colour(tags[0].id, colour)
            return
        self.undo_stack.beginMacro("Change tag colour")
        try:
            for tag in tags:
                self.set_colour(tag.id, colour)
        finally:
            self.undo_stack.endMacro()

    def set_colour(self, tag_id: int, colour: str | None) -> None:
        tag = next((t for t in self._tags if t.id == tag_id), None)
        if tag is not None and tag.color != colour:
            self.undo_stack.push(ChangeTagColour(self.hub.store, tag_id, colour, tag.color))

    # ---------------------------------------------------------------------------- questions

    def confirm(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(self, title, text,
                                      QMessageBox.StandardButton.Yes
                                      | QMessageBox.StandardButton.Cancel,
                                      QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Yes

    def ask_merge_target(self, names: list[str]) -> str | None:
        name, ok = QInputDialog.getItem(
            self, "Merge tags", "Keep which tag? The others are merged into it; every post "
            "keeps a single link.", names, 0, False)
        return name if ok else None

    def ask_colour(self, initial: str | None) -> str | None:
        colour = QColorDialog.getColor(QColor(initial or "#5f6b7a"), self, "Tag colour")
        return colour.name() if colour.isValid() else None

    # ------------------------------------------------------------------------------ private

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() != NAME:
            return
        tag_id = item.data(TagIdRole)
        if not self.rename_tag(tag_id, item.text()):
            self.refresh()  # put the old name back

    def _on_double_click(self, row: int, column: int) -> None:
        if column == COLOUR and 0 <= row < len(self._tags):
            self.table.selectRow(row)
            self.colour_selected()

    def _update_buttons(self, *_args: object) -> None:
        if not shiboken6.isValid(self.undo_stack):  # the stack went first (at quit)
            return
        count = len(self.selected_tag_ids())
        self.rename_button.setEnabled(count == 1)
        self.merge_button.setEnabled(count >= 2)
        self.colour_button.setEnabled(count >= 1)
        self.delete_button.setEnabled(count >= 1)
        self.undo_button.setEnabled(self.undo_stack.canUndo())
        self.redo_button.setEnabled(self.undo_stack.canRedo())
        self.undo_button.setToolTip(f"Undo {self.undo_stack.undoText()}".strip())
        self.redo_button.setToolTip(f"Redo {self.undo_stack.redoText()}".strip())
