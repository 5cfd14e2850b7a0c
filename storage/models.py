"""Plain, immutable records the store hands to its callers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

BLOG_STATUSES = ("live", "ended")
POST_STATUSES = ("draft", "published")


@dataclass(frozen=True)
class Blog:
    id: int
    slug: str
    title: str
    language: str
    timezone: str
    status: str
    coverage_start: str | None
    coverage_end: str | None
    authors: tuple[str, ...]
    closing_note: str | None
    created_at: str
    updated_at: str


@dataclass(frozen=True)
class BlogInfo:
    """A line of the blog switcher: a blog with its counts."""

    id: int
    slug: str
    title: str
    status: str
    posts: int
    published: int


@dataclass(frozen=True)
class Contributor:
    name: str
    place: str | None = None


@dataclass(frozen=True)
class Media:
    src: str
    alt: str = ""
    caption: str = ""
    credit: str = ""


@dataclass(frozen=True)
class Post:
    id: int
    uid: str
    blog_id: int
    headline: str
    label: str | None
    body: str
    status: str
    pinned: bool
    position: str
    published_at: str | None
    updated_at: str
    update_note: str | None
    contributors: tuple[Contributor, ...] = ()
    tags: tuple[str, ...] = ()
    media: tuple[Media, ...] = ()

    @property
    def is_draft(self) -> bool:
        return self.status == "draft"


@dataclass(frozen=True)
class PostRow:
    """What the post list shows for one post, without the body."""

    id: int
    uid: str
    headline: str
    label: str | None
    status: str
    pinned: bool
    position: str
    published_at: str | None
    updated_at: str
    tags: tuple[str, ...] = ()
    media_count: int = 0


@dataclass(frozen=True)
class SummaryItem:
    id: int
    blog_id: int
    position: str
    text: str


@dataclass(frozen=True)
class Tag:
    id: int
    name: str
    color: str | None
    posts: int = 0


@dataclass(frozen=True)
class Revision:
    id: int
    post_id: int
    created_at: str
    reason: str
    snapshot: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Change:
    """What a committed transaction changed, for views to refresh from.

    ``kind`` is one of ``blogs``, ``posts``, ``order``, ``summary``, ``tags``, ``dictionary``,
    ``settings`` or ``all`` (a bulk change such as an import: reload everything).
    """

    kind: str
    blog_id: int | None = None
    ids: tuple[int, ...] = ()
