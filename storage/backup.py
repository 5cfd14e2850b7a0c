"""Copies of a store made with SQLite's online backup API.

A backup is written to a temporary file, checked (``PRAGMA quick_check``) and only then renamed
into place, so a backup that exists is a backup that opens.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import sqlite3
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from .errors import StorageFailure


def backup_before_migration(path: Path, version: int, backup_dir: Path | None = None) -> Path:
    """Back the store up before it is upgraded from schema ``version``."""
    return backup_store_file(path, f"before-v{version}", folder=backup_dir)


BACKUP_SUFFIX = ".livedesk"
#: ``<store stem>-<UTC time>-<reason>``: the reason may hold hyphens (``before-v2``).
_BACKUP_NAME = re.compile(r"-(\d{8}T\d{6}\d*Z)-(.+)$")
DEFAULT_KEEP = 10


@dataclass(frozen=True)
class BackupInfo:
    """One backup file, with what it holds (read from the backup itself)."""

    path: Path
    created: datetime
    reason: str
    blogs: int
    posts: int
    size: int


def backup_folder(store_path: Path, base: Path | None = None) -> Path:
    """Where the backups of a store go: a folder of its own in another place than the store
    (the data folder's ``backups/``), named after the store and a hash of its full path."""
    from .paths import data_dir

    resolved = store_path.resolve()
    tag = hashlib.sha256(str(resolved).encode("utf-8")).hexdigest()[:8]
    return (base or data_dir() / "backups") / f"{resolved.stem}-{tag}"


def make_backup(conn: sqlite3.Connection, folder: Path, stem: str, reason: str,
                keep: int = DEFAULT_KEEP) -> Path:
    """Back up an open store connection into ``folder`` and keep only the newest ``keep``.

    The copy is made with SQLite's online backup API (consistent, WAL content included), checked
    with ``quick_check`` and only then renamed into place; only after that is an older backup
    deleted, so there is always at least one good backup.
    """
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    destination = folder / f"{stem}-{stamp}-{reason}{BACKUP_SUFFIX}"
    temp = destination.with_name(destination.name + ".partial")
    try:
        target = sqlite3.connect(str(temp))
        try:
            conn.backup(target)
            target.execute("PRAGMA journal_mode=DELETE")
            result = target.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            target.close()
        if result != "ok":
            raise StorageFailure(f"The backup failed its check ({result}); the older backups "
                                 "are kept.")
        with open(temp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(temp, destination)
    except sqlite3.Error as error:
        raise StorageFailure(f"Could not write a backup: {error}.") from None
    except OSError as error:
        raise StorageFailure(f"Could not write a backup to {folder}: {error.strerror}.") from None
    finally:
        with suppress(FileNotFoundError):
            temp.unlink()
    prune_backups(folder, keep)
    return destination


def _backup_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted((p for p in folder.iterdir()
                   if p.is_file() and p.name.endswith(BACKUP_SUFFIX)), key=lambda p: p.name)


def prune_backups(folder: Path, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` backups; returns the deleted ones."""
    files = _backup_files(folder)
    doomed = files[:-keep] if keep > 0 else files
    for path in doomed:
        with suppress(OSError):
            path.unlink()
    return doomed


def list_backups(folder: Path) -> list[BackupInfo]:
    """The backups in a folder, newest first, each opened read-only to count what it holds."""
    found: list[BackupInfo] = []
    for path in reversed(_backup_files(folder)):
        try:
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
            try:
                blogs = conn.execute("SELECT count(*) FROM blogs").fetchone()[0]
                posts = conn.execute(
                    "SELECT count(*) FROM posts WHERE deleted_at IS NULL").fetchone()[0]
            finally:
                conn.close()
        except sqlite3.Error:
            continue
        named = _BACKUP_NAME.search(path.stem)
        try:
            if named is None:
                raise ValueError(path.stem)
            created = datetime.strptime(named.group(1), "%Y%m%dT%H%M%S%fZ").replace(tzinfo=UTC)
            reason = named.group(2)
        except ValueError:
            created = datetime.fromtimestamp(path.stat().st_mtime, UTC)
            reason = "backup"
        found.append(BackupInfo(path, created, reason, blogs, posts, path.stat().st_size))
    return found


def restore_backup(backup: Path, store_path: Path) -> Path:
    """Put a backup in the place of a (closed) store.

    The current database and its ``-wal`` and ``-shm`` files are moved aside *together* into a
    ``replaced-<time>`` folder beside the backups, so a stale write-ahead log can never be
    replayed into the restored copy, and nothing is deleted. Returns that folder.
    """
    from .lock import StoreLockedError, is_locked, read_holder

    if is_locked(store_path):
        raise StoreLockedError(store_path, read_holder(store_path))
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    aside = backup.parent / f"replaced-{stamp}"
    aside.mkdir(parents=True, exist_ok=True)
    temp = store_path.with_name(f".{store_path.name}.restoring")
    try:
        shutil.copyfile(backup, temp)
        with open(temp, "rb+") as handle:
            os.fsync(handle.fileno())
        for suffix in ("", "-wal", "-shm"):
            current = Path(str(store_path) + suffix)
            if current.exists():
                os.replace(current, aside / current.name)
        os.replace(temp, store_path)
    except OSError as error:
        raise StorageFailure(f"Could not restore {backup.name}: {error.strerror}.") from None
    finally:
        with suppress(FileNotFoundError):
            temp.unlink()
    return aside


def backup_store_file(store_path: Path, reason: str, keep: int = DEFAULT_KEEP,
                      folder: Path | None = None) -> Path:
    """Back up a store by its path, through a read-only connection of the caller's own (so a
    worker thread can do it while the app keeps editing; WAL readers never block writers)."""
    try:
        conn = sqlite3.connect(f"{store_path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise StorageFailure(f"Could not read {store_path} to back it up: {error}.") from None
    try:
        return make_backup(conn, folder or backup_folder(store_path), store_path.stem, reason,
                           keep)
    finally:
        conn.close()
