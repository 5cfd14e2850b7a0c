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
