"""Shown for a journey state whose screen file does not exist yet (see ui.router.screen_class)."""

from __future__ import annotations

from kiosk.journey import JourneyView
from ui import strings
from ui.screens.base import Screen
from ui.strings import t


class PendingScreen(Screen):
    def build(self) -> None:
        self.title = self.label("title", centred=True)
        self.column.addStretch(1)
        self.column.addWidget(self.title)
        self.column.addStretch(1)

    def show_view(self, view: JourneyView) -> None:
        self.title.setText(t(strings.PLEASE_WAIT))
