"""A database that stays small: what is older than the kiosk keeps it is deleted, and SQLite gives
the pages back.

``kiosk db prune`` (daily, from ``civic-kiosk-prune.timer``) deletes sessions — with their audit
events, print jobs (and the use of their reprint codes), ratings and issued-document records — that
started before the cut-off, the
audit events of no session (the technician's) and the device status changes from before it (the
newest of each part always stays: it is the part's last known status). It deletes a batch at a
time, each its own short transaction, so the touchscreen app, writing as it serves, never waits
long for the lock. Then SQLite's incremental vacuum hands the freed pages back to the file system.

A *hold* keeps rows that something else still needs: with sync on, the outbox (issue 12) holds
everything from its oldest row the centre has not acknowledged; the cut-off is then the earlier of
the age and the holds.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, Connection, delete, func, select, text
from sqlalchemy.engine import Engine

from kiosk.storage.db import Base
from kiosk.storage.models import (
    AuditEventRow,
    CallbackContactRow,
    DeviceStatusRow,
    IssuedDocumentRow,
    PrintJobRow,
    RatingRow,
    ReprintRow,
    SessionRow,
)

KEEP_DAYS_DEFAULT = 365
"""A year: the statistics compare the same season a year apart, and the hall's complaints office
asks about a visit months later."""
KEEP_DAYS_MIN = 8
"""`kiosk diag` lists the unfinished print jobs of the last 7 days, with their reprint codes."""
BATCH_ROWS = 2000
"""Sessions (or other rows) per transaction: tens of milliseconds of lock on a kiosk's SQLite."""
VACUUM_PAGES = 2048
"""Pages (8 MB of 4 KB pages) freed per step of the incremental vacuum, for the same reason."""

TABLES = (
    "sessions",
    "audit_events",
    "print_jobs",
    "ratings",
    "issued_documents",
    "device_status_changes",
    "reprints",
    "callback_contacts",
)
"""The tables retention prunes (the registry is the hall's replica, replaced by its own import)."""

Hold = Callable[[Connection], datetime | None]
"""Something that still needs the rows from a time on (None: it needs nothing)."""


class AutoVacuum(enum.IntEnum):
    """SQLite's ``PRAGMA auto_vacuum`` values."""

    NONE = 0  # freed pages stay in the file until a full VACUUM
    FULL = 1
    INCREMENTAL = 2  # freed pages are given back by ``PRAGMA incremental_vacuum``


@dataclass(frozen=True, slots=True)
class RetentionPolicy:
    keep_days: int = KEEP_DAYS_DEFAULT

    def __post_init__(self) -> None:
        if self.keep_days < KEEP_DAYS_MIN:
            raise ValueError(
                f"the kiosk keeps at least {KEEP_DAYS_MIN} days ({self.keep_days} asked): `kiosk diag` lists"
                " the unfinished print jobs of the last 7 days"
            )


@dataclass(frozen=True, slots=True)
class PruneReport:
    cutoff: datetime
    """Rows from before this were deleted."""
    held_by_hold: bool
    """A hold moved the cut-off earlier than the age alone."""
    deleted: dict[str, int]
    """Rows deleted, by table."""
    freed_pages: int
    """Pages the incremental vacuum gave back to the file system (0 when it is off)."""
    auto_vacuum: AutoVacuum | None
    """The database's auto_vacuum mode; None when it is not SQLite."""


