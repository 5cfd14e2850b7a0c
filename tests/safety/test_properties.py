"""Property-based tests: the store's post order against a plain list, and round trips of
generated blogs with generated Unicode text."""

from __future__ import annotations

import string
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from export.interchange import blog_document, dumps_document, import_document, parse_document
from storage import BlogStore


class PostListMachine(RuleBasedStateMachine):
    """Insert, move, pin, unpin, delete, undo and redo, with a Python list as the truth.

    Undo and redo use the same inverse operations the app's undo commands use (the previous
    position key, restore of trashed posts, the previous pin state)."""

    @initialize()
    def start(self) -> None:
        self.store = BlogStore.in_memory()
        self.blog = self.store.create_blog("b", "B").id
        self.posts: list[int] = []  # display order
        self.pinned: set[int] = set()
        self.undo: list[tuple[Any, Any, list[int], set[int]]] = []
        self.redo: list[tuple[Any, Any, list[int], set[int]]] = []
        self.counter = 0

    def teardown(self) -> None:
        self.store.close()

    def expected(self) -> list[int]:
        return [p for p in self.posts if p in self.pinned] + \
               [p for p in self.posts if p not in self.pinned]

    def record(self, do: Any, undo: Any) -> None:
        self.undo.append((do, undo, list(self.posts), set(self.pinned)))
        self.redo.clear()

    @rule()
    def insert(self) -> None:
        self.counter += 1
        post = self.store.create_post(self.blog, headline=f"p{self.counter}")
        before = (list(self.posts), set(self.pinned))
        self.posts.insert(0, post.id)
        self.record(("restore", [post.id]), ("delete", [post.id]))
        self.undo[-1] = (*self.undo[-1][:2], *before)

    @precondition(lambda self: len(self.posts) >= 2)
    @rule(data=st.data())
    def move(self, data: st.DataObject) -> None:
        shown = self.expected()
        mover = data.draw(st.sampled_from(shown))
        group = [p for p in shown if (p in self.pinned) == (mover in self.pinned) and p != mover]
        after = data.draw(st.sampled_from([None, *group]))
        old_key = self.store.post_position(mover)
        before = (list(self.posts), set(self.pinned))
        new_key = self.store.move_post(mover, after=after)
        self.undo.append((("position", mover, new_key), ("position", mover, old_key), *before))
        self.redo.clear()
        # The model keeps the blog's full order (pinned and unpinned together, as the keys
        # sort); the display shows pinned posts first, each group in that order.
        self.posts.remove(mover)
        if after is None:
            same = [p for p in self.posts if (p in self.pinned) == (mover in self.pinned)]
            where = self.posts.index(same[0]) if same else 0
        else:
            where = self.posts.index(after) + 1
        self.posts.insert(where, mover)

    @precondition(lambda self: bool(self.posts))
    @rule(data=st.data(), pin=st.booleans())
    def set_pin(self, data: st.DataObject, pin: bool) -> None:
        post = data.draw(st.sampled_from(self.posts))
        was = post in self.pinned
        before = (list(self.posts), set(self.pinned))
        self.store.set_pinned([post], pin)
        self.undo.append((("pin", post, pin), ("pin", post, was), *before))
        self.redo.clear()
        (self.pinned.add if pin else self.pinned.discard)(post)

    @precondition(lambda self: bool(self.posts))
    @rule(data=st.data())
    def delete(self, data: st.DataObject) -> None:
        post = data.draw(st.sampled_from(self.posts))
        before = (list(self.posts), set(self.pinned))
        self.store.delete_posts([post])
        self.undo.append((("delete", [post]), ("restore", [post]), *before))
        self.redo.clear()
        self.posts.remove(post)

    def apply(self, action: Any) -> None:
        kind = action[0]
        if kind == "delete":
            self.store.delete_posts(action[1])
        elif kind == "restore":
            self.store.restore_posts(action[1])
        elif kind == "position":
            self.store.set_post_position(action[1], action[2])
        elif kind == "pin":
            self.store.set_pinned([action[1]], action[2])

    @precondition(lambda self: bool(self.undo))
    @rule()
    def undo_last(self) -> None:
        do, undo, posts, pinned = self.undo.pop()
        after_state = (list(self.posts), set(self.pinned))
        self.apply(undo)
        self.redo.append((do, undo, *after_state))
        self.posts, self.pinned = list(posts), set(pinned)

    @precondition(lambda self: bool(self.redo))
    @rule()
    def redo_last(self) -> None:
        do, undo, posts, pinned = self.redo.pop()
        before = (list(self.posts), set(self.pinned))
        self.apply(do)
        self.undo.append((do, undo, *before))
        self.posts, self.pinned = list(posts), set(pinned)

    @invariant()
    def order_matches(self) -> None:
        assert self.store.post_ids(self.blog) == self.expected()


