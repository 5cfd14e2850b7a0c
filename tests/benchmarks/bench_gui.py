"""GUI measures with the real widgets, offscreen: the post list's first screen and switching posts.

* ``first screen (post list widgets)``: a new ``PostListModel`` + ``PostListView`` from
  ``widgets/post_list.py`` showing the blog, until the list's viewport has painted.
* ``open blog, first screen (main window)``: the main window, already shown, opens the blog
  (``MainWindow.open_blog``, what choosing it in the blog switcher does) until its post list has
  painted the first screen. Building the window itself is part of the cold start
  (``bench_startup``), which also reports the memory of the app with the blog open.
* ``switch the editor to another post (main window)``: select another post in the main window's
  list, let the window handle it and repaint synchronously.

Floors: the bare SQL query of the first screen, and reading one full row.
"""

from __future__ import annotations

import importlib
import random
import time
from pathlib import Path
from typing import Any

from bench_store import _BARE_ROWS, FIRST_SCREEN, SCREEN_ROWS, SWITCH
from common import Context, Result, make_result, sample

from storage import BlogStore

GROUP = "gui"


def _app() -> Any:
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([])


class _PaintWatch:
    """Notices the first Paint event of one widget."""

    def __init__(self, widget: Any) -> None:
        from PySide6.QtCore import QEvent, QObject

        outer = self

        class Filter(QObject):
            def eventFilter(self, watched: Any, event: Any) -> bool:
                if event.type() == QEvent.Type.Paint:
                    outer.painted = True
                return False

        self.painted = False
        self._filter = Filter()
        widget.installEventFilter(self._filter)

    def wait(self, app: Any, timeout_s: float = 10.0) -> None:
        deadline = time.perf_counter() + timeout_s
        while not self.painted:
            app.processEvents()
            if time.perf_counter() > deadline:
                raise TimeoutError("no paint event")


def run(ctx: Context) -> list[Result]:
    app = _app()
    store = BlogStore.open(ctx.store_path)
    try:
        return _run(ctx, app, store)
    finally:
        store.close()


def _run(ctx: Context, app: Any, store: BlogStore) -> list[Result]:
    from widgets.post_list import PostListModel, PostListView

    n = ctx.size
    blog = store.get_blog(store.list_blogs()[0].id)
    conn = store.db.conn
    ids = store.post_ids(blog.id)
    rng = random.Random(n)
    results: list[Result] = []

    def screen_floor() -> None:
        conn.execute(_BARE_ROWS, [blog.id, SCREEN_ROWS, 0]).fetchall()

    floor_samples = sample(screen_floor, min_runs=20, budget_s=0.5)
    floor_name = f"bare SELECT of {SCREEN_ROWS} rows"

    # -- the post list widgets alone ----------------------------------------------------------
    shown: list[Any] = []

    def first_screen() -> None:
        view = PostListView()
        model = PostListModel(store, view)
        view.setModel(model)
        view.resize(420, 900)
        model.set_blog(blog.id, blog.timezone)
        watch = _PaintWatch(view.viewport())
        view.show()
        watch.wait(app)
        shown.append(view)

    def close_view() -> None:
        while shown:
            view = shown.pop()
            view.close()
            view.deleteLater()
        app.processEvents()

    samples = sample(first_screen, teardown=close_view, min_runs=5, max_runs=20, budget_s=3.0)
    results.append(make_result("first screen (post list widgets)", GROUP, n, samples,
                               floor_samples, floor_name=floor_name, target=FIRST_SCREEN))

    # -- the main window, once it exists ------------------------------------------------------
    try:
        main_window = importlib.import_module("desktop.main_window")
        window_class = main_window.MainWindow
    except (ImportError, AttributeError) as error:
        why = f"not available yet ({type(error).__name__}: {error})"
        results.append(Result.unavailable("open blog, first screen (main window)", GROUP, n, why,
                                          FIRST_SCREEN))
        results.append(Result.unavailable("switch the editor to another post (main window)",
                                          GROUP, n, why, SWITCH))
        return results

    windows: list[Any] = []
    settings = _settings(ctx)

    def close_windows() -> None:
        while windows:
            window = windows.pop()
            window.close()
            window.deleteLater()
        app.processEvents()

    try:
        window = window_class(store, settings)
        windows.append(window)
        window.resize(1280, 900)
        window.show()
        app.processEvents()
        post_list = window.post_list
        watches: list[_PaintWatch] = []

        def close_blog() -> None:
            window.open_blog(None)
            app.processEvents()
            watches.append(_PaintWatch(post_list.viewport()))

        def open_blog() -> None:
            window.open_blog(blog.id)
            watches[-1].wait(app)

        samples = sample(open_blog, setup=close_blog, min_runs=5, max_runs=20, budget_s=3.0)
        if post_list.model().rowCount() == 0:
            raise RuntimeError("the post list is empty after opening the blog")
        close_windows()
        results.append(make_result("open blog, first screen (main window)", GROUP, n, samples,
                                   floor_samples, floor_name=floor_name, target=FIRST_SCREEN))
    except Exception as error:  # report, do not fail the run
        close_windows()
        results.append(Result.unavailable("open blog, first screen (main window)", GROUP, n,
                                          f"failed: {type(error).__name__}: {error}",
                                          FIRST_SCREEN))

    try:
        results.append(_switch(app, store, window_class, settings, PostListView, ids, rng, n))
    except Exception as error:
        close_windows()
        results.append(Result.unavailable("switch the editor to another post (main window)",
                                          GROUP, n, f"failed: {type(error).__name__}: {error}",
                                          SWITCH))
    return results


