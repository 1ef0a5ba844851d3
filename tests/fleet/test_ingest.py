"""Ingest on the real PostgreSQL, without HTTP: exactly once, whole batches or nothing, in order."""

from __future__ import annotations

import dataclasses
import json
import math
import threading
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

import psycopg
import pytest

from central import partitions
from central.ingest import Ingest, Refused, parse
from kiosk.storage import outbox
from kiosk.storage.db import make_engine
from kiosk.storage.migrate import upgrade
from kiosk.storage.records import Records
from kiosk.sync.shipper import _body
from kiosk.wire import SCHEMA_VERSION, RefusalCode
from tests.fleet.rig import Database, received
from tests.fleet.wire_rows import BOOT, batch, heartbeat_row, session_row

TODAY = date(2026, 11, 25)


@pytest.fixture
def kiosk(database: Database) -> str:
    database.register("K1")
    database.register("K2")
    return "K1"


def _store(database: Database, kiosk_id: str, body: bytes) -> int:
    with database.connect() as connection:
        return Ingest().store(connection, kiosk_id, parse(body), TODAY).acknowledged


def _refused(database: Database, kiosk_id: str, body: bytes) -> RefusalCode:
    with pytest.raises(Refused) as refused:
        _store(database, kiosk_id, body)
    return refused.value.refusal.error


def _stored(database: Database) -> tuple[int, int]:
    return database.scalar("SELECT count(*) FROM received"), database.scalar("SELECT count(*) FROM sessions")


def test_a_resent_batch_is_stored_once_and_acknowledged_again(database: Database, kiosk: str) -> None:
    rows = [session_row(seq) for seq in (1, 2, 3)]
    assert _store(database, kiosk, batch(kiosk, rows)) == 3
    assert _store(database, kiosk, batch(kiosk, rows)) == 3  # the answer that was lost, given again
    assert _store(database, kiosk, batch(kiosk, [*rows[1:], session_row(4)])) == 4  # overlapping
    assert _stored(database) == (4, 4)
    assert [seq for seq, _ in received(database, kiosk)] == [1, 2, 3, 4]


def test_a_row_that_differs_from_the_stored_one_refuses_the_whole_batch(
    database: Database, kiosk: str
) -> None:
    _store(database, kiosk, batch(kiosk, [session_row(1), session_row(2)]))
    forged = [session_row(2), session_row(3)]  # seq 2 again, but another record
    assert _refused(database, kiosk, batch(kiosk, forged)) is RefusalCode.SEQUENCE
    assert _stored(database) == (2, 2)  # row 3 was not kept either
    assert database.scalar("SELECT acked_seq FROM kiosks WHERE id = 'K1'") == 2


def test_a_gap_before_the_batch_or_inside_it_is_refused(database: Database, kiosk: str) -> None:
    _store(database, kiosk, batch(kiosk, [session_row(1)]))
    assert _refused(database, kiosk, batch(kiosk, [session_row(3)])) is RefusalCode.SEQUENCE
    assert _refused(database, kiosk, batch(kiosk, [session_row(2), session_row(4)])) is RefusalCode.SEQUENCE
    assert _stored(database) == (1, 1)


def test_rows_pruned_before_sync_was_on_are_stepped_over_when_declared(
    database: Database, kiosk: str
) -> None:
    assert _store(database, kiosk, batch(kiosk, [session_row(41)], pruned_through=40)) == 41
    assert database.scalar("SELECT pruned_through FROM kiosks WHERE id = 'K1'") == 40


def test_a_kiosk_writes_only_as_itself(database: Database, kiosk: str) -> None:
    assert _refused(database, "K2", batch("K1", [session_row(1)])) is RefusalCode.NOT_YOURS
    assert _stored(database) == (0, 0)


