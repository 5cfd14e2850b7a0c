"""The editor's desk: blog switcher, post list, post editor, docks, menus and autosave.

Every connection between widgets, the store hub and the undo commands is made in
``MainWindow._connect`` (STYLE.md item 2), so a reader finds the wiring in one place.
"""

from __future__ import annotations

import contextlib
import itertools
import mimetypes
import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QSettings,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QKeySequence,
    QPaintEvent,
    QUndoCommand,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QSplitter,
    QStyle,
    QStyleOptionComboBox,
    QStylePainter,
    QTextEdit,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from desktop import commands
from desktop.actions import build_actions
from desktop.commands_tags import SetPostTags
from desktop.dialogs.blog_properties import ask_blog_properties
from desktop.dialogs.messages import confirm_delete, show_error
from desktop.dialogs.revisions import ask_revision
from desktop.hub import StoreHub
from desktop.settings import (
    add_recent_store,
    last_blog_id,
    open_settings,
    read_bytes,
    recent_stores,
    remove_recent_store,
    set_last_blog_id,
)
from storage import (
    Blog,
    BlogStore,
    InvalidInputError,
    NotFoundError,
    Post,
    StorageFailure,
    StoreError,
)
from storage.backup import backup_folder, backup_store_file
from storage.paths import STORE_SUFFIX
from widgets import icons
from widgets.check_panel import CheckPanel
from widgets.post_editor import PostEditor
from widgets.post_list import PostListModel, PostListView
from widgets.preview import PreviewPane
from widgets.search_bar import SearchBar
from widgets.spelling import SpellChecking
from widgets.summary_panel import SummaryPanel
from widgets.tag_editor import TagChipEditor
from widgets.tag_filter import PostFilter, TagFilterBar

os.environ.setdefault("QT_API", "pyside6")

#: Labels offered in the editor (any other text is allowed too).
LABELS = ["Analysis", "Breaking", "Catch up", "Explainer", "Fact check", "Key event", "Latest",
          "Opinion", "Watch"]
AUTOSAVE_MS = 1000
#: Keep a revision after this many seconds of editing at most (checked on each autosave).
REVISION_INTERVAL_S = 180
#: A verified backup of the store every 30 minutes while it is open (and one on opening).
BACKUP_INTERVAL_MS = 30 * 60 * 1000
#: The backup made on opening a store starts this long after the window first painted.
OPEN_BACKUP_DELAY_MS = 5000
FILE_FILTER = f"Livedesk stores (*{STORE_SUFFIX});;All files (*)"
TEXT_FIELDS = ("headline", "body", "update_note")


class ElidingComboBox(QComboBox):
    """A combo box that elides a long current text with "…" instead of cutting it."""

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        field = self.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                            QStyle.SubControl.SC_ComboBoxEditField, self)
        option.currentText = self.fontMetrics().elidedText(
            option.currentText, Qt.TextElideMode.ElideRight, field.width())
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)
        del event


class TagPanel(QWidget):
    """The Tags dock: the current post's tags as chips, and the library's tag manager."""

    def __init__(self, editor: QWidget, manage: QAction, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Tags of the current post")
        self.editor = editor
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 6)
        hint = QLabel("Topic tags of the current post. Type a tag and press Enter.", self)
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addWidget(editor)
        button = QToolButton(self)
        button.setDefaultAction(manage)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        layout.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)


