"""The results chart: time against posts, log-log, one line per measure, drawn with QPainter.

Qt is already a dependency, so the chart needs nothing more (matplotlib would add ~40 MB to a
fresh set-up for one picture). Two panels share the picture: the interactive measures (store and
GUI), whose lines should stay flat as blogs grow, and the whole-blog exports, which grow with the
blog by nature. Drawn offscreen into a QImage and saved as PNG.
"""

from __future__ import annotations

import itertools
import math
import os
from pathlib import Path
from typing import Any

from common import format_seconds

WIDTH = 1500
PANEL_HEIGHT = 620
HEADER = 80
PLOT_LEFT, PLOT_TOP, PLOT_BOTTOM = 100, 40, 70
LEGEND_WIDTH = 520
COLORS = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2",
          "#17becf", "#7f7f7f", "#bcbd22", "#393b79", "#e7298a")
PANELS = (
    ("Interactive: the store API and the GUI (these should stay flat)", ("store", "gui")),
    ("Whole-blog exports (these grow with the blog)", ("export",)),
)


def _series(rows: list[dict[str, Any]], groups: tuple[str, ...]
            ) -> dict[str, list[tuple[int, float]]]:
    series: dict[str, list[tuple[int, float]]] = {}
    for row in rows:
        if (row["unit"] != "s" or row["median"] is None or row["size"] <= 0
                or row["group"] not in groups):
            continue
        series.setdefault(row["measure"], []).append((row["size"], row["median"]))
    if groups == ("export",):
        # The exports' common floor, so "within 1.2x the floor" can be read off the chart.
        floors = {row["size"]: row["floor"] for row in rows
                  if row["group"] == "export" and row.get("floor") and row["size"] > 0}
        if floors:
            series["floor: markdown-it-py + nh3 over the same bodies"] = list(floors.items())
    return {name: sorted(points) for name, points in series.items()}


