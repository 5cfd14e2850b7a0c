"""Every command of the main window as one QAction: texts, shortcuts and icons in one place.

The main window builds the collection once (``build_actions``), puts the actions in its menus and
toolbar, and connects them in its ``_connect`` block. Tests and other engineers reach an action
by name: ``window.actions["new_post"]`` or ``window.actions.new_post``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence

from widgets import icons

os.environ.setdefault("QT_API", "pyside6")


@dataclass(frozen=True)
class ActionSpec:
    text: str
    shortcuts: tuple[str | QKeySequence.StandardKey, ...] = ()
    icon: str | None = None
    tip: str = ""
    checkable: bool = False
    #: Only while the post list has the focus (Delete must not steal the editor's key).
    list_only: bool = False


SK = QKeySequence.StandardKey

SPECS: dict[str, ActionSpec] = {
    # File
    "new_store": ActionSpec("&New Store…", (), "fa5s.database",
                            "Create an empty store file for another newsroom or project"),
    "open_store": ActionSpec("&Open Store…", (SK.Open,), "fa5s.folder-open",
                             "Open another Livedesk store file"),
    "new_blog": ActionSpec("New &Blog…", ("Ctrl+Shift+N",), "fa5s.plus-square",
                           "Start a new live blog in this store"),
    "blog_properties": ActionSpec("Blog &Properties…", ("Ctrl+Shift+B",), "fa5s.sliders-h",
                                  "Title, slug, language, time zone, status, coverage, byline"),
    "export": ActionSpec("&Export…", ("Ctrl+Shift+E",), "fa5s.file-export",
                         "Export the blog for the CMS: HTML page, fragment, JSON, ninjs or Atom"),
    "open_in_browser": ActionSpec("Open Page in &Browser", ("Ctrl+Shift+O",),
                                  "fa5s.external-link-alt",
                                  "Export the page to a temporary file and open it in your "
                                  "web browser"),
    "restore_backup": ActionSpec("Restore from Bac&kup…", (), "fa5s.history",
                                 "Go back to one of the store's automatic backups"),
    "save_now": ActionSpec("&Save Now", (SK.Save,), "fa5s.save",
                           "Everything is saved automatically; this saves the typing at once"),
    "quit": ActionSpec("&Quit", (SK.Quit,), "fa5s.sign-out-alt", "Close Livedesk"),
    # Edit
    "find": ActionSpec("&Find Posts…", (SK.Find,), "fa5s.search",
                       "Search the blog's posts"),
    # Post
    "new_post": ActionSpec("&New Post", (SK.New,), "fa5s.plus",
                           "Write a new post at the top of the blog"),
    "publish": ActionSpec("&Publish", ("Ctrl+Shift+P",), "fa5s.paper-plane",
                          "Publish the current post, or turn it back into a draft",
                          checkable=True),
    "pin": ActionSpec("P&in to Top", ("Ctrl+T",), "fa5s.thumbtack",
                      "Pin the selected posts above all others, or unpin them",
                      checkable=True),
    "move_up": ActionSpec("Move &Up", ("Alt+Up",), "fa5s.arrow-up",
                          "Move the selected posts one place up"),
    "move_down": ActionSpec("Move &Down", ("Alt+Down",), "fa5s.arrow-down",
                            "Move the selected posts one place down"),
    "move_top": ActionSpec("Move to &Top", ("Alt+Home",), "fa5s.angle-double-up",
                           "Move the selected posts to the top of their group"),
    "resort": ActionSpec("&Re-sort Newest First", (), "fa5s.sort-amount-down",
                         "Order every post by publish time, newest first"),
    "duplicate": ActionSpec("D&uplicate", ("Ctrl+D",), "fa5s.clone",
                            "Make a draft copy of the current post"),
    "delete": ActionSpec("&Delete…", (SK.Delete,), "fa5s.trash-alt",
                         "Delete the selected posts (undoable)", list_only=True),
    "revisions": ActionSpec("&Revisions…", ("Ctrl+Shift+H",), "fa5s.history",
                            "Earlier versions of the current post"),
    "add_key_point": ActionSpec("Add as &Key Point", ("Ctrl+Alt+K",), "fa5s.list-ul",
                                "Add a key point to 'What we covered here' linking to this post"),
    "dictionary": ActionSpec("Newsroom &Dictionary…", (), "fa5s.book",
                             "The words every blog of this store accepts: names, places, terms"),
    "manage_tags": ActionSpec("Manage &Tags…", (), "fa5s.tags",
                              "Rename, merge, colour and delete the library's tags"),
    "check_spelling": ActionSpec("Check &Spelling", ("F7",), "fa5s.spell-check",
                                 "Underline misspelt words as you type", checkable=True),
    # Go
    "next_post": ActionSpec("&Next Post", ("Ctrl+PgDown",), "fa5s.chevron-down",
                            "Show the post below"),
    "previous_post": ActionSpec("&Previous Post", ("Ctrl+PgUp",), "fa5s.chevron-up",
                                "Show the post above"),
    "focus_list": ActionSpec("Go to Post &List", ("Ctrl+L",), None,
                             "Put the keyboard focus on the post list"),
    "focus_editor": ActionSpec("Go to &Editor", ("Ctrl+E",), None,
                               "Put the keyboard focus on the current post's headline"),
}


class Actions:
    """The window's actions by name: ``actions.new_post`` or ``actions["new_post"]``."""

    def __init__(self) -> None:
        self._by_name: dict[str, QAction] = {}

    def add(self, name: str, action: QAction) -> QAction:
        action.setObjectName(f"action_{name}")
        self._by_name[name] = action
        return action

    def __getitem__(self, name: str) -> QAction:
        return self._by_name[name]

    def __getattr__(self, name: str) -> QAction:
        try:
            return self.__dict__["_by_name"][name]
        except KeyError:
            raise AttributeError(name) from None

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_name)

    def items(self) -> list[tuple[str, QAction]]:
        return list(self._by_name.items())


def make_icon(name: str) -> object:
    """An icon that follows the palette (light and dark)."""
    from widgets import icons

    return icons.icon(name)


def build_actions(parent: QObject) -> Actions:
    """Create every action of ``SPECS`` as a child of ``parent``."""
    actions = Actions()
    for name, spec in SPECS.items():
        action = QAction(spec.text, parent)
        if spec.icon:
            icons.set_icon(action, spec.icon)
        shortcuts: list[QKeySequence] = []
        for shortcut in spec.shortcuts:
            if isinstance(shortcut, str):
                shortcuts.append(QKeySequence(shortcut))
            else:
                shortcuts.extend(QKeySequence.keyBindings(shortcut))
        if shortcuts:
            action.setShortcuts(shortcuts)
        if spec.list_only:
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        tip = spec.tip
        if shortcuts:
            tip = f"{tip} ({shortcuts[0].toString(QKeySequence.SequenceFormat.NativeText)})"
        action.setToolTip(tip)
        action.setStatusTip(spec.tip)
        action.setCheckable(spec.checkable)
        actions.add(name, action)
    return actions
