"""The citizen journey: a dispatcher that hands each intent and result to the step under way.

One thread drives a :class:`Journey` (the GUI thread in the app, the demo's loop headless): it calls
the citizen's intents (``choose_service``, ``confirm_print`` …) and :meth:`Journey.poll`, which
collects device results and fires timeouts. What each step does is in ``kiosk/journey/steps/``, one
module per step; what they share (the session, moves, timeouts, device work) in
:mod:`kiosk.journey.context`. Device and document work runs on worker threads and comes back as
futures; a result that arrives after the journey has left the step that asked for it is dropped.

Every session ends in one recorded :class:`Outcome` and a wipe: after it, no object reachable from the
journey holds the citizen's identity, document or face data.

A write that storage refuses (the disk full, the database read-only, locked or damaged) never
reaches the screen as an error: every intent and :meth:`Journey.poll` stop there, the session is
wiped, its outcome kept to be written later, and the kiosk goes out of service by a path that
writes nothing. It comes back when storage does (:mod:`kiosk.journey.steps.out_of_service`).
"""

from __future__ import annotations

import contextlib
import functools
import logging
from collections.abc import Callable
from typing import Concatenate, ParamSpec, TypeVar

from kiosk.audit import AuditEvent
from kiosk.documents.base import RenderError
from kiosk.journey.context import Deadline, JourneyParts, StepContext
from kiosk.journey.desk import DocumentDesk
from kiosk.journey.help import help_now
from kiosk.journey.session import Session
from kiosk.journey.states import DIAGNOSTICS_FROM, JourneyState, Notice, NoticeReason, Outcome
from kiosk.journey.steps import Step, step_type
from kiosk.journey.technician import PinGate
from kiosk.journey.view import JourneyView, ReprintOf, ServiceTile, visit_progress
from kiosk.parts import SOURCES, Part
from kiosk.self_tests import SelfTest
from kiosk.storage.check import StorageReading, storage_reading
from kiosk.technician_pin import PinCheck
from kiosk.workdays import WorkCalendar

__all__ = ["Deadline", "Journey", "JourneyParts"]

log = logging.getLogger(__name__)

S = JourneyState
P = ParamSpec("P")
R = TypeVar("R")


def _storage_guarded(
    failed: R,
) -> Callable[[Callable[Concatenate[Journey, P], R]], Callable[Concatenate[Journey, P], R]]:
    """The intent or poll returns ``failed`` when storage refused a write on its way: the kiosk has
    gone out of service by then. Any other error goes on up as the bug it is."""

    def wrap(method: Callable[Concatenate[Journey, P], R]) -> Callable[Concatenate[Journey, P], R]:
        @functools.wraps(method)
        def guarded(self: Journey, /, *args: P.args, **kwargs: P.kwargs) -> R:
            try:
                return method(self, *args, **kwargs)
            except Exception as exc:
                reading = storage_reading(exc)
                if reading is None:
                    raise
                self._storage_failed(reading)
                return failed

        return guarded

    return wrap


