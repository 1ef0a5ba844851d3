"""Identify: "place your card here", with the card gliding onto the reader; what went wrong with the
last read (moved, unreadable, wrong card) in a clear line under it. From the moment the reader finds
a card until the read is over, "reading your card, keep it still", with the card resting on the
reader and a bar sweeping under it: a citizen who sees nothing happen lifts the card."""

from __future__ import annotations

from PySide6.QtCore import Qt

from kiosk.journey import JourneyView
from kiosk.journey.view import IdentifyView
from ui import strings
from ui.screens.base import Screen
from ui.strings import t
from ui.widgets.basic import Label, centred
from ui.widgets.card_animation import CardAnimation


class IdentifyScreen(Screen):
    def build(self) -> None:
        self.title = self.label("title", centred=True)
        self.animation = CardAnimation(self.theme, self)
        self.where = self.label("body", centred=True)
        self.hint_panel, inner = self.panel("warning")
        self.hint = Label("body", self.hint_panel)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        inner.addWidget(self.hint)
        self.end = self.button("secondary", self.intents.cancel)
        self.column.addWidget(self.title)
        self.column.addStretch(1)
        self.column.addWidget(self.animation, 0, Qt.AlignmentFlag.AlignHCenter)
        self.column.addWidget(self.where)
        self.column.addLayout(centred(self.hint_panel))
        self.column.addStretch(1)
        self.button_row(self.end)

    def themed(self) -> None:
        self.animation.apply_theme(self.theme)
        self.hint_panel.setMinimumWidth(self.theme.px(1000))

    def show_view(self, view: JourneyView) -> None:
        social = view.service is not None and view.service.identity == "id_or_social_security"
        shown = view.step_as(IdentifyView) or IdentifyView()
        reading = shown.card_reading
        if reading:
            self.title.setText(t(strings.IDENTIFY_READING))
        else:
            self.title.setText(t(strings.IDENTIFY_TITLE_SOCIAL if social else strings.IDENTIFY_TITLE))
        self.where.setText(t(strings.IDENTIFY_READING_NEXT if reading else strings.IDENTIFY_WHERE))
        self.animation.set_reading(reading)
        # The hint is about the read before this one: while a card is read, one message at a time.
        hint = None if reading else shown.hint
        self.hint.setText(t(strings.IDENTIFY_HINTS[hint]) if hint else "")
        self.hint_panel.setVisible(hint is not None)
        self.end.setText(t(strings.END_SESSION))

    def spoken(self, view: JourneyView) -> str:
        shown = view.step_as(IdentifyView) or IdentifyView()
        if shown.card_reading:
            return t(strings.IDENTIFY_READING)
        if shown.hint is not None:
            return t(strings.IDENTIFY_HINTS[shown.hint])
        return t(strings.IDENTIFY_SPOKEN)
