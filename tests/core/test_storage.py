"""Storage: migrations, SQLite durability settings, the print journal, status changes, no PII."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from kiosk.audit import AuditEvent
from kiosk.cli import main
from kiosk.storage.db import make_engine
from kiosk.storage.migrate import SCHEMA_HEAD, current_revision, head_revision, upgrade
from kiosk.storage.records import PrintJobState, Records

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
    } <= tables
    assert any(name.startswith("registry_") or name in {"people", "businesses"} for name in tables)


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
