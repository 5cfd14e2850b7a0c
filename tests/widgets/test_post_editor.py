"""The post editor, driven through its widgets against a real (in-memory) store."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDateTime, QMimeData, Qt
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QWidget

from storage.models import Contributor, Media, Post
from widgets.post_editor import (
    EMPTY_HINT,
    PostEditor,
    count_words,
    iso_to_wall,
    wall_to_iso,
)

BODY = ("**Some context:** crews said the fire was out at 15:10.\n\n"
        "- Roads reopen on Monday\n- Windows may be opened\n\n"
        "> “We are relieved,” the chief said.\n\n"
        "More at [the council site](https://example.org/fire).\n")


@pytest.fixture
def post(store: Any) -> Post:
    blog = store.create_blog("harbour", "Harbour fire", timezone="Europe/London")
    created = store.create_post(blog.id, headline="Fire is out 🚒", body=BODY,
                                status="published", label="Breaking")
    store.set_post_contributors(created.id, [Contributor("Tomás Reyes", "Portmere"),
                                             Contributor("Maya Okafor", None)])
    store.set_post_media(created.id, [Media("https://example.org/a.jpg", "Smoke", "Smoke rose.",
                                            "Photo: Example")])
    store.update_post(created.id, published_at="2025-03-02T15:20:00+00:00",
                      update_note="Updated with more reporting.")
    return store.get_post(created.id)


class Window:
    """What the main window does with the editor's signals, in miniature."""

    def __init__(self, store: Any, editor: PostEditor) -> None:
        self.store = store
        self.editor = editor
        self.edits: list[tuple[str, Any, Any]] = []
        self.typed = 0
        editor.structural_edit.connect(self.on_structural)
        editor.text_edited.connect(self.on_typed)

    def on_typed(self) -> None:
        self.typed += 1

    def on_structural(self, field: str, new: Any, old: Any) -> None:
        self.edits.append((field, new, old))
        post_id = self.editor.post_id()
        if field == "contributors":
            post = self.store.set_post_contributors(post_id, new)
        elif field == "media":
            post = self.store.set_post_media(post_id, new)
        else:
            post = self.store.update_post(post_id, **{field: new})
        self.editor.show_post(post)


@pytest.fixture
def editor(qtbot: Any, store: Any, tmp_path: Path) -> PostEditor:
    widget = PostEditor()
    qtbot.addWidget(widget)
    stored: list[Path] = []

    def store_media_file(path: Path) -> str:
        stored.append(path)
        return store.put_media_file(path.name, path.read_bytes(), "image/png")

    widget.set_context(timezone="Europe/London", labels=["Key event"],
                       contributor_names=["Tomás Reyes", "Maya Okafor", "Ana Lima"],
                       media_loader=store.get_media_file, store_media_file=store_media_file)
    widget.resize(1000, 760)
    widget.show()
    return widget


@pytest.fixture
def window(store: Any, editor: PostEditor) -> Window:
    return Window(store, editor)


def test_empty_state(editor: PostEditor) -> None:
    editor.load_post(None)
    assert editor.post_id() is None
    assert editor.stack.currentWidget() is editor.hint
    assert editor.hint.text() == EMPTY_HINT
    assert not editor.form.isEnabled()
    assert editor.pending_text_changes() == {}
    assert editor.word_count() == 0


def test_load_post_shows_every_field(editor: PostEditor, post: Post) -> None:
    editor.load_post(post)
    assert editor.post_id() == post.id
    assert editor.stack.currentWidget() is editor.scroll
    assert editor.headline.text() == "Fire is out 🚒"
    assert editor.label_combo.currentText() == "Breaking"
    assert editor.status_combo.currentData() == "published"
    assert editor.published_at() == "2025-03-02T15:20:00+00:00"
    assert editor.zone_label.text() in ("GMT", "BST")
    assert editor.current_contributors() == [Contributor("Tomás Reyes", "Portmere"),
                                             Contributor("Maya Okafor", None)]
    assert editor.current_media() == list(post.media)
    assert editor.update_note.text() == "Updated with more reporting."
    assert editor.body.markdown() == BODY
    assert editor.pending_text_changes() == {}


def test_labels_offered(editor: PostEditor) -> None:
    items = [editor.label_combo.itemText(i) for i in range(editor.label_combo.count())]
    assert items[0] == ""
    for label in ("Analysis", "Breaking", "Catch up", "Explainer", "Fact check", "Opinion",
                  "Key event"):
        assert label in items


