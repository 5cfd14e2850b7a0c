"""The start-up path (issue 9): icons after the first paint, panels that wait for their tab,
counts the store keeps between commits, and the start-up report ``make bench`` reads."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QToolButton

import main
from desktop.hub import StoreHub
from desktop.main_window import MainWindow
from export import checks
from storage import BlogStore
from widgets import check_panel, icons
from widgets.check_panel import CheckPanel
from widgets.preview import PreviewPane

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def released() -> Any:
    yield
    icons.release()  # a failing test must not leave icons held for the next one


def _drawn(icon: QIcon) -> bool:
    """Whether the icon puts any visible pixel in its 16x16 picture."""
    image = icon.pixmap(16, 16).toImage()
    return any(image.pixelColor(x, y).alpha() for x in range(16) for y in range(16))


def test_icons_wait_while_held_and_arrive_on_release(qapp: Any, released: Any) -> None:
    action = QAction("Find")
    button = QToolButton()
    button.setDefaultAction(action)
    icons.hold()
    icons.set_icon(action, "fa5s.search")
    icons.set_icon(button, "fa5s.times")
    ready: list[bool] = []
    icons.when_ready(lambda: ready.append(True))
    # Meanwhile a blank icon holds the place (a button without one would show its text and
    # lay the window out wider), and nothing is drawn from the font.
    assert not action.icon().isNull() and not _drawn(action.icon()) and not ready
    assert button.sizeHint().width() < button.fontMetrics().horizontalAdvance("Find") + 24
    assert icons.icon("fa5s.search").isNull()
    icons.release()
    assert _drawn(action.icon()) and _drawn(button.icon()) and ready == [True]
    assert icons.loaded()


def test_an_icon_for_a_deleted_widget_or_an_unknown_name_is_harmless(qapp: Any,
                                                                      released: Any) -> None:
    button = QToolButton()
    icons.hold()
    icons.set_icon(button, "fa5s.times")
    button.deleteLater()
    qapp.processEvents()
    from PySide6.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    icons.release()  # the button is gone: nothing to set, no crash
    fallback: list[bool] = []
    other = QToolButton()
    icons.set_icon(other, "fa5s.no-such-icon", fallback=lambda: fallback.append(True))
    assert other.icon().isNull() and fallback == [True]


def test_the_check_panel_uses_the_checks_own_error_word() -> None:
    assert check_panel.ERROR == checks.ERROR


# ------------------------------------------------------------------------- counts in the store


def test_counts_follow_every_change_that_alters_them(store: BlogStore) -> None:
    blog = store.create_blog("counts", "Counts")
    assert store.count_posts(blog.id) == 0
    first = store.create_post(blog.id, headline="One", body="x", status="published")
    second = store.create_post(blog.id, headline="Two", body="y")
    assert store.count_posts(blog.id) == 2
    assert store.count_posts(blog.id, include_drafts=False) == 1
    store.update_post(second.id, status="published")
    assert store.count_posts(blog.id, include_drafts=False) == 2
    store.move_post(first.id, after=second.id)
    assert store.count_posts(blog.id) == 2
    store.delete_posts([first.id])
    assert store.count_posts(blog.id) == 1
    assert [b.posts for b in store.list_blogs() if b.id == blog.id] == [1]
    store.restore_posts([first.id])
    assert store.count_posts(blog.id) == 2
    store.set_post_tags(first.id, ["Storm"])
    assert [(t.name, t.posts) for t in store.list_tags()] == [("Storm", 1)]
    assert store.tag_colors() == {"Storm": store.list_tags()[0].color}


def test_a_rolled_back_transaction_leaves_no_stale_count(store: BlogStore) -> None:
    blog = store.create_blog("rollback", "Rollback")
    store.create_post(blog.id, headline="One", body="x")
    with pytest.raises(RuntimeError), store.transaction():
        store.create_post(blog.id, headline="Two", body="y")
        assert store.count_posts(blog.id) == 2  # seen inside, never kept
        raise RuntimeError("abandon")
    assert store.count_posts(blog.id) == 1


def test_another_connections_commit_refreshes_the_counts(tmp_path: Path) -> None:
    path = tmp_path / "two.livedesk"
    writer = BlogStore.create(path)
    try:
        blog = writer.create_blog("two", "Two")
        reader = BlogStore.open(path, read_only=True)
        try:
            assert reader.count_posts(blog.id) == 0
            writer.create_post(blog.id, headline="New", body="text")
            assert reader.count_posts(blog.id) == 1
        finally:
            reader.close()
    finally:
        writer.close()


# ------------------------------------------------------------------- panels behind other tabs


def test_panels_behind_another_tab_wait_until_their_tab_is_shown(qtbot: Any,
                                                                 store: BlogStore) -> None:
    blog = store.create_blog("tabs", "Tabs")
    store.create_post(blog.id, headline="Hello", body="World.", status="published")
    hub = StoreHub(store)
    preview = PreviewPane(hub)
    panel = CheckPanel(hub)
    for widget in (preview, panel):
        qtbot.addWidget(widget)
        widget.show()
        widget.set_shown(False)  # what a dock says of a tab behind the Summary tab
    preview.set_blog(blog.id)
    panel.set_blog(blog.id)
    assert preview.html() == "" and panel.summary.text() == "Not checked yet"
    with qtbot.waitSignal(preview.refreshed, timeout=5000):
        preview.set_shown(True)
    assert "Hello" in preview.html()
    with qtbot.waitSignal(panel.checked, timeout=10_000):
        panel.set_shown(True)
    hub.detach()


def test_the_main_window_renders_no_hidden_tab_on_opening(qtbot: Any, tmp_path: Path,
                                                         released: Any) -> None:
    path = tmp_path / "s.livedesk"
    assert main.run(["sample", "--store", str(path)]) == 0
    store = BlogStore.open(path)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    icons.hold()  # as the app starts
    window = MainWindow(store, settings, defer_startup=True)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.wait(50)
    # Icons held back do not change the layout: the editor keeps the room, not the docks.
    assert window.editor.width() > 2 * window.summary_dock.width()
    icons.release()
    # The Summary tab is up: the preview has not rendered, the checks have not run, and the
    # spelling dictionary waits for the start-up's next step.
    assert window.preview.html() == ""
    assert window.check_panel.summary.text() == "Not checked yet"
    assert window.spelling.language == "" and not window.startup_settled()
    steps = window.finish_startup()
    steps[0]()  # the write machinery
    steps[1]()  # the spelling language (its dictionary loads in a worker)
    assert window.spelling.language == "en"
    qtbot.waitUntil(window.startup_settled, timeout=20_000)
    window.close()
    store.close()


# --------------------------------------------------------------------- the start-up report


def test_the_app_reports_its_start_and_settled_memory(tmp_path: Path) -> None:
    path = tmp_path / "s.livedesk"
    assert main.run(["sample", "--store", str(path)]) == 0
    env = dict(os.environ, LIVEDESK_REPORT_STARTUP="1", QT_QPA_PLATFORM="offscreen",
               XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"),
               LIVEDESK_DATA_DIR=str(tmp_path / "data"))
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "--store", str(path)],
                          env=env, capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-2000:]
    lines = dict(line.split() for line in done.stdout.splitlines() if line.count(" ") == 1)
    assert set(lines) >= {"startup-ms", "settled-ms", "rss-kib"}
    assert 0 < float(lines["startup-ms"]) <= float(lines["settled-ms"])
    assert int(lines["rss-kib"]) > 10_000  # a real figure from /proc, not a placeholder
