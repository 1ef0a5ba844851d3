"""Fetching: the document is being looked up and rendered. Nothing to decide; a ring turns."""

from __future__ import annotations

from PySide6.QtCore import Qt

from kiosk.journey import JourneyView
from ui import strings
from ui.screens.base import Screen
from ui.strings import service_title, t
from ui.widgets.pictograms import BusyRing, Pictogram, Picture


class FetchingScreen(Screen):
    def build(self) -> None:
        self.picture = Pictogram(Picture.SEARCH, self.theme, self)
        self.ring = BusyRing(self.theme, self)
        self.title = self.label("title", centred=True)
        self.body = self.label("muted", centred=True)
        self.column.addStretch(2)
        self.column.addWidget(self.picture, 0, Qt.AlignmentFlag.AlignHCenter)
        self.column.addWidget(self.title)
        self.column.addWidget(self.body)
        self.column.addWidget(self.ring, 0, Qt.AlignmentFlag.AlignHCenter)
        self.column.addStretch(3)

    def themed(self) -> None:
        self.picture.apply_theme(self.theme)
        self.ring.apply_theme(self.theme)

    def show_view(self, view: JourneyView) -> None:
        self.title.setText(t(strings.FETCHING_TITLE))
        title = service_title(view.service, view.language) if view.service else ""
        self.body.setText(t(strings.FETCHING_BODY, title))

    def spoken(self, view: JourneyView) -> str:
        return t(strings.FETCHING_SPOKEN)
