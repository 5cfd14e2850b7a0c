"""Take a screenshot of the main window on the sample blog: ``docs/screenshots/main-window.png``.

    python tools/screenshot.py [--output PATH] [--size 1366x768] [--offscreen]

By default it starts its own Xvfb (a real X server, so fonts, styles and the window frame render
as on a desktop) and runs itself there with ``QT_QPA_PLATFORM=xcb``; ``--offscreen`` grabs the
window with Qt's offscreen platform instead (no X server needed). The store and settings are
temporary: nothing touches the user's data.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = ROOT / "docs" / "screenshots" / "main-window.png"


def start_xvfb(size: str = "1366x768") -> tuple[subprocess.Popen[bytes], str]:
    """Start ``Xvfb`` on a free display; returns the process and the DISPLAY value."""
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        raise FileNotFoundError("Xvfb is not installed (apt-get install xvfb)")
    read_fd, write_fd = os.pipe()
    process = subprocess.Popen(
        [xvfb, "-displayfd", str(write_fd), "-screen", "0", f"{size}x24", "-nolisten", "tcp",
         "-dpi", "96"],
        pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        number = pipe.readline().strip()
    if not number:
        process.kill()
        raise RuntimeError("Xvfb did not start")
    return process, f":{number}"


def take(output: Path, width: int, height: int) -> None:
    """Open the window on a temporary sample store and save a grab of it (runs inside Qt)."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("QT_API", "pyside6")
    with tempfile.TemporaryDirectory(prefix="livedesk-shot-") as folder:
        os.environ["LIVEDESK_DATA_DIR"] = folder
        from PySide6.QtCore import QSettings
        from PySide6.QtTest import QTest

        from desktop.app import create_store, init_application
        from desktop.main_window import MainWindow

        app = init_application()
        store = create_store(Path(folder) / "sample.livedesk", with_sample=True)
        settings = QSettings(str(Path(folder) / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(store, settings)
        window.resize(width, height)
        window.show()
        QTest.qWaitForWindowExposed(window)
        window.activateWindow()
        window.select_posts([window.post_model.post_id_at(0)])
        window.post_list.setFocus()
        QTest.qWait(800)  # let spell checking and the docks settle
        output.parent.mkdir(parents=True, exist_ok=True)
        screen = window.screen()
        if app.platformName() == "xcb" and screen is not None:  # type: ignore[attr-defined]
            pixmap = screen.grabWindow(0, window.x(), window.y(), window.frameGeometry().width(),
                                       window.frameGeometry().height())
            if pixmap.isNull() or pixmap.width() < width // 2:
                pixmap = window.grab()
        else:
            pixmap = window.grab()
        if not pixmap.save(str(output)):
            raise RuntimeError(f"could not write {output}")
        window.close()
        store.close()
    print(f"saved {output} ({pixmap.width()}x{pixmap.height()})", file=sys.stderr)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--size", default="1366x768", help="window size, WIDTHxHEIGHT")
    parser.add_argument("--offscreen", action="store_true", help="no X server: Qt offscreen")
    parser.add_argument("--inside", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.lower().split("x"))
    if args.inside or args.offscreen:
        if args.offscreen:
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
        take(args.output.resolve(), width, height)
        return 0
    process, display = start_xvfb(f"{width}x{height}")
    try:
        env = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb")
        return subprocess.call([sys.executable, __file__, "--inside", "--output",
                                str(args.output.resolve()), "--size", args.size], env=env)
    finally:
        process.terminate()
        process.wait(timeout=10)


if __name__ == "__main__":
    sys.exit(main())
