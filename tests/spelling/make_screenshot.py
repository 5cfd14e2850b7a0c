"""Draw a QTextEdit with misspellings underlined and its spelling context menu open, offscreen,
into a PNG (for a look at where the underlines land next to emoji).

    python tests/spelling/make_screenshot.py [OUT.png]
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QPoint  # noqa: E402
from PySide6.QtGui import QPainter, QPixmap, QTextCursor  # noqa: E402
from PySide6.QtWidgets import QApplication, QTextEdit  # noqa: E402

from export.spelling import SpellingEngine  # noqa: E402
from widgets.spelling import SpellCheckService, SpellDecorator  # noqa: E402

TEXT = (
    "👍🏽 Teh storm hit Wenmoor overnihgt 🇺🇦🇺🇦 and Kyvi’s mayor said.\n"
    "Crews 🚒 recieved 134mm of rain at NATO’s depot in Hollinsea; "
    "see https://exampel.org/wrld.\n"
    "中文 e\u0301 well-knwon 𠀀 facts"
)


def main(out: str) -> None:
    app = QApplication.instance() or QApplication([])
    editor = QTextEdit()
    editor.resize(640, 200)
    font = editor.font()
    font.setPointSize(13)
    editor.setFont(font)
    editor.setPlainText(TEXT)
    editor.show()
    engine = SpellingEngine("en")
    service = SpellCheckService()
    decorator = SpellDecorator(editor, lambda: engine, service=service)
    while decorator.pending():
        app.processEvents()
    print("underlined:", [w for _s, _e, w in decorator.misspelt_ranges()])

    cursor = editor.document().find("overnihgt")
    middle = QTextCursor(editor.document())
    middle.setPosition(cursor.selectionStart() + 2)
    pos = editor.cursorRect(middle).center()
    menu = decorator.build_context_menu(pos)
    menu.popup(editor.viewport().mapToGlobal(pos))
    app.processEvents()

    shot = editor.grab()
    menu_shot = menu.grab()
    at = editor.viewport().mapTo(editor, pos) + QPoint(4, 4)
    canvas = QPixmap(max(shot.width(), at.x() + menu_shot.width()) + 4,
                     max(shot.height(), at.y() + menu_shot.height()) + 4)
    canvas.fill()
    painter = QPainter(canvas)
    painter.drawPixmap(0, 0, shot)
    painter.drawPixmap(at, menu_shot)
    painter.end()
    canvas.save(out)
    print("saved", out)
    menu.close()
    service.shutdown()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/spelling-screenshot.png")
