"""Fixtures for issue 4 (key points, tags, filters, search): a store holding the sample blog
(or the small test document while the sample is not there), its hub and an undo stack."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtGui import QUndoStack

from export import interchange


@pytest.fixture
def blog_id(store: Any, doc: dict[str, Any]) -> int:
    sample = interchange.resources_dir() / "sample" / "sample-blog.json"
    if sample.exists():
        return interchange.import_file(store, sample).blog.id
    return interchange.import_document(store, doc).blog.id


@pytest.fixture
def small_blog(store: Any, doc: dict[str, Any]) -> int:
    """Always the small test document (for exact expectations)."""
    return interchange.import_document(store, doc).blog.id


@pytest.fixture
def undo_stack(qapp: Any) -> QUndoStack:
    return QUndoStack()
