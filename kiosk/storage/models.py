"""The kiosk's own records: sessions, audit events, print jobs, ratings, device status.

The registry tables (the offline replica of the certificate library) live in
:mod:`kiosk.registry.models` on the same :class:`~kiosk.storage.db.Base`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, CheckConstraint, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kiosk.storage.db import Base


class SessionRow(Base):
    """One citizen's visit, from choosing a service to the wipe."""

    __tablename__ = "sessions"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    service_id: Mapped[str] = mapped_column(String(32), index=True)
    started_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime)
    outcome: Mapped[str | None] = mapped_column(String(32), index=True)
    fault_device: Mapped[str | None] = mapped_column(String(32))
    elderly_mode: Mapped[bool] = mapped_column(Boolean, default=False)
    language: Mapped[str] = mapped_column(String(8))
    card_type: Mapped[str | None] = mapped_column(String(32))
    id_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    """The short, keyed, memory-hard hash that counts repeat use (kiosk.identity.IdentityHasher);
    kept for :data:`kiosk.storage.records.ID_HASH_DAYS`. No part of the number is kept."""
    reprint_of: Mapped[str | None] = mapped_column(String(36))
    """The print job this visit reprints (0006), from its reprint code; None: a visit for a service.
    No foreign key: the job's own visit may be pruned before this one."""


class AuditEventRow(Base):
    """What happened, with no personal data: a stable id, a type, start/finish pairing."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(String(36), unique=True)
    session_id: Mapped[str | None] = mapped_column(ForeignKey("sessions.id"), index=True)
    type: Mapped[str] = mapped_column(String(48), index=True)
    phase: Mapped[str] = mapped_column(String(8))  # start, finish or once
    pairs_with: Mapped[str | None] = mapped_column(String(36))  # a finish names its start
    outcome: Mapped[str | None] = mapped_column(String(32))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)

    __table_args__ = (CheckConstraint("phase in ('start', 'finish', 'once')", name="phase"),)


class PrintJobRow(Base):
    """The print journal: each job printed at most once, and a cut-short job stays visible."""

    __tablename__ = "print_jobs"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id"), index=True)
    service_id: Mapped[str] = mapped_column(String(32))
    document_number: Mapped[str] = mapped_column(String(40))
    pages: Mapped[int] = mapped_column(Integer)
    copies: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(16), index=True)  # queued, printing, done, failed
    reprint_code: Mapped[str] = mapped_column(String(12), unique=True)
    detail: Mapped[str | None] = mapped_column(Text)
    sheets_printed: Mapped[int | None] = mapped_column(Integer)  # of a job cut short, when known (0005)
    first_sheet: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    """Where in the document's sheets (pages × copies) the job starts: a reprint starts after the
    sheets that came out before (0006). ``sheets_printed`` counts from the document's first sheet."""
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)

    __table_args__ = (
        CheckConstraint("state in ('queued', 'printing', 'done', 'failed')", name="state"),
        CheckConstraint("copies >= 1", name="copies"),
    )


class RatingRow(Base):
    __tablename__ = "ratings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id"), unique=True)
    level: Mapped[int] = mapped_column(Integer)  # 5 非常满意 … 1 非常不满意
    label: Mapped[str] = mapped_column(String(8))
    reasons: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")  # RatingReason values
    at: Mapped[datetime] = mapped_column(DateTime)
    # What a provincial 好差评 system files it under (revision 0005)
    service_item_code: Mapped[str | None] = mapped_column(String(64))
    kiosk_id: Mapped[str | None] = mapped_column(String(32))
    reasons_version: Mapped[str | None] = mapped_column(String(16))
    with_contact: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")

    __table_args__ = (CheckConstraint("level between 1 and 5", name="level"),)


class CallbackContactRow(Base):
    """A call-back number left with a poor rating, encrypted (kiosk.contact_seal): kept only for the
    follow-up, deleted when it closes or at ``delete_after`` (``[rating] contact_days``)."""

    __tablename__ = "callback_contacts"

    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id"), primary_key=True)
    token: Mapped[str] = mapped_column(Text)  # the sealed number: never the digits
    created_at: Mapped[datetime] = mapped_column(DateTime)
    delete_after: Mapped[datetime] = mapped_column(DateTime, index=True)


class ReprintRow(Base):
    """A reprint code used at the kiosk: each code works once (revision 0005)."""

    __tablename__ = "reprints"

    reprint_code: Mapped[str] = mapped_column(String(12), primary_key=True)
    job_id: Mapped[str] = mapped_column(ForeignKey("print_jobs.id"), unique=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id"))  # the visit that used it
    used_at: Mapped[datetime] = mapped_column(DateTime)


class DeviceStatusRow(Base):
    """A device's status, written only when it changes."""

    __tablename__ = "device_status_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    device: Mapped[str] = mapped_column(String(32), index=True)
    status: Mapped[str] = mapped_column(String(32))
    detail: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)


class IssuedDocumentRow(Base):
    """Every document the kiosk issued: number, type, hash, time, session. Never its content."""

    __tablename__ = "issued_documents"

    number: Mapped[str] = mapped_column(String(40), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    sha256: Mapped[str] = mapped_column(String(64))
    pages: Mapped[int] = mapped_column(Integer)
    session_id: Mapped[str | None] = mapped_column(ForeignKey("sessions.id"), index=True)
    issued_at: Mapped[datetime] = mapped_column(DateTime, index=True)
