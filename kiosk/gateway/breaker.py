"""A circuit breaker for the gateway: after repeated failures, stop asking for a while.

Written here rather than taken from a library on purpose. pybreaker (the
well-kept sync one) reads the wall clock (``datetime.now``) inside its states
with no way to inject a clock, so an NTP step would shorten or stretch the
open period and tests would have to sleep; it also signals through exceptions
and only changes state on a call, while the kiosk needs a side-effect-free
:meth:`CircuitBreaker.state` for the home screen. purgatory is built around
asyncio and named circuits in a registry, with the same clock problem. What is
needed is thirty lines: a consecutive-failure count, an open period on an
injected monotonic clock, and one trial call at a time when half-open.
"""

from __future__ import annotations

import enum
import threading
import time
from collections.abc import Callable


class BreakerState(enum.StrEnum):
    CLOSED = "closed"  # calls go through
    OPEN = "open"  # calls are refused until the open period ends
    HALF_OPEN = "half_open"  # the open period is over: the next call is a trial


class CircuitBreaker:
    """Opens after ``failure_threshold`` failed calls in a row; half-opens ``reset_seconds`` later.

    Half-open lets exactly one trial call through at a time: its success
    closes the circuit, its failure opens it for another ``reset_seconds``.
    Thread-safe; :meth:`state` never changes anything.
    """

    def __init__(
        self,
        *,
        failure_threshold: int = 3,
        reset_seconds: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if failure_threshold < 1 or reset_seconds <= 0:
            raise ValueError("failure_threshold must be at least 1 and reset_seconds more than 0")
        self._threshold = failure_threshold
        self._reset_seconds = reset_seconds
        self._clock = clock
        self._lock = threading.Lock()
        self._failures = 0
        self._opened_at: float | None = None
        self._trial_running = False

    def __repr__(self) -> str:
        return f"CircuitBreaker(state={self.state().value}, failures={self._failures})"

    def _state_locked(self) -> BreakerState:
        if self._opened_at is None:
            return BreakerState.CLOSED
        if self._clock() - self._opened_at < self._reset_seconds:
            return BreakerState.OPEN
        return BreakerState.HALF_OPEN

    def state(self) -> BreakerState:
        with self._lock:
            return self._state_locked()

    def seconds_until_trial(self) -> float:
        """How long until the next trial call is allowed (0 when calls may go now)."""
        with self._lock:
            if self._opened_at is None:
                return 0.0
            return max(0.0, self._reset_seconds - (self._clock() - self._opened_at))

    def allow(self) -> bool:
        """May a call go now? A True in half-open makes the caller the trial: it must report back."""
        with self._lock:
            state = self._state_locked()
            if state is BreakerState.CLOSED:
                return True
            if state is BreakerState.OPEN or self._trial_running:
                return False
            self._trial_running = True
            return True

    def record_success(self) -> None:
        with self._lock:
            self._failures = 0
            self._opened_at = None
            self._trial_running = False

    def record_failure(self) -> None:
        with self._lock:
            if self._opened_at is not None:
                # A failed trial (or a late failure while open): another full open period.
                self._opened_at = self._clock()
            else:
                self._failures += 1
                if self._failures >= self._threshold:
                    self._opened_at = self._clock()
            self._trial_running = False
