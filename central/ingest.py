"""Ingest: a kiosk's batch checked whole, then stored in one transaction, each row exactly once.

1. The body is read up to ``max_batch_bytes`` (more: ``too_large``), each row's schema version is
   compared with :data:`~kiosk.wire.SCHEMA_VERSION` (newer: ``newer_schema``, before its shape is
   judged by rules it may not follow), then the whole batch is validated against the wire types.
2. A kiosk writes only as itself: the batch's ``kiosk_id`` must be the one its credentials name.
3. The kiosk's registry row is locked (``FOR UPDATE``): one batch per kiosk at a time. The batch's
   rows must be contiguous and start no later than one past what is held, or it is a gap
   (``sequence``); rows at or below are a resend.
4. The rows of the batch's range that ``received`` holds already are a resend: each must be the
   very row stored (same UUID), else the batch is refused whole, and is passed over. The lock of
   step 3 keeps any other batch of the kiosk out meanwhile, and ``received``'s primary key
   ``(kiosk_id, seq)`` stays the last word: a row stored twice would fail the whole transaction.
5. The other rows are COPYed, the validated values as the wire types hold them, into ``received``
   and the tables by kind (:data:`COLUMNS`): PostgreSQL's bulk path, cheaper than an INSERT for
   the database and, unlike JSON unpacked in SQL, with no text for it to parse twice.
6. The answer is the highest sequence number held with none missing below it.

Any refusal rolls the transaction back: nothing of a refused batch is stored.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

import psycopg
from psycopg.types.json import Jsonb
from pydantic import TypeAdapter, ValidationError
from pydantic_core import to_json

from central import partitions
from kiosk.wire import (
    SCHEMA_VERSION,
    Acknowledgement,
    AuditPayload,
    Batch,
    DeviceStatusPayload,
    HeartbeatPayload,
    PrintJobPayload,
    RatingPayload,
    Refusal,
    RefusalCode,
    Row,
    SessionPayload,
)

Connection = psycopg.Connection[Any]
BATCH = TypeAdapter(Batch)
REFUSAL = TypeAdapter(Refusal)
ACKNOWLEDGEMENT = TypeAdapter(Acknowledgement)

STATUS = {
    RefusalCode.UNAUTHENTICATED: 401,
    RefusalCode.NOT_YOURS: 403,
    RefusalCode.MALFORMED: 422,
    RefusalCode.TOO_LARGE: 413,
    RefusalCode.NEWER_SCHEMA: 422,
    RefusalCode.SEQUENCE: 409,
    RefusalCode.UNAVAILABLE: 503,
}


class Refused(Exception):  # noqa: N818 - a refusal is an answer, not an error of ours
    """The batch is refused whole; :attr:`refusal` says why in the wire's terms."""

    def __init__(self, code: RefusalCode, message: str, acknowledged: int | None = None) -> None:
        super().__init__(message)
        self.refusal = Refusal(error=code, message=message, acknowledged=acknowledged)

    @property
    def status(self) -> int:
        return STATUS[self.refusal.error]


def parse(body: bytes) -> Batch:
    """The batch in ``body``, or :class:`Refused` (malformed, or a row newer than this centre)."""
    try:
        batch = BATCH.validate_json(body)  # straight from the bytes: no dicts in between
    except ValidationError as exc:
        _refuse_newer(body)  # a newer row may not fit today's shapes: say that, not "malformed"
        first = exc.errors(include_url=False)[:3]
        where = "; ".join(f"{'.'.join(map(str, e['loc'])) or '(body)'}: {e['msg']}" for e in first)
        raise Refused(
            RefusalCode.MALFORMED, f"not a valid batch ({exc.error_count()} problems): {where}"
        ) from None
    for row in batch.rows:
        if row.schema > SCHEMA_VERSION:
            _refuse_newer(body)
    return batch


def _refuse_newer(body: bytes) -> None:
    try:
        raw = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return
    rows = raw.get("rows") if isinstance(raw, dict) else None
    for row in rows if isinstance(rows, list) else ():
        schema = row.get("schema") if isinstance(row, dict) else None
        if isinstance(schema, int) and schema > SCHEMA_VERSION:
            raise Refused(
                RefusalCode.NEWER_SCHEMA,
                f"row {row.get('seq')} is in schema {schema}; this centre reads up to "
                f"{SCHEMA_VERSION}: upgrade the central service",
            )


