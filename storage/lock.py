"""One writer per store: a lock file beside the store that every Livedesk process honours.

The lock is an operating-system lock on ``<store>.lock`` (``fcntl.flock`` on Linux and macOS,
``msvcrt.locking`` on Windows). The kernel releases it when its process ends in any way, a crash or
a SIGKILL included, so a lock left by a crashed instance is stale by construction and the next
process simply takes it over. The file also records who holds it (host, process id, program,
since when) so that a refused editor is told who has the store open. Qt's ``QLockFile`` cannot be
used here: ``storage/`` imports no Qt, and the command line must honour the same lock as the app.
"""

from __future__ import annotations

import json
import os
import socket
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from .errors import StoreError


class StoreLockedError(StoreError):
    """Another live process has the store open for writing."""

    def __init__(self, path: Path, holder: LockHolder | None) -> None:
        who = holder.describe() if holder else "another program"
        super().__init__(f"{path} is open in {who}. It can be opened read-only.")
        self.holder = holder


@dataclass(frozen=True)
class LockHolder:
    host: str
    pid: int
    program: str
    since: str

    def describe(self) -> str:
        return f"{self.program} (process {self.pid} on {self.host}, since {self.since})"


def lock_path(store_path: Path) -> Path:
    return store_path.with_name(store_path.name + ".lock")


def _try_lock(handle: IO[Any]) -> bool:
    if sys.platform == "win32":
        import msvcrt

        try:
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _unlock(handle: IO[Any]) -> None:
    if sys.platform == "win32":
        import msvcrt

        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _same_file(handle: IO[Any], path: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(handle.fileno()), os.stat(path))
    except OSError:
        return False


def read_holder(store_path: Path) -> LockHolder | None:
    """Who the lock file says holds the store (it may be stale: see :func:`is_locked`)."""
    try:
        data = json.loads(lock_path(store_path).read_text(encoding="utf-8"))
        return LockHolder(str(data["host"]), int(data["pid"]), str(data["program"]),
                          str(data["since"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


class StoreLock:
    """The write lock of one store, held from :meth:`acquire` until :meth:`release`."""

    def __init__(self, store_path: Path, program: str = "Livedesk") -> None:
        self.store_path = Path(store_path)
        self.path = lock_path(self.store_path)
        self.program = program
        self._handle: IO[Any] | None = None
        #: True when the lock file was left by a process that ended without releasing it (a crash).
        self.took_over_stale = False

    @property
    def held(self) -> bool:
        return self._handle is not None

    def acquire(self) -> StoreLock:
        """Take the lock or raise :class:`StoreLockedError` naming the holder."""
        if self._handle is not None:
            return self
        existed = self.path.exists()
        previous = read_holder(self.store_path) if existed else None
        for _attempt in range(5):
            try:
                handle = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 - kept open
            except OSError as error:
                raise StoreError(f"Cannot create the lock file {self.path}: "
                                 f"{error.strerror}.") from None
            if not _try_lock(handle):
                handle.close()
                raise StoreLockedError(self.store_path, read_holder(self.store_path))
            if _same_file(handle, self.path):
                break
            # The holder released and removed the file between our open and our lock: the lock
            # we got is on a file nobody else will look at. Try again on the current file.
            _unlock(handle)
            handle.close()
        else:  # pragma: no cover - needs five releases racing one acquire
            raise StoreLockedError(self.store_path, read_holder(self.store_path))
        self.took_over_stale = existed and previous is not None
        handle.seek(0)
        handle.truncate()
        handle.write(json.dumps({
            "host": socket.gethostname(), "pid": os.getpid(), "program": self.program,
            "since": datetime.now(UTC).isoformat(timespec="seconds")}))
        handle.flush()
        self._handle = handle
        return self

    def release(self) -> None:
        """Give the lock up and remove the lock file (a clean close leaves no file behind)."""
        handle, self._handle = self._handle, None
        if handle is None:
            return
        try:
            handle.seek(0)
            handle.truncate()
            handle.flush()
            os.unlink(self.path)
        except OSError:
            pass
        finally:
            try:
                _unlock(handle)
            finally:
                handle.close()

    def __enter__(self) -> StoreLock:
        return self.acquire()

    def __exit__(self, *_exc: object) -> None:
        self.release()


def is_locked(store_path: Path) -> bool:
    """Whether a live process holds the store's lock right now (a stale file does not count)."""
    path = lock_path(store_path)
    if not path.exists():
        return False
    try:
        with open(path, "a+", encoding="utf-8") as handle:
            if _try_lock(handle):
                _unlock(handle)
                return False
            return True
    except OSError:
        return False
