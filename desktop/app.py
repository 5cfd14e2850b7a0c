"""The application: QApplication, opening (or creating) a store, and the windows.

``run_app`` is what ``python main.py`` calls. A store that cannot be opened is explained in a
dialog (never a traceback), with the choice to open another store, create one, or quit.
"""

from __future__ import annotations

import os
import sys
import tempfile
import traceback
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from storage import (
    BlogStore,
    NewerSchemaError,
    NotALivedeskStoreError,
    StorageFailure,
    StoreError,
    StoreLockedError,
)
from storage.lock import is_locked
from storage.paths import STORE_SUFFIX, default_store_path, location_warning

os.environ.setdefault("QT_API", "pyside6")

APP_NAME = "Livedesk"
ERROR_TITLES = {
    NotALivedeskStoreError: "Not a Livedesk store",
    NewerSchemaError: "Store made by a newer Livedesk",
    StorageFailure: "The store could not be opened",
    StoreLockedError: "The store is open in another Livedesk",
}


def sample_path() -> Path:
    from export.interchange import resources_dir

    return resources_dir() / "sample" / "sample-blog.json"


def local_timezone() -> str:
    """The computer's IANA time zone name, or UTC."""
    from PySide6.QtCore import QTimeZone

    name = bytes(QTimeZone.systemTimeZoneId().data()).decode("ascii", "ignore")
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return "UTC"
    return name


def fill_new_store(store: BlogStore, *, with_sample: bool) -> None:
    """Give a new store something to edit: the sample blog, or an empty "My live blog"."""
    if with_sample and sample_path().is_file():
        from export.interchange import import_file

        try:
            import_file(store, sample_path())
            return
        except StoreError as error:
            print(f"livedesk: the sample blog could not be imported: {error}", file=sys.stderr)
    store.create_blog("my-live-blog", "My live blog", timezone=local_timezone())


def create_store(path: Path, *, with_sample: bool) -> BlogStore:
    path.parent.mkdir(parents=True, exist_ok=True)
    store = BlogStore.create(path)
    try:
        fill_new_store(store, with_sample=with_sample)
    except StoreError:
        store.close()
        raise
    return store


def init_application() -> object:
    """The QApplication (created once) with the app's names and icon colours."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setDesktopFileName("livedesk")
    from PySide6.QtGui import QIcon

    from export.interchange import resources_dir

    icon = resources_dir() / "icons" / "livedesk.svg"
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    follow_palette_in_icons()
    return app


def follow_palette_in_icons() -> None:
    """Icons take the palette's text colour, so they read in dark mode too."""
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QApplication

    from widgets import icons

    palette = QApplication.palette()
    icons.set_palette_colors(
        palette.color(QPalette.ColorRole.ButtonText).name(),
        palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText).name())


