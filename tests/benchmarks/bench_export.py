"""Exports of a whole blog: html, fragment, ninjs and json, through the same function the command
line uses (``main.render_export``: the store read into a livedesk/1 document, then the renderer).

* ``export <fmt>``: a first export in a fresh state, the rendering cache emptied before each run;
* ``re-export <fmt> after editing one post``: one post's body changed through the store, then the
  export again with the cache as the previous export left it.

Floor: markdown-it-py (``js-default``, the preset the app uses) and ``nh3.clean`` over the same
published bodies, with nothing else: no document, no template, no cache. The issue's targets are a
full export within 1.2x that floor and a re-export under a tenth of it.
"""

from __future__ import annotations

import importlib
from typing import Any

from common import Context, Result, Target, make_result, sample

from storage import BlogStore

GROUP = "export"
FORMATS = ("html", "fragment", "ninjs", "json")
FULL = Target("≤ 1.2x floor", ratio=1.2)
AGAIN = Target("< 0.1x floor", ratio=0.1)
#: Exports are slow at 100k (tens of seconds a run): measured up to this size.
MAX_SIZE = 10_000
_MODULES = {"html": "export.html", "fragment": "export.html", "ninjs": "export.ninjs",
            "json": "export.interchange"}


def _available(fmt: str) -> str | None:
    """None when the format can be rendered, else why not."""
    try:
        module = importlib.import_module(_MODULES[fmt])
    except ImportError as error:
        return f"not available yet ({error})"
    needed = {"html": "render_page", "fragment": "render_fragment", "ninjs": "render_ninjs",
              "json": "blog_document"}[fmt]
    if not hasattr(module, needed):
        return f"not available yet ({_MODULES[fmt]}.{needed} is missing)"
    return None


def _warm_up(store: BlogStore, blog_id: int, bodies: list[str], md: Any) -> None:
    """Import and compile everything an export needs, and read the store once (file cache)."""
    import nh3

    from export import render
    from export.interchange import blog_document
    from export.style import HouseStyle

    doc = blog_document(store, blog_id)
    doc["posts"] = doc["posts"][:20]
    style = HouseStyle.from_settings(store.settings())
    for fmt in ("html", "fragment", "ninjs"):
        if _available(fmt) is None:
            module = importlib.import_module(_MODULES[fmt])
            renderer = {"html": "render_page", "fragment": "render_fragment",
                        "ninjs": "render_ninjs"}[fmt]
            args = (doc, style) if fmt == "ninjs" else (doc, style, store.get_media_file)
            getattr(module, renderer)(*args)
    for body in bodies[:20]:
        nh3.clean(md.render(body))
    render.cache.clear()


def run(ctx: Context) -> list[Result]:
    if ctx.size > MAX_SIZE:
        return []
    store = BlogStore.open(ctx.store_path)
    try:
        return _run(ctx, store)
    finally:
        store.close()


def _run(ctx: Context, store: BlogStore) -> list[Result]:
    import nh3
    from markdown_it import MarkdownIt

    from export import render
    from main import render_export

    n = ctx.size
    blog_id = store.list_blogs()[0].id
    bodies = [row[0] for row in store.db.execute(
        "SELECT body FROM posts WHERE blog_id = ? AND deleted_at IS NULL AND status = 'published'",
        [blog_id])]
    md = MarkdownIt("js-default", {"html": False, "linkify": False, "typographer": False})

    def floor() -> None:
        for body in bodies:
            nh3.clean(md.render(body))

    # A cold export of 10k posts takes many seconds: at that size runs stop once 15 s are spent
    # (at least one), each export after a warm-up on a few posts (imports, templates, the file
    # cache) rather than after a whole export.
    slow = n >= 10_000
    runs: dict[str, Any] = {"warmup": 0, "min_runs": 1 if ctx.quick or slow else 2,
                            "max_runs": 3 if slow else 5, "budget_s": 15.0 if slow else 3.0}
    _warm_up(store, blog_id, bodies, md)
    floor_samples = sample(floor, **runs)
    floor_name = f"markdown-it-py + nh3 over {len(bodies):,} bodies"
    results: list[Result] = []
    edited = store.post_ids(blog_id)[n // 2]
    original = store.get_post(edited)
    edits = [0]

    def edit_one() -> None:
        edits[0] += 1
        store.update_post(edited, body=f"{original.body}\n\nEdit number {edits[0]}.",
                          touch=False)

    output: dict[str, Any] = {}
    try:
        for fmt in FORMATS:
            why = _available(fmt)
            if why:
                results.append(Result.unavailable(f"export {fmt}", GROUP, n, why, FULL))
                results.append(Result.unavailable(f"re-export {fmt} after editing one post",
                                                  GROUP, n, why, AGAIN))
                continue
            def export(fmt: str = fmt, output: dict[str, Any] = output) -> None:
                output["text"] = render_export(store, blog_id, fmt)

            try:
                full = sample(export, setup=render.cache.clear, **runs)
                render.cache.clear()
                export()
                again = sample(export, setup=edit_one, **runs)
            except Exception as error:  # renderers are being written: report, do not fail
                message = f"failed: {type(error).__name__}: {error}"
                results.append(Result.unavailable(f"export {fmt}", GROUP, n, message, FULL))
                results.append(Result.unavailable(f"re-export {fmt} after editing one post",
                                                  GROUP, n, message, AGAIN))
                continue
            size = len(output.get("text", "").encode("utf-8"))
            results.append(make_result(f"export {fmt}", GROUP, n, full, floor_samples,
                                       floor_name=floor_name, target=FULL,
                                       extra={"bytes": size}))
            results.append(make_result(f"re-export {fmt} after editing one post", GROUP, n, again,
                                       floor_samples, floor_name=floor_name, target=AGAIN,
                                       extra={"cache_hits": render.cache.hits,
                                              "cache_misses": render.cache.misses}))
    finally:
        store.update_post(edited, body=original.body, touch=False)
    return results