def test_typing_is_pending_until_saved(editor: PostEditor, post: Post, window: Window) -> None:
    editor.load_post(post)
    editor.headline.setFocus()
    QTest.keyClick(editor.headline, Qt.Key.Key_End)
    QTest.keyClicks(editor.headline, " at last")
    assert window.typed == len(" at last")
    editor.focus_body()
    editor.body.moveCursor(QTextCursor.MoveOperation.End)
    QTest.keyClicks(editor.body, "Done.")
    editor.update_note.setFocus()
    editor.update_note.setText("")
    QTest.keyClicks(editor.update_note, "x")
    QTest.keyClick(editor.update_note, Qt.Key.Key_Backspace)
    changes = editor.pending_text_changes()
    assert changes["headline"] == "Fire is out 🚒 at last"
    assert changes["body"].endswith("More at [the council site](https://example.org/fire).Done.\n")
    assert changes["update_note"] is None
    assert window.edits == []  # typing is never a structural edit
    editor.mark_saved()
    assert editor.pending_text_changes() == {}
    QTest.keyClicks(editor.body, "!")
    assert set(editor.pending_text_changes()) == {"body"}


def test_loading_does_not_count_as_typing(editor: PostEditor, post: Post,
                                          window: Window) -> None:
    editor.load_post(post)
    editor.load_post(None)
    editor.load_post(post)
    assert window.typed == 0 and window.edits == []
    assert editor.pending_text_changes() == {}


def test_unnormalised_stored_body_is_not_rewritten_without_an_edit(
        editor: PostEditor, post: Post) -> None:
    raw = replace(post, body="A wrapped\nparagraph   \n\n\n")
    editor.load_post(raw)
    assert editor.pending_text_changes() == {}


