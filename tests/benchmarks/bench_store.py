"""Store measures through the BlogStore API, each against the bare SQL doing the same job.

Every write is undone untimed after its run (a move is put back with ``set_post_position``, a pin
is lifted), so the cached store stays as generated.

Search and tag filter time what the app does to show a filtered list: ``PostFilter`` asks
``find_post_ids`` for every match in display order (its length is the count the status bar
shows) and ``PostListModel`` reads the first page of rows (``post_rows`` of the first 200). The
store gathers the matches as a set (one FTS5 query, one index look-up per tag) and puts them in
display order with the blog's order, which it reads once (~40 ms for 100,000 posts) and keeps
until a move, pin, new, trashed or restored post changes it. So the search measures run on a kept
order, as when an editor types one search after another; "search right after a move" times the
first search after the order changed, which reads it again. The post count is read again only
after such a change too, so it is not part of a search.

Floors: the bare FTS5 query the store sends (every word quoted, the last one a prefix: ``"the" *``
matches "their" and "they" too), fetching every matching rowid; and for the tag filter the bare
select of the tag's post ids. The store reads the FTS5 matches as one JSON array, which costs
less than a row each, so with a word in every post the search can come in under its floor: the
FTS5 prefix match itself (merging the posting lists of every word with that prefix) is what
remains. ``extra`` holds the bare query for the exact word (no prefix) for comparison with runs
before the floor followed the store's query.
"""

from __future__ import annotations

import random
import statistics
from typing import Any

from common import Context, Result, Target, make_result, sample
from generate import COMMON_WORD, RARE_WORD, TYPICAL_WORD

from storage import BlogStore

GROUP = "store"
#: Rows of a first screen (the issue's floor) and of one page the post list loads.
SCREEN_ROWS = 60
LIST_PAGE = 200

FIRST_SCREEN = Target("< 100 ms", seconds=0.100)
MOVE = Target("< 1 ms", seconds=0.001)
SEARCH = Target("< 20 ms", seconds=0.020)
SWITCH = Target("< 30 ms", seconds=0.030)

_BARE_ROWS = ("SELECT id, uid, headline, label, status, pinned, position, published_at, "
              "updated_at FROM posts WHERE blog_id = ? AND deleted_at IS NULL "
              "ORDER BY pinned DESC, position LIMIT ? OFFSET ?")


def _blog_id(store: BlogStore) -> int:
    return store.list_blogs()[0].id


def run(ctx: Context) -> list[Result]:
    store = BlogStore.open(ctx.store_path)
    try:
        return _run(ctx, store)
    finally:
        store.close()