def draw_chart(rows: list[dict[str, Any]], path: Path, subtitle: str = "") -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter

    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 (fonts need it)
    height = HEADER + PANEL_HEIGHT * len(PANELS)
    image = QImage(WIDTH, height, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    font = QFont()
    font.setPixelSize(14)
    title_font = QFont(font)
    title_font.setPixelSize(22)
    title_font.setBold(True)
    painter.setFont(title_font)
    painter.drawText(QRectF(0, 10, WIDTH, 34), Qt.AlignmentFlag.AlignHCenter,
                     "Livedesk: median time against posts in the blog (log-log)")
    painter.setFont(font)
    painter.setPen(QColor("#555555"))
    painter.drawText(QRectF(0, 46, WIDTH, 24), Qt.AlignmentFlag.AlignHCenter, subtitle)
    for index, (title, groups) in enumerate(PANELS):
        top = HEADER + index * PANEL_HEIGHT
        _panel(painter, QRectF(0, top, WIDTH, PANEL_HEIGHT), title, _series(rows, groups), font)
    painter.end()
    image.save(str(path))


def _panel(painter: Any, area: Any, title: str, series: dict[str, list[tuple[int, float]]],
           font: Any) -> None:
    from PySide6.QtCore import QPointF, QRectF, Qt
    from PySide6.QtGui import QColor, QFont, QPen

    right = area.right() - LEGEND_WIDTH
    plot = QRectF(area.left() + PLOT_LEFT, area.top() + PLOT_TOP,
                  right - area.left() - PLOT_LEFT, area.height() - PLOT_TOP - PLOT_BOTTOM)
    heading = QFont(font)
    heading.setPixelSize(16)
    heading.setBold(True)
    painter.setFont(heading)
    painter.setPen(QColor("#222222"))
    painter.drawText(QRectF(plot.left(), area.top() + 8, plot.width(), 24),
                     Qt.AlignmentFlag.AlignLeft, title)
    painter.setFont(font)
    if not series:
        painter.drawRect(plot)
        painter.drawText(plot, Qt.AlignmentFlag.AlignCenter, "nothing measured")
        return

    sizes = sorted({size for points in series.values() for size, _ in points})
    values = [v for points in series.values() for _, v in points]
    x_low, x_high = math.log10(min(sizes)) - 0.25, math.log10(max(sizes)) + 0.25
    y_low = math.floor(math.log10(min(values)))
    y_high = math.ceil(math.log10(max(values)))
    if y_high == y_low:
        y_high += 1

    def to_point(size: float, seconds: float) -> QPointF:
        x = plot.left() + (math.log10(size) - x_low) / (x_high - x_low) * plot.width()
        y = plot.bottom() - (math.log10(seconds) - y_low) / (y_high - y_low) * plot.height()
        return QPointF(x, y)

    # Grid: a line per decade of time (lighter ones between), one per store size.
    grid = QPen(QColor("#d8d8d8"))
    minor = QPen(QColor("#f0f0f0"))
    axis = QPen(QColor("#333333"))
    for decade in range(y_low, y_high + 1):
        for step in range(2, 10):
            if decade + math.log10(step) < y_high:
                painter.setPen(minor)
                y = to_point(sizes[0], step * 10.0 ** decade).y()
                painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        y = to_point(sizes[0], 10.0 ** decade).y()
        painter.setPen(grid)
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        painter.setPen(axis)
        painter.drawText(QRectF(area.left(), y - 10, PLOT_LEFT - 10, 20),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                         _decade_label(decade))
    for size in sizes:
        x = to_point(size, 10.0 ** y_low).x()
        painter.setPen(grid)
        painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
        painter.setPen(axis)
        painter.drawText(QRectF(x - 60, plot.bottom() + 6, 120, 20),
                         Qt.AlignmentFlag.AlignHCenter, f"{size:,}")
    painter.setPen(axis)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(plot)
    painter.drawText(QRectF(plot.left(), plot.bottom() + 30, plot.width(), 24),
                     Qt.AlignmentFlag.AlignHCenter, "posts in the blog (log scale)")
    painter.save()
    painter.translate(area.left() + 20, plot.center().y())
    painter.rotate(-90)
    painter.drawText(QRectF(-200, -12, 400, 24), Qt.AlignmentFlag.AlignHCenter,
                     "median time (log scale)")
    painter.restore()

    legend_x = right + 30
    line_height = min(26, int(plot.height()) // max(len(series), 1))
    legend_font = QFont(font)
    legend_font.setPixelSize(max(10, min(14, line_height - 6)))
    for index, (name, points) in enumerate(series.items()):
        color = QColor(COLORS[index % len(COLORS)])
        pen = QPen(color, 2.2)
        if index >= len(COLORS):
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(color)
        mapped = [to_point(size, value) for size, value in points]
        for a, b in itertools.pairwise(mapped):
            painter.drawLine(a, b)
        marker = index % 3
        for point in mapped:
            _marker(painter, point, marker)
        y = plot.top() + index * line_height + line_height / 2
        painter.drawLine(QPointF(legend_x, y), QPointF(legend_x + 34, y))
        _marker(painter, QPointF(legend_x + 17, y), marker)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QColor("#222222"))
        painter.setFont(legend_font)
        painter.drawText(QRectF(legend_x + 44, y - line_height / 2, LEGEND_WIDTH - 80,
                                line_height), Qt.AlignmentFlag.AlignVCenter, name)
        painter.setFont(font)


def _decade_label(decade: int) -> str:
    units = {-6: "1 µs", -5: "10 µs", -4: "100 µs", -3: "1 ms", -2: "10 ms", -1: "100 ms",
             0: "1 s", 1: "10 s", 2: "100 s", 3: "1000 s"}
    return units.get(decade, format_seconds(10.0 ** decade))


def _marker(painter: Any, point: Any, kind: int) -> None:
    from PySide6.QtCore import QPointF, QRectF
    from PySide6.QtGui import QPolygonF

    r = 4.5
    if kind == 0:
        painter.drawEllipse(point, r, r)
    elif kind == 1:
        painter.drawRect(QRectF(point.x() - r, point.y() - r, 2 * r, 2 * r))
    else:
        painter.drawPolygon(QPolygonF([QPointF(point.x(), point.y() - r - 1),
                                       QPointF(point.x() + r + 1, point.y() + r),
                                       QPointF(point.x() - r - 1, point.y() + r)]))
