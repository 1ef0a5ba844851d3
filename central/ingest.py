"""Ingest: a kiosk's batch checked whole, then stored in one transaction, each row exactly once.

1. The body is read up to ``max_batch_bytes`` (more: ``too_large``), each row's schema version is
   compared with :data:`~kiosk.wire.SCHEMA_VERSION` (newer: ``newer_schema``, before its shape is
   judged by rules it may not follow), then the whole batch is validated against the wire types.
2. A kiosk writes only as itself: the batch's ``kiosk_id`` must be the one its credentials name.
3. The kiosk's registry row is locked (``FOR UPDATE``): one batch per kiosk at a time. The batch's
   rows must be contiguous and start no later than one past what is held, or it is a gap
   (``sequence``); rows at or below are a resend.
4. ``INSERT INTO received … ON CONFLICT (kiosk_id, seq) DO NOTHING RETURNING seq``: a resent row is
   passed over, and must be the very row stored (same UUID), else the batch is refused whole. Only
   the rows that went in are added to the tables by kind.
5. The answer is the highest sequence number held with none missing below it.

Any refusal rolls the transaction back: nothing of a refused batch is stored.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import psycopg
from psycopg.types.json import Jsonb
from pydantic import TypeAdapter, ValidationError

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


@dataclass(frozen=True, slots=True)
class _Columns:
    table: str
    columns: tuple[str, ...]
    types: tuple[str, ...]


_SESSIONS = _Columns(
    "sessions",
    ("kiosk_id", "seq", "session_id", "service_id", "started_at", "ended_at", "outcome", "fault_part",
     "elderly", "language", "card_type", "id_hash"),
    ("text", "int8", "text", "text", "timestamp", "timestamp", "text", "text", "bool", "text", "text",
     "text"),
)  # fmt: skip
_RATINGS = _Columns(
    "ratings",
    ("kiosk_id", "seq", "session_id", "service_id", "level", "reasons", "at"),
    ("text", "int8", "text", "text", "int2", "text", "timestamp"),
)
_PRINT_JOBS = _Columns(
    "print_job_events",
    ("kiosk_id", "seq", "job_id", "session_id", "service_id", "state", "pages", "copies", "reprint_code",
     "detail", "at"),
    ("text", "int8", "text", "text", "text", "text", "int4", "int4", "text", "text", "timestamp"),
)  # fmt: skip
_STATUS = _Columns(
    "device_status_changes",
    ("kiosk_id", "seq", "part", "status", "detail", "at"),
    ("text", "int8", "text", "text", "text", "timestamp"),
)
_AUDIT = _Columns(
    "audit_events",
    ("kiosk_id", "seq", "event_id", "session_id", "type", "phase", "pairs_with", "outcome", "detail", "at"),
    ("text", "int8", "text", "text", "text", "text", "text", "text", "jsonb", "timestamp"),
)
_HEARTBEATS = _Columns(
    "heartbeats",
    ("kiosk_id", "seq", "ready", "summary", "at"),
    ("text", "int8", "bool", "jsonb", "timestamp"),
)


def _values(kiosk_id: str, row: Row) -> tuple[_Columns, tuple[Any, ...]]:
    p = row.payload
    match p:
        case SessionPayload():
            return _SESSIONS, (
                kiosk_id, row.seq, p.session_id, p.service_id, p.started_at, p.ended_at, p.outcome,
                p.fault_part, p.elderly, p.language, p.card_type, p.id_hash,
            )  # fmt: skip
        case RatingPayload():
            reasons = (
                "{" + ",".join(r.value for r in p.reasons) + "}"
            )  # a text[] literal: the values are words
            return _RATINGS, (kiosk_id, row.seq, p.session_id, p.service_id, p.level, reasons, row.at)
        case PrintJobPayload():
            return _PRINT_JOBS, (
                kiosk_id, row.seq, p.job_id, p.session_id, p.service_id, p.state.value, p.pages, p.copies,
                p.reprint_code, p.detail, row.at,
            )  # fmt: skip
        case DeviceStatusPayload():
            return _STATUS, (kiosk_id, row.seq, p.part.value, p.status, p.detail, row.at)
        case AuditPayload():
            return _AUDIT, (
                kiosk_id, row.seq, p.event_id, p.session_id, p.type.value, p.phase, p.pairs_with, p.outcome,
                json.dumps(p.detail, ensure_ascii=False), row.at,
            )  # fmt: skip
        case HeartbeatPayload():
            return _HEARTBEATS, (
                kiosk_id,
                row.seq,
                p.ready,
                json.dumps(_summary(p), ensure_ascii=False),
                row.at,
            )


def _summary(p: HeartbeatPayload) -> dict[str, Any]:
    return {
        "parts": {part.value: status for part, status in p.parts.items()},
        "unavailable": [
            {"service": u.service_id, "part": u.part.value, "status": u.status} for u in p.unavailable
        ],
        "unfinished_print_jobs": p.unfinished_print_jobs,
        "backlog": p.backlog,
        "disk_free_mb": p.disk_free_mb,
        "version": p.version,
    }


def _insert_by_unnest(connection: Connection, spec: _Columns, rows: list[tuple[Any, ...]]) -> None:
    """All rows of one table in one statement: each column as one array (fast, and one round trip),
    sent in binary (%b: no quoting of each element, which takes a third of the time in text).
    An array of arrays is not a thing in PostgreSQL, so a text[] column travels as its literal."""
    arrays = [list(column) for column in zip(*rows, strict=True)]
    unnest = ", ".join(f"%b::{kind}[]" for kind in spec.types)
    names = [f"c{i}" for i in range(len(spec.columns))]
    select = ", ".join(
        f"{name}::text[]" if column == "reasons" else name
        for name, column in zip(names, spec.columns, strict=True)
    )
    connection.execute(
        f"INSERT INTO {spec.table} ({', '.join(spec.columns)})"
        f" SELECT {select} FROM unnest({unnest}) AS t({', '.join(names)})",
        arrays,
    )


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
        by_seq = {row.seq: row for row in rows}
        taken = connection.execute(
            "INSERT INTO received (kiosk_id, seq, uuid, kind, schema, at, boot_id)"
            " SELECT %s, * FROM unnest(%b::int8[], %b::uuid[], %b::text[], %b::int2[], %b::timestamp[],"
            " %b::uuid[])"
            " ON CONFLICT (kiosk_id, seq) DO NOTHING RETURNING seq",
            (
                kiosk_id,
                [r.seq for r in rows],
                [r.uuid for r in rows],
                [r.payload.kind for r in rows],
                [r.schema for r in rows],
                [r.at for r in rows],
                [r.boot_id for r in rows],
            ),
        ).fetchall()
        new = {int(seq) for (seq,) in taken}
        again = [seq for seq in by_seq if seq not in new]
        if again:
            stored = connection.execute(
                "SELECT seq, uuid::text FROM received WHERE kiosk_id = %s AND seq = ANY(%s)",
                (kiosk_id, again),
            ).fetchall()
            for seq, uuid in stored:
                if by_seq[int(seq)].uuid != uuid:
                    raise Refused(
                        RefusalCode.SEQUENCE,
                        f"row {seq} differs from the row {seq} already stored for kiosk {kiosk_id}",
                        floor,
                    )
        tables: dict[_Columns, list[tuple[Any, ...]]] = defaultdict(list)
        for seq in sorted(new):
            spec, values = _values(kiosk_id, by_seq[seq])
            tables[spec].append(values)
        for spec, table_rows in tables.items():
            _insert_by_unnest(connection, spec, table_rows)
        _latest(connection, kiosk_id, [by_seq[seq] for seq in sorted(new)])
        acknowledged = max(floor, rows[-1].seq)
        connection.execute(
            "UPDATE kiosks SET acked_seq = %s, pruned_through = %s, last_seen_at = now() WHERE id = %s",
            (acknowledged, pruned, kiosk_id),
        )
    return Acknowledgement(kiosk_id=kiosk_id, acknowledged=acknowledged, stored=len(new))


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
