"""Out of service: every service is down, or the app caught an unexpected error. The journey checks
the devices again by itself and leaves this screen when something can be offered. When one part stops
everything (storage full or read-only, the clock wrong), a line below says which, for the technician."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from kiosk.journey import JourneyView
from kiosk.journey.view import OutOfServiceView
from ui import strings
from ui.screens.base import Screen
from ui.strings import t
from ui.widgets.icons import icon_pixmap


class OutOfServiceScreen(Screen):
    def build(self) -> None:
        self.icon = QLabel(self)
        self.icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title = self.label("title", centred=True)
        self.body = self.label("body", centred=True)
        self.hotline = self.label("heading", centred=True)
        self.cause = self.label("muted", centred=True)
        self.column.addStretch(1)
        for widget in (self.icon, self.title, self.body, self.hotline, self.cause):
            self.column.addWidget(widget)
        self.column.addStretch(1)

    def themed(self) -> None:
        self.icon.setPixmap(icon_pixmap("clock", self.theme.px(140), self.theme.colours.muted))

    def show_view(self, view: JourneyView) -> None:
        self.title.setText(t(strings.OUT_OF_SERVICE_TITLE))
        self.body.setText(t(strings.OUT_OF_SERVICE_BODY))
        self.hotline.setText(t(strings.OUT_OF_SERVICE_HOTLINE, self.config.kiosk.hotline))
        shown = view.step_as(OutOfServiceView)
        cause = shown.cause if shown is not None else None
        self.cause.setVisible(cause is not None)
        if cause is not None:
            sentence = strings.status_sentence(cause.part, cause.status)
            self.cause.setText(t(strings.OUT_OF_SERVICE_CAUSE, sentence))

    def spoken(self, view: JourneyView) -> str:
        return t(strings.OUT_OF_SERVICE_SPOKEN)
