"""The kiosk's clock, injected everywhere a time is read, so tests run in zero time."""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from typing import Protocol

OLDEST_PLAUSIBLE = datetime(2026, 11, 1)
"""No clock reading before this day can be right: this release of the kiosk was made after it.
Moved forward with each release (to a day before its date in CHANGELOG.md); a clock reset to 2000
by a flat RTC battery, or a board that boots in 1970, is caught by it (kiosk.health.ClockCheck)."""


class Clock(Protocol):
    def monotonic(self) -> float:
        """Seconds, for timeouts: never jumps when the wall clock is set."""
        ...

    def now(self) -> datetime:
        """Local wall-clock time, naive, for records and printed documents."""
        ...


class SystemClock:
    def monotonic(self) -> float:
        return time.monotonic()

    def now(self) -> datetime:
        return datetime.now().replace(microsecond=0)


class FakeClock:
    """A clock that only moves when told to."""

    def __init__(self, start: datetime | None = None) -> None:
        self._wall = start or datetime(2026, 11, 20, 19, 30, 0)
        self._mono = 1000.0

    def monotonic(self) -> float:
        return self._mono

    def now(self) -> datetime:
        return self._wall

    def advance(self, seconds: float) -> None:
        self._mono += seconds
        self._wall += timedelta(seconds=seconds)

    def step_wall(self, by: timedelta) -> None:
        """Set the wall clock forward (or back, with a negative step), as NTP or a technician would:
        monotonic time does not move."""
        self._wall += by
