"""The undo commands of issue 4 against the store: redo writes at once, undo restores the store
exactly, redo again gives the same result."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QUndoStack

from desktop.commands_summary import (
    AddKeyPoint,
    DeleteKeyPoint,
    EditKeyPoint,
    MoveKeyPoint,
    new_edit_session,
)
from desktop.commands_tags import (
    ChangeTagColour,
    CreateTag,
    DeleteTag,
    DeleteTags,
    MergeTags,
    RenameTag,
    SetPostTags,
)


def texts(store: Any, blog: int) -> list[str]:
    return [i.text for i in store.list_summary(blog)]


def tag_state(store: Any) -> list[tuple[int, str, str | None, int]]:
    return [(t.id, t.name, t.color, t.posts) for t in store.list_tags()]


def post_tags(store: Any, blog: int) -> dict[str, tuple[str, ...]]:
    return {p.uid: p.tags for p in store.iter_posts(blog)}


def test_add_edit_move_delete_key_points_undo_redo(store: Any, small_blog: int,
                                                   undo_stack: QUndoStack) -> None:
    start = texts(store, small_blog)
    first, second, third = (i.id for i in store.list_summary(small_blog))

    undo_stack.push(AddKeyPoint(store, small_blog, "A fourth point", after=first))
    assert texts(store, small_blog)[1] == "A fourth point"
    assert undo_stack.undoText() == "Add key point"
    undo_stack.push(EditKeyPoint(store, third, "Roads reopen **Monday**.", start[2]))
    undo_stack.push(MoveKeyPoint(store, small_blog, third, None))
    assert texts(store, small_blog)[0] == "Roads reopen **Monday**."
    undo_stack.push(DeleteKeyPoint(store, second))
    assert len(texts(store, small_blog)) == 3
    after_all = texts(store, small_blog)
    names = [undo_stack.text(i) for i in range(undo_stack.count())]
    assert names == ["Add key point", "Edit key point", "Move key point", "Delete key point"]

    while undo_stack.canUndo():
        undo_stack.undo()
    assert texts(store, small_blog) == start
    while undo_stack.canRedo():
        undo_stack.redo()
    assert texts(store, small_blog) == after_all


def test_edit_before_delete_still_undoes_after_the_delete_is_undone(
        store: Any, small_blog: int, undo_stack: QUndoStack) -> None:
    item = store.list_summary(small_blog)[0]
    undo_stack.push(EditKeyPoint(store, item.id, "Edited", item.text))
    undo_stack.push(DeleteKeyPoint(store, item.id))
    undo_stack.undo()  # the key point comes back with a new row id
    undo_stack.undo()  # the edit still finds it
    assert texts(store, small_blog)[0] == item.text
    undo_stack.redo()
    undo_stack.redo()
    assert "Edited" not in texts(store, small_blog)
    assert len(texts(store, small_blog)) == 2


def test_edits_of_one_session_are_one_undo_step(store: Any, small_blog: int,
                                                undo_stack: QUndoStack) -> None:
    item = store.list_summary(small_blog)[0]
    session = new_edit_session()
    undo_stack.push(EditKeyPoint(store, item.id, "One", item.text, session=session))
    undo_stack.push(EditKeyPoint(store, item.id, "One two", "One", session=session))
    assert undo_stack.count() == 1
    undo_stack.undo()
    assert texts(store, small_blog)[0] == item.text


def test_typing_into_a_new_key_point_is_part_of_adding_it(store: Any, small_blog: int,
                                                          undo_stack: QUndoStack) -> None:
    session = new_edit_session()
    add = AddKeyPoint(store, small_blog, "New key point", session=session)
    undo_stack.push(add)
    assert add.item_id is not None
    undo_stack.push(EditKeyPoint(store, add.item_id, "Typed", "New key point", session=session))
    assert undo_stack.count() == 1
    undo_stack.undo()
    assert len(texts(store, small_blog)) == 3
    undo_stack.redo()
    assert texts(store, small_blog)[-1] == "Typed"


def test_set_post_tags_undo_removes_the_tags_it_created(store: Any, small_blog: int,
                                                        undo_stack: QUndoStack) -> None:
    before_tags = tag_state(store)
    post = store.post_by_uid(small_blog, "first-alarm")
    undo_stack.push(SetPostTags(store, post.id, ["Fire", "Brand new"], list(post.tags)))
    assert store.get_post(post.id).tags == ("Fire", "Brand new")
    assert undo_stack.undoText() == "Tag post"
    new_id = store.tag_by_name("brand NEW").id
    undo_stack.undo()
    assert store.get_post(post.id).tags == ("Fire",)
    assert tag_state(store) == before_tags
    undo_stack.redo()
    assert store.tag_by_name("Brand new").id == new_id  # same id again


def test_rename_tag_and_undo(store: Any, small_blog: int, undo_stack: QUndoStack) -> None:
    fire = store.tag_by_name("Fire").id
    undo_stack.push(RenameTag(store, fire, "Harbour fire"))
    assert post_tags(store, small_blog)["first-alarm"] == ("Harbour fire",)
    undo_stack.undo()
    assert post_tags(store, small_blog)["first-alarm"] == ("Fire",)


def test_merge_two_tags_that_share_a_post(store: Any, small_blog: int,
                                          undo_stack: QUndoStack) -> None:
    """"fire-out" has both Fire and Safety: after the merge it keeps one Safety link; undo
    gives every post exactly its old tags back."""
    before_posts = post_tags(store, small_blog)
    before_tags = tag_state(store)
    fire, safety = store.tag_by_name("Fire").id, store.tag_by_name("Safety").id
    undo_stack.push(MergeTags(store, [fire], safety))
    after = post_tags(store, small_blog)
    assert after["fire-out"] == ("Safety",)
    assert after["first-alarm"] == ("Safety",)
    assert after["key-info"] == ("Safety",)
    assert store.tag_by_name("Safety").posts == 3
    assert [t.name for t in store.list_tags()] == ["Safety"]
    assert undo_stack.undoText() == "Merge tags"
    undo_stack.undo()
    assert post_tags(store, small_blog) == before_posts
    assert tag_state(store) == before_tags
    undo_stack.redo()
    assert post_tags(store, small_blog) == after


def test_merge_several_tags_into_one(store: Any, small_blog: int,
                                     undo_stack: QUndoStack) -> None:
    post = store.post_by_uid(small_blog, "draft-1")
    store.set_post_tags(post.id, ["Cause", "Fire"])
    before_posts, before_tags = post_tags(store, small_blog), tag_state(store)
    ids = [store.tag_by_name(n).id for n in ("Cause", "Safety")]
    undo_stack.push(MergeTags(store, ids, store.tag_by_name("Fire").id))
    tags = post_tags(store, small_blog)
    assert all(t in ((), ("Fire",)) for t in tags.values())
    undo_stack.undo()
    assert post_tags(store, small_blog) == before_posts
    assert tag_state(store) == before_tags


def test_delete_tag_and_undo_restores_links(store: Any, small_blog: int,
                                            undo_stack: QUndoStack) -> None:
    before_posts, before_tags = post_tags(store, small_blog), tag_state(store)
    undo_stack.push(DeleteTag(store, store.tag_by_name("Safety").id))
    assert post_tags(store, small_blog)["fire-out"] == ("Fire",)
    assert undo_stack.undoText() == "Delete tag"
    undo_stack.undo()
    assert post_tags(store, small_blog) == before_posts
    assert tag_state(store) == before_tags
    undo_stack.push(DeleteTags(store, [t.id for t in store.list_tags()]))
    assert store.list_tags() == []
    undo_stack.undo()
    assert post_tags(store, small_blog) == before_posts


def test_change_colour_and_create_tag_undo(store: Any, small_blog: int,
                                           undo_stack: QUndoStack) -> None:
    fire = store.tag_by_name("Fire")
    undo_stack.push(ChangeTagColour(store, fire.id, "#123456"))
    assert store.get_tag(fire.id).color == "#123456"
    assert undo_stack.undoText() == "Change tag colour"
    undo_stack.undo()
    assert store.get_tag(fire.id).color == fire.color
    undo_stack.push(CreateTag(store, "Weather"))
    assert store.tag_by_name("weather").posts == 0
    undo_stack.undo()
    assert "Weather" not in [t.name for t in store.list_tags()]
    undo_stack.redo()
    assert "Weather" in [t.name for t in store.list_tags()]
