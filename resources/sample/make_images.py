"""Draw the illustrations used by the sample live blog (resources/sample/sample-blog.json).

Every picture is drawn here with QPainter: there are no source photos. The output is
deterministic (fixed random seeds), 1200x675 JPEG at quality 80.

Run from the repository root:

    QT_QPA_PLATFORM=offscreen .venv/bin/python resources/sample/make_images.py
"""

from __future__ import annotations

import math
import os
import random
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QGuiApplication,
    QImage,
    QLinearGradient,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
    QRadialGradient,
)

W, H = 1200, 675
QUALITY = 80
OUT = Path(__file__).resolve().parent / "images"
FAMILY = "DejaVu Sans"

# --------------------------------------------------------------------------- helpers


def col(hex_rgb: str, alpha: int = 255) -> QColor:
    c = QColor(hex_rgb)
    c.setAlpha(alpha)
    return c


def canvas() -> tuple[QImage, QPainter]:
    img = QImage(W, H, QImage.Format.Format_RGB32)
    img.fill(QColor("#ffffff"))
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    return img, p


def save(img: QImage, p: QPainter, name: str) -> None:
    p.end()
    OUT.mkdir(parents=True, exist_ok=True)
    target = OUT / name
    if not img.save(str(target), "JPG", QUALITY):
        raise SystemExit(f"could not write {target}")
    print(f"{target.relative_to(OUT.parent.parent.parent)}  {target.stat().st_size // 1024} KB")


def font(size: float, bold: bool = False, italic: bool = False) -> QFont:
    f = QFont(FAMILY)
    f.setPixelSize(round(size))
    f.setBold(bold)
    f.setItalic(italic)
    return f


def vgrad(y0: float, y1: float, *stops: tuple[float, str]) -> QBrush:
    g = QLinearGradient(0, y0, 0, y1)
    for pos, c in stops:
        g.setColorAt(pos, QColor(c))
    return QBrush(g)


def poly(points) -> QPolygonF:
    return QPolygonF([QPointF(x, y) for x, y in points])


def smooth_path(points, closed: bool = False) -> QPainterPath:
    """Catmull-Rom spline through the points, as cubic Bezier segments."""
    pts = [QPointF(x, y) for x, y in points]
    path = QPainterPath(pts[0])
    n = len(pts)
    seq = [*pts, pts[0], pts[1]] if closed else pts
    last = n if closed else n - 1
    for i in range(last):
        p0 = seq[i - 1] if (i > 0 or closed) else seq[i]
        p1, p2 = seq[i], seq[i + 1]
        p3 = seq[i + 2] if i + 2 < len(seq) else seq[i + 1]
        c1 = p1 + (p2 - p0) / 6.0
        c2 = p2 - (p3 - p1) / 6.0
        path.cubicTo(c1, c2, p2)
    if closed:
        path.closeSubpath()
    return path


