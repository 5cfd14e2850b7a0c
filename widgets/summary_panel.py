"""The "What we covered here" panel: a blog's key points, edited in place.

A key point is one line of Markdown (bold, italic, links). The list shows it rendered; a link to
``#<post id>`` shows the linked post's headline with an arrow, flags a draft or a missing post,
and a click on it (or Ctrl+Enter) emits ``post_link_activated(post id)``.

Editing: double-click, F2 or Enter opens a plain-text Markdown editor in the row (it wraps and
grows like the row), with Bold, Italic and Link buttons (Ctrl+B, Ctrl+I, Ctrl+K) that wrap the
selection in ``**``, ``*`` and ``[..](..)``; the Link button's menu links to a post of the blog.
Plain Markdown rather than a rich-text editor: the store keeps Markdown, and a round trip through
QTextDocument's Markdown reader and writer rewrites what it does not know (escapes, ``#post``
links, line wrapping), so merely opening and closing the editor would change the key point. The
plain text keeps it exactly, and the row shows the rendered result as soon as it is saved. Text
is saved after a 1 s pause and when the editor closes (Enter, Tab, focus elsewhere); Esc closes
without saving what the last pause did not. One opening of the editor is one undo step.

Every change is an undo command (:mod:`desktop.commands_summary`) pushed on the shared stack; the
list refreshes from the hub's ``summary_changed`` signal, never from its own edits.
"""

from __future__ import annotations

import html
import json
import os
import re
from dataclasses import dataclass
from typing import Any

from markdown_it import MarkdownIt
from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractListModel,
    QByteArray,
    QEvent,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QAction,
    QFocusEvent,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPalette,
    QTextCursor,
    QTextDocument,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QLabel,
    QListView,
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

os.environ.setdefault("QT_API", "pyside6")
from desktop.commands_summary import (
    AddKeyPoint,
    DeleteKeyPoint,
    EditKeyPoint,
    MoveKeyPoint,
    new_edit_session,
)
from desktop.hub import StoreHub
from storage import NotFoundError, StoreError, SummaryItem
from storage.store import check_text
from widgets import icons

#: Drag and drop of key points inside the panel carries their ids, never objects.
KEY_POINT_MIME = "application/x-livedesk-key-point-ids"
#: Key points read best between these counts (a warning, never a block).
BEST_MIN, BEST_MAX = 3, 6
#: Milliseconds of pause after which text typed in the inline editor is saved.
COMMIT_PAUSE_MS = 1000

#: Colours of the linked headline, the draft warning and the missing-post warning.
NOTE_COLOUR, DRAFT_COLOUR, MISSING_COLOUR = "#5f6b7a", "#b35900", "#c62828"

ItemIdRole = Qt.ItemDataRole.UserRole + 1
LinkedPostRole = Qt.ItemDataRole.UserRole + 2
HtmlRole = Qt.ItemDataRole.UserRole + 3
ProblemRole = Qt.ItemDataRole.UserRole + 4

_md = MarkdownIt("commonmark", {"html": False})
_MD_SPECIAL_RE = re.compile(r"([\\`*_\[\]<>!#|~])")


def escape_markdown(text: str) -> str:
    """``text`` as literal Markdown inline text (for a headline inside a link's brackets)."""
    return _MD_SPECIAL_RE.sub(r"\\\1", " ".join(text.split()))


def post_link_text(headline: str, uid: str) -> str:
    """The key point "Add as key point" pre-fills: ``[headline](#uid)``."""
    return f"[{escape_markdown(headline) or 'Untitled post'}](#{uid})"



#: How many of the newest posts the key-point editor's "Link to post" menu offers.
LINK_MENU_POSTS = 40
_POST_LINK_RE = re.compile(r"\]\(#([A-Za-z][A-Za-z0-9_-]{0,63})\)")

@dataclass(frozen=True)

class LinkedPost:
    id: int
    uid: str
    headline: str
    status: str


@dataclass(frozen=True)
class RenderedKeyPoint:
    html: str
    plain: str
    #: Post ids of the ``#uid`` links that exist, in order.
    post_ids: tuple[int, ...]
    #: "missing post #x", "draft" ... or "" when every link is fine.
    problem: str


