"""The post list model and delegate: lazy loading, drops through the model's methods, painting."""

from __future__ import annotations

import json
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QStyleOptionViewItem

from widgets.post_list import (
    MIME_TYPE,
    PAGE_SIZE,
    DraftRole,
    PinnedRole,
    PostDelegate,
    PostIdRole,
    PostListModel,
    PostListView,
    TimeRole,
)


@pytest.fixture
def model(blog_store: Any, qapp: Any) -> PostListModel:
    blog = blog_store.list_blogs()[0]
    m = PostListModel(blog_store)
    m.set_blog(blog.id, blog_store.get_blog(blog.id).timezone)
    return m


def ids(model: PostListModel) -> list[int]:
    return [model.post_id_at(r) for r in range(model.rowCount())]  # type: ignore[misc]


def uid_order(model: PostListModel) -> list[str]:
    return [model.store.get_post(i).uid for i in ids(model)]


def test_rows_roles_and_accessible_text(model: PostListModel) -> None:
    assert uid_order(model) == ["key-info", "fire-out", "draft-1", "first-alarm"]
    top = model.index(0)
    assert top.data(PinnedRole) is True
    assert model.index(2).data(DraftRole) is True
    assert model.index(1).data(TimeRole) == "15:20"  # Europe/London in March is UTC
    text = model.index(1).data(Qt.ItemDataRole.AccessibleTextRole)
    assert text.startswith("15:20, 2 Mar. Breaking: Fire is out, says fire service.")
    assert "Tags: Fire, Safety." in text
    assert model.index(0).data(Qt.ItemDataRole.AccessibleTextRole).startswith("Pinned.")
    assert model.index(2).data(Qt.ItemDataRole.AccessibleTextRole).startswith("Draft.")


def test_time_follows_the_blog_time_zone(model: PostListModel) -> None:
    model.set_timezone("Asia/Tokyo")
    assert model.index(1).data(TimeRole) == "00:20"


def drag(model: PostListModel, rows: list[int]) -> QMimeData:
    return model.mimeData([model.index(r) for r in rows])


def test_mime_data_carries_ids_as_json(model: PostListModel) -> None:
    data = drag(model, [1, 3])
    assert model.mimeTypes() == [MIME_TYPE]
    payload = json.loads(bytes(data.data(MIME_TYPE).data()))
    assert payload["post_ids"] == [model.post_id_at(1), model.post_id_at(3)]


def test_drop_between_rows_asks_for_a_move(model: PostListModel, qtbot: Any) -> None:
    moved = ids(model)[3]
    data = drag(model, [3])
    assert model.canDropMimeData(data, Qt.DropAction.MoveAction, 1, 0, QModelIndex())
    with qtbot.waitSignal(model.move_requested) as blocker:
        assert model.dropMimeData(data, Qt.DropAction.MoveAction, 2, 0, QModelIndex())
    assert blocker.args == [[moved], ids(model)[1], None]
    with qtbot.waitSignal(model.move_requested) as blocker:
        assert model.dropMimeData(drag(model, [2]), Qt.DropAction.MoveAction, 1, 0,
                                  QModelIndex())
    assert blocker.args == [[ids(model)[2]], ids(model)[0], None]


def test_bad_drops_are_refused(model: PostListModel, blog_store: Any) -> None:
    action = Qt.DropAction.MoveAction
    root = QModelIndex()
    data = drag(model, [3])
    # Onto an item, copy instead of move, foreign MIME type.
    assert not model.canDropMimeData(data, action, -1, -1, model.index(1))
    assert not model.canDropMimeData(data, Qt.DropAction.CopyAction, 1, 0, root)
    foreign = QMimeData()
    foreign.setText("3")
    assert not model.canDropMimeData(foreign, action, 1, 0, root)
    # Another blog's posts.
    other = blog_store.create_blog("other", "Other blog")
    post = blog_store.create_post(other.id, headline="Elsewhere")
    stranger = QMimeData()
    stranger.setData(MIME_TYPE, json.dumps({"blog_id": other.id,
                                            "post_ids": [post.id]}).encode())
    assert not model.canDropMimeData(stranger, action, 1, 0, root)
    forged = QMimeData()
    forged.setData(MIME_TYPE, json.dumps({"blog_id": model.blog_id,
                                          "post_ids": [post.id]}).encode())
    assert not model.canDropMimeData(forged, action, 1, 0, root)
    broken = QMimeData()
    broken.setData(MIME_TYPE, b"{not json")
    assert not model.canDropMimeData(broken, action, 1, 0, root)
    # Pinned and unpinned posts together.
    assert not model.canDropMimeData(drag(model, [0, 1]), action, 3, 0, root)
    assert not model.dropMimeData(foreign, action, 1, 0, root)
    # Items accept no drops; the root does.
    assert not model.flags(model.index(0)) & Qt.ItemFlag.ItemIsDropEnabled
    assert model.flags(root) & Qt.ItemFlag.ItemIsDropEnabled
    assert model.supportedDropActions() == Qt.DropAction.MoveAction


