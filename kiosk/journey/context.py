"""What every step of the visit can see and do: the parts, the session, moves, timeouts, device work.

The steps (``kiosk/journey/steps/``) hold what each step does; this holds what they share, so a
step never reaches into another. It knows no step: a move names the state to go to, and the
journey (the dispatcher) builds that state's step.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, Protocol, TypeVar

from devices.receipt_printer.base import Receipt
from devices.worker import DeviceWorker
from kiosk.audit import AuditEvent
from kiosk.clock import Clock
from kiosk.config import KioskConfig, ServiceConfig
from kiosk.contact_seal import ContactSeal
from kiosk.device_set import DeviceSet
from kiosk.documents.base import DocumentKind
from kiosk.face.base import FaceChecker
from kiosk.health import KioskHealth
from kiosk.identity import IdentityHasher
from kiosk.journey.desk import DocumentDesk
from kiosk.journey.ledger import Ledger
from kiosk.journey.machine import JourneyMachine
from kiosk.journey.session import Reprint, Session
from kiosk.journey.states import JourneyState, Notice, NoticeReason, Outcome, Timeout, TimeoutKind
from kiosk.journey.technician import Report
from kiosk.journey.view import HelpView, ReprintTile, ServiceTile
from kiosk.parts import Part
from kiosk.ratings import RatingReason
from kiosk.storage.check import storage_reading
from kiosk.storage.records import Records, new_id

log = logging.getLogger(__name__)

T = TypeVar("T")

IDLE_WARNING = 20.0
"""The countdown before an idle reset: long enough to notice and tap "需要更多时间" — WCAG 2.2.1
(Timing Adjustable) asks for at least 20 seconds to extend; 长辈模式 doubles it."""


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
    preview_width: int = 900
    readiness: Report | None = None
    """Makes the diagnostics screen's readiness report (the composition root gives it)."""
    contact_seal: ContactSeal | None = None
    """Seals a call-back number left with a poor rating; None: no call back is offered."""


@dataclass(frozen=True, slots=True)
class Deadline:
    """When the current step's timeout fires (monotonic seconds) and what kind of timeout it is."""

    at: float
    kind: TimeoutKind


@dataclass
class Pending(Generic[T]):
    """Work a step started on a worker thread: its result goes to ``on_done``, typed as the work's."""

    future: Future[T]
    on_done: Callable[[T], None]
    epoch: int
    part: Part  # the device, source or checker doing the work, named in a fault


@dataclass
class Handover:
    """What one step leaves for a later one to show. Nothing personal."""

    notice: Notice | None = None  # why the visit ended, for the notice step
    receipt_printed: bool | None = None  # for the reminders
    rating: int | None = None  # for the goodbye; and a poor one waiting for its reasons
    reasons: tuple[RatingReason, ...] = ()  # a poor rating's reasons, chosen so far
    help: HelpView | None = None  # 一键求助: who answers, over any step, until the citizen closes it
    card_read: bool = False  # a card was read: the visit ends through the take-card check, and is rated
    sheets_out: int = 0  # sheets of a job cut short that came out: the citizen is asked to take them
    callback: bool = False  # a call back was asked for with the rating
    confirm_end: bool = False  # 长辈模式: asking "end the visit?" before ending it

    @property
    def help_requested(self) -> bool:
        return self.help is not None