def render_key_point(text: str, posts: dict[str, LinkedPost]) -> RenderedKeyPoint:
    """Render one key point's inline Markdown as the list's HTML (escaped, no raw HTML) with
    ``#uid`` links annotated with the linked headline; and a plain-text version."""
    parts: list[str] = []
    plain: list[str] = []
    post_ids: list[int] = []
    problems: list[str] = []
    link_stack: list[str] = []
    link_text: list[str] = []
    tokens = _md.parseInline(text)
    children = tokens[0].children or [] if tokens else []
    for token in children:
        kind = token.type
        if kind in ("text", "code_inline"):
            escaped = html.escape(token.content)
            parts.append(f"<code>{escaped}</code>" if kind == "code_inline" else escaped)
            plain.append(token.content)
            if link_stack:
                link_text.append(token.content)
        elif kind in ("softbreak", "hardbreak"):
            parts.append(" ")
            plain.append(" ")
        elif kind == "strong_open":
            parts.append("<b>")
        elif kind == "strong_close":
            parts.append("</b>")
        elif kind == "em_open":
            parts.append("<i>")
        elif kind == "em_close":
            parts.append("</i>")
        elif kind == "image":
            alt = token.content or "image"
            parts.append(html.escape(f"[{alt}]"))
            plain.append(alt)
        elif kind == "link_open":
            href = str(token.attrs.get("href", ""))
            link_stack.append(href)
            link_text = []
            parts.append(f'<a href="{html.escape(href, quote=True)}">')
        elif kind == "link_close":
            href = link_stack.pop() if link_stack else ""
            parts.append("</a>")
            if href.startswith("#"):
                uid = href[1:]
                post = posts.get(uid)
                if post is None:
                    problems.append(f"missing post #{uid}")
                    parts.append(f' <span class="missing">⚠ missing post '
                                 f'#{html.escape(uid)}</span>')
                    plain.append(f" (missing post #{uid})")
                    continue
                post_ids.append(post.id)
                headline = post.headline or "Untitled post"
                same = " ".join("".join(link_text).split()) == " ".join(headline.split())
                arrow = "→" if same else f"→ {html.escape(headline)}"
                note = ""
                if post.status == "draft":
                    problems.append("links to a draft")
                    note = ' <span class="draft">(draft: not in exports)</span>'
                parts.append(f' <span class="note">{arrow}</span>{note}')
                plain.append("" if same else f" (post: {headline})")
                if note:
                    plain.append(" (draft)")
    return RenderedKeyPoint("".join(parts), "".join(plain), tuple(post_ids),
                            "; ".join(dict.fromkeys(problems)))


def count_message(count: int) -> tuple[str, bool]:
    """The counter's text and whether it is a (gentle) warning."""
    if count == 0:
        return f"No key points yet: {BEST_MIN} to {BEST_MAX} read best", True
    noun = "key point" if count == 1 else "key points"
    if count < BEST_MIN:
        return f"Only {count} {noun}: {BEST_MIN} to {BEST_MAX} read best", True
    if count > BEST_MAX:
        return f"{count} {noun}: {BEST_MIN} to {BEST_MAX} read best", True
    return f"{count} {noun}", False


# ---------------------------------------------------------------------------------- the model


