"""packaging/build.py's helpers: archive layout, sizes, the startup marker and the report table."""

from __future__ import annotations

import importlib.util
import sys
import tarfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"


def _load(name: str, filename: str) -> object:
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, PACKAGING / filename)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


plan = _load("livedesk_bundle", "livedesk_bundle.py")
build = _load("livedesk_package_build", "build.py")


def _fake_app(folder: Path) -> Path:
    app = folder / "livedesk"
    (app / "_internal" / "resources").mkdir(parents=True)
    (app / "livedesk").write_bytes(b"\x7fELF" + b"\0" * 2044)
    (app / "livedesk").chmod(0o755)
    (app / "_internal" / "resources" / "a.txt").write_text("x" * 1500, encoding="utf-8")
    (app / "_internal" / "liblink.so.1").symlink_to("resources/a.txt")
    return app


def test_tree_size_counts_files_not_symlinks(tmp_path: Path) -> None:
    assert build.tree_size(_fake_app(tmp_path)) == (2048 + 1500, 2)


def test_installed_size_rounds_each_file_up(tmp_path: Path) -> None:
    # 2 KiB + 2 KiB (1500 bytes rounded up) + 1 per directory (2) + 1 for the symlink
    assert build.installed_kib(_fake_app(tmp_path)) == 2 + 2 + 2 + 1


def test_tarball_has_one_versioned_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = _fake_app(tmp_path)
    monkeypatch.setattr(build, "DIST", tmp_path)
    project = plan.Project(name="livedesk", version="9.8.7", summary="")
    target = build.make_tarball(app, project)
    assert target.name.startswith("livedesk-9.8.7-linux-") and target.name.endswith(".tar.gz")
    with tarfile.open(target) as archive:
        members = {m.name: m for m in archive.getmembers()}
    assert {name.split("/")[0] for name in members} == {"livedesk-9.8.7"}
    exe = members["livedesk-9.8.7/livedesk"]
    assert exe.mode & 0o111 and exe.uid == 0 and exe.uname == "root"
    assert members["livedesk-9.8.7/_internal/liblink.so.1"].issym()


@pytest.mark.parametrize(("line", "value"), [
    ("startup-ms 612", 612.0), ("startup-ms 612.5\n", 612.5), ("  startup-ms   7 ", 7.0)])
def test_startup_marker(line: str, value: float) -> None:
    match = build.STARTUP_MARKER.match(line.strip())
    assert match and float(match.group(1)) == value


def test_startup_marker_ignores_other_output() -> None:
    assert not build.STARTUP_MARKER.match("startup-ms: soon")
    assert not build.STARTUP_MARKER.match("livedesk self-test passed")


def test_report_table_judges_each_target() -> None:
    report = build.Report(version="0.1.0", unpacked_bytes=100 * build.MIB, files=10,
                          tar_gz="dist/livedesk-0.1.0-linux-x86_64.tar.gz",
                          tar_gz_bytes=46 * build.MIB, deb="dist/livedesk_0.1.0_amd64.deb",
                          deb_bytes=37 * build.MIB, startup_ms=650.0,
                          startup_runs_ms=[640.0, 650.0, 700.0], startup_app_ms=[500.0])
    lines = {line.split("  ")[0]: line for line in build.table(report).splitlines()}
    assert lines["unpacked app (dist/livedesk)"].endswith("met")
    assert lines["livedesk-0.1.0-linux-x86_64.tar.gz"].endswith("MISSED")
    assert lines["livedesk_0.1.0_amd64.deb"].endswith("met")
    assert "650 ms" in lines["launch to first window"]
    assert lines["launch to first window"].endswith("met")


def test_unmeasured_startup_is_said_so() -> None:
    text = build.table(build.Report(version="0.1.0"))
    assert "not measured" in text


def test_command_line_flags() -> None:
    source = (PACKAGING / "build.py").read_text(encoding="utf-8")
    for flag in ("--skip-deb", "--skip-selftest", "--install-test", "--strict"):
        assert f'"{flag}"' in source
