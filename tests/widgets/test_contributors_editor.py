"""The contributors editor: rows of name and place, completion, add, remove, reorder."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtTest import QTest

from storage.models import Contributor
from widgets.contributors_editor import ContributorsEditor

PEOPLE = [Contributor("Tomás Reyes", "Portmere"), Contributor("Maya Okafor", None)]


@pytest.fixture
def contributors(qtbot: Any) -> ContributorsEditor:
    widget = ContributorsEditor()
    qtbot.addWidget(widget)
    widget.set_names(["Tomás Reyes", "Maya Okafor", "Ana Lima", "Ana Lima"])
    widget.set_contributors(PEOPLE)
    widget.show()
    return widget


def test_set_contributors_emits_nothing(contributors: ContributorsEditor, qtbot: Any) -> None:
    with qtbot.assertNotEmitted(contributors.contributorsChanged):
        contributors.set_contributors([Contributor("Ana Lima", "Lisbon")])
    assert contributors.contributors() == [Contributor("Ana Lima", "Lisbon")]
    assert contributors.row_count() == 1


def test_names_are_completed(contributors: ContributorsEditor) -> None:
    assert contributors.names() == ["Ana Lima", "Maya Okafor", "Tomás Reyes"]
    name, _place = contributors.row_fields(0)
    completer = name.completer()
    completer.setCompletionPrefix("oka")
    assert completer.currentCompletion() == "Maya Okafor"


def test_add_a_contributor_by_typing(contributors: ContributorsEditor, qtbot: Any) -> None:
    contributors.activateWindow()
    with qtbot.assertNotEmitted(contributors.contributorsChanged):
        QTest.mouseClick(contributors.add_button, Qt.MouseButton.LeftButton)
    assert contributors.row_count() == 3
    name, place = contributors.row_fields(2)
    qtbot.waitUntil(name.hasFocus)
    QTest.keyClicks(name, "Ana  Lima ")
    with qtbot.waitSignal(contributors.contributorsChanged) as blocker:
        QTest.keyClick(name, Qt.Key.Key_Tab)  # leaving the field finishes the edit
    assert blocker.args[0] == [*PEOPLE, Contributor("Ana Lima", None)]
    QTest.keyClicks(place, "Lisbon")
    with qtbot.waitSignal(contributors.contributorsChanged) as blocker:
        QTest.keyClick(place, Qt.Key.Key_Return)
    assert blocker.args[0][-1] == Contributor("Ana Lima", "Lisbon")


def test_remove_and_reorder(contributors: ContributorsEditor, qtbot: Any) -> None:
    with qtbot.waitSignal(contributors.contributorsChanged) as blocker:
        contributors.move_row(1, -1)
    assert blocker.args[0] == [PEOPLE[1], PEOPLE[0]]
    with qtbot.waitSignal(contributors.contributorsChanged) as blocker:
        QTest.mouseClick(contributors._rows[0].remove, Qt.MouseButton.LeftButton)
    assert blocker.args[0] == [PEOPLE[0]]
    with qtbot.assertNotEmitted(contributors.contributorsChanged):
        contributors.move_row(0, -1)  # nowhere to go


def test_keyboard_reorder_and_remove(contributors: ContributorsEditor, qtbot: Any) -> None:
    """Alt+Up/Down move the row even though the window moves posts with the same keys."""
    window_move = QAction("Move post up", contributors)
    window_move.setShortcut(QKeySequence("Alt+Up"))
    window_move.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    contributors.addAction(window_move)
    moved_post: list[bool] = []
    window_move.triggered.connect(lambda: moved_post.append(True))
    contributors.activateWindow()
    name, _place = contributors.row_fields(1)
    name.setFocus()
    qtbot.waitUntil(name.hasFocus)
    with qtbot.waitSignal(contributors.contributorsChanged) as blocker:
        QTest.keyClick(name, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert blocker.args[0] == [PEOPLE[1], PEOPLE[0]]
    with qtbot.waitSignal(contributors.contributorsChanged) as blocker:
        QTest.keyClick(name, Qt.Key.Key_Delete, Qt.KeyboardModifier.AltModifier)
    assert blocker.args[0] == [PEOPLE[0]]
    assert moved_post == []


def test_rows_without_a_name_are_left_out(contributors: ContributorsEditor) -> None:
    contributors.add_row()
    assert contributors.contributors() == PEOPLE
    _name, place = contributors.row_fields(2)
    place.setText("Somewhere")
    assert contributors.contributors() == PEOPLE


def test_accessible_names(contributors: ContributorsEditor) -> None:
    name, place = contributors.row_fields(0)
    assert name.accessibleName() == "Contributor name"
    assert place.accessibleName() == "Contributor place"
    row = contributors._rows[0]
    assert {row.up.accessibleName(), row.down.accessibleName(), row.remove.accessibleName()} \
        == {"Move contributor up", "Move contributor down", "Remove contributor"}
    assert contributors.add_button.accessibleName() == "Add contributor"
