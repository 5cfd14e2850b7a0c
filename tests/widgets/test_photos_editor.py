"""The photos editor: thumbnails from the store, alt text, caption, credit, add, remove,
reorder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QBuffer, QByteArray, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from storage.models import Media
from widgets.photos_editor import PhotosEditor


def png_bytes(color: str = "teal") -> bytes:
    image = QImage(64, 48, QImage.Format.Format_RGB32)
    image.fill(QColor(color))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QBuffer.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data)


@pytest.fixture
def photos(qtbot: Any, store: Any) -> PhotosEditor:
    widget = PhotosEditor()
    qtbot.addWidget(widget)
    src = store.put_media_file("harbour.png", png_bytes(), "image/png")

    def store_media_file(path: Path) -> str:
        if path.suffix != ".png":
            raise ValueError("not an image")
        return store.put_media_file(path.name, path.read_bytes(), "image/png")

    widget.set_callbacks(store.get_media_file, store_media_file)
    widget.set_media([Media(src, "Smoke over the harbour", "Smoke rose.", "Photo: Example"),
                      Media("https://example.org/remote.jpg", "", "", "")])
    widget.set_expanded(True)
    widget.show()
    return widget


def test_set_media_emits_nothing_and_shows_thumbnails(photos: PhotosEditor, qtbot: Any) -> None:
    assert photos.row_count() == 2
    assert photos.toggle.text() == "Photos (2)"
    first = photos.row(0).thumbnail.pixmap()
    assert not first.isNull()
    # a web address has no thumbnail: an icon stands in for it
    assert photos.row(1).thumbnail.pixmap() is not None
    with qtbot.assertNotEmitted(photos.mediaChanged):
        photos.set_media(photos.media())
        photos.set_media([])
    assert photos.row_count() == 0


def test_text_fields_emit_when_editing_finishes(photos: PhotosEditor, qtbot: Any) -> None:
    photos.activateWindow()
    caption = photos.row(1).caption
    caption.setFocus()
    qtbot.waitUntil(caption.hasFocus)
    with qtbot.assertNotEmitted(photos.mediaChanged):
        QTest.keyClicks(caption, "A caption")
    with qtbot.waitSignal(photos.mediaChanged) as blocker:
        QTest.keyClick(caption, Qt.Key.Key_Return)
    assert blocker.args[0][1] == Media("https://example.org/remote.jpg", "", "A caption", "")


def test_add_files(photos: PhotosEditor, tmp_path: Path, qtbot: Any) -> None:
    picture = tmp_path / "flood.png"
    picture.write_bytes(png_bytes("orange"))
    with qtbot.waitSignal(photos.mediaChanged) as blocker:
        assert photos.add_files([picture]) == []
    assert [m.src for m in blocker.args[0]][-1].endswith("flood.png")
    assert not photos.row(2).thumbnail.pixmap().isNull()
    bad = tmp_path / "notes.txt"
    bad.write_text("hello")
    with qtbot.assertNotEmitted(photos.mediaChanged):
        errors = photos.add_files([bad])
    assert errors == ["notes.txt: not an image"]


def test_add_photo_button_uses_a_file_dialog(photos: PhotosEditor, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch,
                                             qtbot: Any) -> None:
    good = tmp_path / "good.png"
    good.write_bytes(png_bytes())
    bad = tmp_path / "bad.gif"
    bad.write_bytes(b"GIF89a")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                        staticmethod(lambda *args, **kwargs: ([str(good), str(bad)], "")))
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning",
                        staticmethod(lambda parent, title, text: warnings.append(text)))
    with qtbot.waitSignal(photos.mediaChanged):
        QTest.mouseClick(photos.add_button, Qt.MouseButton.LeftButton)
    assert photos.row_count() == 3
    assert warnings == ["bad.gif: not an image"]


def test_remove_and_move(photos: PhotosEditor, qtbot: Any) -> None:
    before = photos.media()
    with qtbot.waitSignal(photos.mediaChanged) as blocker:
        QTest.mouseClick(photos.row(0).down, Qt.MouseButton.LeftButton)
    assert blocker.args[0] == [before[1], before[0]]
    with qtbot.waitSignal(photos.mediaChanged) as blocker:
        photos.remove_photo(0)
    assert blocker.args[0] == [before[0]]
    assert photos.toggle.text() == "Photos (1)"


def test_collapse(photos: PhotosEditor) -> None:
    QTest.mouseClick(photos.toggle, Qt.MouseButton.LeftButton)
    assert not photos.content.isVisible()
    assert photos.toggle.accessibleName() == "Show photos"
    QTest.mouseClick(photos.toggle, Qt.MouseButton.LeftButton)
    assert photos.content.isVisible()
    assert photos.toggle.accessibleName() == "Hide photos"


def test_text_widgets_and_names(photos: PhotosEditor) -> None:
    row = photos.row(0)
    assert photos.text_widgets()[:2] == [row.alt, row.caption]
    assert [w.accessibleName() for w in (row.alt, row.caption, row.credit)] == \
        ["Alt text", "Caption", "Credit"]
    assert photos.add_button.accessibleName() == "Add photo"


def test_keyboard_move_and_remove(photos: PhotosEditor, qtbot: Any) -> None:
    before = photos.media()
    photos.activateWindow()
    alt = photos.row(1).alt
    alt.setFocus()
    qtbot.waitUntil(alt.hasFocus)
    with qtbot.waitSignal(photos.mediaChanged) as blocker:
        QTest.keyClick(alt, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert blocker.args[0] == [before[1], before[0]]
    with qtbot.waitSignal(photos.mediaChanged) as blocker:
        QTest.keyClick(alt, Qt.Key.Key_Delete, Qt.KeyboardModifier.AltModifier)
    assert blocker.args[0] == [before[0]]
