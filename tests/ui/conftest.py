"""pytest-qt fixtures for the touchscreen app, offscreen.

The guard (autouse) fails any test that leaves a running QTimer or QThread or
a top-level widget behind, as napari's test fixtures do: a kiosk runs for
months, and a leaked timer per session adds up.
"""

from __future__ import annotations

import os

from PySide6.QtWidgets import QAbstractButton, QLabel

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before Qt is loaded

import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QThread, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.config import KioskConfig
from kiosk.journey import JourneyView
from kiosk.self_tests import SelfTest
from kiosk.technician_pin import PinCheck
from ui.i18n import I18N_DIR, Translations
from ui.screens.base import Screen, ScreenContext
from ui.theme import Theme

PANEL_WIDTH, PANEL_HEIGHT = 1920, 1080
HEADER_HEIGHT = 104  # the normal theme's header at the reference panel
LRELEASE = Path(sys.executable).parent / "pyside6-lrelease"


def _compile_translations() -> None:
    """Build the .qm files when missing or older than their .ts (``make test`` does it too)."""
    for ts in I18N_DIR.glob("*.ts"):
        qm = ts.with_suffix(".qm")
        if not qm.exists() or qm.stat().st_mtime < ts.stat().st_mtime:
            subprocess.run([str(LRELEASE), "-silent", str(ts), "-qm", str(qm)], check=True)


_compile_translations()


class RecordingIntents:
    """Stands in for the journey: records every intent a screen sends. The technician's answers
    (is a PIN set, what a PIN check says, how long the pad is locked) are set on it by a test."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple[Any, ...]]] = []
        self.pin_set = True
        self.pin_answers: list[PinCheck] = []  # what open_diagnostics answers, in turn (then WRONG)
        self.locked_seconds = 0.0

    def _record(self, name: str, *args: Any) -> None:
        self.calls.append((name, args))

    def names(self) -> list[str]:
        return [name for name, _ in self.calls]

    def touch(self) -> None:
        self._record("touch")

    def choose_service(self, service_id: str) -> bool:
        self._record("choose_service", service_id)
        return True

    def back(self) -> None:
        self._record("back")

    def accept_consent(self) -> None:
        self._record("accept_consent")

    def answer_elderly_offer(self, accept: bool) -> None:
        self._record("answer_elderly_offer", accept)

    def choose_business(self, credit_code: str) -> None:
        self._record("choose_business", credit_code)

    def set_copies(self, copies: int) -> None:
        self._record("set_copies", copies)

    def confirm_print(self) -> None:
        self._record("confirm_print")

    def keep_going(self) -> None:
        self._record("keep_going")

    def cancel(self) -> None:
        self._record("cancel")

    def more_time(self) -> None:
        self._record("more_time")

    def rate(self, level: int) -> None:
        self._record("rate", level)

    def toggle_reason(self, reason: str) -> None:
        self._record("toggle_reason", reason)

    def submit_reasons(self, callback: bool) -> None:
        self._record("submit_reasons", callback)

    def submit_callback(self, number: str) -> None:
        self._record("submit_callback", number)

    def retry_face_check(self) -> None:
        self._record("retry_face_check")

    def start_reprint(self) -> None:
        self._record("start_reprint")

    def submit_reprint_code(self, code: str) -> None:
        self._record("submit_reprint_code", code)

    def dismiss(self) -> None:
        self._record("dismiss")

    def request_help(self) -> None:
        self._record("request_help")

    def dismiss_help(self) -> None:
        self._record("dismiss_help")

    def set_elderly(self, on: bool) -> None:
        self._record("set_elderly", on)

    def set_language(self, language: str) -> None:
        self._record("set_language", language)

    def technician_pin_set(self) -> bool:
        return self.pin_set

    def pin_locked_for(self) -> float:
        return self.locked_seconds

    def open_diagnostics(self, pin: str) -> PinCheck:
        self._record("open_diagnostics", pin)
        return self.pin_answers.pop(0) if self.pin_answers else PinCheck.WRONG

    def run_self_test(self, test: SelfTest) -> bool:
        self._record("run_self_test", test)
        return True

    def leave_diagnostics(self) -> None:
        self._record("leave_diagnostics")


# ---------------------------------------------------------------- the leak guard
_timers: list[QTimer] = []
_threads: list[QThread] = []
_original_timer_start = QTimer.start
_original_thread_start = QThread.start


def _tracked_timer_start(self: QTimer, *args: Any) -> None:
    _timers.append(self)
    _original_timer_start(self, *args)


def _tracked_thread_start(self: QThread, *args: Any) -> None:
    _threads.append(self)
    _original_thread_start(self, *args)


def _drain_deletes() -> None:
    for _ in range(3):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QCoreApplication.processEvents()


@pytest.fixture(autouse=True)
def qt_leak_guard(qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fail the test if it leaves a running QTimer or QThread, or a top-level widget, behind.

    Autouse and not depending on ``qtbot``, so it is torn down after qtbot has
    closed the widgets it was given.
    """
    monkeypatch.setattr(QTimer, "start", _tracked_timer_start)
    monkeypatch.setattr(QThread, "start", _tracked_thread_start)
    before = {id(w) for w in QApplication.topLevelWidgets()}
    _timers.clear()
    _threads.clear()
    yield
    _drain_deletes()
    problems: list[str] = []
    for timer in _timers:
        if shiboken6.isValid(timer) and timer.isActive():
            problems.append(f"a QTimer is still running (parent {type(timer.parent()).__name__})")
            timer.stop()
    for thread in _threads:
        if shiboken6.isValid(thread) and thread.isRunning():
            problems.append(f"a QThread is still running ({type(thread).__name__})")
            thread.quit()
            thread.wait(2000)
    for widget in QApplication.topLevelWidgets():
        if id(widget) not in before and shiboken6.isValid(widget) and widget.parent() is None:
            problems.append(
                f"a top-level widget was left behind: {type(widget).__name__} {widget.objectName()!r}"
            )
            widget.close()
            widget.deleteLater()
    _timers.clear()
    _threads.clear()
    _drain_deletes()
    if problems:
        pytest.fail("; ".join(problems), pytrace=False)


