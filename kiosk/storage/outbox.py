"""The outbox: every record the centre needs, numbered, in the same transaction as the record.

A record and its outbox row commit together or not at all, so the centre can never hear of a
session the kiosk lost, nor miss one it kept. Each row gets the next number of a per-kiosk
sequence with no gaps: the counter is a row of ``outbox_state`` that the writing transaction
updates first, so a transaction that rolls back takes its number with it (a database sequence
would not), and two writers — the touchscreen app and the shipper's heartbeat — queue on it.

The shipper (:mod:`kiosk.sync`) reads past the acknowledged number, sends, and records what the
centre acknowledged; rows stay for ``keep_acknowledged_days`` after that, then are pruned.
"""

from __future__ import annotations

import dataclasses
import enum
import json
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import DateTime, Integer, String, Text, delete, func, insert, select, text, update
from sqlalchemy.engine import Connection, CursorResult, Engine
from sqlalchemy.orm import Mapped, Session, mapped_column

from kiosk.storage.db import Base
from kiosk.wire import SCHEMA_VERSION, Payload, RecordKind

BOOT_ID = Path("/proc/sys/kernel/random/boot_id")


class OutboxRow(Base):
    __tablename__ = "outbox"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    uuid: Mapped[str] = mapped_column(String(36))
    kind: Mapped[str] = mapped_column(String(16))
    schema: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(DateTime)
    boot_id: Mapped[str] = mapped_column(String(36))
    payload: Mapped[str] = mapped_column(Text)  # the wire payload as JSON
    acked_at: Mapped[datetime | None] = mapped_column(DateTime)  # when the centre acknowledged it


class OutboxStateRow(Base):
    """One row (id 1): the sequence counter, the acknowledgement, the shipper's last attempt."""

    __tablename__ = "outbox_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_seq: Mapped[int] = mapped_column(Integer)
    acked_seq: Mapped[int] = mapped_column(Integer)
    acked_at: Mapped[datetime | None] = mapped_column(DateTime)
    pruned_through: Mapped[int] = mapped_column(Integer)  # pruned before they were ever acknowledged
    attempt_at: Mapped[datetime | None] = mapped_column(DateTime)
    error: Mapped[str | None] = mapped_column(Text)  # the last attempt's failure; None: it went through


_INSERT = insert(OutboxRow).execution_options(synchronize_session=False)


