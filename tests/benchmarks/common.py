"""What every benchmark module shares: timing, results, targets.

A benchmark module is a file ``tests/benchmarks/bench_<group>.py`` with a function
``run(ctx: Context) -> list[Result]``. ``run.py`` calls it in a fresh worker process for each store
size (so the peak resident memory of that process belongs to that group alone) and gathers the
results. A module that cannot measure something yet (the feature is still being written) returns
``Result.unavailable(...)`` for it rather than failing.

Timing: ``sample(fn)`` runs ``fn`` once or more to warm up, then repeatedly (at least
``min_runs``, at most ``max_runs``, stopping after ``budget_s`` once ``min_runs`` are done), each
run timed alone with ``time.perf_counter``; a ``setup``/``teardown`` pair runs untimed around each
run. Reported numbers are medians. Every measure carries its *floor*, the same job done the bare
way (plain SQL, plain markdown-it-py + nh3, a bare Qt window), timed the same way in the same run,
so that the ratio says how much the app adds, on whatever machine runs it.
"""

from __future__ import annotations

import gc
import resource
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

MET, MISSED, NA = "met", "missed", "n.a."


@dataclass
class Context:
    """What a worker knows: the store to measure and how hard to try."""

    size: int
    store_path: Path
    quick: bool = False
    #: A name for the store when it is not a generated one (``"sample blog"``).
    label: str = ""
    scratch: Path = field(default_factory=lambda: Path("/tmp"))


@dataclass
class Target:
    """A goal from issue 9: ``value`` seconds (or bytes for memory), or ``ratio`` times the
    floor. Reported as met or missed, never asserted."""

    text: str
    seconds: float | None = None
    ratio: float | None = None
    rss_bytes: float | None = None

    def verdict(self, result: Result) -> str:
        if result.median is None:
            return NA
        if self.rss_bytes is not None:
            return MET if result.median < self.rss_bytes else MISSED
        if self.seconds is not None:
            return MET if result.median < self.seconds else MISSED
        if self.ratio is not None and result.floor:
            return MET if result.median <= self.ratio * result.floor else MISSED
        return NA


@dataclass
class Result:
    """One measure at one store size. Times in seconds; for ``unit == "bytes"`` the median is a
    resident set size."""

    measure: str
    group: str
    size: int
    median: float | None
    floor: float | None = None
    floor_name: str = ""
    runs: int = 0
    unit: str = "s"
    target: str = ""
    verdict: str = NA
    peak_rss: int | None = None
    note: str = ""
    samples: list[float] = field(default_factory=list)
    floor_samples: list[float] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        if self.median is None or not self.floor:
            return None
        return self.median / self.floor

    @classmethod
    def unavailable(cls, measure: str, group: str, size: int, why: str = "not available yet",
                    target: Target | None = None) -> Result:
        return cls(measure, group, size, None, note=why, target=target.text if target else "")

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["ratio"] = self.ratio
        return data


def make_result(measure: str, group: str, size: int, samples: list[float],
                floor_samples: list[float] | None = None, *, floor_name: str = "",
                target: Target | None = None, note: str = "", unit: str = "s",
                extra: dict[str, Any] | None = None) -> Result:
    floor_samples = floor_samples or []
    result = Result(
        measure, group, size, statistics.median(samples) if samples else None,
        statistics.median(floor_samples) if floor_samples else None, floor_name,
        len(samples), unit, target.text if target else "", note=note,
        samples=[round(s, 9) for s in samples],
        floor_samples=[round(s, 9) for s in floor_samples], extra=extra or {})
    if target is not None:
        result.verdict = target.verdict(result)
    return result


def sample(fn: Callable[[], object], *, setup: Callable[[], object] | None = None,
           teardown: Callable[[], object] | None = None, warmup: int = 1, min_runs: int = 5,
           max_runs: int = 30, budget_s: float = 1.0) -> list[float]:
    """Time ``fn`` after ``warmup`` untimed runs; see the module docstring."""
    for _ in range(warmup):
        if setup:
            setup()
        fn()
        if teardown:
            teardown()
    times: list[float] = []
    spent_from = time.perf_counter()
    gc_was_enabled = gc.isenabled()
    while len(times) < max_runs:
        if setup:
            setup()
        gc.collect()
        gc.disable()
        try:
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
        finally:
            if gc_was_enabled:
                gc.enable()
        if teardown:
            teardown()
        if len(times) >= min_runs and time.perf_counter() - spent_from > budget_s:
            break
    return times


def peak_rss_bytes() -> int:
    """This process's peak resident set size (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(peak if sys.platform == "darwin" else peak * 1024)


def format_seconds(value: float | None) -> str:
    if value is None:
        return "-"
    if value < 1e-3:
        return f"{value * 1e6:.0f} µs"
    if value < 1:
        return f"{value * 1e3:.3g} ms" if value < 0.1 else f"{value * 1e3:.0f} ms"
    return f"{value:.2f} s"


def format_value(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "bytes":
        return f"{value / 2**20:.0f} MiB"
    return format_seconds(value)
