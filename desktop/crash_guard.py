"""Unhandled exceptions: logged, shown with "Copy details", and the app keeps running.

A bug in a slot must not take an editor's copy down with it. ``install`` replaces
``sys.excepthook`` (Qt calls it for exceptions raised in slots and event handlers) and the thread
hook: each exception is appended to ``livedesk.log`` in the user's data folder (rotated at 1 MB,
three files kept) and shown in a dialog that says the work is safe, with a button that copies
the details for a bug report. Everything typed stays in the editor; autosave carries on.
"""

from __future__ import annotations

import logging
import logging.handlers
import platform
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from storage.paths import data_dir

LOG_NAME = "livedesk.log"
_logger = logging.getLogger("livedesk")


def log_path() -> Path:
    return data_dir() / "logs" / LOG_NAME


def configure_logging() -> Path:
    """Send the app's log to a rotating file in the data folder; returns its path."""
    path = log_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    if not any(isinstance(h, logging.handlers.RotatingFileHandler)
               and Path(h.baseFilename) == path for h in _logger.handlers):
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3,
                                                       encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        _logger.addHandler(handler)
        _logger.setLevel(logging.INFO)
    return path


def describe(kind: type[BaseException], value: BaseException,
             tb: TracebackType | None) -> str:
    from main import __version__

    details = "".join(traceback.format_exception(kind, value, tb))
    return (f"Livedesk {__version__} on {platform.platform()}, Python "
            f"{platform.python_version()}\n\n{details}")


class CrashGuard(QObject):
    """Receives exceptions from any thread and shows them on the GUI thread."""

    exception_caught = Signal(str, str)  # summary, details

    def __init__(self, parent_window: Callable[[], QWidget | None] = lambda: None) -> None:
        super().__init__()
        self.parent_window = parent_window
        self.shown = 0
        self._showing = False
        self._previous_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook
        self.exception_caught.connect(self._show, Qt.ConnectionType.QueuedConnection)
        #: Replaced by tests to avoid a modal dialog.
        self.show_dialog = True

    def install(self) -> None:
        configure_logging()
        sys.excepthook = self.handle
        threading.excepthook = lambda args: self.handle(args.exc_type, args.exc_value,
                                                        args.exc_traceback)

    def uninstall(self) -> None:
        sys.excepthook = self._previous_hook
        threading.excepthook = self._previous_thread_hook

    def handle(self, kind: type[BaseException], value: BaseException | None,
               tb: TracebackType | None) -> None:
        if value is None:
            value = kind()
        if issubclass(kind, KeyboardInterrupt):
            QTimer.singleShot(0, QApplication.quit)
            return
        details = describe(kind, value, tb)
        _logger.error("Unhandled exception\n%s", details)
        self.exception_caught.emit(f"{kind.__name__}: {value}", details)

    def _show(self, summary: str, details: str) -> None:
        self.shown += 1
        if not self.show_dialog or self._showing:
            return  # one dialog at a time; the log has every exception
        self._showing = True
        try:
            box = QMessageBox(self.parent_window())
            box.setIcon(QMessageBox.Icon.Warning)
            box.setWindowTitle(self.tr("Something went wrong"))
            box.setText(self.tr("Livedesk hit an unexpected problem, but your work is safe: "
                                "everything you typed is still in the editor and is saved as "
                                "usual."))
            box.setInformativeText(self.tr("%1\n\nThe details are in %2.").replace(
                "%1", summary[:300]).replace("%2", str(log_path())))
            box.setDetailedText(details)
            copy = box.addButton(self.tr("Copy details"), QMessageBox.ButtonRole.ActionRole)
            box.addButton(QMessageBox.StandardButton.Ok)
            copy.clicked.disconnect()
            copy.clicked.connect(lambda: QApplication.clipboard().setText(details))
            box.exec()
        finally:
            self._showing = False
