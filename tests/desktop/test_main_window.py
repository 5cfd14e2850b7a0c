"""The main window driven through its widgets: start-up, editing, autosave, reordering, pinning,
deleting, duplicating, publishing, blog properties, revisions, and undo/redo of each."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QTextEdit

from desktop import main_window as main_window_module
from storage import Contributor, Media, StorageFailure
from tests.desktop.conftest import headlines_in_view, ids_in_view

TOP = ["Key information for residents", "Fire is out, says fire service", "What caused it?",
       "Fire breaks out at harbour warehouse"]


def uid_of(window: Any, post_id: int) -> str:
    return window.store.get_post(post_id).uid


def focus_and_wait(qtbot: Any, window: Any, widget: Any) -> None:
    window.activateWindow()
    widget.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget, timeout=2000)


def type_in_headline(qtbot: Any, window: Any, text: str) -> Any:
    window.activateWindow()
    window.editor.focus_headline()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None
                    and window.editor.isAncestorOf(QApplication.focusWidget()), timeout=2000)
    field = QApplication.focusWidget()
    if isinstance(field, QLineEdit):
        field.end(False)
    elif hasattr(field, "moveCursor"):  # QTextEdit, QPlainTextEdit (a spell-checked line)
        field.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(field, text)
    return field


def select_row(window: Any, row: int) -> int:
    post_id = window.post_model.post_id_at(row)
    window.select_posts([post_id])
    return post_id


# ------------------------------------------------------------------------------- start-up


def test_start_up_selects_the_top_post_with_keyboard_focus(window: Any, qtbot: Any) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.post_list, timeout=2000)
    assert window.post_list.currentIndex().row() == 0
    assert window.editor.post_id() == window.post_model.post_id_at(0)
    assert headlines_in_view(window) == TOP
    assert window.count_label.text() == "4 posts (1 draft)"
    assert "Harbour warehouse fire" in window.windowTitle()
    assert window.blog_switcher.currentText().startswith("Harbour warehouse fire")


def test_frequent_actions_have_shortcuts_and_accessible_names(window: Any) -> None:
    for name in ("new_post", "find", "publish", "pin", "move_up", "move_down", "move_top",
                 "next_post", "previous_post", "save_now", "undo", "redo", "delete",
                 "duplicate"):
        assert not window.actions[name].shortcut().isEmpty(), name
    assert window.actions["redo"].shortcuts()[0] == QKeySequence("Ctrl+Shift+Z")
    for widget in (window.post_list, window.blog_switcher, window.count_label,
                   window.words_label, window.save_label):
        assert widget.accessibleName()


def test_next_and_previous_post_by_keyboard(window: Any, qtbot: Any) -> None:
    focus_and_wait(qtbot, window, window.post_list)
    QTest.keyClick(window.post_list, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.editor.post_id() == window.post_model.post_id_at(1)
    QTest.keyClick(window.post_list, Qt.Key.Key_Down)
    assert window.editor.post_id() == window.post_model.post_id_at(2)
    window.actions["previous_post"].trigger()
    assert window.editor.post_id() == window.post_model.post_id_at(1)


# ------------------------------------------------------------------------ create and edit


def test_new_post_goes_to_the_top_and_undo_redo(window: Any, qtbot: Any) -> None:
    focus_and_wait(qtbot, window, window.post_list)
    QTest.keyClick(window.post_list, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    new_id = window.editor.post_id()
    assert new_id not in (None, *ids_in_view(window)[:1])
    # Pinned posts stay above; the new post leads the rest.
    assert ids_in_view(window)[1] == new_id
    assert window.store.get_post(new_id).status == "draft"
    assert window.undo_action.text() == "&Undo New post"
    window.actions["undo"].trigger()
    assert new_id not in ids_in_view(window)
    assert len(ids_in_view(window)) == 4
    window.actions["redo"].trigger()
    assert ids_in_view(window)[1] == new_id
    assert window.current_post_id() == new_id


def test_typing_is_saved_one_second_after_a_pause(window: Any, qtbot: Any) -> None:
    post_id = window.editor.post_id()
    type_in_headline(qtbot, window, " now")
    assert window.save_label.text() == "Editing…"
    qtbot.wait(600)
    assert window.store.get_post(post_id).headline == TOP[0]
    qtbot.waitUntil(lambda: window.store.get_post(post_id).headline == TOP[0] + " now",
                    timeout=1500)
    assert window.save_label.text().startswith("Saved ")
    assert window.editor.pending_text_changes() == {}
    assert window.store.list_revisions(post_id)  # a revision every few minutes of editing


def test_typing_restarts_the_autosave_timer(window: Any, qtbot: Any) -> None:
    post_id = window.editor.post_id()
    field = type_in_headline(qtbot, window, " a")
    for letter in "bcd":
        qtbot.wait(400)
        qtbot.keyClicks(field, letter)
    assert window.store.get_post(post_id).headline == TOP[0]
    qtbot.waitUntil(lambda: window.store.get_post(post_id).headline == TOP[0] + " abcd",
                    timeout=1500)


def test_focus_change_switch_and_ctrl_s_save_at_once(window: Any, qtbot: Any) -> None:
    first = window.editor.post_id()
    type_in_headline(qtbot, window, " 1")
    focus_and_wait(qtbot, window, window.post_list)
    assert window.store.get_post(first).headline == TOP[0] + " 1"

    type_in_headline(qtbot, window, "2")
    window.actions["save_now"].trigger()
    assert window.store.get_post(first).headline == TOP[0] + " 12"

    type_in_headline(qtbot, window, "3")
    window.actions["next_post"].trigger()
    assert window.store.get_post(first).headline == TOP[0] + " 123"
    assert window.editor.post_id() == window.post_model.post_id_at(1)


def test_typing_saved_before_a_post_switch_can_still_be_undone(window: Any, qtbot: Any) -> None:
    first = window.editor.post_id()
    type_in_headline(qtbot, window, " (updated)")
    select_row(window, 2)
    assert window.store.get_post(first).headline == TOP[0] + " (updated)"
    assert "Edit" in window.undo_action.text()
    window.actions["undo"].trigger()
    assert window.store.get_post(first).headline == TOP[0]
    assert window.editor.post_id() == first
    window.actions["redo"].trigger()
    assert window.store.get_post(first).headline == TOP[0] + " (updated)"


def test_quitting_saves_without_asking(qtbot: Any, blog_store: Any, settings: Any) -> None:
    win = main_window_module.MainWindow(blog_store, settings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    post_id = win.editor.post_id()
    type_in_headline(qtbot, win, "!")
    assert win.close()
    assert blog_store.get_post(post_id).headline == TOP[0] + "!"


def test_a_failed_save_keeps_the_text_and_retries(window: Any, qtbot: Any,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    errors: list[str] = []
    monkeypatch.setattr(main_window_module, "show_error",
                        lambda _parent, _title, text, _detail="": errors.append(text))
    real_update = window.store.update_post

    def failing(*_args: Any, **_kwargs: Any) -> Any:
        raise StorageFailure("The disk is full: the change was not saved.")

    monkeypatch.setattr(window.store, "update_post", failing)
    post_id = window.editor.post_id()
    type_in_headline(qtbot, window, " X")
    assert not window.flush_edits()
    assert not window.flush_edits()
    assert errors == ["The disk is full: the change was not saved."]  # one dialog, not two
    assert "Not saved" in window.save_label.text()
    assert window.editor.pending_text_changes()["headline"] == TOP[0] + " X"
    monkeypatch.setattr(window.store, "update_post", real_update)
    qtbot.waitUntil(lambda: window.store.get_post(post_id).headline == TOP[0] + " X",
                    timeout=2500)


def test_pasted_rich_text_is_saved_as_markdown(window: Any, qtbot: Any) -> None:
    post_id = select_row(window, 3)
    window.activateWindow()
    window.editor.focus_body()
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), QTextEdit), timeout=2000)
    body = QApplication.focusWidget()
    body.moveCursor(body.textCursor().MoveOperation.End)
    data = QMimeData()
    data.setHtml("<p>Crews say <b>the roof</b> held, <a href='https://example.org/x'>"
                 "council</a> confirms.</p><ul><li>one</li><li>two</li></ul>")
    data.setText("Crews say the roof held, council confirms.\none\ntwo")
    QApplication.clipboard().setMimeData(data)
    QTest.keyClick(body, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert window.flush_edits()
    saved = window.store.get_post(post_id).body
    assert "**the roof**" in saved
    assert "[council](https://example.org/x)" in saved
    assert "<b>" not in saved and "<p>" not in saved


# ------------------------------------------------------------------------------- ordering


def test_keyboard_moves_and_their_undo(window: Any, qtbot: Any) -> None:
    focus_and_wait(qtbot, window, window.post_list)
    alarm = select_row(window, 3)
    QTest.keyClick(window.post_list, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert headlines_in_view(window) == [TOP[0], TOP[1], TOP[3], TOP[2]]
    assert window.current_post_id() == alarm
    QTest.keyClick(window.post_list, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert headlines_in_view(window) == [TOP[0], TOP[3], TOP[1], TOP[2]]
    # The pinned post stays above: one more Alt+Up changes nothing.
    QTest.keyClick(window.post_list, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert headlines_in_view(window) == [TOP[0], TOP[3], TOP[1], TOP[2]]
    QTest.keyClick(window.post_list, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert headlines_in_view(window) == [TOP[0], TOP[1], TOP[3], TOP[2]]
    assert window.undo_action.text().startswith("&Undo Move “Fire breaks out")
    window.actions["undo"].trigger()
    window.actions["undo"].trigger()
    window.actions["undo"].trigger()
    assert headlines_in_view(window) == TOP
    assert window.current_post_id() == alarm
    window.actions["redo"].trigger()
    assert headlines_in_view(window) == [TOP[0], TOP[1], TOP[3], TOP[2]]


def test_move_to_top_and_resort_newest_first(window: Any) -> None:
    select_row(window, 3)
    window.actions["move_top"].trigger()
    assert headlines_in_view(window) == [TOP[0], TOP[3], TOP[1], TOP[2]]
    window.actions["resort"].trigger()
    # Newest first: the draft (edited 16:00), then 15:20, then 06:15; the pinned post on top.
    assert headlines_in_view(window) == [TOP[0], TOP[2], TOP[1], TOP[3]]
    window.actions["undo"].trigger()
    assert headlines_in_view(window) == [TOP[0], TOP[3], TOP[1], TOP[2]]
    window.actions["undo"].trigger()
    assert headlines_in_view(window) == TOP


def test_drop_through_the_model_is_one_undoable_move(window: Any) -> None:
    model = window.post_model
    data = model.mimeData([model.index(1), model.index(2)])
    assert model.dropMimeData(data, Qt.DropAction.MoveAction, 4, 0, QModelIndex())
    assert headlines_in_view(window) == [TOP[0], TOP[3], TOP[1], TOP[2]]
    assert window.selected_post_ids() == ids_in_view(window)[2:]
    assert window.undo_stack.count() == 1
    window.actions["undo"].trigger()
    assert headlines_in_view(window) == TOP
    window.actions["redo"].trigger()
    assert headlines_in_view(window) == [TOP[0], TOP[3], TOP[1], TOP[2]]


def test_pin_and_unpin(window: Any, qtbot: Any) -> None:
    focus_and_wait(qtbot, window, window.post_list)
    alarm = select_row(window, 3)
    QTest.keyClick(window.post_list, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert window.store.get_post(alarm).pinned
    assert headlines_in_view(window)[:2] == [TOP[0], TOP[3]] or \
        headlines_in_view(window)[:2] == [TOP[3], TOP[0]]
    assert window.actions["pin"].isChecked()
    assert window.actions["pin"].text() == "Un&pin"
    window.actions["pin"].trigger()
    assert headlines_in_view(window) == TOP
    window.actions["undo"].trigger()
    assert window.store.get_post(alarm).pinned
    window.actions["undo"].trigger()
    assert headlines_in_view(window) == TOP
    assert window.current_post_id() == alarm


# ------------------------------------------------------------------ delete and duplicate


def test_delete_asks_first_and_undo_brings_posts_back(window: Any, qtbot: Any,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[list[str]] = []
    answer = {"value": False}

    def confirm(_parent: Any, headlines: list[str]) -> bool:
        asked.append(headlines)
        return answer["value"]

    monkeypatch.setattr(main_window_module, "confirm_delete", confirm)
    focus_and_wait(qtbot, window, window.post_list)
    window.select_posts([window.post_model.post_id_at(1), window.post_model.post_id_at(3)])
    QTest.keyClick(window.post_list, Qt.Key.Key_Delete)
    assert asked == [[TOP[1], TOP[3]]]
    assert headlines_in_view(window) == TOP
    answer["value"] = True
    window.actions["delete"].trigger()
    assert headlines_in_view(window) == [TOP[0], TOP[2]]
    assert window.current_post_id() is not None
    assert window.undo_action.text() == "&Undo Delete 2 posts"
    window.actions["undo"].trigger()
    assert headlines_in_view(window) == TOP
    assert sorted(window.selected_post_ids()) == sorted(
        [window.post_model.post_id_at(1), window.post_model.post_id_at(3)])


def test_delete_key_in_the_editor_does_not_delete_posts(window: Any, qtbot: Any,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(main_window_module, "confirm_delete", lambda *_a: True)
    field = type_in_headline(qtbot, window, "")
    field_text = window.editor.pending_text_changes()
    QTest.keyClick(field, Qt.Key.Key_Home)
    QTest.keyClick(field, Qt.Key.Key_Delete)
    assert len(ids_in_view(window)) == 4
    assert window.editor.pending_text_changes() != field_text


def test_duplicate_makes_a_draft_copy_below(window: Any) -> None:
    source = select_row(window, 1)
    window.actions["duplicate"].trigger()
    copy_id = window.current_post_id()
    assert copy_id != source
    assert ids_in_view(window)[2] == copy_id
    copy = window.store.get_post(copy_id)
    assert copy.headline == TOP[1] and copy.status == "draft"
    assert copy.tags == ("Fire", "Safety")
    window.actions["undo"].trigger()
    assert headlines_in_view(window) == TOP
    assert window.current_post_id() == source
    window.actions["redo"].trigger()
    assert ids_in_view(window)[2] == copy_id


# ------------------------------------------------------------------ fields from the editor


def test_publish_and_unpublish(window: Any, qtbot: Any) -> None:
    draft = select_row(window, 2)
    assert not window.actions["publish"].isChecked()
    focus_and_wait(qtbot, window, window.post_list)
    QTest.keyClick(window.post_list, Qt.Key.Key_P,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    post = window.store.get_post(draft)
    assert post.status == "published" and post.published_at
    assert window.store.list_revisions(draft)[0].reason == "published"
    assert window.actions["publish"].isChecked()
    assert window.undo_action.text() == "&Undo Publish “What caused it?”"
    window.actions["undo"].trigger()
    post = window.store.get_post(draft)
    assert post.status == "draft" and post.published_at is None
    assert post.updated_at == "2025-03-02T16:00:00+00:00"
    window.actions["redo"].trigger()
    assert window.store.get_post(draft).status == "published"


@pytest.mark.parametrize(("field", "new", "check"), [
    ("label", "Fact check", lambda p: p.label == "Fact check"),
    ("status", "published", lambda p: p.status == "published"),
    ("published_at", "2025-03-02T15:00:00+00:00",
     lambda p: p.published_at == "2025-03-02T15:00:00+00:00"),
    ("contributors", [Contributor("Ana Lima", "Portmere")],
     lambda p: p.contributors == (Contributor("Ana Lima", "Portmere"),)),
    ("media", [Media("https://example.org/a.jpg", "Alt", "Caption", "Credit")],
     lambda p: p.media == (Media("https://example.org/a.jpg", "Alt", "Caption", "Credit"),)),
])
def test_structural_edits_from_the_editor_are_undoable(window: Any, field: str, new: Any,
                                                       check: Any) -> None:
    post_id = select_row(window, 3)
    before = window.store.get_post(post_id)
    old = {"contributors": list(before.contributors), "media": list(before.media)}.get(
        field, getattr(before, field))
    window.editor.structural_edit.emit(field, new, old)
    assert check(window.store.get_post(post_id))
    select_row(window, 0)  # undo still works after switching posts
    window.actions["undo"].trigger()
    after = window.store.get_post(post_id)
    assert after == before
    assert window.current_post_id() == post_id
    window.actions["redo"].trigger()
    assert check(window.store.get_post(post_id))


# ---------------------------------------------------------------------- blogs and revisions


def test_blog_properties_are_undoable(window: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    blog = window.blog

    def ask(_parent: Any, current: Any, _taken: Any = None) -> dict[str, Any]:
        assert current == blog
        return {"title": "Harbour fire", "slug": blog.slug, "language": "en",
                "timezone": "Asia/Tokyo", "status": "live",
                "coverage_start": blog.coverage_start, "coverage_end": blog.coverage_end,
                "authors": ("Maya Okafor",), "closing_note": None}

    monkeypatch.setattr(main_window_module, "ask_blog_properties", ask)
    window.actions["blog_properties"].trigger()
    changed = window.store.get_blog(blog.id)
    assert (changed.title, changed.timezone, changed.status) == ("Harbour fire", "Asia/Tokyo",
                                                                  "live")
    assert changed.authors == ("Maya Okafor",)
    assert window.windowTitle().startswith("Harbour fire")
    assert window.post_model.index(1).data(Qt.ItemDataRole.AccessibleTextRole).startswith(
        "00:20")
    window.actions["undo"].trigger()
    assert window.store.get_blog(blog.id).title == blog.title
    assert window.store.get_blog(blog.id).closing_note == blog.closing_note
    assert window.store.get_blog(blog.id).timezone == "Europe/London"


def test_new_blog_opens_it_and_undo_removes_it(window: Any,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    first = window.current_blog_id
    monkeypatch.setattr(main_window_module, "ask_blog_properties", lambda *_a: {
        "title": "Election night", "slug": "election-night", "language": "en",
        "timezone": "Europe/Paris", "status": "live", "coverage_start": None,
        "coverage_end": None, "authors": (), "closing_note": None})
    window.actions["new_blog"].trigger()
    assert window.blog.title == "Election night"
    assert window.post_model.rowCount() == 0
    assert window.blog_switcher.count() == 2
    window.actions["new_post"].trigger()
    assert window.post_model.rowCount() == 1
    window.actions["undo"].trigger()
    window.actions["undo"].trigger()
    assert window.current_blog_id == first
    assert [b.slug for b in window.store.list_blogs()] == ["harbour-fire"]
    assert window.blog_switcher.count() == 1


def test_switching_blogs_with_the_switcher(window: Any, qtbot: Any) -> None:
    other = window.store.create_blog("other", "Other blog")
    window.store.create_post(other.id, headline="Only post")
    assert window.blog_switcher.count() == 2
    index = window.blog_switcher.findData(other.id)
    window.blog_switcher.setCurrentIndex(index)
    window.blog_switcher.activated.emit(index)
    assert window.current_blog_id == other.id
    assert headlines_in_view(window) == ["Only post"]
    assert window.editor.post_id() == window.post_model.post_id_at(0)


def test_restore_a_revision_undoably(window: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    post_id = select_row(window, 1)
    store = window.store
    store.save_revision(post_id, "edited")
    store.update_post(post_id, headline="Fire is out", body="Short.")
    revision = store.list_revisions(post_id)[0]
    assert revision.snapshot["headline"] == TOP[1]
    monkeypatch.setattr(main_window_module, "ask_revision",
                        lambda _parent, _store, pid, _tz: store.list_revisions(pid)[0])
    window.actions["revisions"].trigger()
    assert store.get_post(post_id).headline == TOP[1]
    assert window.undo_action.text().startswith("&Undo Restore")
    window.actions["undo"].trigger()
    assert store.get_post(post_id).headline == "Fire is out"
    assert store.get_post(post_id).body == "Short."


def test_revisions_dialog_lists_versions_with_a_diff(window: Any, qtbot: Any) -> None:
    from desktop.dialogs.revisions import RevisionsDialog

    post_id = select_row(window, 1)
    window.store.save_revision(post_id, "edited")
    window.store.update_post(post_id, headline="Fire is out")
    dialog = RevisionsDialog(window.store, post_id, "Europe/London", window)
    qtbot.addWidget(dialog)
    assert dialog.list.count() == 1
    assert "Edited" in dialog.list.item(0).text()
    html = dialog.diff.toHtml()
    assert "Fire is out, says fire service" in html
    assert dialog.restore_button.isEnabled()
    assert dialog.selected() is not None
    dialog.reject()


# ------------------------------------------------------------------ settings and layout


def test_window_layout_and_recent_stores_are_remembered(qtbot: Any, blog_store: Any,
                                                        settings: Any) -> None:
    from desktop.settings import add_recent_store, recent_stores

    settings.setValue("recent/stores", [])
    assert recent_stores(settings) == []
    win = main_window_module.MainWindow(blog_store, settings)
    qtbot.addWidget(win)
    win.resize(720, 520)
    win.show()
    qtbot.waitExposed(win)
    win.remember_store()
    win.close()
    assert recent_stores(settings) == [blog_store.path.resolve()]
    add_recent_store(settings, blog_store.path.with_name("other.livedesk"))
    assert len(recent_stores(settings)) == 2
    again = main_window_module.MainWindow(blog_store, settings)
    qtbot.addWidget(again)
    assert again.size().width() == 720
    again.close()


def test_ctrl_z_in_the_list_undoes_the_typing_as_one_step(window: Any, qtbot: Any) -> None:
    post_id = window.editor.post_id()
    field = type_in_headline(qtbot, window, " later")
    # Inside the field, Ctrl+Z undoes typing in the field.
    QTest.keyClick(field, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.editor.pending_text_changes().get("headline", TOP[0]) != TOP[0] + " later"
    qtbot.keyClicks(field, "X")
    focus_and_wait(qtbot, window, window.post_list)
    saved = window.store.get_post(post_id).headline
    assert saved != TOP[0]
    QTest.keyClick(window.post_list, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.store.get_post(post_id).headline == TOP[0]
    assert window.editor.pending_text_changes() == {}
    QTest.keyClick(window.post_list, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.store.get_post(post_id).headline == saved


def test_a_refused_change_is_explained_and_not_kept_on_the_stack(
        window: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    errors: list[str] = []
    monkeypatch.setattr(main_window_module, "show_error",
                        lambda _parent, _title, text, _detail="": errors.append(text))
    blog = window.blog
    monkeypatch.setattr(main_window_module, "ask_blog_properties", lambda *_a: {
        "title": blog.title, "slug": "Not A Slug", "language": blog.language,
        "timezone": blog.timezone, "status": blog.status,
        "coverage_start": blog.coverage_start, "coverage_end": blog.coverage_end,
        "authors": blog.authors, "closing_note": blog.closing_note})
    window.actions["blog_properties"].trigger()
    assert errors and "slug" in errors[0]
    assert window.undo_stack.count() == 0
    assert window.store.get_blog(blog.id).slug == blog.slug
