"""Power-cut harness: simulated cuts that drop or garble every write not yet synced to disk.

Modelled on SQLite's own crash-test VFS. An in-memory VFS (APSW) keeps, for each file, the bytes
that are *durable* (reached the disk through ``xSync``) and the writes since the last sync. A run
applies Livedesk's schema and store settings (WAL, ``synchronous=FULL``, foreign keys,
``trusted_schema=OFF``) and a workload of the store's kinds of transaction (create posts, edit
bodies, move, delete, keeping the search index current), acknowledging each one only after COMMIT
returned. At a random moment the power is cut: every unsynced 512-byte sector is, at random,
written, lost, or written as garbage. The disk image is then opened with Python's own sqlite3 and
checked: integrity, every acknowledged transaction present, at most the one in flight extra, no
torn row (each body carries its checksum).

The control run uses ``synchronous=NORMAL`` and must lose acknowledged commits: it shows that the
harness can see a loss. Two simplifications, said plainly: the harness needs
``locking_mode=EXCLUSIVE`` (so WAL keeps its index in heap memory instead of a shared-memory file
the VFS would have to emulate), and it checkpoints every 16 pages rather than 1,000 so that a cut
often lands in a checkpoint. Creating and deleting files counts as durable at once.

Run ``python tests/safety/powercut_harness.py --cuts 1000`` for the soak figures.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import random
import sqlite3
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import apsw

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from storage.schema import _INITIAL, split_statements  # noqa: E402

SECTOR = 512


class PowerCut(Exception):
    """Raised inside the VFS at the moment the power goes."""


class Disk:
    """What each file holds: ``durable`` bytes and ``pending`` unsynced operations."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.current: dict[str, bytearray] = {}
        self.durable: dict[str, bytearray] = {}
        self.pending: dict[str, list[tuple[str, int, bytes]]] = {}
        self.operations = 0
        self.cut_at: int | None = None

    def tick(self) -> None:
        self.operations += 1
        if self.cut_at is not None and self.operations >= self.cut_at:
            raise PowerCut

    def after_cut(self) -> dict[str, bytes]:
        """The disk as the power cut left it."""
        image: dict[str, bytes] = {}
        for name, durable in self.durable.items():
            data = bytearray(durable)
            for kind, offset, payload in self.pending.get(name, []):
                if kind == "truncate":
                    if self.rng.random() < 0.5:
                        del data[offset:]
                    continue
                for start in range(0, len(payload), SECTOR):
                    chunk = payload[start:start + SECTOR]
                    fate = self.rng.random()
                    if fate < 0.45:
                        continue  # this sector never reached the disk
                    if fate > 0.9:
                        chunk = bytes(self.rng.getrandbits(8) for _ in range(len(chunk)))
                    at = offset + start
                    if len(data) < at + len(chunk):
                        data.extend(b"\0" * (at + len(chunk) - len(data)))
                    data[at:at + len(chunk)] = chunk
            image[name] = bytes(data)
        return image


class CrashFile(apsw.VFSFile):
    def __init__(self, disk: Disk, name: str) -> None:
        self.disk = disk
        self.name = name
        if name not in disk.current:
            disk.current[name] = bytearray()
            disk.durable[name] = bytearray()
            disk.pending[name] = []

    def xRead(self, amount: int, offset: int) -> bytes:
        return bytes(self.disk.current[self.name][offset:offset + amount])

    def xWrite(self, data: bytes, offset: int) -> None:
        self.disk.tick()
        buffer = self.disk.current[self.name]
        end = offset + len(data)
        if len(buffer) < end:
            buffer.extend(b"\0" * (end - len(buffer)))
        buffer[offset:end] = data
        self.disk.pending[self.name].append(("write", offset, bytes(data)))

    def xTruncate(self, size: int) -> None:
        self.disk.tick()
        del self.disk.current[self.name][size:]
        self.disk.pending[self.name].append(("truncate", size, b""))

    def xSync(self, flags: int) -> None:
        self.disk.tick()
        self.disk.durable[self.name] = bytearray(self.disk.current[self.name])
        self.disk.pending[self.name] = []

    def xFileSize(self) -> int:
        return len(self.disk.current[self.name])

    def xLock(self, level: int) -> None:
        pass

    def xUnlock(self, level: int) -> None:
        pass

    def xCheckReservedLock(self) -> bool:
        return False

    def xFileControl(self, op: int, ptr: int) -> bool:
        return False

    def xSectorSize(self) -> int:
        return SECTOR

    def xDeviceCharacteristics(self) -> int:
        return 0  # promise nothing: no atomic writes, no safe append

    def xClose(self) -> None:
        pass


