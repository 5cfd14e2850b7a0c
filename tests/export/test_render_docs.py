"""Test documents for the export tests, built here rather than read from disk, plus checks that
they are what the other tests assume (valid livedesk/1, every feature present).

Other test modules import ``make_doc``, ``png_bytes``, ``loader`` and ``ROOT`` from here.
"""

from __future__ import annotations

import copy
import json
import struct
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import jsonschema

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "sample" / "sample-blog.json"
LIVEDESK_SCHEMA = ROOT / "resources" / "schemas" / "livedesk-1.schema.json"


def png_bytes(width: int = 64, height: int = 36, seed: int = 0) -> bytes:
    """A small valid PNG: a dusky sky-to-harbour gradient, so screenshots look like a photo."""
    rows = bytearray()
    for y in range(height):
        rows.append(0)  # filter: none
        for x in range(width):
            t = y / max(height - 1, 1)
            r = int(40 + 150 * (1 - t) + 20 * (x / max(width - 1, 1))) + seed
            g = int(60 + 90 * (1 - t))
            b = int(90 + 110 * t)
            rows += bytes((r % 256, g % 256, b % 256))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(bytes(rows), 9))
        + chunk(b"IEND", b"")
    )


PHOTO = png_bytes(320, 180)


def loader(files: dict[str, bytes] | None = None) -> Callable[[str], tuple[bytes, str] | None]:
    """A media loader serving ``images/harbour.png`` (or ``files``) as PNG, else None."""
    served = {"images/harbour.png": PHOTO} if files is None else files

    def load(src: str) -> tuple[bytes, str] | None:
        data = served.get(src)
        return (data, "image/png") if data is not None else None

    return load


_DOC: dict[str, Any] = {
    "format": "livedesk/1",
    "blog": {
        "slug": "port-strike-2025-03-14",
        "title": "Port strike: live updates",
        "language": "en-GB",
        "timezone": "Europe/Kyiv",
        "status": "ended",
        "coverage_start": "2025-03-14T06:00:00+02:00",
        "coverage_end": "2025-03-14T21:30:00+02:00",
        "authors": ["Olena Kovalenko", "James Wright", "Amara Diallo", "Chris Evans"],
        "closing_note": None,
        "summary": [
            "**Deal reached:** unions and port owners agreed a contract [late tonight](#p-deal).",
            "Ships queued off the coast for most of the day; [see the map](https://example.org/map).",
            "The drafted explainer [is not out yet](#p-draft).",
        ],
    },
    "posts": [
        {
            "id": "p-pinned",
            "headline": "What we know so far",
            "label": "Catch up",
            "contributors": [{"name": "James Wright", "place": None}],
            "body": "**Some context:** dock workers walked out at dawn.\n\n- Three ports shut\n"
            "- Talks resumed at noon",
            "status": "published",
            "pinned": True,
            "published_at": "2025-03-14T07:00:00+02:00",
            "updated_at": "2025-03-14T18:05:00+02:00",
            "update_note": None,
            "tags": ["Strikes"],
            "media": [],
        },
        {
            "id": "p-deal",
            "headline": "Unions and owners reach a deal",
            "label": "Breaking",
            "contributors": [
                {"name": "Olena Kovalenko", "place": "Odesa"},
                {"name": "Amara Diallo", "place": "London"},
                {"name": "Chris Evans", "place": "Odesa"},
            ],
            "body": "The deal ends a strike that shut three ports.\n\n> “It is a fair offer,” a "
            "union "
            "leader said.\n\nRead the [statement](https://example.org/statement).",
            "status": "published",
            "pinned": False,
            "published_at": "2025-03-14T21:10:00+02:00",
            "updated_at": "2025-03-14T21:25:00+02:00",
            "update_note": "This post has been updated with more reporting.",
            "tags": ["Strikes", "Shipping"],
            "media": [
                {
                    "src": "images/harbour.png",
                    "alt": "Cranes standing idle at the port at dusk",
                    "caption": "The port of Odesa was *silent* for hours.",
                    "credit": "Olena Kovalenko / Example News",
                }
            ],
        },
        {
            "id": "p-draft",
            "headline": "SECRET DRAFT explainer",
            "label": "Analysis",
            "contributors": [{"name": "Draft Writer", "place": "Nowhere"}],
            "body": "DRAFT-BODY-TEXT should never be exported.",
            "status": "draft",
            "pinned": False,
            "published_at": None,
            "updated_at": "2025-03-14T23:00:00+02:00",
            "update_note": None,
            "tags": ["Draft tag"],
            "media": [],
        },
        {
            "id": "p-analysis",
            "headline": "Analysis: why this strike mattered",
            "label": "Analysis",
            "contributors": [{"name": "Amara Diallo", "place": "London"}],
            "body": "Grain exports depend on these ports.\n\n## The numbers\n\nAbout a tenth of "
            "the "
            "country's trade passes through them; see [the first post](#p-start).",
            "status": "published",
            "pinned": False,
            "published_at": "2025-03-14T12:30:00+02:00",
            "updated_at": "2025-03-14T12:30:00+02:00",
            "update_note": None,
            "tags": [],
            "media": [],
        },
        {
            "id": "p-start",
            "headline": "Dock workers walk out",
            "label": None,
            "contributors": [],
            "body": "Workers left their posts at 06:00.",
            "status": "published",
            "pinned": False,
            "published_at": "2025-03-14T06:05:00+02:00",
            "updated_at": "2025-03-14T06:05:00+02:00",
            "update_note": None,
            "tags": ["Strikes"],
            "media": [],
        },
    ],
}


