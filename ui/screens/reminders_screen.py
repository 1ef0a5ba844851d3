"""Reminders: take your card (until the reader feels it gone, where it can), then your papers."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout

from kiosk.journey import JourneyView
from kiosk.journey.view import Reminder, RemindersView
from ui import strings
from ui.screens.base import Screen
from ui.strings import t
from ui.widgets.pictograms import Pictogram, Picture


class RemindersScreen(Screen):
    def build(self) -> None:
        self.picture = Pictogram(Picture.CARD, self.theme, self)
        self.title = self.label("title", centred=True)
        self.body = self.label("body", centred=True)
        self.note, note = self.panel("warning")
        self.note_text = self.label("body", centred=True)
        note.addWidget(self.note_text)
        self.column.addStretch(2)
        self.column.addWidget(self.picture, 0, Qt.AlignmentFlag.AlignHCenter)
        self.column.addWidget(self.title)
        self.column.addWidget(self.body)
        note_row = QHBoxLayout()  # stretches, not an alignment: an aligned panel loses its wrapped height
        note_row.addStretch(1)
        note_row.addWidget(self.note)
        note_row.addStretch(1)
        self.column.addLayout(note_row)
        self.column.addStretch(3)

    def themed(self) -> None:
        self.picture.apply_theme(self.theme)
        self.note.setFixedWidth(self.theme.px(1300))

    def _where(self, shown: RemindersView) -> str:
        if shown.reminder is Reminder.TAKE_PAPERS:
            return t(strings.REMINDER_PAPERS_WHERE if shown.receipt_printed else strings.REMINDER_PAPERS_ONLY)
        return t(strings.REMINDER_CARD_WHERE)

    def show_view(self, view: JourneyView) -> None:
        shown = _reminders(view)
        reminder = shown.reminder
        self.picture.set_picture(Picture.CARD if reminder is Reminder.TAKE_CARD else Picture.PAPERS)
        self.title.setText(_title(shown))
        self.body.setText(self._where(shown))
        failed = reminder is Reminder.TAKE_PAPERS and shown.receipt_printed is False
        self.note_text.setText(t(strings.REMINDER_NO_RECEIPT) if failed else "")
        self.note.setVisible(failed)
        # A wrapped label in a centred panel is laid out at its one-line height: give it the height
        # its lines need at the panel's width. Measured without the minimum set for the last view
        # (QLabel.heightForWidth answers at least its minimum height): with it, every view shown
        # raised the minimum again, until the screen outgrew the panel and the window grew with it.
        layout = self.note.layout()
        margins = layout.contentsMargins().left() + layout.contentsMargins().right() if layout else 0
        inner = self.note.width() - margins
        self.note_text.setMinimumHeight(0)
        self.note_text.setMinimumHeight(self.note_text.heightForWidth(max(1, inner)) + self.theme.px(12))

    def spoken(self, view: JourneyView) -> str:
        shown = _reminders(view)
        return t(strings.REMINDER_SPOKEN, _title(shown), self._where(shown))


def _reminders(view: JourneyView) -> RemindersView:
    return view.step_as(RemindersView) or RemindersView(Reminder.TAKE_CARD)


def _title(shown: RemindersView) -> str:
    """Take your papers — what came out of a job cut short, and the slip only when one was printed."""
    if shown.reminder is Reminder.TAKE_PAPERS and shown.sheets_out:
        return t(strings.REMINDER_SHEETS_OUT, shown.sheets_out)  # a job cut short: what came out
    if shown.reminder is Reminder.TAKE_PAPERS and shown.receipt_printed is not True:
        return t(strings.REMINDER_TAKE_PAPERS_ONLY)
    return t(strings.REMINDERS[shown.reminder])
