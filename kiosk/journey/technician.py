"""The technician beside the citizens' journey: the PIN gate that opens the diagnostics screen, and
one technician's visit to it — the readiness report, made again every few seconds, and the
self-tests, one at a time, each on its device's own worker thread.

The diagnostics step owns the visit and drops it on leaving, so a card read test's masked number is
gone with the technician.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import Future
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from devices.worker import DeviceWorker
from kiosk.audit import AuditEvent
from kiosk.clock import Clock
from kiosk.config import KioskConfig
from kiosk.device_set import DeviceSet
from kiosk.journey.view import DiagnosticsView
from kiosk.recent_log import RECENT, LogEntry
from kiosk.self_tests import (
    CARD_TEST_SECONDS,
    SelfTest,
    SelfTestResult,
    print_test_page,
    print_test_slip,
    read_test_card,
    say_test_sentence,
    take_test_pictures,
)
from kiosk.storage.check import storage_reading
from kiosk.storage.records import Records
from kiosk.technician_pin import PIN_LOCK_SECONDS, PinCheck, PinLock

if TYPE_CHECKING:
    from kiosk.readiness import ReadinessReport

log = logging.getLogger(__name__)

Report = Callable[[], "ReadinessReport"]
MAX_RESULTS = 8  # the screen lists the newest; older ones are in the audit events
SHOWN_PROBLEMS = 10  # the latest warnings and errors; the rest are in the system journal

_REFILLED_DEVICE = {SelfTest.RECEIPT_REFILLED: "receipt_printer", SelfTest.A4_REFILLED: "document_printer"}


class _Reporter:
    """Makes the report and today's counts on its own thread (a source's health check may block)."""

    def __init__(self, report: Report | None, records: Records, clock: Clock) -> None:
        self._report = report
        self._records = records
        self._clock = clock

    def make(self) -> tuple[ReadinessReport | None, list[tuple[str, int]]]:
        now = self._clock.now()
        midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
        counts = self._records.outcomes_since(midnight)
        return (self._report() if self._report is not None else None), counts


class TechnicianVisit:
    def __init__(
        self,
        *,
        config: KioskConfig,
        devices: DeviceSet,
        records: Records,
        clock: Clock,
        report: Report | None,
        on_event: Callable[[AuditEvent, str | None, Mapping[str, Any] | None], None],
    ) -> None:
        self._config = config
        self._devices = devices
        self._clock = clock
        self._event = on_event
        self._reporter: DeviceWorker[_Reporter] = DeviceWorker(
            _Reporter(report, records, clock), "diagnostics"
        )
        self._report: ReadinessReport | None = None
        self._today: tuple[tuple[str, int], ...] = ()
        self._report_future: Future[tuple[ReadinessReport | None, list[tuple[str, int]]]] | None = None
        self._running: SelfTest | None = None
        self._test_future: Future[tuple[bool, str, str]] | None = None
        self._results: tuple[SelfTestResult, ...] = ()
        self._left = threading.Event()  # set when the technician leaves: a card test waiting stops
        self._problems: tuple[LogEntry, ...] = RECENT.entries()[:SHOWN_PROBLEMS]

    # -- what the screen shows ---------------------------------------------------------------
    def view(self) -> DiagnosticsView:
        return DiagnosticsView(
            report=self._report,
            running=self._running,
            results=self._results,
            sessions_today=self._today,
            problems=self._problems,
        )

    # -- work ----------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Make the report again, unless it is being made."""
        if self._report_future is None:
            self._report_future = self._reporter.submit(_Reporter.make)

    def start_test(self, test: SelfTest) -> bool:
        """Start ``test`` unless another is running. False: nothing started."""
        if self._running is not None:
            return False
        now = self._clock.now()
        devices = self._devices
        receipt = self._config.devices.receipt_printer
        future: Future[tuple[bool, str, str]]
        if test in _REFILLED_DEVICE:
            self._event(AuditEvent.PAPER_REFILLED, None, {"device": _REFILLED_DEVICE[test]})
        if test in (SelfTest.RECEIPT, SelfTest.RECEIPT_REFILLED):
            future = devices.receipt_printer.submit(
                print_test_slip, self._config.kiosk, receipt.paper_width_mm, now
            )
        elif test in (SelfTest.A4_PAGE, SelfTest.A4_REFILLED):
            future = devices.document_printer.submit(print_test_page, now)
        elif test is SelfTest.CARD:
            future = devices.id_reader.submit(read_test_card, CARD_TEST_SECONDS, self._left)
        elif test is SelfTest.CAMERA:
            future = devices.camera.submit(take_test_pictures)
        else:
            future = devices.voice.submit(say_test_sentence)
        self._running = test
        self._test_future = future
        return True

    def poll(self) -> bool:
        """Collect finished work. True if what the screen shows changed."""
        changed = False
        if self._report_future is not None and self._report_future.done():
            made, self._report_future = self._report_future, None
            try:
                report, today = made.result()
            except Exception as exc:  # noqa: BLE001 - the screen says the report failed; the kiosk goes on
                log.error("the readiness report failed: %s", type(exc).__name__)
            else:
                self._report, self._today = report, tuple(today)
                self._problems = RECENT.entries()[:SHOWN_PROBLEMS]
                changed = True
        if self._test_future is not None and self._test_future.done():
            test, tried = self._running, self._test_future
            assert test is not None
            self._running, self._test_future = None, None
            try:
                passed, status, detail = tried.result()
            except Exception as exc:  # noqa: BLE001 - a broken adapter is a failed test, not a crash
                log.error("self-test %s failed: %s", test.value, type(exc).__name__)
                passed, status, detail = (
                    False,
                    "error",
                    f"The test stopped with an error ({type(exc).__name__}).",
                )
            result = SelfTestResult(test, passed, status, detail, self._clock.now())
            self._results = (result, *self._results)[:MAX_RESULTS]
            self._event(
                AuditEvent.SELF_TEST, "passed" if passed else "failed", {"test": test.value, "status": status}
            )
            changed = True
        return changed

    def wait(self, timeout: float) -> None:
        """Block until the work under way is done (tests and the headless demo only)."""
        for future in (self._report_future, self._test_future):
            if future is not None:
                with contextlib.suppress(Exception):  # poll() reports it
                    future.result(timeout=timeout)

    def close(self) -> None:
        self._left.set()
        self._reporter.close()


class PinGate:
    """The diagnostics screen's door: the technician's PIN, checked against its hash, with the lock
    after too many wrong ones carried over a restart from the audit trail. Every try is an audit
    event with its result, never with the digits."""

    def __init__(self, pin_hash: str | None, records: Records, clock: Clock) -> None:
        self._records = records
        self._clock = clock
        self._pins = PinLock(pin_hash, clock)
        if self._pins.is_set:
            now = clock.now()
            since = now - timedelta(seconds=PIN_LOCK_SECONDS)
            self._pins.resume(records.recent_outcomes(AuditEvent.TECHNICIAN_PIN, since), now)

    @property
    def is_set(self) -> bool:
        return self._pins.is_set

    def locked_for(self) -> float:
        return self._pins.locked_for()

    def check(self, pin: str) -> PinCheck:
        check = self._pins.check(pin)
        try:
            self._records.event(AuditEvent.TECHNICIAN_PIN, self._clock.now(), outcome=check.value)
        except Exception as exc:
            # The technician may have come because storage fails: the pad still opens. (The lock
            # itself is kept in memory; only its carrying over a restart needs the record.)
            reading = storage_reading(exc)
            if reading is None:
                raise
            log.warning("a PIN try was not written: %s", reading.detail)
        return check
