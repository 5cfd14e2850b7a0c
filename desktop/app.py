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
    """qtawesome icons take the palette's text colour, so they read in dark mode too."""
    import qtawesome
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QApplication

    palette = QApplication.palette()
    qtawesome.reset_cache()
    qtawesome.set_defaults(
        color=palette.color(QPalette.ColorRole.ButtonText).name(),
        color_disabled=palette.color(QPalette.ColorGroup.Disabled,
                                     QPalette.ColorRole.ButtonText).name())


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

    def show_window(self, store: BlogStore) -> object:
        from desktop.main_window import MainWindow

        window = MainWindow(store)
        window.owns_store = True
        window.remember_store()
        window.store_requested.connect(lambda p, w=window: self.switch(w, Path(p), new=False))
        window.new_store_requested.connect(lambda p, w=window: self.switch(w, Path(p), new=True))
        window.show()
        self.windows.append(window)
        self._watch_for_second_instances(window, store)
        window.backup_in_background("open")
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
    window = launcher.show_window(store)
    _close_windows_on_signals(app, launcher)
    if os.environ.get("LIVEDESK_REPORT_STARTUP") == "1":
        report_startup(app, window)
    try:
        return int(app.exec())  # type: ignore[attr-defined]
    finally:
        guard.uninstall()


def report_startup(app: object, window: object) -> None:
    """For the benchmark and the installer build: after the main window's first paint, print
    ``startup-ms <n>`` (milliseconds since the process started its Python code) and quit."""
    import time

    from PySide6.QtCore import QEvent, QObject, QTimer

    started = getattr(sys.modules.get("__main__"), "STARTED", None)
    if started is None:
        started = getattr(sys.modules.get("main"), "STARTED", time.monotonic())

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                app.removeEventFilter(self)  # type: ignore[attr-defined]
                QTimer.singleShot(0, done)
            return False

    def done() -> None:
        line = f"startup-ms {(time.monotonic() - started) * 1000:.0f}"
        print(line, flush=True)  # make bench reads stdout
        print(line, file=sys.stderr, flush=True)  # the installer build reads stderr
        window.close()  # type: ignore[attr-defined]
        app.quit()  # type: ignore[attr-defined]

    watcher = FirstPaint(app)  # type: ignore[arg-type]
    app.installEventFilter(watcher)  # type: ignore[attr-defined]


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
