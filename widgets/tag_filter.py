"""Filtering the post list: by tags (any or all), and combined with the search.

- :class:`TagFilterBar` picks tags (a menu of checkable tags; the picked ones show as chips),
  an Any/All toggle and the count "12 of 48 posts".
- :class:`PostFilter` combines the search text and the tag filter into the ids the post list
  shows (``PostListModel.set_filter_ids``), or None when nothing filters.
- :func:`drop_anchor` says where a post dropped into a filtered list goes in the full order.

Filters and search never change the stored order: they only choose which posts are visible.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QColor, QIcon, QKeyEvent, QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QMenu,
    QToolButton,
    QWidget,
)

os.environ.setdefault("QT_API", "pyside6")
from desktop.hub import StoreHub
from storage import InvalidInputError
from widgets import icons
from widgets.search_bar import clean_search_text, search_terms
from widgets.tag_editor import DEFAULT_CHIP_COLOR, TagChip


def drop_anchor(visible_ids: Sequence[int], row: int,
                moving_ids: Sequence[int] = ()) -> tuple[int | None, int | None]:
    """Where posts dropped at ``row`` of a filtered list go in the full order.

    ``visible_ids`` are the rows of the filtered list, top first; ``row`` is the insertion row
    (0 = above the first row, ``len(visible_ids)`` = below the last), as ``dropMimeData`` gets it;
    ``moving_ids`` are the dragged posts (they do not count as neighbours).

    "Between two visible neighbours" A (above) and B (below) means *directly after A* in the full
    order: posts hidden by the filter between A and B stay below the dropped post. Dropped above
    the first visible row, it goes *directly before B* (the first visible post), so that hidden
    posts above the filtered list stay above it. Returns ``(after_id, None)``,
    ``(None, before_id)``, or ``(None, None)`` when the drop leaves the visible order as it is
    (dropped onto itself, or no other post visible): nothing moves, not even past hidden posts.
    For ``store.move_post(post, after=after_id)`` / ``(post, before=before_id)``; several posts
    go one after the other: the first at the anchor, each next right after the previous one.
    """
    moving = set(moving_ids)
    row = max(0, min(row, len(visible_ids)))
    above = [i for i in visible_ids[:row] if i not in moving]
    below = [i for i in visible_ids[row:] if i not in moving]
    dragged = [i for i in visible_ids if i in moving]
    if dragged and above + dragged + below == list(visible_ids):
        return None, None  # the visible order stays as it is: change nothing
    if above:
        return above[-1], None
    if below:
        return None, below[0]
    return None, None


def _swatch(color: str | None) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(QColor(color or DEFAULT_CHIP_COLOR))
    return QIcon(pixmap)


class TagFilterBar(QWidget):
    """Filter the post list by one or more tags. Emits ``filter_changed()`` on every change."""

    filter_changed = Signal()

    def __init__(self, hub: StoreHub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hub = hub
        self._selected: list[int] = []  # tag ids: they survive a rename
        self._names: dict[int, str] = {}
        self._colors: dict[int, str | None] = {}
        self._chips: list[TagChip] = []
        self.setAccessibleName("Tag filter")

        self.menu = QMenu(self)
        self.menu.setAccessibleName("Tags to filter by")
        self.menu.aboutToShow.connect(self._fill_menu)
        self.tags_button = QToolButton(self)
        self.tags_button.setText("Tags")
        icons.set_icon(self.tags_button, "fa5s.tags")
        self.tags_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.tags_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.tags_button.setMenu(self.menu)
        self.tags_button.setToolTip("Show only posts with these tags")
        self.tags_button.setAccessibleName("Filter by tags")

        self.any_button = QToolButton(self)
        self.any_button.setText("Any")
        self.any_button.setToolTip("Posts with any of the tags")
        self.any_button.setAccessibleName("Match any tag")
        self.all_button = QToolButton(self)
        self.all_button.setText("All")
        self.all_button.setToolTip("Posts with all of the tags")
        self.all_button.setAccessibleName("Match all tags")
        self._mode = QButtonGroup(self)
        for button in (self.any_button, self.all_button):
            button.setCheckable(True)
            self._mode.addButton(button)
        self.any_button.setChecked(True)
        self._mode.buttonToggled.connect(self._on_mode_toggled)

        self.chip_area = QWidget(self)
        self._chip_layout = QHBoxLayout(self.chip_area)
        self._chip_layout.setContentsMargins(0, 0, 0, 0)
        self._chip_layout.setSpacing(4)
        self._chip_layout.addStretch(1)

        self.count_label = QLabel(self)
        self.count_label.setAccessibleName("Matching posts")
        self.clear_button = QToolButton(self)
        icons.set_icon(self.clear_button, "fa5s.times-circle")
        self.clear_button.setToolTip("Show all posts")
        self.clear_button.setAccessibleName("Clear tag filter")
        self.clear_button.setAutoRaise(True)
        self.clear_button.clicked.connect(self.clear)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addWidget(self.tags_button)
        layout.addWidget(self.any_button)
        layout.addWidget(self.all_button)
        layout.addWidget(self.chip_area, 1)
        layout.addWidget(self.count_label)
        layout.addWidget(self.clear_button)

        hub.tags_changed.connect(self.refresh_tags)
        hub.reset.connect(self.refresh_tags)
        self.refresh_tags()

    # ------------------------------------------------------------------------------- public

    def selected_tags(self) -> list[str]:
        return [self._names[i] for i in self._selected if i in self._names]

    def match_all(self) -> bool:
        return self.all_button.isChecked()

    def set_match_all(self, match_all: bool) -> None:
        (self.all_button if match_all else self.any_button).setChecked(True)

    def set_selected_tags(self, names: Sequence[str]) -> None:
        """Select these tags (unknown ones are ignored); emits ``filter_changed``."""
        by_name = {name.casefold(): tag_id for tag_id, name in self._names.items()}
        chosen = [by_name[n.casefold()] for n in names if n.casefold() in by_name]
        chosen = list(dict.fromkeys(chosen))
        if chosen != self._selected:
            self._selected = chosen
            self._changed()

    def toggle_tag(self, name: str) -> None:
        names = self.selected_tags()
        if name.casefold() in {n.casefold() for n in names}:
            names = [n for n in names if n.casefold() != name.casefold()]
        else:
            names.append(name)
        self.set_selected_tags(names)

    def set_count(self, matching: int, total: int) -> None:
        """Show "12 of 48 posts" (connect ``PostFilter.counted`` here); a negative
        ``matching`` (nothing filters) clears the count."""
        if matching < 0:
            self.count_label.clear()
            return
        self.count_label.setText(f"{matching} of {total} post{'s' if total != 1 else ''}")

    def clear_count(self) -> None:
        self.count_label.clear()

    def clear(self) -> None:
        """No tag filter (keeps Any/All); emits ``filter_changed`` if something was picked."""
        if self._selected:
            self._selected = []
            self._changed()

    def is_active(self) -> bool:
        return bool(self._selected)

    def refresh_tags(self) -> None:
        before = self.selected_tags()
        tags = self.hub.store.tag_rows()
        self._names = {tag_id: name for tag_id, name, _color in tags}
        self._colors = {tag_id: color for tag_id, _name, color in tags}
        self._selected = [i for i in self._selected if i in self._names]
        if self.selected_tags() != before:  # a picked tag was renamed, merged away or deleted
            self._changed()
        else:
            self._rebuild_chips()

    # ------------------------------------------------------------------------------ private

    def _fill_menu(self) -> None:
        self.menu.clear()
        if not self._names:
            action = self.menu.addAction("No tags yet")
            action.setEnabled(False)
            return
        counts = {t.id: t.posts for t in self.hub.store.list_tags()}
        for tag_id, name in sorted(self._names.items(), key=lambda kv: kv[1].casefold()):
            action = QAction(_swatch(self._colors.get(tag_id)),
                             f"{name} ({counts.get(tag_id, 0)})", self.menu)
            action.setCheckable(True)
            action.setChecked(tag_id in self._selected)
            action.toggled.connect(lambda _checked, n=name: self.toggle_tag(n))
            self.menu.addAction(action)
        self.menu.addSeparator()
        clear = self.menu.addAction("Clear tag filter")
        clear.setEnabled(bool(self._selected))
        clear.triggered.connect(self.clear)

    def _on_mode_toggled(self, _button: QToolButton, checked: bool) -> None:
        if checked and self._selected:
            self.filter_changed.emit()

    def _changed(self) -> None:
        self._rebuild_chips()
        self.filter_changed.emit()

    def _rebuild_chips(self) -> None:
        for chip in self._chips:
            self._chip_layout.removeWidget(chip)
            chip.hide()  # at once: deleteLater waits for the event loop
            chip.deleteLater()
        self._chips = []
        for tag_id in self._selected:
            chip = TagChip(self._names[tag_id], self._colors.get(tag_id), self.chip_area)
            chip.remove_clicked.connect(self.toggle_tag)
            self._chip_layout.insertWidget(self._chip_layout.count() - 1, chip)
            self._chips.append(chip)
        self.clear_button.setVisible(bool(self._selected))
        self.any_button.setEnabled(len(self._selected) > 1)
        self.all_button.setEnabled(len(self._selected) > 1)
        if not self._selected:
            self.count_label.clear()

    def chips(self) -> list[TagChip]:
        return list(self._chips)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self._selected:
            self.clear()  # Esc clears the filter
            return
        super().keyPressEvent(event)


class PostFilter(QObject):
    """Combines the search text and the tag filter of one blog into the post ids to show.

    ``changed(ids)`` carries a list of post ids in display order, or None when neither a search
    nor a tag filter is active (show everything). It is recomputed when posts, their order or
    tags change, so the filtered list stays right while editors work.
    """

    changed = Signal(object)
    #: (matching, total) after each computation; (-1, total) when nothing filters.
    counted = Signal(int, int)

    def __init__(self, hub: StoreHub, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.hub = hub
        self.blog_id: int | None = None
        self._text = ""
        self._tags: list[str] = []
        self._match_all = False
        self._ids: list[int] | None = None
        #: The blog's post count for ``counted``, read again only when posts come or go.
        self._total: int | None = None
        hub.posts_changed.connect(self._on_blog_change)
        hub.order_changed.connect(self._on_order_change)
        hub.tags_changed.connect(self._on_tags_changed)
        hub.reset.connect(self._on_tags_changed)

    # ------------------------------------------------------------------------------- public

    def set_blog(self, blog_id: int | None) -> None:
        self.blog_id = blog_id
        self.refresh()

    def set_search_text(self, text: str) -> None:
        text = clean_search_text(text)
        if text != self._text:
            self._text = text
            self._update()

    def set_tags(self, tags: Sequence[str], match_all: bool = False) -> None:
        tags = list(tags)
        if tags != self._tags or match_all != self._match_all:
            self._tags = tags
            self._match_all = match_all
            self._update()

    def set_from_bar(self, bar: TagFilterBar) -> None:
        """Take the tags and Any/All of a :class:`TagFilterBar` (connect its
        ``filter_changed`` here)."""
        self.set_tags(bar.selected_tags(), bar.match_all())

    def search_text(self) -> str:
        return self._text

    def search_terms(self) -> list[str]:
        """The words to highlight in the post list and the editor."""
        return search_terms(self._text)

    def is_active(self) -> bool:
        return bool(self._text.strip() or self._tags)

    def filter_ids(self) -> list[int] | None:
        """The ids to show, or None (no filter). For ``PostListModel.set_filter_ids``."""
        return None if self._ids is None else list(self._ids)

    def compute(self) -> list[int] | None:
        if self.blog_id is None or not self.is_active():
            return None
        try:
            return self.hub.store.find_post_ids(self.blog_id, text=self._text, tags=self._tags,
                                                match_all_tags=self._match_all)
        except InvalidInputError:
            return []  # a tag name the store cannot hold matches no post

    def refresh(self, *, only_if_changed: bool = False) -> None:
        """Compute the ids and the blog's post count again and emit ``changed`` and
        ``counted``. With ``only_if_changed`` (store changes while editors type), ``changed`` is
        emitted only when the ids or their order differ, so the post list is not reset at every
        autosave."""
        self._total = None
        self._update(only_if_changed=only_if_changed)

    # ------------------------------------------------------------------------------ private

    def _update(self, *, only_if_changed: bool = False) -> None:
        """``refresh`` keeping the post count, which only a new, trashed or restored post
        changes (each reports an order change): typing a search costs the search alone."""
        ids = self.compute()
        same = ids == self._ids
        self._ids = ids
        if self._total is None:
            self._total = 0 if self.blog_id is None else self.hub.store.count_posts(self.blog_id)
        if not (only_if_changed and same):
            self.changed.emit(None if ids is None else list(ids))
        self.counted.emit(-1 if ids is None else len(ids), self._total)

    def _on_blog_change(self, blog_id: int, *_args: object) -> None:
        if blog_id == self.blog_id and self.is_active():
            self._update(only_if_changed=True)

    def _on_order_change(self, blog_id: int) -> None:
        if blog_id == self.blog_id:
            self._total = None  # even when nothing filters: counted later
            if self.is_active():
                self._update(only_if_changed=True)

    def _on_tags_changed(self) -> None:
        self._total = None  # also on reset (an import, say): counted again
        if self.is_active():
            self.refresh(only_if_changed=True)
