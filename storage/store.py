"""The Livedesk store: one SQLite file holding a newsroom's library of live blogs.

Callers never see SQL. Every public method that writes runs in one transaction (``db.atomic()``,
nested ones become savepoints), and listeners hear about a change only after its COMMIT returned,
so a view never shows, and the status bar never says "Saved" for, anything not on disk.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from . import ordering
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
from .lock import StoreLock
from .models import (
    BLOG_STATUSES,
    POST_STATUSES,
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
from .version import APPLICATION_ID, SCHEMA_VERSION

if TYPE_CHECKING:
    from sqlite_utils import Database

SQLITE_HEADER = b"SQLite format 3\x00"
SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
UID_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,63}$")
LANGUAGE_RE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
COLOR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
TIMESTAMP_RE = re.compile(
    r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$"
)
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: Past this length a position key is rewritten with its neighbours (see ``_rebalance``).
MAX_KEY_LENGTH = 64
#: Tag colours handed out in turn to new tags; readable as chip backgrounds in light and dark.
TAG_PALETTE = ("#1f6feb", "#b35900", "#2e7d32", "#8e24aa", "#c62828", "#00838f", "#6d4c41",
               "#ad1457")

Listener = Callable[[Change], None]
_T = TypeVar("_T")
#: Kinds of change that leave every count as it was (posts per blog and status, tags).
_KEEPS_COUNTS = frozenset({"order", "summary", "dictionary", "settings", "revisions"})
#: Changes after which a blog's kept display order (``BlogStore._kept_display_order``) is read
#: again.
_ORDER_CHANGES = frozenset({"order", "blogs", "all"})
_UNSET: Any = object()


def now_iso(timezone: str = "UTC") -> str:
    """The current time in ``timezone``, ISO 8601 with its offset, to the second."""
    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    return datetime.now(zone).isoformat(timespec="seconds")


def parse_timestamp(value: str) -> datetime:
    """Parse a stored ISO 8601 timestamp (with offset)."""
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


# --------------------------------------------------------------------------- validation helpers


def _has_surrogates(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def check_text(value: object, field: str, *, max_length: int = 1_000_000,
               multiline: bool = True, required: bool = False) -> str:
    """Return ``value`` if it is text the store can keep, else raise ``InvalidInputError``."""
    if not isinstance(value, str):
        raise InvalidInputError(f"must be text, not {type(value).__name__}", field)
    if len(value) > max_length:
        raise InvalidInputError(f"is {len(value):,} characters long; the limit is {max_length:,}",
                                field)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInputError("contains an unpaired surrogate (broken Unicode)", field) from None
    if _CONTROL_RE.search(value):
        raise InvalidInputError("contains a control character such as NUL", field)
    if not multiline and ("\n" in value or "\r" in value):
        raise InvalidInputError("must be a single line", field)
    if required and not value.strip():
        raise InvalidInputError("must not be empty", field)
    return value


def _optional_text(value: object, field: str, **kwargs: Any) -> str | None:
    if value is None:
        return None
    text = check_text(value, field, **kwargs)
    return text if text.strip() else None


def check_timestamp(value: object, field: str) -> str:
    if not isinstance(value, str) or not TIMESTAMP_RE.match(value):
        raise InvalidInputError(
            f"{value!r} is not an ISO 8601 time with an offset (like 2025-10-14T06:00:00+01:00)",
            field)
    try:
        parse_timestamp(value)
    except ValueError:
        raise InvalidInputError(f"{value!r} is not a real date and time", field) from None
    return value


def _optional_timestamp(value: object, field: str) -> str | None:
    return None if value is None else check_timestamp(value, field)


def check_timezone(value: object, field: str = "timezone") -> str:
    text = check_text(value, field, max_length=64, multiline=False, required=True)
    try:
        ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInputError(f"{text!r} is not a known time zone (like Europe/London)",
                                field) from None
    return text


def normalize_tag_name(name: object, field: str = "tag") -> str:
    """Tags are trimmed, their inner spaces folded; a comma would split them in the chip editor."""
    text = " ".join(check_text(name, field, max_length=100, multiline=False).split())
    if not text:
        raise InvalidInputError("a tag needs a name", field)
    if "," in text:
        raise InvalidInputError("a tag cannot contain a comma", field)
    return text


def _sqlite_failure(error: sqlite3.Error) -> StoreError:
    message = str(error)
    lowered = message.lower()
    if "full" in lowered:
        return StorageFailure("The disk is full: the change was not saved. Free some space and "
                              "try again.")
    if "readonly" in lowered or "read-only" in lowered:
        return StorageFailure("The store is read-only: the change was not saved.")
    if "locked" in lowered or "busy" in lowered:
        return StorageFailure("The store is busy in another program: the change was not saved.")
    if isinstance(error, sqlite3.DatabaseError) and ("malformed" in lowered
                                                     or "not a database" in lowered):
        return NotALivedeskStoreError(f"The store file is damaged ({message}).")
    if "i/o" in lowered or "disk" in lowered:
        return StorageFailure(f"The disk reported an error ({message}): the change was not saved.")
    return StorageFailure(f"The store could not be changed ({message}).")


def inspect_store_file(path: Path) -> tuple[int, int]:
    """Return ``(application_id, user_version)`` of an existing file, opening it read-only.

    Raises ``NotALivedeskStoreError`` for an empty, non-SQLite, damaged or foreign file and
    ``NewerSchemaError`` for a newer store. Nothing is written to the file.
    """
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        raise NotALivedeskStoreError(f"{path} does not exist.") from None
    except IsADirectoryError:
        raise NotALivedeskStoreError(f"{path} is a folder, not a Livedesk store.") from None
    except OSError as error:
        raise NotALivedeskStoreError(f"{path} cannot be read: {error.strerror}.") from None
    if size == 0:
        raise NotALivedeskStoreError(f"{path} is empty (0 bytes), not a Livedesk store.")
    if header != SQLITE_HEADER:
        raise NotALivedeskStoreError(f"{path} is not a Livedesk store (not an SQLite database).")
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        # The newest header may be in the write-ahead log: let SQLite read it.
        app_id, version = _read_identity_with_sqlite(path)
    else:
        # Read the identity from the 100-byte file header, so that refusing a file never
        # creates a -wal or -shm file beside it.
        app_id, version = _read_identity_from_header(path)
    if app_id != APPLICATION_ID:
        raise NotALivedeskStoreError(
            f"{path} is another application's SQLite database, not a Livedesk store.")
    if version > SCHEMA_VERSION:
        raise NewerSchemaError(str(path), version, SCHEMA_VERSION)
    return app_id, version


def _read_identity_from_header(path: Path) -> tuple[int, int]:
    with path.open("rb") as handle:
        header = handle.read(100)
    page_size = int.from_bytes(header[16:18], "big")
    power_of_two = 512 <= page_size <= 32768 and page_size & (page_size - 1) == 0
    sane = (len(header) == 100 and header[21:24] == b"\x40\x20\x20"
            and (page_size == 1 or power_of_two))
    if not sane:
        raise NotALivedeskStoreError(f"{path} is damaged or not a database (bad header).")
    return int.from_bytes(header[68:72], "big"), int.from_bytes(header[60:64], "big")


def _read_identity_with_sqlite(path: Path) -> tuple[int, int]:
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as error:
        raise NotALivedeskStoreError(f"{path} is damaged or not a database ({error}).") from None
    return int(app_id), int(version)


def _check_not_truncated(conn: sqlite3.Connection, path: Path) -> None:
    """A store shorter than its header says (a copy cut short, a sync client's half upload) is
    refused at once rather than failing later on the missing pages."""
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    page_count = conn.execute("PRAGMA page_count").fetchone()[0]
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        return  # the newest pages may live in the write-ahead log
    if page_size * page_count > path.stat().st_size:
        raise NotALivedeskStoreError(
            f"{path} is damaged: it is shorter than its own header says (truncated copy?).")
    conn.execute("SELECT count(*) FROM blogs").fetchone()


def _configure(conn: sqlite3.Connection) -> None:
    # WAL with synchronous=FULL: simulated power cuts on this kind of machine lost acknowledged
    # commits in 203 of 300 cuts with NORMAL and in 0 of 300 with FULL (0.43 ms against 0.15 ms a
    # commit). Newsroom copy gets FULL.
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA foreign_keys=ON")
    # Schema objects may not call functions with side effects (a hostile store file cannot).
    conn.execute("PRAGMA trusted_schema=OFF")
    conn.execute("PRAGMA busy_timeout=5000")


class BlogStore:
    """A Livedesk store file. Open with :meth:`open` (existing) or :meth:`create` (new)."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None) -> None:
        self.path = path
        #: The SQLite connection (None once closed). ``db`` is the same connection as a
        #: sqlite-utils ``Database``, for transactions (``atomic``) and migrations.
        self.conn: sqlite3.Connection | None = conn
        self._db: Database | None = None
        conn.execute("PRAGMA recursive_triggers=ON")  # as sqlite-utils sets it, from the start
        self._listeners: list[Listener] = []
        self._pending: list[Change] = []
        self._depth = 0
        self._lock = threading.RLock()
        self._store_lock: StoreLock | None = None
        #: Counts that every screen refresh reads (a blog's posts, the blogs, the tags), kept
        #: until a commit of this connection could change them or another connection commits
        #: (``PRAGMA data_version``): at 100,000 posts each costs an index scan of 10-15 ms.
        self._counts: dict[tuple[Any, ...], Any] = {}
        self._counts_version: int | None = None
        #: The store refuses writes (opened read-only).
        self.read_only = False
        #: The previous session ended without closing the store (and the full check passed).
        self.recovered_after_crash = False
        #: One blog's display order: (blog id, PRAGMA data_version, ids, {id: rank}), see
        #: ``_kept_display_order``.
        self._kept_order: tuple[int, int, list[int], dict[int, int]] | None = None

    # ----------------------------------------------------------------------- opening and closing

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, create: bool = False,
             backup_dir: Path | None = None, read_only: bool = False, lock: bool = True,
             program: str = "Livedesk") -> BlogStore:
        """Open the store at ``path``, migrating an older one after a backup.

        With ``create=True`` a missing file becomes a new, empty store. A file that is not a
        Livedesk store raises ``NotALivedeskStoreError`` and is left exactly as it was.

        A writable store is locked for this process (``StoreLockedError`` when another live
        process has it); a lock left by a crashed process is taken over, and the file is then
        checked in full before it is used. ``read_only=True`` opens without the lock and refuses
        every write, for a store another process is editing or a file the user cannot write.
        """
        path = Path(path)
        if not path.exists():
            if not create:
                raise NotALivedeskStoreError(f"{path} does not exist.")
            return cls.create(path, program=program)
        _app_id, version = inspect_store_file(path)
        if read_only:
            return cls._open_read_only(path, version)
        if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
            where = "file" if not os.access(path, os.W_OK) else "folder it is in"
            raise StoreReadOnlyError(
                f"{path} cannot be changed: the {where} is read-only. It can be opened "
                "read-only.")
        store_lock = StoreLock(path, program).acquire() if lock else None
        try:
            if version < SCHEMA_VERSION:
                from .backup import backup_before_migration

                backup_before_migration(path, version, backup_dir)
            try:
                conn = sqlite3.connect(str(path), isolation_level=None)
            except sqlite3.Error as error:
                raise _sqlite_failure(error) from None
            try:
                _configure(conn)
                _check_not_truncated(conn, path)
                store = cls(conn, path)
                if version < SCHEMA_VERSION:
                    from .schema import migrations

                    migrations.apply(store.db)
                store.recovered_after_crash = bool(store_lock and store_lock.took_over_stale)
                if store.recovered_after_crash:
                    # Not closed cleanly: check every page before trusting it.
                    problems = store.integrity_problems()
                    if problems:
                        conn.close()
                        raise NotALivedeskStoreError(
                            f"{path} was not closed cleanly and is damaged ({problems[0]}).")
            except sqlite3.Error as error:
                conn.close()
                raise _sqlite_failure(error) from None
        except BaseException:
            if store_lock is not None:
                store_lock.release()
            raise
        store._store_lock = store_lock
        return store

    @classmethod
    def _open_read_only(cls, path: Path, version: int) -> BlogStore:
        if version < SCHEMA_VERSION:
            raise StoreReadOnlyError(
                f"{path} was saved by an older Livedesk and must be upgraded, which needs "
                "write access; it cannot be opened read-only.")
        try:
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                                   isolation_level=None)
            conn.execute("PRAGMA query_only=ON")
            conn.execute("PRAGMA trusted_schema=OFF")
            conn.execute("PRAGMA busy_timeout=5000")
            conn.execute("SELECT count(*) FROM blogs").fetchone()
        except sqlite3.Error as error:
            raise _sqlite_failure(error) from None
        store = cls(conn, path)
        store.read_only = True
        return store

    @classmethod
    def create(cls, path: str | os.PathLike[str], *, program: str = "Livedesk") -> BlogStore:
        """Create a new store at ``path`` (which must not exist) and open it.

        The schema is built in a temporary file beside ``path`` and renamed into place, so a
        failure never leaves a half-made store behind.
        """
        path = Path(path)
        if path.exists():
            raise ConflictError(f"{path} already exists.")
        if not path.parent.is_dir():
            raise NotALivedeskStoreError(f"The folder {path.parent} does not exist.")
        temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.livedesk-tmp")
        try:
            conn = sqlite3.connect(str(temp), isolation_level=None)
            try:
                conn.execute("PRAGMA synchronous=FULL")
                from sqlite_utils import Database

                from .schema import migrations

                migrations.apply(Database(conn, execute_plugins=False))
            finally:
                conn.close()
            os.replace(temp, path)
        except sqlite3.Error as error:
            raise _sqlite_failure(error) from None
        except OSError as error:
            raise StorageFailure(f"Could not create {path}: {error.strerror}.") from None
        finally:
            with suppress(FileNotFoundError):
                temp.unlink()
        return cls.open(path, program=program)

    @classmethod
    def in_memory(cls) -> BlogStore:
        """A throw-away store in memory, for tests and previews."""
        conn = sqlite3.connect(":memory:", isolation_level=None)
        conn.execute("PRAGMA foreign_keys=ON")
        store = cls(conn, None)
        from .schema import migrations

        migrations.apply(store.db)
        return store

    def close(self) -> None:
        """Checkpoint the WAL into the main file and close. Safe to call twice."""
        conn = self.conn
        if conn is None:
            return
        with suppress(sqlite3.Error):
            if self.path is not None and not self.read_only:
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.close()
        self.conn = None
        if self._db is not None:
            self._db.conn = None  # type: ignore[assignment]
        if self._store_lock is not None:
            self._store_lock.release()
            self._store_lock = None

    @property
    def db(self) -> Database:
        """The connection as a sqlite-utils ``Database``: every write is one ``atomic()``
        transaction, and migrations run on it. Made on first use: importing sqlite-utils (with
        click, pluggy and dateutil) costs about 70 ms that opening a store to read does not
        need."""
        if self._db is None:
            from sqlite_utils import Database

            self._db = Database(self.conn, execute_plugins=False)
        return self._db

    def _execute(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> sqlite3.Cursor:
        if self.conn is None:
            raise sqlite3.ProgrammingError("Cannot operate on a closed database.")
        return self.conn.execute(sql, params)

    def __enter__(self) -> BlogStore:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return int(self._scalar("PRAGMA user_version"))

    # ---------------------------------------------------------------- transactions and listeners

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener(change)`` after each committed change. Returns a function that
        unsubscribes it."""
        self._listeners.append(listener)

        def unsubscribe() -> None:
            with suppress(ValueError):
                self._listeners.remove(listener)

        return unsubscribe

    @contextmanager
    def transaction(self) -> Iterator[BlogStore]:
        """Group several store calls into one all-or-nothing transaction."""
        with self._lock:
            outermost = self._depth == 0
            if outermost:
                self._pending = []
            self._depth += 1
            try:
                with self.db.atomic():
                    yield self
                    if outermost:
                        self._apply_fts_queue()
            except sqlite3.Error as error:
                if outermost:
                    self._pending = []
                raise _sqlite_failure(error) from None
            except BaseException:
                if outermost:
                    self._pending = []
                raise
            finally:
                self._depth -= 1
            if outermost:
                changes, self._pending = self._pending, []
                if any(change.kind not in _KEEPS_COUNTS for change in changes):
                    self._counts.clear()
                self._notify(changes)

    def _apply_fts_queue(self) -> None:
        """Bring the search index up to date with the posts queued by the schema's triggers."""
        if self._scalar("SELECT EXISTS (SELECT 1 FROM fts_pending)") == 0:
            return
        self._execute(
            "INSERT INTO posts_fts (posts_fts, rowid, headline, body, byline) "
            "SELECT 'delete', post_id, old_headline, old_body, old_byline FROM fts_pending "
            "WHERE seq IN (SELECT min(seq) FROM fts_pending GROUP BY post_id) AND has_old")
        self._execute(
            "INSERT INTO posts_fts (rowid, headline, body, byline) "
            "SELECT id, headline, body, byline FROM posts "
            "WHERE id IN (SELECT post_id FROM fts_pending)")
        self._execute("DELETE FROM fts_pending")

    def _changed(self, kind: str, blog_id: int | None = None, ids: Iterable[int] = ()) -> None:
        self._pending.append(Change(kind, blog_id, tuple(ids)))
        if kind in _ORDER_CHANGES:
            self._kept_order = None  # at once: listeners may search before hearing of it

    def _notify(self, changes: list[Change]) -> None:
        # A dict keeps the first of equal changes in order, in linear time (a list membership
        # test made a 10,000-post import quadratic).
        for change in dict.fromkeys(changes):
            for listener in list(self._listeners):
                listener(change)

    def _counted(self, key: tuple[Any, ...], compute: Callable[[], _T]) -> _T:
        """``compute()``, remembered under ``key`` until the counts may have changed (never
        inside a transaction, which may yet roll back)."""
        if self._depth:
            return compute()
        version = self._scalar("PRAGMA data_version")
        if version != self._counts_version:
            self._counts.clear()
            self._counts_version = version
        if key not in self._counts:
            self._counts[key] = compute()
        return self._counts[key]  # type: ignore[no-any-return]

    def _scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        row = self._execute(sql, params).fetchone()
        return None if row is None else row[0]

    # ------------------------------------------------------------------------------- settings

    def settings(self) -> dict[str, Any]:
        """The store's settings (house style and the like), each a JSON value."""
        return {row[0]: json.loads(row[1])
                for row in self._execute("SELECT key, value FROM settings ORDER BY key")}

    def set_setting(self, key: str, value: Any) -> None:
        check_text(key, "setting", max_length=100, multiline=False, required=True)
        encoded = json.dumps(value, ensure_ascii=False)
        with self.transaction():
            if value is None:
                self._execute("DELETE FROM settings WHERE key = ?", [key])
            else:
                self._execute("INSERT INTO settings (key, value) VALUES (?, ?) "
                                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                [key, encoded])
            self._changed("settings")

    # ---------------------------------------------------------------------------------- blogs

    def list_blogs(self) -> list[BlogInfo]:
        return list(self._counted(("blogs",), self._read_blogs))

    def _read_blogs(self) -> list[BlogInfo]:
        rows = self._execute("SELECT id, slug, title, status FROM blogs "
                             "ORDER BY updated_at DESC, id DESC").fetchall()
        return [BlogInfo(*row, *self._blog_counts(row[0])) for row in rows]

    def _blog_counts(self, blog_id: int) -> tuple[int, int]:
        """(live posts, published ones) of a blog: one pass over the ``posts_live`` index,
        kept like the other counts (the blog switcher and the post list share it)."""

        def count() -> tuple[int, int]:
            total, published = self._execute(
                "SELECT count(*), total(status = 'published') FROM posts "
                "WHERE blog_id = ? AND deleted_at IS NULL", [blog_id]).fetchone()
            return int(total), int(published)

        return self._counted(("posts", blog_id), count)

    def get_blog(self, blog_id: int) -> Blog:
        row = self._execute("SELECT * FROM blogs WHERE id = ?", [blog_id]).fetchone()
        if row is None:
            raise NotFoundError(f"There is no blog with id {blog_id}.")
        return self._blog_from_row(row)

    def blog_by_slug(self, slug: str) -> Blog:
        row = self._execute("SELECT * FROM blogs WHERE slug = ?", [slug]).fetchone()
        if row is None:
            raise NotFoundError(f"There is no blog with the slug {slug!r} in this store.")
        return self._blog_from_row(row)

    def _blog_from_row(self, row: Sequence[Any]) -> Blog:
        (id_, slug, title, language, timezone, status, start, end, authors, closing, created,
         updated) = row
        return Blog(id_, slug, title, language, timezone, status, start, end,
                    tuple(json.loads(authors)), closing, created, updated)

    def _blog_fields(self, fields: dict[str, Any]) -> dict[str, Any]:
        checked: dict[str, Any] = {}
        for name, value in fields.items():
            if name == "slug":
                if not isinstance(value, str) or not SLUG_RE.match(value) or len(value) > 120:
                    raise InvalidInputError(
                        f"{value!r} is not a slug: use lower-case letters, digits and single "
                        "hyphens, like storm-elin-live", "slug")
                checked[name] = value
            elif name == "title":
                checked[name] = check_text(value, "title", max_length=1000, multiline=False,
                                           required=True).strip()
            elif name == "language":
                if not isinstance(value, str) or not LANGUAGE_RE.match(value):
                    raise InvalidInputError(f"{value!r} is not a language code like en or fr-CA",
                                            "language")
                checked[name] = value
            elif name == "timezone":
                checked[name] = check_timezone(value)
            elif name == "status":
                if value not in BLOG_STATUSES:
                    raise InvalidInputError(f"{value!r} is not one of live, ended", "status")
                checked[name] = value
            elif name in ("coverage_start", "coverage_end"):
                checked[name] = _optional_timestamp(value, name)
            elif name == "authors":
                if isinstance(value, str) or not isinstance(value, Iterable):
                    raise InvalidInputError("must be a list of names", "authors")
                names = [check_text(a, f"authors[{i}]", max_length=200, multiline=False,
                                    required=True).strip() for i, a in enumerate(value)]
                checked[name] = json.dumps(names, ensure_ascii=False)
            elif name == "closing_note":
                checked[name] = _optional_text(value, "closing_note", max_length=100_000)
            else:
                raise InvalidInputError(f"a blog has no field {name!r}", name)
        return checked

    def create_blog(self, slug: str, title: str, *, language: str = "en",
                    timezone: str = "UTC", status: str = "live",
                    coverage_start: str | None = None, coverage_end: str | None = None,
                    authors: Sequence[str] = (), closing_note: str | None = None) -> Blog:
        fields = self._blog_fields({
            "slug": slug, "title": title, "language": language, "timezone": timezone,
            "status": status, "coverage_start": coverage_start, "coverage_end": coverage_end,
            "authors": authors, "closing_note": closing_note})
        stamp = now_iso(fields["timezone"])
        with self.transaction():
            if self._scalar("SELECT 1 FROM blogs WHERE slug = ?", [slug]):
                raise ConflictError(f"a blog with the slug {slug!r} already exists", "slug")
            cursor = self._execute(
                "INSERT INTO blogs (slug, title, language, timezone, status, coverage_start, "
                "coverage_end, authors, closing_note, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [fields["slug"], fields["title"], fields["language"], fields["timezone"],
                 fields["status"], fields["coverage_start"], fields["coverage_end"],
                 fields["authors"], fields["closing_note"], stamp, stamp])
            blog_id = int(cursor.lastrowid or 0)
            self._changed("blogs", blog_id)
        return self.get_blog(blog_id)

    def update_blog(self, blog_id: int, **fields: Any) -> Blog:
        """Change blog properties (title, slug, language, timezone, status, coverage_start,
        coverage_end, authors, closing_note)."""
        checked = self._blog_fields(fields)
        blog = self.get_blog(blog_id)
        if not checked:
            return blog
        with self.transaction():
            if "slug" in checked and self._scalar(
                    "SELECT 1 FROM blogs WHERE slug = ? AND id != ?", [checked["slug"], blog_id]):
                raise ConflictError(f"a blog with the slug {checked['slug']!r} already exists",
                                    "slug")
            checked["updated_at"] = now_iso(checked.get("timezone", blog.timezone))
            assignments = ", ".join(f"{name} = ?" for name in checked)
            self._execute(f"UPDATE blogs SET {assignments} WHERE id = ?",
                            [*checked.values(), blog_id])
            self._changed("blogs", blog_id)
        return self.get_blog(blog_id)

    def delete_blog(self, blog_id: int) -> None:
        self.get_blog(blog_id)
        with self.transaction():
            self._execute("DELETE FROM blogs WHERE id = ?", [blog_id])
            self._changed("blogs", blog_id)

    def _touch_blog(self, blog_id: int) -> None:
        tz = self._scalar("SELECT timezone FROM blogs WHERE id = ?", [blog_id]) or "UTC"
        self._execute("UPDATE blogs SET updated_at = ? WHERE id = ?", [now_iso(tz), blog_id])

    # ---------------------------------------------------------------------------- reading posts

    _ROW_COLUMNS = ("id, uid, headline, label, status, pinned, position, published_at, "
                    "updated_at")
    _ORDER = "pinned DESC, position"

    def count_posts(self, blog_id: int, *, include_drafts: bool = True) -> int:
        total, published = self._blog_counts(blog_id)
        return total if include_drafts else published

    def post_ids(self, blog_id: int) -> list[int]:
        """Every post's id in display order (pinned first, then by position): the order
        searches keep, so a second call reads nothing until the order changes."""
        return list(self._display_order(blog_id))

    def list_post_rows(self, blog_id: int, offset: int = 0, limit: int = -1) -> list[PostRow]:
        """One screenful (or all) of the post list in display order, without bodies."""
        rows = self._execute(
            f"SELECT {self._ROW_COLUMNS} FROM posts WHERE blog_id = ? AND deleted_at IS NULL "
            f"ORDER BY {self._ORDER} LIMIT ? OFFSET ?", [blog_id, limit, offset]).fetchall()
        return self._post_rows(rows)

    def post_rows(self, post_ids: Sequence[int]) -> list[PostRow]:
        """The list rows of the given posts, in the order given (missing ones are left out)."""
        found: dict[int, PostRow] = {}
        for chunk_start in range(0, len(post_ids), 500):
            chunk = list(post_ids[chunk_start:chunk_start + 500])
            marks = ",".join("?" * len(chunk))
            rows = self._execute(
                f"SELECT {self._ROW_COLUMNS} FROM posts WHERE id IN ({marks}) "
                "AND deleted_at IS NULL", chunk).fetchall()
            found.update((row.id, row) for row in self._post_rows(rows))
        return [found[i] for i in post_ids if i in found]

    def _post_rows(self, rows: list[Sequence[Any]]) -> list[PostRow]:
        ids = [row[0] for row in rows]
        tags = self._tags_of(ids)
        media: dict[int, int] = {}
        if ids:
            marks = ",".join("?" * len(ids))
            media = dict(self._execute(
                f"SELECT post_id, count(*) FROM post_media WHERE post_id IN ({marks}) "
                "GROUP BY post_id", ids).fetchall())
        return [PostRow(row[0], row[1], row[2], row[3], row[4], bool(row[5]), row[6], row[7],
                        row[8], tuple(tags.get(row[0], ())), media.get(row[0], 0))
                for row in rows]

    def _tags_of(self, post_ids: Sequence[int]) -> dict[int, list[str]]:
        result: dict[int, list[str]] = {}
        if not post_ids:
            return result
        marks = ",".join("?" * len(post_ids))
        for post_id, name in self._execute(
                f"SELECT pt.post_id, t.name FROM post_tags pt JOIN tags t ON t.id = pt.tag_id "
                f"WHERE pt.post_id IN ({marks}) ORDER BY pt.post_id, pt.ord", list(post_ids)):
            result.setdefault(post_id, []).append(name)
        return result

    def get_post(self, post_id: int) -> Post:
        row = self._execute(
            "SELECT id, uid, blog_id, headline, label, body, status, pinned, position, "
            "published_at, updated_at, update_note FROM posts "
            "WHERE id = ? AND deleted_at IS NULL", [post_id]).fetchone()
        if row is None:
            raise NotFoundError(f"There is no post with id {post_id}.")
        contributors = tuple(Contributor(name, place) for name, place in self._execute(
            "SELECT c.name, pc.place FROM post_contributors pc "
            "JOIN contributors c ON c.id = pc.contributor_id WHERE pc.post_id = ? ORDER BY pc.ord",
            [post_id]))
        media = tuple(Media(*m) for m in self._execute(
            "SELECT src, alt, caption, credit FROM post_media WHERE post_id = ? ORDER BY ord",
            [post_id]))
        tags = tuple(self._tags_of([post_id]).get(post_id, ()))
        return Post(row[0], row[1], row[2], row[3], row[4], row[5], row[6], bool(row[7]), row[8],
                    row[9], row[10], row[11], contributors, tags, media)

    def post_by_uid(self, blog_id: int, uid: str) -> Post:
        post_id = self._scalar("SELECT id FROM posts WHERE blog_id = ? AND uid = ? "
                               "AND deleted_at IS NULL", [blog_id, uid])
        if post_id is None:
            raise NotFoundError(f"There is no post {uid!r} in this blog.")
        return self.get_post(post_id)

    #: Posts read per round of queries by ``get_posts`` and ``iter_posts``.
    _POST_BATCH = 500
    _POST_COLUMNS = ("id, uid, blog_id, headline, label, body, status, pinned, position, "
                     "published_at, updated_at, update_note")

    def get_posts(self, post_ids: Sequence[int]) -> list[Post]:
        """The given posts, whole (contributors, tags, photos), in the order given: what
        ``get_post`` returns for each, read in four queries per 500 posts rather than four a
        post. Missing and deleted posts are left out."""
        posts: list[Post] = []
        for start in range(0, len(post_ids), self._POST_BATCH):
            chunk = list(post_ids[start:start + self._POST_BATCH])
            marks = ",".join("?" * len(chunk))
            rows = {row[0]: row for row in self._execute(
                f"SELECT {self._POST_COLUMNS} FROM posts WHERE id IN ({marks}) "
                "AND deleted_at IS NULL", chunk)}
            posts += self._whole_posts([rows[i] for i in chunk if i in rows])
        return posts

    def iter_posts(self, blog_id: int) -> Iterator[Post]:
        """Every post of a blog in display order (drafts included), as ``get_post`` returns it,
        in four queries: the blog's contributors, tags and photos first, then its posts, read
        500 at a time."""
        where = "p.blog_id = ? AND p.deleted_at IS NULL"
        contributors: dict[int, list[Contributor]] = {}
        for post_id, name, place in self.db.execute(
                "SELECT pc.post_id, c.name, pc.place FROM posts p "
                "JOIN post_contributors pc ON pc.post_id = p.id "
                f"JOIN contributors c ON c.id = pc.contributor_id WHERE {where} "
                "ORDER BY pc.post_id, pc.ord", [blog_id]):
            contributors.setdefault(post_id, []).append(Contributor(name, place))
        media: dict[int, list[Media]] = {}
        for post_id, src, alt, caption, credit in self.db.execute(
                "SELECT m.post_id, m.src, m.alt, m.caption, m.credit FROM posts p "
                f"JOIN post_media m ON m.post_id = p.id WHERE {where} "
                "ORDER BY m.post_id, m.ord", [blog_id]):
            media.setdefault(post_id, []).append(Media(src, alt, caption, credit))
        tags: dict[int, list[str]] = {}
        for post_id, name in self.db.execute(
                "SELECT pt.post_id, t.name FROM posts p JOIN post_tags pt ON pt.post_id = p.id "
                f"JOIN tags t ON t.id = pt.tag_id WHERE {where} ORDER BY pt.post_id, pt.ord",
                [blog_id]):
            tags.setdefault(post_id, []).append(name)
        cursor = self.db.execute(
            f"SELECT {self._POST_COLUMNS} FROM posts WHERE blog_id = ? AND deleted_at IS NULL "
            f"ORDER BY {self._ORDER}", [blog_id])
        try:
            while rows := cursor.fetchmany(self._POST_BATCH):
                yield from self._posts_from(rows, contributors, tags, media)
        finally:
            cursor.close()

    def _whole_posts(self, rows: Sequence[Sequence[Any]]) -> list[Post]:
        """Posts from rows of ``_POST_COLUMNS``, with their contributors, tags and photos."""
        if not rows:
            return []
        ids = list(dict.fromkeys(row[0] for row in rows))
        marks = ",".join("?" * len(ids))
        contributors: dict[int, list[Contributor]] = {}
        for post_id, name, place in self.db.execute(
                "SELECT pc.post_id, c.name, pc.place FROM post_contributors pc "
                "JOIN contributors c ON c.id = pc.contributor_id "
                f"WHERE pc.post_id IN ({marks}) ORDER BY pc.post_id, pc.ord", ids):
            contributors.setdefault(post_id, []).append(Contributor(name, place))
        media: dict[int, list[Media]] = {}
        for post_id, src, alt, caption, credit in self.db.execute(
                "SELECT post_id, src, alt, caption, credit FROM post_media "
                f"WHERE post_id IN ({marks}) ORDER BY post_id, ord", ids):
            media.setdefault(post_id, []).append(Media(src, alt, caption, credit))
        return self._posts_from(rows, contributors, self._tags_of(ids), media)

    @staticmethod
    def _posts_from(rows: Sequence[Sequence[Any]], contributors: dict[int, list[Contributor]],
                    tags: dict[int, list[str]], media: dict[int, list[Media]]) -> list[Post]:
        return [Post(row[0], row[1], row[2], row[3], row[4], row[5], row[6], bool(row[7]),
                     row[8], row[9], row[10], row[11], tuple(contributors.get(row[0], ())),
                     tuple(tags.get(row[0], ())), tuple(media.get(row[0], ())))
                for row in rows]

    def _blog_of_post(self, post_id: int) -> int:
        blog_id = self._scalar("SELECT blog_id FROM posts WHERE id = ? AND deleted_at IS NULL",
                               [post_id])
        if blog_id is None:
            raise NotFoundError(f"There is no post with id {post_id}.")
        return int(blog_id)

    # ---------------------------------------------------------------------------- writing posts

    def _post_fields(self, fields: dict[str, Any]) -> dict[str, Any]:
        checked: dict[str, Any] = {}
        for name, value in fields.items():
            if name == "headline":
                checked[name] = check_text(value, "headline", max_length=1000,
                                           multiline=False)
            elif name == "label":
                checked[name] = _optional_text(value, "label", max_length=1000, multiline=False)
            elif name == "body":
                checked[name] = check_text(value, "body")
            elif name == "status":
                if value not in POST_STATUSES:
                    raise InvalidInputError(f"{value!r} is not one of draft, published", "status")
                checked[name] = value
            elif name in ("published_at",):
                checked[name] = _optional_timestamp(value, name)
            elif name == "updated_at":
                checked[name] = check_timestamp(value, name)
            elif name == "update_note":
                checked[name] = _optional_text(value, "update_note", max_length=10_000)
            else:
                raise InvalidInputError(f"a post has no field {name!r}", name)
        return checked

    def _new_uid(self, blog_id: int) -> str:
        while True:
            uid = "post-" + secrets.token_hex(4)
            if not self._scalar("SELECT 1 FROM posts WHERE blog_id = ? AND uid = ?",
                                [blog_id, uid]):
                return uid

    def create_post(self, blog_id: int, *, headline: str = "", body: str = "",
                    label: str | None = None, status: str = "draft", pinned: bool = False,
                    published_at: str | None = None, updated_at: str | None = None,
                    update_note: str | None = None, contributors: Sequence[Contributor] = (),
                    tags: Sequence[str] = (), media: Sequence[Media] = (),
                    uid: str | None = None, after: int | None = None,
                    position: str | None = None) -> Post:
        """Add a post. By default it goes to the top of the blog (a new post leads the page);
        ``after`` puts it right below another post, ``position`` gives its key outright."""
        blog = self.get_blog(blog_id)
        fields = self._post_fields({"headline": headline, "body": body, "label": label,
                                    "status": status, "published_at": published_at,
                                    "update_note": update_note})
        stamp = now_iso(blog.timezone)
        fields["updated_at"] = (check_timestamp(updated_at, "updated_at") if updated_at
                                else stamp)
        if fields["status"] == "published" and fields["published_at"] is None:
            fields["published_at"] = stamp
        if uid is not None and not (isinstance(uid, str) and UID_RE.match(uid)):
            raise InvalidInputError(f"{uid!r} is not a valid post id", "id")
        if position is not None:
            ordering.validate_key(position)
        with self.transaction():
            if uid is None:
                uid = self._new_uid(blog_id)
            elif self._scalar("SELECT 1 FROM posts WHERE blog_id = ? AND uid = ?", [blog_id, uid]):
                raise ConflictError(f"the blog already has a post with the id {uid!r}", "id")
            if position is None:
                position = self._key_for_new_post(blog_id, after, bool(pinned))
            cursor = self._execute(
                "INSERT INTO posts (blog_id, uid, headline, label, body, status, pinned, "
                "position, published_at, updated_at, update_note, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [blog_id, uid, fields["headline"], fields["label"], fields["body"],
                 fields["status"], int(bool(pinned)), position, fields["published_at"],
                 fields["updated_at"], fields["update_note"], stamp])
            post_id = int(cursor.lastrowid or 0)
            if contributors:
                self._write_contributors(post_id, contributors)
            if tags:
                self._write_tags(post_id, tags)
            if media:
                self._write_media(post_id, media)
            self._touch_blog(blog_id)
            self._changed("posts", blog_id, [post_id])
            self._changed("order", blog_id)
        return self.get_post(post_id)

    def _key_for_new_post(self, blog_id: int, after: int | None, pinned: bool) -> str:
        if after is not None:
            return self._key_after(blog_id, after, pinned, exclude=None)
        first = self._scalar("SELECT min(position) FROM posts WHERE blog_id = ? "
                             "AND deleted_at IS NULL", [blog_id])
        return ordering.key_between(None, first)

    def update_post(self, post_id: int, *, touch: bool = True, **fields: Any) -> Post:
        """Change a post's headline, label, body, status, published_at, updated_at or update_note.

        Unless ``touch`` is false or ``updated_at`` is given, the post's last-updated time becomes
        now. Publishing a post without a publish time stamps it now and keeps a revision.
        """
        checked = self._post_fields(fields)
        post = self.get_post(post_id)
        if not checked:
            return post
        blog = self.get_blog(post.blog_id)
        stamp = now_iso(blog.timezone)
        if touch and "updated_at" not in checked:
            checked["updated_at"] = stamp
        publishing = checked.get("status") == "published" and post.status != "published"
        if publishing and checked.get("published_at", post.published_at) is None:
            checked["published_at"] = stamp
        with self.transaction():
            assignments = ", ".join(f"{name} = ?" for name in checked)
            self._execute(f"UPDATE posts SET {assignments} WHERE id = ?",
                            [*checked.values(), post_id])
            if publishing:
                self._save_revision(post_id, "published")
            self._touch_blog(post.blog_id)
            self._changed("posts", post.blog_id, [post_id])
        return self.get_post(post_id)

    def set_post_contributors(self, post_id: int, contributors: Sequence[Contributor]) -> Post:
        blog_id = self._blog_of_post(post_id)
        with self.transaction():
            self._execute("DELETE FROM post_contributors WHERE post_id = ?", [post_id])
            self._write_contributors(post_id, contributors)
            self._touch_blog(blog_id)
            self._changed("posts", blog_id, [post_id])
        return self.get_post(post_id)

    def _write_contributors(self, post_id: int, contributors: Sequence[Contributor]) -> None:
        byline_parts = []
        for i, contributor in enumerate(contributors):
            if not isinstance(contributor, Contributor):
                raise InvalidInputError("must be a Contributor", f"contributors[{i}]")
            name = " ".join(check_text(contributor.name, f"contributors[{i}].name",
                                       max_length=200, multiline=False, required=True).split())
            place = _optional_text(contributor.place, f"contributors[{i}].place",
                                   max_length=200, multiline=False)
            place = " ".join(place.split()) if place else None
            self._execute("INSERT INTO contributors (name) VALUES (?) ON CONFLICT DO NOTHING",
                            [name])
            contributor_id = self._scalar("SELECT id FROM contributors WHERE name = ?", [name])
            self._execute("INSERT INTO post_contributors (post_id, ord, contributor_id, place) "
                            "VALUES (?, ?, ?, ?)", [post_id, i, contributor_id, place])
            byline_parts.append(f"{name} {place or ''}".strip())
        self._execute("UPDATE posts SET byline = ? WHERE id = ?",
                        ["; ".join(byline_parts), post_id])

    def contributor_names(self) -> list[str]:
        """Every contributor name the store knows, for completion."""
        return [row[0] for row in self._execute(
            "SELECT name FROM contributors ORDER BY name COLLATE NOCASE")]

    def set_post_tags(self, post_id: int, tags: Sequence[str]) -> Post:
        blog_id = self._blog_of_post(post_id)
        with self.transaction():
            self._execute("DELETE FROM post_tags WHERE post_id = ?", [post_id])
            self._write_tags(post_id, tags)
            self._changed("posts", blog_id, [post_id])
            self._changed("tags")
        return self.get_post(post_id)

    def _write_tags(self, post_id: int, tags: Sequence[str]) -> None:
        seen: set[int] = set()
        for i, name in enumerate(tags):
            tag = self._ensure_tag(normalize_tag_name(name, f"tags[{i}]"))
            if tag in seen:
                continue
            seen.add(tag)
            self._execute("INSERT INTO post_tags (post_id, tag_id, ord) VALUES (?, ?, ?)",
                            [post_id, tag, len(seen) - 1])

    def set_post_media(self, post_id: int, media: Sequence[Media]) -> Post:
        blog_id = self._blog_of_post(post_id)
        with self.transaction():
            self._execute("DELETE FROM post_media WHERE post_id = ?", [post_id])
            self._write_media(post_id, media)
            self._touch_blog(blog_id)
            self._changed("posts", blog_id, [post_id])
        return self.get_post(post_id)

    def _write_media(self, post_id: int, media: Sequence[Media]) -> None:
        for i, item in enumerate(media):
            if not isinstance(item, Media):
                raise InvalidInputError("must be a Media", f"media[{i}]")
            src = check_text(item.src, f"media[{i}].src", max_length=2000, multiline=False,
                             required=True).strip()
            self._execute(
                "INSERT INTO post_media (post_id, ord, src, alt, caption, credit) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [post_id, i, src,
                 check_text(item.alt, f"media[{i}].alt", max_length=2000),
                 check_text(item.caption, f"media[{i}].caption", max_length=10_000),
                 check_text(item.credit, f"media[{i}].credit", max_length=1000)])

    def set_pinned(self, post_ids: Sequence[int], pinned: bool) -> None:
        """Pin or unpin posts; a post keeps its key, so an unpinned post returns to its place."""
        if not post_ids:
            return
        blog_id = self._blog_of_post(post_ids[0])
        with self.transaction():
            for post_id in post_ids:
                if self._blog_of_post(post_id) != blog_id:
                    raise InvalidInputError("posts of different blogs", "post_ids")
                self._execute("UPDATE posts SET pinned = ? WHERE id = ?",
                                [int(bool(pinned)), post_id])
            self._changed("posts", blog_id, post_ids)
            self._changed("order", blog_id)

    def delete_posts(self, post_ids: Sequence[int]) -> None:
        """Move posts to the trash: they vanish from the blog but can be restored (undo)."""
        if not post_ids:
            return
        blog_id = self._blog_of_post(post_ids[0])
        with self.transaction():
            stamp = now_iso()
            for post_id in post_ids:
                self._blog_of_post(post_id)
                self._execute("UPDATE posts SET deleted_at = ? WHERE id = ?", [stamp, post_id])
            self._touch_blog(blog_id)
            self._changed("posts", blog_id, post_ids)
            self._changed("order", blog_id)

    def restore_posts(self, post_ids: Sequence[int]) -> None:
        """Bring trashed posts back where they were."""
        if not post_ids:
            return
        with self.transaction():
            blog_ids = set()
            for post_id in post_ids:
                blog_id = self._scalar("SELECT blog_id FROM posts WHERE id = ?", [post_id])
                if blog_id is None:
                    raise NotFoundError(f"There is no post with id {post_id}.")
                blog_ids.add(blog_id)
                self._execute("UPDATE posts SET deleted_at = NULL WHERE id = ?", [post_id])
            for blog_id in blog_ids:
                self._touch_blog(blog_id)
                self._changed("posts", blog_id, post_ids)
                self._changed("order", blog_id)

    def purge_trash(self, older_than: str | None = None) -> int:
        """Delete trashed posts for good (all, or those trashed before ``older_than``)."""
        with self.transaction():
            if older_than is None:
                cursor = self._execute("DELETE FROM posts WHERE deleted_at IS NOT NULL")
            else:
                cursor = self._execute("DELETE FROM posts WHERE deleted_at < ?", [older_than])
            return cursor.rowcount

    def duplicate_post(self, post_id: int) -> Post:
        """A draft copy of a post, placed right below it."""
        post = self.get_post(post_id)
        return self.create_post(
            post.blog_id, headline=post.headline, body=post.body, label=post.label,
            status="draft", pinned=post.pinned, update_note=post.update_note,
            contributors=post.contributors, tags=post.tags, media=post.media, after=post_id)

    # -------------------------------------------------------------------------------- ordering

    def _key_of(self, post_id: int) -> tuple[int, str, bool]:
        row = self._execute("SELECT blog_id, position, pinned FROM posts WHERE id = ? "
                              "AND deleted_at IS NULL", [post_id]).fetchone()
        if row is None:
            raise NotFoundError(f"There is no post with id {post_id}.")
        return row[0], row[1], bool(row[2])

    # Keys are unique across the blog: a new key always lies between two keys that are adjacent
    # in the blog's full key order (pinned and unpinned posts together). The pin group only
    # decides which post it goes next to. (Two posts with one key would have no defined order,
    # which shows when one of them is pinned or unpinned later.)

    def _next_key(self, blog_id: int, key: str, exclude: int | None) -> str | None:
        return self._scalar(
            "SELECT min(position) FROM posts WHERE blog_id = ? AND position > ? "
            "AND deleted_at IS NULL AND id != ?",
            [blog_id, key, exclude if exclude is not None else -1])

    def _previous_key(self, blog_id: int, key: str, exclude: int | None) -> str | None:
        return self._scalar(
            "SELECT max(position) FROM posts WHERE blog_id = ? AND position < ? "
            "AND deleted_at IS NULL AND id != ?",
            [blog_id, key, exclude if exclude is not None else -1])

    def _key_after(self, blog_id: int, after: int, pinned: bool, exclude: int | None) -> str:
        """A key placing a post of the ``pinned`` group right after ``after``."""
        after_blog, after_key, after_pinned = self._key_of(after)
        if after_blog != blog_id:
            raise InvalidInputError("the neighbour is in another blog", "after")
        if after_pinned and not pinned:
            return self._key_at_group_start(blog_id, pinned, exclude)
        if pinned and not after_pinned:
            return self._key_at_group_end(blog_id, pinned, exclude)
        return ordering.key_between(after_key, self._next_key(blog_id, after_key, exclude))

    def _key_before(self, blog_id: int, before: int, pinned: bool, exclude: int | None) -> str:
        before_blog, before_key, before_pinned = self._key_of(before)
        if before_blog != blog_id:
            raise InvalidInputError("the neighbour is in another blog", "before")
        if before_pinned and not pinned:
            return self._key_at_group_start(blog_id, pinned, exclude)
        if pinned and not before_pinned:
            return self._key_at_group_end(blog_id, pinned, exclude)
        return ordering.key_between(self._previous_key(blog_id, before_key, exclude), before_key)

    def _key_at_group_start(self, blog_id: int, pinned: bool, exclude: int | None) -> str:
        first = self._scalar(
            "SELECT min(position) FROM posts WHERE blog_id = ? AND pinned = ? "
            "AND deleted_at IS NULL AND id != ?",
            [blog_id, int(pinned), exclude if exclude is not None else -1])
        if first is None:  # alone in its group: first of the whole blog
            first = self._scalar(
                "SELECT min(position) FROM posts WHERE blog_id = ? AND deleted_at IS NULL "
                "AND id != ?", [blog_id, exclude if exclude is not None else -1])
            return ordering.key_between(None, first)
        return ordering.key_between(self._previous_key(blog_id, first, exclude), first)

    def _key_at_group_end(self, blog_id: int, pinned: bool, exclude: int | None) -> str:
        last = self._scalar(
            "SELECT max(position) FROM posts WHERE blog_id = ? AND pinned = ? "
            "AND deleted_at IS NULL AND id != ?",
            [blog_id, int(pinned), exclude if exclude is not None else -1])
        if last is None:
            last = self._scalar(
                "SELECT max(position) FROM posts WHERE blog_id = ? AND deleted_at IS NULL "
                "AND id != ?", [blog_id, exclude if exclude is not None else -1])
            return ordering.key_between(last, None)
        return ordering.key_between(last, self._next_key(blog_id, last, exclude))

    def move_post(self, post_id: int, *, after: int | None = None,
                  before: int | None = None) -> str:
        """Move a post within its group (pinned or not), writing only its own row.

        ``after=X`` places it right below X, ``before=X`` right above X, neither at the top of its
        group. Returns the post's new position key (keep the old one to undo with
        :meth:`set_post_position`).
        """
        if after is not None and before is not None:
            raise InvalidInputError("give after or before, not both", "after")
        if post_id in (after, before):
            raise InvalidInputError("a post cannot move next to itself", "after")
        blog_id, _old_key, pinned = self._key_of(post_id)
        with self.transaction():
            key = self._compute_move_key(blog_id, post_id, pinned, after, before)
            if len(key) > MAX_KEY_LENGTH:
                self._rebalance(blog_id)
                key = self._compute_move_key(blog_id, post_id, pinned, after, before)
            self._execute("UPDATE posts SET position = ? WHERE id = ?", [key, post_id])
            self._changed("order", blog_id, [post_id])
        return key

    def _compute_move_key(self, blog_id: int, post_id: int, pinned: bool,
                          after: int | None, before: int | None) -> str:
        if after is not None:
            return self._key_after(blog_id, after, pinned, exclude=post_id)
        if before is not None:
            return self._key_before(blog_id, before, pinned, exclude=post_id)
        return self._key_at_group_start(blog_id, pinned, exclude=post_id)

    def _rebalance(self, blog_id: int) -> None:
        """Give every post of the blog a short key again, keeping their order (rare: only after
        hundreds of moves into one gap)."""
        ids = [row[0] for row in self._execute(
            "SELECT id FROM posts WHERE blog_id = ? ORDER BY position, id", [blog_id])]
        for post_id, key in zip(ids, ordering.spread_keys(len(ids)), strict=True):
            self._execute("UPDATE posts SET position = ? WHERE id = ?", [key, post_id])
        self._changed("order", blog_id)

    def post_position(self, post_id: int) -> str:
        return self._key_of(post_id)[1]

    def set_post_position(self, post_id: int, position: str) -> None:
        """Put a post back at a key it had (undo of a move)."""
        ordering.validate_key(position)
        blog_id = self._blog_of_post(post_id)
        with self.transaction():
            self._execute("UPDATE posts SET position = ? WHERE id = ?", [position, post_id])
            self._changed("order", blog_id, [post_id])

    def positions(self, blog_id: int) -> dict[int, str]:
        """Every live post's key, for undoing a whole-blog re-sort."""
        return dict(self._execute("SELECT id, position FROM posts WHERE blog_id = ? "
                                    "AND deleted_at IS NULL", [blog_id]).fetchall())

    def set_positions(self, positions: dict[int, str]) -> None:
        if not positions:
            return
        blog_id = self._blog_of_post(next(iter(positions)))
        with self.transaction():
            for post_id, key in positions.items():
                ordering.validate_key(key)
                self._execute("UPDATE posts SET position = ? WHERE id = ? AND blog_id = ?",
                                [key, post_id, blog_id])
            self._changed("order", blog_id)

    def resort_newest_first(self, blog_id: int) -> None:
        """Rewrite the blog's order: newest publish time first (drafts by last edit)."""
        rows = self._execute(
            "SELECT id, coalesce(published_at, updated_at) FROM posts WHERE blog_id = ? "
            "AND deleted_at IS NULL", [blog_id]).fetchall()
        rows.sort(key=lambda row: (parse_timestamp(row[1]), row[0]), reverse=True)
        keys = ordering.spread_keys(len(rows))
        self.set_positions({row[0]: key for row, key in zip(rows, keys, strict=True)})

    # --------------------------------------------------------------------- search and filters

    @staticmethod
    def fts_query(text: str) -> str:
        """Turn what an editor typed into a safe FTS5 query: every word is a quoted phrase (so
        quotes, NEAR, AND, *, - and parentheses are plain text), the last word a prefix."""
        # Control characters (NUL ends an SQL string) and unpaired surrogates (not encodable)
        # cannot be part of an indexed word: they separate words instead.
        text = _CONTROL_RE.sub(" ", text.encode("utf-8", "replace").decode("utf-8")
                               if _has_surrogates(text) else text)
        words = [w for w in text.split() if w.replace('"', "")]
        if not words:
            return ""
        quoted = ['"' + w.replace('"', '""') + '"' for w in words]
        quoted[-1] += " *"
        return " ".join(quoted)

    # A search or a tag filter first gathers the matching ids as a set (one FTS5 query, one index
    # look-up per tag, never a sub-query per post), then puts that set in display order: a few
    # ids by reading their own keys, more by picking them out of the blog's whole display order.
    # That order is read once and kept until it may have changed (``_kept_display_order``). An
    # ``ORDER BY pinned DESC, position`` over the matches instead sorted every match, or scanned
    # the order index with a look-up into the big posts table for every post.

    #: Up to this many matches are put in order by their keys, one row look-up each (~5 µs with
    #: 100,000 posts), unless the blog's order is kept with its ranks already.
    _FEW_MATCHES = 300

    def find_post_ids(self, blog_id: int, *, text: str = "", tags: Sequence[str] = (),
                      match_all_tags: bool = False) -> list[int]:
        """Ids of the posts matching a search and/or tag filter, in display order.

        ``text`` is searched as :meth:`fts_query` makes it safe; ``tags`` are names (any of
        them, or all with ``match_all_tags``). Without either, every post of the blog."""
        query = self.fts_query(text)
        if text.strip() and not query:
            return []
        tag_names = [normalize_tag_name(t) for t in tags]
        matches = self._tagged_post_ids(tag_names, match_all_tags) if tag_names else None
        if query and (matches is None or matches):
            found = self._search_post_ids(query)
            matches = found if matches is None else matches & found
        if matches is None:
            return list(self._display_order(blog_id))
        return self.sort_post_ids(blog_id, matches)

    def sort_post_ids(self, blog_id: int, post_ids: Iterable[int]) -> list[int]:
        """The given ids that are live posts of the blog (not trashed, not of another blog),
        each once, in display order."""
        wanted = post_ids if isinstance(post_ids, set | frozenset) else set(post_ids)
        kept = self._kept_display_order(blog_id)
        if len(wanted) <= self._FEW_MATCHES and not (kept and kept[1]):
            return self._sort_by_keys(blog_id, wanted)
        ids, ranks = kept or self._read_display_order(blog_id)
        if kept is None or 2 * len(wanted) >= len(ids):
            # Most posts, or an order just read: one pass over the order (~4 ms).
            return [post_id for post_id in ids if post_id in wanted]
        if not ranks:  # numbered on first need (~7 ms for 100,000 posts), then ~1 ms for 5,000
            ranks.update(zip(ids, range(len(ids)), strict=True))
        return sorted(filter(ranks.__contains__, wanted), key=ranks.__getitem__)

    def _sort_by_keys(self, blog_id: int, post_ids: Iterable[int]) -> list[int]:
        rows: list[tuple[int, int, str]] = []
        ids = list(post_ids)
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            # "+blog_id": find each post by its id, not by scanning the blog's index.
            rows += self._execute(
                f"SELECT id, pinned, position FROM posts WHERE id IN ({','.join('?' * len(chunk))})"
                " AND +blog_id = ? AND deleted_at IS NULL", [*chunk, blog_id]).fetchall()
        # Python orders str as SQLite's BINARY collation orders UTF-8; equal keys go by id, as
        # in the index.
        rows.sort(key=lambda row: (-row[1], row[2], row[0]))
        return [row[0] for row in rows]

    def _display_order(self, blog_id: int) -> list[int]:
        """Every live post's id in display order (the caller must not change the list)."""
        kept = self._kept_display_order(blog_id) or self._read_display_order(blog_id)
        return kept[0]

    def _kept_display_order(self, blog_id: int) -> tuple[list[int], dict[int, int]] | None:
        """The blog's display order as last read, with each id's rank (filled on first need),
        if it cannot have changed since; else None.

        One blog's order is kept (100,000 ids take ~40 ms to read, mostly making Python ints).
        ``_changed`` drops it on every change of kind "order" (which every move, pin, re-sort,
        new, trashed or restored post reports), "blogs" or "all", before any listener hears of
        it; it is neither used nor kept inside a transaction, which may still roll back; and
        ``PRAGMA data_version`` tells when another connection committed."""
        kept = self._kept_order
        if kept is None or kept[0] != blog_id or not self._may_keep_order():
            return None
        if kept[1] != int(self._scalar("PRAGMA data_version")):
            self._kept_order = None
            return None
        return kept[2], kept[3]

    def _may_keep_order(self) -> bool:
        return self._depth == 0 and not self.conn.in_transaction

    def _read_display_order(self, blog_id: int) -> tuple[list[int], dict[int, int]]:
        keep = self._may_keep_order()
        # The version before the read: a commit by another connection in between makes the
        # kept order look stale (read again), never a stale order look current.
        version = int(self._scalar("PRAGMA data_version")) if keep else -1
        ids = [row[0] for row in self._execute(
            f"SELECT id FROM posts WHERE blog_id = ? AND deleted_at IS NULL ORDER BY {self._ORDER}",
            [blog_id])]
        ranks: dict[int, int] = {}
        if keep:
            self._kept_order = (blog_id, version, ids, ranks)
        return ids, ranks

    def _id_set(self, column: str, rest: str, params: Sequence[Any]) -> set[int]:
        """The ids ``SELECT {column} {rest}`` finds, read as one JSON text rather than a row
        each (half the time for 100,000 ids); row by row where SQLite lacks JSON."""
        try:
            row = self._execute(f"SELECT json_group_array({column}) {rest}", params).fetchone()
        except sqlite3.OperationalError as error:
            if "json_group_array" not in str(error):
                raise
            return {row[0] for row in self._execute(f"SELECT {column} {rest}", params)}
        return set(json.loads(row[0]))

    def _search_post_ids(self, query: str) -> set[int]:
        """Every post an FTS5 query matches (of any blog, trashed ones included)."""
        try:
            return self._id_set("rowid", "FROM posts_fts WHERE posts_fts MATCH ?", [query])
        except sqlite3.OperationalError as error:
            if "fts5" in str(error).lower():
                return set()
            raise

    def _tagged_post_ids(self, names: Sequence[str], match_all: bool) -> set[int]:
        """Posts with any (or all) of the tags named (names compare as the tags table does)."""
        tag_ids: list[int] = []
        for name in dict.fromkeys(names):
            tag_id = self._scalar("SELECT id FROM tags WHERE name = ?", [name])
            if tag_id is not None:
                tag_ids.append(int(tag_id))
            elif match_all:
                return set()
        tagged = [self._id_set("post_id", "FROM post_tags WHERE tag_id = ?", [tag_id])
                  for tag_id in dict.fromkeys(tag_ids)]
        if not tagged:
            return set()
        if match_all:
            tagged.sort(key=len)
            return tagged[0].intersection(*tagged[1:])
        return set().union(*tagged)

    # ------------------------------------------------------------------------------------- tags

    def _ensure_tag(self, name: str) -> int:
        existing = self._scalar("SELECT id FROM tags WHERE name = ?", [name])
        if existing is not None:
            return int(existing)
        count = int(self._scalar("SELECT count(*) FROM tags"))
        cursor = self._execute("INSERT INTO tags (name, color) VALUES (?, ?)",
                                 [name, TAG_PALETTE[count % len(TAG_PALETTE)]])
        return int(cursor.lastrowid or 0)

    def list_tags(self) -> list[Tag]:
        """Every tag with its colour and how many live posts carry it, by name."""
        return list(self._counted(("tags",), self._read_tags))

    def tag_colors(self) -> dict[str, str | None]:
        """Each tag's colour by name (no counting: what the post list paints with)."""
        return {name: color for _id, name, color in self.tag_rows()}

    def tag_rows(self) -> list[tuple[int, str, str | None]]:
        """``(id, name, colour)`` of every tag, by name, without counting their posts (the
        tag filter and the tag editor need no counts: 10 ms saved at 100,000 posts)."""
        return [(row[0], row[1], row[2]) for row in self._execute(
            "SELECT id, name, color FROM tags ORDER BY name COLLATE NOCASE")]

    def _read_tags(self) -> list[Tag]:
        return [Tag(*row) for row in self._execute(
            # Every link, less the links of posts in the trash (few, found through an index).
            "SELECT t.id, t.name, t.color, "
            "(SELECT count(*) FROM post_tags pt WHERE pt.tag_id = t.id) - "
            "(SELECT count(*) FROM posts p INDEXED BY posts_trash CROSS JOIN post_tags pt "
            " ON pt.post_id = p.id AND pt.tag_id = t.id WHERE p.deleted_at IS NOT NULL) "
            "FROM tags t ORDER BY t.name COLLATE NOCASE")]

    def get_tag(self, tag_id: int) -> Tag:
        for tag in self.list_tags():
            if tag.id == tag_id:
                return tag
        raise NotFoundError(f"There is no tag with id {tag_id}.")

    def tag_by_name(self, name: str) -> Tag:
        tag_id = self._scalar("SELECT id FROM tags WHERE name = ?", [normalize_tag_name(name)])
        if tag_id is None:
            raise NotFoundError(f"There is no tag {name!r}.")
        return self.get_tag(int(tag_id))

    def create_tag(self, name: str, color: str | None = None) -> Tag:
        name = normalize_tag_name(name)
        with self.transaction():
            tag_id = self._ensure_tag(name)
            if color is not None:
                self._set_color(tag_id, color)
            self._changed("tags")
        return self.get_tag(tag_id)

    def rename_tag(self, tag_id: int, name: str) -> Tag:
        """Rename a tag; renaming onto another tag's name (in any case) is a merge: use
        :meth:`merge_tags`."""
        name = normalize_tag_name(name)
        self.get_tag(tag_id)
        with self.transaction():
            other = self._scalar("SELECT id FROM tags WHERE name = ? AND id != ?", [name, tag_id])
            if other is not None:
                raise ConflictError(f"a tag named {name!r} already exists; merge them instead",
                                    "name")
            self._execute("UPDATE tags SET name = ? WHERE id = ?", [name, tag_id])
            self._changed("tags")
            self._changed("all")
        return self.get_tag(tag_id)

    def merge_tags(self, source_id: int, target_id: int) -> Tag:
        """Give every post of ``source`` the ``target`` tag (once) and delete ``source``."""
        if source_id == target_id:
            raise InvalidInputError("cannot merge a tag into itself", "tag")
        self.get_tag(source_id)
        self.get_tag(target_id)
        with self.transaction():
            for post_id, ord_ in self._execute(
                    "SELECT post_id, ord FROM post_tags WHERE tag_id = ?", [source_id]).fetchall():
                self._execute("INSERT INTO post_tags (post_id, tag_id, ord) VALUES (?, ?, ?) "
                                "ON CONFLICT DO NOTHING", [post_id, target_id, ord_])
            self._execute("DELETE FROM tags WHERE id = ?", [source_id])
            self._changed("tags")
            self._changed("all")
        return self.get_tag(target_id)

    def delete_tag(self, tag_id: int) -> int:
        """Delete a tag from every post; returns how many posts had it."""
        tag = self.get_tag(tag_id)
        with self.transaction():
            self._execute("DELETE FROM tags WHERE id = ?", [tag_id])
            self._changed("tags")
            self._changed("all")
        return tag.posts

    def tag_links(self, tag_id: int) -> list[tuple[int, int]]:
        """``(post_id, ord)`` of every link of a tag, to undo a delete or merge."""
        return [tuple(row) for row in self._execute(  # type: ignore[misc]
            "SELECT post_id, ord FROM post_tags WHERE tag_id = ?", [tag_id])]

    def restore_tag(self, tag: Tag, links: Sequence[tuple[int, int]]) -> None:
        """Re-create a deleted tag with its id, name, colour and post links (undo)."""
        with self.transaction():
            self._execute("INSERT INTO tags (id, name, color) VALUES (?, ?, ?)",
                            [tag.id, tag.name, tag.color])
            for post_id, ord_ in links:
                self._execute("INSERT INTO post_tags (post_id, tag_id, ord) VALUES (?, ?, ?) "
                                "ON CONFLICT DO NOTHING", [post_id, tag.id, ord_])
            self._changed("tags")
            self._changed("all")

    def unlink_tag(self, tag_id: int, post_ids: Sequence[int]) -> None:
        """Remove one tag from some posts (undo of a merge's added links)."""
        with self.transaction():
            for post_id in post_ids:
                self._execute("DELETE FROM post_tags WHERE tag_id = ? AND post_id = ?",
                                [tag_id, post_id])
            self._changed("tags")
            self._changed("all")

    def set_tag_color(self, tag_id: int, color: str | None) -> Tag:
        self.get_tag(tag_id)
        with self.transaction():
            self._set_color(tag_id, color)
            self._changed("tags")
        return self.get_tag(tag_id)

    def _set_color(self, tag_id: int, color: str | None) -> None:
        if color is not None and not (isinstance(color, str) and COLOR_RE.match(color)):
            raise InvalidInputError(f"{color!r} is not a colour like #1f6feb", "color")
        self._execute("UPDATE tags SET color = ? WHERE id = ?", [color, tag_id])

    # ---------------------------------------------------------------------- "What we covered"

    def list_summary(self, blog_id: int) -> list[SummaryItem]:
        return [SummaryItem(*row) for row in self._execute(
            "SELECT id, blog_id, position, text FROM summary_items WHERE blog_id = ? "
            "ORDER BY position, id", [blog_id])]

    def add_summary_item(self, blog_id: int, text: str, *, after: int | None = None,
                         position: str | None = None) -> SummaryItem:
        """Add a key point at the end, right after another, or at a given key."""
        self.get_blog(blog_id)
        text = check_text(text, "summary", max_length=10_000, required=True)
        with self.transaction():
            if position is None:
                if after is None:
                    last = self._scalar("SELECT max(position) FROM summary_items "
                                        "WHERE blog_id = ?", [blog_id])
                    position = ordering.key_between(last, None)
                else:
                    position = self._summary_key_after(blog_id, after, exclude=None)
            else:
                ordering.validate_key(position)
            cursor = self._execute(
                "INSERT INTO summary_items (blog_id, position, text) VALUES (?, ?, ?)",
                [blog_id, position, text])
            item_id = int(cursor.lastrowid or 0)
            self._touch_blog(blog_id)
            self._changed("summary", blog_id, [item_id])
        return self._summary_item(item_id)

    def _summary_item(self, item_id: int) -> SummaryItem:
        row = self._execute("SELECT id, blog_id, position, text FROM summary_items "
                              "WHERE id = ?", [item_id]).fetchone()
        if row is None:
            raise NotFoundError(f"There is no key point with id {item_id}.")
        return SummaryItem(*row)

    def _summary_key_after(self, blog_id: int, after: int, exclude: int | None) -> str:
        item = self._summary_item(after)
        following = self._scalar(
            "SELECT min(position) FROM summary_items WHERE blog_id = ? AND position > ? "
            "AND id != ?", [blog_id, item.position, exclude if exclude is not None else -1])
        return ordering.key_between(item.position, following)

    def update_summary_item(self, item_id: int, text: str) -> SummaryItem:
        item = self._summary_item(item_id)
        text = check_text(text, "summary", max_length=10_000, required=True)
        with self.transaction():
            self._execute("UPDATE summary_items SET text = ? WHERE id = ?", [text, item_id])
            self._touch_blog(item.blog_id)
            self._changed("summary", item.blog_id, [item_id])
        return self._summary_item(item_id)

    def delete_summary_item(self, item_id: int) -> SummaryItem:
        """Delete a key point; returns it so that it can be put back with ``add_summary_item``."""
        item = self._summary_item(item_id)
        with self.transaction():
            self._execute("DELETE FROM summary_items WHERE id = ?", [item_id])
            self._touch_blog(item.blog_id)
            self._changed("summary", item.blog_id, [item_id])
        return item

    def move_summary_item(self, item_id: int, *, after: int | None = None,
                          position: str | None = None) -> str:
        """Move a key point right after another (``None``: to the top), or to a given key."""
        item = self._summary_item(item_id)
        with self.transaction():
            if position is not None:
                ordering.validate_key(position)
                key = position
            elif after is None:
                first = self._scalar("SELECT min(position) FROM summary_items WHERE blog_id = ? "
                                     "AND id != ?", [item.blog_id, item_id])
                key = ordering.key_between(None, first)
            else:
                key = self._summary_key_after(item.blog_id, after, exclude=item_id)
            self._execute("UPDATE summary_items SET position = ? WHERE id = ?", [key, item_id])
            self._changed("summary", item.blog_id, [item_id])
        return key

    # --------------------------------------------------------------------------------- revisions

    def _snapshot(self, post_id: int) -> dict[str, Any]:
        post = self.get_post(post_id)
        return {
            "headline": post.headline, "label": post.label, "body": post.body,
            "status": post.status, "published_at": post.published_at,
            "updated_at": post.updated_at, "update_note": post.update_note,
            "contributors": [[c.name, c.place] for c in post.contributors],
            "tags": list(post.tags),
            "media": [[m.src, m.alt, m.caption, m.credit] for m in post.media],
        }

    def _save_revision(self, post_id: int, reason: str) -> int | None:
        snapshot = json.dumps(self._snapshot(post_id), ensure_ascii=False, sort_keys=True)
        last = self._scalar("SELECT snapshot FROM revisions WHERE post_id = ? "
                            "ORDER BY id DESC LIMIT 1", [post_id])
        if last == snapshot:
            return None
        cursor = self._execute(
            "INSERT INTO revisions (post_id, created_at, reason, snapshot) VALUES (?, ?, ?, ?)",
            [post_id, now_iso(), reason, snapshot])
        return int(cursor.lastrowid or 0)

    def save_revision(self, post_id: int, reason: str = "edited", *,
                      min_interval_s: float | None = None) -> int | None:
        """Keep the post's current version as a revision, unless it equals the last one or (with
        ``min_interval_s``) the last one is more recent than that. Returns the new id or None."""
        self._blog_of_post(post_id)
        if min_interval_s is not None:
            last = self._scalar("SELECT created_at FROM revisions WHERE post_id = ? "
                                "ORDER BY id DESC LIMIT 1", [post_id])
            if last is not None:
                age = (datetime.now(parse_timestamp(last).tzinfo)
                       - parse_timestamp(last)).total_seconds()
                if age < min_interval_s:
                    return None
        with self.transaction():
            revision_id = self._save_revision(post_id, reason)
            if revision_id is not None:
                self._changed("revisions", None, [post_id])
            return revision_id

    def list_revisions(self, post_id: int) -> list[Revision]:
        """A post's revisions, newest first."""
        return [Revision(row[0], row[1], row[2], row[3], json.loads(row[4]))
                for row in self._execute(
                    "SELECT id, post_id, created_at, reason, snapshot FROM revisions "
                    "WHERE post_id = ? ORDER BY id DESC", [post_id])]

    def post_snapshot(self, post_id: int) -> dict[str, Any]:
        """The post's content as a revision would keep it (for undo of a restore)."""
        return self._snapshot(post_id)

    def apply_snapshot(self, post_id: int, snapshot: dict[str, Any]) -> Post:
        """Set a post's content to a snapshot (restoring a revision, or undoing one) in one
        transaction. The post's order and pin stay as they are."""
        with self.transaction():
            self.update_post(post_id, touch=False, **{
                key: snapshot[key] for key in ("headline", "label", "body", "status",
                                               "published_at", "updated_at", "update_note")})
            self.set_post_contributors(
                post_id, [Contributor(name, place) for name, place in snapshot["contributors"]])
            self.set_post_tags(post_id, snapshot["tags"])
            self.set_post_media(post_id, [Media(*m) for m in snapshot["media"]])
        return self.get_post(post_id)

    # ------------------------------------------------------------------------ photos in the store

    def put_media_file(self, name: str, data: bytes, mime: str) -> str:
        """Keep a photo's bytes in the store under ``name`` (a relative path such as
        ``images/flood.jpg``). Returns the name used: the same name when free or holding the same
        bytes, else one with a short hash added."""
        name = check_text(name, "media file", max_length=500, multiline=False,
                          required=True).strip()
        digest = hashlib.sha256(data).hexdigest()
        with self.transaction():
            existing = self._scalar("SELECT sha256 FROM media_files WHERE name = ?", [name])
            if existing is not None and existing != digest:
                stem, dot, ext = name.rpartition(".")
                name = f"{stem}-{digest[:8]}.{ext}" if dot else f"{name}-{digest[:8]}"
                existing = self._scalar("SELECT sha256 FROM media_files WHERE name = ?", [name])
            if existing is None:
                self._execute("INSERT INTO media_files (name, mime, sha256, size, data) "
                                "VALUES (?, ?, ?, ?, ?)", [name, mime, digest, len(data), data])
        return name

    def get_media_file(self, name: str) -> tuple[bytes, str] | None:
        """``(bytes, mime type)`` of a photo kept in the store, or None."""
        row = self._execute("SELECT data, mime FROM media_files WHERE name = ?",
                              [name]).fetchone()
        return None if row is None else (bytes(row[0]), row[1])

    def has_media_file(self, name: str) -> bool:
        return bool(self._scalar("SELECT 1 FROM media_files WHERE name = ?", [name]))

    # ------------------------------------------------------------------------------ dictionary

    def dictionary_words(self) -> list[str]:
        """The newsroom's own spelling dictionary, shared by every blog of the store."""
        return [row[0] for row in self._execute(
            "SELECT word FROM dictionary_words ORDER BY word COLLATE NOCASE")]

    def add_dictionary_words(self, words: Iterable[str]) -> int:
        stamp = now_iso()
        added = 0
        with self.transaction():
            for i, word in enumerate(words):
                word = check_text(word, f"words[{i}]", max_length=100, multiline=False).strip()
                if word:
                    cursor = self._execute(
                        "INSERT INTO dictionary_words (word, added_at) VALUES (?, ?) "
                        "ON CONFLICT DO NOTHING", [word, stamp])
                    added += cursor.rowcount
            self._changed("dictionary")
        return added

    def remove_dictionary_words(self, words: Iterable[str]) -> int:
        removed = 0
        with self.transaction():
            for word in words:
                removed += self._execute("DELETE FROM dictionary_words WHERE word = ?",
                                           [word]).rowcount
            self._changed("dictionary")
        return removed

    def ignored_words(self, blog_id: int) -> list[str]:
        return [row[0] for row in self._execute(
            "SELECT word FROM blog_ignored_words WHERE blog_id = ? ORDER BY word", [blog_id])]

    def ignore_word(self, blog_id: int, word: str) -> None:
        word = check_text(word, "word", max_length=100, multiline=False, required=True).strip()
        self.get_blog(blog_id)
        with self.transaction():
            self._execute("INSERT INTO blog_ignored_words (blog_id, word) VALUES (?, ?) "
                            "ON CONFLICT DO NOTHING", [blog_id, word])
            self._changed("dictionary", blog_id)

    def unignore_word(self, blog_id: int, word: str) -> None:
        with self.transaction():
            self._execute("DELETE FROM blog_ignored_words WHERE blog_id = ? AND word = ?",
                            [blog_id, word])
            self._changed("dictionary", blog_id)

    # --------------------------------------------------------------------------------- backups

    def backup(self, reason: str = "auto", *, folder: Path | None = None,
               keep: int | None = None) -> Path:
        """Write a verified backup of the whole store and keep the newest ``keep`` (the
        ``backup_keep`` setting, 10 by default). The app calls this on open and every 30
        minutes; migrations make their own backup first."""
        from .backup import DEFAULT_KEEP, backup_folder, make_backup

        if self.path is None:
            raise StorageFailure("An in-memory store has no file to back up.")
        if keep is None:
            value = self.settings().get("backup_keep", DEFAULT_KEEP)
            keep = value if isinstance(value, int) and value > 0 else DEFAULT_KEEP
        return make_backup(self.conn, folder or backup_folder(self.path), self.path.stem,
                           reason, keep)

    # ------------------------------------------------------------------------------- integrity

    def integrity_problems(self) -> list[str]:
        """What SQLite's own checks find wrong with the file (an empty list when all is well)."""
        problems = [row[0] for row in self._execute("PRAGMA integrity_check")
                    if row[0] != "ok"]
        problems += [f"broken link from {row[0]} row {row[1]} to {row[2]}"
                     for row in self._execute("PRAGMA foreign_key_check")]
        if not self.read_only:  # the check is an INSERT command, refused on a read-only store
            try:
                self._execute(
                    "INSERT INTO posts_fts (posts_fts, rank) VALUES ('integrity-check', 1)")
            except sqlite3.DatabaseError as error:
                problems.append(f"the search index is out of date ({error})")
        return problems
