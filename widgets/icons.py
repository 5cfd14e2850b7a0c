"""The app's icons: Font Awesome 5 Solid glyphs drawn by qtawesome, kept off the start-up path.

Two costs made icons the largest part of a cold start, measured on the 2-core build machine:

* ``import qtawesome`` imports qtpy, whose ``from PySide6.QtCore import *`` (and QtGui, QtWidgets,
  QtOpenGL) builds every class and enum of those modules: about 200 ms and 22 MiB;
* qtawesome's shared font object loads all eleven of its bundled icon fonts, checking each file's
  MD5, on the first icon: another 90 ms and 16 MiB. Livedesk draws every icon from one of them.

So the app asks qtawesome for an ``IconicFont`` holding that one font, and while the first window
is being built (``hold``) icons are not made at all: ``set_icon`` notes what goes where, and
``release``, called once the window has painted, loads the font and fills them in. Outside that
start-up window (dialogs, tests, widgets made later) icons are made at once.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QIconEngine, QPainter, QPixmap
from shiboken6 import isValid

os.environ.setdefault("QT_API", "pyside6")

#: The qtawesome prefix of the one icon font the app uses (Font Awesome 5 Solid).
PREFIX = "fa5s"

Color = QColor | str | None


class _HasIcon(Protocol):
    def setIcon(self, icon: QIcon) -> None: ...


class _State:
    font: Any = None
    failed = False
    held = False
    waiting: list[Callable[[], None]] = []  # noqa: RUF012 (one shared list, on purpose)
    defaults: dict[str, Any] = {}  # noqa: RUF012
    blank: QIcon | None = None


def _iconic_font() -> Any:
    """qtawesome's font object with Font Awesome 5 Solid alone (None if it cannot load)."""
    if _State.font is None and not _State.failed:
        try:
            import qtawesome
            from qtawesome.iconic_font import IconicFont

            # qtawesome's table of its bundled fonts: (prefix, ttf file, charmap file).
            bundled = [f for f in getattr(qtawesome, "_BUNDLED_FONTS", ()) if f[0] == PREFIX]
            _State.font = IconicFont(*bundled) if bundled else _WholeQtAwesome(qtawesome)
        except Exception:  # an icon font missing from a frozen build: buttons show text
            _State.failed = True
    return _State.font


class _WholeQtAwesome:
    """Fallback for a qtawesome that no longer lists its fonts: its own shared object."""

    def __init__(self, module: Any) -> None:
        self.module = module
        self.icon_cache: dict[str, QIcon] = {}

    def icon(self, *names: str, **options: Any) -> QIcon:
        return self.module.icon(*names, **options)


def loaded() -> bool:
    """Whether the icon font is in memory."""
    return _State.font is not None


def set_palette_colors(color: Color, color_disabled: Color) -> None:
    """The colours icons take when none is given (the palette's button text), so that they
    read in light and dark palettes; icons already made keep theirs."""
    _State.defaults = {"color": color, "color_disabled": color_disabled}
    if _State.font is not None:
        _State.font.icon_cache = {}


def icon(name: str, *, color: Color = None, color_disabled: Color = None) -> QIcon:
    """The icon ``name`` (like ``"fa5s.search"``); a null icon while icons are held back for
    the start-up, or when the font cannot be loaded."""
    if _State.held:
        return QIcon()
    font = _iconic_font()
    if font is None:
        return QIcon()
    options = {key: value for key, value in _State.defaults.items() if value is not None}
    if color is not None:
        options["color"] = color
        options.setdefault("color_disabled", color)
    if color_disabled is not None:
        options["color_disabled"] = color_disabled
    try:
        made = font.icon(name, **options)
    except Exception:  # an unknown name: no icon rather than a crash
        return QIcon()
    if not isinstance(made, QIcon) or made.isNull():
        return QIcon()
    return QIcon(_KeptPixmaps(made))


class _KeptPixmaps(QIconEngine):
    """Keeps the pictures of a qtawesome icon: its engine draws the glyph anew every time a
    button or row is painted (42 glyphs for each repaint of the main window)."""

    def __init__(self, source: QIcon) -> None:
        super().__init__()
        self._source = source
        self._pixmaps: dict[tuple[int, int, object, object], QPixmap] = {}

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        key = (size.width(), size.height(), mode, state)
        kept = self._pixmaps.get(key)
        if kept is None:
            kept = self._source.pixmap(size, mode, state)
            self._pixmaps[key] = kept
        return kept

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode,
              state: QIcon.State) -> None:
        device = painter.device()
        ratio = device.devicePixelRatioF() if device is not None else 1.0
        size = QSize(round(rect.width() * ratio), round(rect.height() * ratio))
        painter.drawPixmap(rect, self.pixmap(size, mode, state))

    def clone(self) -> QIconEngine:
        return _KeptPixmaps(self._source)


def when_ready(apply: Callable[[], None]) -> None:
    """Run ``apply`` once icons can be made: now, or when the start-up releases them."""
    if _State.held:
        _State.waiting.append(apply)
    else:
        apply()


def set_icon(target: _HasIcon, name: str, *, color: Color = None, color_disabled: Color = None,
             fallback: Callable[[], None] | None = None) -> None:
    """Give ``target`` (an action or a button) the icon ``name``, now or after the start-up.
    ``fallback`` runs instead when no icon can be made (a text label, say)."""

    def apply() -> None:
        if not isValid(target):  # deleted before the icons came
            return
        made = icon(name, color=color, color_disabled=color_disabled)
        if made.isNull() and fallback is not None:
            fallback()
        target.setIcon(made)

    if _State.held:
        # A blank icon meanwhile: a button without one would show its text instead and lay
        # the window out wider than it will be.
        target.setIcon(_blank())
    when_ready(apply)


def _blank() -> QIcon:
    if _State.blank is None:
        pixmap = QPixmap(16, 16)
        pixmap.fill(Qt.GlobalColor.transparent)
        _State.blank = QIcon(pixmap)
    return _State.blank


def hold() -> None:
    """Make no icons until ``release``: the first window shows without waiting for them."""
    _State.held = True


def release() -> None:
    """Load the icon font and give every waiting action and button its icon."""
    _State.held = False
    waiting, _State.waiting = _State.waiting, []
    for apply in waiting:
        apply()


def held() -> bool:
    return _State.held
