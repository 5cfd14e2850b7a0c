"""Screenshots of the key-points panel and the tag manager on the sample blog (issue 4).

    python tools/screenshot_issue4.py [OUT_DIR]

Runs offscreen (or under Xvfb when DISPLAY is set) and grabs the widgets to PNG files:
``summary-panel.png`` and ``tag-manager.png`` in ``docs/screenshots/`` by default.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if not os.environ.get("DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")
os.environ.setdefault("LIVEDESK_DATA_DIR", tempfile.mkdtemp(prefix="livedesk-shots-"))
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtGui import QFont, QUndoStack  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop.hub import StoreHub  # noqa: E402
from desktop.tag_manager import TagManagerDialog  # noqa: E402
from export import interchange  # noqa: E402
from storage import BlogStore  # noqa: E402
from widgets.summary_panel import SummaryPanel  # noqa: E402


def main(out_dir: Path) -> list[Path]:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setFont(QFont("DejaVu Sans", 10))
    store = BlogStore.in_memory()
    blog = interchange.import_file(
        store, interchange.resources_dir() / "sample" / "sample-blog.json").blog
    hub = StoreHub(store)
    stack = QUndoStack()
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    panel = SummaryPanel(hub, stack)
    panel.resize(440, 600)
    panel.set_blog(blog.id)
    panel.show()
    panel.view.setCurrentIndex(panel.model.index(1))
    for _ in range(5):
        app.processEvents()
    path = out_dir / "summary-panel.png"
    panel.grab().save(str(path))
    written.append(path)

    dialog = TagManagerDialog(hub, stack)
    dialog.resize(560, 420)
    dialog.show()
    dialog.select_tags(["Skelby Dam"])
    for _ in range(5):
        app.processEvents()
    path = out_dir / "tag-manager.png"
    dialog.grab().save(str(path))
    written.append(path)

    dialog.close()
    panel.close()
    QTimer.singleShot(0, app.quit)
    app.exec()
    hub.detach()
    store.close()
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    for shot in main(target):
        print(shot)
