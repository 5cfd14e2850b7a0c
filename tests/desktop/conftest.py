"""Fixtures for the desktop tests: a main window on a store with a small blog, settings in the
temp data folder, and a check that no test leaves a top-level window behind (STYLE.md item 6)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def no_windows_left(qapp: Any) -> Iterator[None]:
    """Fail a test that leaves a visible top-level window open."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    before = {id(w) for w in QApplication.topLevelWidgets() if w.isVisible()}
    yield
    QApplication.processEvents()
    left = [w for w in QApplication.topLevelWidgets()
            if w.isVisible() and id(w) not in before
            and w.windowType() not in (Qt.WindowType.Popup, Qt.WindowType.ToolTip)]
    for widget in left:
        widget.close()
    assert not left, f"test left windows open: {[type(w).__name__ for w in left]}"


@pytest.fixture
def blog_store(file_store: Any, doc: dict[str, Any]) -> Any:
    """A file store holding the small test blog (4 posts, one pinned, one draft)."""
    from export.interchange import import_document

    import_document(file_store, doc)
    return file_store


@pytest.fixture
def settings(isolated_data_dir: Path) -> Any:
    from desktop.settings import open_settings

    return open_settings()


@pytest.fixture
def window(qtbot: Any, blog_store: Any, settings: Any) -> Iterator[Any]:
    from desktop.main_window import MainWindow

    win = MainWindow(blog_store, settings)
    qtbot.addWidget(win)
    win.resize(1200, 760)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()


def ids_in_view(window: Any) -> list[int]:
    model = window.post_model
    return [model.post_id_at(r) for r in range(model.rowCount())]


def headlines_in_view(window: Any) -> list[str]:
    return [window.store.get_post(i).headline for i in ids_in_view(window)]
