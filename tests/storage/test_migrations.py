"""Stores of every earlier schema version open, after a backup, at the current version."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from storage import SCHEMA_VERSION, BlogStore, NewerSchemaError, NotALivedeskStoreError
from storage.schema import APPLICATION_ID, migrations

MIGRATION_NAMES = [m.name for m in migrations._migrations]


def make_store_at_version(path: Path, version: int) -> None:
    """A store as Livedesk at schema ``version`` left it, with one blog and post in it."""
    conn = sqlite3.connect(str(path), isolation_level=None)
    db = Database(conn, execute_plugins=False)
    stop = MIGRATION_NAMES[version] if version < len(MIGRATION_NAMES) else None
    migrations.apply(db, stop_before=stop)
    conn.execute("INSERT INTO blogs (slug, title, created_at, updated_at) "
                 "VALUES ('old-blog', 'Old blog', '2024-01-01T00:00:00+00:00', "
                 "'2024-01-01T00:00:00+00:00')")
    conn.execute("INSERT INTO posts (blog_id, uid, headline, body, position, updated_at, "
                 "created_at) VALUES (1, 'p1', 'Old headline', 'Old searchable body', 'a0', "
                 "'2024-01-01T00:00:00+00:00', '2024-01-01T00:00:00+00:00')")
    # The triggers queued the new post; an old Livedesk applied the queue before COMMIT too.
    conn.execute("INSERT INTO posts_fts (rowid, headline, body, byline) "
                 "SELECT id, headline, body, byline FROM posts")
    conn.execute("DELETE FROM fts_pending")
    conn.close()


@pytest.mark.parametrize("version", range(1, SCHEMA_VERSION))
def test_older_store_is_backed_up_and_migrated(tmp_path: Path, version: int) -> None:
    path = tmp_path / "old.livedesk"
    make_store_at_version(path, version)
    backups = tmp_path / "backups"
    with BlogStore.open(path, backup_dir=backups) as store:
        assert store.schema_version == SCHEMA_VERSION
        blog = store.blog_by_slug("old-blog")
        assert [r.headline for r in store.list_post_rows(blog.id)] == ["Old headline"]
        assert store.find_post_ids(blog.id, text="searchable") == [1]
        store.ignore_word(blog.id, "Hollinsea")  # a table from a later migration
        assert store.integrity_problems() == []
    saved = list(backups.iterdir())
    assert len(saved) == 1 and f"before-v{version}" in saved[0].name
    conn = sqlite3.connect(saved[0])
    assert conn.execute("PRAGMA user_version").fetchone()[0] == version
    assert conn.execute("SELECT headline FROM posts").fetchall() == [("Old headline",)]
    conn.close()


def test_current_store_is_not_backed_up(tmp_path: Path) -> None:
    path = tmp_path / "new.livedesk"
    BlogStore.create(path).close()
    BlogStore.open(path, backup_dir=tmp_path / "backups").close()
    assert not (tmp_path / "backups").exists()


def test_newer_store_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "future.livedesk"
    BlogStore.create(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(NewerSchemaError, match="newer version"):
        BlogStore.open(path)
    assert path.read_bytes() == before


@pytest.mark.parametrize("content", [b"", b"hello, not a database at all" * 10,
                                     b"SQLite format 3\x00" + b"\x00" * 84 + b"garbage" * 100])
def test_non_stores_are_refused_untouched(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "file.livedesk"
    path.write_bytes(content)
    with pytest.raises(NotALivedeskStoreError):
        BlogStore.open(path)
    assert path.read_bytes() == content


def test_foreign_sqlite_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    conn.execute("INSERT INTO notes (text) VALUES ('mine')")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(NotALivedeskStoreError, match="another application"):
        BlogStore.open(path)
    assert path.read_bytes() == before
    assert not Path(str(path) + "-wal").exists()


def test_new_store_identifies_itself(tmp_path: Path) -> None:
    path = tmp_path / "x.livedesk"
    BlogStore.create(path).close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()
    assert [p.name for p in tmp_path.iterdir()] == ["x.livedesk"]
