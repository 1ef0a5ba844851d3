"""Speaking each screen's instruction through the voice device.

长辈模式: automatically, whenever the screen or its instruction changes.
Normal mode: only when the citizen taps 朗读. Speech stops when the screen
changes. ``say`` and ``stop`` go to the voice's worker thread and are never
waited for: the GUI thread does no device I/O.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from devices.voice.base import Voice
    from devices.worker import DeviceWorker
    from kiosk.journey.view import JourneyView

log = logging.getLogger(__name__)


class ScreenVoice:
    def __init__(self, voice: DeviceWorker[Voice]) -> None:
        self._voice = voice
        self._last_spoken = ""
        self._last_state: object = None

    def view_shown(self, view: JourneyView, instruction: str) -> None:
        """Called after every view is rendered, with the shown screen's instruction."""
        changed_screen = view.state is not self._last_state
        self._last_state = view.state
        if changed_screen:
            self._last_spoken = ""
            self.stop()
        if view.elderly and instruction and instruction != self._last_spoken:
            self.say(instruction, view.language)

    def say(self, text: str, language: str) -> None:
        self._last_spoken = text
        self._voice.submit(lambda voice: voice.say(text, language))

    def stop(self) -> None:
        self._voice.submit(lambda voice: voice.stop())
