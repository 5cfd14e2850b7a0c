"""Search and tag filter results in display order, against a plain SQL query, through moves, pins,
trash, restores, edits and rolled-back transactions; and the display order the store keeps
between searches, which must never outlive a change."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from storage import BlogStore, Change

WORDS = ("storm", "stormy", "flood", "river", "zeppelin", "café", "Kyiv", "🚀")
TAGS = ("Storm", "Flood", "Aid")
#: Searches as typed: the last word is a prefix ("sto" finds "storm" and "stormy").
SEARCHES = ("storm", "sto", "flood river", "cafe", "zeppelin", "kyiv 🚀", "s", '"flood',
            "NEAR(storm", "-river", "nothing")
FILTERS = (((), False), (("storm",), False), (("Storm", "Flood"), False),
           (("Storm", "Flood"), True), (("aid", "AID"), True), (("Unknown",), False),
           (("Storm", "Unknown"), True))


def reference(store: BlogStore, blog_id: int, text: str = "", tags: tuple[str, ...] = (),
              match_all: bool = False) -> list[int]:
    """The straightforward query: every condition a sub-query, one ORDER BY."""
    query = store.fts_query(text)
    if text.strip() and not query:
        return []
    sql = "SELECT p.id FROM posts p WHERE p.blog_id = ? AND p.deleted_at IS NULL"
    params: list[Any] = [blog_id]
    if query:
        sql += " AND p.id IN (SELECT rowid FROM posts_fts WHERE posts_fts MATCH ?)"
        params.append(query)
    tagged = ("p.id IN (SELECT pt.post_id FROM post_tags pt JOIN tags t ON t.id = pt.tag_id "
              "WHERE t.name IN ({}))")
    if tags and match_all:
        for name in tags:
            sql += " AND " + tagged.format("?")
            params.append(name)
    elif tags:
        sql += " AND " + tagged.format(",".join("?" * len(tags)))
        params += tags
    sql += " ORDER BY p.pinned DESC, p.position, p.id"
    return [row[0] for row in store.db.execute(sql, params)]


class SearchOrderMachine(RuleBasedStateMachine):
    """Random edits to two blogs sharing words and tags; after each step every search and
    filter of the first blog equals the reference query."""

    @initialize(few=st.sampled_from([0, 2, 300]), data=st.data())
    def start(self, few: int, data: st.DataObject) -> None:
        self.store = BlogStore.in_memory()
        # 0 and 2 send almost every result through the kept order (and its ranks), 300 through
        # the posts' own keys.
        self.store._FEW_MATCHES = few  # type: ignore[misc]
        self.blog = self.store.create_blog("b", "B").id
        other = self.store.create_blog("other", "Other").id
        for word in WORDS[:4]:
            self.store.create_post(other, headline=word, body="storm flood", tags=["Storm"])
        self.trash: list[int] = []
        for _ in range(data.draw(st.integers(3, 8))):
            self.create(data)

    def teardown(self) -> None:
        self.store.close()

    def live(self) -> list[int]:
        return self.store.post_ids(self.blog)

    @rule(data=st.data())
    def create(self, data: st.DataObject) -> None:
        live = self.live()
        after = data.draw(st.sampled_from([None, *live]))
        self.store.create_post(
            self.blog, headline=" ".join(data.draw(st.lists(st.sampled_from(WORDS), max_size=3))),
            body=" ".join(data.draw(st.lists(st.sampled_from(WORDS), max_size=4))),
            tags=data.draw(st.lists(st.sampled_from(TAGS), max_size=3, unique=True)),
            pinned=data.draw(st.booleans()), after=after)

    @precondition(lambda self: len(self.live()) >= 2)
    @rule(data=st.data(), where=st.sampled_from(["after", "before", "top"]))
    def move(self, data: st.DataObject, where: str) -> None:
        live = self.live()
        post = data.draw(st.sampled_from(live))
        other = data.draw(st.sampled_from([p for p in live if p != post]))
        kwargs = {"after": other} if where == "after" else {"before": other} \
            if where == "before" else {}
        self.store.move_post(post, **kwargs)

    @precondition(lambda self: bool(self.live()))
    @rule(data=st.data(), pin=st.booleans())
    def pin(self, data: st.DataObject, pin: bool) -> None:
        self.store.set_pinned([data.draw(st.sampled_from(self.live()))], pin)

    @precondition(lambda self: bool(self.live()))
    @rule(data=st.data())
    def trash_one(self, data: st.DataObject) -> None:
        post = data.draw(st.sampled_from(self.live()))
        self.store.delete_posts([post])
        self.trash.append(post)

    @precondition(lambda self: bool(self.trash))
    @rule(data=st.data())
    def restore(self, data: st.DataObject) -> None:
        post = data.draw(st.sampled_from(self.trash))
        self.store.restore_posts([post])
        self.trash.remove(post)

    @precondition(lambda self: bool(self.live()))
    @rule(data=st.data())
    def edit(self, data: st.DataObject) -> None:
        post = data.draw(st.sampled_from(self.live()))
        self.store.update_post(post, body=" ".join(
            data.draw(st.lists(st.sampled_from(WORDS), max_size=4))))
        self.store.set_post_tags(post, data.draw(
            st.lists(st.sampled_from(TAGS), max_size=3, unique=True)))

    @precondition(lambda self: len(self.live()) >= 2)
    @rule()
    def resort(self) -> None:
        self.store.resort_newest_first(self.blog)

    @precondition(lambda self: len(self.live()) >= 2)
    @rule(data=st.data())
    def undo_of_a_move(self, data: st.DataObject) -> None:
        post, other = data.draw(st.permutations(self.live()))[:2]
        old_key = self.store.post_position(post)
        self.store.move_post(post, after=other)
        self.search_everything()
        self.store.set_post_position(post, old_key)

    @precondition(lambda self: len(self.live()) >= 2)
    @rule(data=st.data())
    def rolled_back(self, data: st.DataObject) -> None:
        """A search inside a transaction that then fails must not leave its order behind."""
        post, other = data.draw(st.permutations(self.live()))[:2]
        self.search_everything()  # the order is kept from here
        with pytest.raises(RuntimeError), self.store.transaction():
            self.store.move_post(post, after=other)
            self.store.set_pinned([other], True)
            self.search_everything()  # sees the transaction's order, keeps nothing
            raise RuntimeError("undo this")

    @rule()
    def purge(self) -> None:
        self.store.purge_trash()
        self.trash.clear()

    @invariant()
    def search_everything(self) -> None:
        store = self.store
        for text in ("", *SEARCHES):
            for tags, match_all in FILTERS:
                if not text and not tags:
                    assert store.find_post_ids(self.blog) == store.post_ids(self.blog)
                    continue
                assert store.find_post_ids(self.blog, text=text, tags=tags,
                                           match_all_tags=match_all) == \
                    reference(store, self.blog, text, tags, match_all), (text, tags, match_all)

    @invariant()
    def sorting_ids(self) -> None:
        every = [row[0] for row in self.store.db.execute("SELECT id FROM posts")]
        wanted = [*every[::2], 10_000, *every[::2]]  # trashed, other blog, missing, twice
        expected = [p for p in self.store.post_ids(self.blog) if p in set(wanted)]
        assert self.store.sort_post_ids(self.blog, wanted) == expected


SearchOrderMachine.TestCase.settings = settings(
    max_examples=40, stateful_step_count=25, deadline=None,
    suppress_health_check=[HealthCheck.too_slow])
TestSearchOrder = SearchOrderMachine.TestCase


# ------------------------------------------------------------------- the kept display order

def order_reads(store: BlogStore) -> list[str]:
    """Record the statements that read a blog's whole display order."""
    seen: list[str] = []
    store.db.conn.set_trace_callback(
        lambda sql: seen.append(sql) if sql.startswith("SELECT id FROM posts WHERE blog_id")
        and "ORDER BY" in sql else None)
    return seen