class SummaryModel(QAbstractListModel):
    """The key points of one blog, read from the store. Edits and drops do not change the model:
    they ask for a change (``edit_requested``, ``move_requested``), the panel pushes a command,
    and the model reloads from the hub's signal."""

    edit_requested = Signal(int, str)  # item id, new text
    move_requested = Signal(int, object)  # item id, after id (None: to the top)

    def __init__(self, hub: StoreHub, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.hub = hub
        self.blog_id: int | None = None
        self._items: list[SummaryItem] = []
        self._posts: dict[str, LinkedPost] = {}
        self._rendered: dict[tuple[int, str], RenderedKeyPoint] = {}

    # -------------------------------------------------------------------------------- loading

    def set_blog(self, blog_id: int | None) -> None:
        self.blog_id = blog_id
        self.beginResetModel()
        self._items = []
        self._load_posts()
        self._items = self._read_items()
        self.endResetModel()

    def reload(self) -> None:
        """Read the key points again; rows stay (and open editors with them) when only texts
        changed."""
        items = self._read_items()
        self._rendered.clear()
        if [i.id for i in items] == [i.id for i in self._items]:
            self._items = items
            if items:
                self.dataChanged.emit(self.index(0), self.index(len(items) - 1))
            return
        self.beginResetModel()
        self._items = items
        self.endResetModel()

    def reload_posts(self) -> None:
        """Linked headlines may have changed."""
        self._load_posts()
        self._rendered.clear()
        if self._items:
            self.dataChanged.emit(self.index(0), self.index(len(self._items) - 1))

    def _read_items(self) -> list[SummaryItem]:
        if self.blog_id is None:
            return []
        try:
            return self.hub.store.list_summary(self.blog_id)
        except StoreError:
            return []

    def _load_posts(self) -> None:
        """The posts the key points link to, and the newest ones for the "Link to post" menu.

        Only those: a blog of 100,000 posts must not load every row to show four key points."""
        self._rendered.clear()
        if self.blog_id is None:
            self._posts = {}
            return
        store = self.hub.store
        try:
            rows = store.list_post_rows(self.blog_id, 0, LINK_MENU_POSTS)
        except StoreError:
            rows = []
        posts = {r.uid: LinkedPost(r.id, r.uid, r.headline, r.status) for r in rows}
        for item in self._read_items():
            for uid in _POST_LINK_RE.findall(item.text):
                if uid in posts:
                    continue
                try:
                    post = store.post_by_uid(self.blog_id, uid)
                except StoreError:
                    continue  # a link to a missing post is shown as such
                posts[uid] = LinkedPost(post.id, post.uid, post.headline, post.status)
        self._posts = posts

    # ------------------------------------------------------------------------------- queries

    def items(self) -> list[SummaryItem]:
        return list(self._items)

    def item_ids(self) -> list[int]:
        return [i.id for i in self._items]

    def row_of(self, item_id: int) -> int:
        for row, item in enumerate(self._items):
            if item.id == item_id:
                return row
        return -1

    def posts(self) -> dict[str, LinkedPost]:
        return dict(self._posts)

    def rendered(self, row: int) -> RenderedKeyPoint:
        item = self._items[row]
        key = (item.id, item.text)
        if key not in self._rendered:
            self._rendered[key] = render_key_point(item.text, self._posts)
        return self._rendered[key]

    # ----------------------------------------------------------------------------- Qt model

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self._items)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return item.text
        if role == ItemIdRole:
            return item.id
        rendered = self.rendered(index.row())
        if role == HtmlRole:
            return rendered.html
        if role == LinkedPostRole:
            return rendered.post_ids[0] if rendered.post_ids else None
        if role == ProblemRole:
            return rendered.problem
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return rendered.plain + (f" (warning: {rendered.problem})" if rendered.problem
                                     else "")
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = html.escape(item.text)
            if rendered.problem:
                tip += f"<br><b>Check:</b> {html.escape(rendered.problem)}"
            if rendered.post_ids:
                tip += "<br>Click the link or press Ctrl+Enter to go to the post."
            return tip
        return None

    def setData(self, index: QModelIndex | QPersistentModelIndex, value: Any,
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        item = self._items[index.row()]
        text = str(value).strip()
        if not text or text == item.text:
            return False
        self.edit_requested.emit(item.id, text)
        return True

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsEditable | Qt.ItemFlag.ItemIsDragEnabled
                | Qt.ItemFlag.ItemNeverHasChildren)

    # ------------------------------------------------------------------------- drag and drop

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [KEY_POINT_MIME]

    def mimeData(self, indexes: Any) -> QMimeData:
        rows = sorted({i.row() for i in indexes if i.isValid()})
        payload = {"blog": self.blog_id, "ids": [self._items[r].id for r in rows]}
        data = QMimeData()
        data.setData(KEY_POINT_MIME, QByteArray(json.dumps(payload).encode()))
        return data

    def _dropped_ids(self, data: QMimeData) -> list[int]:
        if not data.hasFormat(KEY_POINT_MIME):
            return []
        try:
            payload = json.loads(bytes(data.data(KEY_POINT_MIME).data()).decode())
        except (ValueError, UnicodeDecodeError):
            return []
        if not isinstance(payload, dict) or payload.get("blog") != self.blog_id:
            return []
        known = set(self.item_ids())
        ids = payload.get("ids")
        if not isinstance(ids, list):
            return []
        return [i for i in ids if isinstance(i, int) and i in known]

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                        parent: QModelIndex | QPersistentModelIndex) -> bool:
        return (action == Qt.DropAction.MoveAction and not parent.isValid()
                and bool(self._dropped_ids(data)))

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                     parent: QModelIndex | QPersistentModelIndex) -> bool:
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        if row < 0:
            row = len(self._items)
        moves = self.moves_for_drop(self._dropped_ids(data), row)
        for item_id, after in moves:
            self.move_requested.emit(item_id, after)
        return True

    def moves_for_drop(self, ids: list[int], row: int) -> list[tuple[int, int | None]]:
        """(item, after) moves putting ``ids`` at insertion ``row``; none if nothing changes."""
        current = self.item_ids()
        moving = [i for i in current if i in set(ids)]
        rest = [i for i in current if i not in set(ids)]
        insert_at = len([i for i in current[:row] if i not in set(ids)])
        new_order = rest[:insert_at] + moving + rest[insert_at:]
        if new_order == current:
            return []
        moves: list[tuple[int, int | None]] = []
        after = rest[insert_at - 1] if insert_at > 0 else None
        for item_id in moving:
            moves.append((item_id, after))
            after = item_id
        return moves


# ------------------------------------------------------------------------------ inline editor