def make_doc(**blog: Any) -> dict[str, Any]:
    """A fresh copy of the test document: pinned, draft, labels, grouped multi-contributor byline
    with places, update note, tags, a local photo, key points linking to posts, ended status.
    Keyword arguments replace fields of ``blog``."""
    doc = copy.deepcopy(_DOC)
    doc["blog"].update(blog)
    return doc


def load_sample() -> dict[str, Any] | None:
    if not SAMPLE.exists():
        return None
    return json.loads(SAMPLE.read_text(encoding="utf-8"))


def sample_loader() -> Callable[[str], tuple[bytes, str] | None]:
    folder = SAMPLE.parent
    types = {
        ".png": "image/png",
        ".jpg": "image/jpeg",
        ".jpeg": "image/jpeg",
        ".webp": "image/webp",
        ".gif": "image/gif",
        ".svg": "image/svg+xml",
    }

    def load(src: str) -> tuple[bytes, str] | None:
        path = (folder / src).resolve()
        if folder.resolve() not in path.parents or not path.is_file():
            return None
        return path.read_bytes(), types.get(path.suffix.lower(), "application/octet-stream")

    return load


# -- the documents are what the tests assume --------------------------------------------------


def test_test_document_is_valid_livedesk() -> None:
    schema = json.loads(LIVEDESK_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(make_doc())
    jsonschema.Draft202012Validator(schema).validate(make_doc(status="live", coverage_end=None))


def test_test_document_has_every_feature() -> None:
    doc = make_doc()
    posts = doc["posts"]
    assert any(p["pinned"] for p in posts)
    assert any(p["status"] == "draft" for p in posts)
    assert any(p["label"] for p in posts)
    assert any(len({c["place"] for c in p["contributors"]}) > 1 for p in posts)
    assert any(p["update_note"] for p in posts)
    assert any(p["media"] for p in posts)
    assert any("](#" in point for point in doc["blog"]["summary"])
    assert doc["blog"]["status"] == "ended"


def test_photo_is_a_png() -> None:
    assert PHOTO.startswith(b"\x89PNG\r\n\x1a\n")
    assert loader()("images/harbour.png") == (PHOTO, "image/png")
    assert loader()("images/missing.png") is None


# -- a small DOM for checking exported HTML (html.parser, as the brief asks: no regexes) ------

_VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str | None]
    parent: Node | None = None
    children: list[Node | str] = field(default_factory=list)

    @property
    def classes(self) -> list[str]:
        return (self.attrs.get("class") or "").split()

    def iter(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None) -> list[Node]:
        return [
            node
            for node in self.iter()
            if (tag is None or node.tag == tag) and (cls is None or cls in node.classes)
        ]

    def find(self, tag: str | None = None, cls: str | None = None) -> Node:
        found = self.find_all(tag, cls)
        assert found, f"no <{tag} class={cls}>"
        return found[0]

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def clean_text(self) -> str:
        return " ".join(self.text().split())


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.current = self.root
        self.unclosed: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, dict(attrs), self.current)
        self.current.children.append(node)
        if tag not in _VOID:
            self.current = node

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.current.children.append(Node(tag, dict(attrs), self.current))

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        node: Node | None = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is None or node.parent is None:
            self.unclosed.append(tag)
            return
        self.current = node.parent

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)


def parse_html(html: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    assert builder.current is builder.root, f"unclosed element <{builder.current.tag}>"
    assert not builder.unclosed, f"stray end tags {builder.unclosed}"
    return builder.root
