"""The chip editor of a post's tags, standalone and with the SetPostTags command."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPainter, QUndoStack

from desktop.commands_tags import SetPostTags
from widgets.tag_editor import TagChipEditor, paint_tag_chips, tag_colors


def make_editor(qtbot: Any, hub: Any, tags: list[str]) -> tuple[TagChipEditor, list[Any]]:
    editor = TagChipEditor(hub)
    qtbot.addWidget(editor)
    editor.set_tags(tags)
    edits: list[Any] = []
    editor.tags_edited.connect(lambda new, old: edits.append((new, old)))
    editor.show()
    return editor, edits


def test_set_tags_is_silent_and_shows_chips(qtbot: Any, store: Any, small_blog: int,
                                            hub: Any) -> None:
    editor, edits = make_editor(qtbot, hub, ["Fire", "fire", " Safety "])
    assert editor.tags() == ["Fire", "Safety"]
    assert [c.name for c in editor.chips()] == ["Fire", "Safety"]
    assert edits == []
    fire = store.tag_by_name("Fire")
    assert fire.color in editor.chips()[0].styleSheet()


def test_enter_and_comma_add_normalised_to_existing_spelling(qtbot: Any, store: Any,
                                                             small_blog: int, hub: Any) -> None:
    store.create_tag("North Korea")
    editor, edits = make_editor(qtbot, hub, ["Fire"])
    qtbot.keyClicks(editor.line_edit, "north   korea")
    editor.completer.popup().hide()
    qtbot.keyClick(editor.line_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: editor.tags() == ["Fire", "North Korea"], timeout=1000)
    assert edits[-1] == (["Fire", "North Korea"], ["Fire"])
    assert editor.line_edit.text() == ""
    qtbot.keyClicks(editor.line_edit, "Drones,")
    assert editor.tags() == ["Fire", "North Korea", "Drones"]
    assert editor.line_edit.text() == ""
    # a duplicate in any case is ignored
    qtbot.keyClicks(editor.line_edit, "FIRE,")
    assert editor.tags() == ["Fire", "North Korea", "Drones"]
    assert len(edits) == 2
    # not tags: empty, control characters, too long
    for junk in (" ", "bad\x00tag", "x" * 101):
        assert not editor.add_tag(junk)
    # pasting a list adds each
    editor.line_edit.setText("")
    qtbot.keyClicks(editor.line_edit, "a, b,")
    assert editor.tags()[-2:] == ["a", "b"]


def test_backspace_and_x_remove(qtbot: Any, store: Any, small_blog: int, hub: Any) -> None:
    editor, edits = make_editor(qtbot, hub, ["Fire", "Safety", "Harbour"])
    qtbot.keyClick(editor.line_edit, Qt.Key.Key_Backspace)
    assert editor.tags() == ["Fire", "Safety"]
    assert edits[-1] == (["Fire", "Safety"], ["Fire", "Safety", "Harbour"])
    qtbot.keyClicks(editor.line_edit, "ab")
    qtbot.keyClick(editor.line_edit, Qt.Key.Key_Backspace)  # edits the text, keeps the chips
    assert editor.tags() == ["Fire", "Safety"] and editor.line_edit.text() == "a"
    button = editor.chips()[0].remove_button
    assert button is not None
    assert button.accessibleName() == "Remove tag Fire"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert editor.tags() == ["Safety"]


def test_completion_is_case_insensitive(qtbot: Any, store: Any, small_blog: int,
                                        hub: Any) -> None:
    editor, _edits = make_editor(qtbot, hub, [])
    editor.completer.setCompletionPrefix("saf")
    assert editor.completer.currentCompletion() == "Safety"
    editor.completer.activated.emit("Safety")
    assert editor.tags() == ["Safety"]
    store.create_tag("Weather")  # new tags reach the completer through the hub
    editor.completer.setCompletionPrefix("WEA")
    assert editor.completer.currentCompletion() == "Weather"


def test_tag_post_through_the_command_and_undo(qtbot: Any, store: Any, small_blog: int,
                                               hub: Any) -> None:
    stack = QUndoStack()
    post = store.post_by_uid(small_blog, "first-alarm")
    editor, _edits = make_editor(qtbot, hub, list(post.tags))
    editor.tags_edited.connect(
        lambda new, old: stack.push(SetPostTags(store, post.id, new, old)))
    qtbot.keyClicks(editor.line_edit, "safety,")
    assert store.get_post(post.id).tags == ("Fire", "Safety")
    assert stack.undoText() == "Tag post"
    stack.undo()
    assert store.get_post(post.id).tags == ("Fire",)
    editor.set_tags(store.get_post(post.id).tags)  # the post editor refreshes on undo
    assert editor.tags() == ["Fire"]


def test_paint_tag_chips(qapp: Any, store: Any, small_blog: int, hub: Any) -> None:
    image = QImage(300, 24, QImage.Format.Format_ARGB32)
    image.fill(0xFFFFFFFF)
    painter = QPainter(image)
    from PySide6.QtCore import QRect

    used = paint_tag_chips(painter, QRect(0, 0, 300, 24), ["Fire", "Safety"], tag_colors(hub))
    painter.end()
    assert used > 40
    fire = store.tag_by_name("Fire").color
    assert image.pixelColor(3, 12).name() == fire


def test_pick_a_completion_with_the_keyboard(qtbot: Any, store: Any, small_blog: int,
                                             hub: Any) -> None:
    editor, edits = make_editor(qtbot, hub, ["Fire"])
    editor.activateWindow()
    editor.line_edit.setFocus()
    qtbot.keyClicks(editor.line_edit, "saf")
    popup = editor.completer.popup()
    qtbot.waitUntil(popup.isVisible, timeout=1000)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: editor.line_edit.text() == "", timeout=1000)
    assert editor.tags() == ["Fire", "Safety"]
    assert len(edits) == 1


def test_replaced_chips_vanish_at_once(qtbot: Any, store: Any, small_blog: int,
                                       hub: Any) -> None:
    from widgets.tag_editor import TagChip

    editor, _edits = make_editor(qtbot, hub, ["Fire", "Safety"])
    editor.set_tags(["Safety"])
    visible = [c for c in editor.findChildren(TagChip) if c.isVisible()]
    assert [c.name for c in visible] == ["Safety"]  # before any event loop turn
