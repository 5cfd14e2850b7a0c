"""One QObject that turns the store's committed changes into Qt signals.

Views never poll the store: they connect to these signals (in one place, the main window's
``_connect`` block) and refresh what they show. Signals are emitted only after COMMIT returned,
so a view never shows anything that is not on disk.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from storage import BlogStore, Change


class StoreHub(QObject):
    """Qt signals for one open store. ``store`` is the only BlogStore the GUI writes through."""

    #: (blog_id, post ids) whose content changed (created, edited, deleted, restored).
    posts_changed = Signal(int, list)
    #: (blog_id) whose display order changed (move, pin, re-sort, create, delete).
    order_changed = Signal(int)
    #: (blog_id) whose key points changed.
    summary_changed = Signal(int)
    #: Tags were created, renamed, merged, deleted or recoloured.
    tags_changed = Signal()
    #: (blog_id) whose properties changed, or -1 when the list of blogs changed.
    blogs_changed = Signal(int)
    #: The newsroom dictionary or a blog's ignored words changed.
    dictionary_changed = Signal()
    #: A post's revisions changed: (post_id).
    revisions_changed = Signal(int)
    #: Something changed in bulk (import, tag rename): reload everything shown.
    reset = Signal()
    #: A committed write happened (for the status bar's "Saved" time).
    saved = Signal()

    def __init__(self, store: BlogStore, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self._unsubscribe = store.subscribe(self._on_change)

    def detach(self) -> None:
        """Stop listening (before the store is closed)."""
        self._unsubscribe()

    def _on_change(self, change: Change) -> None:
        blog_id = change.blog_id if change.blog_id is not None else -1
        kind = change.kind
        if kind == "posts":
            self.posts_changed.emit(blog_id, list(change.ids))
        elif kind == "order":
            self.order_changed.emit(blog_id)
        elif kind == "summary":
            self.summary_changed.emit(blog_id)
        elif kind == "tags":
            self.tags_changed.emit()
        elif kind == "blogs":
            self.blogs_changed.emit(blog_id)
        elif kind == "dictionary":
            self.dictionary_changed.emit()
        elif kind == "revisions":
            for post_id in change.ids:
                self.revisions_changed.emit(post_id)
        elif kind == "all":
            self.reset.emit()
        self.saved.emit()
