"""Storage: migrations, SQLite durability settings, the print journal, status changes, no PII."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kiosk.audit import AuditEvent
from kiosk.cli import main
from kiosk.storage import outbox
from kiosk.storage.db import make_engine
from kiosk.storage.migrate import SCHEMA_HEAD, current_revision, head_revision, upgrade
from kiosk.storage.outbox import OutboxRow
from kiosk.storage.records import PrintJobState, Records
from kiosk.wire import SCHEMA_VERSION, RatingReason

AT = datetime(2026, 11, 20, 19, 30)


@pytest.fixture
def records(tmp_path: Path) -> Records:
    engine = make_engine(f"sqlite:///{tmp_path / 'kiosk.db'}")
    upgrade(engine)
    return Records(engine)


def test_upgrade_creates_every_table_and_is_idempotent(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'k.db'}")
    assert current_revision(engine) is None
    upgrade(engine)
    upgrade(engine)
    assert current_revision(engine) == head_revision(engine) == SCHEMA_HEAD
    tables = set(inspect(engine).get_table_names())
    assert {
        "sessions",
        "audit_events",
        "print_jobs",
        "ratings",
        "device_status_changes",
        "issued_documents",
        "outbox",
        "outbox_state",
    } <= tables
    assert any(name.startswith("registry_") or name in {"people", "businesses"} for name in tables)


def test_processes_that_migrate_a_fresh_database_together_all_succeed(tmp_path: Path) -> None:
    # the app and the shipper start together on a new kiosk, and both bring the schema up
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    code = (
        "from kiosk.storage.db import make_engine; from kiosk.storage.migrate import upgrade; "
        f"upgrade(make_engine({url!r}))"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    runs = [subprocess.Popen([sys.executable, "-c", code], env=env, stderr=subprocess.PIPE) for _ in range(3)]
    assert [(run.wait(timeout=60), run.stderr.read() if run.stderr else b"") for run in runs] == [
        (0, b"")
    ] * 3
    assert current_revision(make_engine(url)) == SCHEMA_HEAD


def test_sqlite_is_durable(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'k.db'}")
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL


def test_print_journal_moves_one_way(records: Records) -> None:
    records.start_session("s1", "credit_report", AT, elderly=False, language="zh_CN")
    job = records.queue_print_job("s1", "credit_report", "20261120-CR-ABC", 5, 2, AT)
    assert job.state == "queued" and len(job.reprint_code) == 8
    records.set_print_job_state(job.id, PrintJobState.DONE, AT)  # not printing yet: refused
    assert records.print_jobs()[0].state == "queued"
    records.set_print_job_state(job.id, PrintJobState.PRINTING, AT)
    records.set_print_job_state(job.id, PrintJobState.DONE, AT)
    records.set_print_job_state(job.id, PrintJobState.FAILED, AT)  # done stays done
    assert records.print_jobs()[0].state == "done"


def test_jobs_cut_short_by_a_restart_are_failed_with_their_codes(records: Records) -> None:
    records.start_session("s1", "tax_payment", AT, elderly=False, language="zh_CN")
    queued = records.queue_print_job("s1", "tax_payment", "N1", 1, 1, AT)
    printing = records.queue_print_job("s1", "tax_payment", "N2", 1, 1, AT)
    records.set_print_job_state(printing.id, PrintJobState.PRINTING, AT)
    cut = records.fail_interrupted_jobs(AT)
    assert {j.reprint_code for j in cut} == {queued.reprint_code, printing.reprint_code}
    assert {j.state for j in records.print_jobs()} == {"failed"}


def test_device_status_is_written_only_when_it_changes(records: Records) -> None:
    assert records.device_status("camera", "ready", AT)
    assert not records.device_status("camera", "ready", AT)
    assert records.device_status("camera", "frozen", AT)
    fresh = Records(records.engine)  # after a restart the last status is read back
    assert not fresh.device_status("camera", "frozen", AT)
    with records.engine.connect() as connection:
        assert connection.execute(text("select count(*) from device_status_changes")).scalar() == 2


def test_audit_events_pair_and_ratings_are_five_levels(records: Records) -> None:
    records.start_session("s1", "credit_report", AT, elderly=True, language="en")
    start = records.begin(AuditEvent.PRINT_DOCUMENT, AT, session_id="s1")
    records.finish(start, AuditEvent.PRINT_DOCUMENT, AT, "completed", session_id="s1")
    events = records.events("s1")
    assert [(e.phase, e.pairs_with) for e in events] == [("start", None), ("finish", start)]
    records.rate("s1", 5, AT)
    with pytest.raises(ValueError):
        records.rate("s1", 6, AT)


def test_session_end_is_recorded_once(records: Records) -> None:
    records.start_session("s1", "credit_report", AT, elderly=False, language="zh_CN")
    records.end_session("s1", AT, "completed", fault_device=None, elderly=False, language="zh_CN")
    records.end_session("s1", AT, "timed_out", fault_device=None, elderly=False, language="zh_CN")
    session = records.session("s1")
    assert session is not None and session.outcome == "completed"


def test_db_upgrade_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[storage]\nurl = "sqlite:///{tmp_path / "x.db"}"\n', encoding="utf-8")
    assert main(["--config", str(config), "db", "upgrade"]) == 0
    assert "upgraded from revision (empty)" in capsys.readouterr().out
    assert main(["--config", str(config), "db", "upgrade"]) == 0
    assert "already at revision" in capsys.readouterr().out
    assert main(["--config", str(config), "db", "current"]) == 0


def _outbox(records: Records) -> list[tuple[int, str, dict[str, object]]]:
    with records.engine.connect() as connection:
        rows = connection.execute(text("select seq, kind, payload from outbox order by seq")).all()
    return [(seq, kind, json.loads(payload)) for seq, kind, payload in rows]


def test_each_record_the_centre_needs_writes_its_outbox_row(records: Records) -> None:
    sid = "6f1c7d9e-5a8b-4c1e-9d2f-3b4a5c6d7e8f"
    records.start_session(sid, "tax_payment", AT, elderly=False, language="zh_CN")
    records.identify_session(sid, card_type="resident_id", masked_id="6301**********123X", id_hash="ab" * 32)
    start = records.begin(AuditEvent.SESSION, AT, session_id=sid)
    job = records.queue_print_job(sid, "tax_payment", "N1", 2, 1, AT)
    records.set_print_job_state(job.id, PrintJobState.PRINTING, AT)
    records.set_print_job_state(job.id, PrintJobState.DONE, AT)
    records.set_print_job_state(job.id, PrintJobState.FAILED, AT)  # refused: done stays done, no row
    records.device_status("receipt_printer", "paper_near_end", AT, "low")
    records.end_session(sid, AT, "completed", fault_device=None, elderly=True, language="zh_CN")
    records.end_session(sid, AT, "timed_out", fault_device=None, elderly=True, language="zh_CN")  # no row
    records.finish(start, AuditEvent.SESSION, AT, "completed", session_id=sid)
    records.rate(sid, 2, AT, reasons=[RatingReason.TOO_SLOW, RatingReason.TOO_SLOW, RatingReason.OTHER])
    rows = _outbox(records)
    assert [seq for seq, _, _ in rows] == list(range(1, 9))
    assert [kind for _, kind, _ in rows] == [
        "audit", "print_job", "print_job", "print_job", "device_status", "session", "audit", "rating"
    ]  # fmt: skip
    session = next(p for _, kind, p in rows if kind == "session")
    assert session["service_id"] == "tax_payment" and session["outcome"] == "completed"
    assert session["elderly"] is True and session["id_hash"] == "ab" * 32
    assert "masked_id" not in session  # the centre counts repeat visits by the keyed hash alone
    rating = rows[-1][2]
    assert {k: v for k, v in rating.items() if v is not None} == {
        "kind": "rating", "session_id": sid, "service_id": "tax_payment", "level": 2,
        "reasons": ["too_slow", "other"], "channel": "自助终端", "outcome": "completed",
        "started_at": rating["started_at"], "ended_at": rating["ended_at"], "rated_at": rating["rated_at"],
        "with_contact": False,
    }  # fmt: skip
    assert [p["state"] for _, kind, p in rows if kind == "print_job"] == ["queued", "printing", "done"]


def test_a_record_that_fails_takes_its_outbox_row_and_number_with_it(records: Records) -> None:
    records.start_session("s1", "tax_payment", AT, elderly=False, language="zh_CN")
    records.rate("s1", 5, AT)
    with pytest.raises(IntegrityError):
        records.rate("s1", 4, AT)  # one rating per session: the insert fails, so must its outbox row
    records.device_status("camera", "ready", AT)
    assert [(seq, kind) for seq, kind, _ in _outbox(records)] == [(1, "rating"), (2, "device_status")]
    state = outbox.status(records.engine)
    assert state.last_seq == 2 and state.backlog == 2


def test_rows_carry_uuid_wall_time_boot_and_schema_version(records: Records) -> None:
    records.device_status("camera", "ready", AT)
    with Session(records.engine) as db:
        row = db.get_one(OutboxRow, 1)
    assert uuid.UUID(row.uuid).version == 4
    assert uuid.UUID(row.boot_id) and row.boot_id == outbox.boot_id()
    assert row.at == AT and row.schema == SCHEMA_VERSION


def test_retention_keeps_unacknowledged_rows_and_prunes_acknowledged_ones_after_their_days(
    records: Records,
) -> None:
    for minute in range(6):
        records.device_status("camera", "ready" if minute % 2 else "frozen", AT + timedelta(minutes=minute))
    outbox.acknowledge(records.engine, 4, AT)
    later = AT + timedelta(days=15)
    assert outbox.prune(records.engine, later, keep_acknowledged_days=30, keep_unsent_days=None) == 0
    assert outbox.prune(records.engine, later, keep_acknowledged_days=14, keep_unsent_days=None) == 4
    assert [seq for seq, _, _ in _outbox(records)] == [5, 6]  # not acknowledged: kept however old
    pending = outbox.pending(records.engine, 10)
    assert [row.seq for row in pending.rows] == [5, 6] and pending.pruned_through == 0


def test_with_sync_off_rows_are_pruned_by_age_and_the_gap_is_remembered(records: Records) -> None:
    for day in range(5):
        records.device_status("camera", "ready" if day % 2 else "frozen", AT + timedelta(days=day))
    gone = outbox.prune(
        records.engine, AT + timedelta(days=4), keep_acknowledged_days=14, keep_unsent_days=2.5
    )
    assert gone == 2
    pending = outbox.pending(records.engine, 10)
    assert pending.pruned_through == 2 and [row.seq for row in pending.rows] == [3, 4, 5]
    assert outbox.status(records.engine).backlog == 3


def test_a_second_engine_on_the_file_keeps_the_locks_of_the_first(tmp_path: Path) -> None:
    """POSIX drops every lock a process holds on a file when any descriptor of it is closed. A
    second engine (``kiosk diag`` or ``stats`` run inside a kiosk's process) must not open and close
    the database file itself: another process closing last would then take the kiosk's WAL for
    unused, delete its shared memory and leave the kiosk reading a WAL that is not there."""
    path = tmp_path / "kiosk.db"
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    with engine.connect() as connection:
        connection.execute(text("CREATE TABLE visits (id INTEGER PRIMARY KEY)"))
        connection.execute(text("INSERT INTO visits DEFAULT VALUES"))
        connection.commit()
        make_engine(url).dispose()
        closer = (
            "import sqlite3, sys; "
            "sqlite3.connect(sys.argv[1]).execute('SELECT count(*) FROM visits').connection.close()"
        )
        subprocess.run([sys.executable, "-c", closer, str(path)], check=True, timeout=30)
        assert path.with_name("kiosk.db-shm").exists(), "another process took the kiosk's WAL for unused"
        assert connection.execute(text("SELECT count(*) FROM visits")).scalar_one() == 1
    engine.dispose()
