"""The voice interface: spoken prompts, interrupted when the screen changes."""

from __future__ import annotations

import enum
from typing import Protocol, runtime_checkable


class VoiceStatus(enum.StrEnum):
    READY = "ready"
    MUTED = "muted"
    NO_DEVICE = "no_device"


@runtime_checkable
class Voice(Protocol):
    """Speaks a prompt. ``say`` returns at once; speech goes on in the background."""

    @property
    def description(self) -> str: ...

    def status(self) -> VoiceStatus: ...

    def say(self, text: str, language: str = "zh_CN") -> None:
        """Stop whatever is being said and start saying ``text``."""
        ...

    def stop(self) -> None: ...

    def close(self) -> None: ...
