from __future__ import annotations

from pathlib import Path

import pytest

from storage import (
    BlogStore,
    ConflictError,
    Contributor,
    InvalidInputError,
    Media,
    NotFoundError,
)


@pytest.fixture
def blog(store: BlogStore):  # type: ignore[no-untyped-def]
    return store.create_blog("storm-live", "Storm live", timezone="Europe/London")


def titles(store: BlogStore, blog_id: int) -> list[str]:
    return [row.headline for row in store.list_post_rows(blog_id)]


def test_blog_crud_and_validation(store: BlogStore, blog) -> None:  # type: ignore[no-untyped-def]
    assert store.get_blog(blog.id).title == "Storm live"
    assert store.blog_by_slug("storm-live").id == blog.id
    updated = store.update_blog(blog.id, title="Storm Elin live", status="ended",
                                authors=["A One", "B Two"])
    assert updated.title == "Storm Elin live" and updated.authors == ("A One", "B Two")
    with pytest.raises(ConflictError):
        store.create_blog("storm-live", "Again")
    with pytest.raises(InvalidInputError, match="slug"):
        store.create_blog("Not A Slug", "x")
    with pytest.raises(InvalidInputError, match="time zone"):
        store.update_blog(blog.id, timezone="Mars/Olympus")
    with pytest.raises(InvalidInputError, match="status"):
        store.update_blog(blog.id, status="paused")
    with pytest.raises(NotFoundError):
        store.get_blog(999)
    info = store.list_blogs()
    assert [(b.slug, b.posts) for b in info] == [("storm-live", 0)]


def test_new_posts_go_to_the_top(store: BlogStore, blog) -> None:  # type: ignore[no-untyped-def]
    for name in ("one", "two", "three"):
        store.create_post(blog.id, headline=name)
    assert titles(store, blog.id) == ["three", "two", "one"]
    assert store.count_posts(blog.id) == 3


def test_post_fields_round_trip(store: BlogStore, blog) -> None:  # type: ignore[no-untyped-def]
    post = store.create_post(
        blog.id, headline="Dam holds", body="**Some context:** it rained.", label="Analysis",
        contributors=[Contributor("Ana Ruiz", "Kyiv"), Contributor("Ben Cole", None)],
        tags=["Flooding", "flooding", "Dams"],
        media=[Media("images/dam.jpg", "A dam", "The dam at noon", "Photo: Ana Ruiz")])
    loaded = store.get_post(post.id)
    assert loaded.contributors == (Contributor("Ana Ruiz", "Kyiv"), Contributor("Ben Cole"))
    assert loaded.tags == ("Flooding", "Dams")
    assert loaded.media[0].caption == "The dam at noon"
    assert loaded.status == "draft" and loaded.published_at is None
    assert store.contributor_names() == ["Ana Ruiz", "Ben Cole"]


def test_publish_stamps_time_and_keeps_revision(store: BlogStore, blog) -> None:  # type: ignore[no-untyped-def]
    post = store.create_post(blog.id, headline="x", body="y")
    published = store.update_post(post.id, status="published")
    assert published.published_at is not None
    revisions = store.list_revisions(post.id)
    assert [r.reason for r in revisions] == ["published"]
    assert revisions[0].snapshot["body"] == "y"


def test_revisions_restore(store: BlogStore, blog) -> None:  # type: ignore[no-untyped-def]
    post = store.create_post(blog.id, headline="First", body="one", tags=["A"])
    store.save_revision(post.id, "edited")
    store.update_post(post.id, headline="Second", body="two")
    store.set_post_tags(post.id, ["B"])
    assert store.save_revision(post.id, "edited", min_interval_s=600) is None
    first = store.list_revisions(post.id)[-1]
    restored = store.apply_snapshot(post.id, first.snapshot)
    assert (restored.headline, restored.body, restored.tags) == ("First", "one", ("A",))