class KeyPointEditor(QWidget):
    """A wrapping plain-text Markdown editor for one key point, with Bold, Italic and Link.

    Plain text, so the Markdown is kept exactly; it wraps like the row it edits and grows with
    its text (``height_changed``). A key point is one paragraph: Enter saves and closes (pasted
    line breaks become spaces). ``pause_elapsed`` fires 1 s after the last change,
    ``finished`` on Enter, Tab or when the focus leaves for another widget, ``cancelled`` on Esc.
    """

    pause_elapsed = Signal()
    finished = Signal()
    cancelled = Signal()
    height_changed = Signal()

    def __init__(self, posts: dict[str, LinkedPost] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.posts = posts or {}
        self.session = new_edit_session()
        self.loaded = False
        self._done = False
        self._setting = False
        self.setAutoFillBackground(True)
        self.setAccessibleName("Edit key point")
        self.text_edit = QTextEdit(self)
        self.text_edit.setAcceptRichText(False)
        self.text_edit.setTabChangesFocus(True)
        self.text_edit.setLineWrapMode(QTextEdit.LineWrapMode.WidgetWidth)
        self.text_edit.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.text_edit.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.text_edit.setAccessibleName("Key point text (Markdown)")
        self.text_edit.setPlaceholderText("A sentence or two; **bold lead-in:** works")
        self.text_edit.document().setDocumentMargin(2)
        self.text_edit.installEventFilter(self)
        self.text_edit.textChanged.connect(self._on_text_changed)
        self.setFocusProxy(self.text_edit)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(COMMIT_PAUSE_MS)
        self.timer.timeout.connect(self.pause_elapsed.emit)

        self.bold_button = self._button("fa5s.bold", "Bold (Ctrl+B)", "Bold", self.make_bold)
        self.italic_button = self._button("fa5s.italic", "Italic (Ctrl+I)", "Italic",
                                          self.make_italic)
        self.link_button = self._button("fa5s.link", "Link (Ctrl+K)", "Link",
                                        lambda: self.make_link())
        self.link_menu = QMenu(self)
        self.link_menu.aboutToShow.connect(self._fill_link_menu)
        self.link_button.setMenu(self.link_menu)
        self.link_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        hint = QLabel("Enter saves · Esc cancels", self)
        hint.setStyleSheet(f"color: {NOTE_COLOUR};")
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.setSpacing(1)
        for button in (self.bold_button, self.italic_button, self.link_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(hint)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(2)
        layout.addWidget(self.text_edit, 1)
        layout.addLayout(buttons)

    def _button(self, icon: str, tip: str, name: str, slot: Any) -> QToolButton:
        button = QToolButton(self)
        icons.set_icon(button, icon)
        button.setToolTip(tip)
        button.setAccessibleName(name)
        button.setAutoRaise(True)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.clicked.connect(slot)
        return button

    # ------------------------------------------------------------------------------- public

    def text(self) -> str:
        return self.text_edit.toPlainText()

    def set_text(self, text: str) -> None:
        self._setting = True
        try:
            self.text_edit.setPlainText(_one_line(text))
        finally:
            self._setting = False
        self.height_changed.emit()

    def select(self, start: int, length: int) -> None:
        """Select ``length`` units from ``start`` (Qt positions: UTF-16 code units)."""
        cursor = self.text_edit.textCursor()
        cursor.setPosition(start)
        cursor.setPosition(start + length, QTextCursor.MoveMode.KeepAnchor)
        self.text_edit.setTextCursor(cursor)

    def select_all(self) -> None:
        self.text_edit.selectAll()

    def selected_text(self) -> str:
        return self.text_edit.textCursor().selectedText()

    def move_to_end(self) -> None:
        self.text_edit.moveCursor(QTextCursor.MoveOperation.End)

    def insert(self, text: str) -> None:
        self.text_edit.textCursor().insertText(_one_line(text))

    def preferred_height(self, width: int) -> int:
        """The height showing all the text at ``width`` plus the buttons."""
        doc = self.text_edit.document().clone()
        doc.setTextWidth(max(40, width - 12))
        text_height = int(doc.size().height()) + 2 * self.text_edit.frameWidth() + 2
        return text_height + self.bold_button.sizeHint().height() + 8

    def wrap_selection(self, before: str, after: str, placeholder: str) -> None:
        """Wrap the selection (or a placeholder, then selected) in ``before``/``after``."""
        cursor = self.text_edit.textCursor()
        start = cursor.selectionStart()
        inner = cursor.selectedText() or placeholder
        cursor.beginEditBlock()
        cursor.insertText(before + inner + after)
        cursor.endEditBlock()
        self.select(start + _utf16_len(before), _utf16_len(inner))

    def make_bold(self) -> None:
        self.wrap_selection("**", "**", "bold text")

    def make_italic(self) -> None:
        self.wrap_selection("*", "*", "italic text")

    def make_link(self, target: str = "https://") -> None:
        """Make the selection a link and select the target for typing."""
        cursor = self.text_edit.textCursor()
        start = cursor.selectionStart()
        label = cursor.selectedText() or "link text"
        cursor.insertText(f"[{label}]({target})")
        self.select(start + _utf16_len(f"[{label}]("), _utf16_len(target))

    def link_to_post(self, post: LinkedPost) -> None:
        """Link the selection to a post of the blog (or insert a link with its headline)."""
        cursor = self.text_edit.textCursor()
        label = cursor.selectedText() or escape_markdown(post.headline) or "Untitled post"
        cursor.insertText(f"[{label}](#{post.uid})")
        self.text_edit.setTextCursor(cursor)

    # ------------------------------------------------------------------------------ private

    def _on_text_changed(self) -> None:
        text = self.text_edit.toPlainText()
        if "\n" in text or "\u2029" in text:  # pasted lines: a key point is one paragraph
            cursor = self.text_edit.textCursor()
            position = cursor.position()
            self.text_edit.blockSignals(True)
            self.text_edit.setPlainText(_one_line(text))
            self.text_edit.blockSignals(False)
            cursor = self.text_edit.textCursor()
            cursor.setPosition(min(position, len(self.text_edit.toPlainText())))
            self.text_edit.setTextCursor(cursor)
        if not self._setting:
            self.timer.start()
        self.height_changed.emit()

    def _fill_link_menu(self) -> None:
        self.link_menu.clear()
        web = self.link_menu.addAction("Web link")
        web.triggered.connect(lambda: self.make_link())
        posts_menu = self.link_menu.addMenu("Link to post")
        for post in self.posts.values():
            title = post.headline or "Untitled post"
            if post.status == "draft":
                title += " (draft)"
            action = posts_menu.addAction(title[:80])
            action.triggered.connect(lambda _c=False, p=post: self.link_to_post(p))
        posts_menu.setEnabled(bool(self.posts))

    def _finish(self) -> None:
        if not self._done:
            self._done = True
            self.timer.stop()
            self.finished.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.text_edit:
            if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
                key, mods = event.key(), event.modifiers()
                ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
                if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                    self._finish()  # consumed: the list must not see it (Enter edits there)
                    return True
                if key == Qt.Key.Key_Escape:
                    self._done = True
                    self.timer.stop()
                    self.cancelled.emit()
                    return True
                if ctrl and key == Qt.Key.Key_B:
                    self.make_bold()
                    return True
                if ctrl and key == Qt.Key.Key_I:
                    self.make_italic()
                    return True
                if ctrl and key == Qt.Key.Key_K:
                    self.make_link()
                    return True
            elif (event.type() == QEvent.Type.FocusOut and isinstance(event, QFocusEvent)
                  and event.reason() != Qt.FocusReason.PopupFocusReason):
                QTimer.singleShot(0, self, self._finish_if_focus_left)
        return super().eventFilter(watched, event)

    def _finish_if_focus_left(self) -> None:
        now = QApplication.focusWidget()
        if now is None or (now is not self.text_edit and not self.isAncestorOf(now)):
            self._finish()


def _one_line(text: str) -> str:
    return " ".join(text.replace("\u2029", "\n").splitlines()) if (
        "\n" in text or "\u2029" in text or "\r" in text) else text


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2



# ------------------------------------------------------------------------------------ delegate


class KeyPointDelegate(QStyledItemDelegate):
    """Paints a key point's rendered Markdown with a bullet; hosts the inline editor; turns a
    click on a ``#post`` link into ``link_activated(post id)``."""

    link_activated = Signal(int)
    MARGIN = 6
    BULLET = 16

    def __init__(self, view: QListView, model: SummaryModel) -> None:
        super().__init__(view)
        self.view = view
        self.model = model
        self.next_session: int | None = None
        #: The editing session of the editor whose text is being saved (for merging).
        self.current_session: int | None = None
        self._editing = QPersistentModelIndex()
        self._editor: KeyPointEditor | None = None

    def _document(self, option: QStyleOptionViewItem, index: QModelIndex, width: int,
                  selected: bool = False) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setDocumentMargin(0)
        if selected:  # everything in the selection colour, readable on the highlight
            colour = option.palette.color(QPalette.ColorRole.HighlightedText).name()
            doc.setDefaultStyleSheet(
                f"a {{ color: {colour}; text-decoration: underline; }}"
                f".note, .draft, .missing {{ color: {colour}; }}")
        else:
            link = option.palette.color(QPalette.ColorRole.Link).name()
            doc.setDefaultStyleSheet(
                f"a {{ color: {link}; text-decoration: underline; }}"
                f".note {{ color: {NOTE_COLOUR}; }} .draft {{ color: {DRAFT_COLOUR}; }}"
                f".missing {{ color: {MISSING_COLOUR}; font-weight: bold; }}")
        doc.setHtml(str(index.data(HtmlRole) or ""))
        doc.setTextWidth(max(40, width - 2 * self.MARGIN - self.BULLET))
        return doc

    def _width(self, option: QStyleOptionViewItem) -> int:
        width = option.rect.width()
        if width <= 0:
            width = self.view.viewport().width()
        return width

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else self.view.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = (QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        doc = self._document(opt, index, opt.rect.width(), selected)
        painter.save()
        painter.setPen(opt.palette.color(role))
        text_top = opt.rect.top() + self.MARGIN
        painter.drawText(QRect(opt.rect.left() + self.MARGIN, text_top, self.BULLET,
                               opt.fontMetrics.height()),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, "•")
        painter.translate(opt.rect.left() + self.MARGIN + self.BULLET, text_top)
        context = QAbstractTextDocumentLayout.PaintContext()
        context.palette = QPalette(opt.palette)
        context.palette.setColor(QPalette.ColorRole.Text, opt.palette.color(role))
        doc.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem,
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        width = self._width(opt)
        doc = self._document(opt, index, width)
        height = int(doc.size().height()) + 2 * self.MARGIN
        if (self._editor is not None and self._editing.isValid()
                and self._editing.row() == index.row()):
            height = max(height, self._editor.preferred_height(width))
        return QSize(width, height)

    def link_at(self, index: QModelIndex, pos: QPoint) -> str:
        """The href under ``pos`` (viewport coordinates) in the row ``index``, or ""."""
        rect = self.view.visualRect(index)
        option = QStyleOptionViewItem()
        option.initFrom(self.view)
        option.font = self.view.font()
        option.rect = rect
        doc = self._document(option, index, rect.width())
        local = pos - QPoint(rect.left() + self.MARGIN + self.BULLET, rect.top() + self.MARGIN)
        return doc.documentLayout().anchorAt(local.toPointF())

    def post_for_href(self, href: str) -> int | None:
        if not href.startswith("#"):
            return None
        post = self.model.posts().get(href[1:])
        return post.id if post else None

    def editorEvent(self, event: QEvent, model: QAbstractItemModel,
                    option: QStyleOptionViewItem,
                    index: QModelIndex | QPersistentModelIndex) -> bool:
        if (event.type() == QEvent.Type.MouseButtonRelease and isinstance(event, QMouseEvent)
                and event.button() == Qt.MouseButton.LeftButton):
            post_id = self.post_for_href(self.link_at(QModelIndex(index),
                                                      event.position().toPoint()))
            if post_id is not None:
                self.link_activated.emit(post_id)
                return True
        return super().editorEvent(event, model, option, index)

    # ----------------------------------------------------------------------------- editing

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: QModelIndex | QPersistentModelIndex) -> QWidget:
        editor = KeyPointEditor(self.model.posts(), parent)
        if self.next_session is not None:
            editor.session = self.next_session
            self.next_session = None
        editor.pause_elapsed.connect(lambda: self.commitData.emit(editor))
        editor.finished.connect(lambda: self._close(editor, commit=True))
        editor.cancelled.connect(lambda: self._close(editor, commit=False))
        self._editing = QPersistentModelIndex(index)
        self._editor = editor
        editor.height_changed.connect(self._editor_resized)
        return editor

    def _editor_resized(self) -> None:
        if self._editing.isValid():
            self.sizeHintChanged.emit(QModelIndex(self._editing))
            self.view.doItemsLayout()  # now, so that the editor gets the new height too

    def destroyEditor(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex
                      ) -> None:
        if editor is self._editor:
            self._editor = None
            editing, self._editing = self._editing, QPersistentModelIndex()
            if editing.isValid():
                self.sizeHintChanged.emit(QModelIndex(editing))
        super().destroyEditor(editor, index)

    def _close(self, editor: KeyPointEditor, *, commit: bool) -> None:
        if commit:
            self.commitData.emit(editor)
        self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex
                      ) -> None:
        # Once loaded, the editor keeps what is being typed even when the row refreshes.
        if isinstance(editor, KeyPointEditor) and not editor.loaded:
            editor.set_text(str(index.data(Qt.ItemDataRole.EditRole) or ""))
            editor.select_all()
            editor.loaded = True

    def setModelData(self, editor: QWidget, model: QAbstractItemModel,
                     index: QModelIndex | QPersistentModelIndex) -> None:
        if isinstance(editor, KeyPointEditor):
            self.current_session = editor.session
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem,
                             index: QModelIndex | QPersistentModelIndex) -> None:
        rect = QRect(option.rect)
        if isinstance(editor, KeyPointEditor):
            rect.setHeight(max(rect.height(), editor.preferred_height(rect.width())))
        editor.setGeometry(rect)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The editor handles its own keys and focus (it is a composite widget).
        if isinstance(watched, KeyPointEditor):
            return False
        return super().eventFilter(watched, event)


