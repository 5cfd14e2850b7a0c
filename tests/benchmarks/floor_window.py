"""The cold-start floor: a bare PySide6 window (a list and a text edit) to its first paint.

Run as its own process by ``bench_startup``; prints ``startup-ms <n>`` (milliseconds since the
interpreter started, as far as this process can tell) after the first paint and quits, the same
contract the app follows under ``LIVEDESK_REPORT_STARTUP=1``.
"""

from __future__ import annotations

import sys
import time

_T0 = time.perf_counter()

from PySide6.QtCore import QEvent, QObject, QStringListModel, QTimer  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QApplication,
    QListView,
    QMainWindow,
    QSplitter,
    QTextEdit,
)


class _FirstPaint(QObject):
    def __init__(self, app: QApplication) -> None:
        super().__init__()
        self.app = app
        self.done = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self.done:
            self.done = True
            # Let this paint finish, then report and quit.
            QTimer.singleShot(0, self.report)
        return False

    def report(self) -> None:
        print(f"startup-ms {(time.perf_counter() - _T0) * 1000:.1f}", flush=True)
        self.app.quit()


def main() -> int:
    app = QApplication(sys.argv)
    window = QMainWindow()
    splitter = QSplitter()
    model = QStringListModel([f"Post {i}" for i in range(60)])
    view = QListView()
    view.setModel(model)
    view.setUniformItemSizes(True)
    editor = QTextEdit()
    editor.setPlainText("A post body.")
    splitter.addWidget(view)
    splitter.addWidget(editor)
    window.setCentralWidget(splitter)
    window.resize(1200, 800)
    watcher = _FirstPaint(app)
    view.viewport().installEventFilter(watcher)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