class CrashVFS(apsw.VFS):
    def __init__(self, name: str, disk: Disk) -> None:
        self.disk = disk
        super().__init__(name, base="")

    def xOpen(self, name: Any, flags: list[int]) -> CrashFile:
        filename = name.filename() if isinstance(name, apsw.URIFilename) else (name or "temp")
        flags[1] = flags[0]
        return CrashFile(self.disk, filename)

    def xAccess(self, pathname: str, flags: int) -> bool:
        return pathname in self.disk.current

    def xDelete(self, filename: str, syncdir: bool) -> None:
        for table in (self.disk.current, self.disk.durable, self.disk.pending):
            table.pop(filename, None)

    def xFullPathname(self, name: str) -> str:
        return name

    def xRandomness(self, numbytes: int) -> bytes:
        return bytes(self.disk.rng.getrandbits(8) for _ in range(numbytes))

    def xSleep(self, microseconds: int) -> int:
        return microseconds

    def xCurrentTime(self) -> float:
        return 2461000.5

    def xCurrentTimeInt64(self) -> int:
        return 212_630_400_000_000

    def xGetLastError(self) -> tuple[int, str]:
        return 0, ""


# ---------------------------------------------------------------------------------- workload


def body(n: int, rng: random.Random) -> str:
    text = f"Edit {n}: " + " ".join(rng.choice(["storm", "dam", "rail", "Hollinsea", "🌊", "été"])
                                    for _ in range(rng.randint(10, 600)))
    return f"{text}\n\nsha:{hashlib.sha256(text.encode()).hexdigest()[:16]}"


def body_is_whole(text: str) -> bool:
    content, _, tail = text.rpartition("\n\nsha:")
    return bool(content) and hashlib.sha256(content.encode()).hexdigest()[:16] == tail


APPLY_FTS = [
    "INSERT INTO posts_fts (posts_fts, rowid, headline, body, byline) SELECT 'delete', post_id, "
    "old_headline, old_body, old_byline FROM fts_pending WHERE seq IN (SELECT min(seq) FROM "
    "fts_pending GROUP BY post_id) AND has_old",
    "INSERT INTO posts_fts (rowid, headline, body, byline) SELECT id, headline, body, byline "
    "FROM posts WHERE id IN (SELECT post_id FROM fts_pending)",
    "DELETE FROM fts_pending",
]


def open_connection(vfs_name: str, synchronous: str) -> apsw.Connection:
    conn = apsw.Connection("store.livedesk", vfs=vfs_name)
    conn.execute("PRAGMA locking_mode=EXCLUSIVE")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute(f"PRAGMA synchronous={synchronous}")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA trusted_schema=OFF")
    conn.execute("PRAGMA wal_autocheckpoint=16")
    return conn


def transaction(conn: apsw.Connection, statements: list[tuple[str, tuple[Any, ...]]]) -> None:
    conn.execute("BEGIN IMMEDIATE")
    try:
        for sql, params in statements:
            conn.execute(sql, params)
        for sql in APPLY_FTS:
            conn.execute(sql)
        conn.execute("COMMIT")
    except BaseException:
        if not conn.getautocommit():
            with contextlib.suppress(apsw.Error):
                conn.execute("ROLLBACK")
        raise


def make_edit(n: int, model: dict[int, tuple[str, str]], rng: random.Random
              ) -> tuple[dict[int, tuple[str, str]], list[tuple[str, tuple[Any, ...]]]]:
    """One transaction: returns the model after it and its SQL."""
    after = dict(model)
    ids = sorted(model)
    choice = rng.random()
    stamp = "2025-10-16T12:00:00+01:00"
    if not ids or choice < 0.35:
        text = body(n, rng)
        after[n] = (f"Post {n}", text)
        return after, [("INSERT INTO posts (id, blog_id, uid, headline, body, status, position, "
                        "updated_at, created_at) VALUES (?, 1, ?, ?, ?, 'published', ?, ?, ?)",
                        (n, f"p{n}", f"Post {n}", text, f"a{n:08d}", stamp, stamp))]
    target = rng.choice(ids)
    if choice < 0.75:
        text = body(n, rng)
        after[target] = (model[target][0], text)
        return after, [("UPDATE posts SET body = ? WHERE id = ?", (text, target))]
    if choice < 0.9:
        return after, [("UPDATE posts SET position = ? WHERE id = ?", (f"Z{n:08d}", target))]
    del after[target]
    return after, [("DELETE FROM posts WHERE id = ?", (target,))]


