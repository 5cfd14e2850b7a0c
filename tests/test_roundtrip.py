"""livedesk/1 round trips without loss: document -> store -> document, byte for byte."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import main
from export.interchange import (
    blog_document,
    dumps_document,
    import_document,
    parse_document,
    resources_dir,
)
from storage import BlogStore

SAMPLE = resources_dir() / "sample" / "sample-blog.json"


def test_fixture_document_round_trips(doc: dict[str, Any]) -> None:
    with BlogStore.in_memory() as store:
        report = import_document(store, doc)
        assert blog_document(store, report.blog.id) == doc


def test_unicode_and_order_survive(doc: dict[str, Any]) -> None:
    doc["posts"][3]["headline"] = "Emoji 👍🏽 🇺🇦, RTL שלום, CJK 火災, combining é"
    doc["posts"][1]["body"] = "Line one\n\nLine two  \nwith trailing spaces kept  "
    with BlogStore.in_memory() as store:
        blog = import_document(store, doc).blog
        text = dumps_document(blog_document(store, blog.id))
        assert parse_document(text.encode("utf-8")) == doc


def test_sample_json_import_json_is_byte_identical(tmp_path: Path) -> None:
    first_store = tmp_path / "first.livedesk"
    assert main.run(["sample", "--store", str(first_store)]) == 0
    exported = tmp_path / "export" / "blog.json"
    exported.parent.mkdir()
    assert main.run(["export", "--store", str(first_store), "--format", "json", "-o",
                     str(exported)]) == 0
    # The photos were written beside the document, so it imports anywhere.
    sample = json.loads(SAMPLE.read_text(encoding="utf-8"))
    srcs = {m["src"] for p in sample["posts"] for m in p["media"]}
    assert srcs and all((exported.parent / src).is_file() for src in srcs)
    second_store = tmp_path / "second.livedesk"
    assert main.run(["import", str(exported), "--store", str(second_store)]) == 0
    again = tmp_path / "again.json"
    assert main.run(["export", "--store", str(second_store), "--format", "json", "-o",
                     str(again)]) == 0
    assert again.read_bytes() == exported.read_bytes()
    # ...and the export is the shipped sample, to the byte.
    assert exported.read_bytes() == SAMPLE.read_bytes()
    with BlogStore.open(second_store) as store:
        for src in srcs:
            data = store.get_media_file(src)
            assert data is not None and data[0] == (SAMPLE.parent / src).read_bytes()
