"""A voice that keeps the latest sentences it was asked to say, for tests and the demo."""

from __future__ import annotations

import threading

from devices.voice.base import VoiceStatus

SAID_KEPT = 200
"""The latest sentences kept for tests and the dev dock: a demo kiosk left running for weeks says
thousands, and keeping them all grew its memory with every visit."""


class MockVoice:
    def __init__(self, *, muted: bool = False) -> None:
        self._lock = threading.Lock()
        self._muted = muted
        self.said: list[tuple[str, str]] = []
        self.stops = 0

    @property
    def description(self) -> str:
        return "mock voice"

    def status(self) -> VoiceStatus:
        return VoiceStatus.MUTED if self._muted else VoiceStatus.READY

    def say(self, text: str, language: str = "zh_CN") -> None:
        with self._lock:
            self.stops += 1
            if not self._muted:
                self.said.append((language, text))
                del self.said[:-SAID_KEPT]

    def stop(self) -> None:
        with self._lock:
            self.stops += 1

    def close(self) -> None:
        pass
