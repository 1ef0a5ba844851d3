"""The citizen journey: what the kiosk does at each step, driven by intents and results.

One thread drives a :class:`Journey` (the GUI thread in the app, the demo's
loop headless): it calls the citizen's intents (``choose_service``,
``confirm_print`` …) and :meth:`Journey.poll`, which collects device results
and fires timeouts. Device and document work runs on worker threads and comes
back as futures; a result that arrives after the journey has left the state
that asked for it is dropped.

Every session ends in one recorded :class:`Outcome` and a wipe: after
:meth:`Journey._end_session` no object reachable from the journey holds the
citizen's identity, document or face data.
"""

from __future__ import annotations

import contextlib
import logging
import math
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Protocol

from devices.camera.base import CameraFailure, Frame
from devices.document_printer.base import DocumentPrinterStatus, JobState, PrintJob, PrintResult
from devices.id_reader.base import CardType, IdentityRecord, IdReader, ReaderStatus, ReadFailure
from devices.receipt_printer.base import Receipt, ReceiptOutcome, ReceiptResult
from devices.worker import DeviceWorker
from kiosk.clock import Clock
from kiosk.composition import DeviceSet
from kiosk.config import KioskConfig, ServiceConfig
from kiosk.documents.base import (
    BusinessChoice,
    DocumentKind,
    DocumentRequest,
    FetchFailure,
    FetchProblem,
    IssueContext,
    RenderError,
    Subject,
)
from kiosk.face.base import FaceChecker, FaceCheckUpdate, FaceGuide, FacePrompt, FaceVerdict
from kiosk.health import DOCUMENT_PRINTER, KioskHealth
from kiosk.identity import (
    ELDERLY_AGE,
    IdentityHasher,
    age_on,
    birth_date_of,
    card_problems,
    mask_id_number,
    mask_name,
)
from kiosk.journey.desk import DocumentDesk, PreparedDocument
from kiosk.journey.machine import JourneyMachine
from kiosk.journey.states import (
    MAINTENANCE_FROM,
    Delays,
    JourneyState,
    Notice,
    NoticeReason,
    Outcome,
    Timeout,
    TimeoutKind,
)
from kiosk.journey.technician import Report, TechnicianVisit
from kiosk.journey.view import FaceView, IdentifyHint, JourneyView, PreviewView, Reminder, ServiceTile
from kiosk.maintenance import PIN_LOCK_SECONDS, PinCheck, PinLock, SelfTest
from kiosk.storage.records import Records, new_id

log = logging.getLogger(__name__)

S = JourneyState


class ReceiptComposer(Protocol):
    def __call__(
        self,
        *,
        service: ServiceConfig,
        document_number: str,
        pages: int,
        copies: int,
        verification: str,
        masked_name: str,
        masked_id: str,
        issued_at: datetime,
    ) -> Receipt: ...


DocumentNumbers = Callable[[DocumentKind, datetime], str]


@dataclass
class Session:
    """One citizen's visit. Everything personal lives here, and only until the wipe."""

    id: str
    service: ServiceConfig
    started_at: datetime
    record: IdentityRecord | None = None
    businesses: tuple[BusinessChoice, ...] = ()
    credit_code: str | None = None
    prepared: PreparedDocument | None = None
    copies: int = 1
    read_failures: int = 0
    identify_hint: IdentifyHint | None = None
    face_attempt: int = 0
    face_guide: FaceGuide | None = None
    face_frame: Frame | None = field(default=None, repr=False)
    face_last_verdict: FaceVerdict | None = None
    face_event: str | None = None
    start_event: str | None = None
    print_job_id: str | None = None
    reprint_code: str | None = None
    outcome: Outcome | None = None

    @property
    def subject(self) -> Subject | None:
        if self.record is None:
            return None
        return Subject(self.record.id_number, self.record.name)

    def wipe(self) -> None:
        """Forget everything personal. The session id and the service stay (they are not personal)."""
        self.record = None
        self.businesses = ()
        self.credit_code = None
        self.prepared = None
        self.face_guide = None
        self.face_frame = None


@dataclass(frozen=True, slots=True)
class Deadline:
    """When the current step's timeout fires (monotonic seconds) and what kind of timeout it is."""

    at: float
    kind: TimeoutKind


@dataclass
class _Pending:
    future: Future[Any]
    on_done: Callable[[Any], None]
    epoch: int
    part: str  # the device or worker doing the work, named in a fault


@dataclass
class JourneyParts:
    """Everything the journey works with, built by the composition root."""

    config: KioskConfig
    devices: DeviceSet
    desk: DocumentDesk
    face_checker: FaceChecker
    records: Records
    hasher: IdentityHasher
    health: KioskHealth
    clock: Clock
    numbers: DocumentNumbers
    receipt_composer: ReceiptComposer
    delays: Delays = field(default_factory=Delays)
    preview_width: int = 900
    readiness: Report | None = None
    """Makes the diagnostics screen's readiness report (the composition root gives it)."""


