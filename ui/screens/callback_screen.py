"""The call back after a poor rating: what the number is for and how long it is kept (the consent),
and the number on a keypad. The digits live in this object until 同意并提交 hands them to the
journey, which seals them at once; the screen shows only the first three and the last two."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout

from kiosk.contact_seal import masked_number
from kiosk.journey import JourneyView
from kiosk.journey.view import CallbackProblem, CallbackView
from ui import rating_strings
from ui.screens.base import Screen
from ui.strings import t
from ui.widgets.keypad import DELETE, Keypad

MAX_DIGITS = 12  # a landline with its area code


class CallbackScreen(Screen):
    def build(self) -> None:
        self._digits = ""
        self.title = self.label("title")
        self.consent = self.label("body")
        self.number = self.label("heading")
        self.problem = self.label("danger")
        self.keypad = Keypad(("123", "456", "789", DELETE + "0"), self._type, self._delete, self)
        self.keys = self.keypad.keys
        row = QHBoxLayout()
        row.addWidget(self.keypad, 2)
        side = self.panel()
        side[1].addWidget(self.consent)
        side[1].addWidget(self.number)
        side[1].addWidget(self.problem)
        side[1].addStretch(1)
        row.addWidget(side[0], 3)  # the consent's words need the room more than the keys do
        self.column.addWidget(self.title)
        self.column.addLayout(row, 1)
        self.skip = self.button("secondary", self.intents.dismiss)
        self.send = self.button("primary", self._send)
        self.button_row(self.skip, self.send)

    def themed(self) -> None:
        self.keypad.apply_theme(self.theme)

    def _type(self, digit: str) -> None:
        if len(self._digits) < MAX_DIGITS:
            self._digits += digit
        self.intents.touch()
        self._show_number()

    def _delete(self) -> None:
        self._digits = self._digits[:-1]
        self.intents.touch()
        self._show_number()

    def _send(self) -> None:
        digits, self._digits = self._digits, ""
        self._show_number()
        self.intents.submit_callback(digits)

    def _show_number(self) -> None:
        self.number.setText(t(rating_strings.CALLBACK_NUMBER, masked_number(self._digits)))

    def show_view(self, view: JourneyView) -> None:
        shown = view.step_as(CallbackView)
        self.title.setText(t(rating_strings.CALLBACK_TITLE))
        self.consent.setText(t(rating_strings.CALLBACK_CONSENT, shown.contact_days if shown else 30))
        problem = shown.problem if shown else None
        self.problem.setText(
            t(rating_strings.CALLBACK_NOT_A_NUMBER) if problem is CallbackProblem.NOT_A_NUMBER else ""
        )
        self.problem.setVisible(problem is not None)
        self.keypad.set_delete_text(t(rating_strings.KEYPAD_DELETE))
        self._show_number()
        self.skip.setText(t(rating_strings.CALLBACK_SKIP))
        self.send.setText(t(rating_strings.CALLBACK_SEND))

    def spoken(self, view: JourneyView) -> str:
        return t(rating_strings.CALLBACK_SPOKEN)

    def wipe(self) -> None:
        super().wipe()
        self._digits = ""  # the number goes with the screen
        self.number.clear()
