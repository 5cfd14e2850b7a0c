"""The pre-export check panel: what ``livedesk check`` says about the open blog, live.

Errors (a published post without headline or body, a key point linking to a missing or draft
post, a photo without alt text or file) and warnings (key point count, long headlines, missing
contributors, non-https links, misspellings). A row names its post; activating it (double-click
or Enter) emits ``post_activated(post uid)`` so the window can jump to the post.

The checks run on a worker thread with a read-only connection of their own (spellchecking a large
blog takes a while), a second after the last change; results for an older state are dropped.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.hub import StoreHub
from storage import BlogStore, StoreError
from widgets.dock_tab import OnScreenAware

if TYPE_CHECKING:
    from export.checks import Problem

#: ``export.checks.ERROR`` (the checks themselves load when the panel first checks).
ERROR = "error"

os.environ.setdefault("QT_API", "pyside6")

REFRESH_DELAY_MS = 1000
UID_ROLE = Qt.ItemDataRole.UserRole + 1


class _Signals(QObject):
    finished = Signal(int, list)  # generation, problems
    failed = Signal(int, str)


class _CheckJob(QRunnable):
    """Runs the checks on a read-only connection of its own."""

    def __init__(self, path: Path, blog_id: int, generation: int) -> None:
        super().__init__()
        self.path = path
        self.blog_id = blog_id
        self.generation = generation
        self.signals = _Signals()

    def run(self) -> None:
        from export.checks import check_blog

        try:
            with BlogStore.open(self.path, read_only=True) as store:
                problems = check_blog(store, self.blog_id)
        except (StoreError, OSError) as error:
            self.signals.failed.emit(self.generation, str(error))
            return
        self.signals.finished.emit(self.generation, problems)


class CheckPanel(OnScreenAware, QWidget):
    """A list of the open blog's pre-export problems."""

    post_activated = Signal(str)
    #: (errors, warnings) after each completed check.
    checked = Signal(int, int)

    def __init__(self, hub: StoreHub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hub = hub
        self.blog_id: int | None = None
        self.problems: list[Problem] = []
        self._generation = 0
        self._jobs: list[_CheckJob] = []
        self._stale = False
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)

        self.summary = QLabel(self.tr("Not checked yet"))
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(self.tr("Check result"))
        self.recheck = QPushButton(self.tr("Check again"))
        self.recheck.setAccessibleName(self.tr("Run the pre-export checks again"))
        self.recheck.clicked.connect(self.refresh_now)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.recheck)

        self.tree = QTreeWidget()
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels([self.tr("Severity"), self.tr("Post"), self.tr("Problem")])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setWordWrap(False)
        self.tree.setAccessibleName(self.tr("Pre-export problems"))
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(1, 180)
        self.tree.itemActivated.connect(self._on_activated)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self.tree, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_DELAY_MS)
        self._timer.timeout.connect(self.refresh_now)
        for signal in (hub.posts_changed, hub.summary_changed):
            signal.connect(self._on_blog_changed)
        hub.blogs_changed.connect(self._on_blog_changed_one)
        hub.dictionary_changed.connect(self.schedule_refresh)
        hub.reset.connect(self.schedule_refresh)

    # ---------------------------------------------------------------------------------- api

    def set_blog(self, blog_id: int | None) -> None:
        self.blog_id = blog_id
        self.tree.clear()
        self.problems = []
        self.refresh_now()

    def schedule_refresh(self) -> None:
        if self.blog_id is not None:
            self._timer.start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:  # in the next turn: the dock may yet say its tab is behind another
            QTimer.singleShot(0, self, self.catch_up)

    def catch_up(self) -> None:
        if self._stale and self.on_screen():
            self.refresh_now()

    @Slot()
    def refresh_now(self) -> None:
        """Run the checks (in the background when the store is a file). A hidden panel (a tab
        behind another, or its dock closed) waits until it is shown: checking spelling costs a
        dictionary load and a pass over the blog, which start-up should not pay for."""
        self._timer.stop()
        if not self.on_screen():
            self._stale = True
            return
        self._stale = False
        self._generation += 1
        if self.blog_id is None:
            self.summary.setText(self.tr("No blog is open."))
            return
        store = self.hub.store
        if store.path is None:  # an in-memory store cannot be shared with a thread
            from export.checks import check_blog

            try:
                self._show(self._generation, check_blog(store, self.blog_id))
            except StoreError as error:
                self._fail(self._generation, str(error))
            return
        self.summary.setText(self.tr("Checking…"))
        job = _CheckJob(store.path, self.blog_id, self._generation)
        job.signals.finished.connect(self._show)
        job.signals.failed.connect(self._fail)
        self._jobs.append(job)
        self._pool.start(job)

    def wait(self, msecs: int = 30_000) -> bool:
        """Wait for a running check (tests, and before closing)."""
        return self._pool.waitForDone(msecs)

    def shutdown(self) -> None:
        """Before the store closes: stop the timer, wait for a running check, drop its result."""
        self._timer.stop()
        self.blog_id = None
        self._generation += 1
        self._pool.waitForDone(30_000)

    def counts(self) -> tuple[int, int]:
        errors = sum(p.severity == ERROR for p in self.problems)
        return errors, len(self.problems) - errors

    # ----------------------------------------------------------------------------- internals

    def _on_blog_changed(self, blog_id: int, *_rest: object) -> None:
        if blog_id == self.blog_id:
            self.schedule_refresh()

    def _on_blog_changed_one(self, blog_id: int) -> None:
        if blog_id in (self.blog_id, -1):
            self.schedule_refresh()

    @Slot(int, list)
    def _show(self, generation: int, problems: list[Problem]) -> None:
        self._jobs = [j for j in self._jobs if j.generation > generation]
        if generation != self._generation:
            return  # the blog changed again since this check started
        self.problems = sorted(problems, key=lambda p: (p.severity != ERROR,))
        headlines = self._headlines()
        self.tree.clear()
        for problem in self.problems:
            is_error = problem.severity == ERROR
            item = QTreeWidgetItem([
                self.tr("Error") if is_error else self.tr("Warning"),
                headlines.get(problem.post or "", self.tr("Blog") if not problem.post else
                              problem.post),
                problem.message])
            item.setData(0, UID_ROLE, problem.post or "")
            item.setToolTip(2, problem.message)
            icon = self.style().standardIcon(
                self.style().StandardPixmap.SP_MessageBoxCritical if is_error
                else self.style().StandardPixmap.SP_MessageBoxWarning)
            item.setIcon(0, icon)
            self.tree.addTopLevelItem(item)
        errors, warnings = self.counts()
        if not self.problems:
            self.summary.setText(self.tr("Ready to export: no problems found."))
        else:
            self.summary.setText(self.tr("%n error(s)", "", errors) + ", "
                                 + self.tr("%n warning(s)", "", warnings)
                                 + (self.tr(". Errors block export until you override them.")
                                    if errors else "."))
        self.checked.emit(errors, warnings)

    @Slot(int, str)
    def _fail(self, generation: int, message: str) -> None:
        if generation == self._generation:
            self.summary.setText(self.tr("The checks could not run: %1").replace("%1", message))

    def _headlines(self) -> dict[str, str]:
        if self.blog_id is None:
            return {}
        try:
            return {row.uid: row.headline or row.uid
                    for row in self.hub.store.list_post_rows(self.blog_id)}
        except StoreError:
            return {}

    def _on_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        uid = item.data(0, UID_ROLE)
        if uid:
            self.post_activated.emit(str(uid))