def test_moves_write_one_row_and_respect_pins(store: BlogStore, blog) -> None:  # type: ignore[no-untyped-def]
    ids = {name: store.create_post(blog.id, headline=name).id for name in "edcba"}
    assert titles(store, blog.id) == list("abcde")
    store.move_post(ids["a"], after=ids["c"])
    assert titles(store, blog.id) == list("bcade")
    store.move_post(ids["e"], before=ids["b"])
    assert titles(store, blog.id) == list("ebcad")
    store.set_pinned([ids["d"]], True)
    assert titles(store, blog.id) == list("debca")
    # Moving an unpinned post "after" the pinned one puts it first among the unpinned.
    store.move_post(ids["a"], after=ids["d"])
    assert titles(store, blog.id) == list("daebc")
    store.move_post(ids["c"])  # top of its group
    assert titles(store, blog.id) == list("dcaeb")
    store.set_pinned([ids["d"]], False)
    assert titles(store, blog.id)[0] == "c"
    with pytest.raises(InvalidInputError):
        store.move_post(ids["a"], after=ids["a"])


def test_ten_thousand_moves_into_one_gap(store: BlogStore, blog) -> None:  # type: ignore[no-untyped-def]
    a = store.create_post(blog.id, headline="a").id
    b = store.create_post(blog.id, headline="b").id
    c = store.create_post(blog.id, headline="c").id
    # c b a on screen. Move b and c alternately to just below a... then back between.
    order = [c, b, a]
    mover_pool = [b, c]
    for i in range(10_000):
        mover = mover_pool[i % 2]
        store.move_post(mover, before=a)
        order.remove(mover)
        order.insert(order.index(a), mover)
        assert store.post_ids(blog.id) == order
    assert max(len(store.post_position(x)) for x in (a, b, c)) <= 64


def test_one_gap_rebalances_keys(store: BlogStore, blog) -> None:  # type: ignore[no-untyped-def]
    low = store.create_post(blog.id, headline="low").id
    high = store.create_post(blog.id, headline="high").id
    movers = [store.create_post(blog.id, headline=f"m{i}").id for i in range(40)]
    expected = [high, low]
    for i in range(2000):
        mover = movers[i % len(movers)]
        store.move_post(mover, after=high)
        expected = [x for x in expected if x != mover]
        expected.insert(1, mover)
    assert store.post_ids(blog.id)[: len(expected)] == expected


def test_delete_is_undoable(store: BlogStore, blog) -> None:  # type: ignore[no-untyped-def]
    ids = [store.create_post(blog.id, headline=h).id for h in "abc"]
    store.delete_posts([ids[1]])
    assert titles(store, blog.id) == ["c", "a"]
    with pytest.raises(NotFoundError):
        store.get_post(ids[1])
    store.restore_posts([ids[1]])
    assert titles(store, blog.id) == ["c", "b", "a"]


def test_duplicate_goes_below_as_draft(store: BlogStore, blog) -> None:  # type: ignore[no-untyped-def]
    a = store.create_post(blog.id, headline="a", status="published", tags=["T"])
    store.create_post(blog.id, headline="b")
    copy = store.duplicate_post(a.id)
    assert titles(store, blog.id) == ["b", "a", "a"]
    assert copy.status == "draft" and copy.tags == ("T",) and copy.uid != a.uid


def test_resort_newest_first(store: BlogStore, blog) -> None:  # type: ignore[no-untyped-def]
    times = {"old": "2025-01-01T08:00:00+00:00", "new": "2025-01-01T10:00:00+00:00",
             "mid": "2025-01-01T09:00:00+01:00"}
    for name, stamp in times.items():
        store.create_post(blog.id, headline=name, status="published", published_at=stamp)
    store.resort_newest_first(blog.id)
    assert titles(store, blog.id) == ["new", "mid", "old"]


def test_tags_are_one_regardless_of_case(store: BlogStore, blog) -> None:  # type: ignore[no-untyped-def]
    p1 = store.create_post(blog.id, tags=["North Korea"])
    p2 = store.create_post(blog.id, tags=["north korea", "Air defense"])
    assert store.get_post(p2.id).tags == ("North Korea", "Air defense")
    tags = {t.name: t for t in store.list_tags()}
    assert tags["North Korea"].posts == 2
    assert all(t.color for t in tags.values())
    assert store.find_post_ids(blog.id, tags=["NORTH KOREA"]) == [p2.id, p1.id]
    assert store.find_post_ids(blog.id, tags=["north korea", "air defense"],
                               match_all_tags=True) == [p2.id]
    with pytest.raises(InvalidInputError):
        store.set_post_tags(p1.id, ["a, b"])