PostListMachine.TestCase.settings = settings(max_examples=60, stateful_step_count=40,
                                             deadline=None)
TestPostList = PostListMachine.TestCase

# ------------------------------------------------------------------------------ round trips

TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"]), max_size=80)
LINE = TEXT.map(lambda s: s.replace("\n", " ").replace("\r", " "))
NAME = st.text(st.characters(codec="utf-8", exclude_categories=["Cc", "Cs", "Zs", "Zl", "Zp"]),
               min_size=1, max_size=20).filter(lambda s: s.strip() and "," not in s)
ZONES = [UTC, timezone(timedelta(hours=2)), timezone(timedelta(hours=-5, minutes=-30)),
         ZoneInfo("Europe/Kyiv"), ZoneInfo("America/New_York"), ZoneInfo("Asia/Kathmandu")]
STAMP = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2090, 1, 1),
                     timezones=st.sampled_from(ZONES)).map(
    lambda d: d.replace(microsecond=0).isoformat())


@st.composite
def documents(draw: st.DrawFn) -> dict[str, Any]:
    count = draw(st.integers(0, 6))
    ids = draw(st.lists(st.text(string.ascii_letters + string.digits + "-_", min_size=1,
                                max_size=12).map(lambda s: "p" + s), min_size=count,
                        max_size=count, unique=True))
    posts = []
    for uid in ids:
        status = draw(st.sampled_from(["draft", "published"]))
        tags = draw(st.lists(NAME, max_size=3, unique_by=lambda s: " ".join(s.split()).casefold()))
        posts.append({
            "id": uid, "headline": draw(LINE), "label": draw(st.none() | NAME),
            "contributors": [{"name": " ".join(n.split()), "place": p}
                             for n, p in draw(st.lists(st.tuples(
                                 NAME, st.none() | NAME.map(lambda s: " ".join(s.split()))),
                                 max_size=2))],
            "body": draw(TEXT), "status": status, "pinned": False,
            "published_at": draw(STAMP) if status == "published" else None,
            "updated_at": draw(STAMP), "update_note": draw(st.none() | NAME),
            "tags": [" ".join(t.split()) for t in tags],
            "media": [{"src": "https://example.org/" + str(i) + ".jpg", "alt": draw(TEXT),
                       "caption": draw(TEXT), "credit": draw(LINE)}
                      for i in range(draw(st.integers(0, 2)))],
        })
    return {"format": "livedesk/1", "blog": {
        "slug": "generated", "title": draw(NAME), "language": "en", "timezone": "Europe/Kyiv",
        "status": draw(st.sampled_from(["live", "ended"])), "coverage_start": draw(STAMP),
        "coverage_end": draw(st.none() | STAMP), "authors": draw(st.lists(NAME, max_size=3)),
        "closing_note": draw(st.none() | NAME), "summary": draw(st.lists(NAME, max_size=4))},
        "posts": posts}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_generated_documents_round_trip(doc: dict[str, Any]) -> None:
    text = dumps_document(doc)
    parsed = parse_document(text.encode("utf-8"))
    with BlogStore.in_memory() as store:
        blog = import_document(store, parsed).blog
        exported = blog_document(store, blog.id)
    # The store folds a tag's spelling to the first one it met (tags are one regardless of
    # case), so compare tags case-insensitively and everything else exactly.
    for post in exported["posts"] + parsed["posts"]:
        post["tags"] = [t.casefold() for t in post["tags"]]
    for post in exported["posts"] + parsed["posts"]:
        post["contributors"] = [{"name": c["name"].casefold(), "place": c["place"]}
                                for c in post["contributors"]]
    assert exported == parsed
    with BlogStore.in_memory() as again:
        import_document(again, parse_document(dumps_document(exported).encode("utf-8")))