COLUMNS = {
    "received": ("kiosk_id", "seq", "uuid", "kind", "schema", "at", "boot_id"),
    "sessions": ("kiosk_id", "seq", "session_id", "service_id", "started_at", "ended_at", "outcome",
                 "fault_part", "elderly", "language", "card_type", "id_hash"),
    "ratings": ("kiosk_id", "seq", "session_id", "service_id", "level", "reasons", "at", "item_code",
                "channel", "outcome", "started_at", "ended_at", "reasons_version", "with_contact"),
    "rating_cases": ("kiosk_id", "seq", "session_id", "service_id", "level", "reasons", "rated_at",
                     "contact_sealed"),
    "print_job_events": ("kiosk_id", "seq", "job_id", "session_id", "service_id", "state", "pages", "copies",
                         "reprint_code", "detail", "at"),
    "device_status_changes": ("kiosk_id", "seq", "part", "status", "detail", "at"),
    "audit_events": ("kiosk_id", "seq", "event_id", "session_id", "type", "phase", "pairs_with", "outcome",
                     "detail", "at"),
    "heartbeats": ("kiosk_id", "seq", "ready", "summary", "at"),
}  # fmt: skip
"""The tables a batch's new rows go to, and their columns in the order :func:`_tables` fills them."""
_COPY = {table: f"COPY {table} ({', '.join(columns)}) FROM STDIN" for table, columns in COLUMNS.items()}

POOR_RATING = 2
"""A rating at or below this level (不满意, 非常不满意) is a 差评, followed up in the console."""
HEARTBEAT = TypeAdapter(HeartbeatPayload)


def _summary(p: HeartbeatPayload) -> dict[str, Any]:
    """A heartbeat as the centre keeps it: its payload without ``kind`` and ``ready``."""
    summary: dict[str, Any] = HEARTBEAT.dump_python(p, mode="json")
    summary.pop("kind")
    summary.pop("ready")
    return summary


class Ingest:
    """Stores batches; remembers which months have partitions, so a batch pays for that once a month."""

    def __init__(self) -> None:
        self._months: set[date] = set()

    def store(
        self, connection: Connection, kiosk_id: str, batch: Batch, today: date | None = None
    ) -> Acknowledgement:
        today = today or date.today()
        wanted = {partitions.month_of(_when(row)) for row in batch.rows} - self._months
        if wanted:
            partitions.ensure(connection, wanted, today)
            self._months.update(partitions.existing(connection))
            self._months.update(m for m in wanted if not partitions.sane(m, today))
        return store(connection, kiosk_id, batch)


def store(connection: Connection, kiosk_id: str, batch: Batch) -> Acknowledgement:
    """Store ``batch`` from the kiosk ``kiosk_id`` (authenticated) in one transaction; the months
    its rows fall in have their partitions already (:class:`Ingest` sees to it)."""
    if batch.kiosk_id != kiosk_id:
        raise Refused(
            RefusalCode.NOT_YOURS, f"these credentials are kiosk {kiosk_id}'s, not {batch.kiosk_id}'s"
        )
    rows = batch.rows
    first = rows[0].seq
    for offset, row in enumerate(rows):
        if row.seq != first + offset:
            raise Refused(RefusalCode.SEQUENCE, f"the batch is not contiguous at row {row.seq}")
    with connection.transaction():
        held = connection.execute(
            "SELECT acked_seq, pruned_through FROM kiosks WHERE id = %s FOR UPDATE", (kiosk_id,)
        ).fetchone()
        if held is None:
            raise Refused(RefusalCode.UNAUTHENTICATED, f"kiosk {kiosk_id} is not registered")
        acked, pruned = int(held[0]), int(held[1])
        pruned = max(pruned, batch.pruned_through)
        floor = max(acked, pruned)
        if first > floor + 1:
            raise Refused(
                RefusalCode.SEQUENCE, f"rows {floor + 1}–{first - 1} are missing before this batch", floor
            )
        # Rows of this batch held already: a resend, passed over if it is the very row stored. The
        # lock above keeps any other batch of this kiosk out until this one commits.
        resent = connection.execute(
            "SELECT seq, uuid::text FROM received WHERE kiosk_id = %s AND seq BETWEEN %s AND %s",
            (kiosk_id, first, rows[-1].seq),
        ).fetchall()
        by_seq = {row.seq: row for row in rows}
        for seq, uuid in resent:
            if by_seq[int(seq)].uuid != uuid:
                raise Refused(
                    RefusalCode.SEQUENCE,
                    f"row {seq} differs from the row {seq} already stored for kiosk {kiosk_id}",
                    floor,
                )
        stored = {int(seq) for seq, _ in resent}
        new = [row for row in rows if row.seq not in stored]
        _copy(connection, _tables(kiosk_id, new))
        _latest(connection, kiosk_id, new)
        acknowledged = max(floor, rows[-1].seq)
        connection.execute(
            "UPDATE kiosks SET acked_seq = %s, pruned_through = %s, last_seen_at = now() WHERE id = %s",
            (acknowledged, pruned, kiosk_id),
        )
    return Acknowledgement(kiosk_id=kiosk_id, acknowledged=acknowledged, stored=len(new))