@pytest.fixture
def many(store: BlogStore) -> tuple[int, list[int]]:
    """A blog where "storm" is in 40 posts (more than a few, fewer than half of 100)."""
    blog = store.create_blog("b", "B").id
    store._FEW_MATCHES = 5  # type: ignore[misc]
    ids = [store.create_post(blog, headline=f"{'storm' if n % 5 == 0 else 'calm'} {n}",
                             body="storm" if n % 5 == 1 else "", tags=["Even"] if n % 2 else [])
           .id for n in range(100)]
    return blog, ids


def test_order_is_read_once_and_again_after_each_order_change(
        store: BlogStore, many: tuple[int, list[int]]) -> None:
    blog, ids = many
    reads = order_reads(store)
    first = store.find_post_ids(blog, text="storm")
    assert len(first) == 40 and first == reference(store, blog, "storm")
    store.find_post_ids(blog, text="sto")
    store.find_post_ids(blog, tags=["even"])
    assert len(reads) == 1  # kept between searches
    store.update_post(ids[0], body="typing")  # content edits keep it
    store.set_post_tags(ids[0], ["Even"])
    store.find_post_ids(blog, text="storm")
    assert len(reads) == 1
    key = store.post_position(ids[3])
    changes = [
        lambda: store.move_post(ids[3], after=ids[90]),
        lambda: store.set_post_position(ids[3], key),  # the undo of a move
        lambda: store.set_pinned([ids[50]], True),
        lambda: store.delete_posts([ids[10]]),
        lambda: store.restore_posts([ids[10]]),
        lambda: store.create_post(blog, headline="storm news"),
        lambda: store.resort_newest_first(blog),
        lambda: store.merge_tags(store.create_tag("Odd").id, store.tag_by_name("Even").id),
    ]
    for number, change in enumerate(changes, start=2):
        change()
        assert store.find_post_ids(blog, text="storm") == reference(store, blog, "storm")
        assert store.find_post_ids(blog, tags=["Even"]) == reference(store, blog, tags=("Even",))
        assert len(reads) == number


