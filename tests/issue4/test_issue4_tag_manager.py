"""The tag manager dialog: rename (and rename onto an existing name = merge), merge of two tags
that share a post, delete with the number of posts affected, colour; each undoable."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QMessageBox

from desktop.tag_manager import COLOUR, NAME, POSTS, TagManagerDialog


def post_tags(store: Any, blog: int) -> dict[str, tuple[str, ...]]:
    return {p.uid: p.tags for p in store.iter_posts(blog)}


def tag_state(store: Any) -> list[tuple[int, str, str | None, int]]:
    return [(t.id, t.name, t.color, t.posts) for t in store.list_tags()]


@pytest.fixture
def dialog(qtbot: Any, hub: Any, undo_stack: QUndoStack, small_blog: int) -> TagManagerDialog:
    widget = TagManagerDialog(hub, undo_stack)
    qtbot.addWidget(widget)
    return widget


def test_table_lists_tags_with_colour_and_count(store: Any, dialog: TagManagerDialog) -> None:
    table = dialog.table
    assert table.rowCount() == 2
    assert [table.item(r, NAME).text() for r in range(2)] == ["Fire", "Safety"]
    assert [table.item(r, POSTS).data(Qt.ItemDataRole.DisplayRole) for r in range(2)] == [2, 2]
    assert table.item(0, COLOUR).text() == store.tag_by_name("Fire").color
    assert dialog.summary_label.text() == "2 tags"
    assert not dialog.merge_button.isEnabled()


def test_manage_is_a_static_ask(monkeypatch: pytest.MonkeyPatch, hub: Any,
                                undo_stack: QUndoStack, small_blog: int) -> None:
    opened: list[TagManagerDialog] = []

    def fake_exec(self: TagManagerDialog) -> int:
        opened.append(self)
        assert self.table.rowCount() == 2
        return 0

    monkeypatch.setattr(TagManagerDialog, "exec", fake_exec)
    assert TagManagerDialog.manage(None, hub, undo_stack) is None
    assert len(opened) == 1


def test_inline_rename_and_undo(store: Any, small_blog: int, dialog: TagManagerDialog,
                                undo_stack: QUndoStack) -> None:
    dialog.table.item(0, NAME).setText("  Harbour   fire ")
    assert post_tags(store, small_blog)["first-alarm"] == ("Harbour fire",)
    assert dialog.table.item(0, NAME).text() == "Harbour fire"
    assert undo_stack.undoText() == "Rename tag"
    dialog.undo_button.click()
    assert post_tags(store, small_blog)["first-alarm"] == ("Fire",)
    assert dialog.table.item(0, NAME).text() == "Fire"
    dialog.redo_button.click()
    assert store.tag_by_name("harbour fire").posts == 2


def test_rename_changing_only_case(store: Any, dialog: TagManagerDialog) -> None:
    dialog.table.item(0, NAME).setText("FIRE")
    assert [t.name for t in store.list_tags()] == ["FIRE", "Safety"]


def test_rename_onto_an_existing_name_offers_a_merge(store: Any, small_blog: int,
                                                     dialog: TagManagerDialog,
                                                     undo_stack: QUndoStack) -> None:
    before = post_tags(store, small_blog)
    questions: list[str] = []
    dialog.confirm = lambda title, text: questions.append(text) or False  # type: ignore
    dialog.table.item(0, NAME).setText("safety")
    assert "Merge “Fire” into “Safety”" in questions[0]
    assert post_tags(store, small_blog) == before  # declined: nothing changed
    assert dialog.table.item(0, NAME).text() == "Fire"
    dialog.confirm = lambda title, text: True  # type: ignore
    dialog.table.item(0, NAME).setText("safety")
    assert post_tags(store, small_blog)["fire-out"] == ("Safety",)
    assert undo_stack.undoText() == "Merge tags"
    undo_stack.undo()
    assert post_tags(store, small_blog) == before


def test_bad_names_are_refused(monkeypatch: pytest.MonkeyPatch, store: Any,
                               dialog: TagManagerDialog, undo_stack: QUndoStack) -> None:
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda *args: warned.append(args[2]) or QMessageBox.StandardButton.Ok)
    dialog.table.item(0, NAME).setText("a, b")
    dialog.table.item(0, NAME).setText("   ")
    assert len(warned) == 2 and "comma" in warned[0]
    assert [t.name for t in store.list_tags()] == ["Fire", "Safety"]
    assert undo_stack.count() == 0


def test_merge_two_tags_that_share_a_post(store: Any, small_blog: int,
                                          dialog: TagManagerDialog,
                                          undo_stack: QUndoStack) -> None:
    before_posts, before_tags = post_tags(store, small_blog), tag_state(store)
    dialog.select_tags(["Fire", "Safety"])
    assert dialog.merge_button.isEnabled()
    offered: list[list[str]] = []
    dialog.ask_merge_target = lambda names: offered.append(names) or "Fire"  # type: ignore
    dialog.merge_button.click()
    assert offered == [["Fire", "Safety"]]
    tags = post_tags(store, small_blog)
    assert tags["fire-out"] == ("Fire",)  # a single link, not two
    assert tags["key-info"] == ("Fire",)
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, POSTS).data(Qt.ItemDataRole.DisplayRole) == 3
    dialog.undo_button.click()
    assert post_tags(store, small_blog) == before_posts
    assert tag_state(store) == before_tags
    assert dialog.table.rowCount() == 2


def test_merge_cancelled(store: Any, small_blog: int, dialog: TagManagerDialog,
                         undo_stack: QUndoStack) -> None:
    dialog.select_tags(["Fire", "Safety"])
    dialog.ask_merge_target = lambda names: None  # type: ignore
    dialog.merge_selected()
    assert undo_stack.count() == 0


def test_delete_says_how_many_posts_and_undo(store: Any, small_blog: int,
                                             dialog: TagManagerDialog,
                                             undo_stack: QUndoStack) -> None:
    before_posts, before_tags = post_tags(store, small_blog), tag_state(store)
    asked: list[tuple[str, str]] = []
    dialog.confirm = lambda title, text: asked.append((title, text)) or False  # type: ignore
    dialog.select_tags(["Safety"])
    dialog.delete_button.click()
    assert asked[0][0] == "Delete the tag “Safety”?"
    assert asked[0][1].startswith("2 posts will lose this tag.")
    assert undo_stack.count() == 0
    dialog.confirm = lambda title, text: True  # type: ignore
    dialog.delete_selected()
    assert post_tags(store, small_blog)["key-info"] == ()
    assert undo_stack.undoText() == "Delete tag"
    undo_stack.undo()
    assert post_tags(store, small_blog) == before_posts
    assert tag_state(store) == before_tags
    # several at once: one step
    dialog.select_tags(["Fire", "Safety"])
    dialog.confirm = lambda title, text: asked.append((title, text)) or True  # type: ignore
    dialog.delete_selected()
    assert asked[-1][0] == "Delete 2 tags?" and asked[-1][1].startswith("4 posts will lose")
    assert store.list_tags() == []
    undo_stack.undo()
    assert tag_state(store) == before_tags


def test_colour_and_undo(store: Any, dialog: TagManagerDialog, undo_stack: QUndoStack) -> None:
    old = store.tag_by_name("Fire").color
    dialog.select_tags(["Fire"])
    dialog.ask_colour = lambda initial: "#123abc"  # type: ignore
    dialog.colour_button.click()
    assert store.tag_by_name("Fire").color == "#123abc"
    assert dialog.table.item(0, COLOUR).text() == "#123abc"
    assert undo_stack.undoText() == "Change tag colour"
    undo_stack.undo()
    assert store.tag_by_name("Fire").color == old
    dialog.ask_colour = lambda initial: None  # type: ignore  (cancelled)
    dialog.colour_selected()
    assert undo_stack.count() == 1 and undo_stack.index() == 0
    dialog.select_tags(["Fire", "Safety"])
    dialog.ask_colour = lambda initial: "#000000"  # type: ignore
    dialog.colour_selected()
    assert {t.color for t in store.list_tags()} == {"#000000"}
    undo_stack.undo()  # one step for both
    assert store.tag_by_name("Safety").color != "#000000"


def test_selection_survives_refresh(store: Any, dialog: TagManagerDialog) -> None:
    dialog.select_tags(["Safety"])
    store.create_tag("Aardvark")
    assert [t.name for t in dialog.selected_tags()] == ["Safety"]


def test_delete_key_in_the_table_but_not_while_renaming(qtbot: Any, store: Any,
                                                        dialog: TagManagerDialog,
                                                        undo_stack: QUndoStack) -> None:
    asked: list[str] = []
    dialog.confirm = lambda title, text: asked.append(title) or False  # type: ignore
    dialog.show()
    dialog.activateWindow()
    qtbot.waitActive(dialog)
    dialog.select_tags(["Fire"])
    dialog.rename_selected()
    editor = dialog.table.focusWidget()
    assert editor is not None and editor is not dialog.table
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    assert asked == []
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: dialog.table.state() == dialog.table.State.NoState, timeout=1000)
    dialog.table.setFocus()
    qtbot.wait(10)
    assert [t.name for t in dialog.selected_tags()] == ["Fire"]
    qtbot.keyClick(dialog.table, Qt.Key.Key_Delete)
    assert asked == ["Delete the tag “Fire”?"]