def prune(
    engine: Engine,
    policy: RetentionPolicy,
    now: datetime,
    holds: Sequence[Hold] = (),
    *,
    dry_run: bool = False,
) -> PruneReport:
    """Delete what is older than ``policy.keep_days`` before ``now`` (and not held), then vacuum."""
    cutoff = now - timedelta(days=policy.keep_days)
    with engine.connect() as connection:
        held = [when for hold in holds if (when := hold(connection)) is not None]
    held_by_hold = bool(held) and min(held) < cutoff
    if held_by_hold:
        cutoff = min(held)
    if dry_run:
        with engine.connect() as connection:
            deleted = _count_old(connection, cutoff)
        return PruneReport(cutoff, held_by_hold, deleted, 0, auto_vacuum_mode(engine))
    deleted = dict.fromkeys(TABLES, 0)
    while _prune_sessions_batch(engine, cutoff, deleted):
        pass
    for table, batch in (
        ("audit_events", _old_lone_events),
        ("issued_documents", _old_lone_documents),
        ("device_status_changes", _old_status_changes),
    ):
        while True:
            with engine.begin() as connection:
                count = batch(connection, cutoff)
            deleted[table] += count
            if count < BATCH_ROWS:
                break
    mode = auto_vacuum_mode(engine)
    freed = incremental_vacuum(engine) if mode is AutoVacuum.INCREMENTAL else 0
    return PruneReport(cutoff, held_by_hold, deleted, freed, mode)


def _prune_sessions_batch(engine: Engine, cutoff: datetime, deleted: dict[str, int]) -> bool:
    """One batch of old sessions and everything that names them; False when none was left."""
    with engine.begin() as connection:
        ids = list(
            connection.scalars(select(SessionRow.id).where(SessionRow.started_at < cutoff).limit(BATCH_ROWS))
        )
        if not ids:
            return False
        # A reprint code's use names its job and the visit that used it: it goes with either.
        jobs = select(PrintJobRow.id).where(PrintJobRow.session_id.in_(ids))
        deleted["reprints"] += _rowcount(
            connection.execute(
                delete(ReprintRow).where(ReprintRow.session_id.in_(ids) | ReprintRow.job_id.in_(jobs))
            )
        )
        for table, model in (
            ("audit_events", AuditEventRow),
            ("print_jobs", PrintJobRow),
            ("ratings", RatingRow),
            ("issued_documents", IssuedDocumentRow),
            # a call-back number goes with its visit, even before [rating] contact_days: sooner is
            # only more private, and the follow-up of a visit pruned here is long over
            ("callback_contacts", CallbackContactRow),
        ):
            deleted[table] += _rowcount(connection.execute(delete(model).where(model.session_id.in_(ids))))
        deleted["sessions"] += _rowcount(connection.execute(delete(SessionRow).where(SessionRow.id.in_(ids))))
    return True


def _old_lone_events(connection: Connection, cutoff: datetime) -> int:
    """Audit events of no session (the technician's, the kiosk's own) from before the cut-off."""
    ids = select(AuditEventRow.id).where(AuditEventRow.session_id.is_(None), AuditEventRow.at < cutoff)
    batch = list(connection.scalars(ids.limit(BATCH_ROWS)))
    return _rowcount(connection.execute(delete(AuditEventRow).where(AuditEventRow.id.in_(batch))))


def _old_lone_documents(connection: Connection, cutoff: datetime) -> int:
    """Issued documents of no session (test pages) from before the cut-off."""
    numbers = select(IssuedDocumentRow.number).where(
        IssuedDocumentRow.session_id.is_(None), IssuedDocumentRow.issued_at < cutoff
    )
    batch = list(connection.scalars(numbers.limit(BATCH_ROWS)))
    return _rowcount(connection.execute(delete(IssuedDocumentRow).where(IssuedDocumentRow.number.in_(batch))))


def _old_status_changes(connection: Connection, cutoff: datetime) -> int:
    """Device status changes from before the cut-off, but never a part's newest: it is the status
    the part is still in, and what the app compares the next answer with."""
    newest = select(func.max(DeviceStatusRow.id)).group_by(DeviceStatusRow.device)
    ids = select(DeviceStatusRow.id).where(DeviceStatusRow.at < cutoff, DeviceStatusRow.id.not_in(newest))
    batch = list(connection.scalars(ids.limit(BATCH_ROWS)))
    return _rowcount(connection.execute(delete(DeviceStatusRow).where(DeviceStatusRow.id.in_(batch))))


