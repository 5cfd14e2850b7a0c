"""The app's side of data safety: exceptions, single instance, restore from backup."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from desktop import backups_dialog
from desktop.backups_dialog import RestoreBackupDialog
from desktop.crash_guard import CrashGuard, log_path
from desktop.single_instance import InstanceServer
from storage import BlogStore


def test_unhandled_exception_is_logged_shown_and_survived(qtbot: Any) -> None:
    guard = CrashGuard()
    guard.show_dialog = False
    guard.install()
    try:
        def broken_slot() -> None:
            raise RuntimeError("a bug in a slot")

        with qtbot.waitSignal(guard.exception_caught) as blocker:
            QTimer.singleShot(0, broken_slot)
        assert blocker.args[0] == "RuntimeError: a bug in a slot"
        assert "Traceback" in blocker.args[1] and "broken_slot" in blocker.args[1]
        qtbot.waitUntil(lambda: guard.shown == 1)
        text = log_path().read_text(encoding="utf-8")
        assert "a bug in a slot" in text
        # The event loop is still running: the app carries on.
        ticked: list[int] = []
        QTimer.singleShot(0, lambda: ticked.append(1))
        qtbot.waitUntil(lambda: ticked == [1])
    finally:
        guard.uninstall()


def test_exception_dialog_offers_copy_details(qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    guard = CrashGuard()
    seen: dict[str, Any] = {}

    def fake_exec(box: QMessageBox) -> int:
        seen["text"] = box.text()
        seen["buttons"] = [b.text() for b in box.buttons()]
        copy = next(b for b in box.buttons() if b.text() == "Copy details")
        copy.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    guard._show("ValueError: x", "the details")
    assert "your work is safe" in seen["text"]
    assert "Copy details" in seen["buttons"]
    assert QApplication.clipboard().text() == "the details"


SECOND_INSTANCE = """
import sys
sys.path.insert(0, sys.argv[2])
from pathlib import Path
from desktop.single_instance import ask_running_instance
print("raised" if ask_running_instance(Path(sys.argv[1]), 3000) else "alone", flush=True)
"""


def test_second_instance_raises_the_first(qtbot: Any, tmp_path: Path) -> None:
    store_path = tmp_path / "a.livedesk"
    server = InstanceServer(store_path)
    root = str(Path(__file__).resolve().parents[2])
    try:
        raised: list[bool] = []
        server.raise_requested.connect(lambda: raised.append(True))
        proc = subprocess.Popen([sys.executable, "-c", SECOND_INSTANCE, str(store_path), root],
                                stdout=subprocess.PIPE, text=True)
        qtbot.waitUntil(lambda: proc.poll() is not None, timeout=20_000)
        assert proc.stdout is not None and proc.stdout.read().strip() == "raised"
        assert raised == [True]
        other = subprocess.run([sys.executable, "-c", SECOND_INSTANCE,
                                str(tmp_path / "other.livedesk"), root],
                               capture_output=True, text=True, timeout=20)
        assert other.stdout.strip() == "alone"
        assert not (tmp_path / "other.livedesk.raise").exists()  # no litter when nobody answers
    finally:
        server.close()


def test_restore_dialog_lists_backups_with_counts(qtbot: Any, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "backups"
    with BlogStore.open(tmp_path / "s.livedesk", create=True) as store:
        blog = store.create_blog("b", "B")
        store.backup("open", folder=folder)
        time.sleep(0.01)
        store.create_post(blog.id, headline="one")
        store.backup("auto", folder=folder)
    dialog = RestoreBackupDialog(folder)
    qtbot.addWidget(dialog)
    assert dialog.tree.topLevelItemCount() == 2
    newest = dialog.tree.topLevelItem(0)
    assert newest.text(1) == "Every 30 minutes" and newest.text(3) == "1"
    assert dialog.tree.topLevelItem(1).text(1) == "On opening"
    monkeypatch.setattr(RestoreBackupDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    monkeypatch.setattr(backups_dialog.QMessageBox, "question",
                        lambda *a: QMessageBox.StandardButton.Yes)
    chosen = RestoreBackupDialog.ask(None, folder)
    assert chosen is not None and chosen.name.endswith("-auto.livedesk")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX paths")
def test_restore_dialog_with_no_backups(qtbot: Any, tmp_path: Path) -> None:
    dialog = RestoreBackupDialog(tmp_path / "none")
    qtbot.addWidget(dialog)
    assert not dialog.restore_button.isEnabled()
