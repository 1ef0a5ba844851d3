"""Printing: page x of y, from the A4 printer's own progress."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressBar

from kiosk.journey import JourneyView
from kiosk.journey.view import PrintingView
from ui import strings
from ui.screens.base import Screen
from ui.strings import t
from ui.widgets.pictograms import Pictogram, Picture


class PrintingScreen(Screen):
    def build(self) -> None:
        self.picture = Pictogram(Picture.PRINTER, self.theme, self)
        self.title = self.label("title", centred=True)
        self.progress_text = self.label("heading", centred=True)
        self.bar = QProgressBar(self)
        self.bar.setTextVisible(False)
        self.bar.setObjectName("PrintProgress")
        self.body = self.label("muted", centred=True)
        self.column.addStretch(2)
        self.column.addWidget(self.picture, 0, Qt.AlignmentFlag.AlignHCenter)
        self.column.addWidget(self.title)
        self.column.addWidget(self.progress_text)
        self.column.addWidget(self.bar, 0, Qt.AlignmentFlag.AlignHCenter)
        self.column.addWidget(self.body)
        self.column.addStretch(3)

    def themed(self) -> None:
        c, px = self.theme.colours, self.theme.px
        self.picture.apply_theme(self.theme)
        self.bar.setFixedSize(px(900), px(28))
        self.bar.setStyleSheet(
            f"QProgressBar {{ background: {c.primary_soft}; border: none; border-radius: {px(14)}px; }}"
            f"QProgressBar::chunk {{ background: {c.primary}; border-radius: {px(14)}px; }}"
        )

    def show_view(self, view: JourneyView) -> None:
        self.title.setText(t(strings.PRINTING_TITLE))
        sheets = view.step_as(PrintingView) or PrintingView()
        total, done = sheets.sheets_total, min(sheets.sheets_done, sheets.sheets_total)
        if total:
            # The page being printed now, counted from 1; the last one stays at y / y.
            self.progress_text.setText(t(strings.PRINTING_PROGRESS, min(done + 1, total), total))
            self.bar.setRange(0, total)
            self.bar.setValue(done)
            self.picture.progress = done / total
        else:
            self.progress_text.setText(t(strings.PRINTING_STARTING))
            self.bar.setRange(0, 1)
            self.bar.setValue(0)
            self.picture.progress = 0.0
        self.picture.update()
        self.body.setText(t(strings.PRINTING_BODY))

    def spoken(self, view: JourneyView) -> str:
        return t(strings.PRINTING_SPOKEN)
