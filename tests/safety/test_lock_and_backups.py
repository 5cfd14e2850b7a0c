"""One writer per store, read-only access, stale locks after a crash, and backups."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

import main
from storage import (
    BlogStore,
    StorageFailure,
    StoreLockedError,
    StoreReadOnlyError,
)
from storage.backup import backup_folder, list_backups, restore_backup
from storage.lock import is_locked, lock_path, read_holder

ROOT = Path(__file__).resolve().parents[2]

HOLDER = """
import sys, time
sys.path.insert(0, {root!r})
from storage import BlogStore
store = BlogStore.open({path!r}, create=True, program="holder")
blog = store.create_blog("held", "Held")
store.create_post(blog.id, headline="written before the crash", status="published")
print("ready", flush=True)
time.sleep(120)
"""


def start_holder(path: Path) -> subprocess.Popen[str]:
    proc = subprocess.Popen([sys.executable, "-c", HOLDER.format(root=str(ROOT), path=str(path))],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    return proc


def test_second_writer_in_another_process_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.livedesk"
    holder = start_holder(path)
    try:
        assert is_locked(path)
        with pytest.raises(StoreLockedError) as info:
            BlogStore.open(path)
        assert f"process {holder.pid}" in str(info.value) and "holder" in str(info.value)
        assert read_holder(path).pid == holder.pid  # type: ignore[union-attr]
        # Reading is still possible, writing is refused.
        with BlogStore.open(path, read_only=True) as reader:
            blog = reader.blog_by_slug("held")
            assert reader.count_posts(blog.id) == 1
            with pytest.raises(StorageFailure, match="read-only"):
                reader.create_post(blog.id, headline="nope")
    finally:
        holder.kill()
        holder.wait()


def test_command_line_honours_the_lock(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "s.livedesk"
    holder = start_holder(path)
    try:
        assert main.run(["sample", "--store", str(path)]) == main.EXIT_LOCKED
        assert "is open in holder" in capsys.readouterr().err
        assert main.run(["blogs", "--store", str(path)]) == main.EXIT_OK
        assert "held" in capsys.readouterr().out
    finally:
        holder.kill()
        holder.wait()


def test_lock_left_by_a_killed_process_is_taken_over(tmp_path: Path) -> None:
    path = tmp_path / "s.livedesk"
    holder = start_holder(path)
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    assert lock_path(path).exists() and not is_locked(path)
    with BlogStore.open(path) as store:
        assert store.recovered_after_crash  # and the full integrity check passed
        blog = store.blog_by_slug("held")
        assert [r.headline for r in store.list_post_rows(blog.id)] == ["written before the crash"]
    assert not lock_path(path).exists()  # a clean close leaves no lock file
    with BlogStore.open(path) as store:
        assert not store.recovered_after_crash


def test_same_process_cannot_open_twice(tmp_path: Path) -> None:
    path = tmp_path / "s.livedesk"
    with BlogStore.open(path, create=True), pytest.raises(StoreLockedError):
        BlogStore.open(path)
    BlogStore.open(path).close()


def test_read_only_file_or_folder_is_offered_read_only(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "s.livedesk"
    BlogStore.create(path).close()
    before = path.read_bytes()
    real_access = os.access
    # Tests run as root in CI, for whom chmod does not make a file read-only: ask os.access.
    monkeypatch.setattr(os, "access", lambda p, mode: False if mode == os.W_OK and Path(p) in
                        (path, tmp_path) else real_access(p, mode))
    with pytest.raises(StoreReadOnlyError, match="read-only"):
        BlogStore.open(path)
    with BlogStore.open(path, read_only=True) as store:
        assert store.list_blogs() == []
    assert path.read_bytes() == before


def test_backups_rotate_and_restore(tmp_path: Path) -> None:
    path = tmp_path / "s.livedesk"
    folder = tmp_path / "backups"
    with BlogStore.open(path, create=True) as store:
        blog = store.create_blog("b", "B")
        for i in range(5):
            store.create_post(blog.id, headline=f"post {i}")
            store.backup("auto", folder=folder, keep=3)
            time.sleep(0.002)
        backups = list_backups(folder)
        assert [b.posts for b in backups] == [5, 4, 3]
        assert all(b.reason == "auto" and b.blogs == 1 for b in backups)
        store.delete_posts(store.post_ids(blog.id))
        with pytest.raises(StoreLockedError):
            restore_backup(backups[-1].path, path)
    # Leave a stale WAL beside the store: restoring must move it aside, not replay it.
    Path(str(path) + "-wal").write_bytes(b"stale wal content")
    aside = restore_backup(backups[-1].path, path)
    assert sorted(p.name for p in aside.iterdir()) == ["s.livedesk", "s.livedesk-wal"]
    assert not Path(str(path) + "-wal").exists()
    with BlogStore.open(path) as store:
        assert store.count_posts(store.blog_by_slug("b").id) == 3
        assert store.integrity_problems() == []


def test_backup_folder_is_elsewhere_and_per_store(tmp_path: Path) -> None:
    one = backup_folder(tmp_path / "a" / "library.livedesk")
    two = backup_folder(tmp_path / "b" / "library.livedesk")
    assert one != two and one.name.startswith("library-")
    assert tmp_path / "a" not in one.parents


def test_a_backup_is_a_valid_store(tmp_path: Path) -> None:
    path = tmp_path / "s.livedesk"
    with BlogStore.open(path, create=True) as store:
        store.create_blog("b", "B")
        made = store.backup("open", folder=tmp_path / "bk")
    conn = sqlite3.connect(made)
    assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()
