"""What the soak watches besides the visits: the process's resources over time (and their slopes),
every unhandled exception and error logged anywhere, and screens that stay too long."""

from __future__ import annotations

import gc
import logging
import os
import sys
import threading
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from types import TracebackType

import psutil
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QWidget

from ui.app import KioskWindow
from ui.screens.choose_business_screen import ChooseBusinessScreen
from ui.screens.preview_screen import PreviewScreen


@dataclass(frozen=True)
class Sample:
    visits: int
    rss_mb: float
    threads: int
    fds: int
    qt_objects: int  # under the window, the reused lists apart
    widgets: int  # of the whole app, the reused lists apart
    reused: int  # business tiles and page thumbnails the screens keep for the longest list seen


def sample(visits: int, window: KioskWindow) -> Sample:
    process = psutil.Process()
    items = reused_items(window)
    return Sample(
        visits=visits,
        rss_mb=process.memory_info().rss / 2**20,
        threads=threading.active_count(),
        fds=len(os.listdir("/proc/self/fd")),
        qt_objects=len(window.findChildren(QObject)) - sum(1 + len(i.findChildren(QObject)) for i in items),
        widgets=len(QApplication.allWidgets()) - sum(1 + len(i.findChildren(QWidget)) for i in items),
        reused=len(items),
    )


def reused_items(window: KioskWindow) -> list[QWidget]:
    """The widgets screens keep and reuse, a tile per business and a thumbnail per page: there are as
    many as the longest list shown so far, so they grow, by design, until the longest list has come
    (a person with many businesses, a long credit report), and never with the visits."""
    items: list[QWidget] = []
    for screen in window.router.built().values():
        if isinstance(screen, ChooseBusinessScreen):
            items += screen.tiles
        elif isinstance(screen, PreviewScreen):
            items += screen.thumbs
    return items


def slope(samples: list[Sample], value: Callable[[Sample], float]) -> float:
    """Least-squares slope of ``value`` per 1000 visits over the samples (0 with fewer than two)."""
    if len(samples) < 2:
        return 0.0
    xs = [s.visits for s in samples]
    ys = [value(s) for s in samples]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    if spread == 0:
        return 0.0
    return 1000 * sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread


@dataclass
class Problems:
    """Every unhandled exception (any thread, any Qt slot) and every error logged, while installed."""

    found: list[str] = field(default_factory=list)
    allowed_errors: tuple[str, ...] = ()  # logged errors that a fault injected makes expected

    def __post_init__(self) -> None:
        self._hook_before = sys.excepthook
        self._thread_hook_before = threading.excepthook
        self._handler = _ErrorHandler(self)

    def install(self) -> None:
        sys.excepthook = self._exception
        threading.excepthook = self._thread_exception
        logging.getLogger().addHandler(self._handler)

    def release(self) -> None:
        sys.excepthook = self._hook_before
        threading.excepthook = self._thread_hook_before
        logging.getLogger().removeHandler(self._handler)

    def _exception(self, kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        self.found.append(f"unhandled {kind.__name__}: {exc}")

    def _thread_exception(self, args: threading.ExceptHookArgs) -> None:
        name = args.thread.name if args.thread else "?"
        self.found.append(f"unhandled {args.exc_type.__name__} in thread {name}: {args.exc_value}")


class _ErrorHandler(logging.Handler):
    def __init__(self, problems: Problems) -> None:
        super().__init__(logging.ERROR)
        self._problems = problems

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if not any(allowed in message for allowed in self._problems.allowed_errors):
            self._problems.found.append(f"logged {record.levelname} ({record.name}): {message}")


class StuckError(AssertionError):
    """A screen stayed past what its timeout allows, or the journey stopped moving."""


class Watchdog:
    """The soak's own watchdog: a state may last no longer, on the journey's clock, than its deadline
    allows, nor, in real time, than ``real_limit`` seconds (a device future that never comes back)."""

    def __init__(self, real_limit: float = 60.0) -> None:
        self.real_limit = real_limit
        self._state: object = None
        self._since = time.monotonic()
        self.longest: dict[str, float] = {}

    def watch(self, state: object, clock_now: float, deadline: float | None) -> None:
        now = time.monotonic()
        if state != self._state:
            self._state, self._since = state, now
        spent = now - self._since
        name = str(state)
        self.longest[name] = max(self.longest.get(name, 0.0), spent)
        if deadline is not None and clock_now > deadline + 1.0:
            raise StuckError(
                f"{state}: its timeout was due {clock_now - deadline:.1f} s ago and did not fire"
            )
        if spent > self.real_limit:
            raise StuckError(f"{state}: no move for {spent:.0f} s of real time")


class GrowthTrace:
    """What grew from the first resource sample to the last (``KIOSK_SOAK_TRACE=1``): Python's
    allocations still held, by where they were made (tracemalloc, which slows the soak about
    threefold), and the Qt objects under the window, by class. Memory outside Python (Qt's images
    and glyphs, the PDF library, freed memory malloc keeps) shows only in the RSS."""

    FRAMES = 8  # enough to reach the kiosk's own code from inside a library
    TOP = 12

    def __init__(self) -> None:
        self._first: tracemalloc.Snapshot | None = None
        self._qt: Counter[str] = Counter()

    def start(self, window: QWidget) -> None:
        gc.collect()
        tracemalloc.start(self.FRAMES)
        self._first = tracemalloc.take_snapshot()
        self._qt = qt_classes(window)

    def lines(self, window: QWidget) -> list[str]:
        if self._first is None:
            return []
        gc.collect()
        last = tracemalloc.take_snapshot()
        held = tracemalloc.get_traced_memory()[0]
        tracemalloc.stop()
        ignore = [tracemalloc.Filter(False, tracemalloc.__file__)]
        stats = last.filter_traces(ignore).compare_to(self._first.filter_traces(ignore), "traceback")
        out = [f"Python allocations made since the first sample and still held: {held / 2**20:.2f} MB"]
        for stat in stats[: self.TOP]:
            if stat.size_diff <= 0:
                break
            out.append(f"  {stat.size_diff / 1024:+.1f} KiB in {stat.count_diff:+d} blocks")
            out += [f"      {frame.filename}:{frame.lineno}" for frame in reversed(stat.traceback[-3:])]
        qt = qt_classes(window)
        grown = {name: qt[name] - self._qt[name] for name in qt.keys() | self._qt.keys()}
        changes = ", ".join(f"{name} {n:+d}" for name, n in sorted(grown.items()) if n)
        out.append(f"Qt objects under the window, by class: {changes or 'no change'}")
        return out


def qt_classes(window: QWidget) -> Counter[str]:
    return Counter(type(child).__name__ for child in window.findChildren(QObject))
