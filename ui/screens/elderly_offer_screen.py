"""One question for a card holder of 60 or more: use 长辈模式? Yes or no, nothing else."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from kiosk.journey import JourneyView
from kiosk.journey.view import ElderlyOfferView
from ui import strings
from ui.screens.base import Screen
from ui.strings import t
from ui.widgets.icons import icon_pixmap


class ElderlyOfferScreen(Screen):
    def build(self) -> None:
        self.icon = QLabel(self)
        self.icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.greeting = self.label("heading", personal=True, centred=True)
        self.title = self.label("title", centred=True)
        self.body = self.label("body", centred=True)
        self.no = self.button("secondary", lambda: self.intents.answer_elderly_offer(False))
        self.yes = self.button("primary", lambda: self.intents.answer_elderly_offer(True))
        self.column.addStretch(1)
        for widget in (self.icon, self.greeting, self.title, self.body):
            self.column.addWidget(widget)
        self.column.addStretch(1)
        self.button_row(self.no, self.yes)

    def themed(self) -> None:
        self.icon.setPixmap(icon_pixmap("elderly", self.theme.px(140), self.theme.colours.primary))
        # Bigger than usual: this answer changes every following screen.
        height = self.theme.target_px(self.theme.sizes.button_height + 24)
        self.yes.setMinimumHeight(height)
        self.no.setMinimumHeight(height)

    def show_view(self, view: JourneyView) -> None:
        offer = view.step_as(ElderlyOfferView)
        name = offer.holder_masked_name if offer else None  # masked (张*): never the full name
        self.greeting.setText(
            t(strings.ELDERLY_OFFER_GREETING, name) if name else t(strings.ELDERLY_OFFER_GREETING_ANONYMOUS)
        )
        self.title.setText(t(strings.ELDERLY_OFFER_TITLE))
        self.body.setText(t(strings.ELDERLY_OFFER_BODY))
        self.no.setText(t(strings.ELDERLY_OFFER_NO))
        self.yes.setText(t(strings.ELDERLY_OFFER_YES))

    def spoken(self, view: JourneyView) -> str:
        return t(strings.ELDERLY_OFFER_SPOKEN)
