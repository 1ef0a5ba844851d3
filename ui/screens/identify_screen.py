"""Identify: "place your card here", with the card gliding onto the reader; what went wrong with the
last read (moved, unreadable, wrong card) in a clear line under it. From the moment the reader finds
a card until the read is over, "reading your card, keep it still", with the card resting on the
reader and a bar sweeping under it: a citizen who sees nothing happen lifts the card."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QResizeEvent

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
        self._fit_hint()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit_hint()

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() == QEvent.Type.LayoutRequest:
            self._fit_hint()  # new words, or a new mode's fonts once they are applied
        return handled

    def _fit_hint(self) -> None:
        # 1000 px on the reference panel, its millimetres kept on a short one (the words keep theirs).
        margins = self.column.contentsMargins()
        room = self.width() - margins.left() - margins.right()
        self.hint_panel.setMinimumWidth(min(self.theme.text_px(1000), max(0, room)))
        # The card and reader give way to the words where the panel is short (长辈模式 on a 15.6"
        # panel, with a hint): smaller, never cut.
        full_w, full_h = self.theme.px(480), self.theme.px(300)
        self.column.invalidate()  # new words or a new mode's fonts: measured afresh
        words = self.column.totalHeightForWidth(self.width()) - self.animation.height()
        height = max(full_h // 3, min(full_h, self.height() - words)) if self.height() > 0 else full_h
        if height != self.animation.height():
            self.animation.setFixedSize(full_w * height // full_h, height)

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
        self._fit_hint()

    def spoken(self, view: JourneyView) -> str:
        shown = view.step_as(IdentifyView) or IdentifyView()
        if shown.card_reading:
            return t(strings.IDENTIFY_READING)
        if shown.hint is not None:
            return t(strings.IDENTIFY_HINTS[shown.hint])
        return t(strings.IDENTIFY_SPOKEN)
