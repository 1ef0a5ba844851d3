"""``make bench``: speed and memory, measured and printed (never asserted in tests).

Each ``tests/bench/bench_*.py`` module has ``run(report: BenchReport) -> None``
and records figures with :meth:`BenchReport.figure`: the measurement, its
budget, and where the issue names one, a baseline measured side by side.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Figure:
    section: str
    name: str
    value: float
    unit: str
    budget: float | None = None
    baseline: float | None = None
    baseline_name: str = ""
    note: str = ""

    @property
    def within_budget(self) -> bool | None:
        return None if self.budget is None else self.value <= self.budget

    def line(self) -> str:
        text = f"  {self.name:<52} {self.value:>10.2f} {self.unit:<5}"
        if self.budget is not None:
            text += f"  budget {self.budget:.2f} {'ok' if self.within_budget else 'OVER'}"
        if self.baseline is not None:
            ratio = self.value / self.baseline if self.baseline else float("inf")
            text += f"  | {self.baseline_name or 'baseline'} {self.baseline:.2f} {self.unit} (× {ratio:.2f})"
        if self.note:
            text += f"  — {self.note}"
        return text


class BenchReport:
    def __init__(self) -> None:
        self.figures: list[Figure] = []
        self.section = ""

    def figure(self, name: str, value: float, unit: str, **kwargs: object) -> Figure:
        figure = Figure(self.section, name, value, unit, **kwargs)  # type: ignore[arg-type]
        self.figures.append(figure)
        print(figure.line(), flush=True)
        return figure


def timings_ms(call: Callable[[], object], *, repeat: int, warmup: int = 1) -> list[float]:
    """Wall-clock milliseconds of ``repeat`` calls, after ``warmup`` unmeasured ones."""
    for _ in range(warmup):
        call()
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        out.append((time.perf_counter() - start) * 1000)
    return out


def p95(values: list[float]) -> float:
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=20)[18]
