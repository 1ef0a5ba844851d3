"""The demo's scripted citizen (and technician): plays one scenario against a mock kiosk.

The player drives the journey the way the window does, through its public face only: the
intents, :meth:`Journey.poll` and :meth:`Journey.wait`, :meth:`Journey.view`, ``working``,
``deadline`` and ``session``. It moves the fake clock when a citizen would wait or walk away,
and scripts the mock devices for the scenario's faults.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from devices.document_printer.base import DocumentPrinterStatus
from devices.id_reader.base import IdentityRecord
from kiosk.audit import AuditEvent
from kiosk.clock import FakeClock
from kiosk.composition import Kiosk
from kiosk.demo.people import DEMO_TECHNICIAN_PIN, DEMO_WRONG_PIN, card_of
from kiosk.demo.rig import Mocks
from kiosk.demo.scenarios import Scenario, ScenarioResult
from kiosk.face.scripted import ScriptedFaceChecker, failing_script, passing_script
from kiosk.journey import JourneyState, JourneyView
from kiosk.journey.states import TimeoutKind
from kiosk.journey.view import (
    BusinessesView,
    DiagnosticsView,
    FaceView,
    IdentifyView,
    NoticeView,
    RatingReasonsView,
    ReprintCodeView,
)
from kiosk.print_journal import REPRINT_ALPHABET
from kiosk.self_tests import CARD_TEST_SECONDS, SelfTest
from kiosk.technician_pin import PinCheck

S = JourneyState

Hook = Callable[[Scenario, JourneyView], None]
"""Called with every new view the player sees (the transcript, the touchscreen demo's camera)."""
PinEntry = Callable[[str], PinCheck]
"""Types a technician's PIN and says what the journey answered (the touchscreen demo uses the pad)."""
CodeEntry = Callable[[str], None]
"""Types a reprint code on the 补打 keypad and confirms it (the touchscreen demo taps the keys)."""

LATER = 2 * 3600.0
"""How much later the citizen comes back with the reprint code: the same evening, the paper refilled."""

# How long (real time) to watch a slow card read for "reading your card" beyond the read itself.
SLOW_READ_MARGIN_SECONDS = 1.0


class DemoPlayer:
    """Plays one scenario step by step, so a caller (the touchscreen demo) can look between steps."""

    def __init__(
        self,
        kiosk: Kiosk,
        clock: FakeClock,
        scenario: Scenario,
        hook: Hook | None = None,
        *,
        type_pin: PinEntry | None = None,
        type_code: CodeEntry | None = None,
    ) -> None:
        self.kiosk = kiosk
        self.journey = kiosk.journey
        self.clock = clock
        self.scenario = scenario
        self.hook = hook
        self.type_pin: PinEntry = type_pin or kiosk.journey.open_diagnostics
        self.type_code: CodeEntry = type_code or kiosk.journey.submit_reprint_code
        self.mocks = Mocks.of(kiosk)
        self.result = ScenarioResult(scenario, "unfinished")
        self._started_at = clock.now()
        # The session this scenario started. The demo's database is shared by every scenario, and
        # their sessions all start at the same time on the fake clock: only its id finds it again.
        self._session_id: str | None = None
        self._left_attract = False
        self._seen_version = -1
        self._faults_set = False
        self._copies_set = False
        self._tests_left = list(scenario.self_tests)
        self._helped = False
        self._card_left_until: float | None = None
        self._code: str | None = None  # the reprint code the notice showed
        self._coming_back = False  # the second visit of a reprint scenario is under way
        self._mistyped = False

    def play(self, max_steps: int = 2000) -> ScenarioResult:
        for _ in range(max_steps):
            if not self.step():
                break
        return self.result

    def step(self) -> bool:
        """One move of the citizen or the clock. False when the scenario is over."""
        journey, scenario = self.journey, self.scenario
        if not self._faults_set:
            self._faults_set = True
            self._prepare_devices()
        if journey.state is S.IDENTIFY and not self.mocks.reader.card_present():
            self.mocks.reader.insert(self._card())  # the citizen places the card (again, if it was pulled)
        if journey.working:
            if journey.state is S.IDENTIFY and scenario.card_read_seconds:
                self._watch_slow_read()
            journey.wait(timeout=10)
            self._report()
            return True
        if journey.state is S.DIAGNOSTICS:
            self._at_diagnostics()  # before any poll: it shows the technician's screen when it chooses
            self._report()
            return True
        journey.poll()
        self._report()
        state = journey.state
        if state is S.ATTRACT:
            if self._left_attract and not self._comes_back():
                self._finish()
                return False
            self._left_attract = True
            journey.touch()
        elif state is S.HOME:
            return self._at_home()
        elif state is S.REPRINT_CODE:
            self._at_code()
        elif state is scenario.help_in and not self._helped:
            self._ask_for_help()
        elif state is scenario.idle_in:
            self._elapse_to_deadline()
        elif state is scenario.cancel_in:
            journey.cancel()
        elif state is S.INTRO:
            journey.accept_consent()
        elif state is S.ELDERLY_OFFER:
            journey.answer_elderly_offer(True)
        elif state is S.CHOOSE_BUSINESS:
            chosen = journey.view().step_as(BusinessesView)
            businesses = chosen.businesses if chosen else ()
            journey.choose_business(
                businesses[min(scenario.business_choice, len(businesses) - 1)].credit_code
            )
        elif state is S.PREVIEW:
            if not self._copies_set:
                self._copies_set = True
                journey.set_copies(scenario.copies)
            else:
                journey.confirm_print()
        elif state is S.REMINDERS:
            self._at_reminders()
        elif state is S.RATING:
            journey.rate(scenario.rating or (5 if scenario.expect == "completed" else 3))
        elif state is S.RATING_REASONS:
            self._give_reasons()
        elif state is S.CALLBACK:
            journey.submit_callback(scenario.callback_number or "")
        elif state is S.FACE_CHECK and self._face_waits_for_retry():
            journey.retry_face_check()  # the tips read, the citizen tries again
        elif state in (
            S.GOODBYE,
            S.NOTICE,
            S.FACE_CHECK,
            S.FETCHING,
            S.PRINTING,
            S.RECEIPT,
            S.OUT_OF_SERVICE,
        ):
            self._elapse_to_deadline()
        self._report()
        return True

    def _comes_back(self) -> bool:
        """A reprint scenario: later, the paper refilled, the citizen comes back with the code."""
        if not self.scenario.reprint or self._coming_back or self._code is None:
            return False
        self._coming_back = True
        self.mocks.document_printer.set_status(DocumentPrinterStatus.READY)
        self.clock.advance(LATER)
        self.kiosk.health.check_now()
        self.kiosk.health.wait_first_round()
        return True

    def _at_code(self) -> None:
        """The 补打 keypad: a slip of the finger first (the refusal, then 重新输入), then the code."""
        journey, code = self.journey, self._code or ""
        shown = journey.view().step_as(ReprintCodeView)
        if shown is not None and shown.problem is not None:
            journey.dismiss()
        elif not self._mistyped:
            self._mistyped = True
            slip = REPRINT_ALPHABET[(REPRINT_ALPHABET.index(code[-1]) + 1) % len(REPRINT_ALPHABET)]
            self.type_code(code[:-1] + slip)
        else:
            self.type_code(code)

    def _ask_for_help(self) -> None:
        """一键求助: the card says who answers; the citizen waits five minutes (the visit waits too),
        then closes it."""
        self._helped = True
        self.journey.request_help()
        self._report()
        self.clock.advance(300.0)
        self.journey.poll()
        self._report()
        self.journey.dismiss_help()

    def _at_reminders(self) -> None:
        if not self.mocks.reader.card_present():
            self._elapse_to_deadline()
            return
        if self.scenario.card_left_seconds and self._card_left_until is None:
            self._card_left_until = self.clock.monotonic() + self.scenario.card_left_seconds
        if self._card_left_until is not None and self.clock.monotonic() < self._card_left_until:
            self.clock.advance(1.0)  # the card lies there: the reminder stays
            return
        self.mocks.reader.remove()
        self.clock.advance(1.0)

    def _give_reasons(self) -> None:
        journey, scenario = self.journey, self.scenario
        shown = journey.view().step_as(RatingReasonsView)
        chosen = {reason.value for reason in shown.chosen} if shown else set()
        for reason in scenario.reasons:
            if reason not in chosen:
                journey.toggle_reason(reason)
                return  # one tap per step: each screen is seen
        journey.submit_reasons(scenario.callback_number is not None)

    def _face_waits_for_retry(self) -> bool:
        face = self.journey.view().step_as(FaceView)
        return face is not None and face.waiting_retry

    def _prepare_devices(self) -> None:
        scenario, mocks = self.scenario, self.mocks
        for fault in scenario.reader_faults:
            mocks.reader.inject(fault)
        mocks.reader.set_read_seconds(scenario.card_read_seconds)
        if scenario.camera_fault:
            mocks.camera.inject(scenario.camera_fault)
        if scenario.document_fault:
            mocks.document_printer.inject(scenario.document_fault)
        if scenario.receipt_fault:
            mocks.receipt_printer.inject(scenario.receipt_fault)
        checker = self.kiosk.face_checker
        if isinstance(checker, ScriptedFaceChecker):
            checker.scripts = [failing_script(v) for v in scenario.face_verdicts] + [passing_script()]
            checker.begun = 0

    def _card(self) -> IdentityRecord:
        scenario = self.scenario
        return card_of(scenario.person, valid_until=scenario.card_valid_until, card_type=scenario.card_type)

    def _report(self) -> None:
        """Note the session and, when the screens would change, the new view."""
        session = self.journey.session
        if session is not None:
            self._session_id = session.id
        view = self.journey.view()
        notice = view.step_as(NoticeView)
        if notice is not None and notice.notice.reprint_code:
            self._code = notice.notice.reprint_code
        if view.version != self._seen_version:
            self._seen_version = view.version
            if not self.result.states or self.result.states[-1] != view.state.value:
                self.result.states.append(view.state.value)
            if self.hook:
                self.hook(self.scenario, view)

    def _watch_slow_read(self) -> None:
        """Poll while the reader works, as the window does, so "reading your card" is seen (and
        photographed by the touchscreen demo) before the read's result lands."""
        journey = self.journey
        # Real time, not the fake clock's: the mock reader takes its read_seconds on the wall clock.
        give_up = time.monotonic() + self.scenario.card_read_seconds + SLOW_READ_MARGIN_SECONDS
        while journey.working and time.monotonic() < give_up:
            journey.poll()
            identify = journey.view().step_as(IdentifyView)
            if identify is not None and identify.card_reading:
                self._report()
                return
            time.sleep(0.01)

    def _at_home(self) -> bool:
        journey, scenario = self.journey, self.scenario
        if scenario.self_tests:
            return self._sign_in()
        if scenario.elderly and not journey.elderly:
            journey.set_elderly(True)
            return True
        if journey.language != scenario.language:
            journey.set_language(scenario.language)
            return True
        if self._coming_back:
            journey.start_reprint()  # 补打
            return True
        if scenario.document_printer_status is not None:
            self.mocks.document_printer.set_status(scenario.document_printer_status)
            self.kiosk.health.check_now()
            self.kiosk.health.wait_first_round()
            journey.poll()
            self._report()
            if not journey.choose_service(scenario.service):
                self.result.outcome = "unavailable"
                self.mocks.document_printer.set_status(DocumentPrinterStatus.READY)
                self.kiosk.health.check_now()
                self.kiosk.health.wait_first_round()
                journey.cancel()
                self._report()
                return False
            return True
        journey.choose_service(scenario.service)
        return True

    def _sign_in(self) -> bool:
        """The technician at the PIN pad: a wrong PIN, then the right one."""
        wrong = self.type_pin(DEMO_WRONG_PIN)
        right = self.type_pin(DEMO_TECHNICIAN_PIN)
        if wrong is not PinCheck.WRONG or right is not PinCheck.ACCEPTED:
            self.result.outcome = f"pin_{wrong.value}_then_{right.value}"
            return False
        self._report()  # the diagnostics screen while its report is being made
        return True

    def _at_diagnostics(self) -> None:
        """On the diagnostics screen: wait for the report, run the self-tests one after the other,
        then leave. A finished test's result is not shown on its own: the next test starts at once,
        so the screens seen are the report being made, a test under way, and every result."""
        journey = self.journey
        visit = journey.view().step_as(DiagnosticsView)
        if visit is None:
            return
        if visit.report is None or visit.running is not None:
            journey.wait(timeout=CARD_TEST_SECONDS + 5)  # the report, or the test under way
            visit = journey.view().step_as(DiagnosticsView)
            if visit is None or visit.report is None or visit.running is not None or not self._tests_left:
                return
        if self._tests_left:
            test = self._tests_left.pop(0)
            if test is SelfTest.CARD:
                self.mocks.reader.insert(self._card())  # the technician's own test card
            elif self.mocks.reader.card_present():
                self.mocks.reader.remove()
            journey.run_self_test(test)
            return
        if self.mocks.reader.card_present():
            self.mocks.reader.remove()
        journey.leave_diagnostics()

    def _elapse_to_deadline(self) -> None:
        deadline = self.journey.deadline
        step = 1.0
        if deadline is not None:
            left = deadline.at - self.clock.monotonic()
            if deadline.kind is TimeoutKind.IDLE:
                # stop once inside the idle warning so the countdown can be seen
                countdown = self.journey.idle_countdown()
                step = max(0.5, left - 10) if countdown is None else left + 0.01
            else:
                step = max(0.05, min(left + 0.01, 2.0))
        self.clock.advance(step)

    def _finish(self) -> None:
        if self.scenario.self_tests:  # a technician's visit is no session: how it ended is an event
            left = self.kiosk.records.recent_outcomes(AuditEvent.DIAGNOSTICS, self._started_at)
            self.result.outcome = f"diagnostics_{left[-1][1]}" if left else "diagnostics_not_left"
            return
        if self._session_id is None:
            self.result.outcome = "none"
            return
        row = self.kiosk.records.session(self._session_id)
        self.result.outcome = (row.outcome if row is not None else None) or "none"
