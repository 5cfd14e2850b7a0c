"""What an export makes of each post is kept (``export.render.cache``) by the post's content: a
re-export after an edit renders only what changed, gives the same bytes as an export from
nothing, and the cache stays within its bounds and safe to share between threads."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from export import render
from export.interchange import blog_document, import_file, resources_dir
from export.pipeline import ExportCancelled, render_document
from export.render import PreparedPost, post_key
from export.style import HouseStyle
from storage import BlogStore, Contributor, Media

FORMATS = ("html", "fragment", "ninjs", "json", "atom")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 24


def export(store: BlogStore, blog_id: int, fmt: str) -> str:
    doc = blog_document(store, blog_id)
    return render_document(doc, fmt, HouseStyle.from_settings(store.settings()),
                           store.get_media_file)


def cold(store: BlogStore, blog_id: int, fmt: str) -> str:
    render.cache.clear()
    return export(store, blog_id, fmt)


@pytest.fixture
def sample(file_store: BlogStore) -> tuple[BlogStore, int]:
    report = import_file(file_store, resources_dir() / "sample" / "sample-blog.json")
    return file_store, report.blog.id


@pytest.fixture(autouse=True)
def empty_cache() -> Any:
    render.cache.clear()
    yield
    render.cache.clear()


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_second_export_is_the_first_from_the_cache(sample: tuple[BlogStore, int],
                                                     fmt: str) -> None:
    store, blog_id = sample
    first = cold(store, blog_id, fmt)
    misses = render.cache.misses
    assert export(store, blog_id, fmt) == first
    assert render.cache.misses == misses  # nothing made again


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_edited_body_appears_in_the_re_export(sample: tuple[BlogStore, int],
                                                 fmt: str) -> None:
    store, blog_id = sample
    post_id = store.post_ids(blog_id)[3]
    export(store, blog_id, fmt)
    store.update_post(post_id, body="A **freshly edited** paragraph.", touch=False)
    again = export(store, blog_id, fmt)
    assert "freshly edited" in again
    assert again == cold(store, blog_id, fmt)


@pytest.mark.parametrize("fmt", ["html", "ninjs", "json"])
def test_a_re_export_after_one_edit_makes_only_that_post_again(sample: tuple[BlogStore, int],
                                                               fmt: str) -> None:
    store, blog_id = sample
    post_id = store.post_ids(blog_id)[5]
    export(store, blog_id, fmt)
    misses = render.cache.misses
    store.update_post(post_id, body="Edited once.", touch=False)
    export(store, blog_id, fmt)
    # The post's facts, its body's HTML, its article and its JSON-LD at most: not 24 posts' worth.
    assert 1 <= render.cache.misses - misses <= 4


EDITS = {
    "headline": lambda s, p: s.update_post(p, headline="A new headline"),
    "label": lambda s, p: s.update_post(p, label="Fact check"),
    "note": lambda s, p: s.update_post(p, update_note="This post has been *corrected*."),
    "times": lambda s, p: s.update_post(p, published_at="2025-10-17T09:00:00+01:00"),
    "pinned": lambda s, p: s.set_pinned([p], True),
    "tags": lambda s, p: s.set_post_tags(p, ["Brand new tag", "Flood"]),
    "contributors": lambda s, p: s.set_post_contributors(
        p, [Contributor("New Reporter", "Cardiff"), Contributor("Other One", None)]),
    "media": lambda s, p: s.set_post_media(
        p, [Media("https://img.example/new.jpg", "new alt", "A *new* caption", "Credit")]),
    "unpublish": lambda s, p: s.update_post(p, status="draft"),
    "delete": lambda s, p: s.delete_posts([p]),
    "move": lambda s, p: s.move_post(p, after=None),
}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("edit", sorted(EDITS))
def test_any_edit_gives_what_an_export_from_nothing_gives(sample: tuple[BlogStore, int],
                                                          fmt: str, edit: str) -> None:
    store, blog_id = sample
    post_id = store.post_ids(blog_id)[2]
    export(store, blog_id, fmt)
    EDITS[edit](store, post_id)
    assert export(store, blog_id, fmt) == cold(store, blog_id, fmt)


@pytest.mark.parametrize("fmt", ["html", "fragment", "ninjs", "atom"])
def test_a_link_to_a_post_follows_that_post_being_published(store: BlogStore, fmt: str) -> None:
    blog = store.create_blog("links", "Links")
    target = store.create_post(blog.id, uid="the-target", headline="Target", body="Here.",
                               status="published", published_at="2025-03-02T09:00:00+00:00")
    store.create_post(blog.id, headline="Linking", body="See [the target](#the-target).",
                      status="published", published_at="2025-03-02T10:00:00+00:00")
    store.set_setting("page_url", "https://news.example/live")
    linked = export(store, blog.id, fmt)
    store.update_post(target.id, status="draft")
    unlinked = export(store, blog.id, fmt)  # the linking post is unchanged, its output is not
    assert unlinked == cold(store, blog.id, fmt)
    assert unlinked != linked
    assert "#the-target" not in unlinked.replace("&quot;", '"')
    store.update_post(target.id, status="published")
    assert export(store, blog.id, fmt) == linked


def test_the_page_embeds_what_the_media_loader_gives_now(store: BlogStore) -> None:
    # Photos kept in the store never change under a name, but the loader is the caller's: a
    # photo missing at one export may be there at the next, or come from elsewhere.
    blog = store.create_blog("photos", "Photos")
    store.create_post(blog.id, headline="Photo", body="Look.", status="published",
                      published_at="2025-03-02T09:00:00+00:00",
                      media=[Media("images/a.png", "alt", "A caption")])
    doc = blog_document(store, blog.id)
    style = HouseStyle()
    loaders: list[Any] = [lambda src: None, {"images/a.png": (PNG, "image/png")}.get,
                          {"images/a.png": (PNG + b"\x01", "image/png")}.get, None]
    pages = [render_document(doc, "html", style, loader) for loader in loaders]
    assert "<figure" not in pages[0] and "<figure" not in pages[3]
    assert "data:image/png;base64," in pages[1] and pages[1] != pages[2]
    render.cache.clear()
    assert [render_document(doc, "html", style, loader) for loader in loaders] == pages


@pytest.mark.parametrize("fmt", ["html", "ninjs", "atom"])
def test_a_change_of_house_style_or_time_zone_renders_anew(sample: tuple[BlogStore, int],
                                                           fmt: str) -> None:
    store, blog_id = sample
    export(store, blog_id, fmt)
    store.set_setting("byline_prefix", "Reporting:")
    store.set_setting("post_time_format", "%-I:%M %p")
    store.update_blog(blog_id, timezone="America/New_York")
    assert export(store, blog_id, fmt) == cold(store, blog_id, fmt)


def test_documents_with_odd_values_are_rendered_without_being_kept(doc: dict[str, Any]) -> None:
    doc["posts"][0]["headline"] = "Odd \x85 control"
    doc["posts"][1]["extra"] = {1, 2}  # not JSON data: no key, rendered every time
    style = HouseStyle()
    first = render_document(doc, "html", style)
    assert render_document(doc, "html", style) == first
    assert "Odd control" in first and "\x85" not in first


def test_post_keys_tell_apart_what_python_thinks_equal() -> None:
    assert post_key({"a": True}) != post_key({"a": 1})
    assert post_key({"a": 1}) != post_key({"a": 1.0})
    assert post_key({"a": [1]}) != post_key({"a": (1,)})
    assert post_key({"a": 0.0}) != post_key({"a": -0.0})
    assert post_key({"a": "x"}) != post_key({"a": ["x"]})
    assert post_key({"a": "b", "c": "d"}) != post_key({"a": "bc", "": "d"})
    assert post_key({"a": {"b": "c"}}) == post_key({"a": {"b": "c"}})
    assert post_key({"a": {1, 2}}) is None


def test_prepared_posts_keep_their_facts(doc: dict[str, Any]) -> None:
    post = doc["posts"][0]
    first = PreparedPost(post)
    hits = render.cache.hits
    again = PreparedPost(dict(post))
    assert render.cache.hits == hits + 1
    assert (again.key, again.published, again.id, again.published_at) == (
        first.key, first.published, first.id, first.published_at)
    assert again.post is again.raw  # clean already: not copied


def test_the_cache_keeps_to_its_bounds() -> None:
    lru = render._LRU(maxsize=3, maxchars=10_000)
    for n in range(5):
        lru.put(n, f"value {n}", 7)
    assert len(lru) == 3
    assert [lru.get(n) for n in range(5)] == [None, None, "value 2", "value 3", "value 4"]
    lru.get(2)  # now the most recently used
    lru.put(5, "value 5", 7)
    assert lru.get(3) is None and lru.get(2) == "value 2"

    small = render._LRU(maxsize=1000, maxchars=3 * (render._LRU.ENTRY_OVERHEAD + 100))
    for n in range(10):
        small.put(n, "x" * 100, 100)
        assert small.chars <= small.maxchars
    assert len(small) == 3
    small.put("huge", "x" * 10_000, 10_000)  # larger than the whole cache: not kept
    assert small.get("huge") is None and len(small) == 3
    small.clear()
    assert (len(small), small.chars, small.hits, small.misses) == (0, 0, 0, 0)


def test_a_smaller_cache_than_the_blog_still_exports_the_same(
        sample: tuple[BlogStore, int], monkeypatch: pytest.MonkeyPatch) -> None:
    store, blog_id = sample
    full = cold(store, blog_id, "html")
    monkeypatch.setattr(render.cache, "maxsize", 20)
    render.cache.clear()
    assert export(store, blog_id, "html") == full
    assert export(store, blog_id, "html") == full
    assert len(render.cache) <= 20


def test_exports_in_threads_share_the_cache(sample: tuple[BlogStore, int]) -> None:
    store, blog_id = sample
    doc = blog_document(store, blog_id)
    style = HouseStyle.from_settings(store.settings())
    expected = {fmt: cold(store, blog_id, fmt) for fmt in ("html", "ninjs", "json")}
    render.cache.clear()
    results: list[tuple[str, str]] = []
    errors: list[BaseException] = []

    def work(fmt: str) -> None:
        try:
            for _ in range(3):
                # the store's connection belongs to this thread: photos come from the dict
                results.append((fmt, render_document(doc, fmt, style)))
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(fmt,)) for fmt in ("html", "ninjs", "json") * 2]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    without_photos = {fmt: render_document(doc, fmt, style) for fmt in ("html", "ninjs", "json")}
    assert without_photos["json"] == expected["json"]
    assert without_photos["ninjs"] == expected["ninjs"]
    assert all(text == without_photos[fmt] for fmt, text in results)


def test_progress_and_cancel(sample: tuple[BlogStore, int]) -> None:
    store, blog_id = sample
    doc = blog_document(store, blog_id)
    published = sum(post["status"] == "published" for post in doc["posts"])
    seen: list[tuple[int, int]] = []
    render_document(doc, "html", HouseStyle(), progress=lambda d, t: seen.append((d, t)))
    assert seen[0] == (0, published + 1)
    assert seen[-1] == (published + 1, published + 1)
    with pytest.raises(ExportCancelled):
        render_document(doc, "ninjs", HouseStyle(), cancelled=lambda: True)
