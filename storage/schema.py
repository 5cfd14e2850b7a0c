"""The store's schema, created and upgraded with sqlite-utils ``Migrations``.

Each migration runs in one transaction together with its record in ``_sqlite_migrations`` and the
new ``PRAGMA user_version``, so a store is always at one version or the next, never between.
``SCHEMA_VERSION`` is the number of migrations; ``user_version`` mirrors it so that the version
can be read without knowing sqlite-utils' bookkeeping (and so a newer store is recognised by
older code).
"""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from .version import APPLICATION_ID, SCHEMA_VERSION

# Full-text search. ``posts_fts`` is an FTS5 index over the posts' headline, body and byline
# (external content: the text is not stored twice). The store opens every connection with
# ``trusted_schema=OFF`` so that a hostile file's triggers and views cannot call functions or
# virtual tables, and under that setting SQLite refuses a trigger that writes to an FTS5 table.
# So the triggers below, which fire only when an indexed column changes (a move or a pin never
# re-indexes a post), queue the post with the text that was indexed in the plain table
# ``fts_pending``, and the store applies the queue to the index in the same transaction, just
# before COMMIT (``BlogStore._apply_fts_queue``).

migrations = Migrations("livedesk")


@migrations(name="0001_initial")
def _initial(db: Database) -> None:
    for statement in split_statements(_INITIAL):
        db.execute(statement)
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute("PRAGMA user_version = 1")


@migrations(name="0002_blog_ignored_words")
def _blog_ignored_words(db: Database) -> None:
    # "Ignore in this blog" from the spellchecker: words one blog accepts but the newsroom's
    # shared dictionary should not.
    db.execute(
        """CREATE TABLE blog_ignored_words (
            blog_id INTEGER NOT NULL REFERENCES blogs(id) ON DELETE CASCADE,
            word TEXT NOT NULL COLLATE NOCASE,
            PRIMARY KEY (blog_id, word)
        ) WITHOUT ROWID"""
    )
    db.execute("PRAGMA user_version = 2")


@migrations(name="0003_live_post_indexes")
def _live_post_indexes(db: Database) -> None:
    # Counting a blog's posts (and its published ones), the blog switcher's counts and the tag
    # counts read only these small indexes instead of every row of the posts table: a post's
    # row is a few kilobytes (its body), so a scan of 100,000 posts reads hundreds of megabytes.
    db.execute("CREATE INDEX posts_live ON posts (blog_id, status) WHERE deleted_at IS NULL")
    db.execute("CREATE INDEX posts_trash ON posts (deleted_at) WHERE deleted_at IS NOT NULL")
    db.execute("PRAGMA user_version = 3")


if len(migrations._migrations) != SCHEMA_VERSION:  # one number to bump with each migration
    raise RuntimeError(f"storage/version.py says schema {SCHEMA_VERSION}, but there are "
                       f"{len(migrations._migrations)} migrations")


def split_statements(script: str) -> list[str]:
    """Split a script into whole statements (trigger bodies contain semicolons of their own)."""
    statements: list[str] = []
    current = ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    if current.strip():
        statements.append(current.strip())
    return statements

_INITIAL = """
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE blogs (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    language TEXT NOT NULL DEFAULT 'en',
    timezone TEXT NOT NULL DEFAULT 'UTC',
    status TEXT NOT NULL DEFAULT 'live' CHECK (status IN ('live', 'ended')),
    coverage_start TEXT,
    coverage_end TEXT,
    authors TEXT NOT NULL DEFAULT '[]',
    closing_note TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE posts (
    id INTEGER PRIMARY KEY,
    blog_id INTEGER NOT NULL REFERENCES blogs(id) ON DELETE CASCADE,
    uid TEXT NOT NULL,
    headline TEXT NOT NULL DEFAULT '',
    label TEXT,
    body TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
    pinned INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1)),
    position TEXT NOT NULL,
    published_at TEXT,
    updated_at TEXT NOT NULL,
    update_note TEXT,
    byline TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    deleted_at TEXT,
    UNIQUE (blog_id, uid)
);
CREATE INDEX posts_display_order ON posts (blog_id, pinned DESC, position) WHERE deleted_at IS NULL;
CREATE INDEX posts_by_position ON posts (blog_id, position);
CREATE TABLE contributors (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE
);
CREATE TABLE post_contributors (
    post_id INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    ord INTEGER NOT NULL,
    contributor_id INTEGER NOT NULL REFERENCES contributors(id),
    place TEXT,
    PRIMARY KEY (post_id, ord)
) WITHOUT ROWID;
CREATE INDEX post_contributors_by_contributor ON post_contributors (contributor_id);
CREATE TABLE post_media (
    post_id INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    ord INTEGER NOT NULL,
    src TEXT NOT NULL,
    alt TEXT NOT NULL DEFAULT '',
    caption TEXT NOT NULL DEFAULT '',
    credit TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (post_id, ord)
) WITHOUT ROWID;
CREATE TABLE media_files (
    name TEXT PRIMARY KEY,
    mime TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    data BLOB NOT NULL
);
CREATE TABLE summary_items (
    id INTEGER PRIMARY KEY,
    blog_id INTEGER NOT NULL REFERENCES blogs(id) ON DELETE CASCADE,
    position TEXT NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX summary_items_order ON summary_items (blog_id, position);
CREATE TABLE tags (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    color TEXT
);
CREATE TABLE post_tags (
    post_id INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
    ord INTEGER NOT NULL,
    PRIMARY KEY (post_id, tag_id)
) WITHOUT ROWID;
CREATE INDEX post_tags_by_tag ON post_tags (tag_id, post_id);
CREATE TABLE revisions (
    id INTEGER PRIMARY KEY,
    post_id INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    reason TEXT NOT NULL,
    snapshot TEXT NOT NULL
);
CREATE INDEX revisions_by_post ON revisions (post_id, id);
CREATE TABLE dictionary_words (
    word TEXT PRIMARY KEY COLLATE NOCASE,
    added_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE VIRTUAL TABLE posts_fts USING fts5(
    headline, body, byline,
    content='posts', content_rowid='id',
    tokenize='unicode61 remove_diacritics 2'
);
CREATE TABLE fts_pending (
    seq INTEGER PRIMARY KEY,
    post_id INTEGER NOT NULL,
    has_old INTEGER NOT NULL,
    old_headline TEXT,
    old_body TEXT,
    old_byline TEXT
);
CREATE TRIGGER posts_fts_insert AFTER INSERT ON posts BEGIN
    INSERT INTO fts_pending (post_id, has_old) VALUES (new.id, 0);
END;
CREATE TRIGGER posts_fts_delete AFTER DELETE ON posts BEGIN
    INSERT INTO fts_pending (post_id, has_old, old_headline, old_body, old_byline)
    VALUES (old.id, 1, old.headline, old.body, old.byline);
END;
CREATE TRIGGER posts_fts_update AFTER UPDATE OF headline, body, byline ON posts BEGIN
    INSERT INTO fts_pending (post_id, has_old, old_headline, old_body, old_byline)
    VALUES (old.id, 1, old.headline, old.body, old.byline);
END
"""
