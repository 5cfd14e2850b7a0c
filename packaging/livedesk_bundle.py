"""What goes into the frozen Livedesk app, and the files around it in the installers.

Plain Python (no Qt, no PyInstaller at import time): ``livedesk.spec`` and ``build.py`` use it, and
``tests/packaging`` checks it quickly. Nothing here builds anything.
"""

from __future__ import annotations

import re
import struct
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)

# ------------------------------------------------------------------------------ the project


@dataclass(frozen=True)
class Project:
    name: str
    version: str
    summary: str


def read_project(pyproject: Path = ROOT / "pyproject.toml") -> Project:
    """Name, version and one-line description from ``pyproject.toml`` (the only place they live)."""
    with pyproject.open("rb") as handle:
        table = tomllib.load(handle)["project"]
    if "version" not in table:
        raise ValueError(f"{pyproject}: [project] has no static version")
    return Project(name=table["name"], version=table["version"],
                   summary=table.get("description", "").strip())


# ------------------------------------------------------------------------- data in the bundle

#: Folders of ``resources/`` the app reads at run time, and the files it needs from each
#: (export.interchange.resources_dir(), export.html.templates_dir(),
#: export.spelling.wordlists_dir() find them under ``sys._MEIPASS/resources``).
RESOURCE_FILES: dict[str, tuple[str, ...]] = {
    "templates": ("*.j2", "*.css"),
    "schemas": ("*.json",),
    "wordlists": ("*.txt",),
    "sample": ("sample-blog.json",),
    "sample/images": ("*.jpg", "*.jpeg", "*.png", "*.gif", "*.webp"),
    "icons": ("livedesk.svg", "livedesk-*.png"),
}


def resource_datas(root: Path = ROOT) -> list[tuple[str, str]]:
    """(source file, folder in the bundle) for every resource the app needs, listed one by one."""
    datas = []
    for folder, patterns in RESOURCE_FILES.items():
        found = sorted({path for pattern in patterns for path in (root / "resources" / folder)
                        .glob(pattern) if path.is_file()})
        if not found:
            raise FileNotFoundError(f"resources/{folder} holds none of {', '.join(patterns)}")
        datas += [(str(path), f"resources/{folder}") for path in found]
    return datas


def package_datas() -> list[tuple[str, str]]:
    """Data of the libraries that PyInstaller has no hook for (STYLE.md item 10).

    pyspellchecker's dictionaries (without them: "The provided dictionary language (en) does not
    exist!") and the one qtawesome icon font the app draws with, Font Awesome 5 Solid, with its
    character map (``widgets/icons.py`` loads that font alone; the other ten stay out, about
    6 MiB).
    """
    from PyInstaller.utils.hooks import collect_data_files

    spelling = collect_data_files("spellchecker")
    fonts = collect_data_files("qtawesome", includes=[f"fonts/{ICON_FONT}-*"])
    check_package_datas(spelling, fonts)
    return spelling + fonts


#: The file name stem of the icon font ``widgets/icons.py`` uses (qtawesome prefix ``fa5s``).
ICON_FONT = "fontawesome5-solid-webfont"


def keep_icon_font(dest: str) -> bool:
    """False for the qtawesome fonts the app never loads: PyInstaller's own qtawesome hook
    collects all eleven (about 6 MiB), ``widgets/icons.py`` loads one."""
    path = "/" + dest.replace("\\", "/")
    if "/qtawesome/fonts/" not in path:
        return True
    return path.rsplit("/", 1)[-1].startswith(f"{ICON_FONT}-")


def check_package_datas(spelling: list[tuple[str, str]], fonts: list[tuple[str, str]]) -> None:
    """Refuse to build an app that would fail at run time for want of these files."""
    if not any(src.endswith("en.json.gz") for src, _dest in spelling):
        raise FileNotFoundError("pyspellchecker's English dictionary (en.json.gz) was not found")
    if not any(src.endswith(".ttf") for src, _dest in fonts):
        raise FileNotFoundError("qtawesome's fonts were not found")