@pytest.mark.parametrize(
    "body",
    [
        b"{not json",
        b"[]",
        batch("K1", []),
        batch("K1", [session_row(1, outcome="completed; DROP TABLE sessions")]),
        batch("K1", [session_row(1, kind="selfie")]),
        batch("K1", [session_row(0)]),
        batch("K1", [session_row(1, name="张三")]),  # a field the wire has no place for
        batch("K1", [session_row(1, id_hash="110101199003077777")]),  # an ID number where a hash goes
    ],
    ids=["not-json", "not-a-batch", "no-rows", "bad-word", "unknown-kind", "seq-0", "a-name", "an-id-number"],
)
def test_a_malformed_batch_is_refused_with_its_reason_and_nothing_is_stored(
    database: Database, kiosk: str, body: bytes
) -> None:
    with pytest.raises(Refused) as refused:
        _store(database, kiosk, body)
    assert refused.value.refusal.error is RefusalCode.MALFORMED and refused.value.status == 422
    assert refused.value.refusal.message
    assert _stored(database) == (0, 0)


def test_a_row_newer_than_the_centre_is_refused_not_guessed(database: Database, kiosk: str) -> None:
    row = session_row(1) | {"schema": SCHEMA_VERSION + 1}
    row["payload"]["queue_minutes"] = 4  # what a newer kiosk might add
    with pytest.raises(Refused) as refused:
        _store(database, kiosk, batch(kiosk, [row]))
    assert refused.value.refusal.error is RefusalCode.NEWER_SCHEMA
    assert "upgrade the central service" in refused.value.refusal.message
    assert _stored(database) == (0, 0)


def test_rows_go_to_their_month_and_a_wild_clock_to_the_default_partition(
    database: Database, kiosk: str
) -> None:
    rows = [
        session_row(1, datetime(2026, 10, 31, 23, 50)),
        session_row(2, datetime(2026, 11, 1, 0, 5)),
        session_row(3, datetime(2099, 1, 1, 12, 0)),  # a kiosk whose clock is off by decades
    ]
    _store(database, kiosk, batch(kiosk, rows))
    with database.connect() as connection:
        homes = connection.execute(
            "SELECT seq, tableoid::regclass::text FROM sessions ORDER BY seq"
        ).fetchall()
    assert homes == [(1, "sessions_y2026m10"), (2, "sessions_y2026m11"), (3, "sessions_default")]


def test_the_newest_heartbeat_is_the_kiosks_readiness_and_an_old_one_never_wins(
    database: Database, kiosk: str
) -> None:
    _store(database, kiosk, batch(kiosk, [heartbeat_row(1, ready=True), heartbeat_row(2, ready=False)]))
    with database.connect() as connection:
        ready, summary = connection.execute("SELECT ready, summary FROM kiosk_readiness").fetchone()  # type: ignore[misc]
    assert ready is False and summary["parts"] == {"receipt_printer": "paper_near_end"}
    assert database.scalar("SELECT count(*) FROM heartbeats") == 2
    assert database.scalar("SELECT last_seen_at IS NOT NULL FROM kiosks WHERE id = 'K1'")


def test_refusals_are_the_wire_format(database: Database, kiosk: str) -> None:
    with pytest.raises(Refused) as refused:
        _store(database, kiosk, b"{}")
    assert json.loads(json.dumps({"error": refused.value.refusal.error.value}))["error"] == "malformed"


def test_a_rating_keeps_what_the_province_files_it_under(
    database: Database, kiosk: str, tmp_path: Path
) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'kiosk.db'}")
    upgrade(engine)
    records = Records(engine)
    at = datetime(2026, 11, 25, 22, 5)
    records.start_session("s1", "credit_report", at, elderly=True, language="zh_CN")
    records.end_session("s1", at + timedelta(minutes=3), "face_check_failed", fault_device=None, elderly=True,
                        language="zh_CN")  # fmt: skip
    records.rate("s1", 2, at + timedelta(minutes=4), ["face_check_failed"], reasons_version="2026-12",
                 item_code="530000-CR-01", kiosk_id=kiosk)  # fmt: skip
    body = _body(kiosk, outbox.pending(engine, 100))
    engine.dispose()
    assert _store(database, kiosk, body) > 0
    with database.connect() as connection:
        row = connection.execute(
            "SELECT level, reasons, item_code, channel, outcome, started_at, ended_at, reasons_version,"
            " with_contact FROM ratings"
        ).fetchone()
    assert row == (
        2, ["face_check_failed"], "530000-CR-01", "自助终端", "face_check_failed",
        at, at + timedelta(minutes=3), "2026-12", False,
    )  # fmt: skip


