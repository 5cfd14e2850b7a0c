"""Fixtures for the spell checking tests. Qt runs offscreen (set before anything imports Qt)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator

import pytest

from export.spelling import SpellingEngine


@pytest.fixture(scope="session")
def english() -> SpellingEngine:
    """An English engine with the shipped word lists and nothing else (dictionary loaded)."""
    engine = SpellingEngine("en")
    engine.load()
    return engine


@pytest.fixture
def fresh_english() -> SpellingEngine:
    """An English engine a test may change (add or ignore words)."""
    return SpellingEngine("en")


@pytest.fixture
def service(qapp) -> Iterator[object]:
    """A private worker service, shut down after the test so no worker outlives it."""
    from widgets.spelling import SpellCheckService

    svc = SpellCheckService()
    yield svc
    svc.shutdown()
    svc.deleteLater()
