"""Screenshots of the exported sample live blog in headless Chromium (issue 5).

    python tools/export_screenshots.py [OUT_DIR]

Exports the shipped sample blog as an HTML page into a temporary folder, exactly as
``livedesk sample`` and ``livedesk export --format html`` do, and photographs the top of it with
the browser test's driver (``tests/browser/check_page.mjs``: Debian's Chromium driven by
playwright-core, every request but the page itself aborted):

- ``export-desktop.png``: 1280 px wide, the first 2600 px of the page;
- ``export-phone.png``: 390 px wide at deviceScaleFactor 2 (780 px in the file), the first
  3400 CSS px of the page (6800 px in the file).

Both go to ``docs/screenshots/`` by default. Needs ``node``, ``/usr/bin/chromium`` (or
``LIVEDESK_CHROMIUM``) and ``npm ci --ignore-scripts`` at the repository root.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DRIVER = ROOT / "tests" / "browser" / "check_page.mjs"
# Heights in CSS px: enough for the title block, the key points, the pinned post and the top of
# the first post after it (the sample's pinned "key information" post is long).
SHOTS = {"desktop": ("export-desktop.png", 2600), "phone": ("export-phone.png", 3400)}


def export_sample(folder: Path) -> Path:
    """The sample blog exported as one HTML page in ``folder``."""
    os.environ.setdefault("LIVEDESK_DATA_DIR", str(folder / "data"))
    sys.path.insert(0, str(ROOT))
    import main

    store = folder / "sample.livedesk"
    page = folder / "sample.html"
    if main.run(["sample", "--store", str(store)]) != 0:
        raise SystemExit("livedesk sample failed")
    if main.run(["export", "--store", str(store), "--format", "html", "-o", str(page)]) != 0:
        raise SystemExit("livedesk export failed")
    return page


def take(page: Path, out_dir: Path) -> list[Path]:
    env = {**os.environ, "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD": "1"}
    written = []
    for device, (name, height) in SHOTS.items():
        out = out_dir / name
        run = subprocess.run(
            ["node", str(DRIVER), "--screenshot", device, str(out), "--height", str(height),
             str(page)],
            capture_output=True, text=True, timeout=300, check=False, cwd=ROOT, env=env,
        )
        if run.returncode != 0:
            raise SystemExit(f"screenshot ({device}) failed:\n{run.stderr}")
        result = json.loads(run.stdout)
        if result["requests"]:
            raise SystemExit(f"the page made requests: {result['requests']}")
        written.append(out)
    return written


def run_all(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="livedesk-export-shots-") as tmp:
        return take(export_sample(Path(tmp)), out_dir)


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    for path in run_all(target):
        print(path)
