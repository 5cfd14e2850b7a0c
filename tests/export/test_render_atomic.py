"""Atomic writes: the old file or the new one, never half, and no temp files left behind."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from export import atomic
from export.atomic import write_atomically


def test_writes_a_new_file(tmp_path: Path) -> None:
    target = tmp_path / "page.html"
    write_atomically(target, b"<p>hello</p>")
    assert target.read_bytes() == b"<p>hello</p>"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.html"]


def test_replaces_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "feed.xml"
    target.write_bytes(b"old")
    write_atomically(target, b"new")
    assert target.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["feed.xml"]


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_keeps_the_mode_of_the_file_it_replaces(tmp_path: Path) -> None:
    target = tmp_path / "feed.xml"
    target.write_bytes(b"old")
    target.chmod(0o640)
    write_atomically(target, b"new")
    assert target.stat().st_mode & 0o777 == 0o640


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_a_new_file_is_not_private(tmp_path: Path) -> None:
    target = tmp_path / "page.html"
    write_atomically(target, b"x")
    assert target.stat().st_mode & 0o044  # readable by others, as an ordinary new file


def test_failure_leaves_the_old_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "page.html"
    target.write_bytes(b"old")

    def fail(src: object, dst: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(atomic.os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        write_atomically(target, b"new")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.html"]


def test_failure_while_writing_removes_the_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(fd: int) -> None:
        raise OSError("I/O error")

    monkeypatch.setattr(atomic.os, "fsync", fail)
    with pytest.raises(OSError, match="I/O error"):
        write_atomically(tmp_path / "page.html", b"new")
    assert list(tmp_path.iterdir()) == []


def test_missing_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        write_atomically(tmp_path / "nope" / "page.html", b"x")
