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
from storage.paths import STORE_SUFFIX, default_store_path

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
                choice = ask_store_failure(None, title, str(error))
            except StoreError as error:
                choice = ask_store_failure(None, "The store could not be opened", str(error))
            create_with_sample = False
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

    def show_window(self, store: BlogStore) -> object:
        from desktop.main_window import MainWindow

        window = MainWindow(store)
        window.owns_store = True
        window.remember_store()
        window.store_requested.connect(lambda p, w=window: self.switch(w, Path(p), new=False))
        window.new_store_requested.connect(lambda p, w=window: self.switch(w, Path(p), new=True))
        window.show()
        self.windows.append(window)
        return window

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
    launcher = Launcher()
    first_run = store_path is None and not default_store_path().exists()
    path = store_path if store_path is not None else default_store_path()
    store = launcher.open_store(path, create_with_sample=first_run)
    if store is None:
        return 1
    launcher.show_window(store)
    _close_windows_on_signals(app, launcher)
    return int(app.exec())  # type: ignore[attr-defined]


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
