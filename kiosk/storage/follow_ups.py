"""The records of what follows a visit: 好差评 with its call-back number (sealed, and only until the
follow-up), and reprint codes used at the kiosk. A part of :class:`kiosk.storage.records.Records`,
apart so neither file grows past what a reader holds in mind."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from kiosk.print_journal import PrintJobState, typed_code
from kiosk.ratings import RATING_LABELS, RatingReason
from kiosk.storage import outbox
from kiosk.storage.models import (
    CallbackContactRow,
    IssuedDocumentRow,
    PrintJobRow,
    RatingRow,
    ReprintRow,
    SessionRow,
)
from kiosk.wire import RatingPayload


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
    sheets_printed: int | None = None  # of a job cut short, when the printer said
    first_sheet: int = 0  # a reprint's job starts after the sheets that came out before it

    @property
    def sheets(self) -> int:
        """Every sheet of the document: its pages times its copies."""
        return self.pages * self.copies

    @property
    def sheets_out(self) -> int:
        """The document's sheets known to have come out, counted from its first: what this job's
        printer said, else (not known) those before the job, never more than the job has."""
        out = self.first_sheet if self.sheets_printed is None else self.sheets_printed
        return min(max(out, 0), self.sheets)


class ReprintRefusal(enum.StrEnum):
    """Why a reprint code typed at the kiosk is refused: each has its polite sentence."""

    UNKNOWN = "unknown"  # no job has this code (a typing slip, most likely)
    USED = "used"  # it was used already: each code works once
    EXPIRED = "expired"  # older than ``[reprint] valid_days``
    NOTHING_LEFT = "nothing_left"  # the job came out whole: there is nothing to reprint


@dataclass(frozen=True, slots=True)
class IssuedRecord:
    """What the kiosk wrote down of a document it issued: enough to make the same one again and
    know it is the same (the hash of its canonical data), never its content."""

    number: str
    kind: str
    sha256: str
    pages: int
    issued_at: datetime


@dataclass(frozen=True, slots=True)
class ReprintLookup:
    """A code that may be used: its job, the document it printed, and what the card holder must
    show again."""

    job: PrintJobRecord
    id_hash: str | None = field(repr=False)  # the original visit's identity hash: the same card
    issued: IssuedRecord | None = None  # None: the document's record is gone (pruned)


class FollowUps:
    """Ratings, call-back numbers and reprint codes (mixed into ``Records``)."""

    _session: sessionmaker[Session]  # Records' own

    # -- ratings -------------------------------------------------------------------
    def rate(
        self,
        session_id: str,
        level: int,
        at: datetime,
        reasons: Sequence[RatingReason] = (),
        *,
        reasons_version: str | None = None,
        item_code: str | None = None,
        kiosk_id: str | None = None,
        contact: str | None = None,
        contact_kept: timedelta = timedelta(days=30),
    ) -> None:
        """好差评: the level (5 非常满意 … 1 非常不满意), for a poor one why, and what a provincial
        好差评 system files it under. ``contact`` is a call-back number already sealed
        (:class:`kiosk.contact_seal.ContactSeal`): kept for the follow-up until ``contact_kept``
        has passed, and sent in the rating, sealed. Never the digits."""
        if level not in RATING_LABELS:
            raise ValueError(f"a rating is 1 to 5, not {level}")
        why = tuple(dict.fromkeys(RatingReason(r) for r in reasons))
        with self._session.begin() as db:
            db.add(
                RatingRow(
                    session_id=session_id,
                    level=level,
                    label=RATING_LABELS[level],
                    reasons=[r.value for r in why],
                    at=at,
                    service_item_code=item_code,
                    kiosk_id=kiosk_id,
                    reasons_version=reasons_version,
                    with_contact=contact is not None,
                )
            )
            if contact is not None:
                db.add(
                    CallbackContactRow(
                        session_id=session_id, token=contact, created_at=at, delete_after=at + contact_kept
                    )
                )
            visit = db.execute(
                select(
                    SessionRow.service_id, SessionRow.started_at, SessionRow.ended_at, SessionRow.outcome
                ).where(SessionRow.id == session_id)
            ).first()
            service_id, started_at, ended_at, outcome = (
                visit if visit is not None else (None, None, None, None)
            )
            payload = RatingPayload(
                session_id=session_id,
                service_id=service_id or "unknown",
                level=level,
                reasons=why,
                service_item_code=item_code,
                kiosk_id=kiosk_id,
                outcome=outcome,
                started_at=started_at,
                ended_at=ended_at,
                rated_at=at,
                reasons_version=reasons_version,
                with_contact=contact is not None,
                contact=contact,
            )
            outbox.append(db, payload, at)
            self._forget_old_contacts(db, at)

    def rating(self, session_id: str) -> RatingRow | None:
        with self._session() as db:
            return db.scalar(select(RatingRow).where(RatingRow.session_id == session_id))

    def callback_contacts(self) -> list[CallbackContactRow]:
        """The sealed numbers still waiting for their follow-up, oldest first."""
        with self._session() as db:
            return list(db.scalars(select(CallbackContactRow).order_by(CallbackContactRow.created_at)))

    def close_callback(self, session_id: str) -> bool:
        """The follow-up of ``session_id``'s rating is closed: its number goes. True if there was one."""
        with self._session.begin() as db:
            gone = db.execute(delete(CallbackContactRow).where(CallbackContactRow.session_id == session_id))
            return bool(getattr(gone, "rowcount", 0))

    def forget_old_contacts(self, now: datetime) -> int:
        """Delete the numbers past their ``delete_after`` (at start, and with every rating)."""
        with self._session.begin() as db:
            return self._forget_old_contacts(db, now)

    @staticmethod
    def _forget_old_contacts(db: Session, now: datetime) -> int:
        gone = db.execute(delete(CallbackContactRow).where(CallbackContactRow.delete_after <= now))
        return int(getattr(gone, "rowcount", 0) or 0)

    # -- reprint codes -----------------------------------------------------------------
    def find_reprint(self, code: str, now: datetime, valid_for: timedelta) -> ReprintLookup | ReprintRefusal:
        """The job a reprint code names, if it may be used now; else why not."""
        with self._session() as db:
            row = db.scalar(select(PrintJobRow).where(PrintJobRow.reprint_code == typed_code(code)))
            if row is None:
                return ReprintRefusal.UNKNOWN
            if db.get(ReprintRow, row.reprint_code) is not None:
                return ReprintRefusal.USED
            job = job_record(row)
            # Only a job cut short leaves pages to print: one done came out whole, and one still
            # queued or printing is a visit under way (or settled at the next start).
            if job.state is not PrintJobState.FAILED or job.sheets_out >= job.sheets:
                return ReprintRefusal.NOTHING_LEFT
            if now - row.created_at > valid_for:
                return ReprintRefusal.EXPIRED
            id_hash = db.scalar(select(SessionRow.id_hash).where(SessionRow.id == row.session_id))
            document = db.get(IssuedDocumentRow, row.document_number)
            issued = (
                None
                if document is None
                else IssuedRecord(
                    document.number, document.kind, document.sha256, document.pages, document.issued_at
                )
            )
            return ReprintLookup(job, id_hash, issued)

    def use_reprint(self, code: str, job_id: str, session_id: str, at: datetime) -> bool:
        """Spend a code for ``session_id``'s reprint. False when it was spent already (it works once)."""
        try:
            with self._session.begin() as db:
                db.add(ReprintRow(reprint_code=code, job_id=job_id, session_id=session_id, used_at=at))
        except IntegrityError:
            return False
        return True


def job_record(row: PrintJobRow) -> PrintJobRecord:
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
        sheets_printed=row.sheets_printed,
        first_sheet=row.first_sheet or 0,
    )
