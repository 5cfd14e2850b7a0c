"""Spell checking for Qt text widgets, off the typing path.

Checking never runs on the GUI thread while the editor types:

- :class:`SpellCheckService` runs checks and slow suggestion searches in a thread pool and hands
  the results back to the GUI thread through a queued signal;
- :class:`SpellDecorator` watches one QTextEdit or QPlainTextEdit: ~250 ms after the last
  keystroke it sends the text of the blocks it has no result for (the visible ones first) to the
  service, keeps results per block text (so only changed blocks are checked again, and an undo
  finds its result at once) and draws red wave underlines with ``setExtraSelections`` for the
  blocks in view. No QSyntaxHighlighter: a highlighter re-runs on the GUI thread at every edit.
- the context menu offers suggestions computed when it opens (distance 1, then distance 2 within
  ~50 ms; a longer search carries on in the worker and fills the open menu), "Add to newsroom
  dictionary" and "Ignore in this blog". A correction is one undo step.

:class:`SpellChecking` is the application's hub: one engine for the current blog's language and
word lists, the add/ignore callbacks to the store, and the status bar text.
:class:`SpellLineEdit` is a one-line field that can show underlines (QLineEdit cannot);
:class:`DictionaryDialog` edits the newsroom dictionary.
"""

from __future__ import annotations

import atexit
import functools
import itertools
import threading
import weakref
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, ClassVar, Protocol

import shiboken6
from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QObject,
    QPoint,
    QSize,
    QSortFilterProxyModel,
    QStringListModel,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QFontMetricsF,
    QKeyEvent,
    QTextCharFormat,
    QTextCursor,
    QTextFormat,
    QTextOption,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from export.spelling import (
    GilYielder,
    Misspelling,
    SpellingEngine,
    engine_for_language,
    load_wordlist,
    save_wordlist,
    spelling_status,
    utf16_offsets,
)

__all__ = [
    "CallbackDictionary",
    "DictionaryDialog",
    "DictionaryProvider",
    "SpellCheckService",
    "SpellChecking",
    "SpellDecorator",
    "SpellLineEdit",
]

TextWidget = QTextEdit | QPlainTextEdit
EngineProvider = Callable[[], SpellingEngine | None]

CHECK_DELAY_MS = 250
"""Debounce: checks start this long after the last keystroke."""
SCROLL_DELAY_MS = 50
"""Blocks scrolled into view are checked this long after the scrolling stops."""
MENU_BUDGET_S = 0.05
"""Time the context menu may spend on suggestions on the GUI thread."""
MAX_SUGGESTIONS = 10
_SPELLING_MARK = int(QTextFormat.Property.UserProperty) + 0x5E11
"""A format property that tells our extra selections from other code's (search hits...)."""


# --------------------------------------------------------------------------------------------
# The worker


class _Job:
    """A unit of work for the pool; ``cancelled`` is read from the worker thread."""

    def __init__(self, job_id: int, callback: Callable[[Any], None]) -> None:
        self.job_id = job_id
        self.callback = callback
        self.cancelled = threading.Event()


