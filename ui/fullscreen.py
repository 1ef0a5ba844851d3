"""The window on the whole screen, wherever it runs: X11 with or without a window manager, Wayland
under cage or another compositor, eglfs on a bare panel.

``showFullScreen()`` alone is a request the window manager may ignore: under X11 with no window
manager (a common kiosk set-up) the window stayed at its default size in the top-left corner. So
the window takes its screen's geometry itself before it asks to be full screen, and again whenever
the screen changes size (a panel rotated, a mode set) or the window moves to another screen.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QRect, Qt
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)


def describe(rect: QRect) -> str:
    return f"{rect.width()}x{rect.height()}+{rect.x()}+{rect.y()}"


class ScreenFiller(QObject):
    """Keeps ``window`` full screen on its screen (the primary one to begin with)."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self._screen: QScreen | None = None

    def show(self) -> None:
        window = self._window
        window.setWindowFlags(Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint)
        screen = QGuiApplication.primaryScreen()
        window.setGeometry(screen.geometry())
        window.showFullScreen()
        handle = window.windowHandle()
        if handle is not None:
            handle.screenChanged.connect(self._follow)
            screen = handle.screen() or screen
        self._follow(screen)

    def _follow(self, screen: QScreen | None) -> None:
        if screen is None or screen is self._screen:
            return
        if self._screen is not None:
            self._screen.geometryChanged.disconnect(self._fit)
        self._screen = screen
        screen.geometryChanged.connect(self._fit)
        self._fit(screen.geometry())

    def _fit(self, geometry: QRect) -> None:
        if self._window.geometry() != geometry:
            log.info("the screen is %s: the window follows", describe(geometry))
            self._window.setGeometry(geometry)
        if not self._window.isFullScreen():
            self._window.showFullScreen()

    def report(self) -> str:
        """Where the window is, against its screen (``kiosk run --quit-when-ready`` prints it)."""
        screen = self._screen or QGuiApplication.primaryScreen()
        handle = self._window.windowHandle()
        shown = handle.geometry() if handle is not None else self._window.geometry()
        return (
            f"window {describe(shown)} on screen {describe(screen.geometry())}"
            f" ({QGuiApplication.platformName()})"
        )