class StepContext:
    """The journey's shared state and the moves every step may make."""

    def __init__(self, parts: JourneyParts, enter: Callable[[JourneyState], None]) -> None:
        self.parts = parts
        self.config = parts.config
        self.clock = parts.clock
        self.devices = parts.devices
        self.health = parts.health
        self.ledger = Ledger(parts.records, parts.clock, self._session_id)
        self.docs: DeviceWorker[DocumentDesk] = DeviceWorker(parts.desk, "documents")
        self.face: DeviceWorker[FaceChecker] = DeviceWorker(parts.face_checker, "face")
        self._machine = JourneyMachine()
        self._enter = enter
        self.session: Session | None = None
        self.elderly = False
        self.language = "zh_CN"
        self.handover = Handover()
        self.pending: Pending[Any] | None = None
        self.epoch = 0  # a result from an earlier step (or session) finds a different epoch and is dropped
        self.version = 0
        self._tiles: tuple[ServiceTile, ...] = ()
        self._reprint_tile = ReprintTile()
        self._tiles_health = -1  # the health version the tiles were built from
        self._timeout: Timeout | None = None
        self.deadline: float | None = None
        self.next_tick: float | None = None  # a step's own periodic work (presence polls, rechecks)
        self.unwritten: list[Callable[[], object]] = []  # writes storage refused, kept for when it is back

    @property
    def state(self) -> JourneyState:
        value: JourneyState = self._machine.current_state_value
        return value

    def _session_id(self) -> str | None:
        return self.session.id if self.session is not None else None

    def tiles(self) -> tuple[ServiceTile, ...]:
        """The home screen's services, each with what stops it now (rebuilt when health changes)."""
        self._build_tiles()
        return self._tiles

    def reprint_tile(self) -> ReprintTile:
        """The home screen's 补打, with what stops it now (rebuilt when health changes)."""
        self._build_tiles()
        return self._reprint_tile

    def _build_tiles(self) -> None:
        health = self.health
        if health.version != self._tiles_health or not self._tiles:
            self._tiles_health = health.version
            self._tiles = tuple(
                ServiceTile(service, tuple(health.unavailability(service)))
                for service in self.config.services
            )
            self._reprint_tile = ReprintTile(tuple(health.reprint_unavailability()))

    def start_session(self, service: ServiceConfig, reprint: Reprint | None = None) -> Session:
        """A visit begins, for ``service`` — or to reprint a job of it (``reprint``, 补打): written
        down at once, with the audit trail's start of the session."""
        now = self.clock.now()
        session = Session(new_id(), service, now, reprint=reprint)
        self.session = session
        self.parts.records.start_session(
            session.id,
            service.id,
            now,
            elderly=self.elderly,
            language=self.language,
            reprint_of=reprint.job_id if reprint else None,
        )
        detail = {"service": service.id, **({"reprint": True} if reprint else {})}
        session.start_event = self.ledger.begin(AuditEvent.SESSION, detail=detail)
        return session

    # -- moves -----------------------------------------------------------------------
    def move(self, event: str, target: JourneyState) -> None:
        """Make the machine's move ``event`` (a move it does not allow is a bug and raises), then
        enter ``target``'s step."""
        self._machine.send(event)
        assert self.state is target, f"{event} led to {self.state}, not {target}"
        self.epoch += 1
        self.pending = None
        self.next_tick = None
        self.handover.confirm_end = False  # a question about the step left behind
        self._enter(target)
        self.changed()

    def explain(self, notice: Notice, outcome: Outcome, fault_part: Part | None = None) -> None:
        """End the session with ``outcome`` and show what happened and what to do."""
        self.end_session(outcome, fault_part)
        self.handover.notice = notice
        self.move("explain", JourneyState.NOTICE)

    def time_out(self) -> None:
        """The citizen walked away: the session ends as timed out, and the notice says so."""
        self.explain(Notice(NoticeReason.TIMED_OUT), Outcome.TIMED_OUT)

    def cancel_session(self) -> None:
        """结束办理: the citizen ends the session; a card that was read is checked for on the way out."""
        self.end_session(Outcome.CANCELLED)
        self.after_ending()

    def after_ending(self) -> None:
        """A visit that ended (cancelled, or its notice read): the take-card check when a card was read
        (then the papers, the rating), else goodbye."""
        if self.handover.card_read or self.handover.sheets_out:
            self.move("remind", JourneyState.REMINDERS)
        else:
            self.move("say_goodbye", JourneyState.GOODBYE)

    def end_session(self, outcome: Outcome, fault_part: Part | None = None, *, quietly: bool = False) -> None:
        """Wipe everything personal, then record the outcome, once.

        The wipe comes first: it needs no disk. A record storage refuses is kept and written when
        storage is back (:meth:`write_unwritten`); the refusal goes on up, and the journey goes out of
        service, unless ``quietly`` (the fault path, already on its way there)."""
        session = self.session
        if session is None or session.outcome is not None:
            return
        session.outcome = outcome
        session.wipe()
        self.pending = None  # a late result (a card read, a document) must find nothing to land in
        self.epoch += 1
        # A wall clock stepped back during the visit must not end it before it began.
        at = max(self.clock.now(), session.started_at)
        start_event, session_id = session.start_event, session.id
        fault = fault_part.value if fault_part else None
        elderly, language = self.elderly, self.language

        def session_row() -> None:
            self.parts.records.end_session(
                session_id, at, outcome.value, fault_device=fault, elderly=elderly, language=language
            )

        writes: list[Callable[[], object]] = [session_row]
        if start_event is not None:
            event_id = start_event

            def finish_event() -> None:
                detail = {"fault": fault} if fault else None
                self.ledger.records.finish(
                    event_id, AuditEvent.SESSION, at, outcome.value, session_id=session_id, detail=detail
                )

            writes.insert(0, finish_event)
        for write in writes:
            if quietly:
                self.keep_quietly(write)
            else:
                self.keep(write)

    # -- writes that must not be lost ------------------------------------------------------
    def keep(self, write: Callable[[], object]) -> None:
        """A write that must not be lost (an outcome, the end of a print job): made now; when storage
        refuses it, kept to be made once storage is back, and the refusal goes on up."""
        if self.unwritten:  # the order of the records is kept: this one waits behind the others
            self.unwritten.append(write)
            self.write_unwritten(raising=True)
            return
        try:
            write()
        except Exception as exc:
            if storage_reading(exc) is not None:
                self.unwritten.append(write)
            raise

    def keep_quietly(self, write: Callable[[], object]) -> None:
        """:meth:`keep`, without the refusal going up (the kiosk is already going out of service)."""
        try:
            self.keep(write)
        except Exception as exc:
            if storage_reading(exc) is None:
                raise

    def write_unwritten(self, *, raising: bool = False) -> bool:
        """Make the writes storage refused, in order. True when none is left."""
        while self.unwritten:
            try:
                self.unwritten[0]()
            except Exception as exc:
                if storage_reading(exc) is None:
                    log.error("a kept record could not be written: %s", type(exc).__name__)
                    self.unwritten.pop(0)  # a bug in it: retrying would fail the same way for ever
                    continue
                if raising:
                    raise
                return False
            self.unwritten.pop(0)
        return True

    # -- device work -----------------------------------------------------------------
    def submit(self, part: Part, future: Future[T], on_done: Callable[[T], None]) -> None:
        """Wait for ``future`` (work on ``part``'s thread); :meth:`collect` hands its result to
        ``on_done`` unless the journey has moved on by then."""
        self.pending = Pending(future, on_done, self.epoch, part)

    def collect(self, failed: Callable[[Part, BaseException], None]) -> None:
        """Hand a finished result to the step that asked for it; a raised error goes to ``failed``."""
        pending = self.pending
        if pending is None or not pending.future.done():
            return
        self.pending = None
        if pending.epoch != self.epoch:
            return
        try:
            result = pending.future.result()
        except Exception as exc:  # noqa: BLE001 - a broken adapter is a fault of its device, not a crash
            log.error("%s failed: %s", pending.part, type(exc).__name__)
            failed(pending.part, exc)
            return
        pending.on_done(result)

    # -- time ------------------------------------------------------------------------
    def factor(self, timeout: Timeout) -> float:
        """长辈模式 doubles the citizen's times, not the devices' limits."""
        return 2.0 if self.elderly and timeout.kind is not TimeoutKind.LIMIT else 1.0

    def set_timeout(self, timeout: Timeout | None) -> None:
        self._timeout = timeout
        self.restart_timeout()

    def restart_timeout(self) -> None:
        if self._timeout is None:
            self.deadline = None
            return
        seconds = self._timeout.seconds * self.factor(self._timeout)
        if self._timeout.kind is TimeoutKind.IDLE:
            seconds += IDLE_WARNING * self.factor(self._timeout)
        self.deadline = self.clock.monotonic() + seconds
        self.changed()

    def current_deadline(self) -> Deadline | None:
        if self.deadline is None or self._timeout is None:
            return None
        return Deadline(self.deadline, self._timeout.kind)

    @property
    def paused(self) -> bool:
        """The citizen's timers wait while the help card is open: nobody is timed out while waiting
        for help. A device's limit (kind LIMIT) goes on: a printer that never answers has failed."""
        return self.handover.help is not None and (
            self._timeout is not None and self._timeout.kind is not TimeoutKind.LIMIT
        )

    def idle_countdown(self) -> int | None:
        """Seconds left before an idle reset, once the warning is due; else None."""
        timeout = self._timeout
        if timeout is None or timeout.kind is not TimeoutKind.IDLE or self.deadline is None or self.paused:
            return None
        left = self.deadline - self.clock.monotonic()
        if left > IDLE_WARNING * self.factor(timeout):
            return None
        return max(0, math.ceil(left))

    def tick_in(self, seconds: float) -> None:
        self.next_tick = self.clock.monotonic() + seconds

    def changed(self) -> None:
        self.version += 1

    def close(self) -> None:
        self.docs.close()
        self.face.close()