def _row(seq: int, payload: dict[str, object], at: str = "2026-11-20T19:30:00") -> dict[str, object]:
    return {"seq": seq, "uuid": str(uuid.uuid4()), "schema": 2, "at": at, "boot_id": BOOT, "payload": payload}


def test_every_kind_lands_in_its_table_column_for_column(database: Database, kiosk: str) -> None:
    contact = "ck1." + "A" * 80
    rows = [
        session_row(1, fault_part="camera", elderly=True, language="en", card_type="resident_id"),
        _row(2, {"kind": "rating", "session_id": "s1", "service_id": "tax_payment", "level": 1,
                 "reasons": ["device_fault", "face_check_failed"], "service_item_code": "530000-TX-02",
                 "outcome": "completed", "started_at": "2026-11-20T19:20:00",
                 "ended_at": "2026-11-20T19:28:00", "reasons_version": "2026-12",
                 "with_contact": True, "contact": contact}),
        _row(3, {"kind": "rating", "session_id": "s2", "service_id": "tax_payment", "level": 4}),
        _row(4, {"kind": "print_job", "job_id": "j1", "session_id": "s1", "service_id": "tax_payment",
                 "state": "failed", "pages": 3, "copies": 2, "reprint_code": "ABCD2345", "detail": "纸尽"}),
        _row(5, {"kind": "device_status", "part": "receipt_printer", "status": "paper_out",
                 "detail": "缺纸"}),
        _row(6, {"kind": "audit", "event_id": "e1", "type": "help_requested", "phase": "once",
                 "session_id": "s1", "outcome": "staff",
                 "detail": {"score": 0.5, "ok": True, "n": 3, "why": "x", "none": None, "lost": math.nan}}),
        _row(7, {"kind": "heartbeat", "ready": False, "parts": {"camera": "fault"},
                 "unavailable": [{"service_id": "tax_payment", "part": "camera", "status": "fault"}],
                 "backlog": 9, "disk_free_mb": 512, "version": "1.4"}),
        _row(8, {"kind": "audit", "event_id": "e2", "type": "session", "phase": "start"},
             at="2026-11-20T19:31:00+08:00"),  # an offset is dropped: the wall time is the kiosk's
    ]  # fmt: skip
    assert _store(database, kiosk, batch(kiosk, rows)) == 8
    at = datetime(2026, 11, 20, 19, 30)
    with database.connect() as connection:

        def table(query: str) -> list[tuple[object, ...]]:
            return connection.execute(query).fetchall()

        assert table("SELECT seq, kind, schema, at FROM received ORDER BY seq") == [
            (1, "session", 1, at), (2, "rating", 2, at), (3, "rating", 2, at), (4, "print_job", 2, at),
            (5, "device_status", 2, at), (6, "audit", 2, at), (7, "heartbeat", 2, at),
            (8, "audit", 2, datetime(2026, 11, 20, 19, 31)),
        ]  # fmt: skip
        assert table(
            "SELECT kiosk_id, seq, service_id, started_at, ended_at, outcome, fault_part, elderly, language,"
            " card_type, id_hash FROM sessions"
        ) == [
            ("K1", 1, "tax_payment", at, at + timedelta(minutes=2), "completed", "camera", True, "en",
             "resident_id", "ab" * 32),
        ]  # fmt: skip
        assert table(
            "SELECT seq, session_id, level, reasons, at, item_code, channel, outcome, started_at, ended_at,"
            " reasons_version, with_contact FROM ratings ORDER BY seq"
        ) == [
            (2, "s1", 1, ["device_fault", "face_check_failed"], at, "530000-TX-02", "自助终端", "completed",
             datetime(2026, 11, 20, 19, 20), datetime(2026, 11, 20, 19, 28), "2026-12", True),
            (3, "s2", 4, [], at, None, "自助终端", None, None, None, None, False),
        ]  # fmt: skip
        assert table(
            "SELECT seq, session_id, service_id, level, reasons, rated_at, state, contact_sealed"
            " FROM rating_cases"
        ) == [(2, "s1", "tax_payment", 1, ["device_fault", "face_check_failed"], at, "new", contact)]
        assert table(
            "SELECT seq, job_id, session_id, service_id, state, pages, copies, reprint_code, detail, at"
            " FROM print_job_events"
        ) == [(4, "j1", "s1", "tax_payment", "failed", 3, 2, "ABCD2345", "纸尽", at)]
        assert table("SELECT seq, part, status, detail, at FROM device_status_changes") == [
            (5, "receipt_printer", "paper_out", "缺纸", at)
        ]
        assert table("SELECT seq, part, status, detail, at FROM kiosk_parts") == [
            (5, "receipt_printer", "paper_out", "缺纸", at)
        ]
        assert table(
            "SELECT seq, event_id, session_id, type, phase, pairs_with, outcome, detail, at FROM audit_events"
            " ORDER BY seq"
        ) == [
            (6, "e1", "s1", "help_requested", "once", None, "staff",
             {"score": 0.5, "ok": True, "n": 3, "why": "x", "none": None, "lost": None}, at),
            (8, "e2", None, "session", "start", None, None, {}, datetime(2026, 11, 20, 19, 31)),
        ]  # fmt: skip
        summary = {
            "parts": {"camera": "fault"},
            "unavailable": [{"service_id": "tax_payment", "part": "camera", "status": "fault"}],
            "unfinished_print_jobs": 0, "backlog": 9, "disk_free_mb": 512, "version": "1.4",
        }  # fmt: skip
        assert table("SELECT seq, ready, summary, at FROM heartbeats") == [(7, False, summary, at)]
        assert table("SELECT seq, ready, summary, at FROM kiosk_readiness") == [(7, False, summary, at)]