def test_undo_inside_each_field(editor: PostEditor, post: Post) -> None:
    editor.load_post(post)
    editor.focus_body()
    editor.body.moveCursor(QTextCursor.MoveOperation.End)
    QTest.keyClicks(editor.body, " Extra")
    assert editor.body.toPlainText().endswith("site. Extra")
    QTest.keyClick(editor.body, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert editor.body.markdown() == BODY
    editor.focus_headline()
    QTest.keyClick(editor.headline, Qt.Key.Key_End)
    QTest.keyClicks(editor.headline, "!")
    assert editor.headline.text().endswith("!")
    QTest.keyClick(editor.headline, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert editor.headline.text() == "Fire is out 🚒"
    # loading a post starts a new history: nothing to undo
    editor.load_post(post)
    assert not editor.body.document().isUndoAvailable()


def test_label_status_time_emit_structural_edits(editor: PostEditor, post: Post,
                                                 window: Window) -> None:
    editor.load_post(post)
    combo: QComboBox = editor.label_combo
    combo.setFocus()
    combo.lineEdit().selectAll()
    QTest.keyClicks(combo.lineEdit(), "Fact check")
    QTest.keyClick(combo.lineEdit(), Qt.Key.Key_Return)
    assert window.edits[-1] == ("label", "Fact check", "Breaking")
    combo.lineEdit().clear()
    combo.lineEdit().editingFinished.emit()
    assert window.edits[-1] == ("label", None, "Fact check")
    count = len(window.edits)
    combo.lineEdit().editingFinished.emit()  # no change, no edit
    assert len(window.edits) == count

    editor.status_combo.setCurrentIndex(editor.status_combo.findData("draft"))
    editor.status_combo.activated.emit(editor.status_combo.currentIndex())
    assert window.edits[-1] == ("status", "draft", "published")

    editor.time_edit.setDateTime(QDateTime.fromString("2025-07-01T09:30:00Z",
                                                      Qt.DateFormat.ISODate))
    editor.time_edit.editingFinished.emit()
    # summer: London is an hour ahead of UTC; the time is kept in the blog's zone
    assert window.edits[-1] == ("published_at", "2025-07-01T09:30:00+01:00",
                                "2025-03-02T15:20:00+00:00")
    assert editor.published_at() == "2025-07-01T09:30:00+01:00"


def test_now_button(editor: PostEditor, post: Post, window: Window) -> None:
    editor.load_post(post)
    QTest.mouseClick(editor.now_button, Qt.MouseButton.LeftButton)
    field, new, old = window.edits[-1]
    assert field == "published_at" and old == "2025-03-02T15:20:00+00:00"
    stamp = datetime.fromisoformat(new)
    assert abs((datetime.now(stamp.tzinfo) - stamp).total_seconds()) < 120


def test_draft_without_time(editor: PostEditor, post: Post) -> None:
    draft = replace(post, status="draft", published_at=None)
    editor.load_post(draft)
    assert editor.status_combo.currentText() == "Draft"
    assert editor.published_at() is None
    assert editor.time_edit.text() == "Not set"
    assert not editor.time_edit.isEnabled()


def test_contributors_and_media_emit_full_lists(editor: PostEditor, post: Post,
                                                window: Window, tmp_path: Path) -> None:
    editor.load_post(post)
    editor.contributors.remove_row(1)
    assert window.edits[-1] == ("contributors", [Contributor("Tomás Reyes", "Portmere")],
                                [Contributor("Tomás Reyes", "Portmere"),
                                 Contributor("Maya Okafor", None)])
    picture = tmp_path / "flood.png"
    from PySide6.QtGui import QColor, QImage

    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(QColor("darkorange"))
    image.save(str(picture))
    assert editor.photos.add_files([picture]) == []
    field, new, old = window.edits[-1]
    assert field == "media" and len(new) == 2 and old == list(post.media)
    assert new[1].src.endswith("flood.png")
    assert editor.photos.row(1).thumbnail.pixmap() is not None
    assert not editor.photos.row(1).thumbnail.pixmap().isNull()


def test_show_post_keeps_cursor_and_history_and_emits_nothing(
        editor: PostEditor, post: Post, window: Window, store: Any, qtbot: Any) -> None:
    editor.load_post(post)
    editor.focus_body()
    editor.body.moveCursor(QTextCursor.MoveOperation.End)
    QTest.keyClicks(editor.body, " More")
    position = editor.body.textCursor().position()
    typed = window.typed
    # a structural change arrives from the store (e.g. an undo in the window)
    updated = store.update_post(post.id, label="Analysis")
    updated = store.set_post_contributors(post.id, [Contributor("Ana Lima", "Lisbon")])
    with qtbot.assertNotEmitted(editor.structural_edit), \
            qtbot.assertNotEmitted(editor.text_edited):
        editor.show_post(updated)
    assert editor.label_combo.currentText() == "Analysis"
    assert editor.current_contributors() == [Contributor("Ana Lima", "Lisbon")]
    # the unsaved typing, the cursor and the undo history are still there
    assert editor.body.toPlainText().endswith("site. More")
    assert editor.body.textCursor().position() == position
    assert editor.body.document().isUndoAvailable()
    assert window.typed == typed
    assert "body" in editor.pending_text_changes()


def test_show_post_replaces_a_text_field_changed_in_the_store(
        editor: PostEditor, post: Post, store: Any, qtbot: Any) -> None:
    editor.load_post(post)
    changed = store.update_post(post.id, headline="New headline", body="New *body*.\n",
                                update_note=None)
    with qtbot.assertNotEmitted(editor.text_edited):
        editor.show_post(changed)
    assert editor.headline.text() == "New headline"
    assert editor.body.markdown() == "New *body*.\n"
    assert editor.update_note.text() == ""
    assert editor.pending_text_changes() == {}


def test_show_post_of_another_post_loads_it(editor: PostEditor, post: Post,
                                            store: Any) -> None:
    editor.load_post(post)
    other = store.create_post(post.blog_id, headline="Other", body="Text")
    editor.show_post(other)
    assert editor.post_id() == other.id
    assert editor.headline.text() == "Other"


def test_word_count_with_emoji(editor: PostEditor, post: Post) -> None:
    editor.load_post(replace(post, headline="Fire 🚒 is out", body="🔥 Crews’ work: don't "
                             "stop — **U.S.** e-mail 🧯 done.\n"))
    assert editor.word_count() == 3 + 7  # Crews, work, don't, stop, U.S, e-mail, done
    assert count_words("") == 0


def type_text(widget: QWidget, text: str) -> None:
    """Type ``text`` one character (code point) at a time, as a keyboard or input method
    delivers emoji: whole, never as half a surrogate pair (QTest.keyClicks would)."""
    for char in text:
        for kind in (QKeyEvent.Type.KeyPress, QKeyEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier,
                                                     char))


def test_emoji_in_headline_and_body_round_trip(editor: PostEditor, post: Post) -> None:
    editor.load_post(post)
    editor.focus_headline()
    QTest.keyClick(editor.headline, Qt.Key.Key_End)
    type_text(editor.headline, " 🔥🔥")
    editor.focus_body()
    editor.body.moveCursor(QTextCursor.MoveOperation.Start)
    type_text(editor.body, "🧯 ")
    changes = editor.pending_text_changes()
    assert changes["headline"] == "Fire is out 🚒 🔥🔥"
    # typed at the start of bold text, it is bold too (as in a word processor)
    assert changes["body"].startswith("**🧯 Some context:** crews")
    editor.load_post(replace(post, body=changes["body"], headline=changes["headline"]))
    assert editor.headline.text() == "Fire is out 🚒 🔥🔥"
    assert editor.body.markdown() == changes["body"]


def test_highlight_terms(editor: PostEditor, post: Post) -> None:
    editor.load_post(post)
    editor.highlight_terms(["fire", "council"])
    assert len(editor.body.highlighted_ranges()) == 2
    editor.highlight_terms([])
    assert editor.body.highlighted_ranges() == []


def test_text_widgets(editor: PostEditor, post: Post) -> None:
    editor.load_post(post)
    widgets = editor.text_widgets()
    assert widgets[:3] == [editor.headline, editor.body, editor.update_note]
    row = editor.photos.row(0)
    assert row.alt in widgets and row.caption in widgets


def test_focus_methods(editor: PostEditor, post: Post, qtbot: Any) -> None:
    editor.load_post(post)
    editor.activateWindow()
    editor.focus_body()
    qtbot.waitUntil(lambda: editor.body.hasFocus())
    editor.focus_headline()
    qtbot.waitUntil(lambda: editor.headline.hasFocus())


def test_tab_order(editor: PostEditor, post: Post, qtbot: Any) -> None:
    editor.load_post(post)
    editor.photos.set_expanded(True)
    editor.activateWindow()
    editor.focus_headline()
    qtbot.waitUntil(lambda: editor.headline.hasFocus())
    chain = editor.tab_chain()
    visited: list[QWidget] = []
    for _ in range(len(chain) * 4):  # the time field takes a Tab per section
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        widget = QApplication.focusWidget()
        if widget is editor.label_combo.lineEdit():
            widget = editor.label_combo
        if not visited or visited[-1] is not widget:
            visited.append(widget)
        if widget is chain[-1]:
            break
    expected = chain[1:]
    normalised = visited
    assert normalised == expected
    names = [w.accessibleName() for w in chain]
    assert names[:5] == ["Headline", "Label", "Status", "Publish time",
                         "Set publish time to now"]
    assert names.index("Body") < names.index("Update note") < names.index("Alt text")


def test_every_control_has_an_accessible_name(editor: PostEditor, post: Post) -> None:
    editor.load_post(post)
    editor.photos.set_expanded(True)
    from PySide6.QtWidgets import (
        QAbstractButton,
        QComboBox,
        QDateTimeEdit,
        QLineEdit,
        QPlainTextEdit,
        QTextEdit,
    )

    missing = []
    for widget in editor.findChildren(QWidget):
        if not isinstance(widget, QAbstractButton | QComboBox | QDateTimeEdit | QLineEdit
                          | QPlainTextEdit | QTextEdit):
            continue
        if widget.parent() is editor.label_combo or not widget.isVisibleTo(editor):
            continue
        if isinstance(widget, QLineEdit) and isinstance(widget.parent(), QDateTimeEdit):
            continue
        if not widget.accessibleName() and not (isinstance(widget, QAbstractButton)
                                                and widget.text()):
            missing.append((type(widget).__name__, widget.objectName(), widget.toolTip()))
    assert missing == []


def test_format_bar_drives_the_body(editor: PostEditor, post: Post, qtbot: Any) -> None:
    editor.load_post(replace(post, body="Alpha beta\n"))
    bar = editor.format_bar
    editor.body.setTextCursor(editor.body.document().find("Alpha"))
    bar.bold.trigger()
    assert bar.bold.isChecked()
    editor.body.setTextCursor(editor.body.document().find("beta"))
    assert not bar.bold.isChecked()
    bar.italic.trigger()
    assert bar.italic.isChecked()
    assert editor.pending_text_changes()["body"] == "**Alpha** *beta*\n"
    for action in (bar.bold, bar.italic, bar.link, bar.bullet_list, bar.numbered_list,
                   bar.quote, bar.subheading, bar.clear):
        assert "(" in action.toolTip() and action.toolTip().endswith(")")
        assert not action.icon().isNull()


def test_format_bar_shortcuts(editor: PostEditor, post: Post, qtbot: Any) -> None:
    editor.load_post(replace(post, body="Alpha beta\n"))
    editor.activateWindow()
    editor.focus_body()
    qtbot.waitUntil(lambda: editor.body.hasFocus())
    editor.body.setTextCursor(editor.body.document().find("Alpha"))
    QTest.keyClick(editor.body, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    editor.body.setTextCursor(editor.body.document().find("beta"))
    QTest.keyClick(editor.body, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    assert editor.body.markdown() == "**Alpha** *beta*\n"


def test_link_dialog(editor: PostEditor, post: Post, monkeypatch: pytest.MonkeyPatch) -> None:
    from widgets.format_bar import LinkDialog

    editor.load_post(replace(post, body="Read the report\n"))
    editor.body.setTextCursor(editor.body.document().find("report"))
    monkeypatch.setattr(LinkDialog, "ask", staticmethod(lambda parent, url="":
                                                         "https://example.org/r"))
    editor.format_bar.link.trigger()
    assert editor.body.markdown() == "Read the [report](https://example.org/r)\n"
    assert editor.format_bar.link.isChecked()
    monkeypatch.setattr(LinkDialog, "ask", staticmethod(lambda parent, url="": ""))
    editor.format_bar.link.trigger()
    assert editor.body.markdown() == "Read the report\n"


def test_link_dialog_accepts_only_safe_addresses(qtbot: Any) -> None:
    from PySide6.QtWidgets import QDialogButtonBox

    from widgets.format_bar import LinkDialog

    dialog = LinkDialog()
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    for url, allowed in (("https://example.org", True), ("#fire-out", True),
                         ("mailto:desk@example.org", True), ("javascript:alert(1)", False),
                         ("example.org", False)):
        dialog.url_edit.setText(url)
        assert ok.isEnabled() is allowed, url


def test_pasted_word_snippet_reaches_pending_changes(editor: PostEditor, post: Post,
                                                     window: Window) -> None:
    editor.load_post(replace(post, body=""))
    editor.focus_body()
    mime = QMimeData()
    mime.setHtml("<p class=MsoNormal><b><span style='font-family:Calibri;color:red'>Bold"
                 "</span></b> and <a href='https://example.org'>link</a></p>"
                 "<ul><li>one</li></ul><table><tr><td>cell</td></tr></table>")
    editor.body.insertFromMimeData(mime)
    assert window.typed > 0
    assert editor.pending_text_changes()["body"] == (
        "**Bold** and [link](https://example.org)\n\n- one\n\ncell\n")


def test_time_helpers() -> None:
    assert iso_to_wall("2025-07-01T08:30:00+00:00", "Europe/London") == datetime(2025, 7, 1, 9,
                                                                                 30)
    assert wall_to_iso(datetime(2025, 1, 15, 9, 30), "Europe/Kyiv") == "2025-01-15T09:30:00+02:00"
    assert wall_to_iso(datetime(2025, 1, 15, 9, 30), "Not/AZone") == "2025-01-15T09:30:00+00:00"


def test_screenshot(editor: PostEditor, post: Post, qtbot: Any) -> None:
    """A look at the editor with a realistic post (saved outside the repository)."""
    editor.load_post(post)
    editor.photos.set_expanded(True)
    editor.resize(900, 700)
    qtbot.wait(10)
    pixmap = editor.grab()
    assert not pixmap.isNull()
    pixmap.save(str(Path("/tmp") / "editor-test.png"))


def test_a_day_picked_in_the_calendar_is_an_edit(editor: PostEditor, post: Post,
                                                 window: Window, qtbot: Any) -> None:
    from PySide6.QtCore import QDate

    editor.load_post(post)
    calendar = editor.time_edit.calendarWidget()
    with qtbot.waitSignal(editor.structural_edit) as blocker:
        calendar.clicked.emit(QDate(2025, 3, 5))
    assert blocker.args == ["published_at", "2025-03-05T15:20:00+00:00",
                            "2025-03-02T15:20:00+00:00"]


def test_palette_change_recolours_links_without_an_edit(editor: PostEditor, post: Post,
                                                        window: Window) -> None:
    from PySide6.QtGui import QColor, QPalette

    editor.load_post(post)
    palette = editor.body.palette()
    palette.setColor(QPalette.ColorRole.Link, QColor("#ff8800"))
    editor.body.setPalette(palette)
    link = editor.body.document().find("the council site")
    assert link.charFormat().foreground().color().name() == "#ff8800"
    assert window.typed == 0
    assert editor.pending_text_changes() == {}
