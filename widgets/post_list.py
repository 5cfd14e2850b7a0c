"""The post list: a lazily loaded, reorderable item model over the store, and its delegate.

The model never writes to the store. A drop asks for a move through ``move_requested`` and the
main window turns it into an undoable command; the list then refreshes from the store's change
signals (``reload`` and ``refresh_posts``), which the main window connects in one place.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from PySide6.QtCore import (
    QAbstractListModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)
from shiboken6 import isValid

from storage import BlogStore, PostRow, parse_timestamp
from widgets import icons

os.environ.setdefault("QT_API", "pyside6")

MIME_TYPE = "application/x-livedesk-post-ids"
PAGE_SIZE = 200

PostIdRole = Qt.ItemDataRole.UserRole + 1
HeadlineRole = Qt.ItemDataRole.UserRole + 2
TimeRole = Qt.ItemDataRole.UserRole + 3
LabelRole = Qt.ItemDataRole.UserRole + 4
TagsRole = Qt.ItemDataRole.UserRole + 5
PinnedRole = Qt.ItemDataRole.UserRole + 6
DraftRole = Qt.ItemDataRole.UserRole + 7
TimestampRole = Qt.ItemDataRole.UserRole + 8
TagColorsRole = Qt.ItemDataRole.UserRole + 9
DateRole = Qt.ItemDataRole.UserRole + 10

AnyIndex = QModelIndex | QPersistentModelIndex


def local_time(value: str | None, timezone: str) -> datetime | None:
    """A stored ISO timestamp as an aware datetime in the blog's time zone."""
    if not value:
        return None
    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    try:
        return parse_timestamp(value).astimezone(zone)
    except ValueError:
        return None


