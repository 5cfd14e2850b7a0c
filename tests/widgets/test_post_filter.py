"""The post filter and the filtered post list on the fast paths: the post count is read only when
posts come or go, and a filtered list follows the new order after a move or a pin."""

from __future__ import annotations

from typing import Any

import pytest

from storage import BlogStore
from widgets.post_list import PostListModel
from widgets.tag_filter import PostFilter


@pytest.fixture
def blog(store: BlogStore) -> tuple[int, list[int]]:
    blog_id = store.create_blog("b", "B").id
    ids = [store.create_post(blog_id, headline=f"{'fire' if n % 2 else 'rain'} {n}",
                             tags=["Even"] if n % 2 == 0 else []).id for n in range(6)]
    return blog_id, ids


def test_typing_a_search_does_not_count_the_posts_again(
        store: BlogStore, hub: Any, blog: tuple[int, list[int]],
        monkeypatch: pytest.MonkeyPatch) -> None:
    blog_id, ids = blog
    counting: list[int] = []
    count_posts = store.count_posts
    monkeypatch.setattr(store, "count_posts",
                        lambda *a, **k: counting.append(1) or count_posts(*a, **k))
    post_filter = PostFilter(hub)
    counts: list[tuple[int, int]] = []
    post_filter.counted.connect(lambda matching, total: counts.append((matching, total)))
    post_filter.set_blog(blog_id)
    for text in ("f", "fi", "fir", "fire", "rain"):
        post_filter.set_search_text(text)
    post_filter.set_tags(["Even"])
    assert counts[-1] == (3, 6) and len(counting) == 1
    store.update_post(ids[0], body="rain again")  # an edit: searched again, not counted
    assert len(counting) == 1
    store.create_post(blog_id, headline="rain 6", tags=["Even"])  # a new post: counted
    assert counts[-1] == (4, 7)
    store.delete_posts([ids[0]])
    assert counts[-1] == (3, 6)
    # posts that come while nothing filters are counted when a filter starts
    post_filter.set_search_text("")
    post_filter.set_tags([])
    store.create_post(blog_id, headline="rain 7")
    post_filter.set_search_text("rain")
    assert counts[-1] == (4, 7)
    post_filter.refresh()  # an explicit refresh counts again
    assert counts[-1] == (4, 7) and len(counting) == 5


def test_a_filtered_list_follows_moves_and_pins(store: BlogStore, hub: Any,
                                                blog: tuple[int, list[int]]) -> None:
    blog_id, ids = blog
    model = PostListModel(store)
    model.set_blog(blog_id)
    fire = store.find_post_ids(blog_id, text="fire")
    assert fire == [ids[5], ids[3], ids[1]]
    model.set_filter_ids(fire)
    store.move_post(ids[1])  # to the top
    store.set_pinned([ids[3]], True)
    model.reload()
    assert model.loaded_ids() == [ids[3], ids[1], ids[5]] == store.find_post_ids(
        blog_id, text="fire")
    store.delete_posts([ids[5]])
    model.reload()
    assert model.loaded_ids() == [ids[3], ids[1]] and model.total_count() == 2
