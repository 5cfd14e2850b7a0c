"""Run the real app on a store and type into the current post's body, then keep running.

Used by test_typing_loss.py, which SIGKILLs this process 1.5 s after the typing ends."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, sys.argv[2])

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop import app as app_module

TEXT = sys.argv[3]

qapp = app_module.init_application()
launcher = app_module.Launcher()
store = launcher.open_store(Path(sys.argv[1]))
assert store is not None
window = launcher.show_window(store)


def type_text() -> None:
    body = window.editor.body  # type: ignore[attr-defined]
    body.setFocus(Qt.FocusReason.OtherFocusReason)
    body.moveCursor(QTextCursor.MoveOperation.End)
    for char in TEXT:
        # Key events carrying the text, as the keyboard or input method sends them (QTest's
        # key clicks take ASCII only, and newsroom copy has dashes and curly quotes).
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(body, QKeyEvent(kind, Qt.Key.Key_unknown,
                                                   Qt.KeyboardModifier.NoModifier, char))
        QTest.qWait(15)  # an editor typing steadily
    print(f"typed {window.editor.post_id()}", flush=True)  # type: ignore[attr-defined]


QTimer.singleShot(300, type_text)
qapp.exec()  # type: ignore[attr-defined]
