"""SIGKILL harness: a writer edits a store in a loop and is killed at random moments.

The writer (a forked child, so a cycle costs milliseconds rather than a Python start-up) performs
edits through the real ``BlogStore`` API: create, edit body, move, tag, delete. Before each edit it
appends the edit to a log as an *intent*, and after COMMIT returns it appends an *ack*; both are
fsync'd. The parent kills the child with SIGKILL after a random delay and then checks:

- ``PRAGMA integrity_check`` (and the foreign-key and search-index checks) report nothing;
- replaying every acknowledged edit on a plain Python list gives exactly the store's posts (order,
  headline, body, tags), or that plus the one edit in flight (committed, not yet acknowledged);
- no torn row: each body carries a checksum of itself;
- the app's own ``BlogStore.open`` opens the store (taking over the dead writer's lock).

Run ``python tests/safety/crash_harness.py --kills 1000`` for the soak figures.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import signal
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from storage import BlogStore  # noqa: E402

TAGS = ["Flooding", "Power outages", "Transport", "Rescue", "Schools", "Weather"]
SLUG = "soak"


def body_for(n: int, rng: random.Random) -> str:
    words = " ".join(rng.choice(["storm", "flood", "river", "dam", "road", "rail", "crew",
                                 "power", "Brackwater", "Hollinsea", "élan", "“quote”", "🌊"])
                     for _ in range(rng.randint(20, 400)))
    text = f"Edit {n}: {words}"
    return f"{text}\n\nsha:{hashlib.sha256(text.encode()).hexdigest()[:16]}"


def body_is_whole(body: str) -> bool:
    text, _, tail = body.rpartition("\n\nsha:")
    return bool(text) and hashlib.sha256(text.encode()).hexdigest()[:16] == tail


# ------------------------------------------------------------------------------------ model


@dataclass
class Model:
    """The truth according to the acknowledged edits: posts top first."""

    posts: list[dict[str, Any]] = field(default_factory=list)

    def index(self, uid: str) -> int:
        return next(i for i, p in enumerate(self.posts) if p["uid"] == uid)

    def apply(self, edit: dict[str, Any]) -> None:
        op = edit["op"]
        if op == "create":
            self.posts.insert(0, {"uid": edit["uid"], "headline": edit["headline"],
                                  "body": edit["body"], "tags": []})
        elif op == "edit":
            self.posts[self.index(edit["uid"])]["body"] = edit["body"]
        elif op == "tag":
            self.posts[self.index(edit["uid"])]["tags"] = list(edit["tags"])
        elif op == "delete":
            del self.posts[self.index(edit["uid"])]
        elif op == "move":
            post = self.posts.pop(self.index(edit["uid"]))
            where = 0 if edit["after"] is None else self.index(edit["after"]) + 1
            self.posts.insert(where, post)
        else:  # pragma: no cover
            raise ValueError(op)

    def snapshot(self) -> list[tuple[Any, ...]]:
        return [(p["uid"], p["headline"], p["body"], tuple(p["tags"])) for p in self.posts]


def store_snapshot(store: BlogStore) -> list[tuple[Any, ...]]:
    blog = store.blog_by_slug(SLUG)
    return [(p.uid, p.headline, p.body, p.tags) for p in store.iter_posts(blog.id)]


def read_log(log: Path) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    """The acknowledged edits in order, and the last intent if it was never acknowledged."""
    intents: dict[int, dict[str, Any]] = {}
    acked: list[dict[str, Any]] = []
    if log.exists():
        for line in log.read_text(encoding="utf-8").splitlines():
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                continue  # a line torn by the kill: it was never acknowledged
            if entry["kind"] == "intent":
                intents[entry["edit"]["n"]] = entry["edit"]
            elif entry["kind"] == "ack":
                acked.append(intents.pop(entry["n"]))
    pending = max(intents.values(), key=lambda e: e["n"]) if intents else None
    return acked, pending


def end_torn_line(log: Path) -> None:
    """A kill in the middle of writing a line leaves it unterminated: end it, so that the next
    line written does not run into it (the torn line is then skipped as never acknowledged)."""
    if log.exists() and log.stat().st_size:
        with open(log, "rb+") as handle:
            handle.seek(-1, os.SEEK_END)
            if handle.read(1) != b"\n":
                handle.write(b"\n")
                handle.flush()
                os.fsync(handle.fileno())


def append(log_handle: Any, entry: dict[str, Any]) -> None:
    log_handle.write(json.dumps(entry, ensure_ascii=False) + "\n")
    log_handle.flush()
    os.fsync(log_handle.fileno())


# ----------------------------------------------------------------------------------- writer


def writer(path: Path, log: Path, seed: int, control: bool = False) -> None:
    """Edit forever (until killed), logging intents and acknowledgements.

    ``control=True`` acknowledges each edit *before* it is committed, a deliberate bug that the
    harness must catch (a harness that cannot fail proves nothing)."""
    rng = random.Random(seed)
    end_torn_line(log)
    acked, _pending = read_log(log)
    model = Model()
    for edit in acked:
        model.apply(edit)
    n = max((e["n"] for e in acked), default=0) + 1
    store = BlogStore.open(path, program="crash harness writer")
    blog = store.blog_by_slug(SLUG)
    ids = {p.uid: p.id for p in store.iter_posts(blog.id)}
    with open(log, "a", encoding="utf-8") as handle:
        while True:
            uids = [p["uid"] for p in model.posts]
            choice = rng.random()
            if not uids or choice < 0.25 or len(uids) < 3:
                edit: dict[str, Any] = {"op": "create", "uid": f"p{n}",
                                        "headline": f"Post {n} ✓", "body": body_for(n, rng)}
            elif choice < 0.55:
                edit = {"op": "edit", "uid": rng.choice(uids), "body": body_for(n, rng)}
            elif choice < 0.75:
                uid = rng.choice(uids)
                others = [u for u in uids if u != uid]
                edit = {"op": "move", "uid": uid,
                        "after": None if rng.random() < 0.2 else rng.choice(others)}
            elif choice < 0.9:
                edit = {"op": "tag", "uid": rng.choice(uids),
                        "tags": rng.sample(TAGS, rng.randint(0, 3))}
            else:
                edit = {"op": "delete", "uid": rng.choice(uids)}
            edit["n"] = n
            append(handle, {"kind": "intent", "edit": edit})
            if control:
                append(handle, {"kind": "ack", "n": n})
            op = edit["op"]
            if op == "create":
                ids[edit["uid"]] = store.create_post(blog.id, uid=edit["uid"],
                                                     headline=edit["headline"],
                                                     body=edit["body"]).id
            elif op == "edit":
                store.update_post(ids[edit["uid"]], body=edit["body"])
            elif op == "move":
                after = None if edit["after"] is None else ids[edit["after"]]
                store.move_post(ids[edit["uid"]], after=after)
            elif op == "tag":
                store.set_post_tags(ids[edit["uid"]], edit["tags"])
            elif op == "delete":
                store.delete_posts([ids[edit["uid"]]])
            if not control:
                append(handle, {"kind": "ack", "n": n})
            model.apply(edit)
            n += 1


# ---------------------------------------------------------------------------------- harness


@dataclass
class Figures:
    kills: int = 0
    integrity_failures: int = 0
    lost_acknowledged: int = 0
    torn_rows: int = 0
    open_failures: int = 0
    in_flight_committed: int = 0
    edits_acknowledged: int = 0
    seconds: float = 0.0
    failures: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.integrity_failures or self.lost_acknowledged or self.torn_rows
                    or self.open_failures)


def verify(path: Path, log: Path, figures: Figures) -> None:
    acked, pending = read_log(log)
    model = Model()
    for edit in acked:
        model.apply(edit)
    try:
        store = BlogStore.open(path, program="crash harness verifier")
    except Exception as error:  # any failure to open is a finding
        figures.open_failures += 1
        figures.failures.append(f"kill {figures.kills}: open failed: {error}")
        return
    try:
        problems = store.integrity_problems()
        if problems:
            figures.integrity_failures += 1
            figures.failures.append(f"kill {figures.kills}: integrity: {problems[:2]}")
        found = store_snapshot(store)
        if any(not body_is_whole(row[2]) for row in found):
            figures.torn_rows += 1
            figures.failures.append(f"kill {figures.kills}: a torn body")
        if found != model.snapshot():
            with_pending = Model(list(model.posts))
            with_pending.posts = [dict(p) for p in model.posts]
            if pending is not None:
                with_pending.apply(pending)
            if pending is not None and found == with_pending.snapshot():
                # The edit in flight committed before the kill: acknowledge it now.
                figures.in_flight_committed += 1
                end_torn_line(log)
                with open(log, "a", encoding="utf-8") as handle:
                    append(handle, {"kind": "ack", "n": pending["n"]})
            else:
                figures.lost_acknowledged += 1
                figures.failures.append(
                    f"kill {figures.kills}: store differs from the acknowledged edits "
                    f"({len(found)} posts found, {len(model.posts)} expected)")
        figures.edits_acknowledged = len(acked)
    finally:
        store.close()


def run(kills: int, folder: Path, seed: int = 1, max_delay: float = 0.25,
        control: bool = False) -> Figures:
    path = folder / "soak.livedesk"
    log = folder / "acknowledged.log"
    with BlogStore.open(path, create=True) as store:
        store.create_blog(SLUG, "Soak")
    rng = random.Random(seed)
    figures = Figures()
    started = time.perf_counter()
    for cycle in range(kills):
        pid = os.fork()
        if pid == 0:  # the writer
            try:
                writer(path, log, seed * 100_003 + cycle, control)
            finally:
                os._exit(3)
        time.sleep(rng.uniform(0.005, max_delay))
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        if not (os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL):
            figures.failures.append(f"kill {cycle}: the writer stopped on its own ({status})")
            figures.open_failures += 1
        figures.kills += 1
        verify(path, log, figures)
    figures.seconds = time.perf_counter() - started
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--folder", type=Path, default=None)
    parser.add_argument("--control", action="store_true",
                        help="acknowledge edits before COMMIT: the harness must report losses")
    args = parser.parse_args()
    import tempfile

    with tempfile.TemporaryDirectory() as temp:
        figures = run(args.kills, args.folder or Path(temp), args.seed, control=args.control)
    print(f"SIGKILL soak{' (control: ack before commit)' if args.control else ''}: "
          f"{figures.kills} kills in {figures.seconds:.0f} s; "
          f"{figures.edits_acknowledged} edits acknowledged; integrity failures "
          f"{figures.integrity_failures}; lost acknowledged edits {figures.lost_acknowledged}; "
          f"torn rows {figures.torn_rows}; failed opens {figures.open_failures}; in-flight edits "
          f"found committed {figures.in_flight_committed}")
    for failure in figures.failures[:5]:
        print("  " + failure)
    if args.control:
        return 0 if figures.lost_acknowledged else 1
    return 0 if figures.ok else 1


if __name__ == "__main__":
    sys.exit(main())
