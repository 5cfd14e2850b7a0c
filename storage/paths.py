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