#: The app's own packages, imported lazily by main.py: listed so that every module ships.
APP_PACKAGES = ("storage", "export", "desktop", "widgets")

# ---------------------------------------------------------------------------- Qt, trimmed

#: Python modules the app never imports. QtPy and PySide6 reach for some of them (qtpy.QtGui tries
#: QtOpenGL, and copes when it is missing).
EXCLUDED_MODULES = (
    "PySide6.QtNetwork", "PySide6.QtQml", "PySide6.QtQuick", "PySide6.QtQuickControls2",
    "PySide6.QtQuickWidgets", "PySide6.QtQuickTest", "PySide6.Qt3DCore", "PySide6.QtMultimedia",
    "PySide6.QtWebEngineCore", "PySide6.QtWebEngineWidgets", "PySide6.QtPdf",
    "PySide6.QtPdfWidgets", "PySide6.QtOpenGL", "PySide6.QtOpenGLWidgets", "PySide6.QtSql",
    "PySide6.QtTest", "PySide6.QtDesigner", "PySide6.QtUiTools", "PySide6.QtXml",
    "PySide6.QtConcurrent", "PySide6.QtDBus", "PySide6.QtHelp", "PySide6.QtPrintSupport",
    "PySide6.QtSvgWidgets", "PySide6.QtDataVisualization", "PySide6.QtCharts",
    "tkinter", "_tkinter", "unittest", "pydoc", "pytest", "pytestqt", "hypothesis", "IPython",
    # No network and no TLS: hashlib falls back to Python's own SHA-2/SHA-3/BLAKE2 (-5 MB of
    # OpenSSL). East Asian legacy codecs: the app reads and writes UTF-8 only.
    "ssl", "_ssl", "_hashlib", "_codecs_cn", "_codecs_hk", "_codecs_iso2022", "_codecs_jp",
    "_codecs_kr", "_codecs_tw", "_multibytecodec",
)

#: Qt plugins that ship: platforms (a desktop, and headless for --self-test), input methods
#: (compose key and IBus: accents and non-Latin scripts), the image formats of photos and icons.
#: Everything else the hooks collect is dropped: Wayland (Qt falls back to X11 through XWayland),
#: EGL/GL integrations (no OpenGL in the app), GTK and portal themes (they pull in GTK), evdev,
#: TLS and network information (no QtNetwork), PDF/TIFF/TGA/WBMP/ICNS/WebP image formats (PNG is
#: built into QtGui).
KEPT_PLUGINS = {
    "platforms": {"libqxcb.so", "libqoffscreen.so", "libqminimal.so",
                  "qwindows.dll", "qminimal.dll", "qoffscreen.dll", "libqcocoa.dylib",
                  "libqminimal.dylib", "libqoffscreen.dylib"},
    "platforminputcontexts": {"libcomposeplatforminputcontextplugin.so",
                              "libibusplatforminputcontextplugin.so"},
    "imageformats": {"libqjpeg", "libqgif", "libqico", "libqsvg", "qjpeg", "qgif", "qico", "qsvg"},
    "iconengines": {"libqsvgicon", "qsvgicon"},
    "styles": {"qmodernwindowsstyle", "libqmacstyle"},
}

# Linux and macOS wheels keep Qt under PySide6/Qt/, Windows wheels directly under PySide6/.
_PLUGIN_PATH = re.compile(r"^PySide6/(?:Qt/)?plugins/([^/]+)/([^/]+)$")
_TRANSLATION = re.compile(r"^PySide6/(?:Qt/)?translations/")


def keep_qt_file(dest: str) -> bool:
    """Whether a file the PySide6 hooks collected (bundle-relative path) is kept in the app."""
    dest = dest.replace("\\", "/")
    if _TRANSLATION.search(dest):
        return False  # the app's texts are English and it installs no QTranslator
    match = _PLUGIN_PATH.search(dest)
    if not match:
        return True
    kind, filename = match.groups()
    kept = KEPT_PLUGINS.get(kind)
    if kept is None:
        return False
    stem = filename.split(".")[0]
    return filename in kept or stem in kept


