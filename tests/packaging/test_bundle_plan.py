"""The packaging plan (packaging/livedesk_bundle.py): what the frozen app carries and leaves out.

Fast checks only; the full build runs with ``make package``, not in the test suite.
"""

from __future__ import annotations

import importlib.util
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"


def _load(name: str) -> object:
    # packaging/ is not importable by name: PyPI's "packaging" (which PyInstaller and pytest use)
    # owns that name, so load the files by path.
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, PACKAGING / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


plan = _load("livedesk_bundle")


def test_name_and_version_come_from_pyproject() -> None:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        table = tomllib.load(handle)["project"]
    project = plan.read_project()
    assert (project.name, project.version) == (table["name"], table["version"])
    assert project.summary == table["description"]


def test_version_agrees_with_the_command_line() -> None:
    text = (ROOT / "main.py").read_text(encoding="utf-8")
    assert f'__version__ = "{plan.read_project().version}"' in text


def test_read_project_refuses_a_dynamic_version(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text('[project]\nname = "x"\ndynamic = ["version"]\n', encoding="utf-8")
    with pytest.raises(ValueError, match="no static version"):
        plan.read_project(path)


def test_the_spec_uses_the_plan() -> None:
    spec = (PACKAGING / "livedesk.spec").read_text(encoding="utf-8")
    for needle in ("read_project", "resource_datas", "package_datas", "EXCLUDED_MODULES",
                   "keep_qt_file", "prune_libraries", "console=False", "COLLECT(", "BUNDLE("):
        assert needle in spec


def test_every_resource_folder_ships() -> None:
    datas = plan.resource_datas()
    dests = {dest for _src, dest in datas}
    assert dests == {f"resources/{folder}" for folder in plan.RESOURCE_FILES}
    names = {Path(src).name for src, _dest in datas}
    assert {"page.html.j2", "fragment.html.j2", "livedesk-1.schema.json", "sample-blog.json",
            "livedesk.svg", "livedesk-256.png"} <= names
    assert any(name.endswith(".txt") for name in names)
    assert all(Path(src).is_file() for src, _dest in datas)


def test_every_sample_image_the_sample_blog_names_ships() -> None:
    import json

    sample = json.loads((ROOT / "resources/sample/sample-blog.json").read_text(encoding="utf-8"))
    wanted = {Path(media["src"]).name for post in sample["posts"]
              for media in post.get("media", []) if not media["src"].startswith("http")}
    shipped = {Path(src).name for src, dest in plan.resource_datas()
               if dest == "resources/sample/images"}
    assert wanted <= shipped


def test_no_python_source_of_resources_ships() -> None:
    assert not [src for src, _dest in plan.resource_datas() if src.endswith(".py")]


def test_spellchecker_dictionaries_and_qtawesome_fonts_ship() -> None:
    datas = plan.package_datas()
    spelling = [src for src, dest in datas if dest.replace("\\", "/").startswith("spellchecker")]
    fonts = [src for src, dest in datas if dest.replace("\\", "/") == "qtawesome/fonts"]
    assert any(src.endswith("en.json.gz") for src in spelling)
    # The one icon font the app loads (widgets/icons.py), with its character map, and no other.
    import qtawesome

    from widgets.icons import PREFIX

    wanted = {name for prefix, *files in qtawesome._BUNDLED_FONTS if prefix == PREFIX
              for name in files}
    assert {Path(src).name for src in fonts} == wanted


def test_only_the_icon_font_the_app_loads_ships() -> None:
    assert plan.keep_icon_font("qtawesome/fonts/fontawesome5-solid-webfont-5.15.4.ttf")
    assert plan.keep_icon_font("qtawesome\\fonts\\fontawesome5-solid-webfont-charmap-5.15.4.json")
    assert not plan.keep_icon_font("qtawesome/fonts/materialdesignicons6-webfont-6.9.96.ttf")
    assert not plan.keep_icon_font("qtawesome/fonts/fontawesome5-regular-webfont-5.15.4.ttf")
    assert plan.keep_icon_font("resources/fonts/anything.ttf")


def test_missing_package_data_stops_the_build() -> None:
    with pytest.raises(FileNotFoundError, match="English dictionary"):
        plan.check_package_datas([], [("x.ttf", "qtawesome/fonts")])
    with pytest.raises(FileNotFoundError, match="fonts"):
        plan.check_package_datas([("a/en.json.gz", "spellchecker/resources")], [])


def test_unused_qt_modules_are_excluded_and_used_ones_are_not() -> None:
    excluded = set(plan.EXCLUDED_MODULES)
    for module in ("QtNetwork", "QtQml", "QtQuick", "QtWebEngineCore", "QtPdf", "QtSql",
                   "QtTest", "QtOpenGL", "QtDesigner", "QtUiTools", "QtXml", "QtDBus"):
        assert f"PySide6.{module}" in excluded
    for module in ("QtCore", "QtGui", "QtWidgets", "QtSvg"):
        assert f"PySide6.{module}" not in excluded


@pytest.mark.parametrize(("dest", "kept"), [
    ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
    ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
    ("PySide6/Qt/plugins/platforms/libqwayland.so", False),
    ("PySide6/Qt/plugins/platforms/libqeglfs.so", False),
    ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
    ("PySide6/Qt/plugins/imageformats/libqjpeg.so", True),
    ("PySide6/Qt/plugins/imageformats/libqgif.so", True),
    ("PySide6/Qt/plugins/imageformats/libqsvg.so", True),
    ("PySide6/Qt/plugins/imageformats/libqico.so", True),
    ("PySide6/Qt/plugins/imageformats/libqpdf.so", False),
    ("PySide6/Qt/plugins/imageformats/libqtiff.so", False),
    ("PySide6/Qt/plugins/platforminputcontexts/libcomposeplatforminputcontextplugin.so", True),
    ("PySide6/Qt/plugins/tls/libqopensslbackend.so", False),
    ("PySide6/Qt/plugins/xcbglintegrations/libqxcb-glx-integration.so", False),
    ("PySide6\\plugins\\platforms\\qwindows.dll", True),
    ("PySide6\\plugins\\imageformats\\qjpeg.dll", True),
    ("PySide6\\plugins\\styles\\qmodernwindowsstyle.dll", True),
    ("PySide6\\plugins\\imageformats\\qpdf.dll", False),
    ("PySide6\\plugins\\platforms\\qdirect2d.dll", False),
    ("PySide6\\translations\\qtbase_fr.qm", False),
    ("PySide6/Qt/plugins/platforms/libqcocoa.dylib", True),
    ("PySide6/Qt/plugins/imageformats/libqjpeg.dylib", True),
    ("PySide6/Qt/translations/qtbase_de.qm", False),
    ("PySide6/Qt/lib/libQt6Widgets.so.6", True),
    ("spellchecker/resources/en.json.gz", True),
])
def test_qt_plugins_and_translations(dest: str, kept: bool) -> None:
    assert plan.keep_qt_file(dest) is kept


def test_system_libraries_are_left_to_the_system() -> None:
    for name in ("libX11.so.6", "libxcb-xkb.so.1", "libxkbcommon-x11.so.0", "libfontconfig.so.1",
                 "libfreetype.so.6", "libdbus-1.so.3", "libglib-2.0.so.0", "libstdc++.so.6",
                 "libgcc_s.so.1", "libz.so.1", "libsqlite3.so.0"):
        assert plan.is_system_library(name), name
    for name in ("libQt6Core.so.6", "libicudata.so.73", "libpython3.11.so.1.0",
                 "libxcb-cursor.so.0", "libxcb-icccm.so.4", "libpyside6.abi3.so.6.11",
                 "libzmq.so.5"):
        assert not plan.is_system_library(name), name


def test_pruning_follows_what_kept_files_need() -> None:
    toc = [
        ("PySide6/QtWidgets.abi3.so", "/x/QtWidgets.abi3.so", "EXTENSION"),
        ("PySide6/Qt/lib/libQt6Widgets.so.6", "/x/libQt6Widgets.so.6", "BINARY"),
        ("PySide6/Qt/lib/libQt6Gui.so.6", "/x/libQt6Gui.so.6", "BINARY"),
        ("PySide6/Qt/lib/libQt6Network.so.6", "/x/libQt6Network.so.6", "BINARY"),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "/x/libqxcb.so", "BINARY"),
        ("libxcb-cursor.so.0", "/usr/lib/libxcb-cursor.so.0", "BINARY"),
        ("libX11.so.6", "/usr/lib/libX11.so.6", "BINARY"),
        ("libXau.so.6", "/usr/lib/libXau.so.6", "BINARY"),
        ("libkrb5.so.3", "/usr/lib/libkrb5.so.3", "BINARY"),
        ("libpython3.11.so.1.0", "/x/libpython3.11.so.1.0", "BINARY"),
    ]
    needed = {
        "PySide6/QtWidgets.abi3.so": ["libQt6Widgets.so.6"],
        "PySide6/Qt/lib/libQt6Widgets.so.6": ["libQt6Gui.so.6"],
        "PySide6/Qt/lib/libQt6Gui.so.6": ["libX11.so.6"],
        "PySide6/Qt/lib/libQt6Network.so.6": ["libkrb5.so.3"],
        "PySide6/Qt/plugins/platforms/libqxcb.so": ["libxcb-cursor.so.0", "libX11.so.6"],
        "libX11.so.6": ["libXau.so.6"],
    }
    kept = [dest for dest, _src, _kind in plan.prune_libraries(toc, needed)]
    assert kept == ["PySide6/QtWidgets.abi3.so", "PySide6/Qt/lib/libQt6Widgets.so.6",
                    "PySide6/Qt/lib/libQt6Gui.so.6", "PySide6/Qt/plugins/platforms/libqxcb.so",
                    "libxcb-cursor.so.0", "libpython3.11.so.1.0"]