def test_listeners_searching_during_notification_see_the_new_order(
        store: BlogStore, many: tuple[int, list[int]]) -> None:
    blog, ids = many
    store.find_post_ids(blog, text="storm")  # keep the order
    seen: list[tuple[str, bool]] = []

    def listener(change: Change) -> None:
        # The hub hears "posts" before "order": a filter refreshing then must be right.
        found = store.find_post_ids(blog, text="storm")
        seen.append((change.kind, found == reference(store, blog, "storm")))

    store.subscribe(listener)
    new = store.create_post(blog, headline="storm", after=ids[50])
    store.move_post(ids[0], after=ids[99])
    store.delete_posts([new.id])
    assert [kind for kind, _ in seen] == ["posts", "order", "order", "posts", "order"]
    assert all(right for _, right in seen)


def test_a_rolled_back_change_leaves_the_order_right(store: BlogStore,
                                                     many: tuple[int, list[int]]) -> None:
    blog, ids = many
    before = store.find_post_ids(blog, text="storm")
    with pytest.raises(ValueError), store.transaction():
        store.move_post(ids[0], after=ids[99])
        moved = store.find_post_ids(blog, text="storm")
        assert moved[0] == ids[0] != before[0] and moved == reference(store, blog, "storm")
        raise ValueError
    assert store.find_post_ids(blog, text="storm") == before == reference(store, blog, "storm")


def test_a_commit_by_another_connection_is_seen(tmp_path: Path) -> None:
    path = tmp_path / "shared.livedesk"
    writer = BlogStore.open(path, create=True)
    blog = writer.create_blog("b", "B").id
    ids = [writer.create_post(blog, headline=f"storm {n}").id for n in range(4)]
    reader = BlogStore.open(path, read_only=True)
    try:
        reader._FEW_MATCHES = 0  # type: ignore[misc]
        assert reader.find_post_ids(blog, text="storm") == ids[::-1]
        writer.move_post(ids[0])  # oldest to the top
        writer.set_pinned([ids[1]], True)
        assert reader.find_post_ids(blog, text="storm") == [ids[1], ids[0], ids[3], ids[2]]
        # and the writer sees a change made behind its back by a plain connection
        writer._FEW_MATCHES = 0  # type: ignore[misc]
        assert writer.find_post_ids(blog, text="storm") == [ids[1], ids[0], ids[3], ids[2]]
        raw = sqlite3.connect(path)
        with raw:
            raw.execute("UPDATE posts SET pinned = 0 WHERE id = ?", [ids[1]])
        raw.close()
        assert writer.find_post_ids(blog, text="storm") == [ids[0], ids[3], ids[2], ids[1]]
    finally:
        reader.close()
        writer.close()


def test_combined_search_and_tags(store: BlogStore) -> None:
    blog = store.create_blog("b", "B").id
    a = store.create_post(blog, headline="Storm surge", tags=["Coast", "Storm"]).id
    b = store.create_post(blog, headline="Storm damage", tags=["Storm"]).id
    c = store.create_post(blog, headline="Calm coast", tags=["Coast"]).id
    store.set_pinned([a], True)
    assert store.find_post_ids(blog, text="storm", tags=["coast"]) == [a]
    assert store.find_post_ids(blog, text="s", tags=["Coast", "storm"]) == [a, b]
    assert store.find_post_ids(blog, text="surge", tags=["Coast", "Storm"],
                               match_all_tags=True) == [a]
    assert store.find_post_ids(blog, tags=["Coast", "Nope"], match_all_tags=True) == []
    assert store.find_post_ids(blog, tags=["Coast", "Nope"]) == [a, c]
    assert store.find_post_ids(blog, text='"', tags=["Coast"]) == []
    assert store.find_post_ids(blog, text="zzz", tags=["Coast"]) == []
    store.delete_posts([a])
    assert store.find_post_ids(blog, text="storm", tags=["Storm"]) == [b]
    assert store.sort_post_ids(blog, [c, a, b, c]) == [c, b]


def test_without_sqlite_json(store: BlogStore, many: tuple[int, list[int]],
                             monkeypatch: pytest.MonkeyPatch) -> None:
    """A SQLite built without JSON functions gets the same results, row by row."""
    blog, _ids = many
    execute = store.db.execute

    def no_json(sql: str, parameters: Any = None) -> Any:
        if "json_" in sql:
            raise sqlite3.OperationalError("no such function: json_group_array")
        return execute(sql, parameters)

    monkeypatch.setattr(store.db, "execute", no_json)
    assert store.find_post_ids(blog, text="storm", tags=["Even"]) == reference(
        store, blog, "storm", ("Even",))
    assert store.find_post_ids(blog, text="NEAR(") == []
