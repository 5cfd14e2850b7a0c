"""File > Export: choose a format and a file, see the pre-export checks, export with progress.

Errors from the checks block the export until the editor ticks "Export anyway"; warnings never
block. The page is rendered on a worker thread (a 10,000-post blog takes seconds the first time)
with a progress bar and Cancel; the file is written atomically, so a crash or a cancel leaves
the old file or the new one, never half of one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QSettings, QThread, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from export.checks import ERROR, Problem, check_blog
from export.interchange import blog_document
from export.pipeline import FORMATS, ExportCancelled, export_to_file, render_document
from export.style import HouseStyle
from storage import BlogStore, StoreError


class _ExportWorker(QObject):
    progress = Signal(int, int)
    finished = Signal(list)  # the files written
    failed = Signal(str)

    def __init__(self, doc: dict[str, Any], fmt: str, style: HouseStyle, path: Path,
                 store_path: Path | None, media: dict[str, tuple[bytes, str]]) -> None:
        super().__init__()
        self.doc = doc
        self.fmt = fmt
        self.style = style
        self.path = path
        self.store_path = store_path
        self.media = media
        self.cancel_requested = False

    @Slot()
    def run(self) -> None:
        store: BlogStore | None = None
        try:
            if self.store_path is not None:
                # Photos are read through a connection of this thread's own.
                store = BlogStore.open(self.store_path, read_only=True)
                loader = store.get_media_file
            else:
                loader = self.media.get
            text = render_document(self.doc, self.fmt, self.style, loader,
                                   progress=self.progress.emit,
                                   cancelled=lambda: self.cancel_requested)
            if self.cancel_requested:
                raise ExportCancelled
            written = export_to_file(text, self.path, fmt=self.fmt, doc=self.doc,
                                     media_loader=loader, force=True)
        except ExportCancelled:
            self.failed.emit("")
        except (StoreError, OSError) as error:
            self.failed.emit(str(error))
        else:
            self.finished.emit(written)
        finally:
            if store is not None:
                store.close()


class ExportDialog(QDialog):
    """Export one blog: format, destination, checks, progress."""

    def __init__(self, store: BlogStore, blog_id: int, parent: QWidget | None = None,
                 settings: QSettings | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.blog_id = blog_id
        self.settings = settings
        self.blog = store.get_blog(blog_id)
        self.written: list[Path] = []
        self._thread: QThread | None = None
        self._worker: _ExportWorker | None = None
        self.setWindowTitle(self.tr("Export “%1”").replace("%1", self.blog.title))
        self.setMinimumWidth(560)

        self.format_box = QComboBox()
        for fmt in FORMATS.values():
            self.format_box.addItem(fmt.title, fmt.key)
        self.format_box.setAccessibleName(self.tr("Export format"))
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.path_edit = QLineEdit()
        self.path_edit.setAccessibleName(self.tr("Export file"))
        browse = QPushButton(self.tr("Choose…"))
        browse.setAccessibleName(self.tr("Choose the export file"))
        browse.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(browse)

        self.checks_label = QLabel()
        self.checks_label.setWordWrap(True)
        self.checks_label.setAccessibleName(self.tr("Pre-export checks"))
        self.override = QCheckBox()
        self.override.setAccessibleName(self.tr("Export despite the errors"))
        self.progress = QProgressBar()
        self.progress.setAccessibleName(self.tr("Export progress"))
        self.progress.setVisible(False)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = self.buttons.addButton(self.tr("Export"),
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setDefault(True)
        self.buttons.accepted.connect(self.start_export)
        self.buttons.rejected.connect(self._cancel)

        form = QFormLayout()
        form.addRow(self.tr("&Format:"), self.format_box)
        form.addRow("", self.description)
        form.addRow(self.tr("&File:"), path_row)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.checks_label)
        layout.addWidget(self.override)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)

        self.problems: list[Problem] = check_blog(store, blog_id)
        self.format_box.currentIndexChanged.connect(self._on_format)
        self.override.toggled.connect(self._update_button)
        self.path_edit.textChanged.connect(self._update_button)
        last = self.settings.value("export/format", "html", type=str) if self.settings else "html"
        self.format_box.setCurrentIndex(max(0, self.format_box.findData(last)))
        self._on_format()
        self._show_checks()

    # ------------------------------------------------------------------------------ set-up

    def fmt(self) -> str:
        return str(self.format_box.currentData())

    def _default_folder(self) -> Path:
        if self.settings is not None:
            folder = self.settings.value("export/folder", "", type=str)
            if folder and Path(folder).is_dir():
                return Path(folder)
        return Path.home()

    def _on_format(self) -> None:
        fmt = FORMATS[self.fmt()]
        self.description.setText(fmt.description)
        current = Path(self.path_edit.text()) if self.path_edit.text() else None
        folder = current.parent if current else self._default_folder()
        self.path_edit.setText(str(folder / f"{self.blog.slug}{fmt.suffix}"))

    def _browse(self) -> None:
        fmt = FORMATS[self.fmt()]
        chosen, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export to"), self.path_edit.text(),
            f"{fmt.title} (*{fmt.suffix});;" + self.tr("All files (*)"))
        if chosen:
            self.path_edit.setText(chosen)

    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    def _show_checks(self) -> None:
        errors = self.errors()
        warnings = len(self.problems) - len(errors)
        if not self.problems:
            self.checks_label.setText(self.tr("✔ The checks found nothing to fix."))
            self.override.setVisible(False)
        elif not errors:
            self.checks_label.setText(
                self.tr("%n warning(s); they do not block the export (see the Checks panel).",
                        "", warnings))
            self.override.setVisible(False)
        else:
            lines = "".join(f"<li>{_escape(p.message)}</li>" for p in errors[:5])
            more = (self.tr("<p>…and %n more.</p>", "", len(errors) - 5)
                    if len(errors) > 5 else "")
            self.checks_label.setText(
                self.tr("<b>%n error(s) block the export:</b>", "", len(errors))
                + f"<ul>{lines}</ul>{more}")
            self.override.setText(self.tr("Export anyway, with %n error(s)", "", len(errors)))
            self.override.setVisible(True)
        self._update_button()

    def _update_button(self) -> None:
        blocked = bool(self.errors()) and not self.override.isChecked()
        self.export_button.setEnabled(not blocked and bool(self.path_edit.text().strip())
                                      and self._thread is None)

    # ----------------------------------------------------------------------------- export

    @Slot()
    def start_export(self) -> None:
        if self.errors() and not self.override.isChecked():
            return
        path = Path(self.path_edit.text().strip()).expanduser()
        if not path.parent.is_dir():
            QMessageBox.warning(self, self.windowTitle(),
                                self.tr("The folder %1 does not exist.").replace(
                                    "%1", str(path.parent)))
            return
        if path.exists() and QMessageBox.question(
                self, self.windowTitle(),
                self.tr("%1 exists. Replace it?").replace("%1", path.name)) != \
                QMessageBox.StandardButton.Yes:
            return
        doc = blog_document(self.store, self.blog_id)
        if self.fmt() != "json":
            doc["posts"] = [p for p in doc["posts"] if p["status"] == "published"]
        media: dict[str, tuple[bytes, str]] = {}
        if self.store.path is None:  # an in-memory store: hand the photos over
            for post in doc["posts"]:
                for item in post["media"]:
                    found = self.store.get_media_file(item["src"])
                    if found is not None:
                        media[item["src"]] = found
        style = HouseStyle.from_settings(self.store.settings())
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)
        self._worker = _ExportWorker(doc, self.fmt(), style, path, self.store.path, media)
        self._thread = QThread(self)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.progress.connect(self._on_progress)
        self._worker.finished.connect(self._on_finished)
        self._worker.failed.connect(self._on_failed)
        self._update_button()
        self._thread.start()

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _stop_thread(self) -> None:
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait()
            self._thread = None
            self._worker = None

    def _on_finished(self, written: list[Path]) -> None:
        self._stop_thread()
        self.written = written
        if self.settings is not None:
            self.settings.setValue("export/format", self.fmt())
            self.settings.setValue("export/folder", str(written[0].parent))
        self.accept()

    def _on_failed(self, message: str) -> None:
        self._stop_thread()
        self.progress.setVisible(False)
        self._update_button()
        if message:
            QMessageBox.critical(self, self.windowTitle(),
                                 self.tr("The export failed: %1\nNothing was written.")
                                 .replace("%1", message))

    def _cancel(self) -> None:
        if self._worker is not None:
            self._worker.cancel_requested = True
            return  # the worker reports the cancel; the dialog stays until it has stopped
        self.reject()

    def wait(self) -> None:
        """Wait until a running export has finished (tests)."""
        if self._thread is not None:
            self._thread.wait()

    @staticmethod
    def run(parent: QWidget | None, store: BlogStore, blog_id: int,
            settings: QSettings | None = None) -> list[Path]:
        """Show the dialog; returns the files written (empty when cancelled)."""
        dialog = ExportDialog(store, blog_id, parent, settings)
        try:
            if dialog.exec() == QDialog.DialogCode.Accepted:
                return dialog.written
            return []
        finally:
            dialog.deleteLater()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
