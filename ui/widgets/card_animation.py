""" "Place your card here": a card that glides down onto the glowing reader, again and again.
While a card is being read (:meth:`CardAnimation.set_reading`), the card rests on the reader, the
glow breathes and a bar under the reader sweeps to and fro, slower in 长辈模式: busy, calm, no
percentage (a read's length is not known beforehand).

Drawn with QPainter in the theme's colours (no video or GIF to ship). The timer
runs only while the widget is shown, so a hidden screen costs nothing.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QHideEvent, QPainter, QPaintEvent, QPen, QShowEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from ui.theme import Theme

CYCLE_MS = 2400
READING_CYCLE_MS = 1600  # one sweep of the bar there and back: lively enough to show work is going on
ELDERLY_READING_CYCLE_MS = 2400  # 长辈模式: calmer
FRAME_MS = 40  # 25 fps is smooth enough for a slow glide


class CardAnimation(QWidget):
    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("CardAnimation")
        self._theme = theme
        self._phase = 0.0
        self.reading = False  # a card is being read: the card rests on the reader and the light pulses
        self._timer = QTimer(self)
        self._timer.setInterval(FRAME_MS)
        self._timer.timeout.connect(self._advance)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.apply_theme(theme)

    def apply_theme(self, theme: Theme) -> None:
        self._theme = theme
        # Smaller in 长辈模式: the larger text and a wrapped hint must still fit the panel with it.
        self.setFixedSize(theme.px(480), theme.px(300))  # 长辈模式: never smaller than normal

    def set_reading(self, reading: bool) -> None:
        if reading != self.reading:
            self.reading = reading
            self._phase = 0.0  # the card lands at once, and the glide starts from the top again after
            self.update()

    def _cycle_ms(self) -> int:
        if not self.reading:
            return CYCLE_MS
        return ELDERLY_READING_CYCLE_MS if self._theme.elderly else READING_CYCLE_MS

    def _advance(self) -> None:
        self._phase = (self._phase + FRAME_MS / self._cycle_ms()) % 1.0
        self.update()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        self._timer.start()
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt's name
        self._timer.stop()
        super().hideEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        c = self._theme.colours
        w, h = self.width(), self.height()
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        # the reader: a plinth with a glowing pad
        pad = QRectF(w * 0.12, h * 0.62, w * 0.76, h * 0.28)
        glow = 0.5 + 0.5 * math.sin(self._phase * 2 * math.pi)
        halo = QColor(c.primary)
        halo.setAlphaF(0.12 + 0.18 * glow)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(halo)
        p.drawRoundedRect(pad.adjusted(-w * 0.05, -h * 0.04, w * 0.05, h * 0.04), 28, 28)
        p.setBrush(QColor(c.header))
        p.drawRoundedRect(pad, 20, 20)
        p.setBrush(QColor(c.primary_soft))
        p.drawRoundedRect(pad.adjusted(w * 0.08, h * 0.05, -w * 0.08, -h * 0.05), 12, 12)
        # the card: above the reader, gliding down and settling (eased), then a short rest
        if self.reading:
            t = 1.0
        else:
            t = min(1.0, self._phase / 0.7)
            t = 1 - (1 - t) ** 3
        card_w, card_h = w * 0.5, h * 0.38
        top = h * 0.02 + (pad.top() - card_h * 0.55 - h * 0.02) * t
        card = QRectF((w - card_w) / 2, top, card_w, card_h)
        p.setBrush(QColor(c.surface))
        p.setPen(QPen(QColor(c.primary), max(3.0, w * 0.008)))
        p.drawRoundedRect(card, 14, 14)
        # the card's face: a portrait and three lines
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(c.primary_soft))
        p.drawEllipse(
            QPointF(card.left() + card_w * 0.24, card.top() + card_h * 0.42), card_w * 0.11, card_w * 0.11
        )
        p.setBrush(QColor(c.border))
        for i in range(3):
            y = card.top() + card_h * (0.28 + 0.18 * i)
            p.drawRoundedRect(
                QRectF(card.left() + card_w * 0.45, y, card_w * (0.42 - 0.1 * i), card_h * 0.08), 4, 4
            )
        # an arrow that points down while the card is on its way
        if not self.reading and t < 0.95:
            arrow = QColor(c.primary)
            arrow.setAlphaF(1 - t)
            p.setPen(QPen(arrow, max(4.0, w * 0.012), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            x = w * 0.86
            p.drawLine(QPointF(x, h * 0.12), QPointF(x, h * 0.42))
            p.drawLine(QPointF(x - w * 0.04, h * 0.34), QPointF(x, h * 0.42))
            p.drawLine(QPointF(x + w * 0.04, h * 0.34), QPointF(x, h * 0.42))
        if self.reading:
            bar = h * (0.05 if self._theme.elderly else 0.04)  # 长辈模式: a thicker bar, moving slower
            self._paint_sweep(p, QRectF(pad.left(), h * 0.948, pad.width(), bar))
        p.end()

    def _paint_sweep(self, p: QPainter, track: QRectF) -> None:
        """An indeterminate progress bar: a segment easing from one end of the track to the other."""
        c = self._theme.colours
        radius = track.height() / 2
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(c.primary_soft))
        p.drawRoundedRect(track, radius, radius)
        there_and_back = 1 - abs(1 - 2 * self._phase)  # 0 → 1 → 0
        eased = 0.5 - 0.5 * math.cos(there_and_back * math.pi)
        segment = track.width() * 0.3
        left = track.left() + (track.width() - segment) * eased
        p.setBrush(QColor(c.primary))
        p.drawRoundedRect(QRectF(left, track.top(), segment, track.height()), radius, radius)
