"""Start-up: the default store on first run, stores that cannot be opened, the self-test."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop import app as app_module
from desktop.dialogs import messages
from storage import BlogStore
from storage.paths import default_store_path


def close_launched(launcher: app_module.Launcher) -> None:
    for window in launcher.windows:
        window.close()  # type: ignore[attr-defined]


def test_first_run_creates_the_default_store_with_the_sample(isolated_data_dir: Path,
                                                              qapp: Any) -> None:
    path = default_store_path()
    assert path.parent == isolated_data_dir and not path.exists()
    launcher = app_module.Launcher()
    store = launcher.open_store(path, create_with_sample=True)
    assert store is not None
    try:
        blogs = store.list_blogs()
        assert len(blogs) == 1
        if app_module.sample_path().is_file():
            assert blogs[0].posts > 5
        else:
            assert blogs[0].title == "My live blog"
    finally:
        store.close()
    assert path.exists()


def test_without_the_sample_a_new_store_gets_an_empty_blog(tmp_path: Path, qapp: Any,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(app_module, "sample_path", lambda: tmp_path / "missing.json")
    store = app_module.create_store(tmp_path / "sub" / "new.livedesk", with_sample=True)
    try:
        assert [b.title for b in store.list_blogs()] == ["My live blog"]
    finally:
        store.close()


@pytest.mark.parametrize("content", [b"", b"hello, not a database", b"SQLite format 3\x00junk"])
def test_a_file_that_is_not_a_store_is_explained_not_traced(
        tmp_path: Path, qapp: Any, monkeypatch: pytest.MonkeyPatch, content: bytes,
        capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "notes.livedesk"
    bad.write_bytes(content)
    shown: list[tuple[str, str]] = []

    def fake_exec(box: QMessageBox) -> int:
        shown.append((box.windowTitle(), box.text()))
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    assert app_module.run_app(bad, False) == 1
    assert shown and shown[0][0] == "Not a Livedesk store"
    assert str(bad) in shown[0][1]
    assert "Traceback" not in capsys.readouterr().err
    assert bad.read_bytes() == content  # left exactly as it was


def test_after_a_failure_another_store_can_be_opened(tmp_path: Path, qapp: Any,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    good = tmp_path / "good.livedesk"
    BlogStore.create(good).close()
    monkeypatch.setattr(messages, "ask_store_failure", lambda *_a, **_k: "open")
    from PySide6.QtWidgets import QFileDialog

    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *_a, **_k: (str(good), "")))
    launcher = app_module.Launcher()
    store = launcher.open_store(tmp_path / "missing.livedesk")
    assert store is not None and store.path == good
    store.close()


def test_switching_stores_opens_a_new_window(tmp_path: Path, qapp: Any, qtbot: Any) -> None:
    other = tmp_path / "other.livedesk"
    BlogStore.create(other).close()
    launcher = app_module.Launcher()
    first = launcher.show_window(app_module.create_store(tmp_path / "first.livedesk",
                                                         with_sample=False))
    first.store_requested.emit(str(other))  # type: ignore[attr-defined]
    assert len(launcher.windows) == 1
    second = launcher.windows[0]
    assert second is not first
    assert second.store.path == other  # type: ignore[attr-defined]
    assert not first.isVisible()  # type: ignore[attr-defined]
    from desktop.settings import open_settings, recent_stores

    assert recent_stores(open_settings())[0] == other.resolve()
    close_launched(launcher)


def test_self_test_passes(qapp: Any, capsys: pytest.CaptureFixture[str]) -> None:
    assert app_module.run_app(None, True) == 0
    assert "self-test passed" in capsys.readouterr().err
    assert not [w for w in QApplication.topLevelWidgets() if w.isVisible()]


def test_a_store_open_elsewhere_can_be_opened_read_only(tmp_path: Path, qapp: Any, qtbot: Any,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "shared.livedesk"
    writer = app_module.create_store(path, with_sample=False)
    offered: list[bool] = []

    def ask(_parent: Any, title: str, _text: str, offer_read_only: bool = False) -> str:
        offered.append(offer_read_only)
        assert title == "The store is open in another Livedesk"
        return "read_only"

    monkeypatch.setattr(messages, "ask_store_failure", ask)
    launcher = app_module.Launcher()
    store = launcher.open_store(path)
    assert offered == [True]
    assert store is not None and store.read_only
    window = launcher.show_window(store)
    try:
        assert "(read-only)" in window.windowTitle()  # type: ignore[attr-defined]
        assert not window.actions["new_post"].isEnabled()  # type: ignore[attr-defined]
        window.new_post()  # type: ignore[attr-defined]
        assert store.count_posts(store.list_blogs()[0].id) == 0
    finally:
        close_launched(launcher)
        writer.close()
