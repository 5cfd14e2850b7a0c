"""Full-text search takes anything an editor types."""

from __future__ import annotations

import pytest

from storage import BlogStore, Contributor


@pytest.fixture
def posts(store: BlogStore):  # type: ignore[no-untyped-def]
    blog = store.create_blog("b", "B")
    a = store.create_post(blog.id, headline="Missile strike near Kyiv",
                          body='Officials said "NEAR total" damage (unconfirmed).',
                          contributors=[Contributor("Olena Kravets", "Kyiv")])
    b = store.create_post(blog.id, headline="Air defence 🚀 update",
                          body="Drones - and more - over Kharkiv; café reopened*")
    return blog.id, a.id, b.id


HOSTILE = ['"', '""', "'", "NEAR", "NEAR(", "a NEAR b", "*", "**", "-", "--x", "(", ")",
           "((", "a OR", "AND", "NOT", "^", ":", "headline:", "🚀", "👍🏽", "\\", "{}", "+",
           "x" * 5000, "\u200b", "col:val", "'; DROP TABLE posts; --", "kyiv\x00", "\x00",
           "a\ud800b", "\udfff kyiv", "tab\there"]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_never_raise(store: BlogStore, posts, query: str) -> None:  # type: ignore[no-untyped-def]
    blog_id, *_ = posts
    result = store.find_post_ids(blog_id, text=query)
    assert isinstance(result, list)
    assert store.count_posts(blog_id) == 2


def test_words_prefix_and_operators_as_text(store: BlogStore, posts) -> None:  # type: ignore[no-untyped-def]
    blog_id, a, b = posts
    assert store.find_post_ids(blog_id, text="kyiv") == [b, a][1:]
    assert store.find_post_ids(blog_id, text="Kyi") == [a]  # last word is a prefix
    assert store.find_post_ids(blog_id, text="NEAR total") == [a]
    assert store.find_post_ids(blog_id, text="olena") == [a]  # contributors are searched
    assert store.find_post_ids(blog_id, text="cafe") == [b]  # diacritics folded
    assert store.find_post_ids(blog_id, text="(unconfirmed)") == [a]
    assert store.find_post_ids(blog_id, text="drones -") == [b]


def test_index_follows_edits_not_moves(store: BlogStore, posts) -> None:  # type: ignore[no-untyped-def]
    blog_id, a, b = posts
    store.update_post(a, body="Completely new words")
    assert store.find_post_ids(blog_id, text="unconfirmed") == []
    assert store.find_post_ids(blog_id, text="completely") == [a]
    queued = []
    store.db.conn.set_trace_callback(queued.append)
    store.move_post(b, after=a)
    store.set_pinned([b], True)
    store.db.conn.set_trace_callback(None)
    assert not any("INTO posts_fts" in sql for sql in queued)
    store.delete_posts([a])
    assert store.find_post_ids(blog_id, text="completely") == []
    store.purge_trash()
    assert store.integrity_problems() == []


def test_search_results_are_in_display_order(store: BlogStore, posts) -> None:  # type: ignore[no-untyped-def]
    blog_id, a, b = posts
    store.update_post(b, body="Kyiv too")
    assert store.find_post_ids(blog_id, text="kyiv") == [b, a]
    store.move_post(a)
    assert store.find_post_ids(blog_id, text="kyiv") == [a, b]
