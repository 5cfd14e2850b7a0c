"""The ninjs export validates against IPTC's ninjs 3.1 schema and carries the blog and its posts."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

import jsonschema
import pytest
from referencing import Registry, Resource

from export.ninjs import build_ninjs, render_ninjs
from export.style import HouseStyle

try:
    from test_render_docs import ROOT, load_sample, make_doc
except ImportError:  # collected as a package
    from tests.export.test_render_docs import ROOT, load_sample, make_doc

DATA = ROOT / "tests" / "data" / "ninjs"
URL = "https://news.example/live/port-strike"
STYLE = HouseStyle(page_url=URL)


def _validator() -> jsonschema.Draft202012Validator:
    schema = json.loads((DATA / "ninjs-schema_3.1.json").read_text(encoding="utf-8"))
    # The schema refers to GeoJSON's for ``places``, which we never write: a local stand-in keeps
    # validation off the network.
    geojson = Resource.from_contents({"$schema": "https://json-schema.org/draft/2020-12/schema"})
    registry: Registry[Any] = Registry().with_resource(
        "https://geojson.org/schema/GeoJSON.json", geojson
    )
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(
        schema, registry=registry, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


VALIDATOR = _validator()


def _uris(item: Any) -> list[str]:
    found: list[str] = []
    if isinstance(item, dict):
        for key, value in item.items():
            if key in ("uri", "href") and isinstance(value, str):
                found.append(value)
            else:
                found.extend(_uris(value))
    elif isinstance(item, list):
        for value in item:
            found.extend(_uris(value))
    return found


def assert_valid(item: dict[str, Any]) -> None:
    errors = sorted(VALIDATOR.iter_errors(item), key=lambda e: list(e.absolute_path))
    assert [f"{list(e.absolute_path)}: {e.message}" for e in errors] == []
    # Whether or not a URI format checker is installed, every uri must be absolute and unspaced.
    for uri in _uris(item):
        parts = urlsplit(uri)
        assert parts.scheme and (parts.netloc or parts.scheme == "urn"), uri
        assert not any(c.isspace() for c in uri), uri


def test_schema_copy_accepts_iptcs_example() -> None:
    example = json.loads((DATA / "ninjs-3.1-associations-example.json").read_text(encoding="utf-8"))
    assert_valid(example)
    assert list(VALIDATOR.iter_errors({"uri": "x", "type": "blog"}))


@pytest.mark.parametrize("style", [STYLE, HouseStyle()], ids=["with page url", "without page url"])
@pytest.mark.parametrize("status", ["ended", "live"])
def test_validates(style: HouseStyle, status: str) -> None:
    assert_valid(build_ninjs(make_doc(status=status), style))


def test_blog_item() -> None:
    item = build_ninjs(make_doc(), STYLE)
    assert item["uri"] == URL
    assert item["type"] == "composite"
    assert item["standard"]["version"] == "3.1"
    assert item["language"] == "en-GB"
    assert item["firstCreated"] == "2025-03-14T06:00:00+02:00"
    assert item["versionCreated"] == "2025-03-14T21:25:00+02:00"
    assert item["version"].isdigit()
    assert item["headlines"][0]["value"] == "Port strike: live updates"
    assert item["by"] == "By Olena Kovalenko, James Wright, Amara Diallo and Chris Evans"
    html, plain = item["descriptions"]
    assert html["contentType"] == "text/html"
    assert html["value"].startswith("<ul><li><strong>Deal reached:</strong>")
    assert f'<a href="{URL}#p-deal">late tonight</a>' in html["value"]
    assert "#p-draft" not in html["value"]
    assert plain["contentType"] == "text/plain"
    assert plain["value"].splitlines()[0] == (
        "Deal reached: unions and port owners agreed a contract late tonight."
    )


def test_posts_are_associations() -> None:
    item = build_ninjs(make_doc(), STYLE)
    posts = item["associations"]
    assert [p["name"] for p in posts] == ["p-pinned", "p-deal", "p-analysis", "p-start"]
    assert [p["uri"] for p in posts] == [f"{URL}#{p['name']}" for p in posts]
    deal = posts[1]
    assert deal["type"] == "text"
    assert deal["firstCreated"] == "2025-03-14T21:10:00+02:00"
    assert deal["versionCreated"] == "2025-03-14T21:25:00+02:00"
    assert deal["headlines"] == [
        {"role": "main", "contentType": "text/plain", "value": "Unions and owners reach a deal"}
    ]
    (body,) = deal["bodies"]
    assert body["contentType"] == "text/html"
    assert body["value"].startswith("<p>The deal ends a strike")
    assert "<em>This post has been updated with more reporting.</em>" in body["value"]
    assert deal["by"] == (
        "From Example News' Olena Kovalenko and Chris Evans in Odesa and Amara Diallo in London"
    )
    assert deal["located"] == "Odesa and London"
    assert [s["name"] for s in deal["subjects"]] == ["Strikes", "Shipping"]
    assert deal["genres"] == [{"name": "Breaking"}]
    (picture,) = deal["associations"]
    assert picture["type"] == "picture"
    assert picture["uri"] == "urn:livedesk:port-strike-2025-03-14:p-deal:picture-1"
    assert posts[0]["rel"] == "pinned-update"
    analysis = posts[2]["bodies"][0]["value"]
    assert f'<a href="{URL}#p-start">the first post</a>' in analysis
    assert "located" not in posts[3] and "by" not in posts[3]


def test_urns_without_page_url() -> None:
    item = build_ninjs(make_doc(), HouseStyle())
    assert item["uri"] == "urn:livedesk:port-strike-2025-03-14"
    assert item["associations"][1]["uri"] == "urn:livedesk:port-strike-2025-03-14:p-deal"
    # Without a page to point at, in-page links lose their link but keep their text.
    analysis = item["associations"][2]["bodies"][0]["value"]
    assert "the first post" in analysis and 'href="#' not in analysis


def test_web_photo_has_a_rendition() -> None:
    doc = make_doc()
    doc["posts"][1]["media"][0]["src"] = "https://cdn.example.org/port.jpg"
    item = build_ninjs(doc, STYLE)
    (picture,) = item["associations"][1]["associations"]
    assert picture["uri"] == "https://cdn.example.org/port.jpg"
    assert picture["renditions"] == [
        {"name": "original", "href": "https://cdn.example.org/port.jpg"}
    ]
    assert_valid(item)


def test_drafts_are_absent() -> None:
    text = render_ninjs(make_doc(), STYLE)
    for needle in ("p-draft", "SECRET DRAFT", "DRAFT-BODY-TEXT", "Draft Writer", "Draft tag"):
        assert needle not in text


def test_render_is_json_and_deterministic() -> None:
    text = render_ninjs(make_doc(), STYLE)
    assert text.endswith("\n")
    assert json.loads(text) == build_ninjs(make_doc(), STYLE)
    assert render_ninjs(make_doc(), STYLE) == text


def test_sample_validates() -> None:
    sample = load_sample()
    if sample is None:
        pytest.skip("resources/sample/sample-blog.json is not there yet")
    item = build_ninjs(sample, STYLE)
    assert_valid(item)
    published = [p["id"] for p in sample["posts"] if p["status"] == "published"]
    assert [a["name"] for a in item["associations"]] == published
