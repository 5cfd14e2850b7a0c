"""The photos of a post: thumbnail, alt text, caption and credit, in a collapsible section.

Photos live in the store itself (``store.put_media_file``), so one store file carries a blog with
its pictures offline and in backups. The editor is handed two callbacks: ``store_media_file(path)``
reads a chosen file into the store and returns its ``src`` (like ``images/flood.jpg``), and
``media_loader(src)`` returns ``(bytes, mime)`` for a thumbnail, or None (a web address, a
missing file). Each change (a photo added, removed or moved, a text field left after editing)
emits the whole list once.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QPixmap, QTextCursor
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from storage.models import Media
from widgets import icons
from widgets.contributors_editor import RowKeys, set_themed_icon, small_button, themed_icon

try:  # spelling underlines in one-line fields, when the spelling module is there
    from widgets.spelling import SpellLineEdit
except ImportError:  # pragma: no cover - the module ships with the app
    SpellLineEdit = None  # type: ignore[assignment,misc]

MediaLoader = Callable[[str], "tuple[bytes, str] | None"]
MediaStorer = Callable[[Path], str]
IMAGE_FILTER = "Images (*.jpg *.jpeg *.png *.gif *.webp);;All files (*)"


def line_field(placeholder: str, accessible_name: str, parent: QWidget | None = None
               ) -> QLineEdit:
    """A one-line text field: a SpellLineEdit (it can show spelling underlines) if the spelling
    module is available, else a QLineEdit. Both offer text(), setText(), textEdited and
    editingFinished."""
    field: QLineEdit = (SpellLineEdit("", parent) if SpellLineEdit is not None  # type: ignore
                        else QLineEdit(parent))
    field.setPlaceholderText(placeholder)
    field.setAccessibleName(accessible_name)
    return field


def show_start(field: QWidget) -> None:
    """Put the cursor of a one-line field at its start, so that a long text shows its
    beginning (setText leaves it at the end)."""
    if hasattr(field, "textCursor"):
        cursor = field.textCursor()  # type: ignore[attr-defined]
        cursor.movePosition(QTextCursor.MoveOperation.Start)
        field.setTextCursor(cursor)  # type: ignore[attr-defined]
    elif isinstance(field, QLineEdit):
        field.setCursorPosition(0)


class _PhotoRow(QFrame):
    def __init__(self, owner: PhotosEditor, media: Media) -> None:
        super().__init__(owner.content)
        self.src = media.src
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(f"Photo {media.src}")
        self.thumbnail = QLabel(self)
        self.thumbnail.setAccessibleName("Thumbnail")
        self.thumbnail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        em = self.fontMetrics().height()
        self.thumbnail.setFixedSize(QSize(int(em * 6), int(em * 4)))
        self.thumbnail.setToolTip(media.src)
        self.alt = line_field("Describe the photo for readers who cannot see it", "Alt text",
                              self)
        self.caption = line_field("Caption", "Caption", self)
        self.credit = line_field("Credit, like Photo: Agency", "Credit", self)
        self.alt.setText(media.alt)
        self.caption.setText(media.caption)
        self.credit.setText(media.credit)
        for field in (self.alt, self.caption, self.credit):
            show_start(field)
            field.setToolTip(field.accessibleName())
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.setVerticalSpacing(2)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("Alt text:", self.alt)
        form.addRow("Caption:", self.caption)
        form.addRow("Credit:", self.credit)
        self.up = small_button(self, "fa5s.arrow-up", "Move photo up", "Move up (Alt+Up)")
        self.down = small_button(self, "fa5s.arrow-down", "Move photo down",
                                 "Move down (Alt+Down)")
        self.remove = small_button(self, "fa5s.trash-alt", "Remove photo",
                                   "Remove from the post (Alt+Delete)")
        buttons = QVBoxLayout()
        buttons.setSpacing(0)
        buttons.addWidget(self.up)
        buttons.addWidget(self.down)
        buttons.addWidget(self.remove)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.thumbnail, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(form, 1)
        layout.addLayout(buttons)
        for field in (self.alt, self.caption, self.credit):
            field.editingFinished.connect(owner._commit)
            owner.row_keys.watch(field)
        self.show_thumbnail(owner.media_loader)

    def show_thumbnail(self, loader: MediaLoader | None) -> None:
        loaded = None
        if loader is not None:
            try:
                loaded = loader(self.src)
            except Exception:  # a broken file must not break the editor
                loaded = None
        pixmap = QPixmap()
        if loaded is not None and pixmap.loadFromData(loaded[0]):
            ratio = self.devicePixelRatioF()
            size = self.thumbnail.size() * ratio
            scaled = pixmap.scaled(size, Qt.AspectRatioMode.KeepAspectRatio,
                                   Qt.TransformationMode.SmoothTransformation)
            scaled.setDevicePixelRatio(ratio)
            self.thumbnail.setPixmap(scaled)
            self.thumbnail.setText("")
        else:
            self.thumbnail.setText("No preview")
            icons.when_ready(self._show_placeholder_icon)

    def _show_placeholder_icon(self) -> None:
        """A picture icon where the photo has no preview (text when there is no icon font)."""
        if not isValid(self.thumbnail) or not self.thumbnail.pixmap().isNull():
            return
        icon = themed_icon(self, "fa5s.image")
        if not icon.isNull():
            em = self.fontMetrics().height()
            self.thumbnail.setPixmap(icon.pixmap(QSize(em * 2, em * 2)))

    def media(self) -> Media:
        return Media(self.src, self.alt.text().strip(), self.caption.text().strip(),
                     self.credit.text().strip())

    def text_fields(self) -> list[QWidget]:
        return [self.alt, self.caption, self.credit]


class PhotosEditor(QWidget):
    """A collapsible list of photos with "Add photo…"."""

    mediaChanged = Signal(list)
    """The full list of :class:`Media` after a change made here."""

    textWidgetsChanged = Signal()
    """Rows were added or removed: the caption and alt fields to spell check changed."""

    rowsChanged = Signal()
    """Rows were added, removed or moved (the Tab order may need setting again)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Photos")
        self.media_loader: MediaLoader | None = None
        self.store_media_file: MediaStorer | None = None
        self._rows: list[_PhotoRow] = []
        self._last: list[Media] = []
        self.row_keys = RowKeys(self, lambda _w, step: self._move_focused(step),
                                lambda _w: self._remove_focused())
        self.toggle = QToolButton(self)
        self.toggle.setCheckable(True)
        self.toggle.setChecked(False)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.toggle.setAutoRaise(True)
        self.toggle.setAccessibleName("Show photos")
        self.toggle.toggled.connect(self.set_expanded)
        self.add_button = QPushButton("Add photo…", self)
        set_themed_icon(self.add_button, self, "fa5s.image")
        self.add_button.setAccessibleName("Add photo")
        self.add_button.setToolTip("Add photos from files; they are kept in the store")
        self.add_button.clicked.connect(self.ask_add_photos)
        header = QHBoxLayout()
        header.setContentsMargins(0, 0, 0, 0)
        header.addWidget(self.toggle)
        header.addStretch(1)
        header.addWidget(self.add_button)
        self.content = QWidget(self)
        self._list = QVBoxLayout(self.content)
        self._list.setContentsMargins(0, 0, 0, 0)
        self._list.setSpacing(4)
        self.content.setVisible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(header)
        layout.addWidget(self.content)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self._update_title()

    # -------------------------------------------------------------------------- public

    def set_callbacks(self, media_loader: MediaLoader | None,
                      store_media_file: MediaStorer | None) -> None:
        self.media_loader = media_loader
        self.store_media_file = store_media_file
        for row in self._rows:
            row.show_thumbnail(media_loader)

    def is_expanded(self) -> bool:
        return self.content.isVisible() or self.toggle.isChecked()

    def set_expanded(self, expanded: bool) -> None:
        if self.toggle.isChecked() != expanded:
            self.toggle.setChecked(expanded)  # comes back here through toggled
            return
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if expanded
                                 else Qt.ArrowType.RightArrow)
        self.toggle.setAccessibleName("Hide photos" if expanded else "Show photos")
        self.content.setVisible(expanded)

    def media(self) -> list[Media]:
        return [row.media() for row in self._rows]

    def set_media(self, media: list[Media] | tuple[Media, ...]) -> None:
        """Show ``media`` (not an edit: nothing is emitted). Rows already showing the same
        photo keep their fields, and so the cursor in them."""
        media = list(media)
        if media == self.media():
            self._last = media
            return
        if [m.src for m in media] == [row.src for row in self._rows]:
            for row, item in zip(self._rows, media, strict=True):
                for field, value in ((row.alt, item.alt), (row.caption, item.caption),
                                     (row.credit, item.credit)):
                    if field.text() != value:
                        field.setText(value)
                        show_start(field)
        else:
            while self._rows:
                self._drop_row(0)
            for item in media:
                self._rows.append(self._make_row(item))
            self._layout_rows()
            self.textWidgetsChanged.emit()
        self._last = media
        self._update_title()

    def add_files(self, paths: list[Path]) -> list[str]:
        """Store each file and add it as a photo; returns the error messages (one per file
        that could not be stored)."""
        errors: list[str] = []
        added = False
        for path in paths:
            if self.store_media_file is None:
                errors.append(f"{path.name}: photos cannot be stored here.")
                continue
            try:
                src = self.store_media_file(path)
            except Exception as error:  # the store says why (too big, unreadable, not an image)
                errors.append(f"{path.name}: {error}")
                continue
            self._rows.append(self._make_row(Media(src)))
            added = True
        if added:
            self._layout_rows()
            self.textWidgetsChanged.emit()
            self.set_expanded(True)
            self._commit()
            self._rows[-1].alt.setFocus(Qt.FocusReason.OtherFocusReason)
        return errors

    def ask_add_photos(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(self, "Add photos", "", IMAGE_FILTER)
        if not names:
            return
        errors = self.add_files([Path(name) for name in names])
        if errors:
            QMessageBox.warning(self, "Photos not added", "\n".join(errors))

    def remove_photo(self, index: int) -> None:
        if 0 <= index < len(self._rows):
            self._drop_row(index)
            self._layout_rows()
            self.textWidgetsChanged.emit()
            self._commit()

    def move_photo(self, index: int, step: int) -> None:
        target = index + step
        if 0 <= index < len(self._rows) and 0 <= target < len(self._rows):
            self._rows[index], self._rows[target] = self._rows[target], self._rows[index]
            self._layout_rows()
            self._commit()

    def row_count(self) -> int:
        return len(self._rows)

    def row(self, index: int) -> _PhotoRow:
        return self._rows[index]

    def text_widgets(self) -> list[QWidget]:
        """Caption and alt text fields (for spell checking)."""
        return [w for row in self._rows for w in (row.alt, row.caption)]

    def focus_chain(self) -> list[QWidget]:
        chain: list[QWidget] = [self.toggle]
        for row in self._rows:
            chain += row.text_fields()
        return [*chain, self.add_button]

    # ------------------------------------------------------------------------- private

    def _make_row(self, media: Media) -> _PhotoRow:
        row = _PhotoRow(self, media)
        row.up.clicked.connect(lambda: self.move_photo(self._index_of(row), -1))
        row.down.clicked.connect(lambda: self.move_photo(self._index_of(row), 1))
        row.remove.clicked.connect(lambda: self.remove_photo(self._index_of(row)))
        return row

    def _index_of(self, row: _PhotoRow) -> int:
        return self._rows.index(row) if row in self._rows else -1

    def _drop_row(self, index: int) -> None:
        row = self._rows.pop(index)
        self._list.removeWidget(row)
        row.hide()
        row.deleteLater()

    def _layout_rows(self) -> None:
        for index, row in enumerate(self._rows):
            self._list.insertWidget(index, row)
            row.show()
            row.up.setEnabled(index > 0)
            row.down.setEnabled(index < len(self._rows) - 1)
        chain = self.focus_chain()
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
        self._update_title()
        self.rowsChanged.emit()

    def _update_title(self) -> None:
        count = len(self._rows)
        self.toggle.setText(f"Photos ({count})" if count else "Photos")

    def _focused_row(self) -> int:
        focus = self.focusWidget()
        for index, row in enumerate(self._rows):
            if focus is row or (focus is not None and row.isAncestorOf(focus)):
                return index
        return -1

    def _move_focused(self, step: int) -> None:
        index = self._focused_row()
        if index >= 0:
            focus = self.focusWidget()
            self.move_photo(index, step)
            if focus is not None:
                focus.setFocus(Qt.FocusReason.OtherFocusReason)

    def _remove_focused(self) -> None:
        index = self._focused_row()
        if index >= 0:
            self.remove_photo(index)
            if self._rows:
                self._rows[min(index, len(self._rows) - 1)].alt.setFocus(
                    Qt.FocusReason.OtherFocusReason)
            else:
                self.add_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _commit(self) -> None:
        current = self.media()
        if current != self._last:
            self._last = current
            self.mediaChanged.emit(current)
