"""Undo commands for a blog's key points ("What we covered here").

Every command writes the store at once (that is the autosave) and calls it once per redo/undo.
Deleting a key point and undoing the delete gives it a new row id; the :class:`KeyPointIds` table
of the store remembers which id replaced which, so that older commands on the stack (an edit made
before the delete, say) still find their key point.
"""

from __future__ import annotations

import itertools
import weakref
from typing import ClassVar

from PySide6.QtGui import QUndoCommand

from storage import BlogStore

#: ``QUndoCommand.id()`` of key-point edits, so that one editing session is one undo step.
EDIT_COMMAND_ID = 4101
_sessions = itertools.count(1)


def new_edit_session() -> int:
    """A token shared by the commands of one inline editing session (merged into one step)."""
    return next(_sessions)


class KeyPointIds:
    """Which key point id replaced which after an undone delete (per store)."""

    _tables: ClassVar[weakref.WeakKeyDictionary[BlogStore, dict[int, int]]] = (
        weakref.WeakKeyDictionary())

    @classmethod
    def table(cls, store: BlogStore) -> dict[int, int]:
        return cls._tables.setdefault(store, {})

    @classmethod
    def resolve(cls, store: BlogStore, item_id: int) -> int:
        table = cls.table(store)
        seen = set()
        while item_id in table and item_id not in seen:
            seen.add(item_id)
            item_id = table[item_id]
        return item_id

    @classmethod
    def replaced(cls, store: BlogStore, old_id: int, new_id: int) -> None:
        table = cls.table(store)
        table[cls.resolve(store, old_id)] = new_id


class _KeyPointCommand(QUndoCommand):
    def __init__(self, store: BlogStore, text: str) -> None:
        super().__init__(text)
        self.store = store

    def _current(self, item_id: int) -> int:
        return KeyPointIds.resolve(self.store, item_id)


class AddKeyPoint(_KeyPointCommand):
    """Add a key point at the end of the blog's list, or right after ``after``."""

    def __init__(self, store: BlogStore, blog_id: int, text: str, *, after: int | None = None,
                 session: int | None = None) -> None:
        super().__init__(store, "Add key point")
        self.blog_id = blog_id
        self.item_text = text
        self.after = after
        self.session = session
        self.item_id: int | None = None
        self.position: str | None = None

    def redo(self) -> None:
        if self.position is None:
            after = None if self.after is None else self._current(self.after)
            item = self.store.add_summary_item(self.blog_id, self.item_text, after=after)
            self.item_id, self.position = item.id, item.position
        else:
            item = self.store.add_summary_item(self.blog_id, self.item_text,
                                               position=self.position)
            assert self.item_id is not None
            KeyPointIds.replaced(self.store, self.item_id, item.id)

    def undo(self) -> None:
        assert self.item_id is not None
        self.store.delete_summary_item(self._current(self.item_id))

    def id(self) -> int:
        return EDIT_COMMAND_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        """Typing into a key point just added is part of adding it."""
        if (isinstance(other, EditKeyPoint) and self.session is not None
                and other.session == self.session and self.item_id is not None
                and self._current(other.item_id) == self._current(self.item_id)):
            self.item_text = other.new_text
            return True
        return False


class EditKeyPoint(_KeyPointCommand):
    """Change a key point's Markdown text."""

    def __init__(self, store: BlogStore, item_id: int, new_text: str, old_text: str, *,
                 session: int | None = None) -> None:
        super().__init__(store, "Edit key point")
        self.item_id = item_id
        self.new_text = new_text
        self.old_text = old_text
        self.session = session

    def redo(self) -> None:
        self.store.update_summary_item(self._current(self.item_id), self.new_text)

    def undo(self) -> None:
        self.store.update_summary_item(self._current(self.item_id), self.old_text)

    def id(self) -> int:
        return EDIT_COMMAND_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        """The commits of one inline editing session (pauses, closing) are one undo step."""
        if (isinstance(other, EditKeyPoint) and self.session is not None
                and other.session == self.session
                and self._current(other.item_id) == self._current(self.item_id)):
            self.new_text = other.new_text
            if self.new_text == self.old_text:
                self.setObsolete(True)
            return True
        return False


class DeleteKeyPoint(_KeyPointCommand):
    def __init__(self, store: BlogStore, item_id: int) -> None:
        super().__init__(store, "Delete key point")
        self.item_id = item_id
        self.blog_id: int | None = None
        self.item_text = ""
        self.position = ""

    def redo(self) -> None:
        item = self.store.delete_summary_item(self._current(self.item_id))
        self.blog_id, self.item_text, self.position = item.blog_id, item.text, item.position

    def undo(self) -> None:
        assert self.blog_id is not None
        item = self.store.add_summary_item(self.blog_id, self.item_text, position=self.position)
        KeyPointIds.replaced(self.store, self.item_id, item.id)


class MoveKeyPoint(_KeyPointCommand):
    """Move a key point right after ``after`` (``None``: to the top)."""

    def __init__(self, store: BlogStore, blog_id: int, item_id: int, after: int | None) -> None:
        super().__init__(store, "Move key point")
        self.blog_id = blog_id
        self.item_id = item_id
        self.after = after
        self.old_position: str | None = None
        self.new_position: str | None = None

    def redo(self) -> None:
        current = self._current(self.item_id)
        if self.new_position is None:
            self.old_position = next(i.position for i in self.store.list_summary(self.blog_id)
                                     if i.id == current)
            after = None if self.after is None else self._current(self.after)
            self.new_position = self.store.move_summary_item(current, after=after)
        else:
            self.store.move_summary_item(current, position=self.new_position)

    def undo(self) -> None:
        assert self.old_position is not None
        self.store.move_summary_item(self._current(self.item_id), position=self.old_position)