class SpellCheckService(QObject):
    """Runs spell checks and suggestion searches in worker threads.

    Results come back on the GUI thread: callbacks are called from a queued signal, never from
    the worker. One service serves every decorated widget; :meth:`shared` gives the application's.
    """

    _delivered = Signal(int, object)
    idle = Signal()
    """Emitted on the GUI thread when the last pending job has delivered its result."""

    _shared: SpellCheckService | None = None

    def __init__(self, parent: QObject | None = None, max_threads: int = 2) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._jobs: dict[int, _Job] = {}
        self._ids = itertools.count(1)
        self._closed = False
        self._delivered.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @classmethod
    def shared(cls) -> SpellCheckService:
        """The application-wide service, created on first use and shut down on quit."""
        service = cls._shared
        if service is None or not shiboken6.isValid(service):
            app = QCoreApplication.instance()
            service = cls(app)
            cls._shared = service
            if app is not None:
                app.aboutToQuit.connect(service.shutdown)
            if not _atexit_registered:
                atexit.register(_shutdown_shared)
                _atexit_registered.append(True)
        return service

    # -- jobs -------------------------------------------------------------------------------------

    def check_texts(
        self,
        engine: SpellingEngine,
        texts: Sequence[str],
        callback: Callable[[dict[str, list[Misspelling]]], None],
    ) -> int:
        """Check ``texts`` in a worker; ``callback({text: misspellings})`` on the GUI thread."""
        job = self._new_job(callback)
        self._start(job, functools.partial(_check_texts, engine, list(texts), job.cancelled))
        return job.job_id

    def find_suggestions(
        self,
        engine: SpellingEngine,
        word: str,
        callback: Callable[[list[str]], None],
        limit: int = MAX_SUGGESTIONS,
    ) -> int:
        """Search all suggestions for ``word`` (distance 2, no time limit) in a worker."""
        job = self._new_job(callback)
        task = functools.partial(_find_suggestions, engine, word, limit, job.cancelled)
        self._start(job, task)
        return job.job_id

    def preload(self, engine: SpellingEngine, callback: Callable[[Any], None] | None = None) -> int:
        """Load the engine's dictionary in a worker (it takes a few hundred milliseconds)."""
        job = self._new_job(callback or (lambda _result: None))
        self._start(job, lambda: engine.load())
        return job.job_id

    def cancel(self, job_id: int) -> None:
        """Drop a job's result (and stop a suggestion search at its next step)."""
        job = self._jobs.pop(job_id, None)
        if job is not None:
            job.cancelled.set()

    def pending(self) -> int:
        """The number of jobs whose results have not been delivered yet."""
        return len(self._jobs)

    def is_pending(self, job_id: int) -> bool:
        """Whether the job's result is still to be delivered."""
        return job_id in self._jobs

    def wait_idle(self, timeout_ms: int = 10000) -> bool:
        """Wait for the workers, then deliver their results (for tests and benchmarks)."""
        done = self._pool.waitForDone(timeout_ms)
        QCoreApplication.sendPostedEvents(self)
        return done and not self._jobs

    def shutdown(self, timeout_ms: int = 5000) -> None:
        """Cancel everything and wait for the workers to stop (on application quit)."""
        self._closed = True
        for job in self._jobs.values():
            job.cancelled.set()
        self._jobs.clear()
        self._pool.clear()
        self._pool.waitForDone(timeout_ms)

    def _new_job(self, callback: Callable[[Any], None]) -> _Job:
        job = _Job(next(self._ids), callback)
        if not self._closed:
            self._jobs[job.job_id] = job
        return job

    def _start(self, job: _Job, task: Callable[[], Any]) -> None:
        if self._closed:
            return
        self._pool.start(functools.partial(self._run, job.job_id, job.cancelled, task))

    def _run(self, job_id: int, cancelled: threading.Event, task: Callable[[], Any]) -> None:
        """Runs in a worker thread."""
        if cancelled.is_set():
            return
        try:
            result = task()
        except Exception as error:  # delivered, then re-raised on the GUI thread
            result = error
        if not cancelled.is_set():
            self._delivered.emit(job_id, result)

    def _deliver(self, job_id: int, result: object) -> None:
        job = self._jobs.pop(job_id, None)
        try:
            if job is not None and not job.cancelled.is_set():
                if isinstance(result, Exception):
                    raise result
                job.callback(result)
        finally:
            if not self._jobs:
                self.idle.emit()


_atexit_registered: list[bool] = []


def _shutdown_shared() -> None:
    service = SpellCheckService._shared
    if service is not None and shiboken6.isValid(service):
        service.shutdown()


def _check_texts(
    engine: SpellingEngine, texts: list[str], cancelled: threading.Event
) -> dict[str, list[Misspelling]]:
    """Runs in a worker thread."""
    results: dict[str, list[Misspelling]] = {}
    courtesy = GilYielder()
    for text in texts:
        if cancelled.is_set():
            break
        results[text] = engine.misspellings(text)
        courtesy.maybe_yield()  # hand the GIL to the GUI thread between blocks
    return results


def _find_suggestions(
    engine: SpellingEngine, word: str, limit: int, cancelled: threading.Event
) -> list[str]:
    """Runs in a worker thread."""
    found, _complete = engine.suggestion_search(
        word, limit=limit, budget_s=None, should_stop=cancelled.is_set
    )
    return found


# --------------------------------------------------------------------------------------------
# The decorator


def _underline_format() -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SpellCheckUnderline)
    fmt.setUnderlineColor(QColor(Qt.GlobalColor.red))
    fmt.setProperty(_SPELLING_MARK, True)
    return fmt


