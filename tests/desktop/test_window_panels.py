"""The main window with the issue-4 panels, search, accessibility, palettes and scaling."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QColor, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests.desktop.conftest import headlines_in_view, ids_in_view

ROOT = Path(__file__).resolve().parents[2]


def test_tags_of_the_current_post_are_edited_in_the_dock_and_undoable(window: Any,
                                                                      qtbot: Any) -> None:
    if window.tag_editor is None:
        pytest.skip("the tag editor (issue 4) is not installed")
    post_id = window.post_model.post_id_at(3)
    window.select_posts([post_id])
    assert window.tag_editor.tags() == ["Fire"]
    window.activateWindow()
    field = window.tag_editor.line_edit
    field.setFocus()
    qtbot.keyClicks(field, "Harbour")
    QTest.keyClick(field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.store.get_post(post_id).tags == ("Fire", "Harbour"),
                    timeout=2000)
    assert "Harbour" in window.post_model.index(3).data(
        Qt.ItemDataRole.AccessibleTextRole)
    window.select_posts([window.post_model.post_id_at(0)])
    window.actions["undo"].trigger()
    assert window.store.get_post(post_id).tags == ("Fire",)
    assert window.current_post_id() == post_id
    assert window.tag_editor.tags() == ["Fire"]
    window.actions["redo"].trigger()
    assert window.store.get_post(post_id).tags == ("Fire", "Harbour")


def test_find_filters_the_list_and_keeps_the_current_post(window: Any, qtbot: Any) -> None:
    if window.search_bar is None:
        pytest.skip("the search bar (issue 4) is not installed")
    fire_out = window.post_model.post_id_at(1)
    window.select_posts([fire_out])
    window.activateWindow()
    window.actions["find"].trigger()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.search_bar.line_edit,
                    timeout=2000)
    qtbot.keyClicks(window.search_bar.line_edit, "fire")
    qtbot.waitUntil(lambda: window.post_model.is_filtered(), timeout=2000)
    assert "What caused it?" not in headlines_in_view(window)
    assert window.current_post_id() == fire_out
    assert "shown of" in window.count_label.text()
    # A keyboard move inside the filtered list is a move in the full order.
    window.select_posts([window.post_model.post_id_at(window.post_model.rowCount() - 1)])
    window.actions["move_up"].trigger()
    window.search_bar.close_search()
    assert not window.post_model.is_filtered()
    assert headlines_in_view(window) == [
        "Key information for residents", "Fire breaks out at harbour warehouse",
        "Fire is out, says fire service", "What caused it?"]


def test_a_screen_reader_reads_the_rows_meaningfully(window: Any) -> None:
    view = QAccessible.queryAccessibleInterface(window.post_list)
    assert view is not None
    assert view.text(QAccessible.Text.Name) == "Posts"
    names = []
    for i in range(view.childCount()):
        child = view.child(i)
        if child is not None and child.role() == QAccessible.Role.ListItem:
            names.append(child.text(QAccessible.Text.Name))
    assert names[0].startswith("Pinned. 06:30, 2 Mar. Key information for residents.")
    assert names[2].startswith("Draft.")
    assert any("Breaking: Fire is out" in name for name in names)


def test_controls_have_accessible_names_or_visible_text(window: Any) -> None:
    from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QComboBox, QWidget

    unnamed = []
    for widget in window.findChildren(QWidget):
        if (not widget.isVisible() or widget.focusPolicy() == Qt.FocusPolicy.NoFocus
                or widget.accessibleName()):
            continue
        if isinstance(widget.parentWidget(), QAbstractSpinBox | QComboBox):
            continue  # the inner line edit of a named spin box or combo box
        if isinstance(widget, QAbstractButton) and (widget.text() or widget.toolTip()):
            continue
        interface = QAccessible.queryAccessibleInterface(widget)
        if interface is not None and interface.text(QAccessible.Text.Name):
            continue
        unnamed.append(f"{type(widget).__name__} {widget.objectName()}")
    assert not unnamed, unnamed


def test_the_window_follows_a_dark_palette(window: Any, qapp: Any) -> None:
    from desktop.app import follow_palette_in_icons

    original = QApplication.palette()
    dark = QPalette(original)
    for role, colour in ((QPalette.ColorRole.Window, "#202124"),
                         (QPalette.ColorRole.Base, "#1b1b1d"),
                         (QPalette.ColorRole.Text, "#e8eaed"),
                         (QPalette.ColorRole.WindowText, "#e8eaed"),
                         (QPalette.ColorRole.ButtonText, "#e8eaed"),
                         (QPalette.ColorRole.Button, "#303134")):
        dark.setColor(role, QColor(colour))
    try:
        QApplication.setPalette(dark)
        follow_palette_in_icons()
        QApplication.processEvents()
        image = window.post_list.viewport().grab().toImage()
        # The list's background is the dark base colour, not a hard-coded white.
        corner = image.pixelColor(image.width() - 5, image.height() - 5)
        assert corner.lightness() < 80
    finally:
        QApplication.setPalette(original)
        follow_palette_in_icons()


def test_the_app_works_at_200_percent_scaling(tmp_path: Path) -> None:
    env = dict(os.environ, QT_SCALE_FACTOR="2", QT_QPA_PLATFORM="offscreen",
               LIVEDESK_DATA_DIR=str(tmp_path))
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "--self-test"], env=env,
                          capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "self-test passed" in done.stderr


def test_multi_select_with_the_keyboard_and_move_together(window: Any, qtbot: Any) -> None:
    window.activateWindow()
    window.post_list.setFocus()
    window.select_posts([window.post_model.post_id_at(2)])
    QTest.keyClick(window.post_list, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert len(window.selected_post_ids()) == 2
    moving = window.selected_post_ids()
    window.actions["move_up"].trigger()
    assert ids_in_view(window)[1:3] == moving
    window.actions["undo"].trigger()
    assert ids_in_view(window)[2:4] == moving


def test_tab_goes_from_the_list_to_the_headline(window: Any, qtbot: Any) -> None:
    window.activateWindow()
    window.post_list.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.post_list, timeout=2000)
    QTest.keyClick(window.post_list, Qt.Key.Key_Tab)
    focused = QApplication.focusWidget()
    assert focused is not None and window.editor.isAncestorOf(focused)
    chain = getattr(window.editor, "tab_chain", None)
    if callable(chain):
        assert focused is chain()[0]
    QTest.keyClick(window.post_list, Qt.Key.Key_Backtab)


def test_open_recent_lists_other_stores(window: Any, tmp_path: Path, qtbot: Any) -> None:
    from desktop.settings import add_recent_store

    other = tmp_path / "elsewhere.livedesk"
    other.write_bytes(b"")
    add_recent_store(window.settings, other)
    window.remember_store()
    window.recent_menu.aboutToShow.emit()
    names = [a.text() for a in window.recent_menu.actions()]
    assert names == ["elsewhere.livedesk"]  # the open store is not offered again
    with qtbot.waitSignal(window.store_requested) as blocker:
        window.recent_menu.actions()[0].trigger()
    assert blocker.args == [str(other.resolve())]


def test_blog_properties_dialog_fills_the_slug_and_validates(qtbot: Any) -> None:
    from desktop.dialogs.blog_properties import BlogPropertiesDialog, slugify

    assert slugify("Storm Élin: live updates!") == "storm-elin-live-updates"
    dialog = BlogPropertiesDialog(None, taken_slugs={"taken"})
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.title, "Taken")
    assert dialog.slug.text() == "taken"
    assert "already uses" in dialog.problem_text()
    dialog.slug.setText("election-2026")
    dialog.timezone.setCurrentText("Mars/Olympus")
    assert "not a time zone" in dialog.problem_text()
    dialog.timezone.setCurrentText("Europe/Paris")
    dialog.coverage_start.enabled.setChecked(True)
    dialog.authors.setText("Ana Lima, , Tom Reyes")
    assert dialog.problem_text() == ""
    values = dialog.values()
    assert values["authors"] == ("Ana Lima", "Tom Reyes")
    assert values["coverage_start"].endswith(("+01:00", "+02:00"))
    assert values["coverage_end"] is None
    dialog.reject()
