"""One Livedesk window per store.

Starting Livedesk on a store that a running Livedesk already has open raises that window instead
of opening a second one; starting it on another store opens normally. The store's own lock
(``storage.lock``) tells a new instance that some process holds the store; this module tells
whether that process is a Livedesk window that can come to the front.

The handshake needs nothing beyond QtCore: the new instance writes a request file beside the
store (``<store>.raise``); the running window watches the folder (QFileSystemWatcher, with a
one-second poll for folders a watcher cannot see, such as network shares), removes the file
to acknowledge it and raises itself. A request nobody removes within the timeout means the
holder is not a Livedesk window (the command line, a crashed process): the caller then offers the
store read-only. Qt's local sockets would do the same but need QtNetwork, which the installer
leaves out to stay small.
"""

from __future__ import annotations

import os
import time
from contextlib import suppress
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

POLL_MS = 1000


def request_path(store_path: Path) -> Path:
    return store_path.with_name(store_path.name + ".raise")


def ask_running_instance(store_path: Path, timeout_ms: int = 2500) -> bool:
    """True when a running Livedesk window took the request to come to the front."""
    path = request_path(store_path)
    try:
        path.write_text(str(os.getpid()), encoding="utf-8")
    except OSError:
        return False
    deadline = time.monotonic() + timeout_ms / 1000
    while time.monotonic() < deadline:
        if not path.exists():
            return True
        time.sleep(0.05)
    with suppress(OSError):
        path.unlink()
    return False


class InstanceServer(QObject):
    """Watches for later instances started on the same store."""

    raise_requested = Signal()

    def __init__(self, store_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = request_path(store_path)
        with suppress(OSError):
            self.path.unlink()  # a request left over from before this window opened
        self.watcher = QFileSystemWatcher([str(self.path.parent)], self)
        self.watcher.directoryChanged.connect(self._check)
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self._check)
        self.timer.start()

    def close(self) -> None:
        self.timer.stop()
        self.watcher.removePaths(self.watcher.directories())

    def _check(self, *_args: object) -> None:
        if self.path.exists():
            with suppress(OSError):
                self.path.unlink()
            self.raise_requested.emit()