# ------------------------------------------------------------------------------------- panel


class SummaryListView(QListView):
    """The list of key points: move-only drag and drop, Enter edits."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Key points")
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setWordWrap(True)
        self.setUniformItemSizes(False)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.setMouseTracking(True)  # a hand over links to posts

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if (event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and not event.modifiers() & Qt.KeyboardModifier.ControlModifier
                and self.currentIndex().isValid()
                and self.state() != QAbstractItemView.State.EditingState):
            self.edit(self.currentIndex())
            return
        super().keyPressEvent(event)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self.scheduleDelayedItemsLayout()  # rows wrap to the new width

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        super().mouseMoveEvent(event)
        delegate = self.itemDelegate()
        pos = event.position().toPoint()
        index = self.indexAt(pos)
        over_link = (isinstance(delegate, KeyPointDelegate) and index.isValid()
                     and delegate.post_for_href(delegate.link_at(index, pos)) is not None)
        self.viewport().setCursor(Qt.CursorShape.PointingHandCursor if over_link
                                  else Qt.CursorShape.ArrowCursor)


class SummaryPanel(QWidget):
    """Edits a blog's key points ("What we covered here"). See the module's docstring."""

    post_link_activated = Signal(int)

    def __init__(self, hub: StoreHub, undo_stack: QUndoStack,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hub = hub
        self.undo_stack = undo_stack
        self.blog_id: int | None = None
        self._restore_id: int | None = None
        self.setAccessibleName("What we covered here")

        self.model = SummaryModel(hub, self)
        self.model.edit_requested.connect(self._on_edit_requested)
        self.model.move_requested.connect(self._on_move_requested)
        self.model.modelAboutToBeReset.connect(self._remember_current)
        self.model.modelReset.connect(self._restore_current)
        self.view = SummaryListView(self)
        self.view.setModel(self.model)
        self.delegate = KeyPointDelegate(self.view, self.model)
        self.delegate.link_activated.connect(self.post_link_activated)
        self.view.setItemDelegate(self.delegate)
        self.view.selectionModel().currentChanged.connect(self._update_actions)

        title = QLabel("<b>What we covered here</b>", self)
        title.setAccessibleName("What we covered here")
        self.count_label = QLabel(self)
        self.count_label.setAccessibleName("Key point count")
        self.count_label.setWordWrap(True)

        self.add_action = self._action("Add key point", "fa5s.plus", "Ctrl+Shift+K",
                                       lambda: self.add_key_point(), Qt.ShortcutContext.
                                       WidgetWithChildrenShortcut)
        self.edit_action = self._action("Edit key point", "fa5s.pen", "F2",
                                        self.edit_current, Qt.ShortcutContext.WidgetShortcut)
        self.delete_action = self._action("Delete key point", "fa5s.trash-alt",
                                          QKeySequence.StandardKey.Delete,
                                          self.delete_current, Qt.ShortcutContext.WidgetShortcut)
        self.up_action = self._action("Move key point up", "fa5s.arrow-up", "Alt+Up",
                                      self.move_current_up, Qt.ShortcutContext.WidgetShortcut)
        self.down_action = self._action("Move key point down", "fa5s.arrow-down", "Alt+Down",
                                        self.move_current_down,
                                        Qt.ShortcutContext.WidgetShortcut)
        self.go_action = self._action("Go to linked post", "fa5s.external-link-alt",
                                      "Ctrl+Return", self.go_to_linked_post,
                                      Qt.ShortcutContext.WidgetShortcut)
        self.addAction(self.add_action)
        for action in (self.edit_action, self.delete_action, self.up_action, self.down_action,
                       self.go_action):
            self.view.addAction(action)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

        toolbar = QHBoxLayout()
        toolbar.setSpacing(2)
        for action in (self.add_action, self.edit_action, self.delete_action, self.up_action,
                       self.down_action, self.go_action):
            button = QToolButton(self)
            button.setDefaultAction(action)
            button.setAutoRaise(True)
            button.setAccessibleName(action.text())
            toolbar.addWidget(button)
        toolbar.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(title)
        layout.addLayout(toolbar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count_label)

        hub.summary_changed.connect(self._on_summary_changed)
        hub.posts_changed.connect(self._on_posts_changed)
        hub.reset.connect(self._on_reset)
        hub.blogs_changed.connect(self._on_blogs_changed)
        self._update_count()
        self._update_actions()

    def _action(self, text: str, icon: str, shortcut: Any, slot: Any,
                context: Qt.ShortcutContext) -> QAction:
        action = QAction(text, self)
        icons.set_icon(action, icon)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(context)
        action.setToolTip(f"{text} ({action.shortcut().toString(QKeySequence.NativeText)})")
        action.triggered.connect(slot)
        return action

    # ------------------------------------------------------------------------------- public

    def set_blog(self, blog_id: int | None) -> None:
        self.commit_pending()
        self.blog_id = blog_id
        self.model.set_blog(blog_id)
        self._update_count()
        self._update_actions()

    def key_points(self) -> list[str]:
        return [item.text for item in self.model.items()]

    def current_item_id(self) -> int | None:
        index = self.view.currentIndex()
        return index.data(ItemIdRole) if index.isValid() else None

    def _selected_item_id(self) -> int | None:
        rows = self.view.selectionModel().selectedRows()
        return rows[0].data(ItemIdRole) if rows else None

    def select_item(self, item_id: int) -> None:
        row = self.model.row_of(item_id)
        if row >= 0:
            self.view.setCurrentIndex(self.model.index(row))

    def add_key_point(self, text: str = "New key point", *, edit: bool = True,
                      at_end: bool = False) -> int | None:
        """Add a key point after the selected one (or at the end) and open its editor; the
        typing that follows is part of the same undo step."""
        if self.blog_id is None:
            return None
        self.commit_pending()
        session = new_edit_session()
        after = None if at_end else self._selected_item_id()
        command = AddKeyPoint(self.hub.store, self.blog_id, text, after=after, session=session)
        self.undo_stack.push(command)
        if command.item_id is None:
            return None
        self.select_item(command.item_id)
        if edit:
            self.delegate.next_session = session
            self.view.edit(self.view.currentIndex())
            editor = self.current_editor()
            if editor is not None and text != "New key point":
                editor.move_to_end()
        return command.item_id

    def add_key_point_for_post(self, post_id: int) -> int | None:
        """"Add as key point": a key point linking to the post, editor open."""
        try:
            post = self.hub.store.get_post(post_id)
        except NotFoundError:
            return None
        if self.blog_id != post.blog_id:
            self.set_blog(post.blog_id)
        return self.add_key_point(post_link_text(post.headline, post.uid), at_end=True)

    def edit_current(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self.view.edit(index)

    def delete_current(self) -> None:
        item_id = self.current_item_id()
        if item_id is None:
            return
        row = self.view.currentIndex().row()
        self.undo_stack.push(DeleteKeyPoint(self.hub.store, item_id))
        if self.model.rowCount():
            self.view.setCurrentIndex(self.model.index(min(row, self.model.rowCount() - 1)))

    def move_current_up(self) -> None:
        self._move_current(-1)

    def move_current_down(self) -> None:
        self._move_current(+1)

    def go_to_linked_post(self) -> None:
        index = self.view.currentIndex()
        post_id = index.data(LinkedPostRole) if index.isValid() else None
        if post_id is not None:
            self.post_link_activated.emit(post_id)

    def current_editor(self) -> KeyPointEditor | None:
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        widget = self.view.indexWidget(index)
        if isinstance(widget, KeyPointEditor):
            return widget
        for child in self.view.viewport().findChildren(KeyPointEditor):
            if child.isVisible():
                return child
        return None

    def commit_pending(self) -> None:
        """Save what an open inline editor holds (before switching blogs or quitting)."""
        editor = self.current_editor()
        if editor is not None:
            self.delegate.commitData.emit(editor)

    # ------------------------------------------------------------------------------ private

    def _move_current(self, step: int) -> None:
        index = self.view.currentIndex()
        if not index.isValid() or self.blog_id is None:
            return
        ids = self.model.item_ids()
        row = index.row()
        target = row + step
        if not 0 <= target < len(ids):
            return
        item_id = ids[row]
        rest = [i for i in ids if i != item_id]
        after = rest[target - 1] if target > 0 else None
        self.undo_stack.push(MoveKeyPoint(self.hub.store, self.blog_id, item_id, after))
        self.select_item(item_id)

    def _on_edit_requested(self, item_id: int, text: str) -> None:
        old = next((i.text for i in self.model.items() if i.id == item_id), None)
        if old is None or old == text:
            return
        try:
            check_text(text, "summary", max_length=10_000, required=True)
        except StoreError:
            return  # e.g. far too long: the editor keeps the text, the store the old one
        self.undo_stack.push(EditKeyPoint(self.hub.store, item_id, text, old,
                                          session=self.delegate.current_session))

    def _on_move_requested(self, item_id: int, after: int | None) -> None:
        if self.blog_id is not None:
            self.undo_stack.push(MoveKeyPoint(self.hub.store, self.blog_id, item_id, after))
            self._restore_id = item_id
            self.select_item(item_id)

    def _remember_current(self) -> None:
        if self._restore_id is None:
            self._restore_id = self.current_item_id()

    def _restore_current(self) -> None:
        if self._restore_id is not None:
            self.select_item(self._restore_id)
        self._restore_id = None

    def _on_summary_changed(self, blog_id: int) -> None:
        if blog_id == self.blog_id:
            self.model.reload()
            self._update_count()
            self._update_actions()

    def _on_posts_changed(self, blog_id: int, _ids: list) -> None:
        if blog_id == self.blog_id:
            self.model.reload_posts()
            self._update_actions()

    def _on_reset(self) -> None:
        if self.blog_id is not None:
            try:
                self.hub.store.get_blog(self.blog_id)
            except NotFoundError:
                self.set_blog(None)
                return
        self.model.reload_posts()
        self.model.reload()
        self._update_count()
        self._update_actions()

    def _on_blogs_changed(self, _blog_id: int) -> None:
        if self.blog_id is None:
            return
        try:
            self.hub.store.get_blog(self.blog_id)
        except NotFoundError:
            self.set_blog(None)

    def _update_count(self) -> None:
        if self.blog_id is None:
            self.count_label.setText("No blog open")
            self.count_label.setStyleSheet("")
            return
        text, warning = count_message(self.model.rowCount())
        self.count_label.setText(text)
        self.count_label.setStyleSheet("color: #b35900;" if warning else "")
        self.count_label.setProperty("warning", warning)

    def _update_actions(self, *_args: object) -> None:
        index = self.view.currentIndex()
        has = index.isValid()
        self.add_action.setEnabled(self.blog_id is not None)
        self.edit_action.setEnabled(has)
        self.delete_action.setEnabled(has)
        self.up_action.setEnabled(has and index.row() > 0)
        self.down_action.setEnabled(has and index.row() < self.model.rowCount() - 1)
        self.go_action.setEnabled(has and index.data(LinkedPostRole) is not None)
