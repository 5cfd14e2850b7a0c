"""Undo commands for topic tags: a post's tags, and the tag manager's rename, merge, delete and
colour. Each redo/undo is one store call or one ``store.transaction()``, written at once."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QUndoCommand

from storage import BlogStore, Tag


def _tag_names(store: BlogStore) -> dict[str, Tag]:
    return {tag.name.casefold(): tag for tag in store.list_tags()}


class SetPostTags(QUndoCommand):
    """Give a post a new list of tags. Undo also removes the tags this command created (when no
    other post uses them by then), so that undoing a typo leaves no stray tag behind."""

    def __init__(self, store: BlogStore, post_id: int, new: Sequence[str],
                 old: Sequence[str]) -> None:
        super().__init__("Tag post")
        self.store = store
        self.post_id = post_id
        self.new = list(new)
        self.old = list(old)
        self.created: list[Tag] = []
        self.removed: list[Tag] = []

    def redo(self) -> None:
        before = _tag_names(self.store)
        with self.store.transaction():
            for tag in self.removed:  # redo after undo: the same tags again, same ids
                if tag.name.casefold() not in before:
                    self.store.restore_tag(tag, [])
            self.store.set_post_tags(self.post_id, self.new)
            after = _tag_names(self.store)
        if not self.removed:
            self.created = [after[key] for key in after if key not in before]

    def undo(self) -> None:
        self.removed = []
        with self.store.transaction():
            self.store.set_post_tags(self.post_id, self.old)
            if self.created:
                existing = _tag_names(self.store)
                for created in self.created:
                    tag = existing.get(created.name.casefold())
                    if tag is not None and tag.id == created.id and tag.posts == 0:
                        self.store.delete_tag(tag.id)
                        self.removed.append(tag)


class CreateTag(QUndoCommand):
    """A new tag with no posts yet (the tag manager's "New tag")."""

    def __init__(self, store: BlogStore, name: str, color: str | None = None) -> None:
        super().__init__("Create tag")
        self.store = store
        self.name = name
        self.color = color
        self.tag: Tag | None = None

    def redo(self) -> None:
        if self.tag is None:
            self.tag = self.store.create_tag(self.name, self.color)
        else:
            self.store.restore_tag(self.tag, [])

    def undo(self) -> None:
        assert self.tag is not None
        self.store.delete_tag(self.tag.id)


class RenameTag(QUndoCommand):
    def __init__(self, store: BlogStore, tag_id: int, new_name: str) -> None:
        super().__init__("Rename tag")
        self.store = store
        self.tag_id = tag_id
        self.new_name = new_name
        self.old_name = store.get_tag(tag_id).name

    def redo(self) -> None:
        self.store.rename_tag(self.tag_id, self.new_name)

    def undo(self) -> None:
        self.store.rename_tag(self.tag_id, self.old_name)


class MergeTags(QUndoCommand):
    """Merge one or more source tags into ``target_id``: every post of a source gets the target
    (once) and the sources are deleted. Undo restores the sources with their links and takes the
    target off the posts that did not have it before."""

    def __init__(self, store: BlogStore, source_ids: Sequence[int], target_id: int) -> None:
        super().__init__("Merge tags")
        self.store = store
        self.source_ids = [i for i in dict.fromkeys(source_ids) if i != target_id]
        self.target_id = target_id
        self.sources: list[tuple[Tag, list[tuple[int, int]]]] = []
        self.added: list[int] = []

    def redo(self) -> None:
        with self.store.transaction():
            had = {post_id for post_id, _ord in self.store.tag_links(self.target_id)}
            self.sources = []
            for source_id in self.source_ids:
                self.sources.append((self.store.get_tag(source_id),
                                     self.store.tag_links(source_id)))
                self.store.merge_tags(source_id, self.target_id)
            now = {post_id for post_id, _ord in self.store.tag_links(self.target_id)}
        self.added = sorted(now - had)

    def undo(self) -> None:
        with self.store.transaction():
            for tag, links in reversed(self.sources):
                self.store.restore_tag(tag, links)
            if self.added:
                self.store.unlink_tag(self.target_id, self.added)


class DeleteTags(QUndoCommand):
    """Delete tags from every post; undo puts them back with their links, ids and colours."""

    def __init__(self, store: BlogStore, tag_ids: Sequence[int]) -> None:
        super().__init__("Delete tag")
        self.store = store
        self.tag_ids = list(dict.fromkeys(tag_ids))
        self.deleted: list[tuple[Tag, list[tuple[int, int]]]] = []

    def redo(self) -> None:
        with self.store.transaction():
            self.deleted = []
            for tag_id in self.tag_ids:
                self.deleted.append((self.store.get_tag(tag_id), self.store.tag_links(tag_id)))
                self.store.delete_tag(tag_id)

    def undo(self) -> None:
        with self.store.transaction():
            for tag, links in reversed(self.deleted):
                self.store.restore_tag(tag, links)


class DeleteTag(DeleteTags):
    """Delete one tag (see :class:`DeleteTags`)."""

    def __init__(self, store: BlogStore, tag_id: int) -> None:
        super().__init__(store, [tag_id])


class ChangeTagColour(QUndoCommand):
    def __init__(self, store: BlogStore, tag_id: int, new: str | None,
                 old: str | None = None) -> None:
        super().__init__("Change tag colour")
        self.store = store
        self.tag_id = tag_id
        self.new = new
        self.old = store.get_tag(tag_id).color if old is None else old

    def redo(self) -> None:
        self.store.set_tag_color(self.tag_id, self.new)

    def undo(self) -> None:
        self.store.set_tag_color(self.tag_id, self.old)
