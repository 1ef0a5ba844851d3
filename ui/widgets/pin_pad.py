"""The technicians' PIN pad: ten digit keys, delete, cancel, confirm; the PIN shown as dots.

Opened by holding the window's corner (:mod:`ui.widgets.corner_hold`). The
digits typed live only in this object until confirm hands them to the journey
(``open_diagnostics``), which checks them against the configured hash; they are
never put in a widget's text, a log line or a screenshot — the pad shows one
dot per digit. It answers "wrong PIN" or "locked, try again in N minutes", and
closes by itself after :data:`PIN_PAD_IDLE_SECONDS` without a tap, or when the
journey leaves the screens it can be opened from (a citizen's session began,
the diagnostics screen opened).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QGridLayout, QSizePolicy, QWidget

from kiosk.journey import JourneyView
from kiosk.journey.states import DIAGNOSTICS_FROM
from kiosk.technician_pin import PIN_LENGTHS, PinCheck
from ui import strings, technician_strings
from ui.intents import Intents
from ui.strings import t
from ui.theme import Theme
from ui.widgets.basic import Button, Label
from ui.widgets.overlays import Overlay

PIN_PAD_IDLE_SECONDS = 30.0
"""A pad left open is closed: time enough to look up a PIN, short enough that a pad a technician
walked away from is not waiting on the home screen for the next citizen."""
DOT = "●"
MAX_DIGITS = PIN_LENGTHS.stop - 1


@dataclass(frozen=True, slots=True)
class _Answer:
    """What the pad says after a confirm: the PIN was wrong, or the pad is locked for ``minutes``."""

    locked: bool
    minutes: int = 0


def _minutes(seconds: float) -> int:
    return max(1, math.ceil(seconds / 60))


class PinPad(Overlay):
    def __init__(
        self, parent: QWidget, intents: Intents, *, idle_seconds: float = PIN_PAD_IDLE_SECONDS
    ) -> None:
        super().__init__(parent)
        self.setObjectName("PinPad")
        self._intents = intents
        self._pin = ""
        self._answer: _Answer | None = None
        self.is_open = False
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(round(idle_seconds * 1000))
        self._idle.timeout.connect(self.close_pad)
        self.title = Label("title", self.card)
        self.body = Label("body", self.card)
        self.message = Label("danger", self.card)
        self.dots = Label("heading", self.card, wrap=False)
        self.dots.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.keys = {digit: self._key(digit) for digit in "1234567890"}
        self.delete = Button("secondary", self._tapped(self.delete_digit), self.card)
        self.cancel = Button("secondary", self._tapped(self.close_pad), self.card)
        self.confirm = Button("primary", self._tapped(self.submit), self.card)
        grid = self.grid = QGridLayout()
        for index, digit in enumerate("123456789"):
            grid.addWidget(self.keys[digit], index // 3, index % 3)
        grid.addWidget(self.keys["0"], 3, 0, 1, 3)
        grid.addWidget(self.delete, 0, 3)
        grid.addWidget(self.cancel, 1, 3)
        grid.addWidget(self.confirm, 2, 3, 2, 1)
        for column in range(4):
            grid.setColumnStretch(column, 1)
        for button in (*self.keys.values(), self.delete, self.cancel, self.confirm):
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.confirm.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        for widget in (self.title, self.body, self.message, self.dots):
            self.inner.addWidget(widget)
        self.inner.addLayout(grid)

    def _key(self, digit: str) -> Button:
        key = Button("key", self._tapped(lambda: self.type_digit(digit)), self.card)
        key.setText(digit)
        return key

    def _tapped(self, act: Callable[[], object]) -> Callable[[], None]:
        def tap() -> None:
            self._idle.start()  # any tap on the pad: another 30 s
            act()

        return tap

    def apply_theme(self, theme: Theme) -> None:
        super().apply_theme(theme)
        px = theme.px
        self.grid.setSpacing(theme.spacing_px(20))  # 5 mm between keys: a finger that slips lands on neither
        self.dots.setMinimumHeight(px(theme.sizes.title + 16))
        # the confirm key spans two rows: as tall as two keys and the gap between them
        self.confirm.setMinimumHeight(2 * theme.target_px(theme.sizes.button_height) + theme.spacing_px(20))

    # ---------------------------------------------------------------- opening and closing
    def open(self) -> None:
        """Show the pad, empty; if too many wrong PINs locked it, say for how long."""
        self._pin = ""
        locked = self._intents.pin_locked_for()
        self._answer = _Answer(locked=True, minutes=_minutes(locked)) if locked > 0 else None
        self.is_open = True
        self._render()
        self.present(True)
        self._idle.start()

    def close_pad(self) -> None:
        self._pin = ""
        self._answer = None
        self.is_open = False
        self._idle.stop()
        self.dots.clear()
        self.message.clear()
        self.present(False)

    def show_view(self, view: JourneyView) -> None:
        """Every view the window shows: close when the journey moved where the pad does not belong,
        otherwise say it again (the language may have changed)."""
        if not self.is_open:
            return
        if view.state not in DIAGNOSTICS_FROM:
            self.close_pad()
            return
        self._render()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        self._idle.start()  # a tap beside the keys is a tap too
        event.accept()

    # ---------------------------------------------------------------- typing
    @property
    def typed(self) -> int:
        """How many digits are typed (what the dots show); the digits themselves are not told."""
        return len(self._pin)

    def type_digit(self, digit: str) -> None:
        if digit.isdigit() and len(digit) == 1 and len(self._pin) < MAX_DIGITS:
            self._pin += digit
            self._render()

    def delete_digit(self) -> None:
        self._pin = self._pin[:-1]
        self._render()

    def submit(self) -> PinCheck | None:
        """Hand the typed PIN to the journey; None when nothing was typed."""
        if not self._pin:
            return None
        pin, self._pin = self._pin, ""
        check = self._intents.open_diagnostics(pin)
        if check is PinCheck.WRONG:
            self._answer = _Answer(locked=False)
        elif check is PinCheck.LOCKED:
            self._answer = _Answer(locked=True, minutes=_minutes(self._intents.pin_locked_for()))
        else:  # accepted: the diagnostics screen is on its way; not set or not now: nothing to open
            self.close_pad()
            return check
        if self.is_open:
            self._render()
        return check

    # ---------------------------------------------------------------- texts
    def _render(self) -> None:
        self.title.setText(t(technician_strings.PIN_TITLE))
        self.body.setText(t(technician_strings.PIN_BODY))
        answer = self._answer
        if answer is None:
            self.message.clear()
        elif answer.locked:
            self.message.setText(strings.pin_locked(answer.minutes))
        else:
            self.message.setText(t(technician_strings.PIN_WRONG))
        self.message.setVisible(answer is not None)
        self.body.setVisible(answer is None)
        self.dots.setText(DOT * len(self._pin))
        self.delete.setText(t(technician_strings.PIN_DELETE))
        self.cancel.setText(t(technician_strings.PIN_CANCEL))
        self.confirm.setText(t(technician_strings.PIN_CONFIRM))
