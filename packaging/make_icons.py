"""Render the Livedesk app icon from its SVG into every size the installers need.

    .venv/bin/python packaging/make_icons.py

writes, in ``resources/icons/``:

- ``livedesk-<n>.png`` for n in 16, 24, 32, 48, 64, 128, 256, 512 (Linux hicolor theme, the window
  icon, the .deb);
- ``livedesk.ico`` (Windows: the .exe and the installer), one PNG-compressed image per size from
  16 to 256;
- ``livedesk.icns`` (macOS: the .app bundle), PNG entries from 16 to 1024.

``livedesk.svg`` is the design; ``livedesk-small.svg`` is the same design with fewer, bolder strokes
that stays readable at 16 to 32 pixels. The container writers below are plain Python (no Qt), so
the tests can check them without rendering.
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"

PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
SMALL_DESIGN_MAX = 32  # up to this size, render livedesk-small.svg

#: ICNS entry types holding PNG data, and the pixel size of each (Apple's icns format).
ICNS_TYPES: dict[bytes, int] = {
    b"icp4": 16,
    b"icp5": 32,
    b"icp6": 64,
    b"ic07": 128,
    b"ic08": 256,
    b"ic09": 512,
    b"ic10": 1024,  # 512x512@2x
    b"ic11": 32,  # 16x16@2x
    b"ic12": 64,  # 32x32@2x
    b"ic13": 256,  # 128x128@2x
    b"ic14": 512,  # 256x256@2x
}

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG image, read from its IHDR chunk."""
    if not data.startswith(PNG_SIGNATURE) or data[12:16] != b"IHDR":
        raise ValueError("not a PNG image")
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """A Windows .ico holding one PNG-compressed image per size (Windows Vista and later)."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    directory = b""
    images = b""
    for size in sizes:
        data = pngs[size]
        if png_size(data) != (size, size):
            raise ValueError(f"the {size} px image is {png_size(data)}")
        # A width or height of 256 is written as 0; 32 bits per pixel, one plane.
        directory += struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(data),
                                 offset + len(images))
        images += data
    return header + directory + images


def read_ico(data: bytes) -> list[tuple[int, bytes]]:
    """The (size, PNG data) entries of an .ico written by :func:`ico_bytes`."""
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    if reserved != 0 or kind != 1:
        raise ValueError("not an .ico file")
    entries = []
    for index in range(count):
        width, _h, _c, _r, _p, _b, length, offset = struct.unpack(
            "<BBBBHHII", data[6 + 16 * index:22 + 16 * index])
        entries.append((width or 256, data[offset:offset + length]))
    return entries


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    """A macOS .icns holding PNG entries for every type in :data:`ICNS_TYPES`."""
    body = b""
    for kind, size in ICNS_TYPES.items():
        data = pngs[size]
        if png_size(data) != (size, size):
            raise ValueError(f"the {size} px image is {png_size(data)}")
        body += kind + struct.pack(">I", 8 + len(data)) + data
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def read_icns(data: bytes) -> list[tuple[bytes, bytes]]:
    """The (type, data) entries of an .icns file."""
    if data[:4] != b"icns" or struct.unpack(">I", data[4:8])[0] != len(data):
        raise ValueError("not an .icns file")
    entries = []
    position = 8
    while position < len(data):
        kind = data[position:position + 4]
        (length,) = struct.unpack(">I", data[position + 4:position + 8])
        entries.append((kind, data[position + 8:position + length]))
        position += length
    return entries


def render_png(svg: Path, size: int) -> bytes:
    """The SVG drawn at ``size`` x ``size`` pixels, as PNG bytes (needs Qt)."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    if QGuiApplication.instance() is None:
        _render_png_app.append(QGuiApplication(["make_icons", "-platform", "offscreen"]))
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"{svg} is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


_render_png_app: list[object] = []


def design_for(size: int) -> Path:
    """The SVG drawn at this size."""
    name = "livedesk-small.svg" if size <= SMALL_DESIGN_MAX else "livedesk.svg"
    return ICONS / name


def main() -> int:
    sizes = sorted(set(PNG_SIZES) | set(ICO_SIZES) | set(ICNS_TYPES.values()))
    pngs = {size: render_png(design_for(size), size) for size in sizes}
    for size in PNG_SIZES:
        (ICONS / f"livedesk-{size}.png").write_bytes(pngs[size])
    (ICONS / "livedesk.ico").write_bytes(ico_bytes({s: pngs[s] for s in ICO_SIZES}))
    (ICONS / "livedesk.icns").write_bytes(icns_bytes(pngs))
    written = [f"livedesk-{s}.png" for s in PNG_SIZES] + ["livedesk.ico", "livedesk.icns"]
    print(f"wrote {len(written)} files in {ICONS.relative_to(ROOT)}: {', '.join(written)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
