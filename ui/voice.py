"""Speaking each screen's instruction through the voice device.

长辈模式: automatically, whenever the screen or its instruction changes.
Normal mode: only when the citizen taps 朗读. Speech stops when the screen
changes. ``say`` and ``stop`` go to the voice's worker thread and are never
waited for: the GUI thread does no device I/O.

A new screen's instruction is said at once, and so is the instruction when the
citizen turns 长辈模式 on or picks a language. An instruction that changes on the
same screen (a card being read, a hint, an overlay) is said once it has stayed
for :data:`SETTLE_MS`: a state that lasts a blink — a GA/T 467 card is read in
about 0.12 s — would otherwise start a sentence the next screen cuts off after
a syllable.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

if TYPE_CHECKING:
    from devices.voice.base import Voice
    from devices.worker import DeviceWorker
    from kiosk.journey.view import JourneyView

log = logging.getLogger(__name__)

SETTLE_MS = 600
"""How long an instruction that changed on the same screen must stay before it is said: longer than
a card read or a hint that is replaced at once, short enough to follow what the citizen sees."""


class ScreenVoice:
    def __init__(self, voice: DeviceWorker[Voice], parent: QObject, *, settle_ms: int = SETTLE_MS) -> None:
        self._voice = voice
        self._last_spoken = ""
        self._last_state: object = None
        self._last_choice: tuple[bool, str] | None = None
        self._pending: tuple[str, str] | None = None
        self._settle = QTimer(parent)
        self._settle.setSingleShot(True)
        self._settle.setInterval(settle_ms)
        self._settle.timeout.connect(self._say_pending)

    @property
    def settle_ms(self) -> int:
        return self._settle.interval()

    @settle_ms.setter
    def settle_ms(self, ms: int) -> None:
        self._settle.setInterval(ms)

    def view_shown(self, view: JourneyView, instruction: str) -> None:
        """Called after every view is rendered, with the shown screen's instruction."""
        changed_screen = view.state is not self._last_state
        # 长辈模式 turned on, or another language chosen: the citizen's own act, answered at once
        chosen = (view.elderly, view.language) != self._last_choice
        self._last_state, self._last_choice = view.state, (view.elderly, view.language)
        if changed_screen:
            self._last_spoken = ""
            self._drop_pending()
            self.stop()
        if not (view.elderly and instruction) or instruction == self._last_spoken:
            self._drop_pending()  # back to what is being said (a blink of another state): nothing new
            return
        if changed_screen or chosen:
            self.say(instruction, view.language)
        elif self._pending is None or self._pending[0] != instruction:
            self._pending = (instruction, view.language)
            self._settle.start()

    def say(self, text: str, language: str) -> None:
        self._drop_pending()
        self._last_spoken = text
        self._voice.submit(lambda voice: voice.say(text, language))

    def stop(self) -> None:
        self._drop_pending()
        self._voice.submit(lambda voice: voice.stop())

    def _say_pending(self) -> None:
        if self._pending is not None:
            text, language = self._pending
            self.say(text, language)

    def _drop_pending(self) -> None:
        self._pending = None
        self._settle.stop()