def test_two_connections_adding_the_same_month_both_succeed(database: Database) -> None:
    month = date(2026, 12, 1)
    with database.connect() as first, database.connect() as second:
        errors: list[BaseException] = []

        def add() -> None:
            try:
                partitions.ensure(second, {month}, TODAY)
            except BaseException as exc:  # noqa: BLE001 - handed to the test's thread
                errors.append(exc)

        with first.transaction():  # the first connection's partitions are made, not yet committed
            partitions.ensure(first, {month}, TODAY)
            racing = threading.Thread(target=add)
            racing.start()
            racing.join(0.5)
            assert racing.is_alive()  # the second waits for the first
        racing.join(10)
        assert not errors
        assert month in partitions.existing(second)


def test_a_row_the_database_refuses_midway_through_the_copy_stores_nothing(
    database: Database, kiosk: str
) -> None:
    rows = [session_row(1), session_row(2)]
    _store(database, kiosk, batch(kiosk, rows))
    poor = _row(4, {"kind": "rating", "session_id": "s1", "service_id": "tax_payment", "level": 2})
    sent = parse(batch(kiosk, [*rows, session_row(3), poor]))  # a resend, a visit, a 差评
    # a level the wire allows no more than the table does: the kind's COPY fails after received's
    wild = dataclasses.replace(sent.rows[-1], payload=dataclasses.replace(sent.rows[-1].payload, level=9))
    with database.connect() as connection, pytest.raises(psycopg.errors.CheckViolation):
        Ingest().store(connection, kiosk, dataclasses.replace(sent, rows=(*sent.rows[:-1], wild)), TODAY)
    assert _stored(database) == (2, 2)
    assert database.scalar("SELECT count(*) FROM rating_cases") == 0
    assert database.scalar("SELECT acked_seq FROM kiosks WHERE id = 'K1'") == 2


def test_the_same_batch_twice_at_once_is_stored_once_and_acknowledged_twice(
    database: Database, kiosk: str
) -> None:
    body = batch(kiosk, [session_row(1), session_row(2)])
    answers: list[object] = []

    def again() -> None:
        try:
            answers.append(_store(database, kiosk, body))
        except BaseException as exc:  # noqa: BLE001 - handed to the test's thread
            answers.append(exc)

    with database.connect() as first, first.transaction():
        first.execute("SELECT 1 FROM kiosks WHERE id = %s FOR UPDATE", (kiosk,))  # as a batch under way
        racing = threading.Thread(target=again)
        racing.start()
        racing.join(0.5)
        assert racing.is_alive()  # the second waits for the kiosk's lock
        assert Ingest().store(first, kiosk, parse(body), TODAY).stored == 2
    racing.join(10)
    assert answers == [2]  # it found both rows held, the very ones it sent
    assert _stored(database) == (2, 2)