class SpellDecorator(QObject):
    """Red wave underlines and a spelling context menu for a QTextEdit or QPlainTextEdit.

    ``engine_provider()`` returns the engine to use now, or None to turn checking off (the
    language has no dictionary); the decorator notices a new engine at its next check or at
    :meth:`recheck`. ``on_add_word(word)`` and ``on_ignore_word(word)`` let the application
    store the word (newsroom dictionary, blog's ignore list); the engine is updated here.

    The decorator is a child of the widget and lives as long as it does. It keeps results per
    block text, so an edit re-checks only the blocks it changed.
    """

    checked = Signal()
    """Emitted after new results were drawn (or the underlines cleared)."""
    wordAdded = Signal(str)
    wordIgnored = Signal(str)

    _instances: ClassVar[weakref.WeakSet[SpellDecorator]] = weakref.WeakSet()

    def __init__(
        self,
        widget: TextWidget,
        engine_provider: EngineProvider,
        *,
        on_add_word: Callable[[str], object] | None = None,
        on_ignore_word: Callable[[str], object] | None = None,
        service: SpellCheckService | None = None,
        delay_ms: int = CHECK_DELAY_MS,
    ) -> None:
        super().__init__(widget)
        self._widget = widget
        self._provider = engine_provider
        self._on_add_word = on_add_word
        self._on_ignore_word = on_ignore_word
        self._service = service or SpellCheckService.shared()
        self._delay_ms = delay_ms
        self._engine: SpellingEngine | None = None
        self._results: dict[str, list[Misspelling]] = {}
        self._stale: dict[str, list[Misspelling]] = {}  # drawn while a recheck runs
        self._in_flight: set[str] = set()
        self._jobs: set[int] = set()
        self._ours: list[QTextEdit.ExtraSelection] = []
        self._format = _underline_format()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.check_now)
        widget.document().contentsChange.connect(self._on_contents_change)
        widget.verticalScrollBar().valueChanged.connect(self._on_scroll)
        widget.horizontalScrollBar().valueChanged.connect(self._on_scroll)
        widget.verticalScrollBar().rangeChanged.connect(self._on_scroll)
        # The context menu through the widget's signal rather than an event filter: a filter
        # would run Python for every paint and key event of the widget.
        if widget.contextMenuPolicy() == Qt.ContextMenuPolicy.DefaultContextMenu:
            widget.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            widget.customContextMenuRequested.connect(self._show_menu)
        SpellDecorator._instances.add(self)
        self._timer.start(0)

    # -- public API -------------------------------------------------------------------------------

    @property
    def widget(self) -> TextWidget:
        return self._widget

    @property
    def engine(self) -> SpellingEngine | None:
        """The engine of the last check (None: checking off)."""
        return self._engine

    def enabled(self) -> bool:
        """Whether checking is on (the provider gives an engine)."""
        return self._provider() is not None

    def pending(self) -> bool:
        """True while a check is scheduled or running."""
        return self._timer.isActive() or bool(self._jobs)

    def check_now(self) -> None:
        """Check the blocks without a result now (visible ones first), skipping the debounce."""
        self._timer.stop()
        if not self._alive():
            return
        engine = self._current_engine()
        if engine is None:
            self._apply([])
            self.checked.emit()
            return
        visible, others = self._blocks_to_check()
        for texts in (visible, others):
            todo = [t for t in dict.fromkeys(texts) if t not in self._results]
            todo = [t for t in todo if t not in self._in_flight]
            if todo:
                self._in_flight.update(todo)
                job_id = self._service.check_texts(
                    engine, todo, functools.partial(self._on_results, engine, todo)
                )
                self._jobs.add(job_id)
        self._refresh()
        if not self._jobs:
            self.checked.emit()

    def recheck(self, *, keep_underlines: bool = False) -> None:
        """Forget all results and check again (new language or replaced word lists).

        With ``keep_underlines`` (same language, words removed from a list) the old results
        keep drawing until the new ones arrive, so the underlines do not blink.
        """
        stale = self._results if keep_underlines else {}
        engine = self._engine
        self._drop_results()
        self._stale = stale
        if not keep_underlines:
            self._engine = None
        elif engine is not self._provider():
            self._stale = {}
        self.check_now()

    def refresh(self) -> None:
        """Redraw the underlines, dropping words the engine now accepts (after add/ignore)."""
        if self._alive():
            if self._provider() is not self._engine:
                self.recheck()
            else:
                self._refresh()

    @classmethod
    def refresh_all(cls, engine: SpellingEngine | None = None) -> None:
        """Redraw every live decorator (those using ``engine`` when given)."""
        for decorator in list(cls._instances):
            if not decorator._alive():
                continue
            if engine is None or decorator._engine is engine:
                decorator.refresh()

    def misspelt_ranges(self) -> list[tuple[int, int, str]]:
        """The underlined ranges as (start, end, word) in document (UTF-16) positions."""
        ranges = []
        for selection in self._ours:
            cursor = selection.cursor
            ranges.append((cursor.selectionStart(), cursor.selectionEnd(), cursor.selectedText()))
        return ranges

    def misspelling_at(self, position: int) -> tuple[int, int, str] | None:
        """The underlined word at a document position (its end included), if any."""
        for start, end, word in self.misspelt_ranges():
            if start <= position <= end:
                return start, end, word
        return None

    def build_context_menu(self, pos: QPoint) -> QMenu:
        """The context menu for a point of the viewport: spelling entries over a misspelt word,
        then the widget's standard entries. The caller shows it and deletes it."""
        widget = self._widget
        doc_pos = QPoint(pos)
        if isinstance(widget, QTextEdit):
            doc_pos += QPoint(
                widget.horizontalScrollBar().value(), widget.verticalScrollBar().value()
            )
        menu = widget.createStandardContextMenu(doc_pos)
        position = widget.cursorForPosition(pos).position()
        found = self.misspelling_at(position)
        engine = self._engine
        if found is None or engine is None:
            return menu
        start, end, word = found
        first = menu.actions()[0] if menu.actions() else None
        entries: list[QAction] = []
        shown: list[str] = []
        if engine.loaded:
            shown, complete = engine.suggestion_search(
                word, limit=MAX_SUGGESTIONS, budget_s=MENU_BUDGET_S
            )
            complete = complete or len(shown) >= MAX_SUGGESTIONS  # the menu is full anyway
        else:
            complete = False
        for suggestion in shown:
            entries.append(self._suggestion_action(menu, start, end, word, suggestion))
        placeholder: QAction | None = None
        if not complete:
            placeholder = QAction("Looking for more suggestions…", menu)
            placeholder.setEnabled(False)
            entries.append(placeholder)
        elif not shown:
            none = QAction("No suggestions", menu)
            none.setEnabled(False)
            entries.append(none)
        if shown:
            bold = QFont(menu.font())
            bold.setBold(True)
            entries[0].setFont(bold)
        add = QAction(f"Add “{word}” to newsroom dictionary", menu)
        add.triggered.connect(functools.partial(self.add_word, word))
        ignore = QAction(f"Ignore “{word}” in this blog", menu)
        ignore.triggered.connect(functools.partial(self.ignore_word, word))
        entries += [_separator(menu), add, ignore]
        if first is not None:
            entries.append(_separator(menu))
        for action in entries:
            if first is not None:
                menu.insertAction(first, action)
            else:
                menu.addAction(action)
        if placeholder is not None:
            self._search_more(engine, menu, placeholder, start, end, word, shown)
        return menu

    def apply_suggestion(self, start: int, end: int, replacement: str) -> bool:
        """Replace document positions ``start``-``end`` by ``replacement`` as one undo step.

        Refused (False) when the text there changed since the menu opened.
        """
        document = self._widget.document()
        cursor = QTextCursor(document)
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        expected = next((w for s, e, w in self.misspelt_ranges() if (s, e) == (start, end)), None)
        if expected is None or cursor.selectedText() != expected:
            return False
        cursor.beginEditBlock()
        cursor.insertText(replacement)
        cursor.endEditBlock()
        self._widget.setTextCursor(cursor)
        return True

    def add_word(self, word: str) -> None:
        """Add the word to the newsroom dictionary: engine, application callback, every widget."""
        engine = self._engine
        if engine is not None:
            engine.add_words([word])
        if self._on_add_word is not None:
            self._on_add_word(word)
        self.wordAdded.emit(word)
        SpellDecorator.refresh_all(engine)

    def ignore_word(self, word: str) -> None:
        """Ignore the word in this blog: engine, application callback, every widget."""
        engine = self._engine
        if engine is not None:
            engine.ignore_words([word])
        if self._on_ignore_word is not None:
            self._on_ignore_word(word)
        self.wordIgnored.emit(word)
        SpellDecorator.refresh_all(engine)

    # -- Qt events --------------------------------------------------------------------------------

    def _show_menu(self, pos: QPoint) -> None:
        """Show the context menu at ``pos`` (viewport coordinates, as Qt gives them for
        scroll areas)."""
        if not self._alive():
            return
        menu = self.build_context_menu(pos)
        try:
            self._exec_menu(menu, self._widget.viewport().mapToGlobal(pos))
        finally:
            menu.deleteLater()

    def _exec_menu(self, menu: QMenu, global_pos: QPoint) -> None:
        """Show the menu and wait for it to close (tests replace this)."""
        menu.exec(global_pos)

    # -- internals --------------------------------------------------------------------------------

    def _alive(self) -> bool:
        return shiboken6.isValid(self) and shiboken6.isValid(self._widget)

    def _current_engine(self) -> SpellingEngine | None:
        engine = self._provider()
        if engine is not self._engine:
            self._drop_results()
            self._engine = engine
        return engine

    def _drop_results(self) -> None:
        for job_id in self._jobs:
            self._service.cancel(job_id)
        self._jobs.clear()
        self._in_flight.clear()
        self._results = {}
        self._stale = {}

    def _on_contents_change(self, _position: int, _removed: int, _added: int) -> None:
        self._timer.start(self._delay_ms)

    def _on_scroll(self, *_args: object) -> None:
        if not self._alive():
            return
        self._refresh()
        if not self._timer.isActive():
            visible, _others = self._blocks_to_check(include_others=False)
            if any(text not in self._results for text in visible):
                self._timer.start(SCROLL_DELAY_MS)

    def _on_results(
        self, engine: SpellingEngine, texts: list[str], results: dict[str, list[Misspelling]]
    ) -> None:
        if not self._alive():
            return
        self._in_flight.difference_update(texts)
        if engine is not self._engine:
            return
        self._results.update(results)
        self._jobs = {j for j in self._jobs if self._service.is_pending(j)}
        if not self._jobs:
            self._stale = {}
        self._refresh()
        self.checked.emit()

    def _visible_block_range(self) -> tuple[int, int]:
        widget = self._widget
        viewport = widget.viewport()
        top = widget.cursorForPosition(QPoint(0, 0)).blockNumber()
        bottom = widget.cursorForPosition(QPoint(viewport.width(), viewport.height())).blockNumber()
        return top, bottom

    def _blocks_to_check(self, include_others: bool = True) -> tuple[list[str], list[str]]:
        """Texts of the visible blocks (plus a screenful around them), then of the others."""
        document = self._widget.document()
        top, bottom = self._visible_block_range()
        margin = max(10, bottom - top)
        first, last = max(0, top - margin), bottom + margin
        visible: list[str] = []
        others: list[str] = []
        block = document.firstBlock()
        number = 0
        while block.isValid():
            text = block.text()
            if text:
                if first <= number <= last:
                    visible.append(text)
                elif include_others:
                    others.append(text)
            block = block.next()
            number += 1
        if len(self._results) > 4 * max(256, number):  # forget texts no longer in the document
            keep = set(visible) | set(others)
            self._results = {t: r for t, r in self._results.items() if t in keep}
        return visible, others

    def _refresh(self) -> None:
        """Draw the underlines of the visible blocks (and a screenful around) from the results."""
        engine = self._engine
        if engine is None:
            self._apply([])
            return
        can_recheck = engine.loaded  # never load a dictionary on the GUI thread
        document = self._widget.document()
        top, bottom = self._visible_block_range()
        margin = max(50, bottom - top)
        block = document.findBlockByNumber(max(0, top - margin))
        last = bottom + margin
        spans: list[tuple[int, int]] = []
        while block.isValid() and block.blockNumber() <= last:
            text = block.text()
            found = self._results[text] if text in self._results else self._stale.get(text)
            if found:
                offsets = utf16_offsets(text) if not text.isascii() else None
                base = block.position()
                for miss in found:
                    if can_recheck and engine.is_correct(miss.word):
                        continue
                    if offsets is None:
                        spans.append((base + miss.start, base + miss.end))
                    else:
                        spans.append((base + offsets[miss.start], base + offsets[miss.end]))
            block = block.next()
        self._apply(spans)

    def _apply(self, spans: list[tuple[int, int]]) -> None:
        current = [(s.cursor.selectionStart(), s.cursor.selectionEnd()) for s in self._ours]
        if current == spans:
            return
        document = self._widget.document()
        ours = []
        for start, end in spans:
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(document)
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor
            selection.format = self._format
            ours.append(selection)
        foreign = [
            s for s in self._widget.extraSelections() if not s.format.hasProperty(_SPELLING_MARK)
        ]
        self._ours = ours
        self._widget.setExtraSelections(foreign + ours)

    def _suggestion_action(
        self, menu: QMenu, start: int, end: int, word: str, suggestion: str
    ) -> QAction:
        action = QAction(suggestion, menu)
        action.setData(suggestion)
        action.triggered.connect(functools.partial(self.apply_suggestion, start, end, suggestion))
        return action

    def _search_more(
        self,
        engine: SpellingEngine,
        menu: QMenu,
        placeholder: QAction,
        start: int,
        end: int,
        word: str,
        shown: list[str],
    ) -> None:
        """Carry the suggestion search on in a worker; fill the menu if it is still there."""

        def fill(found: list[str]) -> None:
            if not (shiboken6.isValid(menu) and shiboken6.isValid(placeholder) and self._alive()):
                return
            room = MAX_SUGGESTIONS - len(shown)
            added = [s for s in found if s not in shown][: max(0, room)]
            for suggestion in added:
                action = self._suggestion_action(menu, start, end, word, suggestion)
                menu.insertAction(placeholder, action)
            if added or shown:
                menu.removeAction(placeholder)
            else:
                placeholder.setText("No suggestions")

        job_id = self._service.find_suggestions(engine, word, fill, limit=MAX_SUGGESTIONS)
        menu.destroyed.connect(lambda *_: self._service.cancel(job_id))