class Journey:
    def __init__(self, parts: JourneyParts) -> None:
        self._context = StepContext(parts, self._enter)
        self._step: Step = step_type(S.ATTRACT)(self._context)
        self._step.enter()
        self._health_seen = -1  # the health version poll() last acted on
        self._gate = PinGate(parts.config.technician.pin_hash, parts.records, parts.clock)
        self._calendar = WorkCalendar(parts.config.calendar)
        self._help_since = 0.0

    # ------------------------------------------------------------------ reading
    @property
    def state(self) -> JourneyState:
        return self._context.state

    @property
    def version(self) -> int:
        """Changes whenever what the screens show changes."""
        return self._context.version

    @property
    def session(self) -> Session | None:
        return self._context.session

    @property
    def elderly(self) -> bool:
        return self._context.elderly

    @property
    def language(self) -> str:
        return self._context.language

    @property
    def working(self) -> bool:
        """Whether device or document work for the current step is under way (its result not yet
        collected by :meth:`poll`)."""
        return self._context.pending is not None

    @property
    def deadline(self) -> Deadline | None:
        """When the current step's timeout fires (on the clock's monotonic time), and its kind."""
        return self._context.current_deadline()

    def view(self) -> JourneyView:
        context = self._context
        session = context.session
        return JourneyView(
            state=self.state,
            version=context.version,
            elderly=context.elderly,
            language=context.language,
            services=context.tiles(),
            service=session.service if session else None,
            idle_countdown=context.idle_countdown(),
            help_requested=context.handover.help_requested,
            help=context.handover.help,
            step=self._step.view(),
            progress=visit_progress(
                self.state,
                session.service.face_check if session else None,
                reprint=session is not None and session.reprint is not None,
            ),
            confirm_end=context.handover.confirm_end,
            reprint_tile=context.reprint_tile(),
            reprint=_reprint_of(session),
        )

    def tiles(self) -> tuple[ServiceTile, ...]:
        return self._context.tiles()

    def idle_countdown(self) -> int | None:
        """Seconds left before an idle reset, once the warning is due; else None."""
        return self._context.idle_countdown()

    # ------------------------------------------------------------------ intents
    @_storage_guarded(None)
    def touch(self) -> None:
        """Any tap: wakes the attract screen and restarts the idle time."""
        self._step.touch()

    @_storage_guarded(None)
    def more_time(self) -> None:
        """需要更多时间: the citizen is still there."""
        if self.idle_countdown() is not None:
            self._context.ledger.event(AuditEvent.MORE_TIME, detail={"state": self.state.value})
        self._context.restart_timeout()

    @_storage_guarded(None)
    def set_elderly(self, on: bool) -> None:
        context = self._context
        if context.elderly != on:
            context.elderly = on
            context.ledger.event(AuditEvent.ELDERLY_MODE, outcome="on" if on else "off")
            context.restart_timeout()
            context.changed()

    @_storage_guarded(None)
    def set_language(self, language: str) -> None:
        if language not in ("zh_CN", "en"):
            raise ValueError(f"unsupported language {language!r}")
        context = self._context
        if context.language != language:
            context.language = language
            context.restart_timeout()
            context.changed()

    @_storage_guarded(None)
    def request_help(self) -> None:
        """一键求助: say who answers now, with the kiosk's number and the phone to call, and record the
        request (it goes to the centre with the outbox). The citizen's timers wait until it is closed."""
        context = self._context
        if context.handover.help is not None:
            return
        now = context.clock.now()
        shown = help_now(context.config, now, self._calendar)
        context.handover.help = shown
        self._help_since = context.clock.monotonic()
        context.ledger.event(
            AuditEvent.HELP_REQUESTED,
            outcome=shown.answer.value,
            detail={"state": self.state.value, "elderly": context.elderly},
        )
        context.changed()

    @_storage_guarded(None)
    def dismiss_help(self) -> None:
        context = self._context
        if context.handover.help is None:
            return
        context.handover.help = None
        waited = round(context.clock.monotonic() - self._help_since)
        context.ledger.note(AuditEvent.HELP_CLOSED, detail={"state": self.state.value, "seconds": waited})
        context.restart_timeout()  # the citizen is back at the screen: its time starts again
        context.changed()

    @_storage_guarded(False)
    def choose_service(self, service_id: str) -> bool:
        """Start a session for the service. False (and nothing happens) if it is unavailable now."""
        return self._step.choose_service(service_id)

    @_storage_guarded(None)
    def back(self) -> None:
        """From the intro: back to the service list (the session ends as cancelled)."""
        self._step.back()

    @_storage_guarded(None)
    def accept_consent(self) -> None:
        self._step.accept_consent()

    @_storage_guarded(None)
    def answer_elderly_offer(self, accept: bool) -> None:
        self._step.answer_elderly_offer(accept)

    @_storage_guarded(None)
    def choose_business(self, credit_code: str) -> None:
        self._step.choose_business(credit_code)

    @_storage_guarded(None)
    def set_copies(self, copies: int) -> None:
        self._step.set_copies(copies)

    @_storage_guarded(None)
    def confirm_print(self) -> None:
        self._step.confirm_print()

    @_storage_guarded(None)
    def cancel(self) -> None:
        """结束办理: end the session now — in 长辈模式, once the citizen has confirmed it (a first
        tap asks; a second, on the question, ends). One tap must not throw away a visit by mistake."""
        context = self._context
        session = context.session
        under_way = session is not None and session.outcome is None
        if context.elderly and under_way and not context.handover.confirm_end:
            context.handover.confirm_end = True
            context.restart_timeout()
            context.changed()
            return
        context.handover.confirm_end = False
        self._step.cancel()

    @_storage_guarded(None)
    def keep_going(self) -> None:
        """继续办理: the citizen did not mean to end the visit (the question goes away)."""
        context = self._context
        if context.handover.confirm_end:
            context.handover.confirm_end = False
            context.restart_timeout()
            context.changed()

    @_storage_guarded(None)
    def rate(self, level: int) -> None:
        self._step.rate(level)

    @_storage_guarded(None)
    def toggle_reason(self, reason: str) -> None:
        """A poor rating's reason tapped on or off (a RatingReason value)."""
        self._step.toggle_reason(reason)

    @_storage_guarded(None)
    def submit_reasons(self, callback: bool) -> None:
        """Send the poor rating with its reasons; ``callback``: the citizen wants a call back first."""
        self._step.submit_reasons(callback)

    @_storage_guarded(None)
    def submit_callback(self, number: str) -> None:
        """The call-back number, typed on the keypad: sealed at once, never kept in clear."""
        self._step.submit_callback(number)

    @_storage_guarded(None)
    def retry_face_check(self) -> None:
        """重新核验: the next attempt, when the citizen is ready (the tips read)."""
        self._step.retry_face_check()

    @_storage_guarded(None)
    def start_reprint(self) -> None:
        """补打 on the home screen: type a reprint code (nothing happens while it is unavailable)."""
        self._step.start_reprint()

    @_storage_guarded(None)
    def submit_reprint_code(self, code: str) -> None:
        """The code typed on the 补打 keypad: refused with why, or the reprint's visit begins."""
        self._step.submit_reprint_code(code)

    @_storage_guarded(None)
    def dismiss(self) -> None:
        """Close the notice or goodbye screen now (or skip the rating)."""
        self._step.dismiss()

    # -- the technician ------------------------------------------------------------------
    @property
    def technician_pin_set(self) -> bool:
        """Whether the diagnostics screen can be opened from the touchscreen at all."""
        return self._gate.is_set

    @_storage_guarded(PinCheck.NOT_NOW)
    def open_diagnostics(self, pin: str) -> PinCheck:
        """The technician's PIN, typed on the pad: the diagnostics screen opens if it is right.

        Only when no citizen is being served (attract, home, out of service)."""
        if self.state not in DIAGNOSTICS_FROM:
            return PinCheck.NOT_NOW
        check = self._gate.check(pin)
        if check is PinCheck.ACCEPTED:
            self._context.move("open_diagnostics", S.DIAGNOSTICS)
        return check

    def pin_locked_for(self) -> float:
        """Seconds until the PIN pad takes PINs again after too many wrong ones (0: it does)."""
        return self._gate.locked_for()

    @_storage_guarded(False)
    def run_self_test(self, test: SelfTest) -> bool:
        """Start a self-test from the diagnostics screen; False if one is still running."""
        return self._step.run_self_test(test)

    @_storage_guarded(None)
    def leave_diagnostics(self) -> None:
        self._step.leave_diagnostics()

    def fault(self, what: str) -> None:
        """An unexpected error (the app's exception hook): go out of service, then record it; the
        kiosk comes back by itself. Nothing on the way there needs a write to succeed."""
        context = self._context
        if context.session is not None and context.session.outcome is None:
            context.end_session(Outcome.INTERNAL_ERROR, quietly=True)
        if self.state is not S.OUT_OF_SERVICE:
            context.move("stop_service", S.OUT_OF_SERVICE)
        context.ledger.note(AuditEvent.INTERNAL_ERROR, outcome="out_of_service", detail={"where": what})

    def _storage_failed(self, reading: StorageReading) -> None:
        """Storage refused a write: out of service now, by a path that writes nothing; the session's
        outcome is kept and written when storage is back. A technician at the diagnostics screen
        stays there: they may have come for this."""
        context = self._context
        log.error("storage: %s", reading.detail)  # the sentence only: never the statement or its values
        context.health.storage_failed(reading)
        if context.session is not None and context.session.outcome is None:
            context.end_session(Outcome.STORAGE_FAULT, Part.STORAGE, quietly=True)
        if self.state not in (S.OUT_OF_SERVICE, S.DIAGNOSTICS):
            context.move("stop_service", S.OUT_OF_SERVICE)

    # ------------------------------------------------------------------ driving
    @_storage_guarded(True)
    def poll(self) -> bool:
        """Collect results and fire timeouts. True if the view changed.

        Cheap: call it often (every ~30 ms)."""
        context = self._context
        before = context.version
        health = context.health
        health.poll()
        if health.version != self._health_seen:
            self._health_seen = health.version
            context.changed()
            if self.state in (S.ATTRACT, S.HOME) and not any(t.available for t in context.tiles()):
                context.move("stop_service", S.OUT_OF_SERVICE)
        context.collect(self._part_failed)
        # After the results: a read that has already ended is shown as its result, not as reading.
        if self._step.poll():
            context.changed()
        now = context.clock.monotonic()
        if context.next_tick is not None and now >= context.next_tick:
            context.next_tick = None
            self._step.tick()
        if context.deadline is not None and context.paused:
            context.deadline = max(context.deadline, now + 1.0)  # fires no sooner than after the help
        elif context.deadline is not None and now >= context.deadline:
            context.deadline = None
            self._step.expire()
        elif context.idle_countdown() is not None:
            context.changed()  # the countdown's number changes every second
        return context.version != before

    @_storage_guarded(None)
    def wait(self, timeout: float = 5.0) -> None:
        """Block until the pending work is done (tests and the headless demo only)."""
        pending = self._context.pending
        if pending is not None:
            with contextlib.suppress(Exception):  # poll() turns a failure into a fault
                pending.future.result(timeout=timeout)
        self._step.wait(timeout)
        self.poll()

    def warm_up(self) -> None:
        """Load the slow parts (the PDF library and fonts) on the documents thread, in the background."""
        self._context.docs.submit(DocumentDesk.warm_up)

    def close(self) -> None:
        self._step.leave()
        self._context.close()

    # ------------------------------------------------------------------ internals
    def _enter(self, state: JourneyState) -> None:
        """The machine moved to ``state``: the step under way lets go, and ``state``'s step starts."""
        self._step.leave()
        self._step = step_type(state)(self._context)
        self._step.enter()

    def _part_failed(self, part: Part, exc: BaseException) -> None:
        context = self._context
        if isinstance(exc, RenderError):
            context.explain(Notice(NoticeReason.INTERNAL_ERROR, Part.RENDERER), Outcome.INTERNAL_ERROR)
        elif part in SOURCES:
            context.explain(Notice(NoticeReason.SOURCE_FAULT, part), Outcome.SOURCE_FAULT, part)
        elif part is Part.FACE_CHECK:
            context.explain(Notice(NoticeReason.INTERNAL_ERROR, part), Outcome.INTERNAL_ERROR)
        else:
            context.explain(Notice(NoticeReason.DEVICE_FAULT, part), Outcome.DEVICE_FAULT, part)


def _reprint_of(session: Session | None) -> ReprintOf | None:
    """What a 补打 visit prints, for its screens (None: not a reprint)."""
    if session is None or session.reprint is None:
        return None
    return ReprintOf(len(session.reprint.pages_to_print), session.reprint.sheets)
