"""Identify: the citizen places the card; it is read, checked and refused or accepted. A 补打
visit takes only the card of the visit that printed the document (its keyed hash the same).

The reader is asked in slices (``CARD_READ_SLICE``), so leaving the screen frees it promptly. While
a card is being read the screen says so (never what it says), and the idle countdown waits.
"""

from __future__ import annotations

import hmac
import threading
from dataclasses import dataclass, field
from datetime import date

from devices.id_reader.base import CardType, IdentityRecord, IdReader, ReaderStatus, ReadFailure
from kiosk.audit import AuditEvent
from kiosk.identity import ELDERLY_AGE, age_on, birth_date_of, card_problems
from kiosk.journey.context import StepContext
from kiosk.journey.states import JourneyState, Notice, NoticeReason, Outcome, Timeout, TimeoutKind
from kiosk.journey.steps.base import Step
from kiosk.journey.steps.route import after_identity
from kiosk.journey.view import IdentifyHint, IdentifyView
from kiosk.parts import Part

IDENTIFY = Timeout(45.0, TimeoutKind.IDLE)
"""Finding the card in a bag and placing it."""

CARD_READ_SLICE = 1.0
"""Each read waits this long for a card, so leaving the screen stops the reader promptly."""

CARD_READ_RETRIES = 3
"""A card that cannot be read is tried this many times before the notice."""

CARD_PRESENCE_POLL = 0.5
"""How often to ask whether a refused card has left the reader."""


@dataclass(frozen=True, slots=True)
class CardRead:
    """What one read gave: the card (or why not), and the card's repeat-use hash."""

    result: IdentityRecord | ReadFailure
    id_hash: str | None = field(default=None, repr=False)


class IdentifyStep(Step):
    state = JourneyState.IDENTIFY
    timeout = IDENTIFY

    def __init__(self, context: StepContext) -> None:
        super().__init__(context)
        self.hint: IdentifyHint | None = None
        self.read_failures = 0
        # Set by the reader's worker thread (on_card) when the read under way found a card; one Event
        # per read, so a read abandoned when the journey moved on cannot mark a later one.
        self._card_seen: threading.Event | None = None
        self.card_reading = False

    def enter(self) -> None:
        self.context.set_timeout(self.timeout)
        self._read_card()

    def view(self) -> IdentifyView:
        return IdentifyView(self.hint, self.card_reading)

    def cancel(self) -> None:
        self.context.cancel_session()

    def expire(self) -> None:
        self.context.time_out()

    def tick(self) -> None:
        if self.context.pending is None:
            self._read_when_card_taken()

    def poll(self) -> bool:
        """The reader's worker said a card is there and reading it began (IdReader.read's on_card)."""
        seen = self._card_seen
        if seen is None or self.card_reading or not seen.is_set():
            return False
        self.card_reading = True
        # Placing the card is the citizen acting: no idle countdown over a card being read.
        self.context.restart_timeout()
        return True

    # -- reading -------------------------------------------------------------------------
    def _read_card(self) -> None:
        seen = threading.Event()
        self._card_seen = seen

        hasher = self.context.parts.hasher

        def read(device: IdReader) -> CardRead:
            result = device.read(CARD_READ_SLICE, seen.set)
            # The repeat-use hash is memory-hard (≈ 0.2 s): made here, on the reader's thread, never
            # on the thread that drives the journey and paints the screens.
            id_hash = hasher.hash(result.id_number) if isinstance(result, IdentityRecord) else None
            return CardRead(result, id_hash)

        self.context.submit(Part.ID_READER, self.context.devices.id_reader.submit(read), self._card_read)

    def _card_read(self, read: CardRead) -> None:
        context = self.context
        result = read.result
        if self.card_reading:
            self.card_reading = False
            context.changed()
        self._card_seen = None
        if isinstance(result, ReadFailure):
            self._read_failed(result)
            return
        session = context.session
        assert session is not None
        context.handover.card_read = True  # it lies on the reader: the visit ends with the take-card check
        if session.service.identity == "resident_id" and result.card_type is CardType.SOCIAL_SECURITY:
            self._hint(IdentifyHint.WRONG_CARD, "wrong_card")
            self._read_when_card_taken()
            return
        assert read.id_hash is not None  # made with every card read
        reprint = session.reprint
        if reprint is not None and not hmac.compare_digest(read.id_hash, reprint.id_hash):
            # 补打 prints for the holder of the card the document was printed for, and says no more
            # of another card than that it is not that one.
            self._hint(IdentifyHint.OTHER_CARD, "other_card")
            self._read_when_card_taken()
            return
        today = context.clock.now().date()
        problems = card_problems(result, today)
        context.parts.records.identify_session(
            session.id,
            card_type=result.card_type.value,
            id_hash=read.id_hash,
        )
        if problems:
            context.ledger.event(AuditEvent.CARD_READ, outcome="refused", detail={"problems": problems})
            context.explain(Notice(NoticeReason.CARD_REFUSED, card_problem=problems[0]), Outcome.REFUSED_CARD)
            return
        context.ledger.event(AuditEvent.CARD_READ, outcome="ok", detail={"card_type": result.card_type.value})
        session.record = result
        self.hint = None
        if not context.elderly and _holder_age(result, today) >= ELDERLY_AGE:
            context.move("offer_elderly", JourneyState.ELDERLY_OFFER)
            return
        after_identity(context)

    def _read_failed(self, failure: ReadFailure) -> None:
        context = self.context
        if failure.status is ReaderStatus.NO_CARD:
            if failure.card_pulled:
                self._hint(IdentifyHint.CARD_PULLED, "card_pulled")
            self._read_card()  # keep waiting for a card
            return
        if failure.status is ReaderStatus.CARD_ERROR:
            self.read_failures += 1
            if self.read_failures < CARD_READ_RETRIES:
                self._hint(IdentifyHint.CARD_UNREADABLE, "card_error")
                self._read_card()
                return
            context.ledger.event(AuditEvent.CARD_READ, outcome="card_error")
            context.explain(Notice(NoticeReason.CARD_UNREADABLE), Outcome.REFUSED_CARD)
            return
        context.ledger.event(AuditEvent.CARD_READ, outcome=failure.status.value)
        context.explain(
            Notice(NoticeReason.DEVICE_FAULT, Part.ID_READER, failure.status),
            Outcome.DEVICE_FAULT,
            Part.ID_READER,
        )

    def _hint(self, hint: IdentifyHint, outcome: str) -> None:
        self.hint = hint
        self.context.ledger.event(AuditEvent.CARD_READ, outcome=outcome)
        self.context.changed()

    def _read_when_card_taken(self) -> None:
        """Read again once the refused card has left the reader. Read at once, a card left lying there
        would be read again and again: an audit event per read, and the screen (and the voice, in
        长辈模式) switching between "reading" and the hint. A reader that cannot sense the card reads
        at once: GA/T 467 does not find a card it has read until it is placed again."""
        reader = self.context.devices.id_reader
        future = reader.submit(lambda device: device.card_present() if device.senses_presence else None)
        self.context.submit(Part.ID_READER, future, self._refused_card_checked)

    def _refused_card_checked(self, present: bool | None) -> None:
        if present:
            self.context.tick_in(CARD_PRESENCE_POLL)
            return
        self._read_card()


def _holder_age(record: IdentityRecord, today: date) -> int:
    birth = record.birth_date or birth_date_of(record.id_number)
    return age_on(birth, today) if birth else 0
