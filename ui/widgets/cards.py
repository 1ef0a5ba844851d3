"""A large tappable card holding its own labels (a business to choose, a rating level)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QAbstractButton, QSizePolicy, QVBoxLayout, QWidget

from ui.theme import Theme


class CardButton(QAbstractButton):
    """A large tappable card with its own words inside (labels), drawn here rather than by the
    QPushButton style, whose min-height rules are for one-line buttons."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # At least the height a screen gives it (setMinimumHeight), taller where its words wrap onto
        # more lines than that holds (English, 长辈模式, a narrow or short panel).
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.inner = QVBoxLayout(self)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt's name
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt's name
        return max(self.minimumHeight(), self.inner.totalHeightForWidth(width))

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        # Before it is laid out, at the width its words want on one line.
        width = self.width() if self.width() > 0 else self.inner.sizeHint().width()
        return QSize(max(self.minimumWidth(), width), self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(self.minimumWidth(), self.minimumHeight())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        c, px = self.theme.colours, self.theme.px
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        width = float(px(3 if self.isDown() else 2))
        rect = QRectF(self.rect()).adjusted(width / 2, width / 2, -width / 2, -width / 2)
        painter.setPen(QPen(QColor(c.primary if self.isDown() else c.border), width))
        painter.setBrush(QColor(c.primary_soft if self.isDown() else c.surface))
        radius = float(px(self.theme.sizes.radius))
        painter.drawRoundedRect(rect, radius, radius)
        painter.end()
