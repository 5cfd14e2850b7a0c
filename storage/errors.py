"""Exceptions the store raises. Callers catch these, never sqlite3's."""

from __future__ import annotations


class StoreError(Exception):
    """Base class for every error the store reports to its callers."""


class NotFoundError(StoreError):
    """A blog, post, tag, key point or revision that the caller named does not exist."""


class NotALivedeskStoreError(StoreError):
    """The file is missing, empty, not SQLite, or another application's SQLite file."""


class NewerSchemaError(StoreError):
    """The store was written by a newer Livedesk; this version must not touch it."""

    def __init__(self, path: str, found: int, supported: int) -> None:
        super().__init__(
            f"{path} was saved by a newer version of Livedesk (store format {found}; "
            f"this version reads up to {supported}). Update Livedesk to open it."
        )
        self.found = found
        self.supported = supported


class InvalidInputError(StoreError, ValueError):
    """A value the caller passed breaks a rule of the data model.

    ``field`` names the offending field, for example ``posts[3].tags[1]``.
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(f"{field}: {message}" if field else message)
        self.field = field
        self.detail = message


class ConflictError(InvalidInputError):
    """The change would duplicate something unique, such as a blog's slug."""


class StorageFailure(StoreError):
    """The disk refused a write (full, read-only, I/O error). Nothing was changed."""


class StoreReadOnlyError(StorageFailure):
    """The store's file or folder cannot be written; it can still be opened read-only."""
