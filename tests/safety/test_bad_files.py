"""Bad store files, full disks and hostile documents: a clear error, and nothing changed."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

import main
from export.interchange import DocumentError, import_file
from storage import BlogStore, NotALivedeskStoreError, StorageFailure
from storage.paths import location_warning

ROOT = Path(__file__).resolve().parents[2]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def sample_store(tmp_path: Path) -> Path:
    path = tmp_path / "s.livedesk"
    assert main.run(["sample", "--store", str(path)]) == 0
    return path


def test_truncated_store_is_refused_untouched(sample_store: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    data = sample_store.read_bytes()
    sample_store.write_bytes(data[: len(data) // 2])
    before = digest(sample_store)
    with pytest.raises(NotALivedeskStoreError, match="damaged"):
        BlogStore.open(sample_store)
    assert main.run(["blogs", "--store", str(sample_store)]) == main.EXIT_NOT_A_STORE
    assert "damaged" in capsys.readouterr().err
    assert digest(sample_store) == before


def test_store_corrupted_in_the_middle_gives_one_line(sample_store: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    data = bytearray(sample_store.read_bytes())
    page = 4096
    for offset in range(page * 2, len(data) - page, page):  # every page but the first
        data[offset + 8: offset + 200] = os.urandom(192)
    sample_store.write_bytes(bytes(data))
    before = digest(sample_store)
    for command in (["blogs"], ["export", "--format", "json"], ["check", "--json"]):
        code = main.run([*command, "--store", str(sample_store)])
        err = capsys.readouterr().err
        assert code in (main.EXIT_NOT_A_STORE, main.EXIT_CHECK_FAILED), (command, err)
        assert "Traceback" not in err
    assert digest(sample_store) == before


def test_disk_full_rolls_back_and_saving_resumes(tmp_path: Path) -> None:
    with BlogStore.open(tmp_path / "s.livedesk", create=True) as store:
        blog = store.create_blog("b", "B")
        post = store.create_post(blog.id, headline="kept", body="short")
        pages = store.db.execute("PRAGMA page_count").fetchone()[0]
        # SQLite answers SQLITE_FULL exactly as on a full disk once the file may not grow.
        store.db.execute(f"PRAGMA max_page_count = {pages}")
        with pytest.raises(StorageFailure, match="disk is full"):
            store.update_post(post.id, body="x" * 200_000)
        with pytest.raises(StorageFailure, match="disk is full"):
            store.create_post(blog.id, headline="new", body="y" * 200_000)
        assert store.get_post(post.id).body == "short"
        assert store.count_posts(blog.id) == 1
        assert store.integrity_problems() == []
        store.db.execute("PRAGMA max_page_count = 1073741823")  # space is back
        assert store.update_post(post.id, body="x" * 200_000).body == "x" * 200_000


def test_disk_full_on_a_real_small_filesystem(tmp_path: Path) -> None:
    mount_point = tmp_path / "small"
    mount_point.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs",
                              str(mount_point)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (needs root with mount rights)")
    try:
        ballast = mount_point / "other-files.bin"
        ballast.write_bytes(b"\0" * 300_000)  # what the editor will delete to make room
        with BlogStore.open(mount_point / "s.livedesk", create=True) as store:
            blog = store.create_blog("b", "B")
            kept = store.create_post(blog.id, headline="kept", body="safe")
            with pytest.raises(StorageFailure, match="disk is full"):
                for _ in range(100):
                    store.create_post(blog.id, body=os.urandom(60_000).hex())
            written = store.count_posts(blog.id)
            assert written >= 2
            assert store.get_post(kept.id).body == "safe"
            assert store.integrity_problems() == []
            ballast.unlink()  # space returns
            store.create_post(blog.id, headline="after", body="saving resumes")
            assert store.count_posts(blog.id) == written + 1
    finally:
        subprocess.run(["umount", str(mount_point)], check=False)


def test_location_warning() -> None:
    assert "cloud-synced" in (location_warning(Path("/home/a/Dropbox/x.livedesk")) or "")
    assert "cloud-synced" in (location_warning(Path("C:/Users/a/OneDrive - News/x")) or "")
    assert location_warning(Path("/tmp/x.livedesk")) is None


def test_two_hundred_megabyte_file_is_refused_by_size(tmp_path: Path) -> None:
    huge = tmp_path / "huge.json"
    with open(huge, "wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # sparse: costs no disk
    with BlogStore.in_memory() as store:
        tracemalloc.start()
        with pytest.raises(DocumentError, match="refused"):
            import_file(store, huge)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert peak < 5 * 1024 * 1024  # refused before reading


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads Linux's VmHWM")
def test_ten_megabyte_headline_is_refused_with_bounded_memory(tmp_path: Path,
                                                              doc: dict[str, Any]) -> None:
    doc["posts"][0]["headline"] = "A" * 10_000_000
    source = tmp_path / "doc.json"
    source.write_text(json.dumps(doc), encoding="utf-8")
    # VmHWM is this process image's own peak (ru_maxrss would include the pytest parent's
    # memory, which Linux carries across fork and exec).
    code = (
        "import sys; sys.path.insert(0, sys.argv[2])\n"
        "from export.interchange import import_file, DocumentError\n"
        "from storage import BlogStore\n"
        "from pathlib import Path\n"
        "s = BlogStore.in_memory()\n"
        "try:\n    import_file(s, Path(sys.argv[1]))\nexcept DocumentError as e:\n"
        "    print('refused:', str(e)[:80])\n"
        "peak = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0]\n"
        "print(peak.split()[1])\n")
    result = subprocess.run([sys.executable, "-c", code, str(source), str(ROOT)],
                            capture_output=True, text=True, timeout=120)
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith("refused:") and "headline" in lines[0]
    assert int(lines[-1]) < 150 * 1024  # peak RSS in KiB (64 MB measured; was 600 MB)


def test_store_in_read_only_folder_copy_is_usable_read_only(sample_store: Path,
                                                            tmp_path: Path) -> None:
    copy = tmp_path / "copy" / "s.livedesk"
    copy.parent.mkdir()
    shutil.copy(sample_store, copy)
    with BlogStore.open(copy, read_only=True) as store:
        assert store.list_blogs()[0].posts == 24