class Journey:
    def __init__(self, parts: JourneyParts) -> None:
        self._parts = parts
        self._config = parts.config
        self._clock = parts.clock
        self._records = parts.records
        self._delays = parts.delays
        self._machine = JourneyMachine()
        self._docs: DeviceWorker[DocumentDesk] = DeviceWorker(parts.desk, "documents")
        self._face: DeviceWorker[FaceChecker] = DeviceWorker(parts.face_checker, "face")
        self._pending: _Pending | None = None
        self._epoch = 0
        self._deadline: float | None = None
        self._timeout: Timeout | None = None
        self._next_tick: float | None = None  # a state's own periodic work (presence polls, rechecks)
        self._version = 0
        self._health_version = -1  # the health version the tiles were built from
        self._health_seen = -1  # the health version poll() last acted on
        self._tiles: tuple[ServiceTile, ...] = ()
        self.elderly = False
        self.language = "zh_CN"
        self.session: Session | None = None
        self._notice: Notice | None = None
        self._reminder: Reminder | None = None
        self._rating: int | None = None
        self._help_requested = False
        self._receipt_printed: bool | None = None
        self._sheets = (0, 0)
        self._sheets_lock = threading.Lock()
        self._listeners: list[Callable[[JourneyState], None]] = []
        self._face_reference: Any = None  # the reference picture, during a face check only
        # Set by the reader's worker thread (on_card) when the read under way found a card; one
        # Event per read, so a read abandoned when the journey moved on cannot mark a later one.
        self._card_seen: threading.Event | None = None
        self._card_reading = False  # what the view shows: a card is being read
        self._pins = PinLock(self._config.maintenance.pin_hash, self._clock)
        if self._pins.is_set:
            now = self._clock.now()
            since = now - timedelta(seconds=PIN_LOCK_SECONDS)
            self._pins.resume(self._records.recent_outcomes("maintenance_pin", since), now)
        self._technician: TechnicianVisit | None = None  # while the diagnostics screen is open

    # ------------------------------------------------------------------ reading
    @property
    def state(self) -> JourneyState:
        value: JourneyState = self._machine.current_state_value
        return value

    @property
    def version(self) -> int:
        """Changes whenever what the screens show changes."""
        return self._version

    @property
    def working(self) -> bool:
        """Whether device or document work for the current step is under way (its result not yet
        collected by :meth:`poll`)."""
        return self._pending is not None

    @property
    def deadline(self) -> Deadline | None:
        """When the current step's timeout fires (on the clock's monotonic time), and its kind."""
        if self._deadline is None or self._timeout is None:
            return None
        return Deadline(self._deadline, self._timeout.kind)

    def subscribe(self, listener: Callable[[JourneyState], None]) -> None:
        """Called with the new state after every state change (e.g. to stop the voice)."""
        self._listeners.append(listener)

    def view(self) -> JourneyView:
        session = self.session
        face = None
        preview = None
        masked = None
        if session is not None:
            if session.record is not None:
                masked = mask_name(session.record.name)
            if self.state is S.FACE_CHECK:
                face = FaceView(
                    guide=session.face_guide or FaceGuide(FacePrompt.LOOK_AT_CAMERA),
                    attempt=session.face_attempt,
                    attempts=self._config.face_check.attempts,
                    last_verdict=session.face_last_verdict,
                    frame=session.face_frame,
                )
            if session.prepared is not None:
                preview = PreviewView(
                    title=session.prepared.document.title,
                    number=session.prepared.document.number,
                    pages=session.prepared.pages,
                    copies=session.copies,
                    copy_limit=session.service.copy_limit,
                )
        with self._sheets_lock:
            done, total = self._sheets
        return JourneyView(
            state=self.state,
            version=self._version,
            elderly=self.elderly,
            language=self.language,
            services=self.tiles(),
            service=session.service if session else None,
            idle_countdown=self.idle_countdown(),
            notice=self._notice,
            identify_hint=session.identify_hint if session else None,
            holder_masked_name=masked,
            face=face,
            businesses=session.businesses if session else (),
            preview=preview,
            sheets_done=done,
            sheets_total=total,
            receipt_printed=self._receipt_printed,
            reminder=self._reminder,
            rating=self._rating,
            help_requested=self._help_requested,
            card_reading=self._card_reading and self.state is S.IDENTIFY,
            maintenance=self._technician.view() if self._technician is not None else None,
        )

    def tiles(self) -> tuple[ServiceTile, ...]:
        health = self._parts.health
        if health.version != self._health_version or not self._tiles:
            self._health_version = health.version
            self._tiles = tuple(
                ServiceTile(service, tuple(health.unavailability(service)))
                for service in self._config.services
            )
        return self._tiles

    def idle_countdown(self) -> int | None:
        """Seconds left before an idle reset, once the warning is due; else None."""
        if self._timeout is None or self._timeout.kind is not TimeoutKind.IDLE or self._deadline is None:
            return None
        left = self._deadline - self._clock.monotonic()
        warning = self._delays.idle_warning * self._factor(self._timeout)
        if left > warning:
            return None
        return max(0, math.ceil(left))

    # ------------------------------------------------------------------ intents
    def touch(self) -> None:
        """Any tap: wakes the attract screen and restarts the idle time."""
        if self.state is S.ATTRACT:
            self._parts.health.check_now()
            self._move("wake", S.HOME)
        else:
            self._restart_timeout()

    def more_time(self) -> None:
        """需要更多时间: the citizen is still there."""
        if self.idle_countdown() is not None:
            self._event("more_time", detail={"state": self.state.value})
        self._restart_timeout()

    def set_elderly(self, on: bool) -> None:
        if self.elderly != on:
            self.elderly = on
            self._event("elderly_mode", outcome="on" if on else "off")
            self._restart_timeout()
            self._changed()

    def set_language(self, language: str) -> None:
        if language not in ("zh_CN", "en"):
            raise ValueError(f"unsupported language {language!r}")
        if self.language != language:
            self.language = language
            self._restart_timeout()
            self._changed()

    def request_help(self) -> None:
        """一键求助: show the hotline and record that someone asked."""
        self._help_requested = True
        self._event("help_requested", detail={"state": self.state.value})
        self._restart_timeout()
        self._changed()

    def dismiss_help(self) -> None:
        self._help_requested = False
        self._changed()

    def choose_service(self, service_id: str) -> bool:
        """Start a session for the service. False (and nothing happens) if it is unavailable now."""
        if self.state is not S.HOME:
            return False
        tile = next((t for t in self.tiles() if t.service.id == service_id), None)
        if tile is None or not tile.available:
            self._restart_timeout()
            return False
        now = self._clock.now()
        self.session = Session(new_id(), tile.service, now)
        self._records.start_session(
            self.session.id, service_id, now, elderly=self.elderly, language=self.language
        )
        self.session.start_event = self._event("session", phase="start", detail={"service": service_id})
        self._move("choose_service", S.INTRO)
        return True

    def back(self) -> None:
        """From the intro: back to the service list (the session ends as cancelled)."""
        if self.state is S.INTRO:
            self._end_session(Outcome.CANCELLED)
            self._move("back_home", S.HOME)

    def accept_consent(self) -> None:
        if self.state is S.INTRO:
            self._move("consent", S.IDENTIFY)

    def answer_elderly_offer(self, accept: bool) -> None:
        if self.state is S.ELDERLY_OFFER:
            self._event("elderly_offer", outcome="accepted" if accept else "declined")
            if accept:
                self.elderly = True
            self._after_identity()

    def choose_business(self, credit_code: str) -> None:
        session = self.session
        if self.state is not S.CHOOSE_BUSINESS or session is None:
            return
        if credit_code not in {b.credit_code for b in session.businesses}:
            return  # only a business of the card holder's own
        session.credit_code = credit_code
        self._move("fetch", S.FETCHING)

    def set_copies(self, copies: int) -> None:
        session = self.session
        if self.state is S.PREVIEW and session is not None:
            session.copies = min(max(1, copies), session.service.copy_limit)
            self._restart_timeout()
            self._changed()

    def confirm_print(self) -> None:
        if self.state is not S.PREVIEW or self.session is None:
            return
        self._move("print_document", S.PRINTING)

    def cancel(self) -> None:
        """结束办理: end the session now."""
        if self.state in (S.INTRO, S.IDENTIFY, S.ELDERLY_OFFER, S.FACE_CHECK, S.CHOOSE_BUSINESS, S.PREVIEW):
            self._end_session(Outcome.CANCELLED)
            self._move("say_goodbye", S.GOODBYE)
        elif self.state is S.HOME:
            self._move("rest", S.ATTRACT)
        elif self.state is S.MAINTENANCE:
            self.leave_maintenance()  # the idle warning's 结束办理 on the diagnostics screen

    def rate(self, level: int) -> None:
        if self.state is not S.RATING or self.session is None:
            return
        self._records.rate(self.session.id, level, self._clock.now())
        self._rating = level
        self._event("rating", outcome=str(level))
        self._move("say_goodbye", S.GOODBYE)

    def dismiss(self) -> None:
        """Close the notice or goodbye screen now."""
        if self.state in (S.NOTICE, S.GOODBYE):
            self._move("rest", S.ATTRACT)
        elif self.state is S.RATING:
            self._move("say_goodbye", S.GOODBYE)

    # -- the technician ------------------------------------------------------------------
    @property
    def maintenance_pin_set(self) -> bool:
        """Whether the diagnostics screen can be opened from the touchscreen at all."""
        return self._pins.is_set

    def open_maintenance(self, pin: str) -> PinCheck:
        """The technician's PIN, typed on the pad: the diagnostics screen opens if it is right.

        Only when no citizen is being served (attract, home, out of service). Every try is an
        audit event with its result, never with the digits."""
        if self.state not in MAINTENANCE_FROM:
            return PinCheck.NOT_NOW
        check = self._pins.check(pin)
        self._event("maintenance_pin", outcome=check.value)
        if check is PinCheck.ACCEPTED:
            self._move("maintain", S.MAINTENANCE)
        return check

    def maintenance_locked_for(self) -> float:
        """Seconds until the PIN pad takes PINs again after too many wrong ones (0: it does)."""
        return self._pins.locked_for()

    def run_self_test(self, test: SelfTest) -> bool:
        """Start a self-test from the diagnostics screen; False if one is still running."""
        visit = self._technician
        if self.state is not S.MAINTENANCE or visit is None:
            return False
        self._restart_timeout()
        started = visit.start_test(test)
        if started:
            self._changed()
        return started

    def leave_maintenance(self) -> None:
        if self.state is S.MAINTENANCE:
            self._event("maintenance", outcome="left")
            self._parts.health.check_now()
            self._move("rest", S.ATTRACT)

    def fault(self, what: str) -> None:
        """An unexpected error (the app's exception hook): record it, go out of service, recover."""
        self._event("internal_error", outcome="out_of_service", detail={"where": what})
        if self.session is not None and self.session.outcome is None:
            self._end_session(Outcome.INTERNAL_ERROR)
        if self.state is not S.OUT_OF_SERVICE:
            self._move("stop_service", S.OUT_OF_SERVICE)

    # ------------------------------------------------------------------ driving
    def poll(self) -> bool:
        """Collect results and fire timeouts. True if the view changed.

        Cheap: call it often (every ~30 ms)."""
        before = self._version
        health = self._parts.health
        health.poll()
        if health.version != self._health_seen:
            self._health_seen = health.version
            self._changed()
            if self.state in (S.ATTRACT, S.HOME) and not any(t.available for t in self.tiles()):
                self._move("stop_service", S.OUT_OF_SERVICE)
        pending = self._pending
        if pending is not None and pending.future.done():
            self._pending = None
            if pending.epoch == self._epoch:
                self._finish(pending)
        if self._technician is not None and self._technician.poll():
            self._changed()
        # After the results: a read that has already ended is shown as its result, not as reading.
        self._notice_card_seen()
        now = self._clock.monotonic()
        if self._next_tick is not None and now >= self._next_tick:
            self._next_tick = None
            self._tick()
        if self._deadline is not None and now >= self._deadline:
            self._expire()
        elif self.idle_countdown() is not None:
            self._version += 1  # the countdown's number changes every second
        return self._version != before

    def wait(self, timeout: float = 5.0) -> None:
        """Block until the pending work is done (tests and the headless demo only)."""
        pending = self._pending
        if pending is not None:
            with contextlib.suppress(Exception):  # poll() turns a failure into a fault
                pending.future.result(timeout=timeout)
        if self._technician is not None:
            self._technician.wait(timeout)
        self.poll()

    def warm_up(self) -> None:
        """Load the slow parts (the PDF library and fonts) on the documents thread, in the background."""
        self._docs.submit(DocumentDesk.warm_up)

    def close(self) -> None:
        self._close_technician_visit()
        self._docs.close()
        self._face.close()

    # ------------------------------------------------------------------ internals
    def _finish(self, pending: _Pending) -> None:
        try:
            result = pending.future.result()
        except Exception as exc:  # noqa: BLE001 - a broken adapter is a fault of its device, not a crash
            log.error("%s failed: %s", pending.part, type(exc).__name__)
            self._part_failed(pending.part, exc)
            return
        pending.on_done(result)

    def _part_failed(self, part: str, exc: BaseException) -> None:
        if isinstance(exc, RenderError):
            self._explain(Notice(NoticeReason.INTERNAL_ERROR, device="renderer"), Outcome.INTERNAL_ERROR)
        elif part in ("registry", "gateway", "documents"):
            self._explain(Notice(NoticeReason.SOURCE_FAULT, device=part), Outcome.SOURCE_FAULT, part)
        elif part == "face":
            self._explain(Notice(NoticeReason.INTERNAL_ERROR, device="face"), Outcome.INTERNAL_ERROR)
        else:
            self._explain(Notice(NoticeReason.DEVICE_FAULT, device=part), Outcome.DEVICE_FAULT, part)

    def _submit(self, part: str, future: Future[Any], on_done: Callable[[Any], None]) -> None:
        self._pending = _Pending(future, on_done, self._epoch, part)

    def _move(self, event: str, target: JourneyState) -> None:
        self._machine.send(event)
        assert self.state is target, f"{event} led to {self.state}, not {target}"
        self._epoch += 1
        self._pending = None
        self._next_tick = None
        self._card_seen, self._card_reading = None, False
        if target is not S.MAINTENANCE:
            self._close_technician_visit()  # with it go the test results (a read card's masked number)
        self._enter(target)
        self._changed()
        for listener in self._listeners:
            listener(target)

    def _changed(self) -> None:
        self._version += 1

    def _factor(self, timeout: Timeout) -> float:
        return 2.0 if self.elderly and timeout.kind is not TimeoutKind.LIMIT else 1.0

    def _set_timeout(self, timeout: Timeout | None) -> None:
        self._timeout = timeout
        self._restart_timeout()

    def _restart_timeout(self) -> None:
        if self._timeout is None:
            self._deadline = None
            return
        seconds = self._timeout.seconds * self._factor(self._timeout)
        if self._timeout.kind is TimeoutKind.IDLE:
            seconds += self._delays.idle_warning * self._factor(self._timeout)
        self._deadline = self._clock.monotonic() + seconds
        self._changed()

    def _tick_in(self, seconds: float) -> None:
        self._next_tick = self._clock.monotonic() + seconds

    def _event(
        self,
        type: str,
        *,
        phase: str = "once",
        outcome: str | None = None,
        detail: dict[str, Any] | None = None,
    ) -> str:
        session_id = self.session.id if self.session else None
        at = self._clock.now()
        if phase == "start":
            return self._records.begin(type, at, session_id=session_id, detail=detail)
        return self._records.event(type, at, session_id=session_id, outcome=outcome, detail=detail)

    def _finish_event(
        self, start_id: str | None, type: str, outcome: str, detail: dict[str, Any] | None = None
    ) -> None:
        if start_id is None:
            return
        session_id = self.session.id if self.session else None
        self._records.finish(start_id, type, self._clock.now(), outcome, session_id=session_id, detail=detail)

    # -- entering states -------------------------------------------------------------
    def _enter(self, state: JourneyState) -> None:
        d = self._delays
        handlers: dict[JourneyState, Callable[[], None]] = {
            S.ATTRACT: self._enter_attract,
            S.HOME: lambda: self._set_timeout(d.home),
            S.INTRO: lambda: self._set_timeout(d.intro),
            S.IDENTIFY: self._enter_identify,
            S.ELDERLY_OFFER: lambda: self._set_timeout(d.elderly_offer),
            S.FACE_CHECK: self._enter_face_check,
            S.CHOOSE_BUSINESS: lambda: self._set_timeout(d.choose_business),
            S.FETCHING: self._enter_fetching,
            S.PREVIEW: lambda: self._set_timeout(d.preview),
            S.PRINTING: self._enter_printing,
            S.RECEIPT: self._enter_receipt,
            S.REMINDERS: self._enter_reminders,
            S.RATING: lambda: self._set_timeout(d.rating),
            S.GOODBYE: lambda: self._set_timeout(d.goodbye),
            S.NOTICE: lambda: self._set_timeout(d.notice),
            S.OUT_OF_SERVICE: self._enter_out_of_service,
            S.MAINTENANCE: self._enter_maintenance,
        }
        handlers[state]()

    def _enter_attract(self) -> None:
        if self.session is not None and self.session.outcome is None:
            self._end_session(Outcome.TIMED_OUT)
        self.session = None
        self.elderly = False
        self.language = "zh_CN"
        self._notice = None
        self._reminder = None
        self._rating = None
        self._help_requested = False
        self._receipt_printed = None
        with self._sheets_lock:
            self._sheets = (0, 0)
        self._set_timeout(None)

    def _enter_maintenance(self) -> None:
        self._help_requested = False
        self.elderly, self.language = False, "zh_CN"

        def record(type: str, outcome: str | None, detail: dict[str, Any] | None) -> None:
            self._event(type, outcome=outcome, detail=detail)

        self._technician = TechnicianVisit(
            config=self._config,
            devices=self._parts.devices,
            records=self._records,
            clock=self._clock,
            report=self._parts.readiness,
            on_event=record,
        )
        self._technician.refresh()
        self._set_timeout(self._delays.maintenance)
        self._tick_in(self._delays.maintenance_report)

    def _close_technician_visit(self) -> None:
        if self._technician is not None:
            self._technician.close()
            self._technician = None

    def _enter_out_of_service(self) -> None:
        self._set_timeout(None)
        self._tick_in(self._delays.out_of_service_recheck)

    # -- identify --------------------------------------------------------------------
    def _enter_identify(self) -> None:
        self._set_timeout(self._delays.identify)
        self._read_card()

    def _read_card(self) -> None:
        reader = self._parts.devices.id_reader
        slice_seconds = self._delays.card_read_slice

        seen = threading.Event()
        self._card_seen = seen

        def read(device: IdReader) -> IdentityRecord | ReadFailure:
            return device.read(slice_seconds, seen.set)

        future = reader.submit(read)
        self._submit("id_reader", future, self._card_read)

    def _notice_card_seen(self) -> None:
        """The reader's worker said a card is there and reading it began (IdReader.read's on_card)."""
        seen = self._card_seen
        if seen is None or self._card_reading or not seen.is_set() or self.state is not S.IDENTIFY:
            return
        self._card_reading = True
        # Placing the card is the citizen acting: no idle countdown over a card being read.
        self._restart_timeout()
        self._changed()

    def _card_read(self, result: IdentityRecord | ReadFailure) -> None:
        session = self.session
        assert session is not None
        if self._card_reading:
            self._card_reading = False
            self._changed()
        self._card_seen = None
        if isinstance(result, ReadFailure):
            if result.status is ReaderStatus.NO_CARD:
                if result.card_pulled:
                    session.identify_hint = IdentifyHint.CARD_PULLED
                    self._event("card_read", outcome="card_pulled")
                    self._changed()
                self._read_card()  # keep waiting for a card
                return
            if result.status is ReaderStatus.CARD_ERROR:
                session.read_failures += 1
                self._event("card_read", outcome="card_error")
                if session.read_failures < self._delays.card_read_retries:
                    session.identify_hint = IdentifyHint.CARD_UNREADABLE
                    self._changed()
                    self._read_card()
                    return
                self._explain(Notice(NoticeReason.CARD_UNREADABLE), Outcome.REFUSED_CARD)
                return
            self._event("card_read", outcome=result.status.value)
            self._explain(
                Notice(NoticeReason.DEVICE_FAULT, device="id_reader", status=result.status.value),
                Outcome.DEVICE_FAULT,
                "id_reader",
            )
            return
        if session.service.identity == "resident_id" and result.card_type is CardType.SOCIAL_SECURITY:
            session.identify_hint = IdentifyHint.WRONG_CARD
            self._event("card_read", outcome="wrong_card")
            self._changed()
            self._read_when_card_taken()
            return
        today = self._clock.now().date()
        problems = card_problems(result, today)
        self._records.identify_session(
            session.id,
            card_type=result.card_type.value,
            masked_id=mask_id_number(result.id_number),
            id_hash=self._parts.hasher.hash(result.id_number),
        )
        if problems:
            self._event("card_read", outcome="refused", detail={"problems": problems})
            self._explain(Notice(NoticeReason.CARD_REFUSED, card_problem=problems[0]), Outcome.REFUSED_CARD)
            return
        self._event("card_read", outcome="ok", detail={"card_type": result.card_type.value})
        session.record = result
        session.identify_hint = None
        if not self.elderly and self._holder_age(result, today) >= ELDERLY_AGE:
            self._move("offer_elderly", S.ELDERLY_OFFER)
            return
        self._after_identity()

    def _read_when_card_taken(self) -> None:
        """Read again once the refused card has left the reader. Read at once, a card left lying there
        would be read again and again: an audit event per read, and the screen (and the voice, in
        长辈模式) switching between "reading" and the hint. A reader that cannot sense the card reads
        at once: GA/T 467 does not find a card it has read until it is placed again."""
        reader = self._parts.devices.id_reader
        future = reader.submit(lambda device: device.card_present() if device.senses_presence else None)
        self._submit("id_reader", future, self._refused_card_checked)

    def _refused_card_checked(self, present: bool | None) -> None:
        if present:
            self._tick_in(self._delays.card_presence_poll)
            return
        self._read_card()

    @staticmethod
    def _holder_age(record: IdentityRecord, today: date) -> int:
        birth = record.birth_date or birth_date_of(record.id_number)
        return age_on(birth, today) if birth else 0

    def _after_identity(self) -> None:
        session = self.session
        assert session is not None
        if session.service.face_check:
            self._move("check_face", S.FACE_CHECK)
        else:
            self._after_face_check()

    def _after_face_check(self) -> None:
        session = self.session
        assert session is not None
        if session.service.template != DocumentKind.BUSINESS_LICENSE.value:
            self._move("fetch", S.FETCHING)
            return
        subject = session.subject
        assert subject is not None
        future = self._docs.submit(DocumentDesk.businesses, session.service.source, subject)
        self._submit(session.service.source, future, self._businesses_found)

    def _businesses_found(self, result: list[BusinessChoice] | FetchProblem) -> None:
        session = self.session
        assert session is not None
        if isinstance(result, FetchProblem):
            self._fetch_problem(result)
            return
        if not result:
            self._explain(Notice(NoticeReason.NO_BUSINESS), Outcome.NO_RECORD)
            return
        session.businesses = tuple(result)
        if len(result) == 1:
            session.credit_code = result[0].credit_code
            self._move("fetch", S.FETCHING)
        else:
            self._move("pick_business", S.CHOOSE_BUSINESS)

    # -- face check ------------------------------------------------------------------
    def _enter_face_check(self) -> None:
        session = self.session
        assert session is not None and session.record is not None
        subject = session.subject
        assert subject is not None
        self._set_timeout(self._delays.face_check_attempt)
        future = self._docs.submit(
            DocumentDesk.reference_image, session.service.source, subject, session.record.photo
        )
        self._submit("documents", future, self._reference_found)

    def _reference_found(self, reference: Any) -> None:
        if reference is None:
            self._event("face_check", outcome="no_reference")
            self._explain(Notice(NoticeReason.NO_FACE_REFERENCE), Outcome.NO_FACE_REFERENCE)
            return
        self._begin_face_attempt(reference)

    def _begin_face_attempt(self, reference: Any) -> None:
        session = self.session
        assert session is not None
        session.face_attempt += 1
        session.face_guide = FaceGuide(FacePrompt.LOOK_AT_CAMERA)
        session.face_event = self._event(
            "face_check", phase="start", detail={"attempt": session.face_attempt}
        )
        self._set_timeout(self._delays.face_check_attempt)
        started = self._clock.monotonic()

        def begin(checker: FaceChecker) -> Any:
            return checker.begin(reference, started)

        # The reference stays referenced by this closure only until begin() has run.
        self._submit("face", self._face.submit(begin), lambda problem: self._face_ready(problem, reference))
        self._changed()

    def _face_ready(self, problem: Any, reference: Any) -> None:
        if problem is not None:
            self._finish_face_event("no_reference", None)
            self._explain(Notice(NoticeReason.NO_FACE_REFERENCE), Outcome.NO_FACE_REFERENCE)
            return
        self._face_reference = reference
        self._next_frame()

    def _next_frame(self) -> None:
        camera = self._parts.devices.camera
        self._submit("camera", camera.submit(lambda device: device.read_frame(1.0)), self._frame_read)

    def _frame_read(self, result: Frame | CameraFailure) -> None:
        session = self.session
        assert session is not None
        if isinstance(result, CameraFailure):
            self._finish_face_event("camera_" + result.status.value, None)
            self._explain(
                Notice(NoticeReason.DEVICE_FAULT, device="camera", status=result.status.value),
                Outcome.DEVICE_FAULT,
                "camera",
            )
            return
        session.face_frame = result
        self._changed()
        self._submit("face", self._face.submit(lambda checker: checker.observe(result)), self._face_observed)

    def _face_observed(self, update: FaceCheckUpdate) -> None:
        session = self.session
        assert session is not None
        session.face_guide = update.guide
        self._changed()
        if update.verdict is None:
            self._next_frame()
            return
        self._face_verdict(update.verdict, update.score)

    def _face_verdict(self, verdict: FaceVerdict, score: float | None) -> None:
        session = self.session
        assert session is not None
        self._finish_face_event(verdict.value, score)
        if verdict is FaceVerdict.PASSED:
            self._forget_face()
            self._after_face_check()
            return
        session.face_last_verdict = verdict
        if session.face_attempt < self._config.face_check.attempts:
            self._begin_face_attempt(self._face_reference)
            return
        self._forget_face()
        self._explain(Notice(NoticeReason.FACE_CHECK_FAILED), Outcome.FACE_CHECK_FAILED)

    def _finish_face_event(self, outcome: str, score: float | None) -> None:
        session = self.session
        assert session is not None
        detail: dict[str, Any] = {
            "attempt": session.face_attempt,
            "threshold": self._parts.face_checker.threshold,
        }
        if score is not None:
            detail["score"] = round(score, 4)
        self._finish_event(session.face_event, "face_check", outcome, detail)
        session.face_event = None

    def _forget_face(self) -> None:
        self._face_reference = None
        if self.session is not None:
            self.session.face_frame = None
            self.session.face_guide = None
        self._face.submit(lambda checker: checker.wipe())

    # -- documents -------------------------------------------------------------------
    def _enter_fetching(self) -> None:
        session = self.session
        assert session is not None and session.subject is not None
        self._set_timeout(self._delays.fetching)
        kind = DocumentKind(session.service.template)
        now = self._clock.now()
        issue = IssueContext(
            number=self._parts.numbers(kind, now),
            kiosk_id=self._config.kiosk.id,
            kiosk_name=self._config.kiosk.name,
            issued_at=now,
        )
        request = DocumentRequest(kind, session.subject, session.credit_code)
        start = self._event("document_fetch", phase="start", detail={"kind": kind.value})
        future = self._docs.submit(
            DocumentDesk.prepare, session.service.source, request, issue, self._parts.preview_width
        )

        def done(result: PreparedDocument | FetchProblem) -> None:
            outcome = result.failure.value if isinstance(result, FetchProblem) else "ok"
            self._finish_event(start, "document_fetch", outcome)
            self._document_ready(result)

        self._submit(session.service.source, future, done)

    def _document_ready(self, result: PreparedDocument | FetchProblem) -> None:
        session = self.session
        assert session is not None
        if isinstance(result, FetchProblem):
            self._fetch_problem(result)
            return
        session.prepared = result
        session.copies = 1
        self._move("show_preview", S.PREVIEW)

    def _fetch_problem(self, problem: FetchProblem) -> None:
        session = self.session
        assert session is not None
        source = session.service.source
        if problem.failure is FetchFailure.NOT_FOUND:
            self._explain(Notice(NoticeReason.NO_RECORD, device=source), Outcome.NO_RECORD)
        else:
            self._explain(
                Notice(NoticeReason.SOURCE_FAULT, device=source, status=problem.failure.value),
                Outcome.SOURCE_FAULT,
                source,
            )

    # -- printing --------------------------------------------------------------------
    def _enter_printing(self) -> None:
        session = self.session
        assert session is not None and session.prepared is not None
        document = session.prepared.document
        timeout = self._config.devices.document_printer.job_timeout_seconds + self._delays.printing_margin
        self._set_timeout(Timeout(timeout, TimeoutKind.LIMIT))
        now = self._clock.now()
        job = self._records.queue_print_job(
            session.id, session.service.id, document.number, document.pages, session.copies, now
        )
        session.print_job_id, session.reprint_code = job.id, job.reprint_code
        self._records.issued_document(document, session.id)
        with self._sheets_lock:
            self._sheets = (0, document.pages * session.copies)

        def progress(done: int, total: int) -> None:  # on the printer's thread
            with self._sheets_lock:
                self._sheets = (done, total)

        print_job = PrintJob(job.id, document.pdf, document.pages, session.copies)
        start = self._event(
            "print_document", phase="start", detail={"pages": document.pages, "copies": session.copies}
        )
        future = self._parts.devices.document_printer.submit(
            lambda printer: printer.print_pdf(print_job, progress)
        )
        self._records.set_print_job_state(job.id, "printing", now)

        def done(result: PrintResult) -> None:
            self._finish_event(start, "print_document", result.state.value, {"sheets": result.pages_printed})
            self._document_printed(result)

        self._submit("document_printer", future, done)

    def _document_printed(self, result: PrintResult) -> None:
        session = self.session
        assert session is not None and session.print_job_id is not None
        now = self._clock.now()
        if result.state is JobState.COMPLETED:
            self._records.set_print_job_state(session.print_job_id, "done", now)
            self._move("print_receipt", S.RECEIPT)
            return
        self._records.set_print_job_state(
            session.print_job_id, "failed", now, result.detail or result.state.value
        )
        self._explain(
            Notice(
                NoticeReason.PRINT_FAILED,
                device="document_printer",
                status=result.status.value,
                reprint_code=session.reprint_code,
            ),
            Outcome.DEVICE_FAULT,
            "document_printer",
        )

    def _enter_receipt(self) -> None:
        session = self.session
        assert session is not None and session.prepared is not None and session.record is not None
        self._set_timeout(self._delays.receipt)
        document = session.prepared.document
        receipt = self._parts.receipt_composer(
            service=session.service,
            document_number=document.number,
            pages=document.pages,
            copies=session.copies,
            verification=document.verification,
            masked_name=mask_name(session.record.name),
            masked_id=mask_id_number(session.record.id_number),
            issued_at=document.issued_at,
        )
        future = self._parts.devices.receipt_printer.submit(lambda printer: printer.print_receipt(receipt))
        self._submit("receipt_printer", future, self._receipt_done)

    def _receipt_done(self, result: ReceiptResult) -> None:
        printed = result.outcome is ReceiptOutcome.PRINTED
        self._receipt_printed = printed
        self._event("print_receipt", outcome=result.outcome.value, detail={"status": result.status.value})
        self._end_session(Outcome.COMPLETED)
        self._move("remind", S.REMINDERS)

    # -- reminders -------------------------------------------------------------------
    def _enter_reminders(self) -> None:
        self._reminder = Reminder.TAKE_CARD
        self._set_timeout(self._delays.take_card)
        self._check_card()

    def _check_card(self) -> None:
        reader = self._parts.devices.id_reader
        future = reader.submit(lambda device: device.card_present() if device.senses_presence else None)
        self._submit("id_reader", future, self._card_checked)

    def _card_checked(self, present: bool | None) -> None:
        if present:
            self._tick_in(self._delays.card_presence_poll)
            return
        if present is None:
            # The reader cannot tell: show the reminder for a short while, then move on.
            self._tick_in(self._delays.take_papers.seconds * self._factor(self._delays.take_papers))
            return
        self._event("card_taken")
        self._remind_papers()

    def _remind_papers(self) -> None:
        self._reminder = Reminder.TAKE_PAPERS
        self._set_timeout(self._delays.take_papers)
        self._changed()

    def _tick(self) -> None:
        if self.state is S.IDENTIFY:
            if self._pending is None:
                self._read_when_card_taken()
            return
        if self.state is S.REMINDERS and self._reminder is Reminder.TAKE_CARD:
            if self._pending is None and self._next_tick is None:
                self._check_card()
            return
        if self.state is S.MAINTENANCE and self._technician is not None:
            self._parts.health.check_now()
            self._technician.refresh()
            self._tick_in(self._delays.maintenance_report)
            return
        if self.state is S.OUT_OF_SERVICE:
            self._parts.health.check_now()
            if any(t.available for t in self.tiles()):
                self._move("rest", S.ATTRACT)
            else:
                self._tick_in(self._delays.out_of_service_recheck)

    # -- timeouts and endings --------------------------------------------------------
    def _expire(self) -> None:
        state = self.state
        self._deadline = None
        if state is S.HOME:
            self._move("rest", S.ATTRACT)
        elif state in (S.INTRO, S.IDENTIFY, S.ELDERLY_OFFER, S.CHOOSE_BUSINESS, S.PREVIEW):
            self._explain(Notice(NoticeReason.TIMED_OUT), Outcome.TIMED_OUT)
        elif state is S.FACE_CHECK:
            if self._face_reference is None:  # still looking for the reference picture
                source = self.session.service.source if self.session else "documents"
                self._explain(
                    Notice(NoticeReason.SOURCE_FAULT, device=source, status="timeout"),
                    Outcome.SOURCE_FAULT,
                    source,
                )
            else:
                self._face_verdict(FaceVerdict.TIMED_OUT, None)
        elif state is S.FETCHING:
            source = self.session.service.source if self.session else "documents"
            self._explain(
                Notice(NoticeReason.SOURCE_FAULT, device=source, status="timeout"),
                Outcome.SOURCE_FAULT,
                source,
            )
        elif state is S.PRINTING:
            self._document_printed(
                PrintResult(JobState.FAILED, self._printer_status(), 0, "the printer did not finish in time")
            )
        elif state is S.RECEIPT:
            from devices.receipt_printer.base import ReceiptPrinterStatus

            self._receipt_done(
                ReceiptResult(ReceiptOutcome.FAILED, ReceiptPrinterStatus.OFFLINE, "no answer")
            )
        elif state is S.REMINDERS:
            if self._reminder is Reminder.TAKE_CARD:
                self._event("card_left_in_reader")
                self._remind_papers()
            else:
                self._move("ask_rating", S.RATING)
        elif state is S.RATING:
            self._move("say_goodbye", S.GOODBYE)
        elif state in (S.GOODBYE, S.NOTICE):
            self._move("rest", S.ATTRACT)
        elif state is S.MAINTENANCE:
            self._event("maintenance", outcome="timed_out")
            self._move("rest", S.ATTRACT)

    def _printer_status(self) -> DocumentPrinterStatus:
        status = self._parts.health.status_of(DOCUMENT_PRINTER)
        return status if isinstance(status, DocumentPrinterStatus) else DocumentPrinterStatus.OFFLINE

    def _explain(self, notice: Notice, outcome: Outcome, fault_part: str | None = None) -> None:
        """End the session with ``outcome`` and show what happened and what to do."""
        self._end_session(outcome, fault_part)
        self._notice = notice
        self._move("explain", S.NOTICE)

    def _end_session(self, outcome: Outcome, fault_part: str | None = None) -> None:
        """Record the outcome once, then wipe everything personal."""
        session = self.session
        if session is None or session.outcome is not None:
            return
        session.outcome = outcome
        self._finish_event(
            session.start_event, "session", outcome.value, {"fault": fault_part} if fault_part else None
        )
        self._records.end_session(
            session.id,
            self._clock.now(),
            outcome.value,
            fault_device=fault_part,
            elderly=self.elderly,
            language=self.language,
        )
        if session.face_event is not None:
            self._finish_face_event("abandoned", None)
        self._forget_face()
        session.wipe()
        self._pending = None  # a late result (a card read, a document) must find nothing to land in
        self._epoch += 1
