"""The only bridge between Qt and the core: a QTimer polls the journey and pushes new views.

The bridge exists before the journey does: the window paints its home screen
from the configuration alone and the journey is attached a moment later
(``kiosk run``'s start budget: opening the database, devices and journey takes
about three times as long as the first paint, ``python -m tests.bench start``).
A tap in between is held and replayed, in order, when the journey arrives.

The journey is driven from the GUI thread only (its intents and ``poll()``);
device work runs on the devices' own worker threads and comes back through
``poll()``, so nothing here ever waits on a device (DESIGN.md: no device I/O on
the GUI thread).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.technician_pin import PinCheck

if TYPE_CHECKING:
    from kiosk.journey import Journey, JourneyView
    from kiosk.self_tests import SelfTest

log = logging.getLogger(__name__)

T = TypeVar("T")

POLL_INTERVAL_MS = 30  # a tap's answer lands within one poll; 30 ms is under one frame at 30 fps


class JourneyBridge(QObject):
    view_changed = Signal(object)
    """A new :class:`JourneyView` (only when the journey's version changed)."""

    def __init__(
        self,
        journey: Journey | None = None,
        parent: QObject | None = None,
        *,
        interval_ms: int = POLL_INTERVAL_MS,
        on_error: Callable[[str, BaseException], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.journey = journey
        self._held: list[Callable[[Journey], object]] = []
        self._seen_version = -1
        self._on_error = on_error
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.refresh)
        self.intents = JourneyIntents(self)

    def attach(self, journey: Journey) -> None:
        """The journey has arrived: the taps held until now go to it, in order."""
        self.journey = journey
        held, self._held = self._held, []
        for act in held:
            act(journey)

    def hold(self, act: Callable[[Journey], object]) -> None:
        self._held.append(act)

    def start(self) -> None:
        self.refresh(force=True)
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def refresh(self, force: bool = False) -> JourneyView | None:
        """Poll the journey; emit and return the view if it changed (or ``force``)."""
        if self.journey is None:
            return None
        try:
            self.journey.poll()
            version = self.journey.version
            if not force and version == self._seen_version:
                return None
            self._seen_version = version
            view = self.journey.view()
        except Exception as exc:  # handed to the fault handler: out of service, recorded
            if self._on_error is None:
                raise
            self._on_error("journey.poll", exc)
            return None
        self.view_changed.emit(view)
        return view

    def close(self) -> None:
        self._timer.stop()
        self._timer.deleteLater()


class JourneyIntents:
    """The citizen's intents (ui.screens.base.Intents): each goes to the journey, then the new
    view is pushed at once instead of on the next poll, so a tap repaints in the same event.
    Before the journey is attached an intent is held by the bridge (and reported as accepted);
    the technician's are not: with no journey there is no PIN to check and no device to test."""

    def __init__(self, bridge: JourneyBridge) -> None:
        self._bridge = bridge

    def _ask(self, act: Callable[[Journey], T], held: T) -> T:
        journey = self._bridge.journey
        if journey is None:
            self._bridge.hold(act)
            return held
        result = act(journey)
        self._bridge.refresh()
        return result

    def touch(self) -> None:
        self._ask(lambda j: j.touch(), None)

    def choose_service(self, service_id: str) -> bool:
        return self._ask(lambda j: j.choose_service(service_id), True)

    def back(self) -> None:
        self._ask(lambda j: j.back(), None)

    def accept_consent(self) -> None:
        self._ask(lambda j: j.accept_consent(), None)

    def answer_elderly_offer(self, accept: bool) -> None:
        self._ask(lambda j: j.answer_elderly_offer(accept), None)

    def choose_business(self, credit_code: str) -> None:
        self._ask(lambda j: j.choose_business(credit_code), None)

    def set_copies(self, copies: int) -> None:
        self._ask(lambda j: j.set_copies(copies), None)

    def confirm_print(self) -> None:
        self._ask(lambda j: j.confirm_print(), None)

    def cancel(self) -> None:
        self._ask(lambda j: j.cancel(), None)

    def keep_going(self) -> None:
        self._ask(lambda j: j.keep_going(), None)

    def more_time(self) -> None:
        self._ask(lambda j: j.more_time(), None)

    def rate(self, level: int) -> None:
        self._ask(lambda j: j.rate(level), None)

    def toggle_reason(self, reason: str) -> None:
        self._ask(lambda j: j.toggle_reason(reason), None)

    def submit_reasons(self, callback: bool) -> None:
        self._ask(lambda j: j.submit_reasons(callback), None)

    def submit_callback(self, number: str) -> None:
        self._ask(lambda j: j.submit_callback(number), None)

    def retry_face_check(self) -> None:
        self._ask(lambda j: j.retry_face_check(), None)

    def start_reprint(self) -> None:
        self._ask(lambda j: j.start_reprint(), None)

    def submit_reprint_code(self, code: str) -> None:
        self._ask(lambda j: j.submit_reprint_code(code), None)

    def dismiss(self) -> None:
        self._ask(lambda j: j.dismiss(), None)

    def request_help(self) -> None:
        self._ask(lambda j: j.request_help(), None)

    def dismiss_help(self) -> None:
        self._ask(lambda j: j.dismiss_help(), None)

    def set_elderly(self, on: bool) -> None:
        self._ask(lambda j: j.set_elderly(on), None)

    def set_language(self, language: str) -> None:
        self._ask(lambda j: j.set_language(language), None)

    # -- the technician: never held for a journey still on its way (a PIN typed then is refused)
    def _now(self, act: Callable[[Journey], T], without: T) -> T:
        journey = self._bridge.journey
        if journey is None:
            return without
        result = act(journey)
        self._bridge.refresh()
        return result

    def technician_pin_set(self) -> bool:
        journey = self._bridge.journey
        return journey is not None and journey.technician_pin_set

    def pin_locked_for(self) -> float:
        journey = self._bridge.journey
        return journey.pin_locked_for() if journey is not None else 0.0

    def open_diagnostics(self, pin: str) -> PinCheck:
        return self._now(lambda j: j.open_diagnostics(pin), PinCheck.NOT_SET)

    def run_self_test(self, test: SelfTest) -> bool:
        return self._now(lambda j: j.run_self_test(test), False)

    def leave_diagnostics(self) -> None:
        self._now(lambda j: j.leave_diagnostics(), None)