#: Libraries of the desktop the app runs on (X server, GPU driver, fonts, session bus). They must
#: match the running system, so the app uses the system's copies; the .deb depends on them.
#: (libstdc++ too: a bundled older copy breaks the system's Mesa drivers.)
#: PyInstaller already leaves out libc, libGL/libEGL, libxcb and libwayland.
SYSTEM_LIBRARIES = re.compile(
    r"^lib(X11|X11-xcb|Xau|Xdmcp|Xext|Xrender|Xfixes|Xi|Xrandr|Xcursor|Xinerama|Xcomposite|"
    r"Xdamage|xcb-(randr|render|shape|shm|sync|xfixes|xkb|glx|present|dri\d)|"
    r"xkbcommon|xkbcommon-x11|fontconfig|freetype|dbus-1|systemd|"
    r"glib-2\.0|gthread-2\.0|gobject-2\.0|gio-2\.0|gmodule-2\.0|"
    r"stdc\+\+|gcc_s|OpenGL|GLdispatch|GLX|"
    # Compression, libffi, libuuid and SQLite: part of every Debian and Ubuntu system, with
    # stable ABIs, and the very copies the test suite runs on (~2.6 MB less to ship).
    r"z|lzma|bz2|zstd|ffi|uuid|sqlite3)\.so(\.\d+)*$")

#: Small X libraries that Qt's X11 platform needs and that desktop installs often lack (Qt's own
#: message then names the wrong one). They ship inside the app so that an offline machine starts it.
BUNDLED_XCB_HELPERS = ("libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb-keysyms.so.1",
                       "libxcb-image.so.0", "libxcb-render-util.so.0", "libxcb-util.so.1")


def is_system_library(name: str) -> bool:
    return name not in BUNDLED_XCB_HELPERS and bool(SYSTEM_LIBRARIES.match(name))


def elf_needed(path: Path) -> list[str]:
    """The DT_NEEDED entries (sonames) of a 64-bit little-endian ELF file; [] for anything else."""
    with path.open("rb") as handle:
        data = handle.read()
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        return []
    (shoff,) = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize)
                for i in range(shnum)]
    needed = []
    for _name, kind, _flags, _addr, offset, size, link, _info, _align, _entsize in sections:
        if kind != 6:  # SHT_DYNAMIC
            continue
        strtab = sections[link][4]
        for position in range(offset, offset + size, 16):
            tag, value = struct.unpack_from("<qQ", data, position)
            if tag == 0:
                break
            if tag == 1:  # DT_NEEDED
                end = data.index(b"\0", strtab + value)
                needed.append(data[strtab + value:end].decode())
    return needed


def glibc_floor(paths: Iterable[Path]) -> str | None:
    """The newest ``GLIBC_2.N`` symbol version any of these ELF files asks for ("2.N")."""
    newest: tuple[int, ...] | None = None
    for path in paths:
        for match in re.finditer(rb"GLIBC_(2\.\d+(?:\.\d+)?)\0", path.read_bytes()):
            version = tuple(int(n) for n in match.group(1).split(b"."))
            newest = version if newest is None else max(newest, version)
    return ".".join(map(str, newest)) if newest else None


def prune_libraries(binaries: Iterable[tuple[str, str, str]],
                    needed_of: dict[str, list[str]]) -> list[tuple[str, str, str]]:
    """Drop system libraries, then every shared library that nothing kept needs.

    ``binaries`` is PyInstaller's TOC (dest, source, kind); ``needed_of`` maps a dest to its
    DT_NEEDED sonames. The roots are Python extension modules, Qt plugins and libpython (the
    bootloader loads it by name); a plain shared library (Qt's own included) stays only while a
    kept file needs it, so dropping QtNetwork's plugins also drops libQt6Network.
    """
    entries = [entry for entry in binaries
               if not is_system_library(Path(entry[0]).name)]
    while True:
        wanted = {name for dest, _src, _kind in entries for name in needed_of.get(dest, ())}
        kept = [entry for entry in entries if _is_root(entry) or Path(entry[0]).name in wanted]
        if len(kept) == len(entries):
            return kept
        entries = kept


