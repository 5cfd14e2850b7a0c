"""A real drag and drop through the post list's view, for an X server (run by
``test_drag_drop_xvfb.py`` under Xvfb with ``QT_QPA_PLATFORM=xcb``; offscreen cannot run a QDrag).

Drags the bottom post of the test blog to just below the pinned post, then checks the store's
order, the selection, and that Undo puts the post back. Prints one JSON line and exits 0 on
success, 1 on failure.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_API", "pyside6")


def main() -> int:
    from PySide6.QtCore import QPoint, Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    from desktop.main_window import MainWindow
    from desktop.settings import open_settings
    from export.interchange import import_document
    from storage import BlogStore
    from tests.conftest import BASE_DOC

    result: dict[str, object] = {"platform": app.platformName()}
    with tempfile.TemporaryDirectory() as folder:
        os.environ["LIVEDESK_DATA_DIR"] = folder
        store = BlogStore.open(Path(folder) / "dnd.livedesk", create=True)
        import_document(store, json.loads(json.dumps(BASE_DOC)))
        window = MainWindow(store, open_settings())
        window.resize(1100, 700)
        window.show()
        QTest.qWaitForWindowExposed(window)
        window.activateWindow()
        QTest.qWait(200)

        view = window.post_list
        model = window.post_model
        before = [store.get_post(model.post_id_at(r)).uid for r in range(model.rowCount())]
        source = view.visualRect(model.index(3)).center()
        # Between row 1 and row 2: the upper edge of row 2.
        target_rect = view.visualRect(model.index(2))
        target = QPoint(target_rect.center().x(), target_rect.top() + 2)
        viewport = view.viewport()
        steps: list[str] = []

        def move_in_drag() -> None:
            steps.append("move")
            for y in range(source.y(), target.y() - 1, -8):
                QTest.mouseMove(viewport, QPoint(target.x(), y))
            QTest.mouseMove(viewport, target)
            QTimer.singleShot(150, release_in_drag)

        def release_in_drag() -> None:
            steps.append("release")
            QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton,
                               Qt.KeyboardModifier.NoModifier, target)

        QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         source)
        QTimer.singleShot(300, move_in_drag)
        distance = QApplication.startDragDistance() + 10
        # This move starts the drag; QDrag.exec() runs its own loop until the release.
        QTest.mouseMove(viewport, QPoint(source.x(), source.y() - distance))
        QTest.qWait(500)

        after = [store.get_post(model.post_id_at(r)).uid for r in range(model.rowCount())]
        moved_selected = store.get_post(window.current_post_id() or 0).uid
        window.actions["undo"].trigger()
        undone = [store.get_post(model.post_id_at(r)).uid for r in range(model.rowCount())]
        result.update(before=before, after=after, undone=undone, steps=steps,
                      current=moved_selected)
        window.close()
        store.close()
    ok = (after == ["key-info", "fire-out", "first-alarm", "draft-1"]
          and undone == before and moved_selected == "first-alarm")
    result["ok"] = ok
    print(json.dumps(result))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
