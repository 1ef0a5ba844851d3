"""Rating: five levels, 非常满意 to 非常不满意, one tap each; skipping is fine."""

from __future__ import annotations

from functools import partial

from PySide6.QtWidgets import QGridLayout

from kiosk.journey import JourneyView
from ui import strings
from ui.screens.base import Screen
from ui.strings import t
from ui.widgets.basic import Button

LEVELS = (5, 4, 3, 2, 1)  # best first, as the citizen reads


class RatingScreen(Screen):
    def build(self) -> None:
        self.title = self.label("title", centred=True)
        self.body = self.label("muted", centred=True)
        self.column.addStretch(2)
        self.column.addWidget(self.title)
        self.column.addWidget(self.body)
        self.grid = QGridLayout()
        self.levels: dict[int, Button] = {}
        for index, level in enumerate(LEVELS):
            button = self.button("secondary", partial(self._rate, level))
            button.setObjectName(f"rate{level}")
            button.setProperty("level", level)
            self.levels[level] = button
            self.grid.addWidget(button, 0, index)
        self.column.addLayout(self.grid)
        self.column.addStretch(3)
        self.skip = self.button("secondary", self.intents.dismiss)
        self.button_row(self.skip)

    def _rate(self, level: int) -> None:
        self.intents.rate(level)

    def themed(self) -> None:
        px = self.theme.px
        self.grid.setSpacing(px(self.theme.sizes.gap))
        for button in self.levels.values():
            # The style sheet sets every button's min-height, so the taller rating buttons say it there too.
            button.setStyleSheet(f"min-height: {px(200 if self.theme.elderly else 170)}px;")

    def show_view(self, view: JourneyView) -> None:
        self.title.setText(t(strings.RATING_TITLE))
        self.body.setText(t(strings.RATING_BODY))
        for level, button in self.levels.items():
            button.setText(t(strings.RATING_LEVELS[level]))
            button.setProperty("kind", "primary" if view.rating == level else "secondary")
            button.style().unpolish(button)
            button.style().polish(button)
        self.skip.setText(t(strings.RATING_SKIP))

    def spoken(self, view: JourneyView) -> str:
        return t(strings.RATING_SPOKEN)