def drop_dangling_symlinks(toc: Iterable[tuple[str, str, str]],
                           present: set[str]) -> list[tuple[str, str, str]]:
    """Leave out PyInstaller's SYMLINK entries (dest, target, "SYMLINK") whose target is gone."""
    return [entry for entry in toc
            if entry[2] != "SYMLINK" or entry[1].replace("\\", "/") in present]


def _is_root(entry: tuple[str, str, str]) -> bool:
    dest, _src, kind = entry
    dest = dest.replace("\\", "/")
    name = dest.rsplit("/", 1)[-1]
    return (kind == "EXTENSION" or "/plugins/" in dest or name.startswith("libpython")
            or ".so" not in name)


# ------------------------------------------------------------------------------ the .deb

DEB_MAINTAINER = "Livedesk maintainers <livedesk@example.org>"


def deb_control(project: Project, *, arch: str, depends: list[str], installed_kib: int,
                maintainer: str = DEB_MAINTAINER) -> str:
    """The DEBIAN/control file."""
    long_description = (
        "Livedesk keeps a newsroom's live blogs in one local file: write and reorder\n"
        "timestamped posts and key points, tag, search and spellcheck them, and export\n"
        "the blog as an HTML page, a CMS fragment, JSON, ninjs or Atom.\n"
        "It works offline.")
    body = "\n".join(" " + (line or ".") for line in long_description.splitlines())
    synopsis = project.summary or project.name
    if len(synopsis) > 60:  # Debian: a short synopsis; the long text follows
        synopsis = synopsis.split(":")[0].removeprefix("A ").strip()
        synopsis = synopsis[:1].upper() + synopsis[1:]
    fields = [
        ("Package", project.name),
        ("Version", project.version),
        ("Architecture", arch),
        ("Maintainer", maintainer),
        ("Installed-Size", str(installed_kib)),
        ("Depends", ", ".join(depends)),
        ("Section", "editors"),
        ("Priority", "optional"),
        ("Description", synopsis + "\n" + body),
    ]
    return "".join(f"{key}: {value}\n" for key, value in fields)


def desktop_entry(project: Project) -> str:
    """/usr/share/applications/livedesk.desktop."""
    return (
        "[Desktop Entry]\n"
        "Type=Application\n"
        "Name=Livedesk\n"
        "GenericName=Live blog editor\n"
        f"Comment={project.summary}\n"
        f"Exec={project.name}\n"
        f"Icon={project.name}\n"
        "Terminal=false\n"
        "Categories=Office;Publishing;Qt;\n"
        "Keywords=live blog;news;newsroom;editor;\n"
        "StartupWMClass=livedesk\n")


def deb_copyright(project: Project) -> str:
    return (
        "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"
        f"Upstream-Name: {project.name}\n\n"
        "Files: *\n"
        "License: MIT\n"
        "Comment: /opt/livedesk/_internal holds Python, Qt (LGPL-3), PySide6 (LGPL-3) and the\n"
        " Python libraries listed in requirements.lock, each under its own licence.\n")


def merge_depends(entries: Iterable[str]) -> list[str]:
    """One Depends entry per package, keeping the strictest ">=" version; sorted."""
    best: dict[str, str | None] = {}
    for entry in entries:
        for part in (p.strip() for p in entry.split(",")):
            if not part:
                continue
            match = re.fullmatch(r"([a-z0-9][a-z0-9+.\-]*)(?::\w+)?(?:\s*\(>=\s*([^)\s]+)\))?",
                                 part)
            if not match:
                raise ValueError(f"cannot read the dependency {part!r}")
            package, version = match.groups()
            old = best.get(package)
            if old is None or (version is not None and _version_key(version) > _version_key(old)):
                best[package] = version
    return [f"{package} (>= {version})" if version else package
            for package, version in sorted(best.items())]


def _version_key(version: str) -> tuple[object, ...]:
    """A rough Debian version order: epoch, then the digit runs (enough for ">=" floors)."""
    epoch, _sep, rest = version.rpartition(":")
    return (int(epoch or 0), *(int(n) for n in re.findall(r"\d+", rest)))
