"""The store's batched post reader (``iter_posts``, ``get_posts``), which every export reads a
blog through, gives exactly what ``get_post`` gives, post by post: drafts included, deleted posts
left out, in display order, across batch boundaries."""

from __future__ import annotations

from typing import Any

import pytest

from export.interchange import blog_document
from storage import BlogStore, Contributor, Media


def _fill(store: BlogStore) -> tuple[int, list[int]]:
    blog = store.create_blog("batched", "Batched reads", timezone="Europe/Kyiv")
    ids = []
    for n in range(11):
        post = store.create_post(
            blog.id, headline=f"Post {n}", body=f"Body **{n}**",
            label="Analysis" if n % 3 else None,
            status="draft" if n % 4 == 0 else "published", pinned=n in (5, 9),
            published_at=f"2025-03-02T{8 + n:02d}:00:00+02:00",
            updated_at=f"2025-03-02T{8 + n:02d}:30:00+02:00",
            update_note="Updated." if n % 5 == 0 else None,
            contributors=[Contributor(f"Reporter {(n + k) % 4}", "Kyiv" if k else None)
                          for k in range(n % 3)],
            tags=[f"Tag {(n * k) % 7}" for k in range(1, n % 4 + 1)],
            media=[Media(f"https://img.example/{n}/{k}.jpg", f"alt {k}", f"caption {k}", "AP")
                   for k in range(n % 3)])
        ids.append(post.id)
    # Tags and contributors shared between posts, a post edited after the others, one deleted.
    store.set_post_tags(ids[2], ["Tag 1", "Shared"])
    store.set_post_tags(ids[3], ["Shared"])
    store.move_post(ids[7], after=None)
    store.delete_posts([ids[6]])
    return blog.id, ids


@pytest.mark.parametrize("batch", [1, 3, 500])
def test_iter_posts_is_get_post_for_every_post_in_display_order(
        store: BlogStore, monkeypatch: pytest.MonkeyPatch, batch: int) -> None:
    monkeypatch.setattr(BlogStore, "_POST_BATCH", batch)
    blog_id, ids = _fill(store)
    read = list(store.iter_posts(blog_id))
    assert read == [store.get_post(i) for i in store.post_ids(blog_id)]
    assert ids[6] not in {post.id for post in read}  # deleted
    assert {post.status for post in read} == {"draft", "published"}
    assert [post.pinned for post in read][:2] == [True, True]  # pinned first


@pytest.mark.parametrize("batch", [1, 2, 500])
def test_get_posts_keeps_the_order_given_and_leaves_out_missing_posts(
        store: BlogStore, monkeypatch: pytest.MonkeyPatch, batch: int) -> None:
    monkeypatch.setattr(BlogStore, "_POST_BATCH", batch)
    _blog_id, ids = _fill(store)
    asked = [ids[9], ids[6], 99_999, ids[0], ids[9], ids[3]]
    assert store.get_posts(asked) == [store.get_post(i) for i in (ids[9], ids[0], ids[9], ids[3])]
    assert store.get_posts([]) == []


def test_iter_posts_of_an_empty_blog(store: BlogStore) -> None:
    blog = store.create_blog("empty", "Empty")
    assert list(store.iter_posts(blog.id)) == []


def test_blog_document_reads_every_post_as_get_post_does(store: BlogStore) -> None:
    blog_id, _ids = _fill(store)
    doc = blog_document(store, blog_id)
    one_by_one: list[dict[str, Any]] = [
        blog_document(store, blog_id, [post_id])["posts"][0] for post_id in store.post_ids(blog_id)
    ]
    assert doc["posts"] == one_by_one
