"""File > Restore from backup: the store's backups with their times and contents.

Livedesk backs a store up when it opens it, every 30 minutes while it is open, and before any
upgrade (``storage.backup``). This dialog lists them, newest first, with how many blogs and posts
each holds, so that an editor can pick the right one. Restoring never deletes anything: the current
file and its ``-wal``/``-shm`` are moved aside together (``storage.backup.restore_backup``).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from storage.backup import BackupInfo, list_backups

PATH_ROLE = Qt.ItemDataRole.UserRole + 1


class RestoreBackupDialog(QDialog):
    """Pick one backup of a store."""

    def __init__(self, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Restore from backup"))
        self.setMinimumSize(560, 360)
        self.backups: list[BackupInfo] = list_backups(folder)
        intro = QLabel(self.tr(
            "Choose the backup to go back to. The store as it is now is kept aside in the "
            "backups folder, so nothing is lost."))
        intro.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([self.tr("Saved"), self.tr("Why"), self.tr("Blogs"),
                                   self.tr("Posts"), self.tr("Size")])
        self.tree.setRootIsDecorated(False)
        self.tree.setAccessibleName(self.tr("Backups, newest first"))
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        reasons = {"open": self.tr("On opening"), "auto": self.tr("Every 30 minutes"),
                   "manual": self.tr("By hand")}
        for info in self.backups:
            local = info.created.astimezone()
            why = reasons.get(info.reason, self.tr("Before an upgrade")
                              if info.reason.startswith("before") else info.reason)
            item = QTreeWidgetItem([local.strftime("%Y-%m-%d %H:%M:%S"), why, str(info.blogs),
                                    str(info.posts), f"{info.size / 1e6:.1f} MB"])
            item.setData(0, PATH_ROLE, str(info.path))
            self.tree.addTopLevelItem(item)
        if self.backups:
            self.tree.setCurrentItem(self.tree.topLevelItem(0))
        else:
            intro.setText(self.tr("There are no backups of this store yet."))
        self.tree.itemActivated.connect(lambda *_: self.accept())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = buttons.addButton(self.tr("Restore"),
                                                QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setEnabled(bool(self.backups))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)

    def chosen(self) -> Path | None:
        item = self.tree.currentItem()
        return Path(item.data(0, PATH_ROLE)) if item is not None else None

    @staticmethod
    def ask(parent: QWidget | None, folder: Path) -> Path | None:
        """The backup the editor chose, after a confirmation, or None."""
        dialog = RestoreBackupDialog(folder, parent)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted or dialog.chosen() is None:
                return None
            chosen = dialog.chosen()
            info = next(b for b in dialog.backups if b.path == chosen)
            answer = QMessageBox.question(
                parent, dialog.tr("Restore from backup"),
                dialog.tr("Go back to the backup of %1 (%2 posts)? Changes made since then "
                          "will be in the copy kept aside, not in the store.")
                .replace("%1", info.created.astimezone().strftime("%Y-%m-%d %H:%M"))
                .replace("%2", str(info.posts)))
            return chosen if answer == QMessageBox.StandardButton.Yes else None
        finally:
            dialog.deleteLater()
