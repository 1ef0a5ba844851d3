from __future__ import annotations

import pytest

from kiosk.gateway.breaker import BreakerState, CircuitBreaker
from tests.gateway.conftest import FakeClock


def test_it_opens_after_the_threshold_of_failures_in_a_row() -> None:
    clock = FakeClock()
    breaker = CircuitBreaker(failure_threshold=3, reset_seconds=30, clock=clock)
    for _ in range(2):
        assert breaker.allow()
        breaker.record_failure()
    assert breaker.state() is BreakerState.CLOSED
    breaker.record_success()  # a success in between starts the count again
    for _ in range(2):
        breaker.record_failure()
    assert breaker.state() is BreakerState.CLOSED
    breaker.record_failure()
    assert breaker.state() is BreakerState.OPEN
    assert not breaker.allow()
    assert breaker.seconds_until_trial() == 30


def test_it_half_opens_after_the_reset_period_and_lets_one_trial_through() -> None:
    clock = FakeClock()
    breaker = CircuitBreaker(failure_threshold=1, reset_seconds=10, clock=clock)
    breaker.record_failure()
    clock.advance(9.9)
    assert breaker.state() is BreakerState.OPEN and not breaker.allow()
    clock.advance(0.1)
    assert breaker.state() is BreakerState.HALF_OPEN
    assert breaker.state() is BreakerState.HALF_OPEN  # reading the state changes nothing
    assert breaker.allow()  # the trial
    assert not breaker.allow()  # nobody else while the trial runs
    breaker.record_success()
    assert breaker.state() is BreakerState.CLOSED
    assert breaker.allow() and breaker.allow()


def test_a_failed_trial_opens_it_for_another_full_period() -> None:
    clock = FakeClock()
    breaker = CircuitBreaker(failure_threshold=1, reset_seconds=10, clock=clock)
    breaker.record_failure()
    clock.advance(25)
    assert breaker.allow()
    breaker.record_failure()
    assert breaker.state() is BreakerState.OPEN
    clock.advance(9)
    assert not breaker.allow()
    clock.advance(1)
    assert breaker.allow()


def test_nonsense_settings_are_refused() -> None:
    with pytest.raises(ValueError, match="failure_threshold"):
        CircuitBreaker(failure_threshold=0)
    with pytest.raises(ValueError, match="reset_seconds"):
        CircuitBreaker(reset_seconds=0)
