"""Panels that live in a tabbed dock and work only while their tab is on screen."""

from __future__ import annotations

from PySide6.QtCore import QTimer


class OnScreenAware:
    """A mixin for a QWidget panel in a dock that may sit behind another dock's tab.

    Qt counts every tab of a tabbed dock area as visible (``isVisible()`` is true behind the
    Summary tab), so a panel that renders or checks only when it can be seen is told by its
    dock instead: the main window connects ``QDockWidget.visibilityChanged`` to
    :meth:`set_shown`. A panel on its own (no dock) goes by ``isVisible()``.
    """

    _tab_shown: bool | None = None

    def set_shown(self, shown: bool) -> None:
        """Whether the panel's dock tab is the one on screen; on showing, the panel catches up
        with what it left undone while hidden (in the next turn of the event loop)."""
        self._tab_shown = shown
        if shown:
            QTimer.singleShot(0, self, self.catch_up)  # type: ignore[call-overload]

    def on_screen(self) -> bool:
        return bool(self.isVisible()) and self._tab_shown is not False  # type: ignore[attr-defined]

    def catch_up(self) -> None:
        """Do what was put off while the panel was off screen (override)."""
