"""Fuzz and property tests for every parser that takes bytes from outside.

Each case is bounded: in time by Hypothesis' deadline, in memory by :func:`bounded_memory`
(Python's allocations during one case, measured with tracemalloc). ``make fuzz`` runs the same
tests with many more cases (``HYPOTHESIS_PROFILE=fuzz``); ``make test`` runs a few hundred.
"""

from __future__ import annotations

import contextlib
import os
import tracemalloc
from collections.abc import Iterator
from datetime import timedelta

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=150,
    deadline=timedelta(seconds=5),  # a hang, not a speed: far above any case's real time
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    derandomize=True,  # the same cases every run: a failure in CI is one a developer can replay
)
settings.register_profile(
    "fuzz",
    max_examples=20_000,
    deadline=timedelta(seconds=5),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
FUZZ = settings.get_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

MEMORY_PER_CASE_MB = 64
"""What one case may allocate at its peak: a registry row is at most 4 MB of text, a key set
256 KiB, a gateway answer 1 MB; anything that grows with the input's size beyond that is a bug."""


@contextlib.contextmanager
def bounded_memory(limit_mb: float = MEMORY_PER_CASE_MB) -> Iterator[None]:
    """Fail when the block's Python allocations peak above ``limit_mb``."""
    started = not tracemalloc.is_tracing()
    if started:
        tracemalloc.start()
    tracemalloc.reset_peak()
    before = tracemalloc.get_traced_memory()[0]
    try:
        yield
        peak = tracemalloc.get_traced_memory()[1] - before
        assert peak <= limit_mb * 2**20, f"one case allocated {peak / 2**20:.1f} MB"
    finally:
        if started:
            tracemalloc.stop()
