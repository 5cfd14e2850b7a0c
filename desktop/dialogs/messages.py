"""Confirmations and error messages, as plain functions (patch ``QMessageBox.exec`` in tests)."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget


def confirm_delete(parent: QWidget | None, headlines: list[str]) -> bool:
    """Ask before deleting posts. True when the editor confirms."""
    count = len(headlines)
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Delete posts" if count > 1 else "Delete post")
    if count == 1:
        title = headlines[0].strip() or "Untitled post"
        box.setText(f"Delete “{title}”?")
    else:
        box.setText(f"Delete {count} posts?")
        shown = [f"• {h.strip() or 'Untitled post'}" for h in headlines[:8]]
        if count > 8:
            shown.append(f"… and {count - 8} more")
        box.setDetailedText("\n".join(shown))
    box.setInformativeText("You can bring them back with Edit > Undo.")
    delete = box.addButton("Delete", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is delete


def show_error(parent: QWidget | None, title: str, text: str, detail: str = "") -> None:
    """A clear error message (never a traceback)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    box.setText(text)
    if detail:
        box.setInformativeText(detail)
    box.addButton(QMessageBox.StandardButton.Ok)
    box.exec()


def ask_store_failure(parent: QWidget | None, title: str, text: str,
                      offer_read_only: bool = False, offer_backup: bool = False) -> str:
    """After a store could not be opened: ``"open"`` (choose another), ``"new"``,
    ``"read_only"`` and ``"backup"`` (when offered) or ``"quit"``."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(title)
    box.setText(text)
    box.setInformativeText("Open another store, create a new one, or quit Livedesk.")
    read_only = None
    if offer_read_only:
        box.setIcon(QMessageBox.Icon.Warning)
        box.setInformativeText("Open it read-only to look without changing it, open another "
                               "store, or quit Livedesk.")
        read_only = box.addButton("Open Read-Only", QMessageBox.ButtonRole.AcceptRole)
    backup = None
    if offer_backup:
        box.setInformativeText("Go back to one of its backups, open another store, or quit "
                               "Livedesk. The file itself is left as it is.")
        backup = box.addButton("Restore a Backup…", QMessageBox.ButtonRole.AcceptRole)
    open_other = box.addButton("Open Another Store…", QMessageBox.ButtonRole.AcceptRole)
    new_store = box.addButton("New Store…", QMessageBox.ButtonRole.ActionRole)
    quit_button = box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(read_only or backup or open_other)
    box.exec()
    clicked = box.clickedButton()
    if read_only is not None and clicked is read_only:
        return "read_only"
    if backup is not None and clicked is backup:
        return "backup"
    if clicked is open_other:
        return "open"
    if clicked is new_store:
        return "new"
    del quit_button
    return "quit"
