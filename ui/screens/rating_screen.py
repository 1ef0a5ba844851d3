"""Rating: five levels, 非常满意 to 非常不满意, one tap each; skipping is fine."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import QBoxLayout, QGridLayout, QSizePolicy, QWidget

from kiosk.journey import JourneyView
from ui import rating_strings
from ui.screens.base import Screen
from ui.strings import t
from ui.theme import Theme
from ui.widgets.basic import Label
from ui.widgets.cards import CardButton

LEVELS = (5, 4, 3, 2, 1)  # best first, as the citizen reads


class RatingFace(QWidget):
    """A simple face whose mouth curves with the level: the choice reads without words."""

    def __init__(self, level: int, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.level = level
        self.theme = theme
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        c = self.theme.colours
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        side = float(min(self.width(), self.height()))
        painter.scale(side / 100, side / 100)
        painter.setPen(QPen(QColor(c.primary), 5))
        painter.setBrush(QColor(c.primary_soft))
        painter.drawEllipse(QRectF(5, 5, 90, 90))
        painter.setBrush(QColor(c.primary))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawEllipse(QRectF(31, 34, 10, 12))
        painter.drawEllipse(QRectF(59, 34, 10, 12))
        curve = (self.level - 3) * 12  # + smiles, - frowns
        mouth = QPainterPath(QPointF(30, 66 - curve / 3))
        mouth.quadTo(QPointF(50, 66 + curve), QPointF(70, 66 - curve / 3))
        pen = QPen(QColor(c.primary), 6)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(mouth)
        painter.end()


class RatingButton(CardButton):
    """A level: its face above its words, which wrap ("Very dissatisfied" in 长辈模式 needs two lines)."""

    def __init__(self, level: int, screen: RatingScreen) -> None:
        super().__init__(screen.theme, screen)
        self.clicked.connect(lambda _checked=False: screen.intents.rate(level))
        self.setObjectName(f"rate{level}")
        self.level = level
        self.face = RatingFace(level, screen.theme, self)
        self.words = Label("heading", self)
        self.words.setAlignment(Qt.AlignmentFlag.AlignCenter)
        inner = self.inner
        inner.addStretch(1)
        inner.addWidget(self.face, 0, Qt.AlignmentFlag.AlignHCenter)
        inner.addWidget(self.words)
        inner.addStretch(1)


class RatingScreen(Screen):
    def build(self) -> None:
        self.title = self.label("title", centred=True)
        self.body = self.label("muted", centred=True)
        self.column.addStretch(2)
        self.column.addWidget(self.title)
        self.column.addWidget(self.body)
        self.grid = QGridLayout()
        self.levels: dict[int, RatingButton] = {}
        self._columns = 0
        for index, level in enumerate(LEVELS):
            button = RatingButton(level, self)
            self.levels[level] = button
            self.grid.addWidget(button, 0, index)
        self.column.addLayout(self.grid)
        self.column.addStretch(3)
        self.skip = self.button("secondary", self.intents.dismiss)
        self.button_row(self.skip)

    def themed(self) -> None:
        px = self.theme.px
        self.grid.setSpacing(px(self.theme.sizes.gap))
        face = px(110 if self.theme.elderly else 96)
        for button in self.levels.values():
            button.theme = self.theme
            button.face.theme = self.theme
            button.face.setFixedSize(face, face)
            button.inner.setSpacing(px(14))
        self._columns = 0
        self._arrange()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._arrange()

    def _arrange(self) -> None:
        """Five cards side by side where their words fit; else one below the other, the face beside
        the words (an upright panel: room below, none beside), or three and two (a narrow desk panel)."""
        margins = self.column.contentsMargins()
        width = self.width() - margins.left() - margins.right()
        gap = self.theme.px(self.theme.sizes.gap)
        card = self.levels[5].inner.contentsMargins()
        widest = max(self._widest_word() + card.left() + card.right(), 1)  # on a line of its own
        columns = 5 if 5 * widest + 4 * gap <= width else 1 if self.theme.upright else 3
        listed = columns < 5  # the face beside the words: a card half as tall
        if columns != self._columns:
            self._columns = columns
            left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
            for index, level in enumerate(LEVELS):
                button = self.levels[level]
                self.grid.removeWidget(button)
                self.grid.addWidget(button, index // columns, index % columns)
                direction = QBoxLayout.Direction.LeftToRight if listed else QBoxLayout.Direction.TopToBottom
                button.inner.setDirection(direction)
                button.words.setAlignment(left if listed else Qt.AlignmentFlag.AlignCenter)
                button.words.set_role("strong" if listed else "heading")  # one line beside the face
        px, elderly = self.theme.px, self.theme.elderly
        # At least the theme's card; taller where the words wrap (CardButton's height for width).
        height = px(170 if elderly else 140) if listed else px(300 if elderly else 250)
        for button in self.levels.values():
            button.setMinimumHeight(height)
            button.updateGeometry()

    def _widest_word(self) -> int:
        """The widest word at the heading's size, as the cards side by side show it."""
        font = QFont(self.title.font())
        font.setPixelSize(self.theme.font_px("heading"))
        font.setBold(True)
        metrics = QFontMetrics(font)
        words = (word for button in self.levels.values() for word in button.words.text().split())
        return max((metrics.horizontalAdvance(word) for word in words), default=0)

    def show_view(self, view: JourneyView) -> None:
        self.title.setText(t(rating_strings.RATING_TITLE))
        self.body.setText(t(rating_strings.RATING_BODY))
        for level, button in self.levels.items():
            button.words.setText(t(rating_strings.RATING_LEVELS[level]))
            button.setAccessibleName(button.words.text())
        self.skip.setText(t(rating_strings.RATING_SKIP))
        self._columns = 0  # the words may be longer in this language
        self._arrange()

    def spoken(self, view: JourneyView) -> str:
        return t(rating_strings.RATING_SPOKEN)
