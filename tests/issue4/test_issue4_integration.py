"""Issue 4 pieces working with the main window's post list (when it is there) and the sample
blog: a drag inside a filtered post list moves the post to the right place in the full order,
through the post list model, the MovePosts command and undo."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QUndoStack

from widgets.summary_panel import LinkedPostRole, SummaryPanel
from widgets.tag_filter import PostFilter, TagFilterBar, drop_anchor

post_list = pytest.importorskip("widgets.post_list")
commands = pytest.importorskip("desktop.commands")


def uids(store: Any, ids: list[int]) -> list[str]:
    return [store.get_post(i).uid for i in ids]


@pytest.fixture
def filtered(store: Any, hub: Any) -> tuple[int, Any, PostFilter]:
    blog = store.create_blog("long", "Long blog")
    for n in range(8):
        store.create_post(blog.id, headline=f"p{n}", uid=f"p{n}", position=f"a{n}",
                          tags=["Even"] if n % 2 == 0 else ["Odd"])
    model = post_list.PostListModel(store)
    model.set_blog(blog.id)
    post_filter = PostFilter(hub)
    post_filter.changed.connect(model.set_filter_ids)
    post_filter.set_blog(blog.id)
    post_filter.set_tags(["Even"])
    return blog.id, model, post_filter


@pytest.mark.parametrize(("drag", "row", "expected"), [
    ("p6", 1, ["p0", "p6", "p1", "p2", "p3", "p4", "p5", "p7"]),
    ("p4", 0, ["p4", "p0", "p1", "p2", "p3", "p5", "p6", "p7"]),
    ("p2", 4, ["p0", "p1", "p3", "p4", "p5", "p6", "p2", "p7"]),
    ("p0", 2, ["p1", "p2", "p0", "p3", "p4", "p5", "p6", "p7"]),
])
def test_drag_in_a_filtered_post_list_moves_in_the_full_order(
        store: Any, filtered: tuple[int, Any, PostFilter], drag: str, row: int,
        expected: list[str]) -> None:
    blog, model, post_filter = filtered
    stack = QUndoStack()
    start = uids(store, store.post_ids(blog))
    assert model.rowCount() == 4
    visible = post_filter.filter_ids() or []
    moved = store.post_by_uid(blog, drag).id
    # the post list and drop_anchor agree on "between two visible neighbours"
    assert model.drop_neighbours([moved], row) == drop_anchor(visible, row, [moved])
    model.move_requested.connect(lambda ids, after, before: stack.push(
        commands.MovePosts(store, ids, after=after, before=before)))
    data = model.mimeData([model.index(visible.index(moved))])
    assert model.canDropMimeData(data, Qt.DropAction.MoveAction, row, 0, QModelIndex())
    assert model.dropMimeData(data, Qt.DropAction.MoveAction, row, 0, QModelIndex())
    assert uids(store, store.post_ids(blog)) == expected
    assert uids(store, post_filter.filter_ids() or []) == [
        u for u in expected if int(u[1]) % 2 == 0]  # the filter kept, in the new order
    stack.undo()
    assert uids(store, store.post_ids(blog)) == start


def test_sample_blog_in_the_panel_and_the_filter(qtbot: Any, store: Any, blog_id: int,
                                                 hub: Any) -> None:
    panel = SummaryPanel(hub, QUndoStack())
    qtbot.addWidget(panel)
    panel.set_blog(blog_id)
    summary = store.list_summary(blog_id)
    assert panel.model.rowCount() == len(summary)
    links = [panel.model.index(r).data(LinkedPostRole) for r in range(len(summary))]
    linked = [s for s in summary if "](#" in s.text]
    assert len([x for x in links if x is not None]) == len(linked)
    bar = TagFilterBar(hub)
    qtbot.addWidget(bar)
    post_filter = PostFilter(hub)
    post_filter.set_blog(blog_id)
    bar.filter_changed.connect(lambda: post_filter.set_from_bar(bar))
    post_filter.counted.connect(bar.set_count)
    busiest = max(store.list_tags(), key=lambda t: t.posts)
    bar.set_selected_tags([busiest.name.upper()])
    total = store.count_posts(blog_id)
    assert bar.count_label.text() == f"{busiest.posts} of {total} posts"
    order = store.post_ids(blog_id)
    post_filter.set_search_text('"storm" NEAR (dam*) -x 💥')
    assert isinstance(post_filter.filter_ids(), list)
    assert store.post_ids(blog_id) == order
