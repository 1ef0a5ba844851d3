"""What the kiosk writes down: sessions, audit events, the print journal, ratings, device status.

Every write is its own short transaction, committed before the journey moves
on, so a power cut loses at most the step in progress. Nothing here receives
personal data in clear: callers pass masked IDs and keyed hashes only.
"""

from __future__ import annotations

import enum
import secrets
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.engine import Engine

from kiosk.audit import AuditEvent
from kiosk.documents.base import IssuedDocument
from kiosk.storage.db import make_sessionmaker
from kiosk.storage.models import (
    AuditEventRow,
    DeviceStatusRow,
    IssuedDocumentRow,
    PrintJobRow,
    RatingRow,
    SessionRow,
)

RATING_LABELS = {5: "非常满意", 4: "满意", 3: "基本满意", 2: "不满意", 1: "非常不满意"}
REPRINT_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud at a window


def new_id() -> str:
    return str(uuid.uuid4())


def new_reprint_code() -> str:
    return "".join(secrets.choice(REPRINT_ALPHABET) for _ in range(8))


class PrintJobState(enum.StrEnum):
    """Where a print job is: queued → printing → done | failed. A finished job never changes again."""

    QUEUED = "queued"
    PRINTING = "printing"
    DONE = "done"
    FAILED = "failed"  # cut short by a fault or a restart: it keeps its reprint code


_FOLLOWS: dict[PrintJobState, tuple[PrintJobState, ...]] = {
    PrintJobState.PRINTING: (PrintJobState.QUEUED,),
    PrintJobState.DONE: (PrintJobState.PRINTING,),
    PrintJobState.FAILED: (PrintJobState.QUEUED, PrintJobState.PRINTING),
}
"""The states each state may follow."""

UNFINISHED = (PrintJobState.QUEUED, PrintJobState.PRINTING)

INTERRUPTED = "interrupted"
"""The outcome of a visit a crash or a power cut cut short (``Outcome.INTERRUPTED``)."""


@dataclass(frozen=True, slots=True)
class PrintJobRecord:
    id: str
    session_id: str
    service_id: str
    document_number: str
    pages: int
    copies: int
    state: PrintJobState
    reprint_code: str
    detail: str | None
    created_at: datetime
    updated_at: datetime


class Records:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._session = make_sessionmaker(engine)
        self._last_status: dict[str, str] = {}

    # -- sessions ----------------------------------------------------------------
    def start_session(
        self, session_id: str, service_id: str, at: datetime, *, elderly: bool, language: str
    ) -> None:
        with self._session.begin() as db:
            db.add(
                SessionRow(
                    id=session_id,
                    service_id=service_id,
                    started_at=at,
                    elderly_mode=elderly,
                    language=language,
                )
            )

    def identify_session(self, session_id: str, *, card_type: str, masked_id: str, id_hash: str) -> None:
        with self._session.begin() as db:
            db.execute(
                update(SessionRow)
                .where(SessionRow.id == session_id)
                .values(card_type=card_type, masked_id=masked_id, id_hash=id_hash)
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
            db.execute(
                update(SessionRow)
                .where(SessionRow.id == session_id, SessionRow.outcome.is_(None))
                .values(
                    ended_at=at,
                    outcome=outcome,
                    fault_device=fault_device,
                    elderly_mode=elderly,
                    language=language,
                )
            )

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
        with self._session.begin() as db:
            db.add(
                AuditEventRow(
                    event_id=event_id,
                    session_id=session_id,
                    type=type.value,
                    phase=phase,
                    pairs_with=pairs_with,
                    outcome=outcome,
                    detail=dict(detail or {}),
                    at=at,
                )
            )
        return event_id

    def events(self, session_id: str | None = None) -> list[AuditEventRow]:
        with self._session() as db:
            query = select(AuditEventRow).order_by(AuditEventRow.id)
            if session_id is not None:
                query = query.where(AuditEventRow.session_id == session_id)
            return list(db.scalars(query))

    # -- print journal -------------------------------------------------------------
    def queue_print_job(
        self, session_id: str, service_id: str, document_number: str, pages: int, copies: int, at: datetime
    ) -> PrintJobRecord:
        row = PrintJobRow(
            id=new_id(),
            session_id=session_id,
            service_id=service_id,
            document_number=document_number,
            pages=pages,
            copies=copies,
            state=PrintJobState.QUEUED.value,
            reprint_code=new_reprint_code(),
            created_at=at,
            updated_at=at,
        )
        with self._session.begin() as db:
            db.add(row)
        return _job(row)

    def set_print_job_state(
        self, job_id: str, state: PrintJobState, at: datetime, detail: str | None = None
    ) -> None:
        """queued → printing → done | failed; a finished job never changes again."""
        allowed = [s.value for s in _FOLLOWS[state]]
        with self._session.begin() as db:
            db.execute(
                update(PrintJobRow)
                .where(PrintJobRow.id == job_id, PrintJobRow.state.in_(allowed))
                .values(state=state.value, updated_at=at, detail=detail)
            )

    def print_jobs(self, *, states: tuple[PrintJobState, ...] | None = None) -> list[PrintJobRecord]:
        with self._session() as db:
            query = select(PrintJobRow).order_by(PrintJobRow.created_at)
            if states:
                query = query.where(PrintJobRow.state.in_([s.value for s in states]))
            return [_job(row) for row in db.scalars(query)]

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

    # -- ratings -------------------------------------------------------------------
    def rate(self, session_id: str, level: int, at: datetime) -> None:
        if level not in RATING_LABELS:
            raise ValueError(f"a rating is 1 to 5, not {level}")
        with self._session.begin() as db:
            db.add(RatingRow(session_id=session_id, level=level, label=RATING_LABELS[level], at=at))

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
        self._last_status[device] = status
        return True


def _job(row: PrintJobRow) -> PrintJobRecord:
    return PrintJobRecord(
        id=row.id,
        session_id=row.session_id,
        service_id=row.service_id,
        document_number=row.document_number,
        pages=row.pages,
        copies=row.copies,
        state=PrintJobState(row.state),
        reprint_code=row.reprint_code,
        detail=row.detail,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )
