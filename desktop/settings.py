"""The app's own settings (window layout, recent stores), kept apart from the store.

Settings live in QSettings under "Livedesk". When ``LIVEDESK_DATA_DIR`` is set (tests, portable
installs) they go to an INI file in that folder instead, so a test never touches the user's real
settings. Values are always read with an explicit ``type=``.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

ORGANISATION = "Livedesk"
APPLICATION = "Livedesk"
MAX_RECENT = 8


def open_settings() -> QSettings:
    """The settings object the app uses (an INI file in ``LIVEDESK_DATA_DIR`` when set)."""
    override = os.environ.get("LIVEDESK_DATA_DIR")
    if override:
        Path(override).mkdir(parents=True, exist_ok=True)
        return QSettings(str(Path(override) / "livedesk-settings.ini"), QSettings.Format.IniFormat)
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANISATION,
                     APPLICATION)


def read_string_list(settings: QSettings, key: str) -> list[str]:
    """A list of strings; an empty list or a single value read back as a list too."""
    value = settings.value(key, [], type=list)
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value else []
    return [str(item) for item in value if item]


def recent_stores(settings: QSettings) -> list[Path]:
    return [Path(p) for p in read_string_list(settings, "recent/stores")]


def add_recent_store(settings: QSettings, path: Path) -> list[Path]:
    """Put ``path`` first in the recent stores (at most ``MAX_RECENT``) and return the list."""
    resolved = str(Path(path).resolve())
    paths = [p for p in read_string_list(settings, "recent/stores") if p != resolved]
    paths.insert(0, resolved)
    paths = paths[:MAX_RECENT]
    settings.setValue("recent/stores", paths)
    return [Path(p) for p in paths]


def remove_recent_store(settings: QSettings, path: Path) -> None:
    resolved = str(Path(path).resolve())
    paths = [p for p in read_string_list(settings, "recent/stores") if p != resolved]
    settings.setValue("recent/stores", paths)


def read_bytes(settings: QSettings, key: str) -> QByteArray | None:
    value = settings.value(key, QByteArray(), type=QByteArray)
    return value if isinstance(value, QByteArray) and not value.isEmpty() else None


def last_blog_id(settings: QSettings, store_path: Path | None) -> int | None:
    if store_path is None:
        return None
    value = settings.value(f"last_blog/{_key(store_path)}", 0, type=int)
    return int(value) or None


def set_last_blog_id(settings: QSettings, store_path: Path | None, blog_id: int) -> None:
    if store_path is not None:
        settings.setValue(f"last_blog/{_key(store_path)}", blog_id)


def _key(path: Path) -> str:
    import hashlib

    return hashlib.sha1(str(Path(path).resolve()).encode("utf-8")).hexdigest()[:16]
