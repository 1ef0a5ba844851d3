"""Receipt: the documents are out; the slip with the document number and check code prints."""

from __future__ import annotations

from PySide6.QtCore import Qt

from kiosk.journey import JourneyView
from ui import strings
from ui.screens.base import Screen
from ui.strings import t
from ui.widgets.pictograms import BusyRing, Pictogram, Picture


class ReceiptScreen(Screen):
    def build(self) -> None:
        self.picture = Pictogram(Picture.RECEIPT, self.theme, self)
        self.title = self.label("title", centred=True)
        self.body = self.label("muted", centred=True)
        self.ring = BusyRing(self.theme, self)
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
        self.title.setText(t(strings.RECEIPT_TITLE))
        self.body.setText(t(strings.RECEIPT_BODY))

    def spoken(self, view: JourneyView) -> str:
        return t(strings.RECEIPT_SPOKEN)
