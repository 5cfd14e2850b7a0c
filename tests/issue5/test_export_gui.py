"""The app's side of the export: check panel, preview and export dialog (issue 5)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

import main
from desktop.export_dialog import ExportDialog
from desktop.hub import StoreHub
from export.interchange import import_document
from storage import BlogStore
from widgets import preview as preview_module
from widgets.check_panel import CheckPanel
from widgets.preview import PreviewPane


@pytest.fixture
def loaded(doc: dict[str, Any]):  # type: ignore[no-untyped-def]
    store = BlogStore.in_memory()
    blog = import_document(store, doc).blog
    hub = StoreHub(store)
    yield store, hub, blog.id
    hub.detach()
    store.close()


@pytest.fixture
def sample(tmp_path: Path):  # type: ignore[no-untyped-def]
    path = tmp_path / "s.livedesk"
    assert main.run(["sample", "--store", str(path)]) == 0
    store = BlogStore.open(path)
    hub = StoreHub(store)
    yield store, hub, store.list_blogs()[0].id
    hub.detach()
    store.close()


def test_check_panel_lists_problems_and_jumps(qtbot: Any, loaded: Any) -> None:
    store, hub, blog_id = loaded
    fire = store.post_by_uid(blog_id, "fire-out")
    store.update_post(fire.id, body="   ")
    panel = CheckPanel(hub)
    qtbot.addWidget(panel)
    panel.show()
    panel.set_blog(blog_id)
    errors, _warnings = panel.counts()
    assert errors == 1
    assert "error" in panel.summary.text()
    item = panel.tree.topLevelItem(0)
    assert item.text(0) == "Error" and item.text(1) == "Fire is out, says fire service"
    with qtbot.waitSignal(panel.post_activated) as blocker:
        panel.tree.itemActivated.emit(item, 0)
    assert blocker.args == ["fire-out"]
    # Fixing the post clears the error after the debounce.
    with qtbot.waitSignal(panel.checked, timeout=5000):
        store.update_post(fire.id, body="Crews put the fire out.")
    assert panel.counts()[0] == 0


def test_check_panel_runs_in_a_worker_for_file_stores(qtbot: Any, sample: Any) -> None:
    store, hub, blog_id = sample
    panel = CheckPanel(hub)
    qtbot.addWidget(panel)
    panel.show()
    with qtbot.waitSignal(panel.checked, timeout=20_000):
        panel.set_blog(blog_id)
    assert panel.counts() == (0, 0)
    assert panel.summary.text().startswith("Ready to export")
    # A misspelling typed into a post shows up as a warning.
    post = store.get_post(store.post_ids(blog_id)[1])
    with qtbot.waitSignal(panel.checked, timeout=20_000):
        store.update_post(post.id, body=post.body + "\n\nThe rescuers were exhaustd.")
    assert panel.counts()[1] >= 1
    assert any("exhaustd" in p.message for p in panel.problems)
    panel.wait()


def test_preview_follows_edits_and_the_current_post(qtbot: Any, loaded: Any,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    store, hub, blog_id = loaded
    pane = PreviewPane(hub)
    qtbot.addWidget(pane)
    pane.show()
    pane.set_blog(blog_id)
    assert "Fire is out, says fire service" in pane.html()
    assert "What caused it?" not in pane.html()  # drafts never reach the page
    fire = store.post_by_uid(blog_id, "fire-out")
    with qtbot.waitSignal(pane.refreshed, timeout=5000):
        store.update_post(fire.id, headline="Fire is finally out")
    assert "Fire is finally out" in pane.html()
    opened: list[Any] = []
    monkeypatch.setattr(preview_module.QDesktopServices, "openUrl",
                        lambda url: opened.append(url) or True)
    path = pane.open_in_browser()
    assert path is not None and path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert opened and opened[0].toLocalFile() == str(path)


def test_preview_of_a_long_blog_shows_a_window_of_posts(qtbot: Any, store: BlogStore) -> None:
    blog = store.create_blog("long", "Long blog")
    ids = [store.create_post(blog.id, headline=f"Post number {i}", body=f"Body {i}.",
                             status="published").id for i in range(60)]
    hub = StoreHub(store)
    pane = PreviewPane(hub)
    qtbot.addWidget(pane)
    pane.set_blog(blog.id)
    pane.set_current_post(ids[10])  # Post number 10 sits 50th from the top
    pane.refresh_now()
    assert "Post number 10" in pane.html() and "Post number 59" not in pane.html()
    assert "of 60" in pane.note.text()
    assert ">60 Posts<" in pane.html()  # the whole blog's count, not the window's
    hub.detach()


def test_hidden_check_panel_waits_until_shown(qtbot: Any, loaded: Any) -> None:
    _store, hub, blog_id = loaded
    panel = CheckPanel(hub)
    qtbot.addWidget(panel)
    panel.set_blog(blog_id)
    assert panel.summary.text() == "Not checked yet"  # start-up does not pay for the checks
    with qtbot.waitSignal(panel.checked, timeout=10_000):
        panel.show()
    assert panel.summary.text() != "Not checked yet"


def test_export_dialog_blocks_on_errors_until_overridden(qtbot: Any, loaded: Any,
                                                         tmp_path: Path) -> None:
    store, _hub, blog_id = loaded
    store.update_post(store.post_by_uid(blog_id, "fire-out").id, headline="")
    dialog = ExportDialog(store, blog_id)
    qtbot.addWidget(dialog)
    assert not dialog.export_button.isEnabled()
    assert "block the export" in dialog.checks_label.text()
    assert dialog.override.isVisibleTo(dialog)
    dialog.override.setChecked(True)
    assert dialog.export_button.isEnabled()
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("atom"))
    target = tmp_path / "feed.atom"
    dialog.path_edit.setText(str(target))
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.export_button.click()
    assert dialog.written == [target]
    assert target.read_text(encoding="utf-8").startswith("<?xml")


def test_export_dialog_writes_html_and_json_with_photos(qtbot: Any, sample: Any,
                                                        tmp_path: Path) -> None:
    store, _hub, blog_id = sample
    dialog = ExportDialog(store, blog_id)
    qtbot.addWidget(dialog)
    assert dialog.export_button.isEnabled() and not dialog.override.isVisibleTo(dialog)
    assert dialog.path_edit.text().endswith("storm-ottilie-wenmoor-coast.html")
    page = tmp_path / "page.html"
    dialog.path_edit.setText(str(page))
    with qtbot.waitSignal(dialog.accepted, timeout=30_000):
        dialog.export_button.click()
    text = page.read_text(encoding="utf-8")
    assert "Storm Ottilie" in text and "data:image/jpeg;base64," in text
    assert "Council to open hardship fund" not in text  # the draft

    dialog = ExportDialog(store, blog_id)
    qtbot.addWidget(dialog)
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("json"))
    target = tmp_path / "out" / "blog.json"
    target.parent.mkdir()
    dialog.path_edit.setText(str(target))
    with qtbot.waitSignal(dialog.accepted, timeout=30_000):
        dialog.export_button.click()
    doc = json.loads(target.read_text(encoding="utf-8"))
    assert len(doc["posts"]) == 24  # drafts included in the interchange format
    assert (target.parent / "images" / "skelby-dam.jpg").is_file()


def test_export_dialog_run_returns_nothing_when_cancelled(qtbot: Any, loaded: Any,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    store, _hub, blog_id = loaded
    monkeypatch.setattr(ExportDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    assert ExportDialog.run(None, store, blog_id) == []


def test_export_dialog_accessible_names(qtbot: Any, loaded: Any) -> None:
    store, _hub, blog_id = loaded
    dialog = ExportDialog(store, blog_id)
    qtbot.addWidget(dialog)
    for widget in (dialog.format_box, dialog.path_edit, dialog.progress, dialog.override):
        assert widget.accessibleName()
    assert dialog.format_box.count() == 5
    assert dialog.format_box.itemData(0, Qt.ItemDataRole.UserRole) == "html"
