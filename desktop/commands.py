"""Undoable edits: each command's redo and undo is one store call (one transaction).

Commands never touch widgets. After each redo or undo they call ``select(blog_id, post_ids)`` so
that the main window can show the posts the change affected; views refresh from the store's
change signals. A store error inside redo or undo is kept in ``error`` and the command marks
itself obsolete, so QUndoStack drops it instead of keeping a step that did not happen.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtGui import QUndoCommand

from storage import BlogStore, Contributor, Media, StoreError

#: ``select(blog_id, post_ids)``: show these posts after a change (empty: keep the selection).
SelectFn = Callable[[int | None, list[int]], None]

#: Every structural command gets its own id so that QUndoStack never merges two of them.
NO_MERGE = -1


def quote(text: str, limit: int = 40) -> str:
    text = " ".join(text.split()) or "untitled post"
    return f"“{text[:limit - 1]}…”" if len(text) > limit else f"“{text}”"


class StoreCommand(QUndoCommand):
    """Base: runs ``_redo``/``_undo`` and reports errors instead of raising into Qt."""

    def __init__(self, store: BlogStore, text: str, select: SelectFn | None = None) -> None:
        super().__init__(text)
        self.store = store
        self.select = select
        self.error: StoreError | None = None
        self.blog_id: int | None = None
        self.affected: list[int] = []

    def _redo(self) -> None:
        raise NotImplementedError

    def _undo(self) -> None:
        raise NotImplementedError

    def _run(self, action: Callable[[], None]) -> None:
        self.error = None
        try:
            action()
        except StoreError as error:
            self.error = error
            self.setObsolete(True)
            return
        if self.select is not None:
            self.select(self.blog_id, list(self.affected))

    def redo(self) -> None:
        self._run(self._redo)

    def undo(self) -> None:
        self._run(self._undo)


class CreatePost(StoreCommand):
    """A new post at the top of the blog (or at a given key)."""

    def __init__(self, store: BlogStore, blog_id: int, select: SelectFn | None = None,
                 **fields: Any) -> None:
        super().__init__(store, "New post", select)
        self.blog_id = blog_id
        self.fields = fields
        self.post_id: int | None = None

    def _redo(self) -> None:
        if self.post_id is None:
            self.post_id = self.store.create_post(self.blog_id or 0, **self.fields).id
        else:
            self.store.restore_posts([self.post_id])
        self.affected = [self.post_id]

    def _undo(self) -> None:
        assert self.post_id is not None
        self.store.delete_posts([self.post_id])
        self.affected = []


class DeletePosts(StoreCommand):
    def __init__(self, store: BlogStore, post_ids: Sequence[int],
                 select: SelectFn | None = None) -> None:
        ids = list(post_ids)
        if len(ids) == 1:
            text = f"Delete {quote(store.get_post(ids[0]).headline)}"
        else:
            text = f"Delete {len(ids)} posts"
        super().__init__(store, text, select)
        self.post_ids = ids
        self.blog_id = store.get_post(ids[0]).blog_id if ids else None

    def _redo(self) -> None:
        self.store.delete_posts(self.post_ids)
        self.affected = []

    def _undo(self) -> None:
        self.store.restore_posts(self.post_ids)
        self.affected = list(self.post_ids)


class DuplicatePost(StoreCommand):
    """A draft copy right below the original."""

    def __init__(self, store: BlogStore, post_id: int, select: SelectFn | None = None) -> None:
        post = store.get_post(post_id)
        super().__init__(store, f"Duplicate {quote(post.headline)}", select)
        self.source_id = post_id
        self.blog_id = post.blog_id
        self.copy_id: int | None = None

    def _redo(self) -> None:
        if self.copy_id is None:
            self.copy_id = self.store.duplicate_post(self.source_id).id
        else:
            self.store.restore_posts([self.copy_id])
        self.affected = [self.copy_id]

    def _undo(self) -> None:
        assert self.copy_id is not None
        self.store.delete_posts([self.copy_id])
        self.affected = [self.source_id]


class MovePosts(StoreCommand):
    """Move posts, keeping their relative order, right after ``after``, right before ``before``,
    or (neither) to the top of their group. Undo puts back their old keys."""

    def __init__(self, store: BlogStore, post_ids: Sequence[int], *, after: int | None = None,
                 before: int | None = None, select: SelectFn | None = None,
                 text: str | None = None) -> None:
        ids = list(post_ids)
        if text is None:
            text = (f"Move {quote(store.get_post(ids[0]).headline)}" if len(ids) == 1
                    else f"Move {len(ids)} posts")
        super().__init__(store, text, select)
        self.post_ids = ids
        self.after = after
        self.before = before
        self.blog_id = store.get_post(ids[0]).blog_id
        self.old_keys = {i: store.post_position(i) for i in ids}
        self.new_keys: dict[int, str] | None = None

    def _redo(self) -> None:
        if self.new_keys is None:
            with self.store.transaction():
                previous: int | None = None
                for post_id in self.post_ids:
                    if previous is not None:
                        self.store.move_post(post_id, after=previous)
                    else:
                        self.store.move_post(post_id, after=self.after, before=self.before)
                    previous = post_id
                self.new_keys = {i: self.store.post_position(i) for i in self.post_ids}
        else:
            self.store.set_positions(self.new_keys)
        self.affected = list(self.post_ids)

    def _undo(self) -> None:
        self.store.set_positions(self.old_keys)
        self.affected = list(self.post_ids)


class PinPosts(StoreCommand):
    def __init__(self, store: BlogStore, post_ids: Sequence[int], pinned: bool,
                 select: SelectFn | None = None) -> None:
        ids = list(post_ids)
        verb = "Pin" if pinned else "Unpin"
        what = quote(store.get_post(ids[0]).headline) if len(ids) == 1 else f"{len(ids)} posts"
        super().__init__(store, f"{verb} {what}", select)
        self.post_ids = ids
        self.pinned = pinned
        self.was_pinned = {i: store.get_post(i).pinned for i in ids}
        self.blog_id = store.get_post(ids[0]).blog_id

    def _redo(self) -> None:
        self.store.set_pinned(self.post_ids, self.pinned)
        self.affected = list(self.post_ids)

    def _undo(self) -> None:
        with self.store.transaction():
            for state in (True, False):
                ids = [i for i, was in self.was_pinned.items() if was == state]
                if ids:
                    self.store.set_pinned(ids, state)
        self.affected = list(self.post_ids)


FIELD_NAMES = {"status": "status", "label": "label", "published_at": "publish time",
               "update_note": "update note", "headline": "headline", "body": "text"}


class SetPostFields(StoreCommand):
    """Change simple fields of a post (status, label, publish time, update note...).

    Undo restores the old values and the old last-updated time, so an undone edit leaves no
    trace on the post.
    """

    def __init__(self, store: BlogStore, post_id: int, new: dict[str, Any],
                 old: dict[str, Any] | None = None, select: SelectFn | None = None,
                 text: str | None = None, applied: bool = False) -> None:
        post = store.get_post(post_id)
        if old is None:
            old = {key: getattr(post, key) for key in new}
        old = dict(old)
        old.setdefault("updated_at", post.updated_at)
        if new.get("status") == "published" and post.status != "published":
            old.setdefault("published_at", post.published_at)
        if text is None:
            if new.get("status") == "published":
                text = f"Publish {quote(post.headline)}"
            elif new.get("status") == "draft":
                text = f"Unpublish {quote(post.headline)}"
            else:
                names = ", ".join(FIELD_NAMES.get(k, k) for k in new)
                text = f"Change {names} of {quote(post.headline)}"
        super().__init__(store, text, select)
        self.post_id = post_id
        self.new = dict(new)
        self.old = old
        self.blog_id = post.blog_id
        self.affected = [post_id]
        #: The change is already in the store (typing saved by autosave): the first redo, run
        #: by QUndoStack.push, does nothing.
        self._already_applied = applied

    def redo(self) -> None:
        if self._already_applied:
            self._already_applied = False
            return
        super().redo()

    def _redo(self) -> None:
        self.store.update_post(self.post_id, **self.new)

    def _undo(self) -> None:
        self.store.update_post(self.post_id, **self.old)


class SetContributors(StoreCommand):
    def __init__(self, store: BlogStore, post_id: int, new: Sequence[Contributor],
                 old: Sequence[Contributor] | None = None,
                 select: SelectFn | None = None) -> None:
        post = store.get_post(post_id)
        super().__init__(store, f"Change byline of {quote(post.headline)}", select)
        self.post_id = post_id
        self.new = list(new)
        self.old = list(post.contributors if old is None else old)
        self.blog_id = post.blog_id
        self.affected = [post_id]

    def _redo(self) -> None:
        self.store.set_post_contributors(self.post_id, self.new)

    def _undo(self) -> None:
        self.store.set_post_contributors(self.post_id, self.old)


class SetMedia(StoreCommand):
    def __init__(self, store: BlogStore, post_id: int, new: Sequence[Media],
                 old: Sequence[Media] | None = None, select: SelectFn | None = None) -> None:
        post = store.get_post(post_id)
        super().__init__(store, f"Change photos of {quote(post.headline)}", select)
        self.post_id = post_id
        self.new = list(new)
        self.old = list(post.media if old is None else old)
        self.blog_id = post.blog_id
        self.affected = [post_id]

    def _redo(self) -> None:
        self.store.set_post_media(self.post_id, self.new)

    def _undo(self) -> None:
        self.store.set_post_media(self.post_id, self.old)


BLOG_FIELDS = ("title", "slug", "language", "timezone", "status", "coverage_start",
               "coverage_end", "authors", "closing_note")


class SetBlogProperties(StoreCommand):
    def __init__(self, store: BlogStore, blog_id: int, new: dict[str, Any],
                 select: SelectFn | None = None) -> None:
        blog = store.get_blog(blog_id)
        old = {key: getattr(blog, key) for key in new}
        changed = {key: value for key, value in new.items() if old[key] != value}
        if set(changed) == {"status"}:
            text = "End coverage" if changed["status"] == "ended" else "Reopen coverage"
        else:
            text = "Change blog properties"
        super().__init__(store, text, select)
        self.blog_id = blog_id
        self.new = changed
        self.old = {key: old[key] for key in changed}

    def _redo(self) -> None:
        self.store.update_blog(self.blog_id or 0, **self.new)

    def _undo(self) -> None:
        self.store.update_blog(self.blog_id or 0, **self.old)


class ResortNewestFirst(StoreCommand):
    def __init__(self, store: BlogStore, blog_id: int, select: SelectFn | None = None) -> None:
        super().__init__(store, "Re-sort newest first", select)
        self.blog_id = blog_id
        self.old = store.positions(blog_id)
        self.new: dict[int, str] | None = None

    def _redo(self) -> None:
        if self.new is None:
            self.store.resort_newest_first(self.blog_id or 0)
            self.new = self.store.positions(self.blog_id or 0)
        else:
            self.store.set_positions(self.new)

    def _undo(self) -> None:
        self.store.set_positions(self.old)


class RestoreRevision(StoreCommand):
    def __init__(self, store: BlogStore, post_id: int, snapshot: dict[str, Any],
                 when: str = "", select: SelectFn | None = None) -> None:
        post = store.get_post(post_id)
        text = f"Restore {quote(post.headline)}" + (f" as of {when}" if when else "")
        super().__init__(store, text, select)
        self.post_id = post_id
        self.snapshot = snapshot
        self.old = store.post_snapshot(post_id)
        self.blog_id = post.blog_id
        self.affected = [post_id]

    def _redo(self) -> None:
        self.store.apply_snapshot(self.post_id, self.snapshot)

    def _undo(self) -> None:
        self.store.apply_snapshot(self.post_id, self.old)


class CreateBlog(StoreCommand):
    """A new, empty blog. Undo deletes it; redo creates it again (with a new id)."""

    def __init__(self, store: BlogStore, fields: dict[str, Any],
                 select: SelectFn | None = None) -> None:
        super().__init__(store, f"New blog {quote(fields.get('title', ''))}", select)
        self.fields = dict(fields)

    def _redo(self) -> None:
        fields = dict(self.fields)
        self.blog_id = self.store.create_blog(fields.pop("slug"), fields.pop("title"),
                                              **fields).id

    def _undo(self) -> None:
        if self.blog_id is not None:
            self.store.delete_blog(self.blog_id)
        self.blog_id = None


class Selecting(QUndoCommand):
    """Wraps another module's command (tags, key points) so that undo and redo also show the
    posts it changed."""

    def __init__(self, inner: QUndoCommand, blog_id: int | None, post_ids: Sequence[int],
                 select: SelectFn | None, text: str = "") -> None:
        super().__init__(text or inner.text())
        self.inner = inner
        self.blog_id = blog_id
        self.post_ids = list(post_ids)
        self.select = select
        self.error: StoreError | None = None

    def _after(self) -> None:
        if self.select is not None:
            self.select(self.blog_id, list(self.post_ids))

    def redo(self) -> None:
        try:
            self.inner.redo()
        except StoreError as error:
            self.error = error
            self.setObsolete(True)
            return
        self._after()

    def undo(self) -> None:
        try:
            self.inner.undo()
        except StoreError as error:
            self.error = error
            self.setObsolete(True)
            return
        self._after()
