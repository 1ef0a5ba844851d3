"""Goodbye: thanks, and the reassurance that the citizen's details are gone from the kiosk."""

from __future__ import annotations

from PySide6.QtCore import Qt

from kiosk.journey import JourneyView
from kiosk.journey.view import GoodbyeView
from ui import strings
from ui.screens.base import Screen
from ui.strings import t
from ui.widgets.pictograms import Pictogram, Picture


class GoodbyeScreen(Screen):
    def build(self) -> None:
        self.picture = Pictogram(Picture.DONE, self.theme, self)
        self.title = self.label("title", centred=True)
        self.body = self.label("body", centred=True)
        self.done = self.button("primary", self.intents.dismiss)
        self.column.addStretch(1)
        self.column.addWidget(self.picture, 0, Qt.AlignmentFlag.AlignHCenter)
        self.column.addWidget(self.title)
        self.column.addWidget(self.body)
        self.column.addStretch(1)
        self.button_row(self.done)

    def themed(self) -> None:
        self.picture.apply_theme(self.theme)

    def show_view(self, view: JourneyView) -> None:
        self.title.setText(t(strings.GOODBYE_TITLE))
        # A rated or completed visit says goodbye plainly; an ended one says it has ended.
        goodbye = view.step_as(GoodbyeView)
        completed = goodbye is not None and goodbye.completed
        # The picture matches the outcome: a tick only when the visit was completed.
        self.picture.set_picture(Picture.DONE if completed else Picture.ENDED)
        body = t(strings.GOODBYE_BODY if completed else strings.GOODBYE_CANCELLED)
        if goodbye is not None and goodbye.callback:
            body = f"{body}\n{t(strings.GOODBYE_CALLBACK)}"  # two whole sentences, one per line
        self.body.setText(body)
        self.done.setText(t(strings.DONE))

    def spoken(self, view: JourneyView) -> str:
        return t(strings.GOODBYE_SPOKEN)
