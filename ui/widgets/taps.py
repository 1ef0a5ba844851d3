"""Taps on buttons inside a kinetic scroll area.

``QScroller`` with ``LeftMouseButtonGesture`` takes the press of every tap to
decide between a tap and a drag, and (on Qt 6.11, offscreen and with synthetic
input at least) never hands the press back: the button under the finger gets
only the release, ignores it, and the tap is lost. :func:`keep_taps` watches
the scroller: when a press ends without a drag and the release reaches the
viewport unclaimed, it clicks the button under the finger. A button that did
see its press claims its own release, so a tap is never counted twice.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QAbstractButton, QScrollArea, QScroller


class TapKeeper(QObject):
    def __init__(self, area: QScrollArea) -> None:
        super().__init__(area)
        self.area = area
        self.dragged = False
        viewport = area.viewport()
        viewport.installEventFilter(self)
        QScroller.scroller(viewport).stateChanged.connect(self._state)

    def _state(self, state: QScroller.State) -> None:
        if state is QScroller.State.Pressed:
            self.dragged = False
        elif state in (QScroller.State.Dragging, QScroller.State.Scrolling):
            self.dragged = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() != QEvent.Type.MouseButtonRelease or self.dragged:
            return False
        assert isinstance(event, QMouseEvent)
        viewport = self.area.viewport()
        child = viewport.childAt(event.position().toPoint())
        while child is not None and not isinstance(child, QAbstractButton):
            parent = child.parentWidget()
            child = parent if parent is not viewport else None
        if isinstance(child, QAbstractButton) and child.isEnabled() and child.isVisible():
            child.click()
            return True
        return False


def keep_taps(area: QScrollArea) -> TapKeeper:
    """Make taps on the buttons inside ``area`` (a touch_scroll_area) work; see the module docstring."""
    return TapKeeper(area)


__all__ = ["TapKeeper", "keep_taps"]
