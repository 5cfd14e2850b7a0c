"""storage/, export/ and the subcommands never import Qt (DESIGN.md: the layers)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QT_MODULES = ("PySide6", "shiboken6", "qtawesome", "qtpy")

PROBE = r"""
import json, runpy, sys
sys.argv = ["main.py", *json.loads(sys.argv[1])]
sys.path.insert(0, ".")
import storage, storage.store, storage.backup, storage.paths
import export, export.interchange, export.checks
for name in ("export.render", "export.html", "export.ninjs", "export.atom", "export.spelling",
             "export.style"):
    try:
        __import__(name)
    except ModuleNotFoundError as error:
        if error.name != name:
            raise
import main
code = 0
try:
    code = main.run(sys.argv[1:]) if len(sys.argv) > 1 else 0
except SystemExit as exit:
    code = exit.code
qt = sorted(m for m in sys.modules if m.split(".")[0] in QT)
print(json.dumps({"qt": qt, "code": code}), file=sys.stderr)
"""


def probe(tmp_path: Path, *args: str) -> dict[str, object]:
    code = "QT = " + repr(QT_MODULES) + "\n" + PROBE
    result = subprocess.run([sys.executable, "-c", code, json.dumps(list(args))], cwd=ROOT,
                            capture_output=True, text=True, timeout=120,
                            env={"PATH": "/usr/bin:/bin", "LIVEDESK_DATA_DIR": str(tmp_path)})
    last = result.stderr.strip().splitlines()[-1]
    return json.loads(last)  # type: ignore[no-any-return]


def test_core_packages_import_no_qt(tmp_path: Path) -> None:
    assert probe(tmp_path)["qt"] == []


def test_subcommands_import_no_qt(tmp_path: Path) -> None:
    store = str(tmp_path / "s.livedesk")
    out = str(tmp_path / "out")
    runs = [
        ["sample", "--store", store],
        ["blogs", "--store", store, "--json"],
        ["check", "--store", store, "--json"],
        ["export", "--store", store, "--format", "json", "-o", out + ".json"],
        ["export", "--store", store, "--format", "html", "-o", out + ".html"],
        ["export", "--store", store, "--format", "fragment", "-o", out + ".frag.html"],
        ["export", "--store", store, "--format", "ninjs", "-o", out + ".ninjs.json"],
        ["export", "--store", store, "--format", "atom", "-o", out + ".atom"],
        ["import", str(ROOT / "resources" / "sample" / "sample-blog.json"), "--store",
         str(tmp_path / "other.livedesk")],
        ["--version"],
    ]
    for args in runs:
        result = probe(tmp_path, *args)
        assert result["qt"] == [], (args, result)
        assert result["code"] in (0, 1), (args, result)