# ---------------------------------------------------------------- screens
@pytest.fixture(scope="session")
def translations(qapp: QApplication) -> Iterator[Translations]:
    translations = Translations()
    yield translations
    translations.close()


@pytest.fixture
def intents() -> RecordingIntents:
    return RecordingIntents()


@pytest.fixture
def kiosk_config() -> KioskConfig:
    return KioskConfig()


ShowScreen = Callable[..., Screen]


@pytest.fixture
def show_screen(
    qtbot: Any, intents: RecordingIntents, kiosk_config: KioskConfig, translations: Translations
) -> Iterator[ShowScreen]:
    """``show_screen(ScreenClass, view)``: the screen built, themed and shown with ``view``."""

    def show(cls: type[Screen], view: JourneyView, *, config: KioskConfig | None = None) -> Screen:
        config = config or kiosk_config
        theme = Theme.for_panel(config.kiosk.panel, elderly=view.elderly)
        translations.use(view.language)
        screen = cls(ScreenContext(intents, config, theme))
        screen.setStyleSheet(theme.stylesheet())
        qtbot.addWidget(screen)
        header = theme.px(theme.sizes.header_height)
        panel = config.kiosk.panel  # laid out in logical pixels: a ratio of 2 halves them
        screen.resize(panel.logical_width_px, panel.logical_height_px - header)
        screen.show_view(view)
        screen.show()
        QCoreApplication.processEvents()
        return screen

    yield show
    translations.use("zh_CN")


def visible_texts(widget: QWidget) -> list[str]:
    """Every text a citizen can see on ``widget``: labels and buttons that are shown."""

    texts = []
    for child in widget.findChildren(QWidget):
        if not child.isVisibleTo(widget):
            continue
        if isinstance(child, QLabel | QAbstractButton) and child.text():
            texts.append(child.text())
    return texts
