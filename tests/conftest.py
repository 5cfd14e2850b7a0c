"""Shared test set-up. Qt runs offscreen, and every test gets its own data folder so that nothing
touches the user's real store or settings."""

from __future__ import annotations

import copy
import os
import sys
from pathlib import Path
from typing import Any

# Before anything imports Qt (STYLE.md item 6).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pytest  # noqa: E402

from storage import BlogStore  # noqa: E402


@pytest.fixture(autouse=True)
def isolated_data_dir(tmp_path_factory: pytest.TempPathFactory,
                      monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the app's data folder (default store, settings, logs) at a fresh temp folder."""
    folder = tmp_path_factory.mktemp("data")
    monkeypatch.setenv("LIVEDESK_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def store() -> Any:
    """A fresh in-memory store (like sqlite-utils' ``fresh_db``)."""
    s = BlogStore.in_memory()
    yield s
    s.close()


@pytest.fixture
def hub(qapp: Any, store: Any) -> Any:
    """The store's change notifications as Qt signals (``desktop.hub.StoreHub``)."""
    from desktop.hub import StoreHub

    h = StoreHub(store)
    yield h
    h.detach()


@pytest.fixture
def file_store(tmp_path: Path) -> Any:
    s = BlogStore.open(tmp_path / "test.livedesk", create=True)
    yield s
    s.close()


BASE_DOC: dict[str, Any] = {
    "format": "livedesk/1",
    "blog": {
        "slug": "harbour-fire",
        "title": "Harbour warehouse fire: live updates",
        "language": "en",
        "timezone": "Europe/London",
        "status": "ended",
        "coverage_start": "2025-03-02T06:00:00+00:00",
        "coverage_end": "2025-03-02T20:00:00+00:00",
        "authors": ["Maya Okafor", "Tomás Reyes"],
        "closing_note": "Our live coverage has ended.",
        "summary": [
            "**Fire out:** crews put out the blaze after nine hours.",
            "No one was hurt; [read the timeline](#fire-out).",
            "Roads around the harbour reopen on Monday.",
        ],
    },
    "posts": [
        {
            "id": "key-info", "headline": "Key information for residents", "label": None,
            "contributors": [{"name": "Maya Okafor", "place": None}],
            "body": "**Remember:** call 999 in an emergency.\n\n- Shelter at the town hall\n- "
                    "Keep windows shut",
            "status": "published", "pinned": True,
            "published_at": "2025-03-02T06:30:00+00:00", "updated_at": "2025-03-02T09:00:00+00:00",
            "update_note": None, "tags": ["Safety"], "media": [],
        },
        {
            "id": "fire-out", "headline": "Fire is out, says fire service", "label": "Breaking",
            "contributors": [{"name": "Tomás Reyes", "place": "Portmere"},
                             {"name": "Maya Okafor", "place": "London"}],
            "body": "Crews said the fire was out at 15:10.\n\n> “We are relieved,” the chief "
                    "said.\n\nMore at [the council site](https://example.org/fire).",
            "status": "published", "pinned": False,
            "published_at": "2025-03-02T15:20:00+00:00", "updated_at": "2025-03-02T15:45:00+00:00",
            "update_note": "This post has been updated with more reporting.",
            "tags": ["Fire", "Safety"],
            "media": [{"src": "https://example.org/photo.jpg", "alt": "Smoke over the harbour",
                       "caption": "Smoke rose for hours.", "credit": "Photo: Example"}],
        },
        {
            "id": "draft-1", "headline": "What caused it?", "label": "Analysis",
            "contributors": [], "body": "Draft text about the 💥 cause — “curly” quotes.",
            "status": "draft", "pinned": False,
            "published_at": None, "updated_at": "2025-03-02T16:00:00+00:00",
            "update_note": None, "tags": [], "media": [],
        },
        {
            "id": "first-alarm", "headline": "Fire breaks out at harbour warehouse",
            "label": None, "contributors": [{"name": "Tomás Reyes", "place": "Portmere"}],
            "body": "A large fire broke out at about 06:10.", "status": "published",
            "pinned": False, "published_at": "2025-03-02T06:15:00+00:00",
            "updated_at": "2025-03-02T06:15:00+00:00", "update_note": None, "tags": ["Fire"],
            "media": [],
        },
    ],
}


@pytest.fixture
def doc() -> dict[str, Any]:
    """A small livedesk/1 document using every field."""
    return copy.deepcopy(BASE_DOC)