class Launcher:
    """Opens stores and keeps their windows alive."""

    def __init__(self) -> None:
        self.windows: list[object] = []

    def open_store(self, path: Path, *, create_with_sample: bool = False) -> BlogStore | None:
        """Open (or, on first run, create) a store; ask what to do when it cannot be opened."""
        from PySide6.QtWidgets import QFileDialog

        from desktop.dialogs.messages import ask_store_failure

        while True:
            try:
                if create_with_sample and not path.exists():
                    return create_store(path, with_sample=True)
                return BlogStore.open(path)
            except StoreLockedError as error:
                choice = ask_store_failure(None, ERROR_TITLES[StoreLockedError], str(error),
                                           offer_read_only=True)
            except (NotALivedeskStoreError, NewerSchemaError, StorageFailure) as error:
                title = ERROR_TITLES.get(type(error), "The store could not be opened")
                offer = {"offer_backup": True} if self._has_backups(path) else {}
                choice = ask_store_failure(None, title, str(error), **offer)
            except StoreError as error:
                choice = ask_store_failure(None, "The store could not be opened", str(error))
            create_with_sample = False
            if choice == "backup":
                if self._restore_backup_of(path):
                    continue  # open the restored store
                choice = "quit"
            if choice == "read_only":
                try:
                    return BlogStore.open(path, read_only=True)
                except StoreError as error:
                    choice = ask_store_failure(None, "The store could not be opened",
                                               str(error))
            if choice == "open":
                chosen, _ = QFileDialog.getOpenFileName(
                    None, "Open Store", str(path.parent),
                    f"Livedesk stores (*{STORE_SUFFIX});;All files (*)")
                if not chosen:
                    return None
                path = Path(chosen)
            elif choice == "new":
                chosen, _ = QFileDialog.getSaveFileName(
                    None, "New Store", str(path.parent),
                    f"Livedesk stores (*{STORE_SUFFIX});;All files (*)")
                if not chosen:
                    return None
                path = Path(chosen if chosen.endswith(STORE_SUFFIX) else chosen + STORE_SUFFIX)
                if path.exists():
                    continue
                try:
                    return create_store(path, with_sample=False)
                except StoreError as error:
                    print(f"livedesk: {error}", file=sys.stderr)
                    continue
            else:
                return None

    @staticmethod
    def _has_backups(path: Path) -> bool:
        from storage.backup import backup_folder, list_backups

        return path.exists() and bool(list_backups(backup_folder(path)))

    @staticmethod
    def _restore_backup_of(path: Path) -> bool:
        """Let the editor pick a backup of a store that cannot be opened, and put it in place
        (the damaged file is kept aside, never deleted)."""
        from desktop.backups_dialog import RestoreBackupDialog
        from desktop.dialogs.messages import show_error
        from storage.backup import backup_folder, restore_backup

        chosen = RestoreBackupDialog.ask(None, backup_folder(path))
        if chosen is None:
            return False
        try:
            restore_backup(chosen, path)
        except StoreError as error:
            show_error(None, "Restore failed", str(error))
            return False
        return True

    def show_window(self, store: BlogStore, *, deferred: bool = False) -> object:
        """A main window on ``store``; ``deferred``: the work a first screen does not need
        waits for ``MainWindow.finish_startup`` (see ``StartupSequence``)."""
        from desktop.main_window import MainWindow

        window = MainWindow(store, defer_startup=deferred)
        window.owns_store = True
        window.remember_store()
        window.store_requested.connect(lambda p, w=window: self.switch(w, Path(p), new=False))
        window.new_store_requested.connect(lambda p, w=window: self.switch(w, Path(p), new=True))
        window.show()
        self.windows.append(window)
        self._watch_for_second_instances(window, store)
        if not deferred:
            window.backup_in_background("open")  # else one of the window's start-up steps
        warning = location_warning(store.path) if store.path is not None else None
        if warning:
            window.statusBar().showMessage(warning, 30_000)
        return window

    def _watch_for_second_instances(self, window: object, store: BlogStore) -> None:
        """A Livedesk started later on the same store raises this window instead."""
        if store.path is None or store.read_only:
            return
        from desktop.single_instance import InstanceServer

        server = InstanceServer(store.path, window)  # type: ignore[arg-type]

        def bring_to_front() -> None:
            window.showNormal()  # type: ignore[attr-defined]
            window.raise_()  # type: ignore[attr-defined]
            window.activateWindow()  # type: ignore[attr-defined]

        server.raise_requested.connect(bring_to_front)
        window.destroyed.connect(server.close)  # type: ignore[attr-defined]

    def switch(self, old: object, path: Path, *, new: bool) -> None:
        """Open another store in a new window and close the old one (if it worked)."""
        from desktop.dialogs.messages import show_error

        try:
            if new:
                if path.exists():
                    raise NotALivedeskStoreError(f"{path} already exists.")
                store = create_store(path, with_sample=False)
            else:
                store = BlogStore.open(path)
        except StoreError as error:
            title = ERROR_TITLES.get(type(error), "The store could not be opened")
            show_error(old, title, str(error))  # type: ignore[arg-type]
            return
        window = self.show_window(store)
        old.close()  # type: ignore[attr-defined]
        if old in self.windows:
            self.windows.remove(old)
        del window


