"""The .deb's control file and desktop entry, and the app icon in every size (fast checks)."""

from __future__ import annotations

import configparser
import importlib.util
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
ICONS = ROOT / "resources" / "icons"


def _load(name: str) -> object:
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, PACKAGING / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


plan = _load("livedesk_bundle")
icons = _load("make_icons")


def _control() -> str:
    project = plan.read_project()
    return plan.deb_control(project, arch="amd64", installed_kib=123456,
                            depends=["libc6 (>= 2.34)", "libx11-6", "libxcb1 (>= 1.11)"])


def test_control_file_fields() -> None:
    text = _control()
    project = plan.read_project()
    fields = dict(re.findall(r"^([A-Z][A-Za-z-]+): (.*)$", text, re.MULTILINE))
    assert fields["Package"] == project.name
    assert fields["Version"] == project.version
    assert fields["Architecture"] == "amd64"
    assert fields["Installed-Size"] == "123456"
    assert fields["Depends"] == "libc6 (>= 2.34), libx11-6, libxcb1 (>= 1.11)"
    assert "<" in fields["Maintainer"] and ">" in fields["Maintainer"]
    assert fields["Description"] == "Desktop editor for newsroom live blogs"


def test_control_file_syntax() -> None:
    text = _control()
    assert text.endswith("\n") and not text.endswith("\n\n")
    for line in text.splitlines():
        # a field, or a continuation line of the long description (never empty: "." instead)
        assert re.match(r"^[A-Z][A-Za-z-]+: \S", line) or re.match(r"^ \S", line), line
        assert len(line) <= 80


def test_merge_depends_keeps_the_strictest_floor() -> None:
    merged = plan.merge_depends(["libc6 (>= 2.17), libx11-6", "libc6 (>= 2.34)",
                                 "libxcb1:amd64 (>= 1.8)", "libxcb1 (>= 1.11)", "libx11-6",
                                 "zlib1g (>= 1:1.2.3.4)", "zlib1g (>= 1:1.1.4)"])
    assert merged == ["libc6 (>= 2.34)", "libx11-6", "libxcb1 (>= 1.11)", "zlib1g (>= 1:1.2.3.4)"]


def test_merge_depends_refuses_what_it_cannot_read() -> None:
    with pytest.raises(ValueError):
        plan.merge_depends(["libfoo | libbar"])


def test_desktop_entry() -> None:
    project = plan.read_project()
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(plan.desktop_entry(project))
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Exec"] == project.name
    assert entry["Icon"] == project.name
    assert entry["Terminal"] == "false"
    assert entry["Categories"].endswith(";")


@pytest.mark.parametrize("size", [16, 24, 32, 48, 64, 128, 256, 512])
def test_png_icons_exist_in_every_size(size: int) -> None:
    data = (ICONS / f"livedesk-{size}.png").read_bytes()
    assert icons.png_size(data) == (size, size)
    assert size in plan.ICON_SIZES


def test_svg_icon_is_square() -> None:
    text = (ICONS / "livedesk.svg").read_text(encoding="utf-8")
    assert 'viewBox="0 0 512 512"' in text


def test_ico_holds_sizes_16_to_256() -> None:
    entries = icons.read_ico((ICONS / "livedesk.ico").read_bytes())
    assert [size for size, _data in entries] == [16, 24, 32, 48, 64, 128, 256]
    for size, data in entries:
        assert icons.png_size(data) == (size, size)


def test_icns_holds_png_entries_ic07_to_ic10() -> None:
    entries = dict(icons.read_icns((ICONS / "livedesk.icns").read_bytes()))
    for kind, size in {b"ic07": 128, b"ic08": 256, b"ic09": 512, b"ic10": 1024}.items():
        assert icons.png_size(entries[kind]) == (size, size)
    assert set(entries) == set(icons.ICNS_TYPES)


def test_containers_round_trip() -> None:
    pngs = {16: (ICONS / "livedesk-16.png").read_bytes(),
            256: (ICONS / "livedesk-256.png").read_bytes()}
    assert icons.read_ico(icons.ico_bytes(pngs)) == sorted(pngs.items())
    with pytest.raises(ValueError, match="16 px"):
        icons.ico_bytes({16: pngs[256]})
    with pytest.raises(ValueError, match="not a PNG"):
        icons.png_size(b"GIF89a....")
