"""One real drag and drop through the post list's view, on an X server.

Offscreen Qt cannot run a QDrag (``QDrag.exec()`` returns at once), so this test starts its own
Xvfb and runs ``xvfb_drag_drop.py`` there with the xcb platform.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))


@pytest.mark.xvfb
def test_drag_a_post_through_the_view_under_xvfb(tmp_path: Path) -> None:
    if shutil.which("Xvfb") is None:
        pytest.skip("Xvfb is not installed (apt-get install xvfb and the xcb libraries)")
    from screenshot import start_xvfb

    process, display = start_xvfb("1366x768")
    try:
        env = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb",
                   LIVEDESK_DATA_DIR=str(tmp_path))
        done = subprocess.run(
            [sys.executable, str(Path(__file__).with_name("xvfb_drag_drop.py"))],
            env=env, capture_output=True, text=True, timeout=120)
    finally:
        process.terminate()
        process.wait(timeout=10)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    assert lines, f"no result (exit {done.returncode}): {done.stderr[-2000:]}"
    result = json.loads(lines[-1])
    assert result["platform"] == "xcb"
    assert result["steps"] == ["move", "release"], result
    assert result["after"] == ["key-info", "fire-out", "first-alarm", "draft-1"], result
    assert result["undone"] == result["before"], result
    assert done.returncode == 0, done.stderr[-2000:]