def _settings(ctx: Context) -> Any:
    """Window settings in a throw-away file, so no run sees another's layout or last blog."""
    import tempfile

    from PySide6.QtCore import QSettings

    folder = Path(tempfile.mkdtemp(prefix="livedesk-bench-gui-"))
    return QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)


def _post_id_role() -> Any:
    from widgets.post_list import PostIdRole

    return PostIdRole


def _switch(app: Any, store: BlogStore, window_class: Any, settings: Any, list_class: Any,
            ids: list[int], rng: random.Random, n: int) -> Result:
    window = window_class(store, settings)
    window.resize(1280, 900)
    window.show()
    try:
        view = getattr(window, "post_list", None) or window.findChild(list_class)
        if view is None:
            raise LookupError("the main window has no PostListView")
        model = view.model()
        deadline = time.perf_counter() + 5
        while model.rowCount() < 2 and time.perf_counter() < deadline:
            app.processEvents()
        rows = min(model.rowCount(), 60)
        if rows < 2:
            raise LookupError("the post list shows fewer than two posts")
        app.processEvents()
        current = [0]

        def choose() -> None:
            row = rng.randrange(rows)
            while row == current[0]:
                row = rng.randrange(rows)
            current[0] = row

        PostIdRole = _post_id_role()
        select = getattr(window, "select_posts", None)
        editor = getattr(window, "editor", None)

        def switch() -> None:
            index = model.index(current[0], 0)
            if select is not None:
                select([model.data(index, PostIdRole)])
            else:
                view.setCurrentIndex(index)
            app.processEvents()
            window.repaint()

        def check() -> None:
            wanted = model.data(model.index(current[0], 0), PostIdRole)
            if editor is not None and hasattr(editor, "post_id") and editor.post_id() != wanted:
                raise RuntimeError("the editor did not switch to the selected post")

        samples = sample(switch, setup=choose, teardown=check, min_runs=10, max_runs=60,
                         budget_s=3.0)
        conn = store.db.conn
        floor = sample(lambda: conn.execute("SELECT * FROM posts WHERE id = ?",
                                            [rng.choice(ids)]).fetchall(), min_runs=20,
                       budget_s=0.5)
        return make_result("switch the editor to another post (main window)", GROUP, n, samples,
                           floor, floor_name="bare SELECT of one full row", target=SWITCH)
    finally:
        window.close()
        window.deleteLater()
        app.processEvents()
