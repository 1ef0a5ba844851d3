"""The step bar: which step of the visit this is, of how many (身份核验 → 人脸核验 → 核对 → 打印 →
取件). The journey says where the visit is (``JourneyView.progress``); this only draws it, in the
header, where the kiosk's name stands outside a visit. Done steps carry a tick, the current one is
filled, the ones ahead are outlined — shapes as well as colours. When the names do not all fit
(长辈模式 in English) the steps ahead and behind keep their numbers and only the current one its name."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from ui import strings
from ui.strings import t
from ui.theme import Theme

if TYPE_CHECKING:
    from kiosk.journey.view import VisitProgress


class StepBar(QWidget):
    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("StepBar")
        self.theme = theme
        self.progress: VisitProgress | None = None
        self.names: list[str] = []
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)

    def apply_theme(self, theme: Theme) -> None:
        self.theme = theme
        font = QFont(self.font())
        font.setPixelSize(theme.font_px("body"))  # the size it paints, where the audit reads it
        font.setBold(True)
        self.setFont(font)
        self.update()

    def show_progress(self, progress: VisitProgress | None) -> None:
        self.progress = progress
        self.names = [t(strings.VISIT_STEPS[step]) for step in progress.steps] if progress else []
        if progress is not None:
            where = t(
                strings.STEP_OF, progress.current + 1, len(progress.steps), self.names[progress.current]
            )
            self.setAccessibleName(where)
            self.setProperty("auditText", where)  # the audit measures the text this paints
        self.setVisible(progress is not None)
        self.update()

    def _font(self) -> QFont:
        return QFont(self.font())

    def all_names_fit(self) -> bool:
        return self._width(full=True) <= self.width()

    def _width(self, *, full: bool) -> float:
        if self.progress is None:
            return 0.0
        metrics = QFontMetrics(self._font())
        px = self.theme.px
        dot, gap = px(44), px(14)
        total = 0.0
        for index, name in enumerate(self.names):
            total += dot
            if full or index == self.progress.current:
                total += gap + metrics.horizontalAdvance(name)
            total += px(36)  # the joint to the next
        return total

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(int(self._width(full=False)), self.theme.px(52))

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        progress = self.progress
        if progress is None:
            return
        c, px = self.theme.colours, self.theme.px
        full = self.all_names_fit()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = self._font()
        painter.setFont(font)
        metrics = QFontMetrics(font)
        dot, gap, joint = px(44), px(14), px(36)
        x, middle = 0.0, self.height() / 2
        on_header = QColor(c.on_header)
        for index, name in enumerate(self.names):
            circle = QRectF(x, middle - dot / 2, dot, dot)
            painter.setPen(QPen(on_header, px(3)))
            done, current = index < progress.current, index == progress.current
            painter.setBrush(on_header if (done or current) else Qt.BrushStyle.NoBrush)
            painter.drawEllipse(circle)
            painter.setPen(QColor(c.header) if (done or current) else on_header)
            painter.drawText(circle, Qt.AlignmentFlag.AlignCenter, "✓" if done else str(index + 1))
            x += dot
            if full or current:
                painter.setPen(on_header)
                width = metrics.horizontalAdvance(name)
                painter.drawText(
                    QRectF(x + gap, 0, width + 2, self.height()), Qt.AlignmentFlag.AlignVCenter, name
                )
                x += gap + width
            if index < len(self.names) - 1:
                painter.setPen(QPen(on_header, px(3)))
                painter.drawLine(int(x + px(8)), int(middle), int(x + joint - px(8)), int(middle))
            x += joint
        painter.end()