class MainWindow(QMainWindow):
    """One store's window. ``store_requested(path)`` asks the app to open another store."""

    store_requested = Signal(str)
    new_store_requested = Signal(str)
    _backup_failed = Signal(str)

    def __init__(self, store: BlogStore, settings: QSettings | None = None, *,
                 defer_startup: bool = False) -> None:
        """``defer_startup``: leave what the first screen does not need (the spelling
        dictionary, the backup on opening) to :meth:`finish_startup`, which the app calls
        once this window has painted."""
        super().__init__()
        self.store = store
        self.settings = settings if settings is not None else open_settings()
        self.hub = StoreHub(store, self)
        self.undo_stack = QUndoStack(self)
        self.current_blog_id: int | None = None
        self.blog: Blog | None = None
        #: Opened read-only (another Livedesk has the store open for writing): no edits.
        self.read_only = bool(getattr(store, "read_only", False))
        #: Close the store when the window closes (the app sets it for the stores it opened).
        self.owns_store = False
        self._restoring = False
        self._saving = False
        self._failure_shown = False
        self._closed = False
        self._command_depth = 0
        self._loaded_text: dict[str, Any] | None = None
        self.last_saved: datetime | None = None
        #: Until ``finish_startup``: the spelling language waits (its dictionary load would
        #: compete with the first paint for the interpreter).
        self._starting = defer_startup

        self.setObjectName("mainWindow")
        self.setWindowTitle("Livedesk")
        icons.when_ready(lambda: isValid(self)
                         and self.setWindowIcon(icons.icon("fa5s.broadcast-tower")))
        self.actions = build_actions(self)
        self._backup_pool = QThreadPool(self)
        self._backup_pool.setMaxThreadCount(1)
        self._backup_failed.connect(self._on_backup_failed)
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setSingleShot(True)
        self.autosave_timer.setInterval(AUTOSAVE_MS)

        self._build_central()
        self._build_docks()
        self._build_spelling()
        self._build_menus()
        self._build_toolbar()
        self._build_status_bar()
        self._connect()
        self._set_tab_order()
        if self.read_only:
            self.post_list.setDragEnabled(False)
            self.save_label.setText("Read-only")
            self.save_label.setToolTip("Another Livedesk has this store open for writing.")
        self._restore_layout()
        self._fill_blog_switcher()
        blogs = store.list_blogs()
        wanted = last_blog_id(self.settings, store.path)
        if blogs:
            ids = [b.id for b in blogs]
            self.open_blog(wanted if wanted in ids else ids[0])
        else:
            self.open_blog(None)
        self.post_list.setFocus(Qt.FocusReason.OtherFocusReason)

    # ------------------------------------------------------------------------------- start-up

    def finish_startup(self) -> list[Callable[[], None]]:
        """The steps a deferred start-up left for after the first paint, to run one per turn
        of the event loop: the store's write machinery (sqlite-utils, so the first save does
        not wait for its import), the spelling dictionary (loaded by a worker), then the backup
        made on opening a store, a few seconds later (a worker copies the whole file: on a
        large store that is seconds of disk work the first moments of editing need not
        share)."""

        def writes() -> None:
            if not self.read_only:
                _ = self.store.db

        def spelling() -> None:
            self._starting = False
            self._set_spelling_language()

        def backup_soon() -> None:
            QTimer.singleShot(OPEN_BACKUP_DELAY_MS, self,
                              lambda: self._closed or self.backup_in_background("open"))

        return [writes, spelling, backup_soon]

    def startup_settled(self) -> bool:
        """The start-up work is done: icons made, the spelling dictionary loaded and the text
        on screen checked (``make bench`` measures memory from here)."""
        if self._starting or icons.held():
            return False
        if self.spelling is None or self.spelling.engine() is None:
            return True
        return bool(self.spelling.engine().loaded) and self.spelling.service().pending() == 0

    # -------------------------------------------------------------------------------- building

    def _build_central(self) -> None:
        self.post_model = PostListModel(self.store, self)
        self.post_list = PostListView(self)
        self.post_list.setModel(self.post_model)

        self.search_bar: SearchBar | None = SearchBar(self)
        self.tag_filter: TagFilterBar | None = TagFilterBar(self.hub, self)
        self.post_filter: PostFilter | None = PostFilter(self.hub, self)
        if self.search_bar is not None:
            self.search_bar.hide()

        list_panel = QWidget(self)
        list_panel.setObjectName("postListPanel")
        layout = QVBoxLayout(list_panel)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        for widget in (self.search_bar, self.tag_filter):
            if widget is not None:
                layout.addWidget(widget)
        layout.addWidget(self.post_list, 1)

        self.editor = PostEditor(self)
        self.editor.setObjectName("postEditor")

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(list_panel)
        self.splitter.addWidget(self.editor)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([360, 760])
        self.setCentralWidget(self.splitter)

        self.blog_switcher = ElidingComboBox(self)
        self.blog_switcher.setObjectName("blogSwitcher")
        self.blog_switcher.setAccessibleName("Blog")
        self.blog_switcher.setToolTip("The live blog you are editing")
        self.blog_switcher.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.blog_switcher.setMinimumContentsLength(34)

    def _build_docks(self) -> None:
        """Docks for the key points and the tags, when their widgets are installed."""
        self.summary_dock: QDockWidget | None = None
        self.tags_dock: QDockWidget | None = None
        self.summary_panel: QWidget | None = None
        self.tag_panel: QWidget | None = None
        self.summary_panel = SummaryPanel(self.hub, self.undo_stack, self)
        self.summary_dock = self._add_dock("summaryDock", "Summary", self.summary_panel)
        self.tag_editor: QWidget | None = TagChipEditor(self.hub, self)
        self.tag_panel = TagPanel(self.tag_editor, self.actions.manage_tags, self)
        self.tags_dock = self._add_dock("tagsDock", "Tags", self.tag_panel)
        if self.summary_dock is not None and self.tags_dock is not None:
            self.splitDockWidget(self.summary_dock, self.tags_dock, Qt.Orientation.Vertical)
            self.resizeDocks([self.summary_dock, self.tags_dock], [520, 160],
                             Qt.Orientation.Vertical)
        if self.summary_dock is not None:
            self.resizeDocks([self.summary_dock], [270], Qt.Orientation.Horizontal)
        # Issue 5: the rendered page and the pre-export checks, as tabs beside the key points.
        self.preview = PreviewPane(self.hub, self)
        self.preview_dock = self._add_dock("previewDock", "Preview", self.preview)
        self.check_panel = CheckPanel(self.hub, self)
        self.checks_dock = self._add_dock("checksDock", "Checks", self.check_panel)
        if self.summary_dock is not None:
            self.tabifyDockWidget(self.summary_dock, self.preview_dock)
            self.tabifyDockWidget(self.preview_dock, self.checks_dock)
            self.summary_dock.raise_()

    def _set_tab_order(self) -> None:
        """Blog switcher, filters, post list, then the editor's fields top to bottom."""
        chain: list[QWidget] = [self.blog_switcher]
        if self.search_bar is not None:
            chain.append(self.search_bar.line_edit)
        if self.tag_filter is not None:
            chain.append(self.tag_filter.tags_button)
        chain.append(self.post_list)
        editor_chain = getattr(self.editor, "tab_chain", None)
        first_field = editor_chain()[0] if callable(editor_chain) else self.editor
        chain.append(first_field)
        for before, after in itertools.pairwise(chain):
            QWidget.setTabOrder(before, after)

    def _build_spelling(self) -> None:
        """Spell checking of the editor's fields."""
        self.spelling = SpellChecking(self, on_add_word=self._add_dictionary_word,
                                      on_ignore_word=self._ignore_word)
        enabled = self.settings.value("spelling/enabled", True, type=bool)
        self.actions.check_spelling.setChecked(bool(enabled))
        self.spelling.set_enabled(bool(enabled))

    def _decorate_text_widgets(self) -> None:
        if self.spelling is None:
            return
        for widget in self.editor.text_widgets():
            if isinstance(widget, QTextEdit | QPlainTextEdit) and not widget.property(
                    "spellDecorated"):
                widget.setProperty("spellDecorated", True)
                self.spelling.decorate(widget)

    def _add_dictionary_word(self, word: str) -> None:
        try:
            self.store.add_dictionary_words([word])
        except StoreError as error:
            self.statusBar().showMessage(f"Could not add “{word}”: {error}", 8000)

    def _ignore_word(self, word: str) -> None:
        if self.current_blog_id is None:
            return
        try:
            self.store.ignore_word(self.current_blog_id, word)
        except StoreError as error:
            self.statusBar().showMessage(f"Could not ignore “{word}”: {error}", 8000)

    def _set_spelling_language(self) -> None:
        if self.spelling is None or self._starting:
            return
        if self.blog is None:
            self.spelling.set_language("en", self.store.dictionary_words())
            return
        self.spelling.set_language(self.blog.language, self.store.dictionary_words(),
                                   self.store.ignored_words(self.blog.id))

    def _on_dictionary_changed(self) -> None:
        if self.spelling is None:
            return
        self.spelling.set_dictionary_words(self.store.dictionary_words())
        if self.current_blog_id is not None:
            self.spelling.set_ignored_words(self.store.ignored_words(self.current_blog_id))

    def _toggle_spelling(self, enabled: bool) -> None:
        self.settings.setValue("spelling/enabled", enabled)
        if self.spelling is not None:
            self.spelling.set_enabled(enabled)

    def _on_spelling_status(self, text: str) -> None:
        self.spell_label.setText(text)

    def _add_dock(self, name: str, title: str, widget: QWidget) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setAccessibleName(title)
        dock.setAllowedAreas(Qt.DockWidgetArea.LeftDockWidgetArea
                             | Qt.DockWidgetArea.RightDockWidgetArea)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        return dock

    def _build_menus(self) -> None:
        a = self.actions
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addActions([a.new_store, a.open_store])
        self.recent_menu = QMenu("Open &Recent", self)
        self.recent_menu.setObjectName("recentMenu")
        file_menu.addMenu(self.recent_menu)
        file_menu.addSeparator()
        file_menu.addActions([a.new_blog, a.blog_properties])
        file_menu.addSeparator()
        file_menu.addActions([a.export, a.open_in_browser])
        file_menu.addSeparator()
        file_menu.addActions([a.save_now, a.restore_backup])
        file_menu.addSeparator()
        file_menu.addAction(a.quit)

        # Own actions rather than QUndoStack.createUndoAction: the typing is saved (and kept as
        # an undo step) before the stack undoes anything.
        self.undo_action = QAction("&Undo", self)
        self.undo_action.setShortcuts(QKeySequence.StandardKey.Undo)
        icons.set_icon(self.undo_action, "fa5s.undo")
        self.redo_action = QAction("&Redo", self)
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        icons.set_icon(self.redo_action, "fa5s.redo")
        self.undo_action.setEnabled(False)
        self.redo_action.setEnabled(False)
        self.actions.add("undo", self.undo_action)
        self.actions.add("redo", self.redo_action)
        edit_menu = bar.addMenu("&Edit")
        edit_menu.addActions([self.undo_action, self.redo_action])
        edit_menu.addSeparator()
        edit_menu.addAction(a.find)

        post_menu = bar.addMenu("&Post")
        post_menu.addActions([a.new_post, a.publish, a.pin, a.duplicate, a.delete])
        post_menu.addSeparator()
        post_menu.addActions([a.move_up, a.move_down, a.move_top, a.resort])
        post_menu.addSeparator()
        post_menu.addActions([a.add_key_point, a.revisions])

        go_menu = bar.addMenu("&Go")
        go_menu.addActions([a.next_post, a.previous_post])
        go_menu.addSeparator()
        go_menu.addActions([a.focus_list, a.focus_editor])

        self.view_menu = bar.addMenu("&View")
        for dock in (self.summary_dock, self.tags_dock, self.preview_dock, self.checks_dock):
            if dock is not None:
                self.view_menu.addAction(dock.toggleViewAction())
        tools_menu = bar.addMenu("&Tools")
        tools_menu.addActions([a.check_spelling, a.dictionary, a.manage_tags])
        self.post_list.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        for name in ("publish", "pin", "duplicate", "move_up", "move_down", "move_top",
                     "add_key_point", "revisions", "delete"):
            self.post_list.addAction(a[name])
        separator = QAction(self.post_list)
        separator.setSeparator(True)
        self.post_list.insertAction(a.move_up, separator)

    def _build_toolbar(self) -> None:
        a = self.actions
        toolbar = QToolBar("Main toolbar", self)
        toolbar.setObjectName("mainToolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.setMovable(False)
        self.addToolBar(toolbar)
        blog_label = QLabel(" Blog: ", self)
        blog_label.setBuddy(self.blog_switcher)
        toolbar.addWidget(blog_label)
        toolbar.addWidget(self.blog_switcher)
        toolbar.addAction(a.blog_properties)
        toolbar.addSeparator()
        toolbar.addAction(a.new_post)
        toolbar.addAction(a.publish)
        toolbar.addAction(a.pin)
        toolbar.addSeparator()
        for action in (a.move_up, a.move_down, self.undo_action, self.redo_action, a.find):
            toolbar.addAction(action)
            button = toolbar.widgetForAction(action)
            if button is not None:
                button.setProperty("iconOnly", True)
                button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        self.toolbar = toolbar

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        self.count_label = QLabel(self)
        self.count_label.setAccessibleName("Post count")
        self.words_label = QLabel(self)
        self.words_label.setAccessibleName("Word count of the current post")
        self.save_label = QLabel("All changes saved", self)
        self.save_label.setAccessibleName("Save state")
        self.spell_label = QLabel(self)
        self.spell_label.setAccessibleName("Spell checking")
        for label in (self.count_label, self.words_label, self.spell_label, self.save_label):
            label.setContentsMargins(8, 0, 8, 0)
            status.addPermanentWidget(label)

    # ------------------------------------------------------------------------------- wiring

    def _connect(self) -> None:
        """Every connection between widgets, the store hub and the commands."""
        a = self.actions
        hub = self.hub
        # Store changes -> views.
        hub.order_changed.connect(self._on_order_changed)
        hub.posts_changed.connect(self._on_posts_changed)
        hub.tags_changed.connect(self.post_model.refresh_tags)
        hub.blogs_changed.connect(self._on_blogs_changed)
        hub.reset.connect(self._on_reset)
        hub.saved.connect(self._on_saved)
        # Post list.
        self.post_list.selectionModel().currentChanged.connect(self._on_current_changed)
        self.post_list.selectionModel().selectionChanged.connect(self._update_actions)
        self.post_list.activated.connect(self._on_row_activated)
        self.post_model.move_requested.connect(self._on_move_requested)
        self.post_model.modelReset.connect(self._update_counts)
        self.post_model.rowsInserted.connect(self._update_counts)
        # Filters (issue 4).
        if self.post_filter is not None:
            self.post_filter.changed.connect(self._apply_filter)
            if self.search_bar is not None:
                self.search_bar.search_changed.connect(self.post_filter.set_search_text)
                self.search_bar.closed.connect(self._focus_list)
                self.post_filter.counted.connect(self._on_filter_counted)
            if self.tag_filter is not None:
                self.tag_filter.filter_changed.connect(
                    lambda: self.post_filter.set_from_bar(self.tag_filter))  # type: ignore
        # Tags of the current post, spelling, search highlight (issue 4 and spelling).
        if self.tag_editor is not None:
            self.tag_editor.tags_edited.connect(self._on_tags_edited)  # type: ignore[attr-defined]
        if self.spelling is not None:
            self.spelling.statusChanged.connect(self._on_spelling_status)
            hub.dictionary_changed.connect(self._on_dictionary_changed)
            if hasattr(self.editor, "text_widgets_changed"):
                self.editor.text_widgets_changed.connect(self._decorate_text_widgets)
        a.check_spelling.toggled.connect(self._toggle_spelling)
        a.manage_tags.triggered.connect(self.manage_tags)
        if self.post_filter is not None:
            self.post_filter.changed.connect(self._highlight_search_terms)
        # Editor -> autosave and commands.
        self.editor.text_edited.connect(self._on_text_edited)
        self.editor.structural_edit.connect(self._on_structural_edit)
        self.autosave_timer.timeout.connect(self.flush_edits)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_focus_changed)
        # Blog switcher and undo stack.
        self.blog_switcher.activated.connect(self._on_blog_chosen)
        self.undo_stack.indexChanged.connect(self._update_actions)
        self.undo_stack.indexChanged.connect(self._update_undo_actions)
        self.undo_stack.cleanChanged.connect(self._update_undo_actions)
        self.undo_action.triggered.connect(self.undo)
        self.redo_action.triggered.connect(self.redo)
        # Actions.
        a.new_store.triggered.connect(self.new_store)
        a.open_store.triggered.connect(self.open_store)
        a.new_blog.triggered.connect(self.new_blog)
        a.blog_properties.triggered.connect(self.edit_blog_properties)
        a.save_now.triggered.connect(self.save_now)
        a.quit.triggered.connect(self.close)
        a.find.triggered.connect(self.find)
        a.new_post.triggered.connect(self.new_post)
        a.publish.triggered.connect(self.toggle_publish)
        a.pin.triggered.connect(self.toggle_pin)
        a.move_up.triggered.connect(self.move_up)
        a.move_down.triggered.connect(self.move_down)
        a.move_top.triggered.connect(self.move_to_top)
        a.resort.triggered.connect(self.resort_newest_first)
        a.duplicate.triggered.connect(self.duplicate_post)
        a.delete.triggered.connect(self.delete_posts)
        a.revisions.triggered.connect(self.show_revisions)
        a.next_post.triggered.connect(lambda: self._step_post(1))
        a.previous_post.triggered.connect(lambda: self._step_post(-1))
        a.focus_list.triggered.connect(self._focus_list)
        a.focus_editor.triggered.connect(self.editor.focus_headline)
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        # Export, checks and preview (issue 5); key points and filters (issue 4); dictionary.
        a.export.triggered.connect(self.export_blog)
        a.open_in_browser.triggered.connect(self.preview.open_in_browser)
        a.restore_backup.triggered.connect(self.restore_from_backup)
        a.dictionary.triggered.connect(self.edit_dictionary)
        a.add_key_point.triggered.connect(self.add_key_point)
        self.check_panel.post_activated.connect(self._jump_to_uid)
        # The preview renders and the checks run only while their tab is the one on screen.
        self.preview_dock.visibilityChanged.connect(self.preview.set_shown)
        self.checks_dock.visibilityChanged.connect(self.check_panel.set_shown)
        if self.summary_panel is not None:
            self.summary_panel.post_link_activated.connect(  # type: ignore[attr-defined]
                self._jump_to_post)
        if self.post_filter is not None and self.tag_filter is not None:
            self.post_filter.counted.connect(self.tag_filter.set_count)
        # Backups: one on opening, then every 30 minutes (on a worker thread).
        self.backup_timer = QTimer(self)
        self.backup_timer.setInterval(BACKUP_INTERVAL_MS)
        self.backup_timer.timeout.connect(lambda: self.backup_in_background("auto"))
        if self.store.path is not None and not self.read_only:
            self.backup_timer.start()

    def _disconnect_app(self) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            with contextlib.suppress(RuntimeError, TypeError):
                app.focusChanged.disconnect(self._on_focus_changed)

    # ------------------------------------------------------------------------------- blogs

    def _fill_blog_switcher(self) -> None:
        self.blog_switcher.blockSignals(True)
        self.blog_switcher.clear()
        for info in self.store.list_blogs():
            status = "Live" if info.status == "live" else "Ended"
            self.blog_switcher.addItem(f"{info.title} — {status}", info.id)
            index = self.blog_switcher.count() - 1
            self.blog_switcher.setItemData(index, f"{info.title}\n{status}, {info.posts} posts "
                                           f"({info.published} published)",
                                           Qt.ItemDataRole.ToolTipRole)
            self.blog_switcher.setItemData(
                index, f"{info.title}. {status}. {info.posts} posts.",
                Qt.ItemDataRole.AccessibleTextRole)
        if self.current_blog_id is not None:
            self.blog_switcher.setCurrentIndex(
                max(0, self.blog_switcher.findData(self.current_blog_id)))
        self.blog_switcher.blockSignals(False)

    def open_blog(self, blog_id: int | None) -> None:
        """Show a blog (None: the store has none) with its top post selected."""
        if blog_id is not None and blog_id == self.current_blog_id and self.blog is not None:
            return
        self._leave_post()
        try:
            self.blog = self.store.get_blog(blog_id) if blog_id is not None else None
        except NotFoundError:
            self.blog = None
        self.current_blog_id = self.blog.id if self.blog else None
        timezone = self.blog.timezone if self.blog else "UTC"
        self.editor.set_context(timezone=timezone, labels=LABELS,
                                contributor_names=self.store.contributor_names(),
                                media_loader=self.store.get_media_file,
                                store_media_file=self._store_media_file)
        self._restoring = True
        try:
            self.post_model.set_blog(self.current_blog_id, timezone)
        finally:
            self._restoring = False
        if self.post_filter is not None:
            self.post_filter.set_blog(self.current_blog_id)
        for panel in (self.summary_panel, self.tag_panel, self.preview, self.check_panel):
            if panel is not None and hasattr(panel, "set_blog"):
                panel.set_blog(self.current_blog_id)
        if self.current_blog_id is not None:
            set_last_blog_id(self.settings, self.store.path, self.current_blog_id)
        self._set_spelling_language()
        self._fill_blog_switcher()
        self._update_title()
        self.select_posts([self.post_model.post_id_at(0)] if self.post_model.rowCount() else [])
        self._sync_editor()
        self._update_actions()

    def _update_title(self) -> None:
        store_name = self.store.path.name if self.store.path else "in memory"
        if self.read_only:
            store_name += " (read-only)"
        if self.blog is not None:
            self.setWindowTitle(f"{self.blog.title} — {store_name} — Livedesk")
        else:
            self.setWindowTitle(f"{store_name} — Livedesk")

    def _on_blog_chosen(self, index: int) -> None:
        blog_id = self.blog_switcher.itemData(index)
        if blog_id is not None:
            self.open_blog(int(blog_id))
            self.post_list.setFocus()

    def _on_blogs_changed(self, blog_id: int) -> None:
        if self.current_blog_id is not None and blog_id in (-1, self.current_blog_id):
            try:
                self.blog = self.store.get_blog(self.current_blog_id)
            except NotFoundError:
                self._fill_blog_switcher()
                remaining = self.store.list_blogs()
                self.current_blog_id = None
                self.open_blog(remaining[0].id if remaining else None)
                return
            if self.spelling is not None and self.blog.language != self.spelling.language:
                self._set_spelling_language()
            if self.blog.timezone != self.post_model.timezone:
                self.post_model.set_timezone(self.blog.timezone)
                post_id = self.editor.post_id()
                self.editor.set_context(timezone=self.blog.timezone, labels=LABELS,
                                        contributor_names=self.store.contributor_names(),
                                        media_loader=self.store.get_media_file,
                                        store_media_file=self._store_media_file)
                if post_id is not None:
                    self.editor.show_post(self.store.get_post(post_id))
            self._update_title()
        self._fill_blog_switcher()

    def _on_reset(self) -> None:
        """A bulk change (import, tag rename): reload what is shown."""
        self._fill_blog_switcher()
        ids, current, row = self._remember_selection()
        self._restoring = True
        try:
            self.post_model.set_blog(self.current_blog_id, self.post_model.timezone)
        finally:
            self._restoring = False
        self._restore_selection(ids, current, row)
        if self.post_filter is not None:
            self.post_filter.refresh()

    # ------------------------------------------------------------------------- selection

    def selected_post_ids(self) -> list[int]:
        return self.post_list.selected_post_ids()

    def current_post_id(self) -> int | None:
        return self.post_list.current_post_id()

    def select_posts(self, post_ids: list[int | None] | list[int]) -> None:
        """Select these posts (the first becomes current) and scroll to it."""
        ids = [i for i in post_ids if i is not None]
        selection = self.post_list.selectionModel()
        rows = [r for r in (self.post_model.ensure_loaded(i) for i in ids) if r is not None]
        if not rows:
            return
        flags = QItemSelectionModel.SelectionFlag
        selection.setCurrentIndex(self.post_model.index(rows[0]),
                                  flags.ClearAndSelect | flags.Rows)
        for row in rows[1:]:
            selection.select(self.post_model.index(row), flags.Select | flags.Rows)
        self.post_list.scrollTo(self.post_model.index(rows[0]))

    def _remember_selection(self) -> tuple[list[int], int | None, int]:
        current = self.post_list.currentIndex()
        return (self.selected_post_ids(), self.current_post_id(),
                current.row() if current.isValid() else 0)

    def _restore_selection(self, ids: list[int], current: int | None, row: int) -> None:
        self._restoring = True
        try:
            present = [i for i in ids if self.post_model.row_of(i) is not None]
            if current is not None and self.post_model.row_of(current) is not None:
                present = [current] + [i for i in present if i != current]
            if present:
                self.select_posts(present)
            elif self.post_model.rowCount():
                fallback = self.post_model.post_id_at(min(row, self.post_model.rowCount() - 1))
                self.select_posts([fallback])
        finally:
            self._restoring = False
        self._sync_editor()
        self._update_actions()

    def _on_current_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        if not self._restoring:
            self._sync_editor()
            self.preview.set_current_post(self.current_post_id())

    def _sync_editor(self) -> None:
        """Show the current post in the editor (saving the one it leaves)."""
        post_id = self.current_post_id()
        if post_id == self.editor.post_id():
            self._update_word_count()
            return
        self._leave_post()
        post: Post | None = None
        if post_id is not None:
            try:
                post = self.store.get_post(post_id)
            except NotFoundError:
                post = None
        self.editor.load_post(post)
        if self.read_only:
            self.editor.setEnabled(False)
        self._show_tags(post)
        self._decorate_text_widgets()
        self._highlight_search_terms()
        self._loaded_text = self._text_of(post) if post else None
        self._update_word_count()
        self._update_actions()
        self._update_undo_actions()

    @staticmethod
    def _text_of(post: Post) -> dict[str, Any]:
        return {"headline": post.headline, "body": post.body, "update_note": post.update_note}

    def _leave_post(self) -> None:
        """Save the editor's typing before the editor shows another post."""
        self._push_text_step()

    def _push_text_step(self) -> None:
        """Save the typing and keep it on the undo stack as one step ("Edit …"), so that it
        can still be undone after switching posts."""
        post_id = self.editor.post_id()
        self.flush_edits()
        if post_id is None or self._loaded_text is None:
            return
        try:
            post = self.store.get_post(post_id)
        except NotFoundError:
            self._loaded_text = None
            return
        now = self._text_of(post)
        if now == self._loaded_text:
            return
        old = dict(self._loaded_text)
        self._loaded_text = now
        if self._in_undo_stack_call():
            return
        changed = {k: v for k, v in now.items() if old.get(k) != v}
        command = commands.SetPostFields(
            self.store, post_id, changed, {k: old[k] for k in changed},
            select=self._select_after_command,
            text=f"Edit {commands.quote(post.headline)}", applied=True)
        self.undo_stack.push(command)

    def _in_undo_stack_call(self) -> bool:
        return bool(self._command_depth)

    def _on_row_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.editor.focus_headline()

    def _step_post(self, step: int) -> None:
        current = self.post_list.currentIndex()
        row = (current.row() if current.isValid() else -1) + step
        if row >= self.post_model.rowCount() and self.post_model.canFetchMore():
            self.post_model.fetchMore()
        if 0 <= row < self.post_model.rowCount():
            self.select_posts([self.post_model.post_id_at(row)])

    def _focus_list(self) -> None:
        self.post_list.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # -------------------------------------------------------------------- store -> views

    def _on_order_changed(self, blog_id: int) -> None:
        if blog_id != self.current_blog_id:
            return
        ids, current, row = self._remember_selection()
        self._restoring = True
        try:
            self.post_model.reload()
        finally:
            self._restoring = False
        self._restore_selection(ids, current, row)
        self._update_counts()

    def _on_posts_changed(self, blog_id: int, post_ids: list[int]) -> None:
        if blog_id != self.current_blog_id:
            self._fill_blog_switcher()
            return
        self.post_model.refresh_posts(blog_id, post_ids)
        post_id = self.editor.post_id()
        if post_id in post_ids and not self._saving:
            try:
                post = self.store.get_post(post_id)
            except NotFoundError:
                return
            self.editor.show_post(post)
            self._show_tags(post)
            self._loaded_text = self._text_of(post)
            self._update_word_count()
        self._update_actions()
        self._update_counts()

    def _apply_filter(self, ids: list[int] | None) -> None:
        if ids is None and not self.post_model.is_filtered():
            return  # no filter before, none now (opening a blog): the list is already right
        selection = self._remember_selection()
        self._restoring = True
        try:
            self.post_model.set_filter_ids(ids)
        finally:
            self._restoring = False
        self._restore_selection(*selection)

    def _on_filter_counted(self, matching: int, _total: int) -> None:
        if self.search_bar is not None:
            self.search_bar.set_count(None if matching < 0 else matching)

    def _on_saved(self) -> None:
        self.last_saved = datetime.now()
        self.save_label.setText(f"Saved {self.last_saved:%H:%M:%S}")
        self.save_label.setToolTip("Every change is on disk. Livedesk saves as you work.")

    # ------------------------------------------------------------------------- autosave

    def _has_text_step(self) -> bool:
        """True when typing in the current post is not on the undo stack yet."""
        if self.editor.post_id() is None or self._loaded_text is None:
            return False
        return bool(self.editor.pending_text_changes()) or self._saved_text_differs()

    def _saved_text_differs(self) -> bool:
        try:
            post = self.store.get_post(self.editor.post_id() or 0)
        except NotFoundError:
            return False
        return self._text_of(post) != self._loaded_text

    def _update_undo_actions(self, *_args: object) -> None:
        if self._has_text_step():
            headline = self.editor.pending_text_changes().get("headline")
            if headline is None:
                headline = (self._loaded_text or {}).get("headline") or ""
            self.undo_action.setText(f"&Undo Edit {commands.quote(str(headline))}")
            self.undo_action.setEnabled(True)
        else:
            text = self.undo_stack.undoText()
            self.undo_action.setText(f"&Undo {text}".strip())
            self.undo_action.setEnabled(self.undo_stack.canUndo())
        redo_text = self.undo_stack.redoText()
        self.redo_action.setText(f"&Redo {redo_text}".strip())
        self.redo_action.setEnabled(self.undo_stack.canRedo())

    def _on_text_edited(self) -> None:
        if not self.undo_action.isEnabled() or not self.undo_action.text().startswith(
                "&Undo Edit"):
            self._update_undo_actions()
        self.autosave_timer.start()
        self.save_label.setText("Editing…")
        self._update_word_count()

    def _on_focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        if old is None or not self._is_in_editor(old) or self._is_in_editor(new):
            return
        self.flush_edits()

    def _is_in_editor(self, widget: QWidget | None) -> bool:
        try:
            return widget is not None and (widget is self.editor
                                           or self.editor.isAncestorOf(widget))
        except RuntimeError:
            return False

    def flush_edits(self) -> bool:
        """Save the editor's typing now. False when the disk refused (the text stays in the
        editor and the next autosave tries again)."""
        self.autosave_timer.stop()
        if self.summary_panel is not None and hasattr(self.summary_panel, "commit_pending"):
            self.summary_panel.commit_pending()
        post_id = self.editor.post_id()
        if post_id is None or self.read_only:
            return True
        changes = self.editor.pending_text_changes()
        if not changes:
            return True
        self._saving = True
        try:
            self.store.update_post(post_id, **changes)
            self.editor.mark_saved()
            self.store.save_revision(post_id, "edited", min_interval_s=REVISION_INTERVAL_S)
        except StorageFailure as error:
            self.save_label.setText("Not saved — will retry")
            self.statusBar().showMessage(str(error), 10_000)
            self.autosave_timer.start()
            if not self._failure_shown:
                self._failure_shown = True
                show_error(self, "Not saved", str(error),
                           "Your text is still in the editor. Livedesk tries again as you "
                           "type.")
            return False
        except InvalidInputError as error:
            self.save_label.setText("Not saved")
            self.statusBar().showMessage(f"Cannot save: {error}", 10_000)
            return False
        except NotFoundError:
            return True
        finally:
            self._saving = False
        self._failure_shown = False
        self.post_model.refresh_posts(self.current_blog_id or -1, [post_id])
        return True

    def save_now(self) -> None:
        """Ctrl+S: there is nothing to remember, but it saves the typing at once."""
        if self.flush_edits():
            self._on_saved()
            self.statusBar().showMessage("Everything is saved.", 3000)

    def _store_media_file(self, path: Path) -> str:
        data = Path(path).read_bytes()
        mime = mimetypes.guess_type(str(path))[0] or "application/octet-stream"
        return self.store.put_media_file(f"images/{Path(path).name}", data, mime)

    # -------------------------------------------------------------------------- commands

    def push(self, command: QUndoCommand) -> bool:
        """Run a command through the undo stack; report a store error. True on success."""
        if self.read_only:
            self.statusBar().showMessage("This store is open read-only.", 5000)
            return False
        self._push_text_step()
        self._command_depth = self._command_depth + 1
        try:
            self.undo_stack.push(command)
        finally:
            self._command_depth -= 1
        error = getattr(command, "error", None)
        if error is not None:
            show_error(self, "Could not change the blog", str(error))
            return False
        return True

    def _select_after_command(self, blog_id: int | None, post_ids: list[int]) -> None:
        """Commands call this after redo and undo: show the blog and the posts they changed."""
        self._command_depth = self._command_depth + 1
        try:
            if blog_id is None:
                if self.current_blog_id is None or not self._blog_exists(self.current_blog_id):
                    remaining = self.store.list_blogs()
                    self.current_blog_id = None
                    self.open_blog(remaining[0].id if remaining else None)
                return
            if blog_id != self.current_blog_id:
                self.open_blog(blog_id)
            if post_ids:
                hidden = any(self.post_model.row_of(i) is None for i in post_ids)
                if hidden and self.post_model.is_filtered() and self.search_bar is not None:
                    self.search_bar.clear()
                self.select_posts(list(post_ids))
                self._sync_editor()
        finally:
            self._command_depth -= 1

    def undo(self) -> None:
        """Undo the last change (the typing first, if any is not on the stack yet)."""
        self._push_text_step()
        self._command_depth += 1
        try:
            self.undo_stack.undo()
        finally:
            self._command_depth -= 1

    def redo(self) -> None:
        self.flush_edits()
        self._command_depth += 1
        try:
            self.undo_stack.redo()
        finally:
            self._command_depth -= 1

    def _blog_exists(self, blog_id: int) -> bool:
        try:
            self.store.get_blog(blog_id)
        except NotFoundError:
            return False
        return True

    def new_post(self) -> None:
        if self.current_blog_id is None:
            self.new_blog()
            if self.current_blog_id is None:
                return
        if self.push(commands.CreatePost(self.store, self.current_blog_id,
                                         self._select_after_command)):
            self.editor.focus_headline()

    def _on_structural_edit(self, field: str, new: object, old: object) -> None:
        post_id = self.editor.post_id()
        if post_id is None:
            return
        select = self._select_after_command
        command: QUndoCommand
        if field in ("label", "status", "published_at", "update_note"):
            command = commands.SetPostFields(self.store, post_id, {field: new}, {field: old},
                                             select=select)
        elif field == "contributors":
            command = commands.SetContributors(self.store, post_id, new, old,  # type: ignore
                                               select=select)
        elif field == "media":
            command = commands.SetMedia(self.store, post_id, new, old,  # type: ignore[arg-type]
                                        select=select)
        elif field == "tags":
            from desktop.commands_tags import SetPostTags

            command = SetPostTags(self.store, post_id, new, old)  # type: ignore[arg-type]
        else:
            return
        self.push(command)

    def _show_tags(self, post: Post | None) -> None:
        if self.tag_editor is None:
            return
        self.tag_editor.set_tags(list(post.tags) if post else [])  # type: ignore[attr-defined]
        self.tag_editor.setEnabled(post is not None and not self.read_only)

    def _on_tags_edited(self, new: list[str], old: list[str]) -> None:
        post_id = self.editor.post_id()
        if post_id is None:
            return
        inner = SetPostTags(self.store, post_id, new, old)
        headline = self.store.get_post(post_id).headline
        self.push(commands.Selecting(inner, self.current_blog_id, [post_id],
                                     self._select_after_command,
                                     f"Change tags of {commands.quote(headline)}"))

    def manage_tags(self) -> None:
        dialog = getattr(self, "_tag_manager_dialog", None)
        if dialog is None:
            from desktop.tag_manager import TagManagerDialog

            dialog = TagManagerDialog(self.hub, self.undo_stack, self)
            self._tag_manager_dialog = dialog
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()

    def _highlight_search_terms(self, *_args: object) -> None:
        if self.post_filter is not None and hasattr(self.editor, "highlight_terms"):
            self.editor.highlight_terms(self.post_filter.search_terms())

    def toggle_publish(self) -> None:
        post_id = self.current_post_id()
        if post_id is None:
            self._update_actions()
            return
        post = self.store.get_post(post_id)
        status = "draft" if post.status == "published" else "published"
        self.push(commands.SetPostFields(self.store, post_id, {"status": status},
                                         select=self._select_after_command))
        self._update_actions()

    def toggle_pin(self) -> None:
        ids = self.selected_post_ids()
        if not ids:
            self._update_actions()
            return
        pinned = all(self.store.get_post(i).pinned for i in ids)
        self.push(commands.PinPosts(self.store, ids, not pinned,
                                    select=self._select_after_command))
        self._update_actions()

    def _movable_selection(self) -> list[int] | None:
        ids = self.selected_post_ids()
        if not ids:
            return None
        groups = {self.store.get_post(i).pinned for i in ids}
        if len(groups) > 1:
            self.statusBar().showMessage(
                "Pinned and unpinned posts move separately: select posts of one kind.", 5000)
            return None
        return ids

    def move_up(self) -> None:
        ids = self._movable_selection()
        if not ids:
            return
        first = min(self.post_model.row_of(i) or 0 for i in ids)
        moving = set(ids)
        above = next((self.post_model.post_id_at(r) for r in range(first - 1, -1, -1)
                      if self.post_model.post_id_at(r) not in moving), None)
        if above is None or not self._same_group(above, ids[0]):
            self.statusBar().showMessage("Already at the top.", 3000)
            return
        self.push(commands.MovePosts(self.store, ids, before=above,
                                     select=self._select_after_command,
                                     text=self._move_text(ids, "up")))

    def move_down(self) -> None:
        ids = self._movable_selection()
        if not ids:
            return
        last = max(self.post_model.row_of(i) or 0 for i in ids)
        if last + 1 >= self.post_model.rowCount() and self.post_model.canFetchMore():
            self.post_model.fetchMore()
        moving = set(ids)
        below = next((self.post_model.post_id_at(r)
                      for r in range(last + 1, self.post_model.rowCount())
                      if self.post_model.post_id_at(r) not in moving), None)
        if below is None or not self._same_group(below, ids[0]):
            self.statusBar().showMessage("Already at the bottom.", 3000)
            return
        self.push(commands.MovePosts(self.store, ids, after=below,
                                     select=self._select_after_command,
                                     text=self._move_text(ids, "down")))

    def move_to_top(self) -> None:
        ids = self._movable_selection()
        if not ids:
            return
        self.push(commands.MovePosts(self.store, ids, select=self._select_after_command,
                                     text=self._move_text(ids, "to the top")))

    def _same_group(self, a: int, b: int) -> bool:
        return self.store.get_post(a).pinned == self.store.get_post(b).pinned

    def _move_text(self, ids: list[int], where: str) -> str:
        what = (commands.quote(self.store.get_post(ids[0]).headline) if len(ids) == 1
                else f"{len(ids)} posts")
        return f"Move {what} {where}"

    def _on_move_requested(self, post_ids: list[int], after: int | None,
                           before: int | None) -> None:
        self.push(commands.MovePosts(self.store, post_ids, after=after, before=before,
                                     select=self._select_after_command))

    def resort_newest_first(self) -> None:
        if self.current_blog_id is not None:
            self.push(commands.ResortNewestFirst(self.store, self.current_blog_id,
                                                 select=self._select_after_command))

    def duplicate_post(self) -> None:
        post_id = self.current_post_id()
        if post_id is not None:
            self.push(commands.DuplicatePost(self.store, post_id,
                                             select=self._select_after_command))

    def delete_posts(self) -> None:
        ids = self.selected_post_ids()
        if not ids:
            return
        self.flush_edits()
        headlines = [self.store.get_post(i).headline for i in ids]
        if not confirm_delete(self, headlines):
            return
        self.push(commands.DeletePosts(self.store, ids, select=self._select_after_command))
        self.post_list.setFocus()

    def show_revisions(self) -> None:
        post_id = self.current_post_id()
        if post_id is None:
            return
        self._leave_post()
        revision = ask_revision(self, self.store, post_id,
                                self.blog.timezone if self.blog else "UTC")
        if revision is None:
            return
        when = revision.created_at[11:16]
        self.push(commands.RestoreRevision(self.store, post_id, revision.snapshot, when,
                                           select=self._select_after_command))

    def new_blog(self) -> None:
        taken = {b.slug for b in self.store.list_blogs()}
        values = ask_blog_properties(self, None, taken)
        if values is None:
            return
        self.push(commands.CreateBlog(self.store, values, select=self._select_after_command))

    def edit_blog_properties(self) -> None:
        if self.blog is None:
            return
        taken = {b.slug for b in self.store.list_blogs() if b.id != self.blog.id}
        values = ask_blog_properties(self, self.blog, taken)
        if values is None:
            return
        command = commands.SetBlogProperties(self.store, self.blog.id, values,
                                             select=self._select_after_command)
        if command.new:
            self.push(command)

    def find(self) -> None:
        if self.search_bar is not None:
            self.search_bar.activate()

    # ------------------------------------------------------------------------------ stores

    def open_store(self) -> None:
        start = str(self.store.path.parent) if self.store.path else ""
        path, _ = QFileDialog.getOpenFileName(self, "Open Store", start, FILE_FILTER)
        if path:
            self.store_requested.emit(path)

    def new_store(self) -> None:
        start = str(self.store.path.parent) if self.store.path else ""
        path, _ = QFileDialog.getSaveFileName(self, "New Store", start, FILE_FILTER)
        if path:
            if not path.endswith(STORE_SUFFIX):
                path += STORE_SUFFIX
            self.new_store_requested.emit(path)

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        current = self.store.path.resolve() if self.store.path else None
        paths = [p for p in recent_stores(self.settings) if p != current]
        for path in paths:
            action = self.recent_menu.addAction(path.name)
            action.setToolTip(str(path))
            action.setStatusTip(str(path))
            action.triggered.connect(lambda _=False, p=path: self._open_recent(p))
        if not paths:
            empty = self.recent_menu.addAction("No other recent stores")
            empty.setEnabled(False)

    def _open_recent(self, path: Path) -> None:
        if not path.exists():
            remove_recent_store(self.settings, path)
            show_error(self, "Store not found", f"{path} no longer exists.")
            return
        self.store_requested.emit(str(path))

    def remember_store(self) -> None:
        if self.store.path is not None:
            add_recent_store(self.settings, self.store.path)

    # --------------------------------------------------------------------- actions, status

    def _update_actions(self, *_args: object) -> None:
        a = self.actions
        has_blog = self.current_blog_id is not None
        ids = self.selected_post_ids()
        current = self.current_post_id()
        for name in ("move_up", "move_down", "move_top", "pin", "delete"):
            a[name].setEnabled(bool(ids))
        for name in ("duplicate", "publish", "revisions"):
            a[name].setEnabled(current is not None)
        for name in ("new_post", "resort", "blog_properties", "find"):
            a[name].setEnabled(has_blog)
        post_row = None
        if current is not None:
            row = self.post_model.row_of(current)
            post_row = self.post_model.post_row(row) if row is not None else None
        published = bool(post_row and post_row.status == "published")
        pinned = bool(post_row and post_row.pinned)
        a.publish.setChecked(published)
        a.publish.setText("Un&publish" if published else "&Publish")
        a.pin.setChecked(pinned)
        a.pin.setText("Un&pin" if pinned else "P&in to Top")
        if self.read_only:
            for name in ("new_post", "publish", "pin", "move_up", "move_down", "move_top",
                         "resort", "duplicate", "delete", "blog_properties", "new_blog",
                         "manage_tags", "save_now"):
                a[name].setEnabled(False)

    def _update_counts(self, *_args: object) -> None:
        if self.current_blog_id is None:
            self.count_label.setText("No blog")
            return
        total = self.store.count_posts(self.current_blog_id)
        published = self.store.count_posts(self.current_blog_id, include_drafts=False)
        drafts = total - published
        text = f"{total} post{'s' if total != 1 else ''}"
        if drafts:
            text += f" ({drafts} draft{'s' if drafts != 1 else ''})"
        if self.post_model.is_filtered():
            text = f"{self.post_model.total_count()} shown of {text}"
        self.count_label.setText(text)

    def _update_word_count(self) -> None:
        if self.editor.post_id() is None:
            self.words_label.setText("")
            return
        words = self.editor.word_count()
        self.words_label.setText(f"{words} word{'s' if words != 1 else ''}")

    # --------------------------------------------------------------------- layout, closing

    def _restore_layout(self) -> None:
        geometry = read_bytes(self.settings, "window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 760)
        state = read_bytes(self.settings, "window/state")
        if state is not None:
            self.restoreState(state)
        splitter = read_bytes(self.settings, "window/splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)

    def save_layout(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.setValue("window/splitter", self.splitter.saveState())
        self.settings.sync()

    # ----------------------------------------------------------- export, backups, dictionary

    def export_blog(self) -> list[Path]:
        """File > Export: the dialog with the format, the file and the checks."""
        if self.current_blog_id is None:
            return []
        self.flush_edits()
        from desktop.export_dialog import ExportDialog

        written = ExportDialog.run(self, self.store, self.current_blog_id, self.settings)
        if written:
            self.statusBar().showMessage(f"Exported to {written[0]}", 10_000)
        return written

    def backup_in_background(self, reason: str) -> None:
        """A verified backup of the store, made by a worker thread with its own connection."""
        if self.store.path is None or self.read_only:
            return
        keep = self.store.settings().get("backup_keep", 10)
        path = self.store.path

        def run() -> None:
            try:
                backup_store_file(path, reason, keep if isinstance(keep, int) and keep > 0
                                  else 10)
            except StoreError as error:  # the editor hears about it; the work is unaffected
                self._backup_failed.emit(str(error))

        self._backup_pool.start(run)

    def _on_backup_failed(self, message: str) -> None:
        self.statusBar().showMessage(f"The automatic backup failed: {message}", 15_000)

    def restore_from_backup(self) -> None:
        """File > Restore from backup: pick one, then reopen the store from it."""
        if self.store.path is None:
            return
        path = self.store.path
        from desktop.backups_dialog import RestoreBackupDialog

        chosen = RestoreBackupDialog.ask(self, backup_folder(path))
        if chosen is None:
            return
        self.flush_edits()
        self._backup_pool.waitForDone(60_000)
        self.check_panel.shutdown()
        self.preview.shutdown()
        self.hub.detach()
        self.store.close()
        self._closed = True  # nothing more to save: the store is closed
        from storage.backup import restore_backup

        try:
            restore_backup(chosen, path)
        except StoreError as error:
            show_error(self, "Restore failed", str(error),
                       "The store was not changed. Livedesk opens it again as it was.")
        self.store_requested.emit(str(path))

    def edit_dictionary(self) -> None:
        """Tools > Newsroom Dictionary: list, add, remove, import and export words."""
        from widgets.spelling import CallbackDictionary, DictionaryDialog

        DictionaryDialog.edit(self, CallbackDictionary(
            self.store.dictionary_words, self.store.add_dictionary_words,
            self.store.remove_dictionary_words))

    def add_key_point(self) -> None:
        """Post > Add as Key Point: a key point linking to the current post."""
        post_id = self.current_post_id()
        if post_id is None or self.summary_panel is None:
            return
        if self.summary_dock is not None:
            self.summary_dock.show()
            self.summary_dock.raise_()
        self.summary_panel.add_key_point_for_post(post_id)  # type: ignore[attr-defined]

    def _jump_to_post(self, post_id: int) -> None:
        """Select a post, clearing the search and tag filter when they hide it."""
        if self.post_model.ensure_loaded(post_id) is None:
            if self.search_bar is not None:
                self.search_bar.clear()
            if self.tag_filter is not None:
                self.tag_filter.clear()
        self.select_posts([post_id])
        self.post_list.setFocus(Qt.FocusReason.OtherFocusReason)

    def _jump_to_uid(self, uid: str) -> None:
        if self.current_blog_id is None:
            return
        try:
            self._jump_to_post(self.store.post_by_uid(self.current_blog_id, uid).id)
        except NotFoundError:
            self.statusBar().showMessage(f"There is no post {uid} any more.", 5000)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._closed:
            event.accept()
            return
        self._closed = True
        self._leave_post()
        self.save_layout()
        self._disconnect_app()
        self.autosave_timer.stop()
        self.backup_timer.stop()
        self.check_panel.shutdown()
        self.preview.shutdown()
        self._backup_pool.waitForDone(60_000)
        if self.owns_store:
            self.hub.detach()
            with contextlib.suppress(StoreError):
                self.store.close()
        event.accept()
