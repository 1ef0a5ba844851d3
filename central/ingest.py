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
   the rows that went in are added to the tables by kind — in the same statement (:data:`_STORE`).
5. The answer is the highest sequence number held with none missing below it.

Any refusal rolls the transaction back: nothing of a refused batch is stored.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

import psycopg
from psycopg.types.json import Jsonb
from pydantic import TypeAdapter, ValidationError

from central import partitions
from kiosk.wire import (
    SCHEMA_VERSION,
    Acknowledgement,
    Batch,
    DeviceStatusPayload,
    HeartbeatPayload,
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


_STORE = """
WITH r AS (
    SELECT * FROM jsonb_to_recordset(%(rows)s::jsonb)
        AS r(seq int8, uuid uuid, schema int2, at timestamp, boot_id uuid, payload jsonb)
), taken AS (
    INSERT INTO received (kiosk_id, seq, uuid, kind, schema, at, boot_id)
    SELECT %(kiosk)s, seq, uuid, payload->>'kind', schema, at, boot_id FROM r
    ON CONFLICT (kiosk_id, seq) DO NOTHING
    RETURNING seq
), new AS (
    SELECT r.* FROM r JOIN taken USING (seq)
), sessions_in AS (
    INSERT INTO sessions (kiosk_id, seq, session_id, service_id, started_at, ended_at, outcome, fault_part,
                          elderly, language, card_type, id_hash)
    SELECT %(kiosk)s, n.seq, p.session_id, p.service_id, p.started_at, p.ended_at, p.outcome, p.fault_part,
           p.elderly, p.language, p.card_type, p.id_hash
    FROM new n, jsonb_to_record(n.payload) AS p(session_id text, service_id text, started_at timestamp,
        ended_at timestamp, outcome text, fault_part text, elderly bool, language text, card_type text,
        id_hash text)
    WHERE n.payload->>'kind' = 'session'
), ratings_in AS (
    INSERT INTO ratings (kiosk_id, seq, session_id, service_id, level, reasons, at, item_code, channel,
                         outcome, started_at, ended_at, reasons_version, with_contact)
    SELECT %(kiosk)s, n.seq, n.payload->>'session_id', n.payload->>'service_id', (n.payload->>'level')::int2,
           ARRAY(SELECT jsonb_array_elements_text(n.payload->'reasons')), n.at, p.service_item_code,
           p.channel, p.outcome, p.started_at, p.ended_at, p.reasons_version, coalesce(p.with_contact, false)
    FROM new n, jsonb_to_record(n.payload) AS p(service_item_code text, channel text, outcome text,
        started_at timestamp, ended_at timestamp, reasons_version text, with_contact bool)
    WHERE n.payload->>'kind' = 'rating'
), poor_ratings_in AS (
    -- a poor rating (差评) opens its follow-up; the sealed contact, if any, goes there and nowhere else
    INSERT INTO rating_cases (kiosk_id, seq, session_id, service_id, level, reasons, rated_at, contact_sealed)
    SELECT %(kiosk)s, n.seq, n.payload->>'session_id', n.payload->>'service_id', (n.payload->>'level')::int2,
           ARRAY(SELECT jsonb_array_elements_text(n.payload->'reasons')), n.at, n.payload->>'contact'
    FROM new n WHERE n.payload->>'kind' = 'rating' AND (n.payload->>'level')::int2 <= %(poor)s
), print_jobs_in AS (
    INSERT INTO print_job_events (kiosk_id, seq, job_id, session_id, service_id, state, pages, copies,
                                  reprint_code, detail, at)
    SELECT %(kiosk)s, n.seq, p.job_id, p.session_id, p.service_id, p.state, p.pages, p.copies, p.reprint_code,
           p.detail, n.at
    FROM new n, jsonb_to_record(n.payload) AS p(job_id text, session_id text, service_id text, state text,
        pages int4, copies int4, reprint_code text, detail text)
    WHERE n.payload->>'kind' = 'print_job'
), statuses_in AS (
    INSERT INTO device_status_changes (kiosk_id, seq, part, status, detail, at)
    SELECT %(kiosk)s, n.seq, n.payload->>'part', n.payload->>'status', n.payload->>'detail', n.at
    FROM new n WHERE n.payload->>'kind' = 'device_status'
), audit_in AS (
    INSERT INTO audit_events (kiosk_id, seq, event_id, session_id, type, phase, pairs_with, outcome,
                              detail, at)
    SELECT %(kiosk)s, n.seq, p.event_id, p.session_id, p.type, p.phase, p.pairs_with, p.outcome,
           n.payload->'detail', n.at
    FROM new n, jsonb_to_record(n.payload) AS p(event_id text, session_id text, type text, phase text,
        pairs_with text, outcome text)
    WHERE n.payload->>'kind' = 'audit'
), heartbeats_in AS (
    INSERT INTO heartbeats (kiosk_id, seq, ready, summary, at)
    SELECT %(kiosk)s, n.seq, (n.payload->>'ready')::bool, n.payload - 'kind' - 'ready', n.at
    FROM new n WHERE n.payload->>'kind' = 'heartbeat'
)
SELECT seq FROM taken
"""
"""One statement, one round trip: PostgreSQL unpacks the rows (in C) from the batch as validated
and written out again by pydantic (every field present, enums by value), enters them in
``received``, and adds only the rows that went in there to the tables by kind."""

POOR_RATING = 2
"""A rating at or below this level (不满意, 非常不满意) is a 差评, followed up in the console."""
ROWS = TypeAdapter(tuple[Row, ...])
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
        by_seq = {row.seq: row for row in rows}
        taken = connection.execute(
            _STORE, {"kiosk": kiosk_id, "rows": ROWS.dump_json(rows).decode(), "poor": POOR_RATING}
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