class PostListModel(QAbstractListModel):
    """The posts of one blog in display order (pinned first), loaded a page at a time.

    With a filter (``set_filter_ids``) only the given posts are shown, in display order.
    """

    #: (post ids to move, put them after this id or None, put them before this id or None)
    move_requested = Signal(list, object, object)

    def __init__(self, store: BlogStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.blog_id: int | None = None
        self.timezone = "UTC"
        self._rows: list[PostRow] = []
        self._row_of: dict[int, int] = {}
        self._total = 0
        self._filter: list[int] | None = None
        self._tag_colors: dict[str, str | None] = {}

    # ------------------------------------------------------------------------------ loading

    def set_blog(self, blog_id: int | None, timezone: str = "UTC") -> None:
        """Show another blog (or none); clears any filter."""
        self.blog_id = blog_id
        self.timezone = timezone
        self._filter = None
        self._tag_colors = self.store.tag_colors()
        self.reload(keep_loaded=False)

    def set_timezone(self, timezone: str) -> None:
        self.timezone = timezone
        if self._rows:
            self.dataChanged.emit(self.index(0), self.index(len(self._rows) - 1))

    def set_filter_ids(self, ids: Sequence[int] | None) -> None:
        """Show only these posts (in the given display order), or every post with None."""
        self._filter = None if ids is None else list(dict.fromkeys(ids))
        self.reload(keep_loaded=False)

    def filter_ids(self) -> list[int] | None:
        return None if self._filter is None else list(self._filter)

    def is_filtered(self) -> bool:
        return self._filter is not None

    def reload(self, keep_loaded: bool = True) -> None:
        """Re-read the rows from the store (after an order change); keeps as many rows loaded
        as before so that the view does not jump."""
        wanted = max(PAGE_SIZE, len(self._rows)) if keep_loaded else PAGE_SIZE
        self.beginResetModel()
        self._rows = []
        self._row_of = {}
        if self.blog_id is None:
            self._total = 0
        elif self._filter is None:
            self._total = self.store.count_posts(self.blog_id)
        else:
            if keep_loaded and self._filter:
                # A move or pin changed the order: keep the filtered set, follow the new order.
                self._filter = self.store.sort_post_ids(self.blog_id, self._filter)
            self._total = len(self._filter)
        self._load(min(wanted, self._total))
        self.endResetModel()

    def _load(self, count: int) -> None:
        """Append up to ``count`` rows to ``_rows`` (no model signals)."""
        if self.blog_id is None or count <= 0:
            return
        start = len(self._rows)
        if self._filter is None:
            rows = self.store.list_post_rows(self.blog_id, start, count)
        else:
            rows = self.store.post_rows(self._filter[start:start + count])
        for row in rows:
            self._row_of[row.id] = len(self._rows)
            self._rows.append(row)

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        if parent.isValid():
            return False
        return len(self._rows) < self._total

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid():
            return
        count = min(PAGE_SIZE, self._total - len(self._rows))
        if count <= 0:
            return
        if self._filter is None:
            pending = self.store.list_post_rows(self.blog_id or 0, len(self._rows), count)
        else:
            start = len(self._rows)
            pending = self.store.post_rows(self._filter[start:start + count])
        if not pending:
            self._total = len(self._rows)
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(pending) - 1)
        for row in pending:
            self._row_of[row.id] = len(self._rows)
            self._rows.append(row)
        self.endInsertRows()

    def total_count(self) -> int:
        """How many posts the list holds (loaded or not)."""
        return self._total

    def refresh_posts(self, blog_id: int, post_ids: Sequence[int]) -> None:
        """Re-read the loaded rows of posts whose content changed."""
        if blog_id != self.blog_id:
            return
        loaded = [i for i in post_ids if i in self._row_of]
        if not loaded:
            return
        for row in self.store.post_rows(loaded):
            index = self._row_of[row.id]
            self._rows[index] = row
            model_index = self.index(index)
            self.dataChanged.emit(model_index, model_index)

    def refresh_tags(self) -> None:
        """Tag colours changed: repaint the chips."""
        self._tag_colors = self.store.tag_colors()
        if self._rows:
            self.dataChanged.emit(self.index(0), self.index(len(self._rows) - 1))

    # ------------------------------------------------------------------------------ lookups

    def post_id_at(self, row: int) -> int | None:
        return self._rows[row].id if 0 <= row < len(self._rows) else None

    def row_of(self, post_id: int) -> int | None:
        return self._row_of.get(post_id)

    def ensure_loaded(self, post_id: int) -> int | None:
        """The row of a post, fetching pages until it is loaded; None if it is not listed."""
        if post_id in self._row_of:
            return self._row_of[post_id]
        if self.blog_id is None:
            return None
        if self._filter is not None:
            if post_id not in self._filter:
                return None
        elif not self.store.sort_post_ids(self.blog_id, [post_id]):
            return None  # not a live post of this blog (one row read, not the whole order)
        while post_id not in self._row_of and self.canFetchMore():
            self.fetchMore()
        return self._row_of.get(post_id)

    def loaded_ids(self) -> list[int]:
        return [row.id for row in self._rows]

    def post_row(self, row: int) -> PostRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    # --------------------------------------------------------------------------------- data

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def format_time(self, row: PostRow) -> tuple[str, str]:
        """``("14:05", "2 Mar")`` for a post (publish time, or last edit of a draft)."""
        moment = local_time(row.published_at or row.updated_at, self.timezone)
        if moment is None:
            return "", ""
        return moment.strftime("%H:%M"), f"{moment.day} {moment.strftime('%b')}"

    def accessible_text(self, row: PostRow) -> str:
        parts = []
        if row.pinned:
            parts.append("Pinned.")
        if row.status == "draft":
            parts.append("Draft.")
        time_text, date_text = self.format_time(row)
        if time_text:
            parts.append(f"{time_text}, {date_text}.")
        headline = row.headline.strip() or "Untitled post"
        parts.append(f"{row.label}: {headline}." if row.label else f"{headline}.")
        if row.tags:
            parts.append("Tags: " + ", ".join(row.tags) + ".")
        if row.media_count:
            parts.append(f"{row.media_count} photo{'s' if row.media_count > 1 else ''}.")
        return " ".join(parts)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, HeadlineRole):
            return row.headline
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self.accessible_text(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.accessible_text(row)
        if role == PostIdRole:
            return row.id
        if role == TimeRole:
            return self.format_time(row)[0]
        if role == DateRole:
            return self.format_time(row)[1]
        if role == LabelRole:
            return row.label
        if role == TagsRole:
            return list(row.tags)
        if role == TagColorsRole:
            return [(name, self._tag_colors.get(name)) for name in row.tags]
        if role == PinnedRole:
            return row.pinned
        if role == DraftRole:
            return row.status == "draft"
        if role == TimestampRole:
            return row.published_at or row.updated_at
        return None

    def roleNames(self) -> dict[int, bytes]:
        names = dict(super().roleNames())
        names.update({PostIdRole: b"postId", HeadlineRole: b"headline", TimeRole: b"time",
                      LabelRole: b"label", TagsRole: b"tags", PinnedRole: b"pinned",
                      DraftRole: b"draft"})
        return names

    # -------------------------------------------------------------------------- drag and drop

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            # Drops land between rows only: the root accepts them, items do not.
            return Qt.ItemFlag.ItemIsDropEnabled
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemNeverHasChildren)

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME_TYPE]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        rows = sorted({i.row() for i in indexes if i.isValid()})
        ids = [self._rows[r].id for r in rows if 0 <= r < len(self._rows)]
        data = QMimeData()
        payload = {"blog_id": self.blog_id, "post_ids": ids}
        data.setData(MIME_TYPE, json.dumps(payload).encode("utf-8"))
        return data

    def _decode(self, data: QMimeData | None) -> list[int] | None:
        """The post ids a drag carries, or None when they are not this blog's posts."""
        if data is None or not data.hasFormat(MIME_TYPE):
            return None
        try:
            payload = json.loads(bytes(data.data(MIME_TYPE).data()).decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            return None
        if not isinstance(payload, dict) or payload.get("blog_id") != self.blog_id:
            return None
        ids = payload.get("post_ids")
        if (not isinstance(ids, list) or not ids
                or not all(isinstance(i, int) and not isinstance(i, bool) for i in ids)):
            return None
        if not all(i in self._row_of for i in ids):
            return None
        pinned = {self._rows[self._row_of[i]].pinned for i in ids}
        if len(pinned) != 1:
            return None  # pinned and unpinned posts move within their own groups
        return ids

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                        parent: AnyIndex) -> bool:
        if action != Qt.DropAction.MoveAction or parent.isValid() or column > 0:
            return False
        return self._decode(data) is not None

    def drop_neighbours(self, post_ids: Sequence[int], row: int) -> tuple[int | None, int | None]:
        """``(after, before)`` for dropping ``post_ids`` at visible ``row`` (-1: the end).

        ``after`` is the nearest visible, unmoved row above the drop point (the posts go right
        after it in the full order); at the top of the list, ``before`` is the first visible,
        unmoved row.
        """
        moving = set(post_ids)
        if row < 0 or row > len(self._rows):
            row = len(self._rows)
        for above in range(row - 1, -1, -1):
            if self._rows[above].id not in moving:
                return self._rows[above].id, None
        for below in range(row, len(self._rows)):
            if self._rows[below].id not in moving:
                return None, self._rows[below].id
        return None, None

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                     parent: AnyIndex) -> bool:
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        ids = self._decode(data) or []
        ordered = sorted(ids, key=lambda i: self._row_of[i])
        after, before = self.drop_neighbours(ordered, row)
        if after is None and before is None:
            return False
        if self._would_not_move(ordered, after, before):
            return False
        self.move_requested.emit(ordered, after, before)
        return True

    def _would_not_move(self, ids: list[int], after: int | None, before: int | None) -> bool:
        """True when the posts already sit, in this order, at the drop point."""
        rows = [self._row_of[i] for i in ids]
        if rows != list(range(rows[0], rows[0] + len(rows))):
            return False
        if after is not None:
            return self._row_of.get(after) == rows[0] - 1
        return self._row_of.get(before) == rows[-1] + 1

    def removeRows(self, row: int, count: int, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        # After a move-drag the view asks to remove the source rows; the store already moved
        # them and the list reloads from its signals, so there is nothing to remove here.
        return False


# ------------------------------------------------------------------------------------ painting


def _icon(name: str, color: QColor) -> Any:
    return icons.icon(name, color=color)


def readable_text_on(background: QColor) -> QColor:
    """Black or white, whichever reads better on ``background``."""
    luminance = (0.299 * background.red() + 0.587 * background.green()
                 + 0.114 * background.blue())
    return QColor("#000000") if luminance > 150 else QColor("#ffffff")


class PostDelegate(QStyledItemDelegate):
    """Paints a post row: markers, time, label; headline (two lines); tag chips."""

    PADDING = 8
    GAP = 6

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont, QFont]:
        base = QFont(option.font)
        headline = QFont(base)
        headline.setBold(True)
        small = QFont(base)
        size = base.pointSizeF()
        if size > 0:
            small.setPointSizeF(max(size * 0.85, 7.0))
        return base, headline, small

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        _base, headline, small = self._fonts(option)
        small_h = QFontMetrics(small).height() + 6
        headline_h = QFontMetrics(headline).lineSpacing() * 2
        height = self.PADDING * 2 + small_h + self.GAP + headline_h + self.GAP + small_h
        return QSize(QFontMetrics(option.font).averageCharWidth() * 30, height)

    def _chip(self, painter: QPainter, x: int, y: int, text: str, font: QFont,
              fill: QColor | None, text_color: QColor, border: QColor | None,
              limit: int, icon: Any = None) -> int:
        """Paint a rounded chip at (x, y); returns its width (0 if it does not fit)."""
        metrics = QFontMetrics(font)
        icon_w = metrics.height() if icon is not None else 0
        text_w = metrics.horizontalAdvance(text)
        width = text_w + 12 + (icon_w + 4 if icon_w else 0)
        height = metrics.height() + 4
        if x + width > limit:
            return 0
        rect = QRect(x, y, width, height)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if fill is not None:
            painter.setBrush(fill)
        else:
            painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(border if border is not None else Qt.PenStyle.NoPen)
        painter.drawRoundedRect(rect.adjusted(0, 0, -1, -1), height / 2.5, height / 2.5)
        tx = x + 6
        if icon is not None:
            icon.paint(painter, QRect(tx, y + 2, icon_w, icon_w))
            tx += icon_w + 4
        painter.setFont(font)
        painter.setPen(text_color)
        painter.drawText(QRect(tx, y, text_w + 1, height), Qt.AlignmentFlag.AlignVCenter, text)
        painter.restore()
        return width

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, opt, painter, widget)

        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        group = (QPalette.ColorGroup.Active if opt.state & QStyle.StateFlag.State_Active
                 else QPalette.ColorGroup.Inactive)
        text_role = (QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        text_color = opt.palette.color(group, text_role)
        muted = QColor(text_color)
        muted.setAlphaF(0.72)
        base, headline_font, small = self._fonts(opt)

        rect = opt.rect.adjusted(self.PADDING + 2, self.PADDING, -self.PADDING, -self.PADDING)
        right = rect.right()
        small_metrics = QFontMetrics(small)
        chip_h = small_metrics.height() + 4
        x = rect.left()
        y = rect.top()
        painter.save()

        # Line 1: time, markers (icon and text, never colour alone), label.
        time_text = index.data(TimeRole) or ""
        date_text = index.data(DateRole) or ""
        painter.setFont(small)
        painter.setPen(text_color)
        if time_text:
            bold_small = QFont(small)
            bold_small.setBold(True)
            painter.setFont(bold_small)
            width = QFontMetrics(bold_small).horizontalAdvance(time_text)
            painter.drawText(QRect(x, y, width + 1, chip_h), Qt.AlignmentFlag.AlignVCenter,
                             time_text)
            x += width + 4
            painter.setFont(small)
            painter.setPen(muted)
            width = small_metrics.horizontalAdvance(date_text)
            painter.drawText(QRect(x, y, width + 1, chip_h), Qt.AlignmentFlag.AlignVCenter,
                             date_text)
            x += width + 10
        if index.data(PinnedRole):
            x += self._chip(painter, x, y, "Pinned", small, None, text_color, muted, right,
                            _icon("fa5s.thumbtack", text_color)) + 4
        if index.data(DraftRole):
            x += self._chip(painter, x, y, "Draft", small, None, text_color, muted, right,
                            _icon("fa5s.pen", text_color)) + 4
        label = index.data(LabelRole)
        if label:
            accent = opt.palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.Highlight)
            fill = QColor(text_color) if selected else accent
            self._chip(painter, x, y, label.upper(), small, fill, readable_text_on(fill), None,
                       right)

        # Lines 2-3: the headline, elided after two lines.
        y += chip_h + self.GAP
        headline = (index.data(HeadlineRole) or "").strip()
        painter.setFont(headline_font)
        if headline:
            painter.setPen(text_color)
        else:
            headline = "Untitled post"
            painter.setPen(muted)
        metrics = QFontMetrics(headline_font)
        lines = self._wrap(headline, metrics, rect.width(), 2)
        for line in lines:
            painter.drawText(QRect(rect.left(), y, rect.width(), metrics.lineSpacing()),
                             Qt.AlignmentFlag.AlignVCenter, line)
            y += metrics.lineSpacing()
        y = rect.top() + chip_h + self.GAP + metrics.lineSpacing() * 2 + self.GAP

        # Line 4: tag chips in the tags' colours.
        x = rect.left()
        tags: list[tuple[str, str | None]] = index.data(TagColorsRole) or []
        hidden = 0
        for i, (name, color) in enumerate(tags):
            fill = QColor(color) if color else opt.palette.color(QPalette.ColorRole.Mid)
            width = self._chip(painter, x, y, name, small, fill, readable_text_on(fill),
                               QColor(text_color) if selected else None, right - 40)
            if width == 0:
                hidden = len(tags) - i
                break
            x += width + 4
        if hidden:
            painter.setFont(small)
            painter.setPen(muted)
            painter.drawText(QRect(x, y, 40, chip_h), Qt.AlignmentFlag.AlignVCenter,
                             f"+{hidden}")
        del base
        painter.restore()

    @staticmethod
    def _wrap(text: str, metrics: QFontMetrics, width: int, max_lines: int) -> list[str]:
        words = text.split()
        lines: list[str] = []
        current = ""
        while words:
            word = words.pop(0)
            candidate = f"{current} {word}".strip()
            if metrics.horizontalAdvance(candidate) <= width or not current:
                current = candidate
                continue
            lines.append(current)
            current = word
            if len(lines) == max_lines - 1:
                rest = " ".join([current, *words])
                lines.append(metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width))
                return lines
        if current:
            if len(lines) == max_lines - 1 or metrics.horizontalAdvance(current) > width:
                current = metrics.elidedText(current, Qt.TextElideMode.ElideRight, width)
            lines.append(current)
        return lines[:max_lines]


class PostListView(QListView):
    """The post list's view: uniform rows, multi-select, move-only internal drag and drop."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("postList")
        self.setAccessibleName("Posts")
        self.setAccessibleDescription(
            "The blog's posts, top first. Alt+Up and Alt+Down move the selected post; "
            "drag to reorder.")
        self.setUniformItemSizes(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDragDropOverwriteMode(False)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWordWrap(True)
        self.setItemDelegate(PostDelegate(self))
        self.setMinimumWidth(280)
        # The pinned and draft markers carry icons: paint them once the start-up has them.
        icons.when_ready(lambda: isValid(self) and self.viewport().update())

    def selected_post_ids(self) -> list[int]:
        """The selected posts' ids in display order."""
        model = self.model()
        rows = sorted(i.row() for i in self.selectionModel().selectedRows())
        return [int(model.data(model.index(r, 0), PostIdRole)) for r in rows]

    def current_post_id(self) -> int | None:
        index = self.currentIndex()
        if not index.isValid():
            return None
        value = index.data(PostIdRole)
        return int(value) if value is not None else None
