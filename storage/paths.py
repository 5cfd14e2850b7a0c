"""Where Livedesk keeps its files. ``LIVEDESK_DATA_DIR`` overrides the folder (tests use it)."""

from __future__ import annotations

import os
from pathlib import Path

STORE_SUFFIX = ".livedesk"


def data_dir() -> Path:
    """The user's data folder for Livedesk (created on demand by the caller)."""
    override = os.environ.get("LIVEDESK_DATA_DIR")
    if override:
        return Path(override)
    from platformdirs import user_data_dir

    return Path(user_data_dir("Livedesk", appauthor=False, roaming=True))


def default_store_path() -> Path:
    """The store the app opens when none is named: ``library.livedesk`` in the data folder."""
    return data_dir() / f"library{STORE_SUFFIX}"


#: Folder names of file-syncing clients: SQLite's locking and WAL need a local disk, and a sync
#: client that uploads the database without its -wal file, or restores an old copy, loses work.
_SYNCED_FOLDERS = ("dropbox", "onedrive", "google drive", "googledrive", "icloud drive",
                   "mobile documents", "box sync", "nextcloud", "owncloud", "pcloud", "mega")
_NETWORK_FILESYSTEMS = ("nfs", "nfs4", "cifs", "smbfs", "smb3", "sshfs", "fuse.sshfs", "9p",
                        "afs", "davfs", "fuse.rclone", "fuse.gcsfuse", "fuse.s3fs")


def location_warning(path: Path) -> str | None:
    """A warning when a store sits in a cloud-synced or network folder, else None."""
    resolved = path.resolve()
    lowered = [part.lower() for part in resolved.parts]
    for part in lowered:
        if any(part.startswith(name) for name in _SYNCED_FOLDERS):
            return (f"{path} is in a cloud-synced folder. Sync clients can upload the store "
                    "without its journal or bring back an old copy: keep stores on a local disk "
                    "(Livedesk keeps its own backups).")
    if str(resolved).startswith("\\\\"):
        return f"{path} is on a network share: keep stores on a local disk."
    fstype = _filesystem_type(resolved)
    if fstype in _NETWORK_FILESYSTEMS:
        return (f"{path} is on a network file system ({fstype}). File locking there is not "
                "reliable: keep stores on a local disk.")
    return None


def _filesystem_type(path: Path) -> str | None:
    """The file system type of the mount holding ``path`` (Linux only; None elsewhere)."""
    try:
        mounts = Path("/proc/mounts").read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    best, best_type = "", None
    text = str(path)
    for line in mounts:
        fields = line.split()
        if len(fields) < 3:
            continue
        point = fields[1].replace("\\040", " ")
        if (text == point or text.startswith(point.rstrip("/") + "/")) and len(point) > len(best):
            best, best_type = point, fields[2]
    return best_type