def _run(ctx: Context, store: BlogStore) -> list[Result]:
    n = ctx.size
    conn = store.db.conn
    blog_id = _blog_id(store)
    ids = store.post_ids(blog_id)
    rng = random.Random(n)
    results: list[Result] = []

    def bare(sql: str, params: list[Any]) -> None:
        conn.execute(sql, params).fetchall()

    def add(measure: str, fn: Any, floor: Any, floor_name: str, target: Target | None = None,
            **kwargs: Any) -> None:
        setup, teardown = kwargs.pop("setup", None), kwargs.pop("teardown", None)
        samples = sample(fn, setup=setup, teardown=teardown, **kwargs)
        floor_samples = sample(floor, **kwargs)
        results.append(make_result(measure, GROUP, n, samples, floor_samples,
                                   floor_name=floor_name, target=target))

    def screen_floor() -> None:
        bare(_BARE_ROWS, [blog_id, SCREEN_ROWS, 0])

    # -- the post list's first page, as PostListModel.reload asks for it ----------------------
    add("list page (store API)",
        lambda: (store.count_posts(blog_id), store.list_post_rows(blog_id, 0, LIST_PAGE)),
        screen_floor, f"bare SELECT of {SCREEN_ROWS} rows", FIRST_SCREEN)
    deep = max(n - 1000, 0)
    add("list page at offset n-1000 (store API)",
        lambda: store.list_post_rows(blog_id, deep, LIST_PAGE),
        lambda: bare(_BARE_ROWS, [blog_id, LIST_PAGE, deep]),
        f"bare SELECT of {LIST_PAGE} rows at that offset", FIRST_SCREEN)
    add("list blogs (store API)", store.list_blogs,
        lambda: bare("SELECT id, slug, title, status FROM blogs", []), "bare SELECT of blogs")

    # -- move and pin: one row each -----------------------------------------------------------
    unpinned = [i for i in ids if not store.get_post(i).pinned] if n <= 1000 else ids[10:]
    moves: list[tuple[int, int, str]] = []

    def move_setup() -> None:
        post, after = rng.sample(unpinned[: len(unpinned) - 1], 2)
        moves.append((post, after, store.post_position(post)))

    def move() -> None:
        post, after, _old = moves[-1]
        store.move_post(post, after=after)

    def move_back() -> None:
        post, _after, old = moves[-1]
        store.set_post_position(post, old)

    def bare_update(column: str) -> Any:
        def run_update() -> None:
            post = rng.choice(unpinned)
            conn.execute("BEGIN IMMEDIATE")
            conn.execute(f"UPDATE posts SET {column} = {column} WHERE id = ?", [post])
            conn.execute("COMMIT")
        return run_update

    add("move one post", move, bare_update("position"),
        "bare UPDATE of position (WAL, synchronous=FULL)", MOVE,
        setup=move_setup, teardown=move_back, min_runs=15, max_runs=100)

    pins: list[int] = []
    add("pin one post", lambda: store.set_pinned([pins[-1]], True), bare_update("pinned"),
        "bare UPDATE of pinned (WAL, synchronous=FULL)", MOVE,
        setup=lambda: pins.append(rng.choice(unpinned)),
        teardown=lambda: store.set_pinned([pins[-1]], False), min_runs=15, max_runs=100)

    # -- search and tag filter: the ids in display order, then the first page of rows ---------
    def search_for(word: str) -> Any:
        def search() -> None:
            found = store.find_post_ids(blog_id, text=word)
            store.post_rows(found[:LIST_PAGE])
        return search

    def fts_floor_for(query: str) -> Any:
        return lambda: bare("SELECT rowid FROM posts_fts WHERE posts_fts MATCH ?", [query])

    for label, word in (("common word", COMMON_WORD), ("typical word", TYPICAL_WORD),
                        ("rare word", RARE_WORD)):
        hits = len(store.find_post_ids(blog_id, text=word))
        add(f"search, {label}", search_for(word), fts_floor_for(BlogStore.fts_query(word)),
            "bare FTS5 MATCH of the same query (all rowids)", SEARCH, min_runs=3, budget_s=3.0)
        exact = sample(fts_floor_for(f'"{word}"'), min_runs=3, budget_s=1.0)
        results[-1].extra.update(hits=hits, exact_word_floor_s=round(statistics.median(exact), 9))

    add("search right after a move, typical word", search_for(TYPICAL_WORD),
        fts_floor_for(BlogStore.fts_query(TYPICAL_WORD)),
        "bare FTS5 MATCH of the same query (all rowids)", SEARCH,
        setup=lambda: (move_setup(), move()), teardown=move_back, min_runs=5, max_runs=30,
        budget_s=3.0)
    tag = "Storm"
    tag_id = store.tag_by_name(tag).id

    def tag_filter() -> None:
        found = store.find_post_ids(blog_id, tags=[tag])
        store.post_rows(found[:LIST_PAGE])

    add("tag filter", tag_filter,
        lambda: bare("SELECT post_id FROM post_tags WHERE tag_id = ?", [tag_id]),
        "bare SELECT of the tag's post ids", SEARCH, min_runs=3, budget_s=3.0)
    results[-1].extra["hits"] = len(store.find_post_ids(blog_id, tags=[tag]))

    # -- what the editor reads when it switches to another post --------------------------------
    add("read a post for the editor (store API)", lambda: store.get_post(rng.choice(ids)),
        lambda: bare("SELECT * FROM posts WHERE id = ?", [rng.choice(ids)]),
        "bare SELECT of one full row", SWITCH, min_runs=20, max_runs=500)
    return results