def run_app(store_path: Path | None, self_test: bool) -> int:
    """Start the GUI on a store (default: the user's library) and run until it closes."""
    if self_test:
        return run_self_test()
    app = init_application()
    from desktop.crash_guard import CrashGuard

    launcher = Launcher()
    guard = CrashGuard(lambda: launcher.windows[-1] if launcher.windows else None)  # type: ignore
    guard.install()
    first_run = store_path is None and not default_store_path().exists()
    path = store_path if store_path is not None else default_store_path()
    if path.exists() and is_locked(path):
        from desktop.single_instance import ask_running_instance

        if ask_running_instance(path):
            print(f"livedesk: {path} is open in a Livedesk window; brought it to the front.",
                  file=sys.stderr)
            return 0
    store = launcher.open_store(path, create_with_sample=first_run)
    if store is None:
        return 1
    from widgets import icons

    icons.hold()  # the window shows first; its icons follow (StartupSequence)
    window = launcher.show_window(store, deferred=True)
    _close_windows_on_signals(app, launcher)
    StartupSequence(app, window, report=os.environ.get("LIVEDESK_REPORT_STARTUP") == "1")
    try:
        return int(app.exec())  # type: ignore[attr-defined]
    finally:
        guard.uninstall()


def _started() -> float:
    """When the process started its Python code (``main.STARTED``), by ``time.monotonic``."""
    import time

    for name in ("__main__", "main"):
        started = getattr(sys.modules.get(name), "STARTED", None)
        if isinstance(started, float):
            return started
    return time.monotonic()


class StartupSequence:
    """What follows the main window's first paint: the icons, then the window's deferred work
    (``MainWindow.finish_startup``), each in its own turn of the event loop so the window stays
    responsive.

    Once that work is done (the spelling dictionary loaded and the post on screen checked) the
    memory the loading freed is handed back to the system (``return_freed_memory``).

    With ``report`` (``LIVEDESK_REPORT_STARTUP=1``, for ``make bench`` and the installer build)
    it prints ``startup-ms <n>`` at the first paint (milliseconds since the process started its
    Python code), then, once settled, ``settled-ms <n>`` and ``rss-kib <n>`` (the resident
    memory of the app at work with the blog open), and quits.
    """

    #: A window that is never painted (started minimised) still gets its icons and the rest.
    FALLBACK_MS = 3000
    #: Give up waiting for ``settled`` after this long (a report is still printed).
    SETTLE_LIMIT_S = 30.0

    def __init__(self, app: object, window: object, *, report: bool) -> None:
        from PySide6.QtCore import QEvent, QObject, QTimer

        self.app = app
        self.window = window
        self.report = report
        self.painted = False
        self.settled = False
        sequence = self

        class FirstPaint(QObject):
            def eventFilter(self, watched: QObject, event: QEvent) -> bool:
                if event.type() == QEvent.Type.Paint and not sequence.painted:
                    QTimer.singleShot(0, sequence.first_paint_done)
                return False

        self._filter = FirstPaint(window)  # type: ignore[arg-type]
        app.installEventFilter(self._filter)  # type: ignore[attr-defined]
        QTimer.singleShot(self.FALLBACK_MS, self._filter, self.first_paint_done)

    def _print(self, key: str) -> None:
        import time

        line = f"{key} {(time.monotonic() - _started()) * 1000:.0f}"
        print(line, flush=True)  # make bench reads stdout
        print(line, file=sys.stderr, flush=True)  # the installer build reads stderr

    def first_paint_done(self) -> None:
        from PySide6.QtCore import QTimer

        from widgets import icons

        if self.painted:
            return
        self.painted = True
        self.app.removeEventFilter(self._filter)  # type: ignore[attr-defined]
        if self.report:
            self._print("startup-ms")
        steps = [icons.release, *self.window.finish_startup()]  # type: ignore[attr-defined]

        def run_next() -> None:
            if steps:
                steps.pop(0)()
                QTimer.singleShot(0, self._filter, run_next)
            else:
                self._wait_until_settled()

        QTimer.singleShot(0, self._filter, run_next)

    def _wait_until_settled(self) -> None:
        import time

        from PySide6.QtCore import QTimer

        limit = time.monotonic() + self.SETTLE_LIMIT_S

        def poll() -> None:
            if not self.window.startup_settled() and time.monotonic() < limit:  # type: ignore
                QTimer.singleShot(20, self._filter, poll)
                return
            self.settled = True
            return_freed_memory()
            if self.report:
                self._print("settled-ms")
                print(f"rss-kib {resident_kib()}", flush=True)
                self.window.close()  # type: ignore[attr-defined]
                self.app.quit()  # type: ignore[attr-defined]

        poll()