def _tables(kiosk_id: str, rows: list[Row]) -> dict[str, list[tuple[Any, ...]]]:
    """Each row as the columns (:data:`COLUMNS`) of ``received`` and of its kind's table: enums by
    value, JSON as pydantic writes it (a NaN or an infinity as null)."""
    tables: dict[str, list[tuple[Any, ...]]] = {table: [] for table in COLUMNS}
    for row in rows:
        seq, at, p = row.seq, row.at, row.payload
        tables["received"].append((kiosk_id, seq, row.uuid, p.kind, row.schema, at, row.boot_id))
        if isinstance(p, SessionPayload):
            tables["sessions"].append((
                kiosk_id, seq, p.session_id, p.service_id, p.started_at, p.ended_at, p.outcome,
                None if p.fault_part is None else p.fault_part.value, p.elderly, p.language, p.card_type,
                p.id_hash,
            ))  # fmt: skip
        elif isinstance(p, PrintJobPayload):
            tables["print_job_events"].append((
                kiosk_id, seq, p.job_id, p.session_id, p.service_id, p.state.value, p.pages, p.copies,
                p.reprint_code, p.detail, at,
            ))  # fmt: skip
        elif isinstance(p, AuditPayload):
            tables["audit_events"].append((
                kiosk_id, seq, p.event_id, p.session_id, p.type.value, p.phase, p.pairs_with, p.outcome,
                to_json(p.detail, inf_nan_mode="null").decode(), at,
            ))  # fmt: skip
        elif isinstance(p, RatingPayload):
            reasons = [reason.value for reason in p.reasons]
            tables["ratings"].append((
                kiosk_id, seq, p.session_id, p.service_id, p.level, reasons, at, p.service_item_code,
                p.channel, p.outcome, p.started_at, p.ended_at, p.reasons_version, p.with_contact,
            ))  # fmt: skip
            if p.level <= POOR_RATING:  # a 差评 opens its follow-up; a sealed contact goes there only
                tables["rating_cases"].append(
                    (kiosk_id, seq, p.session_id, p.service_id, p.level, reasons, at, p.contact)
                )
        elif isinstance(p, DeviceStatusPayload):
            tables["device_status_changes"].append((kiosk_id, seq, p.part.value, p.status, p.detail, at))
        else:
            tables["heartbeats"].append((kiosk_id, seq, p.ready, to_json(_summary(p)).decode(), at))
    return tables


def _copy(connection: Connection, tables: dict[str, list[tuple[Any, ...]]]) -> None:
    """COPY the rows into their tables: PostgreSQL's bulk path, a fraction of an INSERT's cost."""
    with connection.cursor() as cursor:
        for table, values in tables.items():
            if values:
                with cursor.copy(_COPY[table]) as copy:
                    for value in values:
                        copy.write_row(value)


def _latest(connection: Connection, kiosk_id: str, rows: list[Row]) -> None:
    """Keep each kiosk's newest readiness and each part's newest status (a resend never wins)."""
    beats = [r for r in rows if isinstance(r.payload, HeartbeatPayload)]
    if beats:
        beat = beats[-1]
        assert isinstance(beat.payload, HeartbeatPayload)
        connection.execute(
            "INSERT INTO kiosk_readiness (kiosk_id, seq, at, ready, summary, received_at)"
            " VALUES (%s, %s, %s, %s, %s, now())"
            " ON CONFLICT (kiosk_id) DO UPDATE SET seq = EXCLUDED.seq, at = EXCLUDED.at,"
            " ready = EXCLUDED.ready, summary = EXCLUDED.summary, received_at = EXCLUDED.received_at"
            " WHERE kiosk_readiness.seq < EXCLUDED.seq",
            (kiosk_id, beat.seq, beat.at, beat.payload.ready, Jsonb(_summary(beat.payload))),
        )
    newest: dict[str, Row] = {}
    for row in rows:
        if isinstance(row.payload, DeviceStatusPayload):
            newest[row.payload.part.value] = row
    for part, row in newest.items():
        assert isinstance(row.payload, DeviceStatusPayload)
        connection.execute(
            "INSERT INTO kiosk_parts (kiosk_id, part, seq, status, detail, at)"
            " VALUES (%s, %s, %s, %s, %s, %s)"
            " ON CONFLICT (kiosk_id, part) DO UPDATE SET seq = EXCLUDED.seq, status = EXCLUDED.status,"
            " detail = EXCLUDED.detail, at = EXCLUDED.at WHERE kiosk_parts.seq < EXCLUDED.seq",
            (kiosk_id, part, row.seq, row.payload.status, row.payload.detail, row.at),
        )


def _when(row: Row) -> datetime:
    """The time a row is partitioned by: a session by when it started, the rest by when they happened."""
    return row.payload.started_at if isinstance(row.payload, SessionPayload) else row.at
