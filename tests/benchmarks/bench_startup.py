"""Cold start: a fresh process from launch to the first painted main window, and its memory.

The contract with the app (``desktop/app.py``): with ``LIVEDESK_REPORT_STARTUP=1`` in the
environment, ``python main.py --store PATH`` starts as usual, and once the main window has painted
for the first time (its post list showing the first screen of the opened blog) it prints one line
``startup-ms <n>`` on stdout (``n``: milliseconds since the process started, by its own clock),
flushes, and quits with exit status 0 without saving anything or asking any question.

The benchmark times each launch itself, from ``Popen`` to that line (the app's own number is kept
as extra information), and reads the child's peak resident set size from ``os.wait4``. The floor
is ``floor_window.py``: a bare PySide6 window with a list and a text edit, under the same
contract. Settings and data folders point at a temporary folder so no run sees another's state.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from common import ROOT, Context, Result, Target, make_result

GROUP = "startup"
ENV_FLAG = "LIVEDESK_REPORT_STARTUP"
TIMEOUT_S = 30.0
COLD_START_SAMPLE = Target("< 400 ms", seconds=0.400)
COLD_START_STORE = Target("< 500 ms", seconds=0.500)
MEMORY = Target("< 150 MB", rss_bytes=150e6)


def app_supports_report() -> bool:
    """Whether the app implements the ``LIVEDESK_REPORT_STARTUP`` contract yet."""
    app = ROOT / "desktop" / "app.py"
    if not app.exists():
        return False
    sources = [ROOT / "main.py", *sorted((ROOT / "desktop").rglob("*.py"))]
    return any(ENV_FLAG in path.read_text(encoding="utf-8", errors="replace") for path in sources)


def launch(argv: list[str], env: dict[str, str]) -> tuple[float, float | None, int]:
    """Run ``argv`` until it prints ``startup-ms``; returns (wall seconds to that line, the
    process's own milliseconds, peak RSS in bytes)."""
    started = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                            cwd=ROOT, text=True)
    timer = threading.Timer(TIMEOUT_S, proc.kill)
    timer.start()
    wall = None
    own = None
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("startup-ms"):
                wall = time.perf_counter() - started
                try:
                    own = float(line.split()[1])
                except (IndexError, ValueError):
                    own = None
                break
        proc.stdout.read()
        stderr = proc.stderr.read() if proc.stderr else ""
        _pid, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
    finally:
        timer.cancel()
    if wall is None:
        raise RuntimeError(f"{Path(argv[-1]).name}: no startup-ms line (exit "
                           f"{proc.returncode}): {stderr.strip()[-300:]}")
    rss = usage.ru_maxrss if sys.platform == "darwin" else usage.ru_maxrss * 1024
    return wall, own, int(rss)


def _env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        ENV_FLAG: "1",
        "QT_QPA_PLATFORM": env.get("QT_QPA_PLATFORM", "offscreen"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "PYTHONDONTWRITEBYTECODE": "1",
    })
    return env


def _series(argv: list[str], env: dict[str, str], runs: int) -> tuple[list[float],
                                                                       list[float], list[int]]:
    launch(argv, env)  # warm-up: the OS file cache, .pyc files
    walls, owns, rsses = [], [], []
    for _ in range(runs):
        wall, own, rss = launch(argv, env)
        walls.append(wall)
        rsses.append(rss)
        if own is not None:
            owns.append(own / 1000)
    return walls, owns, rsses


def run(ctx: Context) -> list[Result]:
    label = ctx.label or f"{ctx.size:,}-post store"
    measure = f"cold start to first paint ({label})"
    memory = f"resident memory after first paint ({label})"
    target = COLD_START_SAMPLE if ctx.label == "sample blog" else COLD_START_STORE
    runs = 3 if ctx.quick else 5
    with tempfile.TemporaryDirectory(prefix="livedesk-bench-") as home:
        env = _env(Path(home))
        floor_walls, _floor_own, floor_rss = _series(
            [sys.executable, str(Path(__file__).with_name("floor_window.py"))], env, runs)
        if not app_supports_report():
            why = f"not available yet (the app does not implement {ENV_FLAG})"
            floor_note = f"floor measured: {sum(floor_walls) / len(floor_walls) * 1000:.0f} ms"
            results = [Result.unavailable(measure, GROUP, ctx.size, why, target),
                       Result.unavailable(memory, GROUP, ctx.size, why, MEMORY)]
            results[0].floor = sorted(floor_walls)[len(floor_walls) // 2]
            results[0].floor_name = "bare PySide6 window (list + text edit)"
            results[0].note += f"; {floor_note}"
            results[1].floor = float(sorted(floor_rss)[len(floor_rss) // 2])
            results[1].unit = "bytes"
            return results
        argv = [sys.executable, str(ROOT / "main.py"), "--store", str(ctx.store_path)]
        try:
            walls, owns, rsses = _series(argv, env, runs)
        except RuntimeError as error:
            return [Result.unavailable(measure, GROUP, ctx.size, f"failed: {error}", target),
                    Result.unavailable(memory, GROUP, ctx.size, f"failed: {error}", MEMORY)]
    results = [
        make_result(measure, GROUP, ctx.size, walls, floor_walls,
                    floor_name="bare PySide6 window (list + text edit)", target=target,
                    extra={"app_reported_s": owns}),
        make_result(memory, GROUP, ctx.size, [float(r) for r in rsses],
                    [float(r) for r in floor_rss], floor_name="bare PySide6 window",
                    target=MEMORY, unit="bytes"),
    ]
    for result in results:
        result.peak_rss = int(max(rsses))
    return results
