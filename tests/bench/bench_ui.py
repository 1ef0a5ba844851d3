"""The touchscreen's speed and memory: tap to next screen painted, RSS over 1,000 journeys.
(The cold start and the stop are :mod:`tests.bench.bench_start`.)

- Tap → next screen painted: a synthetic click on a real button to the first paint of the
  screen it leads to, p95 over many taps.
- RSS: after a warm-up and after 1,000 journeys tapped through the real window (mock devices,
  FakeClock, no waits).
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import gc
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from tests.bench import BenchReport, p95

TAPS = 200
JOURNEYS = 1000
WARMUP_JOURNEYS = 50
TAP_BUDGET_MS = 50.0
RSS_BUDGET_MB = 10.0


# ---------------------------------------------------------------- in-process: the real window
class _Clicker:
    """What UiRig needs of qtbot: a synthetic click."""

    @staticmethod
    def mouseClick(widget: Any, button: Any) -> None:  # qtbot's name
        from PySide6.QtTest import QTest

        QTest.mouseClick(widget, button)


class _RenderOnce:
    """A fast mock of the renderer for the memory run: the first document is rendered for real,
    later ones reuse its PDF and page images under their own number (the UI still decodes and
    shows new page images every journey; only fpdf2's work is skipped)."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.document: Any = None
        self.pages: list[bytes] | None = None

    def render(self, source: Any, issue: Any) -> Any:
        import dataclasses

        if self.document is None:
            self.document = self.inner.render(source, issue)
        return dataclasses.replace(self.document, number=issue.number, issued_at=issue.issued_at)

    def preview(self, document: Any, width_px: int) -> list[bytes]:
        if self.pages is None:
            self.pages = self.inner.preview(document, width_px)
        return [bytes(page) for page in self.pages]  # new objects each time, as the renderer makes


def _open_rig(data_dir: Path) -> Any:
    from PySide6.QtCore import QCoreApplication

    from kiosk.config import KioskConfig
    from kiosk.demo import Mocks, Scenario, start_scenario
    from kiosk.face.scripted import ScriptedFaceChecker, passing_script
    from tests.ui.ui_rig import UiRig
    from ui.app import KioskWindow, prepare_application
    from ui.i18n import Translations

    prepare_application()
    kiosk, clock = start_scenario(Scenario("bench", "bench", "credit_report"), KioskConfig(), data_dir)
    window = KioskWindow.for_kiosk(kiosk, translations=Translations())
    panel = kiosk.config.kiosk.panel
    window.resize(panel.width_px, panel.height_px)
    window.show()
    window.router.build_all()
    window.bridge.refresh(force=True)
    QCoreApplication.processEvents()
    checker = kiosk.journey._parts.face_checker
    if isinstance(checker, ScriptedFaceChecker):
        checker.scripts = [passing_script(frames_per_prompt=1)]  # every prompt once: a fast citizen
    desk = kiosk.journey._parts.desk
    desk._renderer = _RenderOnce(desk.renderer)  # the bench swaps the renderer the desk built
    return UiRig(kiosk, clock, window, Mocks.of(kiosk), _Clicker())  # type: ignore[arg-type]


def _close_rig(rig: Any) -> None:
    from PySide6.QtCore import QCoreApplication

    rig.window.shutdown()
    rig.window.deleteLater()
    QCoreApplication.processEvents()
    rig.kiosk.close()


def _tap_until_painted(rig: Any, button: Any, target: Any) -> float:
    """Milliseconds from a synthetic click on ``button`` to the first paint of screen ``target``."""
    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtTest import QTest

    painted: list[float] = []

    def mark() -> None:
        if not painted:
            painted.append(time.perf_counter())

    target.painted.connect(mark)
    try:
        started = time.perf_counter()
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)
        deadline = started + 2.0
        while not painted and time.perf_counter() < deadline:
            QCoreApplication.processEvents()
    finally:
        target.painted.disconnect(mark)
    if not painted:
        raise RuntimeError(f"{type(target).__name__} was never painted after the tap")
    return (painted[0] - started) * 1000


def tap_to_paint(report: BenchReport, rig: Any) -> None:
    from kiosk.journey import JourneyState as S

    router = rig.window.router
    home, intro = router.screen_for(S.HOME), router.screen_for(S.INTRO)
    rig.tap(rig.screen())  # attract → home
    times: list[float] = []
    for index in range(TAPS + 10):
        tile = home.tiles[index % len(home.tiles)]
        forward = _tap_until_painted(rig, tile, intro)
        back = _tap_until_painted(rig, intro.back_button, home)
        if index >= 10:  # the first taps build caches (fonts, icons)
            times += [forward, back]
    report.figure(
        "tap → next screen painted (home ⇄ intro)",
        p95(times),
        "ms",
        budget=TAP_BUDGET_MS,
        note=f"p95 of {len(times)} taps; median {statistics.median(times):.1f} ms, max {max(times):.1f} ms",
    )
    rig.kiosk.journey.cancel()  # home → attract
    rig.refresh()


def one_journey(rig: Any) -> None:
    """A whole credit-report journey by taps: attract → … → preview (2 copies) → print → rating → attract."""
    from kiosk.demo.people import ZHANG_WEI
    from kiosk.journey import JourneyState as S

    rig.tap(rig.screen())
    tile = next(t for t in rig.screen().tiles if t.service_id == "credit_report")
    rig.tap(tile)
    rig.tap(rig.screen().agree)
    rig.place_card(ZHANG_WEI)
    if rig.settle(until=S.PREVIEW) is not S.PREVIEW:
        raise RuntimeError(f"the journey stopped at {rig.state}")
    preview = rig.screen()
    rig.tap(preview.more)
    rig.tap(preview.print_button)
    rig.settle(until=S.REMINDERS)
    rig.mocks.reader.remove()
    rig.wait_for(lambda: rig.state is S.RATING, step=1.0)
    rig.tap(rig.screen().levels[5])
    rig.tap(rig.screen().done)
    if rig.state is not S.ATTRACT:
        raise RuntimeError(f"the journey ended in {rig.state}")
    # The mocks keep what they printed and said (the demo shows it): not the UI's memory.
    rig.mocks.document_printer.printed.clear()
    rig.mocks.receipt_printer.printed.clear()
    rig.mocks.voice.said.clear()


def rss_over_journeys(report: BenchReport, rig: Any) -> None:
    import psutil

    process = psutil.Process()
    for _ in range(WARMUP_JOURNEYS):
        one_journey(rig)
    gc.collect()
    before = process.memory_info().rss
    started = time.perf_counter()
    for _ in range(JOURNEYS):
        one_journey(rig)
    seconds = time.perf_counter() - started
    gc.collect()
    after = process.memory_info().rss
    report.figure(
        f"RSS growth over {JOURNEYS} journeys tapped through the UI",
        (after - before) / 2**20,
        "MB",
        budget=RSS_BUDGET_MB,
        note=f"after {WARMUP_JOURNEYS} warm-up journeys: {before / 2**20:.0f} → {after / 2**20:.0f} MB; "
        f"{seconds / JOURNEYS * 1000:.0f} ms per journey",
    )


def run(report: BenchReport) -> None:
    with tempfile.TemporaryDirectory() as data:
        rig = _open_rig(Path(data))
        try:
            tap_to_paint(report, rig)
            rss_over_journeys(report, rig)
        finally:
            _close_rig(rig)
