"""The Livedesk store: plain Python over SQLite, no Qt. See ``store.BlogStore``."""

from .errors import (
    ConflictError,
    InvalidInputError,
    NewerSchemaError,
    NotALivedeskStoreError,
    NotFoundError,
    StorageFailure,
    StoreError,
    StoreReadOnlyError,
)
from .lock import StoreLockedError
from .models import (
    Blog,
    BlogInfo,
    Change,
    Contributor,
    Media,
    Post,
    PostRow,
    Revision,
    SummaryItem,
    Tag,
)
from .store import BlogStore, now_iso, parse_timestamp
from .version import APPLICATION_ID, SCHEMA_VERSION

__all__ = [
    "APPLICATION_ID",
    "SCHEMA_VERSION",
    "Blog",
    "BlogInfo",
    "BlogStore",
    "Change",
    "ConflictError",
    "Contributor",
    "InvalidInputError",
    "Media",
    "NewerSchemaError",
    "NotALivedeskStoreError",
    "NotFoundError",
    "Post",
    "PostRow",
    "Revision",
    "StorageFailure",
    "StoreError",
    "StoreLockedError",
    "StoreReadOnlyError",
    "SummaryItem",
    "Tag",
    "now_iso",
    "parse_timestamp",
]
