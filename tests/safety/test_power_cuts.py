"""Simulated power cuts lose no acknowledged commit with synchronous=FULL, and do with NORMAL."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

pytest.importorskip("apsw", reason="the power-cut harness needs APSW's VFS")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import powercut_harness


def test_two_hundred_cuts_with_full_sync_lose_nothing() -> None:
    figures = powercut_harness.run(200, "FULL", seed=11)
    assert figures.cuts == 200
    assert figures.failures == []
    assert figures.commits_acknowledged > 200


def test_control_with_normal_sync_shows_losses() -> None:
    figures = powercut_harness.run(100, "NORMAL", seed=11)
    assert figures.lost_acknowledged > 0