def test_merge_tags_keeps_one_link(store: BlogStore, blog) -> None:  # type: ignore[no-untyped-def]
    both = store.create_post(blog.id, tags=["Drones", "UAVs"])
    one = store.create_post(blog.id, tags=["UAVs"])
    tags = {t.name: t for t in store.list_tags()}
    merged = store.merge_tags(tags["UAVs"].id, tags["Drones"].id)
    assert merged.posts == 2
    assert store.get_post(both.id).tags == ("Drones",)
    assert store.get_post(one.id).tags == ("Drones",)
    with pytest.raises(ConflictError):
        store.rename_tag(store.create_tag("Other").id, "drones")


def test_summary_items(store: BlogStore, blog) -> None:  # type: ignore[no-untyped-def]
    a = store.add_summary_item(blog.id, "one")
    b = store.add_summary_item(blog.id, "two")
    c = store.add_summary_item(blog.id, "three")
    store.move_summary_item(c.id)
    assert [i.text for i in store.list_summary(blog.id)] == ["three", "one", "two"]
    store.move_summary_item(c.id, after=b.id)
    assert [i.text for i in store.list_summary(blog.id)] == ["one", "two", "three"]
    removed = store.delete_summary_item(a.id)
    store.add_summary_item(blog.id, removed.text, position=removed.position)
    assert [i.text for i in store.list_summary(blog.id)] == ["one", "two", "three"]
    with pytest.raises(InvalidInputError):
        store.add_summary_item(blog.id, "   ")


def test_dictionary_shared_and_ignored_per_blog(store: BlogStore, blog) -> None:  # type: ignore[no-untyped-def]
    other = store.create_blog("other", "Other")
    assert store.add_dictionary_words(["Kyiv", "kyiv", "Zelensky"]) == 2
    assert store.dictionary_words() == ["Kyiv", "Zelensky"]
    store.ignore_word(blog.id, "Hollinsea")
    assert store.ignored_words(blog.id) == ["Hollinsea"] and store.ignored_words(other.id) == []
    store.remove_dictionary_words(["KYIV"])
    assert store.dictionary_words() == ["Zelensky"]


def test_settings(store: BlogStore) -> None:
    store.set_setting("outlet_name", "Example News")
    assert store.settings() == {"outlet_name": "Example News"}
    store.set_setting("outlet_name", None)
    assert store.settings() == {}


@pytest.mark.parametrize("value", ["a\x00b", "bad \ud800 surrogate", "x" * 1001])
def test_bad_text_is_refused(store: BlogStore, blog, value: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidInputError):
        store.create_post(blog.id, headline=value)
    assert store.count_posts(blog.id) == 0


def test_listeners_hear_only_committed_changes(store: BlogStore, blog) -> None:  # type: ignore[no-untyped-def]
    heard = []
    unsubscribe = store.subscribe(heard.append)
    post = store.create_post(blog.id, headline="x")
    assert ("posts", blog.id, (post.id,)) in [(c.kind, c.blog_id, c.ids) for c in heard]
    heard.clear()
    with pytest.raises(RuntimeError), store.transaction():
        store.update_post(post.id, headline="y")
        raise RuntimeError("abort")
    assert heard == [] and store.get_post(post.id).headline == "x"
    unsubscribe()
    store.update_post(post.id, headline="z")
    assert heard == []


def test_media_files_are_kept_in_the_store(store: BlogStore) -> None:
    name = store.put_media_file("images/a.jpg", b"\xff\xd8\xff one", "image/jpeg")
    assert name == "images/a.jpg"
    assert store.put_media_file("images/a.jpg", b"\xff\xd8\xff one", "image/jpeg") == name
    other = store.put_media_file("images/a.jpg", b"\xff\xd8\xff two", "image/jpeg")
    assert other != name and other.startswith("images/a-") and other.endswith(".jpg")
    assert store.get_media_file(other) == (b"\xff\xd8\xff two", "image/jpeg")
    assert store.get_media_file("images/none.jpg") is None


def test_file_store_settings(file_store: BlogStore, tmp_path: Path) -> None:
    conn = file_store.db.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA trusted_schema").fetchone()[0] == 0
    assert file_store.integrity_problems() == []
