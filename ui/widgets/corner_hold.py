"""The technicians' way in: press and hold the window's top-left corner.

An invisible square of :data:`CORNER_MM` in the window's top-left corner, held
for :data:`HOLD_SECONDS`, opens the PIN pad (:mod:`ui.widgets.pin_pad`) — on
the attract, home and out-of-service screens only, when a PIN is configured.

Nothing is drawn and no event is taken: the window hands this object every
press, move and release its QWindow sees (before any widget), and the tap goes
on to whatever lies under it as before. On the attract screen a press there
wakes the kiosk as any press does, and the hold goes on over the home screen.
In that corner the header shows only the kiosk's name (no button: checked by
``tests/ui/test_diagnostics_screen.py`` in both modes), so a hold takes no tap
from a citizen. Releasing, or sliding out of the square, ends the hold.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPointF, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent, QTouchEvent

from kiosk.journey.states import JourneyState
from ui.theme import Theme

S = JourneyState

HOLD_SECONDS = 3.0
"""Long enough that no citizen leaning on the corner or tapping it opens the pad by accident, short
enough for a technician who knows it is there."""
CORNER_MM = 15.0
"""The square's side: a fingertip (about 10 mm) fits with room to spare, and at 15 mm it stays inside
the header's margin and the kiosk's name, where there is nothing to tap."""

_PRESS = (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin)
_MOVE = (QEvent.Type.MouseMove, QEvent.Type.TouchUpdate)
_END = (QEvent.Type.MouseButtonRelease, QEvent.Type.TouchEnd, QEvent.Type.TouchCancel)


def _position(event: QEvent) -> QPointF | None:
    """Where the finger (or the mouse's left button) is, in the window's coordinates."""
    if isinstance(event, QMouseEvent):
        if event.type() == QEvent.Type.MouseButtonPress and event.button() != Qt.MouseButton.LeftButton:
            return None
        return event.position()
    if isinstance(event, QTouchEvent) and event.points():
        return event.points()[0].position()
    return None


class CornerHold(QObject):
    held = Signal()
    """The corner was held for the whole hold time (the window then opens the PIN pad)."""

    def __init__(self, parent: QObject, theme: Theme, armed: Callable[[], bool]) -> None:
        """``armed``: whether a hold may begin now (a PIN is set, the screen is one of
        :data:`DIAGNOSTICS_FROM`); asked on each press in the corner."""
        super().__init__(parent)
        self._armed = armed
        self.side_px = theme.mm(CORNER_MM)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.held.emit)
        self.hold_seconds = HOLD_SECONDS

    @property
    def hold_seconds(self) -> float:
        return self._timer.interval() / 1000

    @hold_seconds.setter
    def hold_seconds(self, seconds: float) -> None:
        """Tests hold for less than the real 3 s."""
        self._timer.setInterval(max(1, round(seconds * 1000)))

    @property
    def holding(self) -> bool:
        return self._timer.isActive()

    def apply_theme(self, theme: Theme) -> None:
        self.side_px = theme.mm(CORNER_MM)

    def zone(self) -> QRect:
        """The square, in the window's coordinates."""
        return QRect(0, 0, self.side_px, self.side_px)

    def watch(self, event: QEvent) -> None:
        """An input event the window's QWindow received. Never taken: the tap goes on as before."""
        kind = event.type()
        if kind in _PRESS:
            where = _position(event)
            if self._timer.isActive() or where is None:
                return  # a touch's synthesized mouse press, or another button
            if self.zone().contains(where.toPoint()) and self._armed():
                self._timer.start()
        elif kind in _MOVE:
            where = _position(event)
            if self._timer.isActive() and where is not None and not self.zone().contains(where.toPoint()):
                self._timer.stop()  # a drag is not a hold
        elif kind in _END:
            self._timer.stop()

    def cancel(self) -> None:
        self._timer.stop()
