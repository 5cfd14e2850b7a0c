"""The page and the fragment are valid HTML per the Nu Html Checker (vnu.jar), and the colours
meet WCAG 2.2 AA contrast.

The checker is a Java program shipped in the npm package ``vnu-jar``. Install it with
``npm install --no-save vnu-jar`` at the repository root (``node_modules/`` is git-ignored) or point
``LIVEDESK_VNU_JAR`` at a ``vnu.jar``; without Java or the jar these tests are skipped.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from export.html import render_fragment, render_page, templates_dir
from export.style import HouseStyle

try:
    from test_hostile import PAYLOADS, any_src_loader, hostile_doc
    from test_render_docs import ROOT, load_sample, loader, make_doc, sample_loader
except ImportError:  # collected as a package
    from tests.export.test_hostile import PAYLOADS, any_src_loader, hostile_doc
    from tests.export.test_render_docs import ROOT, load_sample, loader, make_doc, sample_loader

STYLE = HouseStyle(page_url="https://news.example/live/port-strike")


def _vnu_command() -> list[str]:
    java = shutil.which("java")
    if java is None:
        pytest.skip("Nu Html Checker: java is not installed")
    jar = Path(
        os.environ.get("LIVEDESK_VNU_JAR")
        or ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    )
    if not jar.is_file():
        pytest.skip(
            f"Nu Html Checker: {jar} not found (run `npm install --no-save vnu-jar` at the "
            "repository root or set LIVEDESK_VNU_JAR)"
        )
    return [java, "-Xss8m", "-jar", str(jar), "--format", "json", "--stdout"]


def wrap_fragment(fragment: str) -> str:
    """The fragment inside a minimal page, as a CMS would place it."""
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        "<title>CMS page</title>\n</head>\n<body>\n<h1>CMS page</h1>\n"
        f"{fragment}</body>\n</html>\n"
    )


def _hostile_doc() -> dict[str, Any]:
    """Markup-looking text everywhere: it must come out escaped and still valid."""
    evil = '<b onclick="x()">"&amp;</script><!-- \x01 \ud800 ]]>'
    doc = make_doc(title=f"Title {evil}", summary=[f"Point {evil} [x](#p-deal)"], authors=[evil])
    for post in doc["posts"]:
        post["headline"] = f"Head {evil}"
        post["body"] = f"Body {evil}\n\n# Heading {evil}\n\n[link](javascript:alert(1))"
        post["label"] = evil
        post["tags"] = [f"tag {evil}"]
        post["contributors"] = [{"name": f"Name {evil}", "place": f"Place {evil}"}]
        post["update_note"] = f"Note {evil}"
        for media in post["media"]:
            media.update(alt=f"Alt {evil}", caption=f"Caption {evil}", credit=f"Credit {evil}")
    return doc


@pytest.fixture(scope="module")
def vnu_results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict[str, Any]]]:
    """Run the checker once over every file (starting Java is the slow part)."""
    command = _vnu_command()
    folder = tmp_path_factory.mktemp("vnu")
    pages = {
        "page-ended.html": render_page(make_doc(), STYLE, loader()),
        "page-live.html": render_page(make_doc(status="live", coverage_end=None), STYLE, loader()),
        "page-no-outlet.html": render_page(make_doc(), HouseStyle(outlet_name=""), None),
        "page-hostile.html": render_page(_hostile_doc(), STYLE, loader()),
        "fragment.html": wrap_fragment(render_fragment(make_doc(), STYLE, loader())),
        "fragment-hostile.html": wrap_fragment(render_fragment(_hostile_doc(), STYLE, loader())),
        "page-payloads.html": render_page(hostile_doc(PAYLOADS), STYLE, any_src_loader),
    }
    sample = load_sample()
    if sample is not None:
        pages["sample-page.html"] = render_page(sample, STYLE, sample_loader())
        pages["sample-fragment.html"] = wrap_fragment(
            render_fragment(sample, STYLE, sample_loader())
        )
    for name, text in pages.items():
        (folder / name).write_text(text, encoding="utf-8")
    run = subprocess.run(
        [*command, *(str(folder / name) for name in pages)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    report = json.loads(run.stdout or run.stderr)
    results: dict[str, list[dict[str, Any]]] = {name: [] for name in pages}
    for message in report["messages"]:
        name = str(message.get("url", "")).rsplit("/", 1)[-1]
        results.setdefault(name, []).append(message)
    return results


@pytest.mark.parametrize(
    "name",
    [
        "page-ended.html",
        "page-live.html",
        "page-no-outlet.html",
        "page-hostile.html",
        "fragment.html",
        "fragment-hostile.html",
        "page-payloads.html",
        "sample-page.html",
        "sample-fragment.html",
    ],
)
def test_nu_html_checker_finds_no_errors(
    vnu_results: dict[str, list[dict[str, Any]]], name: str
) -> None:
    if name not in vnu_results:
        pytest.skip("resources/sample/sample-blog.json is not there yet")
    errors = [
        f"{m.get('lastLine')}: {m.get('message')} [{m.get('extract', '')!r}]"
        for m in vnu_results[name]
        if m.get("type") in ("error", "non-document-error") or m.get("subType") == "fatal"
    ]
    assert errors == []


# -- contrast (WCAG 2.2 SC 1.4.3: 4.5:1 for text) ------------------------------------------


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _palettes() -> dict[str, dict[str, str]]:
    """The colour variables of the light (liveblog.css) and dark (page.css) palettes."""

    def variables(block: str) -> dict[str, str]:
        return dict(re.findall(r"--ld-([a-z]+):\s*(#[0-9a-fA-F]{6})", block))

    light_css = (templates_dir() / "liveblog.css").read_text(encoding="utf-8")
    page_css = (templates_dir() / "page.css").read_text(encoding="utf-8")
    light = variables(light_css.split("}", 1)[0])
    dark_block = page_css.split("prefers-color-scheme: dark", 1)[1].split("}", 1)[0]
    return {"light": light, "dark": {**light, **variables(dark_block)}}


@pytest.mark.parametrize("palette", ["light", "dark"])
def test_text_colours_meet_aa(palette: str) -> None:
    colours = _palettes()[palette]
    for text in ("ink", "muted", "link", "accent"):
        for background in ("bg", "panel"):
            ratio = contrast(colours[text], colours[background])
            assert ratio >= 4.5, (palette, text, background, round(ratio, 2))


def test_chips_and_badges_meet_aa() -> None:
    css = (templates_dir() / "liveblog.css").read_text(encoding="utf-8")
    chips = re.findall(
        r"\.ld-(?:label--[a-z-]+|badge--[a-z]+|label) \{[^}]*?background: (#[0-9a-f]{6})", css
    )
    assert len(chips) >= 8
    for background in chips:
        assert contrast("#ffffff", background) >= 4.5, background
