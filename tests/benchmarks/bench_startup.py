"""Cold start: a fresh process from launch to the first painted main window, and its memory.

The contract with the app (``desktop/app.py``, ``StartupSequence``): with
``LIVEDESK_REPORT_STARTUP=1`` in the environment, ``python main.py --store PATH`` starts as usual;
once the main window has painted for the first time (its post list showing the first screen of
the opened blog) it prints ``startup-ms <n>`` on stdout (``n``: milliseconds since the process
started, by its own clock). It then finishes what it put off until after that paint (the icons,
the spelling dictionary and the first check of the post on screen), prints ``settled-ms <n>``,
and quits with exit status 0 without asking anything.

The benchmark times each launch itself, from ``Popen`` to the ``startup-ms`` line (the app's own
numbers are kept as extra information). The memory measure is the app's own ``rss-kib`` line:
its resident memory with the blog open and everything loaded, not of a window still loading (the
peak resident set size from ``os.wait4``, which includes what loading the spelling dictionary
used and freed, is kept as extra information). The floor is ``floor_window.py``: a bare PySide6
window with a list and a text edit, under the same contract (its memory: its peak).
Settings and data folders point at a temporary folder so
no run sees another's state.

Python's compiled bytecode is allowed (and made before the runs): an installed app always has it,
and a source checkout writes it on its first start, so compiling the app's modules from source
is not part of any start an editor sees.
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


def _number(line: str) -> float | None:
    try:
        return float(line.split()[1])
    except (IndexError, ValueError):
        return None


def launch(argv: list[str], env: dict[str, str],
           settled: list[float] | None = None,
           resident: list[int] | None = None) -> tuple[float, float | None, int]:
    """Run ``argv`` until it prints ``startup-ms``, then until it exits; returns (wall seconds
    to that line, the process's own milliseconds, peak RSS in bytes). The app's ``settled-ms``
    and ``rss-kib`` numbers, when it prints them, are appended to ``settled`` (seconds) and
    ``resident`` (bytes)."""
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
            if line.startswith("startup-ms") and wall is None:
                wall = time.perf_counter() - started
                own = _number(line)
            elif line.startswith("settled-ms") and settled is not None:
                value = _number(line)
                if value is not None:
                    settled.append(value / 1000)
            elif line.startswith("rss-kib") and resident is not None:
                value = _number(line)
                if value is not None:
                    resident.append(int(value) * 1024)
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
    })
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def compile_app() -> None:
    """Bytecode for the app's own modules (the installed app ships it; a checkout writes it on
    its first start)."""
    import compileall

    for folder in ("storage", "export", "desktop", "widgets"):
        compileall.compile_dir(ROOT / folder, quiet=2)
    compileall.compile_file(ROOT / "main.py", quiet=2)


def _series(argv: list[str], env: dict[str, str], runs: int,
            settled: list[float] | None = None,
            resident: list[int] | None = None) -> tuple[list[float], list[float], list[int]]:
    launch(argv, env)  # warm-up: the OS file cache
    walls, owns, rsses = [], [], []
    for _ in range(runs):
        wall, own, rss = launch(argv, env, settled, resident)
        walls.append(wall)
        rsses.append(rss)
        if own is not None:
            owns.append(own / 1000)
    return walls, owns, rsses


def run(ctx: Context) -> list[Result]:
    label = ctx.label or f"{ctx.size:,}-post store"
    measure = f"cold start to first paint ({label})"
    memory = f"resident memory, blog open and settled ({label})"
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
        compile_app()
        settled: list[float] = []
        resident: list[int] = []
        try:
            walls, owns, rsses = _series(argv, env, runs, settled, resident)
        except RuntimeError as error:
            return [Result.unavailable(measure, GROUP, ctx.size, f"failed: {error}", target),
                    Result.unavailable(memory, GROUP, ctx.size, f"failed: {error}", MEMORY)]
    results = [
        make_result(measure, GROUP, ctx.size, walls, floor_walls,
                    floor_name="bare PySide6 window (list + text edit)", target=target,
                    extra={"app_reported_s": owns, "app_settled_s": settled}),
        make_result(memory, GROUP, ctx.size, [float(r) for r in (resident or rsses)],
                    [float(r) for r in floor_rss], floor_name="bare PySide6 window (peak)",
                    target=MEMORY, unit="bytes",
                    extra={"peak_rss_bytes": rsses,
                           "source": "app rss-kib line" if resident else "peak (wait4)"}),
    ]
    for result in results:
        result.peak_rss = int(max(rsses))
    return results
