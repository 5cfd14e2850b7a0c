"""Search bar, tag filter bar, the PostFilter that combines them, and drops in a filtered list."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from storage import Contributor
from widgets.search_bar import (
    SearchBar,
    highlight_html,
    search_terms,
    term_pattern,
    term_spans,
)
from widgets.tag_filter import PostFilter, TagFilterBar, drop_anchor

HOSTILE = ['"', '""', '"fire', 'fire"', "NEAR", "NEAR(fire out)", "fire NEAR/2 out", "*",
           "fire*", "-fire", "- -", "(", ")", "(fire OR out)", "AND", "OR NOT", "^fire",
           "fire:", "headline:fire", "💥", "💥 cause", "“curly”", "'", "\\", "%", "_",
           "a" * 500, "   ", "\u200b", "\x00", "fire\x00out", '"\x00"', "\ud800", "a\udfffb",
           "tab\there", "line\nbreak", "🏳️‍🌈", "fire AND", "{fire}", "[x]", "+", "''"]


def uids(store: Any, ids: list[int] | None) -> list[str] | None:
    return None if ids is None else [store.get_post(i).uid for i in ids]


# ------------------------------------------------------------------------------ search bar

def test_search_terms_strip_quotes_and_punctuation() -> None:
    assert search_terms('"north korea" -drone (missile) Fire fire') == [
        "north", "korea", "drone", "missile", "Fire"]
    assert search_terms(' " * NEAR 💥 “curly” ') == ["NEAR", "💥", "curly"]
    assert search_terms("NEAR(fire out)") == ["NEAR", "fire", "out"]
    assert search_terms("north-east O'Brien's") == ["north-east", "O'Brien's"]
    assert search_terms("") == []
    pattern = term_pattern(["fire", "out"])
    assert pattern is not None
    assert [m.group(0) for m in pattern.finditer("Fire is OUT, outfire")] == ["Fire", "OUT",
                                                                               "out"]
    assert term_pattern([]) is None
    # highlight helpers for the post list and labels: UTF-16 positions, escaped HTML
    assert term_spans("💥 Fire <out>", ["fire", "out"]) == [(3, 4), (9, 3)]
    assert highlight_html("💥 Fire <out>", ["fire", "out"]) == "💥 <b>Fire</b> &lt;<b>out</b>&gt;"
    assert highlight_html("a<b>", []) == "a&lt;b&gt;"


def test_search_bar_debounces_and_esc_clears(qtbot: Any) -> None:
    bar = SearchBar()
    qtbot.addWidget(bar)
    bar.hide()
    bar.activate()
    assert bar.isVisible()
    seen: list[str] = []
    bar.search_changed.connect(seen.append)
    qtbot.keyClicks(bar.line_edit, "fire")
    assert seen == []  # debounced: nothing while typing
    qtbot.waitUntil(lambda: seen == ["fire"], timeout=1000)
    bar.line_edit.selectAll()
    bar.activate()
    assert bar.line_edit.selectedText() == "fire"
    with qtbot.waitSignal(bar.closed, timeout=500):
        qtbot.keyClick(bar.line_edit, Qt.Key.Key_Escape)
    assert bar.text() == ""
    assert seen == ["fire", ""]
    assert not bar.isVisible()
    bar.set_count(3)
    assert bar.count_label.text() == "3 matches"


# ------------------------------------------------------------------------------ PostFilter

def test_search_filters_through_fts_and_takes_any_text(store: Any, small_blog: int,
                                                       hub: Any) -> None:
    post_filter = PostFilter(hub)
    post_filter.set_blog(small_blog)
    assert post_filter.filter_ids() is None
    post_filter.set_search_text("fire")
    assert set(uids(store, post_filter.filter_ids()) or []) >= {"fire-out", "first-alarm"}
    post_filter.set_search_text("Tomás")  # contributors are searched too
    assert "fire-out" in (uids(store, post_filter.filter_ids()) or [])
    post_filter.set_search_text("“curly”")  # typographic quotes are plain text
    assert uids(store, post_filter.filter_ids()) == ["draft-1"]
    post_filter.set_search_text("💥 cause")  # emoji are not indexed (unicode61) but are safe
    assert isinstance(post_filter.filter_ids(), list)
    for text in HOSTILE:
        post_filter.set_search_text(text)
        assert isinstance(post_filter.filter_ids(), list | type(None)), text
    post_filter.set_search_text("fire\x00")  # a pasted NUL is a space
    assert set(uids(store, post_filter.filter_ids()) or []) >= {"fire-out", "first-alarm"}
    post_filter.set_tags(["a, b"])  # not a tag the store could hold: matches nothing
    assert post_filter.filter_ids() == []
    post_filter.set_tags([])
    post_filter.set_search_text("")
    assert post_filter.filter_ids() is None


def test_typed_hostile_text_reaches_the_filter_safely(qtbot: Any, store: Any, small_blog: int,
                                                      hub: Any) -> None:
    bar = SearchBar()
    qtbot.addWidget(bar)
    post_filter = PostFilter(hub)
    post_filter.set_blog(small_blog)
    bar.search_changed.connect(post_filter.set_search_text)
    for text in HOSTILE:
        bar.set_text(text)
        bar.flush()
        assert isinstance(post_filter.filter_ids(), list | type(None)), text
        assert isinstance(search_terms(text), list)
    qtbot.keyClick(bar.line_edit, Qt.Key.Key_Escape)
    assert post_filter.filter_ids() is None


def test_filters_and_search_combine_and_never_change_order(store: Any, small_blog: int,
                                                           hub: Any) -> None:
    order = store.post_ids(small_blog)
    post_filter = PostFilter(hub)
    post_filter.set_blog(small_blog)
    results: list[Any] = []
    counts: list[tuple[int, int]] = []
    post_filter.changed.connect(results.append)
    post_filter.counted.connect(lambda m, t: counts.append((m, t)))
    post_filter.set_tags(["safety"])  # any case
    assert uids(store, results[-1]) == ["key-info", "fire-out"]
    assert counts[-1] == (2, 4)
    post_filter.set_tags(["Fire", "Safety"], match_all=False)
    assert uids(store, results[-1]) == ["key-info", "fire-out", "first-alarm"]
    post_filter.set_tags(["Fire", "Safety"], match_all=True)
    assert uids(store, results[-1]) == ["fire-out"]
    post_filter.set_tags(["Fire"])
    post_filter.set_search_text("breaks")
    assert uids(store, results[-1]) == ["first-alarm"]
    assert post_filter.search_terms() == ["breaks"]
    post_filter.set_search_text("")
    post_filter.set_tags([])
    assert results[-1] is None and counts[-1] == (-1, 4)
    assert store.post_ids(small_blog) == order


def test_filter_follows_store_changes(store: Any, small_blog: int, hub: Any) -> None:
    post_filter = PostFilter(hub)
    post_filter.set_blog(small_blog)
    post_filter.set_tags(["Fire"])
    draft = store.post_by_uid(small_blog, "draft-1").id
    store.set_post_tags(draft, ["fire"])
    assert draft in (post_filter.filter_ids() or [])
    store.create_post(small_blog, headline="Fire update", contributors=[Contributor("X")],
                      tags=["Fire"])
    assert len(post_filter.filter_ids() or []) == 4
    # typing into a post (autosave) does not re-emit an unchanged filter: no list reset
    emitted: list[Any] = []
    post_filter.changed.connect(emitted.append)
    store.update_post(draft, body="More text")
    assert emitted == []
    store.update_post(draft, headline="Changed")
    store.set_post_tags(draft, [])
    assert len(emitted) == 1 and draft not in emitted[0]
    post_filter.refresh()  # an explicit refresh always tells
    assert len(emitted) == 2


# ---------------------------------------------------------------------------- tag filter bar

def test_tag_filter_bar(qtbot: Any, store: Any, small_blog: int, hub: Any) -> None:
    bar = TagFilterBar(hub)
    qtbot.addWidget(bar)
    with qtbot.waitSignal(bar.filter_changed, timeout=500):
        bar.set_selected_tags(["fire"])
    assert bar.selected_tags() == ["Fire"]
    assert not bar.match_all()
    bar.menu.aboutToShow.emit()
    actions = {a.text(): a for a in bar.menu.actions()}
    assert "Safety (2)" in actions
    with qtbot.waitSignal(bar.filter_changed, timeout=500):
        actions["Safety (2)"].trigger()
    assert bar.selected_tags() == ["Fire", "Safety"]
    assert [c.name for c in bar.chips()] == ["Fire", "Safety"]
    with qtbot.waitSignal(bar.filter_changed, timeout=500):
        qtbot.mouseClick(bar.all_button, Qt.MouseButton.LeftButton)
    assert bar.match_all()
    bar.set_count(12, 48)
    assert bar.count_label.text() == "12 of 48 posts"
    # a rename follows the picked tag; a delete drops it
    store.rename_tag(store.tag_by_name("Fire").id, "Harbour fire")
    assert bar.selected_tags() == ["Harbour fire", "Safety"]
    with qtbot.waitSignal(bar.filter_changed, timeout=500):
        store.delete_tag(store.tag_by_name("Safety").id)
    assert bar.selected_tags() == ["Harbour fire"]
    with qtbot.waitSignal(bar.filter_changed, timeout=500):
        chip = bar.chips()[0]
        assert chip.remove_button is not None
        qtbot.mouseClick(chip.remove_button, Qt.MouseButton.LeftButton)
    assert bar.selected_tags() == []
    bar.set_selected_tags(["Harbour fire"])
    with qtbot.waitSignal(bar.filter_changed, timeout=500):
        bar.clear()
    assert bar.selected_tags() == []


def test_tag_filter_bar_drives_post_filter(qtbot: Any, store: Any, small_blog: int,
                                           hub: Any) -> None:
    bar = TagFilterBar(hub)
    qtbot.addWidget(bar)
    post_filter = PostFilter(hub)
    post_filter.set_blog(small_blog)
    bar.filter_changed.connect(lambda: post_filter.set_from_bar(bar))
    post_filter.counted.connect(bar.set_count)
    bar.set_selected_tags(["Safety"])
    assert bar.count_label.text() == "2 of 4 posts"
    bar.clear()
    assert bar.count_label.text() == ""
    bar.set_selected_tags(["Safety", "Fire"])
    assert bar.count_label.text() == "3 of 4 posts"
    bar.set_match_all(True)
    assert bar.count_label.text() == "1 of 4 posts"
    store.rename_tag(store.tag_by_name("Fire").id, "Harbour fire")  # the filter follows
    assert bar.selected_tags() == ["Safety", "Harbour fire"]
    assert bar.count_label.text() == "1 of 4 posts"
    bar.setFocus()
    qtbot.keyClick(bar, Qt.Key.Key_Escape)  # Esc clears
    assert bar.selected_tags() == [] and post_filter.filter_ids() is None


# ------------------------------------------------------------------ drops in a filtered list

def test_drop_anchor_definition() -> None:
    visible = [10, 20, 30]
    assert drop_anchor(visible, 0) == (None, 10)        # top: directly before B
    assert drop_anchor(visible, 1) == (10, None)        # between A and B: directly after A
    assert drop_anchor(visible, 3) == (30, None)        # bottom: directly after the last
    assert drop_anchor(visible, 2, [10]) == (20, None)  # the dragged row is no neighbour
    assert drop_anchor(visible, 0, [20]) == (None, 10)
    assert drop_anchor(visible, 3, [10]) == (30, None)
    # a drop that leaves the visible order unchanged does nothing
    assert drop_anchor(visible, 0, [10]) == (None, None)
    assert drop_anchor(visible, 1, [10]) == (None, None)
    assert drop_anchor(visible, 2, [20]) == (None, None)
    assert drop_anchor([10], 0, [10]) == (None, None)
    assert drop_anchor(visible, 99) == (30, None)


@pytest.fixture
def long_blog(store: Any) -> tuple[int, list[int]]:
    blog = store.create_blog("long", "Long blog")
    ids = []
    for n in range(8):  # created at the top each time: p7 .. p0, then resorted as p0..p7
        ids.append(store.create_post(blog.id, headline=f"p{n}", uid=f"p{n}",
                                     tags=["Even"] if n % 2 == 0 else ["Odd"],
                                     position=f"a{n}").id)
    return blog.id, ids


def order(store: Any, blog: int) -> list[str]:
    return [store.get_post(i).uid for i in store.post_ids(blog)]


@pytest.mark.parametrize(("drag", "row", "expected"), [
    # visible (Even): p0 p2 p4 p6. Drop p6 between p0 and p2: directly after p0; the hidden p1
    # stays below it.
    ("p6", 1, ["p0", "p6", "p1", "p2", "p3", "p4", "p5", "p7"]),
    # drop p4 above the first visible row: directly before p0
    ("p4", 0, ["p4", "p0", "p1", "p2", "p3", "p5", "p6", "p7"]),
    # drop p2 below the last visible row: directly after p6 (the hidden p7 stays last)
    ("p2", 4, ["p0", "p1", "p3", "p4", "p5", "p6", "p2", "p7"]),
    # drop p0 between p2 and p4: directly after p2
    ("p0", 2, ["p1", "p2", "p0", "p3", "p4", "p5", "p6", "p7"]),
    # drops that leave the visible order as it is change nothing (not even hidden neighbours)
    ("p0", 0, ["p0", "p1", "p2", "p3", "p4", "p5", "p6", "p7"]),
    ("p0", 1, ["p0", "p1", "p2", "p3", "p4", "p5", "p6", "p7"]),
    ("p6", 4, ["p0", "p1", "p2", "p3", "p4", "p5", "p6", "p7"]),
])
def test_reorder_inside_a_filtered_list(store: Any, hub: Any, long_blog: tuple[int, list[int]],
                                        drag: str, row: int, expected: list[str]) -> None:
    blog, _ids = long_blog
    assert order(store, blog) == [f"p{n}" for n in range(8)]
    post_filter = PostFilter(hub)
    post_filter.set_blog(blog)
    post_filter.set_tags(["Even"])
    visible = post_filter.filter_ids()
    assert visible is not None
    assert [store.get_post(i).uid for i in visible] == ["p0", "p2", "p4", "p6"]
    moved = store.post_by_uid(blog, drag).id
    after, before = drop_anchor(visible, row, [moved])
    old_key = store.post_position(moved)
    if after is not None:
        store.move_post(moved, after=after)
    elif before is not None:
        store.move_post(moved, before=before)
    assert order(store, blog) == expected
    # the filtered list shows the new order, filtered
    assert [store.get_post(i).uid for i in post_filter.filter_ids() or []] == [
        u for u in expected if int(u[1]) % 2 == 0]
    store.set_post_position(moved, old_key)  # the main window's undo of a move
    assert order(store, blog) == [f"p{n}" for n in range(8)]
