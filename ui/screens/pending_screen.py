"""Kept for tests that still name it; the router no longer falls back to it (every state has a screen)."""

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
