"""The real window over a mock kiosk (kiosk.composition.assemble on a temp data dir, FakeClock),
driven by taps on the real buttons — what tests/ui/test_journey_by_taps.py and test_wipe_ui.py use."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from kiosk.clock import FakeClock
from kiosk.composition import Kiosk
from kiosk.config import KioskConfig
from kiosk.demo.people import DEMO_TECHNICIAN_PIN, demo_card, demo_people
from kiosk.demo.rig import Mocks, start_scenario
from kiosk.demo.scenarios import Scenario
from kiosk.journey import JourneyState as S
from ui.app import KioskWindow
from ui.i18n import Translations


@dataclass
class UiRig:
    kiosk: Kiosk
    clock: FakeClock
    window: KioskWindow
    mocks: Mocks
    qtbot: QtBot

    @property
    def state(self) -> S:
        return self.kiosk.journey.state

    def refresh(self) -> None:
        self.window.bridge.refresh()
        QCoreApplication.processEvents()

    def settle(self, until: S | None = None, steps: int = 600) -> S:
        """Let device work finish (waiting on its futures) and the window follow, until ``until``
        (or until nothing is pending). Time moves only when :meth:`elapse` says so."""
        journey = self.kiosk.journey
        for _ in range(steps):
            if until is not None and journey.state is until:
                break
            if not journey.working:
                self.refresh()
                if not journey.working and (until is None or journey.state is until):
                    break
                if not journey.working:
                    self.clock.advance(0.05)  # a scripted face check takes frames: let them come
            journey.wait(timeout=5)
            self.refresh()
        self.refresh()
        # What the screens asked the voice to say runs on the voice's own thread: let it land.
        self.kiosk.devices.voice.submit(lambda device: None).result(timeout=5)
        return journey.state

    def elapse(self, seconds: float) -> None:
        self.clock.advance(seconds)
        self.refresh()

    def wait_for(self, check: Callable[[], bool], step: float = 0.5, limit: int = 120) -> None:
        """Move the clock on by ``step`` and let the journey work until ``check()`` holds
        (the reader's presence polls and the reminders' timeouts run on the journey's clock)."""
        for _ in range(limit):
            self.settle()
            if check():
                return
            self.elapse(step)
        raise AssertionError(f"still waiting in {self.state}")

    def screen(self) -> QWidget:
        current = self.window.router.current
        assert current is not None
        return current

    def tap(self, widget: QWidget) -> None:
        assert widget.isVisible(), f"{widget!r} is not on screen"
        self.qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
        self.refresh()

    def tap_text(self, text: str) -> None:
        """Tap the visible button (or the card holding a label) that shows ``text``."""
        for widget in self.screen().findChildren(QWidget):
            if not widget.isVisible():
                continue
            if isinstance(widget, QAbstractButton) and widget.text() == text:
                self.tap(widget)
                return
            if isinstance(widget, QLabel) and widget.text() == text:
                parent = widget.parentWidget()
                while parent is not None and not isinstance(parent, QAbstractButton):
                    parent = parent.parentWidget()
                if parent is not None:
                    self.tap(parent)
                    return
        raise AssertionError(f"no button '{text}' on {type(self.screen()).__name__}")

    def place_card(self, person: str) -> None:
        self.mocks.reader.insert(demo_card(demo_people()[person]))


def open_rig(
    qtbot: QtBot,
    tmp_path: Path,
    translations: Translations,
    service: str = "credit_report",
    *,
    technician_pin: str | None = DEMO_TECHNICIAN_PIN,
) -> Iterator[UiRig]:
    """The rig; the kiosk's technician PIN is the demo's (None: no PIN configured)."""
    scenario = Scenario("ui-test", "ui test", service)
    kiosk, clock = start_scenario(scenario, KioskConfig(), tmp_path, technician_pin=technician_pin)
    window = KioskWindow.for_kiosk(kiosk, translations=translations)
    qtbot.addWidget(window)
    panel = kiosk.config.kiosk.panel
    window.resize(panel.logical_width_px, panel.logical_height_px)
    window.show()
    window.bridge.refresh(force=True)  # the bridge's timer is not started: the rig polls
    QCoreApplication.processEvents()
    rig = UiRig(kiosk, clock, window, Mocks.of(kiosk), qtbot)
    try:
        yield rig
    finally:
        window.shutdown()
        QApplication.processEvents()
        kiosk.close()
        translations.use("zh_CN")