def _separator(menu: QMenu) -> QAction:
    action = QAction(menu)
    action.setSeparator(True)
    return action


# --------------------------------------------------------------------------------------------
# The application hub


class SpellChecking(QObject):
    """The application's spell checking: the engine for the current blog, callbacks to the store,
    the status bar text, and every decorated widget.

    Pass it as the ``engine_provider`` of decorators (it is callable), or call :meth:`decorate`.
    """

    statusChanged = Signal(str)
    wordAdded = Signal(str)
    wordIgnored = Signal(str)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        on_add_word: Callable[[str], object] | None = None,
        on_ignore_word: Callable[[str], object] | None = None,
        service: SpellCheckService | None = None,
    ) -> None:
        super().__init__(parent)
        self._on_add_word = on_add_word
        self._on_ignore_word = on_ignore_word
        self._service = service
        self._language = ""
        self._engine: SpellingEngine | None = None
        self._enabled = True
        self._decorators: list[SpellDecorator] = []

    def __call__(self) -> SpellingEngine | None:
        return self.engine()

    def engine(self) -> SpellingEngine | None:
        """The engine in use, or None when checking is off."""
        return self._engine if self._enabled else None

    @property
    def language(self) -> str:
        return self._language

    def service(self) -> SpellCheckService:
        return self._service or SpellCheckService.shared()

    def set_language(
        self, language: str, extra_words: Iterable[str] = (), ignored_words: Iterable[str] = ()
    ) -> None:
        """Use a blog's language with the newsroom dictionary and the blog's ignore list.

        Called when a blog is opened or its language setting changes. A language without a
        dictionary turns checking off (underlines cleared) with a note in :meth:`status_text`.
        """
        self._language = language
        self._engine = engine_for_language(language, extra_words, ignored_words)
        if self._engine is not None and not self._engine.loaded:
            self.service().preload(self._engine)
        self._recheck_all()
        self.statusChanged.emit(self.status_text())

    def set_enabled(self, enabled: bool) -> None:
        """The user's on/off switch (View > Check spelling)."""
        if enabled != self._enabled:
            self._enabled = enabled
            self._recheck_all()
            self.statusChanged.emit(self.status_text())

    def is_active(self) -> bool:
        return self.engine() is not None

    def status_text(self) -> str:
        """The status bar text.

        "Spellcheck: en", "Spellcheck off: no dictionary for 'ja'" or "Spellcheck off".
        """
        if not self._enabled:
            return "Spellcheck off"
        return spelling_status(self._language)

    def set_dictionary_words(self, words: Iterable[str]) -> None:
        """Replace the newsroom words (after the dictionary dialog or a change in the store).

        Added words only take underlines away, at once; removed ones need the text checked
        again, which happens in the worker while the present underlines stay up.
        """
        if self._engine is not None:
            self._update_all(self._engine.set_words(words))

    def set_ignored_words(self, words: Iterable[str]) -> None:
        """Replace the blog's ignored words (as :meth:`set_dictionary_words`)."""
        if self._engine is not None:
            self._update_all(self._engine.set_ignored(words))

    def _update_all(self, words_removed: bool) -> None:
        for decorator in self.decorators():
            if words_removed:
                decorator.recheck(keep_underlines=True)
            else:
                decorator.refresh()

    def add_word(self, word: str) -> None:
        if self._on_add_word is not None:
            self._on_add_word(word)
        self.wordAdded.emit(word)

    def ignore_word(self, word: str) -> None:
        if self._on_ignore_word is not None:
            self._on_ignore_word(word)
        self.wordIgnored.emit(word)

    def decorate(self, widget: TextWidget, *, delay_ms: int = CHECK_DELAY_MS) -> SpellDecorator:
        """Underline misspellings in ``widget`` with this hub's engine and callbacks."""
        decorator = SpellDecorator(
            widget,
            self,
            on_add_word=self.add_word,
            on_ignore_word=self.ignore_word,
            service=self.service(),
            delay_ms=delay_ms,
        )
        self._decorators.append(decorator)
        return decorator

    def decorators(self) -> list[SpellDecorator]:
        self._decorators = [d for d in self._decorators if d._alive()]
        return list(self._decorators)

    def _recheck_all(self) -> None:
        for decorator in self.decorators():
            decorator.recheck()

    def _refresh_all(self) -> None:
        for decorator in self.decorators():
            decorator.refresh()