def _count_old(connection: Connection, cutoff: datetime) -> dict[str, int]:
    """What :func:`prune` would delete (``kiosk db prune --dry-run``)."""
    old_session = SessionRow.started_at < cutoff
    of_old_session = select(SessionRow.id).where(old_session)
    newest = select(func.max(DeviceStatusRow.id)).group_by(DeviceStatusRow.device)
    old: dict[str, tuple[type[Base], ColumnElement[bool]]] = {
        "sessions": (SessionRow, old_session),
        "audit_events": (
            AuditEventRow,
            AuditEventRow.session_id.in_(of_old_session)
            | (AuditEventRow.session_id.is_(None) & (AuditEventRow.at < cutoff)),
        ),
        "print_jobs": (PrintJobRow, PrintJobRow.session_id.in_(of_old_session)),
        "ratings": (RatingRow, RatingRow.session_id.in_(of_old_session)),
        "issued_documents": (
            IssuedDocumentRow,
            IssuedDocumentRow.session_id.in_(of_old_session)
            | (IssuedDocumentRow.session_id.is_(None) & (IssuedDocumentRow.issued_at < cutoff)),
        ),
        "device_status_changes": (
            DeviceStatusRow,
            (DeviceStatusRow.at < cutoff) & DeviceStatusRow.id.not_in(newest),
        ),
        "callback_contacts": (CallbackContactRow, CallbackContactRow.session_id.in_(of_old_session)),
        "reprints": (
            ReprintRow,
            ReprintRow.session_id.in_(of_old_session)
            | ReprintRow.job_id.in_(select(PrintJobRow.id).where(PrintJobRow.session_id.in_(of_old_session))),
        ),
    }
    return {
        table: int(connection.scalar(select(func.count()).select_from(model).where(condition)) or 0)
        for table, (model, condition) in old.items()
    }


def _rowcount(result: object) -> int:
    return int(getattr(result, "rowcount", 0) or 0)


# -- SQLite's vacuum ---------------------------------------------------------------------------------


def auto_vacuum_mode(engine: Engine) -> AutoVacuum | None:
    """The database's auto_vacuum mode; None when it is not SQLite (PostgreSQL vacuums itself)."""
    if engine.dialect.name != "sqlite":
        return None
    with engine.connect() as connection:
        return AutoVacuum(int(connection.exec_driver_sql("PRAGMA auto_vacuum").scalar_one()))


def incremental_vacuum(engine: Engine) -> int:
    """Give the free pages back to the file system, a step at a time; the number of pages freed.

    Then the write-ahead log is checkpointed and truncated, so the -wal file the deletions grew
    shrinks too."""
    freed = 0
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        sqlite = connection.connection.driver_connection
        while (free := int(connection.exec_driver_sql("PRAGMA freelist_count").scalar_one())) > 0:
            # The pragma frees one page per step of its statement: executescript steps it to the end,
            # where execute() (and so SQLAlchemy) would stop after the first page.
            sqlite.executescript(f"PRAGMA incremental_vacuum({VACUUM_PAGES});")  # type: ignore[union-attr]
            after = int(connection.exec_driver_sql("PRAGMA freelist_count").scalar_one())
            if after >= free:
                break  # another writer is using the pages as fast: the next run takes the rest
            freed += free - after
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").all()
    return freed


def enable_incremental_vacuum(engine: Engine) -> bool:
    """Turn incremental vacuum on in a database made before it was the default: one full VACUUM,
    which rewrites the whole file (it needs as much free disk again, and the kiosk stopped — the
    package runs it from ``kiosk db upgrade`` while the app is down). False when there was nothing
    to do."""
    if auto_vacuum_mode(engine) is not AutoVacuum.NONE:
        return False
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql(f"PRAGMA auto_vacuum = {AutoVacuum.INCREMENTAL.value}")
        connection.execute(text("VACUUM"))
    return True