def test_dangling_symlinks_are_dropped() -> None:
    toc = [("libQt6Gui.so.6", "PySide6/Qt/lib/libQt6Gui.so.6", "SYMLINK"),
           ("libQt6Network.so.6", "PySide6/Qt/lib/libQt6Network.so.6", "SYMLINK"),
           ("a.txt", "/src/a.txt", "DATA")]
    kept = plan.drop_dangling_symlinks(toc, {"PySide6/Qt/lib/libQt6Gui.so.6", "a.txt"})
    assert [dest for dest, _src, _kind in kept] == ["libQt6Gui.so.6", "a.txt"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ELF files are Linux's")
def test_elf_needed_reads_a_real_library() -> None:
    import PySide6

    core = Path(PySide6.__file__).parent / "Qt" / "lib" / "libQt6Core.so.6"
    needed = plan.elf_needed(core)
    assert "libc.so.6" in needed
    assert any(name.startswith("libicuuc") for name in needed)


def test_elf_needed_ignores_other_files(tmp_path: Path) -> None:
    path = tmp_path / "not-elf"
    path.write_bytes(b"#!/bin/sh\n")
    assert plan.elf_needed(path) == []


def test_glibc_floor(tmp_path: Path) -> None:
    (tmp_path / "a").write_bytes(b"\0GLIBC_2.17\0GLIBC_2.4\0")
    (tmp_path / "b").write_bytes(b"\0GLIBC_2.34\0GLIBC_PRIVATE\0")
    assert plan.glibc_floor([tmp_path / "a", tmp_path / "b"]) == "2.34"
    assert plan.glibc_floor([]) is None
