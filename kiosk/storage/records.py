"""What the kiosk writes down: sessions, audit events, the print journal, ratings, device status.

Every write is its own short transaction, committed before the journey moves
on, so a power cut loses at most the step in progress. Nothing here receives
personal data in clear: callers pass masked IDs and keyed hashes only.

Each write of a record the centre needs (a session's outcome, a rating, a print job's state, a
part's status, an audit event) adds its outbox row in the same transaction
(:mod:`kiosk.storage.outbox`): both are kept or neither.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.engine import Engine

from kiosk.audit import AuditEvent
from kiosk.documents.base import IssuedDocument
from kiosk.parts import Part
from kiosk.print_journal import FOLLOWS, REPRINT_ALPHABET, REPRINT_CODE_LENGTH, UNFINISHED, PrintJobState
from kiosk.ratings import RATING_LABELS
from kiosk.storage import outbox
from kiosk.storage.db import make_sessionmaker
from kiosk.storage.follow_ups import (
    FollowUps,
    IssuedRecord,
    PrintJobRecord,
    ReprintLookup,
    ReprintRefusal,
    job_record,
)
from kiosk.storage.models import (
    AuditEventRow,
    DeviceStatusRow,
    IssuedDocumentRow,
    PrintJobRow,
    SessionRow,
)
from kiosk.wire import (
    AuditPayload,
    DetailValue,
    DeviceStatusPayload,
    PrintJobPayload,
    SessionPayload,
)

__all__ = [
    "RATING_LABELS",
    "UNFINISHED",
    "IssuedRecord",
    "PrintJobRecord",
    "PrintJobState",
    "Records",
    "ReprintLookup",
    "ReprintRefusal",
    "new_id",
    "new_reprint_code",
]

ID_HASH_DAYS = 365
"""How long a session keeps its identity hash: a year of repeat-use counting (``kiosk stats``)."""
ID_HASH_KEPT = timedelta(days=ID_HASH_DAYS)


def new_id() -> str:
    return str(uuid.uuid4())


def new_reprint_code() -> str:
    return "".join(secrets.choice(REPRINT_ALPHABET) for _ in range(REPRINT_CODE_LENGTH))


INTERRUPTED = "interrupted"
"""The outcome of a visit a crash or a power cut cut short (``Outcome.INTERRUPTED``)."""


class Records(FollowUps):
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._session = make_sessionmaker(engine)
        self._last_status: dict[str, str] = {}

    # -- sessions ----------------------------------------------------------------
    def start_session(
        self,
        session_id: str,
        service_id: str,
        at: datetime,
        *,
        elderly: bool,
        language: str,
        reprint_of: str | None = None,
    ) -> None:
        """A visit begins: for ``service_id``, or (``reprint_of``) to reprint that print job's
        missing sheets, the job's service being ``service_id``."""
        with self._session.begin() as db:
            db.add(
                SessionRow(
                    id=session_id,
                    service_id=service_id,
                    started_at=at,
                    elderly_mode=elderly,
                    language=language,
                    reprint_of=reprint_of,
                )
            )

    def identify_session(
        self, session_id: str, *, card_type: str, id_hash: str, masked_id: str | None = None
    ) -> None:
        """The card's kind and the holder's identity hash; hashes past :data:`ID_HASH_DAYS` are cleared.

        ``masked_id`` is taken and dropped: no part of the number is kept (docs/operations.md).
        """
        del masked_id
        with self._session.begin() as db:
            started = db.scalar(select(SessionRow.started_at).where(SessionRow.id == session_id))
            db.execute(
                update(SessionRow)
                .where(SessionRow.id == session_id)
                .values(card_type=card_type, id_hash=id_hash)
            )
            if started is not None:
                db.execute(
                    update(SessionRow)
                    .where(SessionRow.started_at < started - ID_HASH_KEPT, SessionRow.id_hash.is_not(None))
                    .values(id_hash=None)
                )

    def end_session(
        self,
        session_id: str,
        at: datetime,
        outcome: str,
        *,
        fault_device: str | None,
        elderly: bool,
        language: str,
    ) -> None:
        with self._session.begin() as db:
            ended = db.execute(
                update(SessionRow)
                .where(SessionRow.id == session_id, SessionRow.outcome.is_(None))
                .values(
                    ended_at=at,
                    outcome=outcome,
                    fault_device=fault_device,
                    elderly_mode=elderly,
                    language=language,
                )
                .returning(
                    SessionRow.service_id, SessionRow.started_at, SessionRow.card_type, SessionRow.id_hash
                )
            ).first()
            if ended is None:
                return  # ended before: its outcome was sent then
            service_id, started_at, card_type, id_hash = ended
            payload = SessionPayload(
                session_id=session_id,
                service_id=service_id,
                started_at=started_at,
                ended_at=at,
                outcome=outcome,
                fault_part=Part(fault_device) if fault_device else None,
                elderly=elderly,
                language=language,
                card_type=card_type,
                id_hash=id_hash,
            )
            outbox.append(db, payload, at)

    def close_interrupted_sessions(self) -> list[str]:
        """At start: the visits a crash or a power cut left open are closed as ``interrupted`` — at
        their last recorded moment, so their length stays true — and their ids returned. They are
        no longer counted as in progress."""
        last_event = (
            select(func.max(AuditEventRow.at))
            .where(AuditEventRow.session_id == SessionRow.id)
            .scalar_subquery()
        )
        with self._session.begin() as db:
            open_ids = list(db.scalars(select(SessionRow.id).where(SessionRow.outcome.is_(None))))
            if open_ids:
                db.execute(
                    update(SessionRow)
                    .where(SessionRow.id.in_(open_ids), SessionRow.outcome.is_(None))
                    .values(outcome=INTERRUPTED, ended_at=func.coalesce(last_event, SessionRow.started_at))
                )
        return open_ids

    def newest_visit(self) -> datetime | None:
        """When the newest visit began: a moment the kiosk's clock was trusted (a visit begins only
        then), so a clock far from it is not to be believed."""
        with self._session() as db:
            newest: datetime | None = db.scalar(select(func.max(SessionRow.started_at)))
            return newest

    def session(self, session_id: str) -> SessionRow | None:
        with self._session() as db:
            return db.get(SessionRow, session_id)

    def outcomes_since(self, since: datetime) -> list[tuple[str, int]]:
        """How the sessions started since ``since`` ended, most common first (``in_progress``: not yet)."""
        outcome = func.coalesce(SessionRow.outcome, "in_progress")
        query = (
            select(outcome, func.count())
            .where(SessionRow.started_at >= since)
            .group_by(outcome)
            .order_by(func.count().desc(), outcome)
        )
        with self._session() as db:
            return [(str(name), int(count)) for name, count in db.execute(query)]

    # -- audit ---------------------------------------------------------------------
    def recent_outcomes(self, type: AuditEvent, since: datetime) -> list[tuple[datetime, str]]:
        """(when, outcome) of the events of ``type`` since ``since``, oldest first."""
        query = (
            select(AuditEventRow.at, AuditEventRow.outcome)
            .where(AuditEventRow.type == type.value, AuditEventRow.at >= since)
            .order_by(AuditEventRow.at, AuditEventRow.id)
        )
        with self._session() as db:
            return [(at, outcome or "") for at, outcome in db.execute(query)]

    def event(
        self,
        type: AuditEvent,
        at: datetime,
        *,
        session_id: str | None = None,
        outcome: str | None = None,
        detail: Mapping[str, Any] | None = None,
    ) -> str:
        """A single event (phase 'once'). Returns its stable event id."""
        return self._event(type, "once", at, session_id, None, outcome, detail)

    def begin(
        self,
        type: AuditEvent,
        at: datetime,
        *,
        session_id: str | None = None,
        detail: Mapping[str, Any] | None = None,
    ) -> str:
        """The start of a paired event; pass the returned id to :meth:`finish`."""
        return self._event(type, "start", at, session_id, None, None, detail)

    def finish(
        self,
        start_id: str,
        type: AuditEvent,
        at: datetime,
        outcome: str,
        *,
        session_id: str | None = None,
        detail: Mapping[str, Any] | None = None,
    ) -> str:
        return self._event(type, "finish", at, session_id, start_id, outcome, detail)

    def _event(
        self,
        type: AuditEvent,
        phase: str,
        at: datetime,
        session_id: str | None,
        pairs_with: str | None,
        outcome: str | None,
        detail: Mapping[str, Any] | None,
    ) -> str:
        event_id = new_id()
        details = dict(detail or {})
        with self._session.begin() as db:
            db.add(
                AuditEventRow(
                    event_id=event_id,
                    session_id=session_id,
                    type=type.value,
                    phase=phase,
                    pairs_with=pairs_with,
                    outcome=outcome,
                    detail=details,
                    at=at,
                )
            )
            payload = AuditPayload(
                event_id=event_id,
                type=type,
                phase=phase,  # type: ignore[arg-type]  # one of the three, from the methods above
                session_id=session_id,
                pairs_with=pairs_with,
                outcome=outcome,
                detail={str(k): _detail_value(v) for k, v in details.items()},
            )
            outbox.append(db, payload, at)
        return event_id

    def events(self, session_id: str | None = None) -> list[AuditEventRow]:
        with self._session() as db:
            query = select(AuditEventRow).order_by(AuditEventRow.id)
            if session_id is not None:
                query = query.where(AuditEventRow.session_id == session_id)
            return list(db.scalars(query))

    # -- print journal -------------------------------------------------------------
    def queue_print_job(
        self,
        session_id: str,
        service_id: str,
        document_number: str,
        pages: int,
        copies: int,
        at: datetime,
        *,
        first_sheet: int = 0,
    ) -> PrintJobRecord:
        """A job journaled before it is sent, with its own reprint code. ``pages`` and ``copies`` are
        the document's; a reprint's job starts at ``first_sheet`` of them (the sheets before it came
        out earlier), and the sheets it prints are the rest."""
        row = PrintJobRow(
            id=new_id(),
            session_id=session_id,
            service_id=service_id,
            document_number=document_number,
            pages=pages,
            copies=copies,
            state=PrintJobState.QUEUED.value,
            reprint_code=new_reprint_code(),
            first_sheet=first_sheet,
            created_at=at,
            updated_at=at,
        )
        with self._session.begin() as db:
            db.add(row)
            outbox.append(db, _job_payload(row), at)
        return job_record(row)

    def set_print_job_state(
        self,
        job_id: str,
        state: PrintJobState,
        at: datetime,
        detail: str | None = None,
        *,
        sheets_printed: int | None = None,
    ) -> None:
        """queued → printing → done | failed; a finished job never changes again. A failed job keeps
        how many sheets came out, when the printer said: a reprint prints only the rest."""
        allowed = [s.value for s in FOLLOWS[state]]
        with self._session.begin() as db:
            moved = db.scalars(
                update(PrintJobRow)
                .where(PrintJobRow.id == job_id, PrintJobRow.state.in_(allowed))
                .values(state=state.value, updated_at=at, detail=detail, sheets_printed=sheets_printed)
                .returning(PrintJobRow)
            ).first()
            if moved is not None:
                outbox.append(db, _job_payload(moved), at)

    def print_jobs(self, *, states: tuple[PrintJobState, ...] | None = None) -> list[PrintJobRecord]:
        with self._session() as db:
            query = select(PrintJobRow).order_by(PrintJobRow.created_at)
            if states:
                query = query.where(PrintJobRow.state.in_([s.value for s in states]))
            return [job_record(row) for row in db.scalars(query)]

    def fail_interrupted_jobs(self, at: datetime) -> list[PrintJobRecord]:
        """After a restart: jobs left queued or printing were cut short.

        They are marked failed and keep their reprint codes."""
        cut = self.print_jobs(states=UNFINISHED)
        for job in cut:
            self.set_print_job_state(job.id, PrintJobState.FAILED, at, "cut short by a power loss or restart")
        return cut

    # -- issued documents ---------------------------------------------------------------
    def issued_document(self, document: IssuedDocument, session_id: str | None) -> None:
        """Record an issued document: number, kind, the hash its QR code signs, pages, time.

        Never its content: the hash is of the canonical data, and reveals nothing on its own.
        """
        at = document.issued_at
        with self._session.begin() as db:
            db.add(
                IssuedDocumentRow(
                    number=document.number,
                    kind=document.kind.value,
                    sha256=document.sha256,
                    pages=document.pages,
                    session_id=session_id,
                    issued_at=at.astimezone().replace(tzinfo=None) if at.tzinfo else at,
                )
            )

    # -- device status -------------------------------------------------------------
    def device_status(self, device: str, status: str, at: datetime, detail: str | None = None) -> bool:
        """Write the status if it changed since the last one written. True when written."""
        if device not in self._last_status:
            with self._session() as db:
                last = db.scalars(
                    select(DeviceStatusRow.status)
                    .where(DeviceStatusRow.device == device)
                    .order_by(DeviceStatusRow.id.desc())
                    .limit(1)
                ).first()
            if last is not None:
                self._last_status[device] = last
        if self._last_status.get(device) == status:
            return False
        with self._session.begin() as db:
            db.add(DeviceStatusRow(device=device, status=status, detail=detail, at=at))
            outbox.append(
                db, DeviceStatusPayload(part=Part(device), status=status, detail=_sentence(detail)), at
            )
        self._last_status[device] = status
        return True


def _job_payload(row: PrintJobRow) -> PrintJobPayload:
    return PrintJobPayload(
        job_id=row.id,
        session_id=row.session_id,
        service_id=row.service_id,
        state=PrintJobState(row.state),
        pages=row.pages,
        copies=row.copies,
        reprint_code=row.reprint_code,
        detail=_sentence(row.detail),
    )


def _detail_value(value: Any) -> DetailValue:
    """An audit detail as the wire carries it: a word or a number; anything else as short text."""
    if value is None or isinstance(value, bool | int | float):
        return value
    return str(value)[:120]


def _sentence(text: str | None) -> str | None:
    """A part's or a job's own words, cut to what the wire carries."""
    return None if text is None else text.replace("\x00", "")[:300]
