"""200 SIGKILLs of a writer mid-edit lose no acknowledged edit (the soak command runs 1,000)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import crash_harness

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs fork and SIGKILL")


def test_two_hundred_kills_lose_nothing(tmp_path: Path) -> None:
    figures = crash_harness.run(200, tmp_path, seed=7, max_delay=0.12)
    assert figures.kills == 200
    assert figures.failures == []
    assert figures.ok
    assert figures.edits_acknowledged > 40  # the writer really got work done between kills


def test_the_harness_catches_a_writer_that_acknowledges_too_early(tmp_path: Path) -> None:
    figures = crash_harness.run(30, tmp_path, seed=3, max_delay=0.12, control=True)
    assert figures.lost_acknowledged > 0


def test_a_torn_log_line_is_ended_before_the_next_one(tmp_path: Path) -> None:
    log = tmp_path / "acknowledged.log"
    intent = {"kind": "intent", "edit": {"n": 1, "op": "delete", "uid": "p1"}}
    import json

    log.write_text(json.dumps(intent)[:20], encoding="utf-8")  # killed mid-line
    crash_harness.end_torn_line(log)
    with open(log, "a", encoding="utf-8") as handle:
        crash_harness.append(handle, intent)
        crash_harness.append(handle, {"kind": "ack", "n": 1})
    acked, pending = crash_harness.read_log(log)
    assert [e["n"] for e in acked] == [1] and pending is None
