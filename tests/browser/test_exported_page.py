"""The exported page in a real browser (issue 5): no WCAG 2.2 A/AA violations reported by
axe-core, no network request, and no sideways scrolling on a 390-px-wide phone.

Debian's Chromium (``apt-get install chromium``) is driven by ``playwright-core`` from npm, which
never downloads a browser of its own here; ``axe-core`` is injected into the page. Both come from
``package-lock.json``: run ``npm ci --ignore-scripts`` at the repository root. Without ``node``,
``/usr/bin/chromium`` or those packages the tests are skipped, saying which is missing.

``check_page.mjs`` opens every page once for each of four runs (desktop 1280x900 and phone
390x844 at 2x, each in the light and the dark colour scheme), aborts and records every request
other than the page itself and data: URLs, and prints one JSON report that these tests read.
Two control pages, broken on purpose, show that the check sees what it is there to see.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

import main
from export.html import render_fragment
from export.interchange import blog_document, import_document
from export.pipeline import render_document
from export.style import HouseStyle
from storage import BlogStore
from tests.conftest import BASE_DOC
from tests.export.test_render_docs import png_bytes

ROOT = Path(__file__).resolve().parents[2]
DRIVER = Path(__file__).resolve().parent / "check_page.mjs"
CHROMIUM = Path(os.environ.get("LIVEDESK_CHROMIUM", "/usr/bin/chromium"))
RUNS = ("desktop-light", "desktop-dark", "phone-light", "phone-dark")
REMOTE_PHOTO = "https://photos.example.org/harbour.jpg"


def _missing() -> str | None:
    if shutil.which("node") is None:
        return "node is not installed (apt-get install nodejs)"
    if not CHROMIUM.is_file():
        return f"{CHROMIUM} is not there (apt-get install chromium)"
    for package in ("playwright-core", "axe-core"):
        if not (ROOT / "node_modules" / package / "package.json").is_file():
            return f"node_modules/{package} is missing (run `npm ci --ignore-scripts`)"
    return None


pytestmark = pytest.mark.skipif(_missing() is not None, reason=str(_missing()))


# -- the pages -------------------------------------------------------------------------------


def every_feature_doc(status: str = "ended") -> dict[str, Any]:
    """A livedesk/1 document using everything the page can show: a pinned post, every known
    label and an unknown one, several contributors with places, a local photo with and one
    without a caption, headings, lists, a quote, links between posts and out, a post without a
    headline, update notes, tags, two days of posts, drafts, a closing note, and words too long
    for a phone's line."""
    doc = copy.deepcopy(BASE_DOC)
    blog = doc["blog"]
    blog["status"] = status
    if status == "live":
        blog["coverage_end"] = None
    blog["summary"].append(
        "Councillors meet on Tuesday; the agenda is at "
        "[example.org/council/meetings/2025-03-04/harbour-warehouse-fire-agenda]"
        "(https://example.org/council/meetings/2025-03-04/harbour-warehouse-fire-agenda)."
    )
    posts = doc["posts"]
    for post in posts:
        post["media"] = []
    fire_out = posts[1]
    fire_out["media"] = [
        {"src": "images/harbour.png", "alt": "Smoke over the harbour at dusk",
         "caption": "Smoke rose for hours over **Portmere**.", "credit": "Photo: Maya Okafor"},
        {"src": "images/crews.png", "alt": "Fire crews rolling up hoses", "caption": "",
         "credit": ""},
    ]
    labels = ["Analysis", "Fact-check", "Catch-up", "Explainer", "Opinion", "Update", "Weather"]
    extra = []
    for index, label in enumerate(labels):
        extra.append({
            "id": f"labelled-{index}",
            "headline": f"{label}: what we know about the harbour fire so far",
            "label": label,
            "contributors": [{"name": "Amara Diallo", "place": None}],
            "body": (
                "# What happened\n\nCrews were called at **06:10** and *nine* engines attended.\n\n"
                "## Timeline\n\n1. 06:10 first call\n2. 06:40 [evacuation](#key-info)\n"
                "3. 15:10 [fire out](#fire-out)\n\n### Sources\n\n- The fire service\n"
                "- [A draft we have not published](#draft-1)\n\n"
                "> “It was the worst fire here in decades.”\n\n"
                "Read the report at https://example.org/reports/"
                "harbour-warehouse-fire-2025-03-02-final-report-full-text.pdf — or the Welsh "
                "summary, Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch."
            ),
            "status": "published",
            "pinned": False,
            "published_at": f"2025-03-02T1{index}:05:00+00:00",
            "updated_at": f"2025-03-02T1{index}:05:30+00:00",
            "update_note": None,
            "tags": ["Fire", f"Tag {index}", "A rather long tag name for the harbour area"],
            "media": [],
        })
    extra.append({
        "id": "no-headline", "headline": "", "label": None, "contributors": [],
        "body": "A short update without a headline: roads reopen **on Monday**.\n\n"
                "# Which roads\n\nHarbour Road and Quay Street.",
        "status": "published", "pinned": False,
        "published_at": "2025-03-03T08:00:00+00:00", "updated_at": "2025-03-03T09:30:00+00:00",
        "update_note": "Corrected: Quay Street, not Quay Lane.", "tags": [], "media": [],
    })
    extra.append({
        "id": "draft-2", "headline": "Unpublished", "label": "Breaking", "contributors": [],
        "body": "Not on the page.", "status": "draft", "pinned": False,
        "published_at": None, "updated_at": "2025-03-02T16:00:00+00:00",
        "update_note": None, "tags": [], "media": [],
    })
    doc["posts"] = [*posts[:2], *extra, *posts[2:]]
    return doc


