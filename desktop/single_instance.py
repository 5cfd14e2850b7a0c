"""One Livedesk window per store.

Starting Livedesk on a store that a running Livedesk already has open raises that window instead
of opening a second one; starting it on another store opens normally. The first instance listens
on a local socket (QLocalServer) named after the store's full path; a second instance connects,
asks it to raise its window, and exits. A store held by another kind of process (the command
line, or a Livedesk on another machine sharing the folder) is caught by the store's own lock.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

RAISE = b"raise\n"


def server_name(store_path: Path) -> str:
    digest = hashlib.sha256(str(store_path.resolve()).encode("utf-8")).hexdigest()[:16]
    user = os.environ.get("USER") or os.environ.get("USERNAME") or "user"
    return f"livedesk-{user}-{digest}"


def ask_running_instance(store_path: Path, timeout_ms: int = 500) -> bool:
    """True when a running Livedesk has this store open and was asked to raise its window."""
    socket = QLocalSocket()
    socket.connectToServer(server_name(store_path))
    if not socket.waitForConnected(timeout_ms):
        return False
    socket.write(RAISE)
    socket.flush()
    socket.waitForBytesWritten(timeout_ms)
    answered = socket.waitForReadyRead(timeout_ms) and bytes(socket.readAll().data()) == b"ok\n"
    socket.disconnectFromServer()
    return answered


class InstanceServer(QObject):
    """Listens for later instances started on the same store."""

    raise_requested = Signal()

    def __init__(self, store_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = server_name(store_path)
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not self.server.listen(self.name):
            # A server left behind by a crashed instance: the store's lock already proved that
            # no live Livedesk has this store, so the name can be taken over.
            QLocalServer.removeServer(self.name)
            self.server.listen(self.name)
        self.server.newConnection.connect(self._on_connection)

    def close(self) -> None:
        self.server.close()

    def _on_connection(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            socket.readyRead.connect(lambda s=socket: self._on_message(s))

    def _on_message(self, socket: QLocalSocket) -> None:
        if bytes(socket.readAll().data()).startswith(RAISE.strip()):
            socket.write(b"ok\n")
            socket.flush()
            self.raise_requested.emit()
        socket.disconnectFromServer()