# --------------------------------------------------------------------------------------------
# A one-line field with underlines


class SpellLineEdit(QPlainTextEdit):
    """A single-line text field that can show spelling underlines, for headlines, captions and
    alt texts.

    QLineEdit cannot draw extra selections, so this is a QPlainTextEdit that behaves like a line
    edit: no wrapping, no newlines (Enter emits ``returnPressed`` and ``editingFinished``, pasted
    or dropped newlines become spaces), one line high, ``text()``/``setText()``, ``textEdited``
    for user edits only, placeholder text, and Tab moves the focus.
    """

    textEdited = Signal(str)
    returnPressed = Signal()
    editingFinished = Signal()

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._programmatic = 0
        self._edited_since_focus = False
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.setWordWrapMode(QTextOption.WrapMode.NoWrap)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTabChangesFocus(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.document().setDocumentMargin(2)
        self.document().contentsChanged.connect(self._on_contents_changed)
        self._update_height()
        if text:
            self.setText(text)

    def text(self) -> str:
        return self.toPlainText()

    def setText(self, text: str) -> None:
        """Replace the text (not an edit: no ``textEdited``; the undo history is cleared)."""
        self._programmatic += 1
        try:
            self.setPlainText(_one_line(text))
        finally:
            self._programmatic -= 1
        cursor = self.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End)
        self.setTextCursor(cursor)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(max(160, hint.width() // 2), self._line_height())

    def minimumSizeHint(self) -> QSize:
        return QSize(40, self._line_height())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            self.returnPressed.emit()
            self._finish_editing()
            return
        super().keyPressEvent(event)

    def insertFromMimeData(self, source: Any) -> None:
        if source.hasText():
            self.textCursor().insertText(_one_line(source.text()))
        else:
            super().insertFromMimeData(source)

    def focusOutEvent(self, event: Any) -> None:
        super().focusOutEvent(event)
        if self._edited_since_focus:
            self._finish_editing()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._update_height()

    def _finish_editing(self) -> None:
        self._edited_since_focus = False
        self.editingFinished.emit()

    def _on_contents_changed(self) -> None:
        document = self.document()
        if document.blockCount() > 1:  # set by a path we did not intercept: join the lines
            self._programmatic += 1
            try:
                cursor = QTextCursor(document)
                cursor.joinPreviousEditBlock()
                cursor.select(QTextCursor.SelectionType.Document)
                cursor.insertText(_one_line(self.toPlainText()))
                cursor.endEditBlock()
                self.setTextCursor(cursor)
            finally:
                self._programmatic -= 1
        if not self._programmatic:
            self._edited_since_focus = True
            self.textEdited.emit(self.toPlainText())

    def _line_height(self) -> int:
        metrics = QFontMetricsF(self.font())
        margins = self.contentsMargins()
        document_margin = self.document().documentMargin()
        extra = margins.top() + margins.bottom() + 2 * document_margin + 2
        return int(metrics.height() + extra + 0.999)

    def _update_height(self) -> None:
        self.setFixedHeight(self._line_height())


def _one_line(text: str) -> str:
    return " ".join(text.replace("\r\n", "\n").replace("\u2029", "\n").splitlines())


# --------------------------------------------------------------------------------------------
# The newsroom dictionary dialog


class DictionaryProvider(Protocol):
    """Where the newsroom dictionary lives (the store)."""

    def list_words(self) -> list[str]: ...

    def add_words(self, words: list[str]) -> None: ...

    def remove_words(self, words: list[str]) -> None: ...


class CallbackDictionary:
    """A :class:`DictionaryProvider` made of three callables, e.g. the store's methods::

        CallbackDictionary(store.dictionary_words, store.add_dictionary_words,
                           store.remove_dictionary_words)
    """

    def __init__(
        self,
        list_words: Callable[[], Iterable[str]],
        add_words: Callable[[list[str]], object],
        remove_words: Callable[[list[str]], object],
    ) -> None:
        self._list = list_words
        self._add = add_words
        self._remove = remove_words

    def list_words(self) -> list[str]:
        return list(self._list())

    def add_words(self, words: list[str]) -> None:
        self._add(words)

    def remove_words(self, words: list[str]) -> None:
        self._remove(words)


class DictionaryDialog(QDialog):
    """Lists the newsroom dictionary (filterable), adds and removes words, imports and exports a
    plain word list. Changes go to the provider at once (every edit reaches the store)."""

    def __init__(self, provider: DictionaryProvider, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._provider = provider
        self.changed = False
        self.setWindowTitle("Newsroom Dictionary")
        self.setObjectName("DictionaryDialog")

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText("Filter words")
        self.filter_edit.setClearButtonEnabled(True)

        self._model = QStringListModel(self)
        self._proxy = QSortFilterProxyModel(self)
        self._proxy.setSourceModel(self._model)
        self._proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._proxy.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.word_list = QListView(self)
        self.word_list.setModel(self._proxy)
        self.word_list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.word_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)

        self.new_word_edit = QLineEdit(self)
        self.new_word_edit.setPlaceholderText("New word")
        self.add_button = QPushButton("&Add", self)
        self.remove_button = QPushButton("&Remove", self)
        self.import_button = QPushButton("&Import…", self)
        self.export_button = QPushButton("&Export…", self)
        self.count_label = QLabel(self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)

        add_row = QHBoxLayout()
        add_row.addWidget(self.new_word_edit, 1)
        add_row.addWidget(self.add_button)
        file_row = QHBoxLayout()
        file_row.addWidget(self.remove_button)
        file_row.addStretch(1)
        file_row.addWidget(self.import_button)
        file_row.addWidget(self.export_button)
        line = QFrame(self)
        line.setFrameShape(QFrame.Shape.HLine)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.word_list, 1)
        layout.addWidget(self.count_label)
        layout.addLayout(add_row)
        layout.addLayout(file_row)
        layout.addWidget(line)
        layout.addWidget(buttons)

        self.filter_edit.textChanged.connect(self._proxy.setFilterFixedString)
        self.new_word_edit.returnPressed.connect(self._add_typed_word)
        self.add_button.clicked.connect(self._add_typed_word)
        self.remove_button.clicked.connect(self.remove_selected)
        self.import_button.clicked.connect(self._ask_import)
        self.export_button.clicked.connect(self._ask_export)
        self.word_list.selectionModel().selectionChanged.connect(self._update_buttons)
        self.new_word_edit.textChanged.connect(self._update_buttons)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        self.resize(360, 480)
        self.reload()

    @staticmethod
    def edit(parent: QWidget | None, provider: DictionaryProvider) -> bool:
        """Show the dialog; True when the dictionary was changed."""
        dialog = DictionaryDialog(provider, parent)
        try:
            dialog.exec()
            return dialog.changed
        finally:
            dialog.deleteLater()

    def words(self) -> list[str]:
        """The words listed (all of them, whatever the filter)."""
        return list(self._model.stringList())

    def visible_words(self) -> list[str]:
        """The words the filter lets through, in display order."""
        return [self._proxy.index(row, 0).data() for row in range(self._proxy.rowCount())]

    def reload(self) -> None:
        words = sorted(self._provider.list_words(), key=lambda w: (w.casefold(), w))
        self._model.setStringList(words)
        self._proxy.sort(0)
        self.count_label.setText(f"{len(words)} words")
        self._update_buttons()

    def add_words(self, words: Iterable[str]) -> list[str]:
        """Add words not yet in the dictionary; returns those added."""
        present = {w.casefold() for w in self.words()}
        new: list[str] = []
        for word in words:
            word = word.strip()
            if word and " " not in word and word.casefold() not in present:
                present.add(word.casefold())
                new.append(word)
        if new:
            self._provider.add_words(new)
            self.changed = True
            self.reload()
        return new

    def remove_words(self, words: Iterable[str]) -> None:
        words = list(words)
        if words:
            self._provider.remove_words(words)
            self.changed = True
            self.reload()

    def selected_words(self) -> list[str]:
        return [index.data() for index in self.word_list.selectionModel().selectedRows()]

    def remove_selected(self) -> None:
        self.remove_words(self.selected_words())

    def import_file(self, path: str | Path) -> int:
        """Add the words of a plain word list file; returns how many were new."""
        return len(self.add_words(load_wordlist(path)))

    def export_file(self, path: str | Path) -> None:
        """Write the dictionary as a plain word list, one word a line."""
        save_wordlist(path, self.words())

    def _add_typed_word(self) -> None:
        text = self.new_word_edit.text().strip()
        if text:
            self.add_words(text.split())
            self.new_word_edit.clear()

    def _ask_import(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, "Import Word List", "", "Word lists (*.txt *.dic);;All files (*)"
        )
        if not path:
            return
        try:
            count = self.import_file(path)
        except (OSError, UnicodeDecodeError) as error:
            QMessageBox.warning(self, "Import Word List", f"Could not read the file:\n{error}")
            return
        self.count_label.setText(f"{len(self.words())} words ({count} imported)")

    def _ask_export(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, "Export Word List", "newsroom-dictionary.txt", "Word lists (*.txt)"
        )
        if not path:
            return
        try:
            self.export_file(path)
        except OSError as error:
            QMessageBox.warning(self, "Export Word List", f"Could not write the file:\n{error}")

    def _update_buttons(self, *_args: object) -> None:
        self.remove_button.setEnabled(bool(self.word_list.selectionModel().selectedRows()))
        self.add_button.setEnabled(bool(self.new_word_edit.text().strip()))
        self.export_button.setEnabled(bool(self._model.rowCount()))
