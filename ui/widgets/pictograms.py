"""Simple drawn pictures that say what to do without words: the card on the reader, the
papers in the tray, the printer at work, the slip, a busy ring.

They are painted with QPainter in the theme's colours rather than shipped as image
files, so they scale to any panel and switch colours with elderly mode. They carry no
text (the screen's labels say it), so the audit does not count them.
"""

from __future__ import annotations

import enum

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QHideEvent, QPainter, QPaintEvent, QPen, QShowEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from ui.theme import Theme


class Picture(enum.Enum):
    CARD = "card"  # an ID card lifted off the reader
    PAPERS = "papers"  # sheets and a slip coming out of the tray
    PRINTER = "printer"
    RECEIPT = "receipt"
    SEARCH = "search"  # a document under a magnifier
    DONE = "done"  # a tick in a disc: the visit was completed
    ENDED = "ended"  # a closed door in a disc: the visit ended without its papers (no tick)


class Pictogram(QWidget):
    def __init__(self, picture: Picture, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.picture = picture
        self.theme = theme
        self.progress = 0.0  # the printer's page coming out, 0..1
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.apply_theme(theme)

    def apply_theme(self, theme: Theme) -> None:
        self.theme = theme
        side = theme.px(260 if theme.elderly else 220)
        self.setFixedSize(side, side)
        self.update()

    def set_picture(self, picture: Picture) -> None:
        if picture is not self.picture:
            self.picture = picture
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        c = self.theme.colours
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        side = float(min(self.width(), self.height()))
        painter.scale(side / 100, side / 100)  # draw on a 100×100 grid
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(c.primary_soft))
        painter.drawEllipse(QRectF(0, 0, 100, 100))
        ink, paper = QColor(c.primary), QColor(c.surface)
        pen = QPen(ink, 3.2)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        painter.setBrush(paper)
        match self.picture:
            case Picture.CARD:
                painter.drawRoundedRect(QRectF(18, 62, 64, 14), 3, 3)  # the reader
                painter.save()
                painter.translate(50, 40)
                painter.rotate(-12)
                painter.drawRoundedRect(QRectF(-24, -15, 48, 30), 4, 4)  # the card, lifted
                painter.setBrush(ink)
                painter.drawRoundedRect(QRectF(-18, -8, 12, 15), 2, 2)  # its photo
                painter.drawLine(QPointF(0, -5), QPointF(17, -5))
                painter.drawLine(QPointF(0, 3), QPointF(12, 3))
                painter.restore()
                painter.drawLine(QPointF(78, 22), QPointF(84, 12))  # lifting arrow
                painter.drawLine(QPointF(84, 12), QPointF(76, 12))
                painter.drawLine(QPointF(84, 12), QPointF(86, 20))
            case Picture.PAPERS:
                painter.drawRoundedRect(QRectF(16, 58, 68, 22), 4, 4)  # the tray
                painter.drawRect(QRectF(30, 22, 34, 44))  # the A4 sheets
                painter.drawRect(QRectF(36, 18, 34, 44))
                for y in (28, 36, 44):
                    painter.drawLine(QPointF(42, y), QPointF(64, y))
                painter.drawRect(QRectF(70, 34, 14, 26))  # the slip
            case Picture.PRINTER:
                painter.drawRoundedRect(QRectF(14, 36, 72, 34), 6, 6)
                painter.drawRect(QRectF(28, 16, 44, 20))  # paper waiting
                out = 8 + 20 * self.progress
                painter.drawRect(QRectF(28, 62, 44, out))  # the page coming out
                painter.setBrush(ink)
                painter.drawEllipse(QRectF(74, 44, 5, 5))
            case Picture.RECEIPT:
                painter.drawRoundedRect(QRectF(22, 50, 56, 22), 5, 5)
                painter.drawRect(QRectF(36, 18, 28, 40))
                for y in (26, 33, 40):
                    painter.drawLine(QPointF(41, y), QPointF(59, y))
            case Picture.SEARCH:
                painter.drawRect(QRectF(24, 18, 36, 48))
                for y in (28, 36, 44):
                    painter.drawLine(QPointF(30, y), QPointF(52, y))
                painter.drawEllipse(QRectF(46, 46, 24, 24))
                painter.drawLine(QPointF(67, 67), QPointF(80, 80))
            case Picture.DONE:
                painter.setBrush(QColor(c.success))
                painter.setPen(Qt.PenStyle.NoPen)
                painter.drawEllipse(QRectF(20, 20, 60, 60))
                tick = QPen(QColor(c.on_primary), 7)
                tick.setCapStyle(Qt.PenCapStyle.RoundCap)
                tick.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
                painter.setPen(tick)
                painter.drawPolyline([QPointF(36, 51), QPointF(46, 61), QPointF(65, 40)])
            case Picture.ENDED:
                painter.drawRoundedRect(QRectF(32, 22, 36, 58), 3, 3)  # a door, shut
                painter.setBrush(ink)
                painter.drawEllipse(QRectF(58, 50, 5, 5))  # its handle
                painter.drawLine(QPointF(24, 80), QPointF(76, 80))  # the floor
        painter.end()


class BusyRing(QWidget):
    """A turning arc: the kiosk is working. Its timer runs only while the ring is shown."""

    STEP_MS = 40

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme
        self._angle = 0
        self._timer = QTimer(self)
        self._timer.setInterval(self.STEP_MS)
        self._timer.timeout.connect(self._turn)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.apply_theme(theme)

    def apply_theme(self, theme: Theme) -> None:
        self.theme = theme
        side = theme.px(120)
        self.setFixedSize(side, side)

    @property
    def turning(self) -> bool:
        return self._timer.isActive()

    def _turn(self) -> None:
        self._angle = (self._angle + 12) % 360
        self.update()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self._timer.start()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt's name
        self._timer.stop()
        super().hideEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        c = self.theme.colours
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        width = max(6.0, self.width() / 11)
        rect = QRectF(self.rect()).adjusted(width, width, -width, -width)
        painter.setPen(QPen(QColor(c.primary_soft), width))
        painter.drawEllipse(rect)
        pen = QPen(QColor(c.primary), width)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        painter.drawArc(rect, -self._angle * 16, 100 * 16)
        painter.end()
