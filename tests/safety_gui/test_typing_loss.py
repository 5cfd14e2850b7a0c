"""Typing loss bound: keystrokes in the real app reach the store within 1.5 s, even when the
process is then killed without a chance to save."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import main
from storage import BlogStore

ROOT = Path(__file__).resolve().parents[2]
TEXT = " Update at 14:05: the dam is holding, say engineers — “no further breaches”."


@pytest.mark.skipif(sys.platform == "win32", reason="needs SIGKILL")
def test_typing_survives_a_kill_after_one_and_a_half_seconds(tmp_path: Path) -> None:
    path = tmp_path / "s.livedesk"
    assert main.run(["sample", "--store", str(path)]) == 0
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", LIVEDESK_DATA_DIR=str(tmp_path / "d"))
    proc = subprocess.Popen([sys.executable, str(ROOT / "tests" / "safety_gui" /
                                                 "typing_driver.py"), str(path), str(ROOT), TEXT],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline().strip()
        assert line.startswith("typed "), proc.stderr.read() if proc.stderr else line
        post_id = int(line.split()[1])
        time.sleep(1.5)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    with BlogStore.open(path) as store:
        assert store.recovered_after_crash
        body = store.get_post(post_id).body
    # Every keystroke is there (typed at the end of the post's last paragraph, which is italic).
    assert TEXT.strip() in body, body[-200:]