@dataclass
class Figures:
    cuts: int = 0
    corruptions: int = 0
    lost_acknowledged: int = 0
    torn_rows: int = 0
    in_flight_committed: int = 0
    commits_acknowledged: int = 0
    seconds: float = 0.0
    failures: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.corruptions or self.lost_acknowledged or self.torn_rows)


def one_cut(index: int, seed: int, synchronous: str, folder: Path, figures: Figures) -> None:
    rng = random.Random(seed)
    disk = Disk(rng)
    vfs_name = f"powercut-{index}"
    vfs = CrashVFS(vfs_name, disk)
    try:
        conn = open_connection(vfs_name, synchronous)
        conn.execute("BEGIN")
        for statement in split_statements(_INITIAL):
            conn.execute(statement)
        conn.execute("INSERT INTO blogs (id, slug, title, created_at, updated_at) VALUES "
                     "(1, 'b', 'B', '2025-10-16T06:00:00+01:00', '2025-10-16T06:00:00+01:00')")
        conn.execute("COMMIT")
        model: dict[int, tuple[str, str]] = {}
        acknowledged = dict(model)
        in_flight: dict[int, tuple[str, str]] | None = None
        disk.cut_at = disk.operations + rng.randint(1, 400)
        n = 1
        try:
            while True:
                after, statements = make_edit(n, model, rng)
                in_flight = after
                transaction(conn, statements)
                model = acknowledged = after  # acknowledged only once COMMIT returned
                figures.commits_acknowledged += 1
                in_flight = None
                n += 1
        except (PowerCut, apsw.Error):
            pass
        image = disk.after_cut()
        # The disk image was taken at the cut; nothing after it counts.
        with contextlib.suppress(PowerCut, apsw.Error):
            conn.close(True)
    finally:
        vfs.unregister()
    figures.cuts += 1
    check_image(image, acknowledged, in_flight, folder / f"cut-{index}", figures, index)


def check_image(image: dict[str, bytes], acknowledged: dict[int, tuple[str, str]],
                in_flight: dict[int, tuple[str, str]] | None, folder: Path, figures: Figures,
                index: int) -> None:
    folder.mkdir(parents=True)
    for name, data in image.items():
        (folder / name).write_bytes(data)
    path = folder / "store.livedesk"
    try:
        conn = sqlite3.connect(path)
        try:
            integrity = conn.execute("PRAGMA integrity_check").fetchall()
            found = {row[0]: (row[1], row[2]) for row in
                     conn.execute("SELECT id, headline, body FROM posts")}
            fts = conn.execute("INSERT INTO posts_fts (posts_fts, rank) "
                               "VALUES ('integrity-check', 1)")
            del fts
        finally:
            conn.close()
    except sqlite3.DatabaseError as error:
        if not acknowledged:
            return  # the cut came before the first commit: nothing was promised
        figures.corruptions += 1
        figures.failures.append(f"cut {index}: the store does not open ({error})")
        return
    if integrity != [("ok",)]:
        figures.corruptions += 1
        figures.failures.append(f"cut {index}: integrity {integrity[:2]}")
    if any(not body_is_whole(text) for _, text in found.values()):
        figures.torn_rows += 1
        figures.failures.append(f"cut {index}: a torn body")
    if found == acknowledged:
        return
    if in_flight is not None and found == in_flight:
        figures.in_flight_committed += 1
        return
    figures.lost_acknowledged += 1
    figures.failures.append(f"cut {index}: {len(found)} posts found, {len(acknowledged)} "
                            "acknowledged")


def run(cuts: int, synchronous: str = "FULL", seed: int = 1) -> Figures:
    figures = Figures()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as temp:
        for index in range(cuts):
            one_cut(index, seed * 1_000_003 + index, synchronous, Path(temp), figures)
    figures.seconds = time.perf_counter() - started
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cuts", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--synchronous", default="FULL", choices=["FULL", "NORMAL", "OFF"])
    args = parser.parse_args()
    figures = run(args.cuts, args.synchronous, args.seed)
    print(f"Power cuts (synchronous={args.synchronous}): {figures.cuts} cuts in "
          f"{figures.seconds:.0f} s; {figures.commits_acknowledged} commits acknowledged; "
          f"corruptions {figures.corruptions}; lost acknowledged commits "
          f"{figures.lost_acknowledged}; torn rows {figures.torn_rows}; in-flight commits found "
          f"{figures.in_flight_committed}")
    for failure in figures.failures[:5]:
        print("  " + failure)
    if args.synchronous == "FULL":
        return 0 if figures.ok else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