def _render_stored(doc: dict[str, Any], folder: Path, fmt: str) -> str:
    """Import ``doc`` (photos read from ``folder``) into a store and render it as the app does."""
    store = BlogStore.open(folder / f"{doc['blog']['slug']}-{fmt}.livedesk", create=True)
    try:
        report = import_document(store, doc, media_base=folder)
        style = HouseStyle.from_settings(store.settings())
        return render_document(blog_document(store, report.blog.id), fmt, style,
                               store.get_media_file)
    finally:
        store.close()


def wrap_fragment(fragment: str) -> str:
    """The fragment inside a minimal CMS page."""
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<title>Harbour news | Example CMS</title>\n</head>\n<body>\n<main>\n"
        f"{fragment}\n</main>\n</body>\n</html>\n"
    )


BROKEN_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Broken on purpose</title>
<style>
  .faint { color: #bbbbbb; background: #ffffff; }
  .wide { width: 700px; }
</style></head>
<body><main><h1>Broken on purpose</h1>
<p class="faint">Text too faint to read.</p>
<img src="https://photos.example.org/no-alt.jpg">
<div class="wide">A block wider than a phone.</div>
</main></body></html>
"""


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("exported")
    images = folder / "images"
    images.mkdir()
    (images / "harbour.png").write_bytes(png_bytes(640, 360))
    (images / "crews.png").write_bytes(png_bytes(480, 320, seed=60))
    out: dict[str, Path] = {}

    def write(name: str, text: str) -> None:
        out[name] = folder / name
        out[name].write_text(text, encoding="utf-8")

    # The shipped sample, through the command line exactly as an editor would export it.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LIVEDESK_DATA_DIR", str(tmp_path_factory.mktemp("data")))
        store_path = folder / "sample.livedesk"
        assert main.run(["sample", "--store", str(store_path)]) == 0
        out["sample-page.html"] = folder / "sample-page.html"
        assert main.run(["export", "--store", str(store_path), "--format", "html",
                         "-o", str(out["sample-page.html"])]) == 0
        fragment = folder / "sample.fragment.html"
        assert main.run(["export", "--store", str(store_path), "--format", "fragment",
                         "-o", str(fragment)]) == 0
        write("sample-fragment.html", wrap_fragment(fragment.read_text(encoding="utf-8")))

        ended = every_feature_doc("ended")
        write("features-ended.html", _render_stored(ended, folder, "html"))
        write("features-fragment.html",
              wrap_fragment(_render_stored(every_feature_doc("ended"), folder, "fragment")))
        live = every_feature_doc("live")
        live["blog"]["slug"] = "harbour-fire-live"
        write("features-live.html", _render_stored(live, folder, "html"))

    # Controls: a web photo is the one request a page may make (the editor chose it), and a
    # page broken on purpose must be caught on all three counts.
    remote = every_feature_doc("live")
    remote["posts"][1]["media"][0]["src"] = REMOTE_PHOTO
    style = HouseStyle()
    write("control-remote-photo.html", render_document(remote, "html", style, None))
    write("control-remote-fragment.html", wrap_fragment(render_fragment(remote, style, None)))
    write("control-broken.html", BROKEN_PAGE)
    return out


@pytest.fixture(scope="module")
def report(pages: dict[str, Path]) -> dict[str, dict[str, Any]]:
    """Run the browser once over every page."""
    env = {**os.environ, "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD": "1",
           "LIVEDESK_CHROMIUM": str(CHROMIUM)}
    run = subprocess.run(
        ["node", str(DRIVER), *(str(path) for path in pages.values())],
        capture_output=True, text=True, timeout=900, check=False, cwd=ROOT, env=env,
    )
    assert run.returncode == 0, f"check_page.mjs failed ({run.returncode}):\n{run.stderr}"
    data = json.loads(run.stdout)
    by_file = {page["file"]: page for page in data["pages"]}
    return {name: by_file[str(path)] for name, path in pages.items()}


def _violations(page: dict[str, Any]) -> list[str]:
    return [
        f"{run}: {v['id']} ({v['impact']}, {v['nodes']} nodes) at {v['target']}: {v['help']}"
        for run, result in page["runs"].items()
        for v in result["violations"]
    ]


# -- the exported pages ----------------------------------------------------------------------

EXPORTED = ["sample-page.html", "features-ended.html", "features-live.html"]
FRAGMENTS = ["sample-fragment.html", "features-fragment.html"]


@pytest.mark.parametrize("name", EXPORTED + FRAGMENTS)
def test_no_wcag_violations_light_and_dark_desktop_and_phone(
    report: dict[str, dict[str, Any]], name: str
) -> None:
    page = report[name]
    assert sorted(page["runs"]) == sorted(RUNS)
    assert _violations(page) == []


@pytest.mark.parametrize("name", EXPORTED + FRAGMENTS)
def test_no_network_requests(report: dict[str, dict[str, Any]], name: str) -> None:
    assert report[name]["requests"] == []


@pytest.mark.parametrize("name", EXPORTED + FRAGMENTS)
def test_fits_a_390_px_phone_without_sideways_scrolling(
    report: dict[str, dict[str, Any]], name: str
) -> None:
    for run in ("phone-light", "phone-dark"):
        widths = report[name]["runs"][run]["widths"]
        assert widths["innerWidth"] == 390
        assert widths["scrollWidth"] <= widths["innerWidth"], widths["overflowing"]
    desktop = report[name]["runs"]["desktop-light"]["widths"]
    assert desktop["scrollWidth"] <= desktop["innerWidth"], desktop["overflowing"]


def test_dark_runs_really_use_the_dark_scheme(report: dict[str, dict[str, Any]]) -> None:
    runs = report["sample-page.html"]["runs"]
    assert runs["phone-dark"]["widths"]["scheme"] == "dark"
    assert runs["phone-light"]["widths"]["scheme"] == "light"
    assert runs["phone-dark"]["widths"]["background"] != runs["phone-light"]["widths"]["background"]


# -- the controls: the check itself works ----------------------------------------------------


@pytest.mark.parametrize("name", ["control-remote-photo.html", "control-remote-fragment.html"])
def test_a_web_photo_is_the_only_request_and_it_is_seen(
    report: dict[str, dict[str, Any]], name: str
) -> None:
    urls = {request["url"] for request in report[name]["requests"]}
    assert urls == {REMOTE_PHOTO}
    assert _violations(report[name]) == []


def test_a_broken_page_is_caught_on_every_count(report: dict[str, dict[str, Any]]) -> None:
    page = report["control-broken.html"]
    for run in RUNS:
        ids = {v["id"] for v in page["runs"][run]["violations"]}
        assert {"color-contrast", "image-alt"} <= ids, run
    assert {r["url"] for r in page["requests"]} == {"https://photos.example.org/no-alt.jpg"}
    assert page["runs"]["phone-light"]["widths"]["scrollWidth"] > 390
    assert page["runs"]["desktop-light"]["widths"]["scrollWidth"] <= 1280


def test_the_generated_blog_shows_every_feature(pages: dict[str, Path]) -> None:
    """The generated page really has what the checks above are meant to cover."""
    ended = pages["features-ended.html"].read_text(encoding="utf-8")
    for marker in (
        "ld-masthead", "ld-badge--ended", "ld-summary", '<div class="ld-closing">',
        "ld-post ld-post--pinned", "ld-pin", "ld-label--breaking", "ld-label--analysis",
        "ld-label--fact-check", "ld-label--catch-up", "ld-label--explainer", "ld-label--opinion",
        "ld-label--update", "ld-label--other", 'class="ld-figure__img" src="data:image/png;base64,',
        "ld-figure__caption", "ld-credit", "ld-post__note", "ld-post__updated", "ld-tags",
        "<blockquote>", "<ol>", "<h3>", "<h4>", 'href="#fire-out"', 'rel="noopener noreferrer"',
    ):
        assert marker in ended, marker
    assert ended.count('class="ld-figure__img"') == 2
    assert 'id="draft-1"' not in ended and 'id="draft-2"' not in ended
    live = pages["features-live.html"].read_text(encoding="utf-8")
    assert "ld-badge--live" in live and '<div class="ld-closing">' not in live
    assert 'class="ld-liveblog ld-liveblog--fragment"' in pages[
        "features-fragment.html"
    ].read_text(encoding="utf-8")
