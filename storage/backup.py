"""Copies of a store made with SQLite's online backup API.

A backup is written to a temporary file, checked (``PRAGMA quick_check``) and only then renamed into
place, so a backup that exists is a backup that opens.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import suppress
from datetime import UTC, datetime
from pathlib import Path

from .errors import StorageFailure


def default_backup_dir(store_path: Path) -> Path:
    """Backups of ``library.livedesk`` go to ``library.livedesk-backups/`` beside it."""
    return store_path.with_name(store_path.name + "-backups")


def backup_store(source: Path, destination: Path) -> Path:
    """Copy the store at ``source`` (read-only, consistent even while another connection writes)
    to ``destination``, verified before it is put in place."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    temp = destination.with_name(destination.name + ".partial")
    try:
        src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
        try:
            dst = sqlite3.connect(str(temp))
            try:
                src.backup(dst)
                result = dst.execute("PRAGMA quick_check").fetchone()[0]
            finally:
                dst.close()
        finally:
            src.close()
        if result != "ok":
            raise StorageFailure(f"The backup of {source} failed its check ({result}).")
        with open(temp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(temp, destination)
    except sqlite3.Error as error:
        raise StorageFailure(f"Could not back up {source}: {error}.") from None
    except OSError as error:
        raise StorageFailure(f"Could not back up {source}: {error.strerror}.") from None
    finally:
        with suppress(FileNotFoundError):
            temp.unlink()
    return destination


def backup_before_migration(path: Path, version: int, backup_dir: Path | None = None) -> Path:
    """Back the store up before it is upgraded from schema ``version``."""
    folder = backup_dir or default_backup_dir(path)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return backup_store(path, folder / f"{path.stem}-before-v{version}-{stamp}{path.suffix}")