def test_drop_in_a_filtered_list_goes_after_the_visible_neighbour(
        model: PostListModel, qtbot: Any) -> None:
    all_ids = ids(model)
    model.set_filter_ids([all_ids[1], all_ids[3]])
    assert ids(model) == [all_ids[1], all_ids[3]]
    with qtbot.waitSignal(model.move_requested) as blocker:
        model.dropMimeData(drag(model, [0]), Qt.DropAction.MoveAction, 2, 0, QModelIndex())
    assert blocker.args == [[all_ids[1]], all_ids[3], None]
    with qtbot.waitSignal(model.move_requested) as blocker:
        model.dropMimeData(drag(model, [1]), Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    assert blocker.args == [[all_ids[3]], None, all_ids[1]]
    model.set_filter_ids(None)
    assert ids(model) == all_ids


def test_a_drop_where_the_post_already_is_does_nothing(model: PostListModel) -> None:
    assert not model.dropMimeData(drag(model, [2]), Qt.DropAction.MoveAction, 2, 0,
                                  QModelIndex())
    assert not model.dropMimeData(drag(model, [2]), Qt.DropAction.MoveAction, 3, 0,
                                  QModelIndex())


def test_rows_load_lazily(store: Any, qapp: Any) -> None:
    blog = store.create_blog("big", "Big blog")
    with store.transaction():
        for i in range(PAGE_SIZE * 2 + 10):
            store.create_post(blog.id, headline=f"Post {i}", status="published")
    model = PostListModel(store)
    model.set_blog(blog.id)
    assert model.rowCount() == PAGE_SIZE
    assert model.canFetchMore()
    model.fetchMore()
    model.fetchMore()
    assert model.rowCount() == PAGE_SIZE * 2 + 10
    assert not model.canFetchMore()
    model.set_blog(blog.id)
    last = store.post_ids(blog.id)[-1]
    assert model.ensure_loaded(last) == PAGE_SIZE * 2 + 9


class CountingStore:
    """Stands for a store holding ``size`` posts and records how many rows the model reads."""

    def __init__(self, size: int) -> None:
        from storage import PostRow

        self.rows = [PostRow(i, f"p{i}", f"Post {i}", None, "published", False, f"a{i}",
                             "2025-03-02T10:00:00+00:00", "2025-03-02T10:00:00+00:00")
                     for i in range(1, size + 1)]
        self.read = 0

    def count_posts(self, blog_id: int, include_drafts: bool = True) -> int:
        return len(self.rows)

    def list_post_rows(self, blog_id: int, offset: int = 0, limit: int = -1) -> list[Any]:
        chunk = self.rows[offset:] if limit < 0 else self.rows[offset:offset + limit]
        self.read += len(chunk)
        return chunk

    def tag_colors(self) -> dict[str, str | None]:
        return {}


def test_a_blog_of_100000_posts_opens_reading_one_page(qapp: Any) -> None:
    # What opening costs is what it reads: one page, however long the blog (the time it takes
    # is measured by ``make bench``, not asserted here).
    def open_blog(size: int) -> int:
        store = CountingStore(size)
        model = PostListModel(store)  # type: ignore[arg-type]
        view = PostListView()
        model.set_blog(1)
        view.setModel(model)
        view.resize(400, 700)
        view.grab()
        view.deleteLater()
        return store.read

    assert open_blog(100) == 100
    assert open_blog(100_000) == PAGE_SIZE


@pytest.mark.parametrize("dark", [False, True])
def test_delegate_paints_in_light_and_dark_palettes(model: PostListModel, dark: bool) -> None:
    view = PostListView()
    view.setModel(model)
    palette = QPalette(view.palette())
    if dark:
        palette.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
        palette.setColor(QPalette.ColorRole.Text, QColor("#eeeeee"))
        palette.setColor(QPalette.ColorRole.Window, QColor("#2b2b2b"))
    view.setPalette(palette)
    delegate = view.itemDelegate()
    assert isinstance(delegate, PostDelegate)
    option = QStyleOptionViewItem()
    option.initFrom(view)
    option.palette = palette
    size = delegate.sizeHint(option, model.index(0))
    assert size.height() >= view.fontMetrics().height() * 4
    pixmap = QPixmap(QSize(360, size.height()))
    pixmap.fill(palette.color(QPalette.ColorRole.Base))
    painter = QPainter(pixmap)
    for row in range(model.rowCount()):
        option.rect = QRect(0, 0, 360, size.height())
        delegate.paint(painter, option, model.index(row))
    painter.end()
    image = pixmap.toImage()
    text = palette.color(QPalette.ColorRole.Text)
    found = any(image.pixelColor(x, y).lightness() - 40 <= text.lightness()
                <= image.pixelColor(x, y).lightness() + 40
                for x in range(0, 360, 3) for y in range(0, size.height(), 3))
    assert found
    view.deleteLater()
    assert model.index(0).data(PostIdRole) == ids(model)[0]