def return_freed_memory() -> None:
    """Hand the memory that loading freed back to the system. Python keeps freed blocks for
    reuse, and glibc's allocator keeps freed pages unless asked: reading the spelling dictionary
    (a 160,000-word JSON document turned into a dict) leaves about 13 MiB of them behind."""
    import ctypes
    import ctypes.util
    import gc

    gc.collect()
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.malloc_trim(0)
    except (OSError, AttributeError):  # not glibc (musl has no malloc_trim): nothing to do
        pass


def resident_kib() -> int:
    """This process's resident memory in KiB (0 where it cannot be read)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    try:
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return int(peak // 1024 if sys.platform == "darwin" else peak)
    except (ImportError, OSError):
        return 0


def _close_windows_on_signals(app: object, launcher: Launcher) -> None:
    """Ctrl+C, SIGTERM and the session ending close the windows properly, so that the last
    typing is saved and the store is closed."""
    import signal

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    def close_all(*_args: object) -> None:
        QApplication.closeAllWindows()

    signal.signal(signal.SIGINT, close_all)
    signal.signal(signal.SIGTERM, close_all)
    # Python runs signal handlers only between bytecodes: wake it up now and then.
    ticker = QTimer(app)  # type: ignore[arg-type]
    ticker.timeout.connect(lambda: None)
    ticker.start(300)
    app.aboutToQuit.connect(  # type: ignore[attr-defined]
        lambda: [w.close() for w in list(launcher.windows)])  # type: ignore[attr-defined]


def _self_test_spelling(store: BlogStore, post_id: int) -> None:
    """The bundled dictionaries load and find a planted misspelling, and not the real words."""
    from export.spelling import SpellingEngine

    post = store.get_post(post_id)
    engine = SpellingEngine("en", store.dictionary_words())
    found = {m.word for m in engine.misspellings(post.body + " The floodwatter rose.")}
    if found != {"floodwatter"}:
        raise RuntimeError(f"spellcheck of a sample post found {sorted(found)}, expected "
                           "['floodwatter']")
    if "floodwater" not in [w.lower() for w in engine.suggestions("floodwatter")]:
        raise RuntimeError("spellcheck suggested nothing for 'floodwatter'")


def _self_test_export(store: BlogStore, blog_id: int | None, folder: Path) -> None:
    """The export templates and renderers ship: the sample becomes a valid-looking page."""
    if blog_id is None:
        raise RuntimeError("no blog is open")
    from export.interchange import blog_document
    from export.pipeline import export_to_file, render_document
    from export.style import HouseStyle

    doc = blog_document(store, blog_id)
    text = render_document(doc, "html", HouseStyle.from_settings(store.settings()),
                           store.get_media_file)
    page = folder / "self-test.html"
    export_to_file(text, page, fmt="html")
    written = page.read_text(encoding="utf-8")
    if not written.startswith("<!DOCTYPE html>") or "application/ld+json" not in written \
            or doc["blog"]["title"].split(":")[0] not in written:
        raise RuntimeError("the exported page is incomplete")


def run_self_test() -> int:
    """Open the main window offscreen on a temporary store with the sample, select a post,
    close. 0 when all went well, else 1 with the reason on stderr."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        from PySide6.QtCore import QSettings

        init_application()
        from desktop.main_window import MainWindow

        with tempfile.TemporaryDirectory(prefix="livedesk-self-test-") as folder:
            store = create_store(Path(folder) / f"self-test{STORE_SUFFIX}", with_sample=True)
            settings = QSettings(str(Path(folder) / "settings.ini"), QSettings.Format.IniFormat)
            window = MainWindow(store, settings)
            try:
                window.show()
                rows = window.post_model.rowCount()
                if rows == 0:
                    raise RuntimeError("the sample blog shows no posts")
                target = window.post_model.post_id_at(min(1, rows - 1))
                window.select_posts([target])
                if window.editor.post_id() != target:
                    raise RuntimeError("selecting a post did not load it into the editor")
                from widgets import icons

                if icons.icon("fa5s.search").isNull():
                    raise RuntimeError("the icon font (Font Awesome 5 Solid) did not load")
                _self_test_spelling(store, target)
                _self_test_export(store, window.current_blog_id, Path(folder))
                window.close()
            finally:
                window.deleteLater()
                store.close()
    except Exception as error:
        traceback.print_exc(file=sys.stderr)
        print(f"livedesk self-test FAILED: {error}", file=sys.stderr)
        return 1
    print("livedesk self-test passed", file=sys.stderr)
    return 0