def rain(
    p: QPainter,
    rng: random.Random,
    count: int,
    color: str,
    alpha: int,
    slant: float = 0.22,
    length: tuple[int, int] = (18, 42),
    top: int = 0,
    bottom: int = H,
    width: float = 1.4,
) -> None:
    for _ in range(count):
        x = rng.uniform(-80, W + 20)
        y = rng.uniform(top - 40, bottom)
        ln = rng.uniform(*length)
        p.setPen(
            QPen(
                col(color, rng.randint(alpha // 2, alpha)),
                width,
                Qt.PenStyle.SolidLine,
                Qt.PenCapStyle.RoundCap,
            )
        )
        p.drawLine(QPointF(x, y), QPointF(x + ln * slant, y + ln))


def clouds(
    p: QPainter,
    rng: random.Random,
    color: str,
    alpha: int,
    n: int,
    y0: float,
    y1: float,
    rx: tuple[int, int] = (90, 220),
    ry: tuple[int, int] = (30, 70),
) -> None:
    p.setPen(Qt.PenStyle.NoPen)
    for _ in range(n):
        p.setBrush(col(color, alpha))
        cx, cy = rng.uniform(-100, W + 100), rng.uniform(y0, y1)
        p.drawEllipse(QPointF(cx, cy), rng.uniform(*rx), rng.uniform(*ry))


def label(
    p: QPainter,
    x: float,
    y: float,
    text: str,
    f: QFont,
    color: str,
    halo: str | None = None,
    align: str = "left",
) -> None:
    """Text with its baseline at y; optional soft halo for legibility on maps."""
    p.setFont(f)
    width = p.fontMetrics().horizontalAdvance(text)
    if align == "center":
        x -= width / 2
    elif align == "right":
        x -= width
    if halo:
        path = QPainterPath()
        path.addText(QPointF(x, y), f, text)
        p.setPen(
            QPen(
                col(halo, 230),
                4,
                Qt.PenStyle.SolidLine,
                Qt.PenCapStyle.RoundCap,
                Qt.PenJoinStyle.RoundJoin,
            )
        )
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawPath(path)
    p.setPen(QColor(color))
    p.drawText(QPointF(x, y), text)


# --------------------------------------------------------------------------- 1. map


def storm_track_map() -> None:
    img, p = canvas()
    rng = random.Random(1)
    p.fillRect(0, 0, W, H, vgrad(0, H, (0, "#c6d9e3"), (1, "#a9c3d2")))

    coast = [
        (-10, 88),
        (60, 140),
        (120, 220),
        (168, 310),
        (196, 392),
        (226, 448),
        (284, 440),
        (336, 452),
        (394, 482),
        (458, 492),
        (520, 478),
        (572, 458),
        (598, 428),
        (614, 398),
        (636, 402),
        (652, 440),
        (676, 468),
        (734, 498),
        (800, 522),
        (860, 544),
        (940, 560),
        (1020, 582),
        (1100, 598),
        (1210, 606),
    ]
    coast_path = smooth_path(coast)
    land = QPainterPath(coast_path)
    land.lineTo(1210, -10)
    land.lineTo(-10, -10)
    land.closeSubpath()

    # shallow-water halo along the coast
    for width, alpha in ((70, 40), (40, 60), (18, 90)):
        p.setPen(
            QPen(
                col("#dbe9ef", alpha),
                width,
                Qt.PenStyle.SolidLine,
                Qt.PenCapStyle.RoundCap,
                Qt.PenJoinStyle.RoundJoin,
            )
        )
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawPath(coast_path)

    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(vgrad(0, 600, (0, "#e4dcc6"), (1, "#efe8d7")))
    p.drawPath(land)

    # soft relief on the higher ground inland
    p.save()
    p.setClipPath(land)
    for cx, cy, rx, ry in (
        (300, 120, 260, 90),
        (760, 90, 300, 80),
        (1050, 260, 220, 110),
        (480, 250, 160, 60),
    ):
        for k in range(4):
            p.setPen(QPen(col("#b9ab8a", 70), 1.2))
            p.setBrush(col("#d6caa9", 40))
            s = 1 - k * 0.22
            p.drawEllipse(QPointF(cx, cy), rx * s, ry * s)
    p.restore()

    p.setPen(QPen(QColor("#8c8068"), 1.6))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawPath(coast_path)

    # River Brack from the reservoir down to the estuary
    river = smooth_path(
        [(716, 186), (690, 230), (664, 262), (646, 300), (652, 336), (630, 372), (624, 404)]
    )
    p.setPen(QPen(QColor("#7fa6bd"), 4, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    p.drawPath(river)
    reservoir = smooth_path(
        [(680, 160), (720, 142), (772, 146), (790, 166), (760, 184), (716, 190)], closed=True
    )
    p.setPen(QPen(QColor("#6b93ab"), 1.5))
    p.setBrush(QColor("#9fc0d3"))
    p.drawPath(reservoir)
    p.setPen(QPen(QColor("#4b4f57"), 5, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
    p.drawLine(QPointF(700, 193), QPointF(732, 190))

    # the coast railway
    rail = smooth_path(
        [
            (390, 462),
            (470, 468),
            (540, 452),
            (600, 412),
            (640, 416),
            (690, 458),
            (760, 488),
            (862, 526),
            (960, 540),
            (1210, 570),
        ]
    )
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.setPen(QPen(QColor("#4d5560"), 5, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
    p.drawPath(rail)
    dash = QPen(QColor("#f4efe4"), 2.6, Qt.PenStyle.CustomDashLine, Qt.PenCapStyle.FlatCap)
    dash.setDashPattern([3, 3])
    p.setPen(dash)
    p.drawPath(rail)

    # storm: band of strongest winds, then the track of the centre
    track_pts = [(-40, 600), (96, 540), (204, 414), (520, 318), (800, 206), (1130, 70), (1240, 30)]
    track = smooth_path(track_pts)
    p.setPen(QPen(col("#c4472f", 34), 190, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    p.drawPath(track)
    p.setPen(QPen(col("#c4472f", 30), 110, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    p.drawPath(track)
    pen = QPen(QColor("#a8321f"), 4, Qt.PenStyle.CustomDashLine, Qt.PenCapStyle.RoundCap)
    pen.setDashPattern([3, 2.2])
    p.setPen(pen)
    p.drawPath(track)

    stops = [
        ((96, 540), "Wed 9pm", "above"),
        ((204, 414), "Thu 3am", "above"),
        ((520, 318), "9am", "above"),
        ((800, 206), "3pm", "below"),
        ((1130, 70), "9pm", "below"),
    ]
    for (x, y), text, where in stops:
        p.setPen(QPen(QColor("#ffffff"), 3))
        p.setBrush(QColor("#a8321f"))
        p.drawEllipse(QPointF(x, y), 10, 10)
        f = font(15, bold=True)
        p.setFont(f)
        tw = p.fontMetrics().horizontalAdvance(text)
        bx = x - tw / 2 - 8
        by = y - 44 if where == "above" else y + 18
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(col("#ffffff", 235))
        p.drawRoundedRect(QRectF(bx, by, tw + 16, 25), 5, 5)
        p.setPen(QColor("#7d2617"))
        p.drawText(QPointF(bx + 8, by + 18), text)

    # towns
    towns = [
        ((404, 472), "Hollinsea", "above-left", True),
        ((662, 452), "Brackwater", "right", True),
        ((862, 530), "Thornmouth", "above", True),
        ((648, 312), "Fennick", "left", False),
        ((232, 440), "Gull Point", "below-right", False),
    ]
    for (x, y), name, where, major in towns:
        p.setPen(QPen(QColor("#ffffff"), 2.5))
        p.setBrush(QColor("#2c3440"))
        r = 7 if major else 5.5
        if name == "Gull Point":
            p.setBrush(QColor("#ffffff"))
            p.setPen(QPen(QColor("#2c3440"), 2.5))
        p.drawEllipse(QPointF(x, y), r, r)
        f = font(19 if major else 16, bold=major, italic=not major)
        if where == "above-left":
            label(p, x - 10, y - 16, name, f, "#1f2630", "#efe8d7", "right")
        elif where == "right":
            label(p, x + 14, y + 6, name, f, "#1f2630", "#efe8d7")
        elif where == "above":
            label(p, x, y - 16, name, f, "#1f2630", "#efe8d7", "center")
        elif where == "left":
            label(p, x - 13, y + 6, name, f, "#1f2630", "#efe8d7", "right")
        else:
            label(p, x + 10, y + 30, name, f, "#1f2630", "#c6d9e3")
    label(p, 800, 136, "Skelby Reservoir", font(15, italic=True), "#2f5f7c", "#efe8d7")
    label(p, 586, 352, "River Brack", font(13, italic=True), "#2f5f7c", "#efe8d7", "right")

    # title card
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(col("#0f1a26", 40))
    p.drawRoundedRect(QRectF(27, 27, 512, 78), 8, 8)
    p.setBrush(QColor("#ffffff"))
    p.drawRoundedRect(QRectF(24, 24, 512, 78), 8, 8)
    p.setBrush(QColor("#a8321f"))
    p.drawRect(QRectF(24, 24, 7, 78))
    label(p, 46, 58, "Storm Ottilie: path of the storm centre", font(21, bold=True), "#1b2330")
    label(p, 46, 86, "Wednesday night to Thursday night", font(16), "#505a66")

    # legend
    lx, ly = 330, 568
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(col("#ffffff", 225))
    p.drawRoundedRect(QRectF(lx, ly, 420, 84), 8, 8)
    pen = QPen(QColor("#a8321f"), 4, Qt.PenStyle.CustomDashLine, Qt.PenCapStyle.RoundCap)
    pen.setDashPattern([3, 2.2])
    p.setPen(pen)
    p.drawLine(QPointF(lx + 18, ly + 24), QPointF(lx + 62, ly + 24))
    label(p, lx + 74, ly + 30, "Track of the storm centre", font(15), "#2c3440")
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(col("#c4472f", 70))
    p.drawRoundedRect(QRectF(lx + 18, ly + 44, 44, 22), 4, 4)
    label(p, lx + 74, ly + 61, "Strongest winds", font(15), "#2c3440")
    p.setPen(QPen(QColor("#4d5560"), 5, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
    p.drawLine(QPointF(lx + 250, ly + 55), QPointF(lx + 290, ly + 55))
    p.setPen(dash)
    p.drawLine(QPointF(lx + 250, ly + 55), QPointF(lx + 290, ly + 55))
    label(p, lx + 300, ly + 61, "Railway", font(15), "#2c3440")

    # north arrow and scale bar
    nx, ny = 1140, 150
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#2c3440"))
    p.drawPolygon(poly([(nx, ny - 34), (nx + 11, ny), (nx, ny - 8)]))
    p.setBrush(QColor("#8c8068"))
    p.drawPolygon(poly([(nx, ny - 34), (nx - 11, ny), (nx, ny - 8)]))
    label(p, nx, ny + 22, "N", font(16, bold=True), "#2c3440", None, "center")
    sx, sy = 1000, 645
    p.setPen(QPen(QColor("#2c3440"), 2))
    p.drawLine(QPointF(sx, sy), QPointF(sx + 150, sy))
    for t in (0, 75, 150):
        p.drawLine(QPointF(sx + t, sy - 6), QPointF(sx + t, sy + 1))
    label(p, sx + 75, sy - 12, "10 miles", font(13), "#2c3440", None, "center")

    rng.random()
    save(img, p, "storm-track-map.jpg")


# --------------------------------------------------------------------------- 2. street


def flooded_street() -> None:
    img, p = canvas()
    rng = random.Random(2)
    p.fillRect(0, 0, W, H, vgrad(0, 420, (0, "#3f4b59"), (1, "#7b8793")))
    clouds(p, rng, "#36414e", 70, 26, -20, 160)
    clouds(p, rng, "#8b96a1", 35, 12, 60, 200)

    # distant rooftops
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#66717d"))
    x = -20.0
    pts = [(-20, 420)]
    while x < W + 40:
        h = rng.uniform(150, 210)
        w = rng.uniform(70, 140)
        pts += [(x, 420 - h + 30), (x + w / 2, 420 - h), (x + w, 420 - h + 30)]
        x += w
    pts += [(W + 40, 420)]
    p.drawPolygon(poly(pts))

    # terrace
    fronts = ["#a95f45", "#d8cdb4", "#8ea396", "#c4865f", "#e1d4bd", "#7c889b", "#b36a4f"]
    base = 560
    x = -40
    house_w = 196
    windows = []
    top = base - 310
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#39424d"))
    p.drawPolygon(poly([(-60, top + 4), (W + 60, top + 4), (W + 60, top - 56), (-60, top - 56)]))
    p.setBrush(QColor("#2f3740"))
    p.drawRect(QRectF(-60, top - 60, W + 120, 6))
    for k in range(1, 6):
        p.setBrush(col("#4a5461", 120))
        p.drawRect(QRectF(-60, top - 56 + k * 10, W + 120, 2))
    for i in range(7):
        front = QColor(fronts[i % len(fronts)])
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(front)
        p.drawRect(QRectF(x, top, house_w, base - top))
        # chimney stack on the party wall, with pots
        p.setBrush(QColor("#8a5a48"))
        p.drawRect(QRectF(x + house_w - 24, top - 100, 46, 44))
        p.setBrush(QColor("#6e463a"))
        p.drawRect(QRectF(x + house_w - 28, top - 104, 54, 8))
        p.setBrush(QColor("#a8694f"))
        p.drawRect(QRectF(x + house_w - 18, top - 118, 12, 14))
        p.drawRect(QRectF(x + house_w + 4, top - 116, 12, 12))
        # party-wall line
        p.setBrush(front.darker(112))
        p.drawRect(QRectF(x + house_w - 5, top, 5, base - top))
        # string course
        p.setBrush(front.lighter(112))
        p.drawRect(QRectF(x, top + 132, house_w, 8))
        # windows
        for wx, wy, ww, wh in (
            (x + 30, top + 40, 56, 74),
            (x + 112, top + 40, 56, 74),
            (x + 26, top + 170, 80, 96),
        ):
            lit = rng.random() < 0.45
            p.setBrush(QColor("#f1f0ea"))
            p.drawRect(QRectF(wx - 5, wy - 5, ww + 10, wh + 10))
            p.setBrush(QColor("#f2cf72") if lit else QColor("#36404c"))
            p.drawRect(QRectF(wx, wy, ww, wh))
            p.setBrush(QColor("#f1f0ea"))
            p.drawRect(QRectF(wx + ww / 2 - 2, wy, 4, wh))
            p.drawRect(QRectF(wx, wy + wh / 2 - 2, ww, 4))
            if lit:
                windows.append((wx, ww))
        # door with fanlight
        door_c = QColor(rng.choice(["#24415c", "#5c2230", "#2f4a3a", "#1f2a33"]))
        p.setBrush(QColor("#f1f0ea"))
        p.drawRect(QRectF(x + 124, top + 160, 56, base - top - 160))
        p.setBrush(door_c)
        p.drawRect(QRectF(x + 130, top + 196, 44, base - top - 196))
        p.setBrush(QColor("#9fb2c0"))
        p.drawChord(QRectF(x + 130, top + 166, 44, 54), 0, 180 * 16)
        x += house_w

    # lamp post
    p.setBrush(QColor("#20262d"))
    p.drawRect(QRectF(1010, 300, 9, 300))
    p.drawRoundedRect(QRectF(994, 284, 41, 22), 5, 5)
    glow = QRadialGradient(QPointF(1014, 310), 60)
    glow.setColorAt(0, col("#ffe3a0", 150))
    glow.setColorAt(1, col("#ffe3a0", 0))
    p.setBrush(QBrush(glow))
    p.drawEllipse(QPointF(1014, 310), 60, 60)

    # car caught in the flood, mostly under water
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#8a2f2f"))
    car = QPainterPath()
    car.moveTo(170, 560)
    car.lineTo(170, 500)
    car.cubicTo(190, 480, 215, 470, 240, 468)
    car.cubicTo(262, 440, 290, 430, 320, 430)
    car.lineTo(380, 430)
    car.cubicTo(410, 432, 428, 450, 446, 470)
    car.cubicTo(470, 474, 490, 486, 492, 500)
    car.lineTo(492, 560)
    car.closeSubpath()
    p.drawPath(car)
    p.setBrush(QColor("#bfd0da"))
    p.drawPolygon(poly([(258, 468), (280, 444), (336, 440), (336, 468)]))
    p.drawPolygon(poly([(348, 468), (348, 440), (392, 442), (428, 468)]))

    # flood water
    water_top = 472
    p.setBrush(vgrad(water_top, H, (0, "#7b7662"), (1, "#4b4b3d")))
    p.setOpacity(0.94)
    p.drawRect(QRectF(0, water_top, W, H - water_top))
    p.setOpacity(1.0)
    p.setPen(QPen(col("#b9b39b", 160), 2))
    p.drawLine(QPointF(0, water_top), QPointF(W, water_top))
    # reflections of lit windows
    for wx, ww in windows:
        for k in range(6):
            y = water_top + 14 + k * 16
            p.setPen(QPen(col("#f2cf72", 120 - k * 18), 3))
            off = rng.uniform(-6, 6)
            p.drawLine(QPointF(wx + 6 + off, y), QPointF(wx + ww - 6 + off, y))
    # ripples
    for _ in range(110):
        y = rng.uniform(water_top + 8, H)
        x0 = rng.uniform(-40, W)
        ln = rng.uniform(30, 120) * (0.6 + (y - water_top) / 300)
        p.setPen(QPen(col("#c2bda6", rng.randint(40, 110)), 1.6))
        p.drawLine(QPointF(x0, y), QPointF(x0 + ln, y))

    # rescue boat with two crew
    p.setPen(Qt.PenStyle.NoPen)
    bx, by = 640, 560
    p.setBrush(QColor("#2e3338"))
    p.drawRoundedRect(QRectF(bx, by, 300, 44), 22, 22)
    p.setBrush(QColor("#e0672b"))
    p.drawRoundedRect(QRectF(bx - 6, by - 10, 312, 30), 15, 15)
    p.setBrush(QColor("#f2f2ee"))
    p.drawRect(QRectF(bx + 60, by - 4, 70, 8))
    p.drawRect(QRectF(bx + 180, by - 4, 70, 8))
    for cx, lean in ((bx + 95, -4), (bx + 205, 3)):
        p.setBrush(QColor("#f0c419"))
        p.drawRoundedRect(QRectF(cx - 24 + lean, by - 88, 48, 84), 14, 14)
        p.setBrush(QColor("#e6e6e6"))
        p.drawRect(QRectF(cx - 24 + lean, by - 54, 48, 8))
        p.setBrush(QColor("#d9a98a"))
        p.drawEllipse(QPointF(cx + lean, by - 104), 15, 15)
        p.setBrush(QColor("#e23b2e"))
        p.drawChord(QRectF(cx - 18 + lean, by - 124, 36, 34), 0, 180 * 16)
    p.setBrush(QColor("#1f2328"))
    p.drawRect(QRectF(bx + 290, by - 2, 22, 40))
    # wake
    for k in range(5):
        p.setPen(QPen(col("#e4e0cf", 150 - k * 25), 2.5))
        p.drawLine(
            QPointF(bx + 320 + k * 30, by + 30 + k * 6), QPointF(bx + 380 + k * 40, by + 30 + k * 6)
        )

    rain(p, rng, 520, "#dfe6ec", 120, slant=0.18)
    save(img, p, "brackwater-flooded-street.jpg")


# --------------------------------------------------------------------------- 3. railway


def rail_line_closed() -> None:
    img, p = canvas()
    rng = random.Random(3)
    hy = 292
    vx = 700
    p.fillRect(0, 0, W, hy + 2, vgrad(0, hy, (0, "#4a5563"), (1, "#9aa4ad")))
    clouds(p, rng, "#3d4753", 80, 22, -20, 140)
    clouds(p, rng, "#b3bbc2", 40, 10, 120, 250, rx=(120, 260), ry=(18, 40))

    # sea on the left
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(vgrad(hy, H, (0, "#5d7480"), (1, "#2f4450")))
    p.drawRect(QRectF(0, hy, W, H - hy))
    for _ in range(160):
        y = rng.uniform(hy + 4, H)
        depth = (y - hy) / (H - hy)
        x0 = rng.uniform(-60, 620)
        ln = 20 + 140 * depth
        p.setPen(QPen(col("#d8e2e6", rng.randint(60, 160)), 1 + 2.5 * depth))
        p.drawLine(QPointF(x0, y), QPointF(x0 + ln, y - 3 * depth))

    # headland and cliff on the right
    p.setBrush(QColor("#5f6f58"))
    p.drawPolygon(
        poly(
            [(vx - 10, hy + 2), (820, 230), (960, 190), (1100, 170), (W, 160), (W, H), (vx + 80, H)]
        )
    )
    p.setBrush(QColor("#4f5e4a"))
    p.drawPolygon(
        poly([(vx + 20, hy + 6), (900, 260), (1080, 240), (W, 250), (W, H), (vx + 200, H)])
    )

    # sea wall and track bed in perspective
    def at(t: float, x_bottom: float) -> QPointF:
        return QPointF(vx + (x_bottom - vx) * t, hy + (H - hy) * t)

    p.setBrush(QColor("#8c8a80"))
    p.drawPolygon(QPolygonF([at(0, 0), at(1, 130), at(1, 300), at(0, 0)]))
    p.setBrush(QColor("#a7a397"))
    p.drawPolygon(QPolygonF([at(0, 0), at(1, 300), at(1, 330), at(0, 0)]))
    p.setBrush(QColor("#6c665c"))
    p.drawPolygon(QPolygonF([at(0, 0), at(1, 330), at(1, 1150), at(0, 0)]))
    # ballast speckle
    for _ in range(900):
        t = rng.random() ** 0.7
        xb = rng.uniform(340, 1140)
        pt = at(t, xb)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(col(rng.choice(["#7d776c", "#5a554d", "#8a8478"]), 200))
        r = 0.6 + 2.4 * t
        p.drawEllipse(pt, r, r * 0.7)

    # sleepers
    rail_l, rail_r = 470, 930
    t = 0.02
    while t < 1.05:
        y = hy + (H - hy) * t
        half = 9 * t
        a, b = at(t, rail_l - 90), at(t, rail_r + 90)
        p.setBrush(QColor("#4a3f36"))
        p.drawPolygon(
            poly([(a.x(), y - half), (b.x(), y - half), (b.x(), y + half), (a.x(), y + half)])
        )
        t *= 1.17
        t += 0.004
    # rails
    for xb in (rail_l, rail_r):
        p.setPen(QPen(QColor("#b7bcc0"), 1))
        p.setBrush(QColor("#9ba1a6"))
        p.drawPolygon(QPolygonF([at(0, xb), at(1, xb - 9), at(1, xb + 9), at(0, xb)]))
        p.setPen(QPen(QColor("#e4e8ea"), 2))
        p.drawLine(at(0.02, xb), at(1, xb - 3))

    # spray over the wall
    p.setPen(Qt.PenStyle.NoPen)
    for _ in range(160):
        t = rng.uniform(0.12, 0.8)
        pt = at(t, rng.uniform(80, 360))
        rise = rng.random() ** 1.5
        r = (20 + 70 * rise) * t
        cy = pt.y() - rise * 160 * t
        g = QRadialGradient(QPointF(pt.x() + rise * 40 * t, cy), r)
        a = int(rng.uniform(60, 130) * (1 - 0.6 * rise))
        g.setColorAt(0, col("#f1f5f7", a))
        g.setColorAt(1, col("#f1f5f7", 0))
        p.setBrush(QBrush(g))
        p.drawEllipse(QPointF(pt.x() + rise * 40 * t, cy), r, r)

    # barrier across the track
    by = 545
    for px in (350, 1080):
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor("#2a2d31"))
        p.drawRect(QRectF(px - 7, by - 8, 14, 120))
        p.drawRect(QRectF(px - 28, by + 104, 56, 12))
    bar = QRectF(330, by - 30, 770, 36)
    p.setBrush(QColor("#f4f2ec"))
    p.drawRect(bar)
    p.save()
    p.setClipRect(bar)
    p.setBrush(QColor("#c62f28"))
    x = 300
    while x < 1120:
        p.drawPolygon(poly([(x, by + 6), (x + 40, by + 6), (x + 76, by - 30), (x + 36, by - 30)]))
        x += 80
    p.restore()
    # red lamps
    for lx in (470, 960):
        glow = QRadialGradient(QPointF(lx, by - 46), 46)
        glow.setColorAt(0, col("#ff5a4a", 170))
        glow.setColorAt(1, col("#ff5a4a", 0))
        p.setBrush(QBrush(glow))
        p.drawEllipse(QPointF(lx, by - 46), 46, 46)
        p.setBrush(QColor("#2a2d31"))
        p.drawRect(QRectF(lx - 4, by - 38, 8, 10))
        p.setBrush(QColor("#ff4a3a"))
        p.drawEllipse(QPointF(lx, by - 46), 11, 11)

    # "no entry" style stop board on a post
    sx, sy = 1040, 300
    p.setBrush(QColor("#2a2d31"))
    p.drawRect(QRectF(sx - 6, sy, 12, by - 30 - sy))
    p.setPen(QPen(QColor("#ffffff"), 6))
    p.setBrush(QColor("#c62f28"))
    p.drawEllipse(QPointF(sx, sy), 66, 66)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#ffffff"))
    p.drawRoundedRect(QRectF(sx - 44, sy - 11, 88, 22), 3, 3)

    rain(p, rng, 480, "#e3e9ee", 110, slant=-0.16)
    save(img, p, "coast-line-closed.jpg")


# --------------------------------------------------------------------------- 4. podium


def press_conference() -> None:
    img, p = canvas()
    rng = random.Random(4)
    p.fillRect(0, 0, W, H, vgrad(0, H, (0, "#1d3147"), (1, "#132233")))
    # backdrop emblem pattern
    for row in range(6):
        for c in range(10):
            cx = 60 + c * 124 + (row % 2) * 62
            cy = 50 + row * 100
            p.setPen(QPen(col("#3a5775", 90), 3, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            p.setBrush(Qt.BrushStyle.NoBrush)
            for k in range(3):
                path = QPainterPath(QPointF(cx - 26, cy + k * 9))
                path.cubicTo(cx - 13, cy - 8 + k * 9, cx - 2, cy + 8 + k * 9, cx + 26, cy + k * 9)
                p.drawPath(path)
    spot = QRadialGradient(QPointF(600, 250), 520)
    spot.setColorAt(0, col("#9ab8d4", 90))
    spot.setColorAt(1, col("#9ab8d4", 0))
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QBrush(spot))
    p.drawRect(QRectF(0, 0, W, H))

    # floor
    p.setBrush(vgrad(560, H, (0, "#2a2f36"), (1, "#15181c")))
    p.drawRect(QRectF(0, 560, W, H - 560))

    # flags on poles at the sides
    for fx in (140, 1060):
        p.setBrush(QColor("#b8b9b5"))
        p.drawRect(QRectF(fx - 3, 90, 6, 480))
        p.drawEllipse(QPointF(fx, 88), 7, 7)
        p.drawEllipse(QPointF(fx, 572), 30, 8)
        drape = QPainterPath(QPointF(fx + 3, 110))
        drape.cubicTo(fx + 40, 130, fx + 30, 280, fx + 18, 420)
        drape.lineTo(fx + 3, 420)
        drape.closeSubpath()
        p.setBrush(QColor("#1f6f8b"))
        p.drawPath(drape)
        p.setBrush(col("#000000", 45))
        p.drawPolygon(poly([(fx + 3, 110), (fx + 12, 116), (fx + 10, 420), (fx + 3, 420)]))
        p.setPen(QPen(QColor("#e9eef2"), 3, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        p.setBrush(Qt.BrushStyle.NoBrush)
        for k in range(3):
            y = 200 + k * 12
            wave = QPainterPath(QPointF(fx + 9, y))
            wave.cubicTo(fx + 16, y - 7, fx + 22, y + 7, fx + 30, y)
            p.drawPath(wave)
        p.setPen(Qt.PenStyle.NoPen)

    # lectern
    top_y = 330
    p.setBrush(QColor("#0d1117"))
    p.drawEllipse(QPointF(600, 640), 250, 22)
    body = poly([(430, top_y + 40), (770, top_y + 40), (740, 640), (460, 640)])
    p.setBrush(vgrad(top_y, 640, (0, "#3b4756"), (1, "#27313c")))
    p.drawPolygon(body)
    p.setBrush(col("#ffffff", 18))
    p.drawPolygon(poly([(430, top_y + 40), (470, top_y + 40), (490, 640), (460, 640)]))
    p.setBrush(QColor("#4a5868"))
    p.drawPolygon(
        poly([(410, top_y + 14), (790, top_y + 14), (776, top_y + 44), (424, top_y + 44)])
    )
    p.setBrush(QColor("#5b6b7d"))
    p.drawPolygon(poly([(420, top_y), (780, top_y), (790, top_y + 14), (410, top_y + 14)]))
    # emblem on the lectern front
    ex, ey = 600, 470
    p.setBrush(QColor("#e9eef2"))
    p.drawEllipse(QPointF(ex, ey), 62, 62)
    p.setBrush(QColor("#1f6f8b"))
    p.drawEllipse(QPointF(ex, ey), 54, 54)
    p.setPen(QPen(QColor("#e9eef2"), 5, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    p.setBrush(Qt.BrushStyle.NoBrush)
    for k in range(3):
        path = QPainterPath(QPointF(ex - 36, ey - 14 + k * 15))
        path.cubicTo(ex - 16, ey - 30 + k * 15, ex + 2, ey + 2 + k * 15, ex + 36, ey - 14 + k * 15)
        p.drawPath(path)

    # microphones on stems, flags in plain colours
    mics = [
        (-150, 0, "#c62f28"),
        (-110, 40, "#f2f2ee"),
        (-66, 62, "#2d6cb5"),
        (-22, 80, "#f0c419"),
        (22, 76, "#2d8a55"),
        (64, 58, "#e0672b"),
        (108, 34, "#6b4fa3"),
        (148, 4, "#f2f2ee"),
    ]
    base = QPointF(600, top_y + 6)
    for dx, lift, flag in mics:
        head = QPointF(600 + dx, top_y - 150 - lift)
        p.setPen(QPen(QColor("#15191e"), 5, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        stem = QPainterPath(base)
        stem.quadTo(QPointF(600 + dx * 0.5, top_y - 40), head)
        p.drawPath(stem)
        p.setPen(Qt.PenStyle.NoPen)
        ang = math.degrees(math.atan2(head.y() - base.y(), head.x() - base.x())) + 90
        p.save()
        p.translate(head)
        p.rotate(ang)
        p.setBrush(QColor(flag))
        p.drawRoundedRect(QRectF(-17, 24, 34, 30), 3, 3)
        p.setBrush(col("#000000", 50))
        p.drawRect(QRectF(6, 24, 11, 30))
        p.setBrush(QColor("#22272d"))
        p.drawRoundedRect(QRectF(-9, 0, 18, 30), 4, 4)
        p.setBrush(QColor("#30363d"))
        p.drawEllipse(QPointF(0, -6), 15, 19)
        p.setBrush(col("#ffffff", 25))
        p.drawEllipse(QPointF(-5, -12), 6, 8)
        p.restore()

    # glass of water
    p.setBrush(col("#cfe3ef", 120))
    p.drawPolygon(poly([(720, top_y - 66), (756, top_y - 66), (752, top_y + 2), (724, top_y + 2)]))
    p.setBrush(col("#9fc4dc", 140))
    p.drawPolygon(poly([(722, top_y - 40), (754, top_y - 40), (752, top_y + 2), (724, top_y + 2)]))
    p.setPen(QPen(col("#ffffff", 160), 2))
    p.drawLine(QPointF(727, top_y - 60), QPointF(729, top_y - 6))
    # papers on the lectern
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#f2f0ea"))
    p.drawPolygon(poly([(470, top_y + 2), (560, top_y + 2), (566, top_y + 12), (464, top_y + 12)]))

    rng.random()
    save(img, p, "press-conference-podium.jpg")


# --------------------------------------------------------------------------- 5. seafront


def seafront_waves() -> None:
    img, p = canvas()
    rng = random.Random(5)
    p.fillRect(0, 0, W, H, vgrad(0, 430, (0, "#2b3440"), (0.7, "#6e7883"), (1, "#a3abb1")))
    clouds(p, rng, "#252d37", 90, 30, -30, 180)
    clouds(p, rng, "#8f99a3", 30, 10, 150, 300, rx=(150, 300), ry=(14, 30))

    sil = QColor("#222931")
    horizon = 430
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(sil)
    # headland behind the town on the left
    p.setBrush(QColor("#39414b"))
    p.drawPath(
        smooth_path(
            [(-20, 300), (80, 286), (180, 300), (260, 330), (270, 440), (-20, 440)], closed=True
        )
    )
    p.setBrush(sil)

    # seafront terrace and landmarks
    x = 250.0
    lit_windows = []
    while x < 1010:
        w = rng.uniform(52, 96)
        h = rng.uniform(120, 200)
        top = horizon - h
        p.setBrush(sil)
        p.drawRect(QRectF(x, top, w + 1, h))
        roof = rng.choice(["gable", "flat", "mansard", "dome"])
        if roof == "gable":
            p.drawPolygon(poly([(x, top), (x + w / 2, top - 34), (x + w, top)]))
        elif roof == "mansard":
            p.drawPolygon(
                poly([(x + 4, top), (x + 12, top - 22), (x + w - 12, top - 22), (x + w - 4, top)])
            )
        elif roof == "dome":
            p.drawChord(QRectF(x + w / 2 - 16, top - 16, 32, 32), 0, 180 * 16)
        for r in range(int(h // 34) - 1):
            for c in range(int(w // 24)):
                if rng.random() < 0.22:
                    lit_windows.append(QRectF(x + 8 + c * 24, top + 16 + r * 34, 9, 14))
        x += w
    # church spire and clock tower
    p.drawRect(QRectF(560, 160, 44, 140))
    p.drawPolygon(poly([(556, 162), (582, 40), (608, 162)]))
    p.drawRect(QRectF(810, 150, 54, 160))
    p.drawRect(QRectF(804, 140, 66, 14))
    p.drawPolygon(poly([(810, 140), (837, 96), (864, 140)]))
    p.setBrush(QColor("#d9cf9f"))
    p.drawEllipse(QPointF(837, 190), 14, 14)
    p.setPen(QPen(sil, 2))
    p.drawLine(QPointF(837, 190), QPointF(837, 181))
    p.drawLine(QPointF(837, 190), QPointF(844, 193))
    p.setPen(Qt.PenStyle.NoPen)
    for r in lit_windows:
        p.setBrush(col("#f2cf72", 210))
        p.drawRect(r)
    # breakwater and lighthouse on the right
    p.setBrush(sil)
    p.drawRect(QRectF(1000, 410, 210, 22))
    p.drawPolygon(poly([(1090, 410), (1098, 270), (1126, 270), (1134, 410)]))
    p.drawRect(QRectF(1092, 246, 40, 26))
    p.drawPolygon(poly([(1090, 248), (1112, 226), (1134, 248)]))
    beam = QPainterPath(QPointF(1112, 258))
    beam.lineTo(860, 222)
    beam.lineTo(860, 300)
    beam.closeSubpath()
    g = QLinearGradient(1112, 0, 860, 0)
    g.setColorAt(0, col("#fff2c4", 120))
    g.setColorAt(1, col("#fff2c4", 0))
    p.setBrush(QBrush(g))
    p.drawPath(beam)
    p.setBrush(QColor("#fff2c4"))
    p.drawEllipse(QPointF(1112, 259), 9, 9)

    # promenade wall with lamp posts
    p.setBrush(QColor("#3a4149"))
    p.drawRect(QRectF(-10, horizon, W + 20, 34))
    p.setBrush(QColor("#4b535c"))
    p.drawRect(QRectF(-10, horizon, W + 20, 6))
    for lx in range(300, 1000, 140):
        p.setBrush(sil)
        p.drawRect(QRectF(lx - 3, horizon - 96, 6, 96))
        p.drawEllipse(QPointF(lx, horizon - 100), 9, 9)
        glow = QRadialGradient(QPointF(lx, horizon - 100), 34)
        glow.setColorAt(0, col("#ffe3a0", 170))
        glow.setColorAt(1, col("#ffe3a0", 0))
        p.setBrush(QBrush(glow))
        p.drawEllipse(QPointF(lx, horizon - 100), 34, 34)

    # sea
    p.setBrush(vgrad(horizon + 34, H, (0, "#3e5561"), (1, "#1f2e37")))
    p.drawRect(QRectF(0, horizon + 34, W, H - horizon - 34))
    # pier running out from the promenade, on iron legs
    p.setBrush(sil)
    p.drawRect(QRectF(-10, horizon + 30, 230, 12))
    for lx in range(4, 220, 30):
        p.setPen(Qt.PenStyle.NoPen)
        p.drawRect(QRectF(lx, horizon + 42, 6, 54))
        p.setPen(QPen(sil, 2.5))
        p.drawLine(QPointF(lx + 3, horizon + 46), QPointF(lx + 33, horizon + 86))
    p.setPen(Qt.PenStyle.NoPen)
    p.drawRect(QRectF(30, horizon - 16, 110, 46))
    p.drawPolygon(poly([(24, horizon - 14), (85, horizon - 50), (146, horizon - 14)]))
    p.drawRect(QRectF(80, horizon - 70, 10, 22))
    for wx in range(42, 130, 22):
        p.setBrush(col("#f2cf72", 200))
        p.drawRect(QRectF(wx, horizon - 4, 10, 14))
    p.setBrush(sil)
    for row in range(9):
        y = horizon + 50 + row * 26 + row * row * 1.2
        path = QPainterPath(QPointF(-20, y))
        xx = -20.0
        amp = 5 + row * 1.6
        step = 60 + row * 8
        while xx < W + 40:
            path.quadTo(QPointF(xx + step / 2, y - amp + rng.uniform(-3, 3)), QPointF(xx + step, y))
            xx += step
        p.setPen(QPen(col("#c9d6dc", 70 + row * 10), 1.5 + row * 0.3))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawPath(path)

    # big wave breaking over the wall: a plume of soft spray leaning with the wind
    p.setPen(Qt.PenStyle.NoPen)
    for _ in range(260):
        rise = rng.random() ** 1.6
        cy = horizon + 40 - rise * 230
        cx = 470 + rng.gauss(0, 40 + 90 * rise) + rise * 90
        r = 18 + 60 * rise * rng.uniform(0.6, 1.2)
        a = int(rng.uniform(50, 110) * (1 - 0.7 * rise))
        g = QRadialGradient(QPointF(cx, cy), r)
        g.setColorAt(0, col("#f1f5f7", a))
        g.setColorAt(1, col("#f1f5f7", 0))
        p.setBrush(QBrush(g))
        p.drawEllipse(QPointF(cx, cy), r, r)
    for _ in range(60):
        cx = rng.gauss(470, 170)
        cy = horizon + 44 + rng.uniform(0, 36)
        r = rng.uniform(10, 28)
        p.setBrush(col("#e3ebee", rng.randint(70, 150)))
        p.drawEllipse(QPointF(cx, cy), r * 1.8, r * 0.5)

    rain(p, rng, 560, "#d9e1e7", 110, slant=0.3)
    save(img, p, "hollinsea-seafront-waves.jpg")


# --------------------------------------------------------------------------- 6. dam


def skelby_dam() -> None:
    img, p = canvas()
    rng = random.Random(6)
    p.fillRect(0, 0, W, H, vgrad(0, 220, (0, "#8e9aa5"), (1, "#c3c9cc")))
    clouds(p, rng, "#7a8691", 70, 18, -10, 110)
    p.setPen(Qt.PenStyle.NoPen)
    # far hills
    p.setBrush(QColor("#7d8c80"))
    p.drawPath(
        smooth_path(
            [
                (-20, 200),
                (160, 150),
                (380, 176),
                (600, 140),
                (840, 170),
                (1040, 132),
                (1220, 160),
                (1220, 260),
                (-20, 260),
            ],
            closed=True,
        )
    )
    p.setBrush(QColor("#6a7c6c"))
    p.drawPath(
        smooth_path(
            [
                (-20, 230),
                (200, 196),
                (420, 214),
                (700, 190),
                (960, 214),
                (1220, 196),
                (1220, 300),
                (-20, 300),
            ],
            closed=True,
        )
    )

    p.setBrush(QColor("#5d7058"))
    p.drawRect(QRectF(0, 250, W, H - 250))

    # reservoir behind the dam
    p.setBrush(vgrad(200, 300, (0, "#7f98a6"), (1, "#5d7888")))
    p.drawPath(
        smooth_path(
            [(60, 262), (300, 218), (640, 206), (980, 222), (1160, 256), (1100, 300), (100, 300)],
            closed=True,
        )
    )
    for _ in range(40):
        y = rng.uniform(222, 290)
        x0 = rng.uniform(140, 1040)
        p.setPen(QPen(col("#c8d6dd", rng.randint(60, 140)), 1.4))
        p.drawLine(QPointF(x0, y), QPointF(x0 + rng.uniform(20, 70), y))
    p.setPen(Qt.PenStyle.NoPen)

    # embankment: crest, then the grassy downstream face
    crest_y = 296
    p.setBrush(QColor("#b9b3a3"))
    p.drawRect(QRectF(150, crest_y - 8, 900, 12))
    face = poly([(160, crest_y + 4), (1040, crest_y + 4), (1000, 430), (200, 430)])
    p.setBrush(QColor("#7f9a62"))
    p.drawPolygon(face)
    p.save()
    p.setClipRegion(face.toPolygon())
    for k in range(0, 900, 60):
        p.setBrush(col("#8fab70", 160))
        p.drawPolygon(
            poly(
                [(150 + k, crest_y), (180 + k, crest_y), (216 + k * 0.9, 440), (186 + k * 0.9, 440)]
            )
        )
    p.restore()
    # berm and toe drain
    p.setBrush(QColor("#9a9482"))
    p.drawRect(QRectF(200, 428, 800, 8))
    # hillsides framing the valley, overlapping the ends of the embankment
    p.setBrush(QColor("#5d7058"))
    p.drawPolygon(poly([(-20, 250), (90, 262), (162, 292), (212, 440), (130, 560), (-20, 640)]))
    p.drawPolygon(
        poly([(1220, 240), (1120, 258), (1046, 292), (990, 440), (1100, 560), (1220, 600)])
    )

    # valve tower in the reservoir
    p.setBrush(QColor("#d8d3c6"))
    p.drawRect(QRectF(420, 232, 34, 58))
    p.setBrush(QColor("#6a5a4e"))
    p.drawPolygon(poly([(414, 234), (437, 214), (460, 234)]))

    # spillway channel with white water
    sp = poly([(880, crest_y - 6), (950, crest_y - 6), (940, 440), (900, 440)])
    p.setBrush(QColor("#cfc9ba"))
    p.drawPolygon(sp)
    p.setBrush(QColor("#e9f0f2"))
    p.drawPolygon(poly([(888, crest_y - 4), (942, crest_y - 4), (934, 440), (906, 440)]))
    for k in range(14):
        y = crest_y + 6 + k * 10
        p.setPen(QPen(col("#9cb4c0", 160), 2))
        p.drawLine(QPointF(889 + k * 0.9, y), QPointF(941 - k * 0.5, y))
    p.setPen(Qt.PenStyle.NoPen)
    for _ in range(40):
        p.setBrush(col("#ffffff", rng.randint(120, 220)))
        p.drawEllipse(
            QPointF(rng.uniform(895, 945), rng.uniform(430, 460)),
            rng.uniform(6, 16),
            rng.uniform(4, 9),
        )

    # valley floor, fields and river
    p.setBrush(QColor("#86a06c"))
    p.drawPolygon(poly([(190, 436), (1010, 436), (1220, 640), (1220, H), (-20, H), (-20, 660)]))
    field_cols = ["#93ac76", "#7c955f", "#a3b47d", "#8aa16a"]
    fields = [
        [(210, 450), (420, 450), (400, 520), (160, 540)],
        [(430, 450), (700, 450), (660, 520), (410, 520)],
        [(140, 550), (390, 530), (360, 640), (60, 660)],
    ]
    for i, f in enumerate(fields):
        p.setBrush(QColor(field_cols[i % len(field_cols)]))
        p.drawPolygon(poly(f))
    p.setPen(QPen(col("#5c6e4c", 160), 2))
    for a, b in (((210, 450), (160, 540)), ((430, 450), (410, 520)), ((140, 550), (60, 660))):
        p.drawLine(QPointF(*a), QPointF(*b))
    river = smooth_path([(920, 452), (860, 500), (760, 540), (700, 600), (720, 700)])
    p.setPen(QPen(QColor("#6f91a2"), 26, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawPath(river)
    p.setPen(QPen(col("#c7d8df", 160), 3))
    p.drawPath(river)

    # village rooftops downstream
    p.setPen(Qt.PenStyle.NoPen)
    houses = [
        (820, 600),
        (870, 585),
        (920, 610),
        (975, 592),
        (1030, 620),
        (880, 640),
        (950, 650),
        (1040, 660),
        (1100, 630),
        (800, 650),
    ]
    for hx, hy in houses:
        p.setBrush(QColor("#e8e0cf"))
        p.drawRect(QRectF(hx, hy, 44, 26))
        p.setBrush(QColor(rng.choice(["#6e4b3d", "#5a5f66", "#7a5544"])))
        p.drawPolygon(poly([(hx - 4, hy + 2), (hx + 22, hy - 16), (hx + 48, hy + 2)]))
        p.setBrush(QColor("#3b4450"))
        p.drawRect(QRectF(hx + 8, hy + 8, 8, 8))
    # church
    p.setBrush(QColor("#d9d1c0"))
    p.drawRect(QRectF(1130, 560, 30, 60))
    p.setBrush(QColor("#5a5f66"))
    p.drawPolygon(poly([(1126, 562), (1145, 520), (1164, 562)]))

    # two engineers in high-visibility jackets on the crest
    for ex in (610, 640):
        p.setBrush(QColor("#f0c419"))
        p.drawRoundedRect(QRectF(ex - 6, crest_y - 30, 12, 22), 3, 3)
        p.setBrush(QColor("#f2f2ee"))
        p.drawEllipse(QPointF(ex, crest_y - 36), 5, 5)
        p.setBrush(QColor("#2b2f33"))
        p.drawRect(QRectF(ex - 5, crest_y - 10, 4, 8))
        p.drawRect(QRectF(ex + 1, crest_y - 10, 4, 8))
    # a survey vehicle
    p.setBrush(QColor("#f2f2ee"))
    p.drawRoundedRect(QRectF(700, crest_y - 30, 52, 24), 4, 4)
    p.setBrush(QColor("#e0672b"))
    p.drawRect(QRectF(700, crest_y - 20, 52, 5))
    p.setBrush(QColor("#2b2f33"))
    p.drawEllipse(QPointF(712, crest_y - 6), 5, 5)
    p.drawEllipse(QPointF(740, crest_y - 6), 5, 5)

    rain(p, rng, 300, "#eef2f4", 90, slant=0.12, length=(12, 28), width=1.1)
    save(img, p, "skelby-dam.jpg")


# --------------------------------------------------------------------------- charts


def chart_frame(p: QPainter, title: str, subtitle: str, source: str) -> None:
    p.fillRect(0, 0, W, H, QColor("#fbfaf7"))
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#a8321f"))
    p.drawRect(QRectF(60, 40, 56, 6))
    label(p, 60, 90, title, font(32, bold=True), "#1b2330")
    label(p, 60, 126, subtitle, font(19), "#505a66")
    label(p, 60, H - 26, source, font(14), "#7a828c")


def rainfall_chart() -> None:
    img, p = canvas()
    values = [3, 4, 6, 7, 8, 9, 7, 6, 5, 6, 8, 11, 13, 14, 12, 9, 6]
    chart_frame(
        p,
        "Rain at the Skelby gauge, hour by hour",
        "Millimetres in each hour, Thursday from midnight to 5pm (134mm in total)",
        "Fictional figures drawn for the Livedesk sample blog",
    )
    left, right, top, bottom = 110, 1140, 180, 590
    ymax = 16
    sy = (bottom - top) / ymax
    for v in range(0, ymax + 1, 4):
        y = bottom - v * sy
        p.setPen(QPen(QColor("#dcd8cf") if v else QColor("#3b4450"), 1 if v else 2))
        p.drawLine(QPointF(left, y), QPointF(right, y))
        label(p, left - 14, y + 6, str(v), font(16), "#6b737d", None, "right")
    n = len(values)
    slot = (right - left) / n
    bw = slot * 0.68
    for i, v in enumerate(values):
        x = left + i * slot + (slot - bw) / 2
        peak = v == max(values)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor("#a8321f") if peak else QColor("#2f6c8f"))
        p.drawRect(QRectF(x, bottom - v * sy, bw, v * sy))
        label(
            p,
            x + bw / 2,
            bottom - v * sy - 8,
            str(v),
            font(15, bold=peak),
            "#7d2617" if peak else "#2c3440",
            None,
            "center",
        )
        if i % 2 == 0:
            hour = (
                "midnight"
                if i == 0
                else (f"{i}am" if i < 12 else ("noon" if i == 12 else f"{i - 12}pm"))
            )
            label(p, x + bw / 2, bottom + 28, hour, font(15), "#505a66", None, "center")
    # high tide marker at 14:12
    tx = left + (14 + 12 / 60) * slot
    pen = QPen(QColor("#1b2330"), 2, Qt.PenStyle.DashLine)
    p.setPen(pen)
    p.drawLine(QPointF(tx, top), QPointF(tx, bottom))
    label(p, tx + 10, top + 16, "High tide", font(16, bold=True), "#1b2330")
    label(p, tx + 10, top + 38, "at Hollinsea, 2.12pm", font(15), "#505a66")
    save(img, p, "skelby-rainfall-by-hour.jpg")


def reservoir_chart() -> None:
    img, p = canvas()
    # hours since Monday 00:00, level in metres relative to the spillway crest
    data = [
        (0, -0.95),
        (12, -0.9),
        (24, -0.82),
        (36, -0.7),
        (48, -0.55),
        (60, -0.38),
        (66, -0.25),
        (72, -0.02),
        (75, 0.08),
        (78, 0.18),
        (81, 0.28),
        (84, 0.41),
        (86, 0.52),
        (87, 0.58),
        (88, 0.57),
    ]
    chart_frame(
        p,
        "Skelby Reservoir rose past its record",
        "Water level in metres above (+) or below (\u2212) the spillway crest, "
        "Monday to Thursday 4pm",
        "Fictional figures drawn for the Livedesk sample blog",
    )
    left, right, top, bottom = 120, 1130, 180, 580
    y0, y1 = -1.0, 0.8
    x_end = 96

    def pt(h: float, v: float) -> QPointF:
        return QPointF(
            left + (right - left) * h / x_end, bottom - (bottom - top) * (v - y0) / (y1 - y0)
        )

    for v in (-1.0, -0.5, 0.0, 0.5):
        a = pt(0, v)
        p.setPen(QPen(QColor("#dcd8cf"), 1))
        p.drawLine(a, pt(x_end, v))
        txt = "0" if v == 0 else f"{v:+.1f}".replace("-", "\u2212")
        label(p, left - 14, a.y() + 6, txt, font(16), "#6b737d", None, "right")
    for d, name in enumerate(("Mon", "Tue", "Wed", "Thu")):
        a = pt(d * 24, y0)
        p.setPen(QPen(QColor("#bdb8ad"), 1))
        p.drawLine(a, QPointF(a.x(), a.y() + 8))
        label(p, a.x() + (right - left) / 8, bottom + 30, name, font(16), "#505a66", None, "center")
    p.setPen(QPen(QColor("#3b4450"), 2))
    p.drawLine(pt(0, y0), pt(x_end, y0))

    # reference lines
    p.setPen(QPen(QColor("#1b2330"), 2))
    p.drawLine(pt(0, 0), pt(x_end, 0))
    label(
        p,
        pt(2, 0).x(),
        pt(2, 0).y() - 10,
        "Spillway crest: water starts to overflow",
        font(15, bold=True),
        "#1b2330",
        "#fbfaf7",
    )
    pen = QPen(QColor("#a8321f"), 2, Qt.PenStyle.DashLine)
    p.setPen(pen)
    p.drawLine(pt(0, 0.44), pt(x_end, 0.44))
    label(
        p,
        pt(2, 0.44).x(),
        pt(2, 0.44).y() + 24,
        "Previous record, +0.44m (1994)",
        font(15, bold=True),
        "#a8321f",
        "#fbfaf7",
    )

    # area and line
    area = QPainterPath(pt(data[0][0], y0))
    for h, v in data:
        area.lineTo(pt(h, v))
    area.lineTo(pt(data[-1][0], y0))
    area.closeSubpath()
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(col("#2f6c8f", 45))
    p.drawPath(area)
    line = QPainterPath(pt(*data[0]))
    for h, v in data[1:]:
        line.lineTo(pt(h, v))
    p.setPen(
        QPen(
            QColor("#2f6c8f"),
            4,
            Qt.PenStyle.SolidLine,
            Qt.PenCapStyle.RoundCap,
            Qt.PenJoinStyle.RoundJoin,
        )
    )
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawPath(line)
    peak = pt(87, 0.58)
    p.setPen(QPen(QColor("#ffffff"), 3))
    p.setBrush(QColor("#a8321f"))
    p.drawEllipse(peak, 8, 8)
    label(
        p,
        peak.x() - 16,
        peak.y() - 18,
        "+0.58m at 3pm Thursday",
        font(16, bold=True),
        "#7d2617",
        "#fbfaf7",
        "right",
    )
    save(img, p, "skelby-reservoir-level.jpg")


DRAWINGS = [
    storm_track_map,
    flooded_street,
    rail_line_closed,
    press_conference,
    seafront_waves,
    skelby_dam,
    rainfall_chart,
    reservoir_chart,
]


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    for draw in DRAWINGS:
        draw()
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