@cache
def boot_id() -> str:
    """This boot's id (the kernel's), so the centre can tell a restart from a gap in the records.
    Without /proc (not Linux): one random id per process, which is at least as fine-grained."""
    try:
        return str(uuid.UUID(BOOT_ID.read_text().strip()))
    except (OSError, ValueError):
        return str(uuid.uuid4())


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dict):
        return {_plain(k): _plain(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def encode(payload: Payload) -> str:
    """The payload as the JSON the centre reads (enums by value, times in ISO 8601)."""
    return json.dumps(_plain(payload), ensure_ascii=False, separators=(",", ":"))


def append(db: Session, payload: Payload, at: datetime) -> int:
    """Add ``payload`` to the outbox inside the caller's transaction; returns its sequence number."""
    # The UPDATE comes first: it takes the write lock at once, so the number is this
    # transaction's until it commits (or goes back with it).
    seq = db.execute(
        update(OutboxStateRow)
        .where(OutboxStateRow.id == 1)
        .values(last_seq=OutboxStateRow.last_seq + 1)
        .returning(OutboxStateRow.last_seq)
    ).scalar_one()
    # a Core insert, not the ORM's unit of work: this runs inside every record's write
    db.execute(
        _INSERT,
        {
            "seq": seq,
            "uuid": str(uuid.uuid4()),
            "kind": RecordKind(payload.kind).value,
            "schema": SCHEMA_VERSION,
            "at": at,
            "boot_id": boot_id(),
            "payload": encode(payload),
        },
    )
    return int(seq)


@dataclass(frozen=True, slots=True)
class OutboxStatus:
    last_seq: int  # the newest row written
    acked_seq: int  # the centre holds every row up to here
    acked_at: datetime | None
    pruned_through: int
    oldest_unacked_at: datetime | None  # the lag: how old the oldest row still to send is
    attempt_at: datetime | None
    error: str | None

    @property
    def backlog(self) -> int:
        return self.last_seq - max(self.acked_seq, self.pruned_through)


def status(engine: Engine) -> OutboxStatus:
    with Session(engine) as db:
        state = db.get_one(OutboxStateRow, 1)
        floor = max(state.acked_seq, state.pruned_through)
        oldest = db.scalar(select(OutboxRow.at).where(OutboxRow.seq == floor + 1))
        return OutboxStatus(
            state.last_seq,
            state.acked_seq,
            state.acked_at,
            state.pruned_through,
            oldest,
            state.attempt_at,
            state.error,
        )


@dataclass(frozen=True, slots=True)
class Pending:
    """Rows to send, as the wire's ``Row`` fields with the payload still JSON text."""

    pruned_through: int
    rows: list[OutboxRow]


def pending(engine: Engine, limit: int, *, after: int | None = None) -> Pending:
    """Up to ``limit`` rows past the acknowledgement (or past ``after``), oldest first."""
    with Session(engine) as db:
        state = db.get_one(OutboxStateRow, 1)
        start = max(state.acked_seq if after is None else after, state.pruned_through)
        rows = db.scalars(select(OutboxRow).where(OutboxRow.seq > start).order_by(OutboxRow.seq).limit(limit))
        return Pending(state.pruned_through, list(rows))


def acknowledge(engine: Engine, through: int, at: datetime) -> None:
    """The centre holds every row up to ``through``: remember it, and start their retention."""
    with Session(engine) as db, db.begin():
        db.execute(
            update(OutboxStateRow)
            .where(OutboxStateRow.id == 1)
            .values(acked_seq=through, acked_at=at, attempt_at=at, error=None)
        )
        db.execute(
            update(OutboxRow)
            .where(OutboxRow.seq <= through, OutboxRow.acked_at.is_(None))
            .values(acked_at=at)
        )


def unacknowledged_since(connection: Connection) -> datetime | None:
    """The time of the oldest row the centre has not acknowledged (None: it holds them all). With
    sync on, retention keeps the kiosk's own records from then on (:data:`kiosk.storage.retention.Hold`)."""
    return connection.scalar(select(func.min(OutboxRow.at)).where(OutboxRow.acked_at.is_(None)))


def attempt_failed(engine: Engine, at: datetime, error: str) -> None:
    with Session(engine) as db, db.begin():
        db.execute(update(OutboxStateRow).where(OutboxStateRow.id == 1).values(attempt_at=at, error=error))


def prune(
    engine: Engine, now: datetime, *, keep_acknowledged_days: float, keep_unsent_days: float | None
) -> int:
    """Delete rows acknowledged more than ``keep_acknowledged_days`` ago; with ``keep_unsent_days``
    (sync off) also rows older than that which were never sent, remembering how far that went so
    the centre is told they will not come. Returns how many rows went."""
    gone = 0
    with Session(engine) as db, db.begin():
        cutoff = now - timedelta(days=keep_acknowledged_days)
        gone += _count(db.execute(delete(OutboxRow).where(OutboxRow.acked_at < cutoff)))
        if keep_unsent_days is not None:
            old = now - timedelta(days=keep_unsent_days)
            through = db.scalar(select(func.max(OutboxRow.seq)).where(OutboxRow.at < old))
            if through is not None:
                gone += _count(db.execute(delete(OutboxRow).where(OutboxRow.seq <= through)))
                db.execute(
                    update(OutboxStateRow)
                    .where(OutboxStateRow.id == 1, OutboxStateRow.pruned_through < through)
                    .values(pruned_through=through)
                )
    return gone


def _count(result: object) -> int:
    return result.rowcount if isinstance(result, CursorResult) else 0


def size(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text("SELECT count(*) FROM outbox")).scalar_one())
