"""Migrations from every earlier schema: killed at any moment they leave the old version or the
new one, never a mix, and the next open finishes the job."""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from storage import SCHEMA_VERSION, BlogStore

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = sorted((ROOT / "tests" / "data" / "stores").glob("schema-v*.livedesk"))

# The child runs the real BlogStore.open, with each migration slowed down *inside* its
# transaction (a sleep before and after its statements) so that kills land mid-migration.
CHILD = """
import sys, time
sys.path.insert(0, {root!r})
from storage.schema import migrations
for m in migrations._migrations:
    original = m.fn
    def slow(db, original=original):
        time.sleep(0.03)
        original(db)
        time.sleep(0.03)
    m.fn = slow
from storage import BlogStore
print("start", flush=True)
from pathlib import Path
BlogStore.open({path!r}, backup_dir=Path({backups!r})).close()
print("done", flush=True)
"""


def schema_state(path: Path) -> tuple[int, set[str], list[str]]:
    conn = sqlite3.connect(path)
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master "
                                                  "WHERE type = 'table'")}
        applied = [row[0] for row in conn.execute("SELECT name FROM _sqlite_migrations "
                                                   "ORDER BY id")]
    finally:
        conn.close()
    return version, tables, applied


@pytest.mark.skipif(sys.platform == "win32", reason="needs SIGKILL")
@pytest.mark.parametrize("fixture", FIXTURES, ids=[f.stem for f in FIXTURES])
def test_kill_during_migration_leaves_one_version(tmp_path: Path, fixture: Path) -> None:
    rng = random.Random(5)
    outcomes = {"old": 0, "new": 0}
    for attempt in range(12):
        path = tmp_path / f"store-{attempt}.livedesk"
        shutil.copy(fixture, path)
        start_version = schema_state(path)[0]
        proc = subprocess.Popen(
            [sys.executable, "-c", CHILD.format(root=str(ROOT), path=str(path),
                                                backups=str(tmp_path / "backups"))],
            stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "start"
        time.sleep(rng.uniform(0.0, 0.35))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        version, tables, applied = schema_state(path)
        assert len(applied) == version, "the version and the migrations table disagree"
        assert version in (start_version, SCHEMA_VERSION) or start_version < version
        assert ("blog_ignored_words" in tables) == (version >= 2)
        outcomes["new" if version == SCHEMA_VERSION else "old"] += 1
        with BlogStore.open(path, backup_dir=tmp_path / "backups") as store:
            assert store.schema_version == SCHEMA_VERSION
            assert store.integrity_problems() == []
            blog = store.blog_by_slug("v1-blog")
            assert [r.headline for r in store.list_post_rows(blog.id)] == [
                "Flood warning issued", "Rail line closed"]
            assert store.find_post_ids(blog.id, text="brackwater")
    assert outcomes["old"] and outcomes["new"], outcomes


@pytest.mark.parametrize("fixture", FIXTURES, ids=[f.stem for f in FIXTURES])
def test_fixture_store_opens_at_current_version(tmp_path: Path, fixture: Path) -> None:
    path = tmp_path / fixture.name
    shutil.copy(fixture, path)
    with BlogStore.open(path, backup_dir=tmp_path / "backups") as store:
        blog = store.blog_by_slug("v1-blog")
        assert store.list_tags()[0].name == "Flooding"
        assert [i.text for i in store.list_summary(blog.id)] == ["Key point from v1"]
        assert store.dictionary_words() == ["Brackwater"]
    assert len(list((tmp_path / "backups").iterdir())) == 1
