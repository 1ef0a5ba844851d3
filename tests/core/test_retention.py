"""A database that stays small: old sessions go with everything that names them, the technician's
old events and old device history go, each part's last status stays, and the file shrinks."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Connection, func, insert, select
from sqlalchemy.engine import Engine

from kiosk.audit import AuditEvent
from kiosk.cli import main
from kiosk.documents.base import DocumentKind, IssuedDocument
from kiosk.storage import outbox
from kiosk.storage.db import make_engine
from kiosk.storage.migrate import upgrade
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
from kiosk.storage.records import Records
from kiosk.storage.retention import (
    KEEP_DAYS_MIN,
    TABLES,
    AutoVacuum,
    RetentionPolicy,
    auto_vacuum_mode,
    prune,
)

NOW = datetime(2027, 6, 1, 3, 30)
OLD = NOW - timedelta(days=400)
RECENT = NOW - timedelta(days=10)


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'kiosk.db'}")
    upgrade(engine)
    yield engine
    engine.dispose()


def _visit(records: Records, session_id: str, at: datetime) -> None:
    """A whole visit as the journey writes it: the session, its events, a print job, a rating."""
    records.start_session(session_id, "credit_report", at, elderly=False, language="zh_CN")
    start = records.begin(AuditEvent.SESSION, at, session_id=session_id)
    records.queue_print_job(session_id, "credit_report", f"DOC-{session_id}", 2, 1, at)
    issued = IssuedDocument(
        number=f"DOC-{session_id}",
        kind=DocumentKind.CREDIT_REPORT,
        title="个人信用报告",
        pdf=b"",
        pages=2,
        sha256="ab" * 32,
        verification="",
        issued_at=at,
    )
    records.issued_document(issued, session_id)
    records.fail_interrupted_jobs(at)
    records.rate(session_id, 5, at)
    records.finish(start, AuditEvent.SESSION, at, "completed", session_id=session_id)
    records.end_session(session_id, at, "completed", fault_device=None, elderly=False, language="zh_CN")


def _counts(engine: Engine) -> dict[str, int]:
    models = (
        SessionRow,
        AuditEventRow,
        PrintJobRow,
        RatingRow,
        IssuedDocumentRow,
        DeviceStatusRow,
        ReprintRow,
        CallbackContactRow,
    )
    with engine.connect() as connection:
        return {
            table: int(connection.scalar(select(func.count()).select_from(model)) or 0)
            for table, model in zip(TABLES, models, strict=True)
        }


def _fill(engine: Engine) -> Records:
    records = Records(engine)
    for index in range(5):
        _visit(records, f"old{index}", OLD + timedelta(hours=index))
    # old1 reprinted old0's job with its code: the code's use goes with the old visits
    first = next(job for job in records.print_jobs() if job.session_id == "old0")
    assert records.use_reprint(first.reprint_code, first.id, "old1", OLD + timedelta(hours=1))
    for index in range(3):
        _visit(records, f"new{index}", RECENT + timedelta(hours=index))
    records.event(AuditEvent.SELF_TEST, OLD, outcome="passed")  # the technician's, no session
    records.event(AuditEvent.SELF_TEST, RECENT, outcome="passed")
    records.device_status("receipt_printer", "ready", OLD)
    records.device_status("receipt_printer", "paper_out", OLD + timedelta(days=1))
    records.device_status("receipt_printer", "ready", RECENT)
    records.device_status("camera", "ready", OLD)  # never changed since: its only row stays
    return records


def test_old_sessions_go_with_everything_that_names_them(engine: Engine) -> None:
    _fill(engine)
    before = _counts(engine)

    report = prune(engine, RetentionPolicy(keep_days=365), NOW)

    after = _counts(engine)
    assert report.cutoff == NOW - timedelta(days=365) and not report.held_by_hold
    assert report.deleted == {
        "sessions": 5,
        "audit_events": 5 * 2 + 1,  # each old visit's start and finish, and the old self-test
        "print_jobs": 5,
        "ratings": 5,
        "issued_documents": 5,
        "device_status_changes": 2,  # the printer's two old rows; the camera's only row stays
        "reprints": 1,  # old0's code, used by old1
        "callback_contacts": 0,
    }
    assert after == {table: before[table] - report.deleted[table] for table in TABLES}
    with engine.connect() as connection:
        kept = set(connection.scalars(select(SessionRow.id)))
        statuses = connection.execute(select(DeviceStatusRow.device, DeviceStatusRow.status)).all()
    assert kept == {"new0", "new1", "new2"}
    assert sorted(statuses) == [("camera", "ready"), ("receipt_printer", "ready")]


def test_a_dry_run_counts_what_a_prune_deletes_and_deletes_nothing(engine: Engine) -> None:
    _fill(engine)
    before = _counts(engine)

    dry = prune(engine, RetentionPolicy(keep_days=365), NOW, dry_run=True)
    assert _counts(engine) == before
    real = prune(engine, RetentionPolicy(keep_days=365), NOW)

    assert dry.deleted == real.deleted and sum(real.deleted.values()) > 0


def test_the_app_goes_on_writing_after_a_prune(engine: Engine) -> None:
    _fill(engine)
    prune(engine, RetentionPolicy(keep_days=365), NOW)

    records = Records(engine)  # a fresh start of the app: it reads each part's last status back
    assert records.device_status("camera", "ready", NOW) is False
    assert records.device_status("receipt_printer", "ready", NOW) is False
    _visit(records, "after", NOW)
    assert records.session("after") is not None


def test_a_hold_keeps_what_something_still_needs(engine: Engine) -> None:
    _fill(engine)
    needed_from = OLD + timedelta(hours=3)  # e.g. the outbox's oldest row the centre has not acknowledged

    def outbox_not_acknowledged(connection: Connection) -> datetime | None:
        return needed_from

    report = prune(
        engine, RetentionPolicy(keep_days=365), NOW, holds=[outbox_not_acknowledged, lambda c: None]
    )

    assert report.cutoff == needed_from and report.held_by_hold
    assert report.deleted["sessions"] == 3  # old0, old1, old2 started before it
    later = prune(engine, RetentionPolicy(keep_days=365), NOW, holds=[lambda c: NOW])
    assert later.cutoff == NOW - timedelta(days=365) and not later.held_by_hold  # a later hold: the age rules


def test_pruning_gives_the_space_back_to_the_file_system(engine: Engine, tmp_path: Path) -> None:
    assert auto_vacuum_mode(engine) is AutoVacuum.INCREMENTAL  # a new kiosk's database
    with engine.begin() as connection:  # a few months of visits at once (one by one costs an fsync each)
        connection.execute(
            insert(SessionRow),
            [
                {"id": f"old{i}", "service_id": "credit_report", "started_at": OLD + timedelta(minutes=i),
                 "elderly_mode": False, "language": "zh_CN", "id_hash": f"{i:064x}"}
                for i in range(2000)
            ],
        )  # fmt: skip
        connection.execute(
            insert(AuditEventRow),
            [
                {"event_id": f"e{i}", "session_id": f"old{i // 4}", "type": "card_read", "phase": "once",
                 "detail": {"reader": "ga467"}, "at": OLD + timedelta(minutes=i // 4)}
                for i in range(8000)
            ],
        )  # fmt: skip
    database = tmp_path / "kiosk.db"
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").all()
    full = database.stat().st_size

    report = prune(engine, RetentionPolicy(keep_days=365), NOW)

    assert report.deleted["sessions"] == 2000 and report.freed_pages > 100
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA freelist_count").scalar() == 0  # every free page given back
    assert database.stat().st_size <= full - report.freed_pages * 4096 // 2
    assert not Path(f"{database}-wal").exists() or Path(f"{database}-wal").stat().st_size == 0


def test_fewer_days_than_the_diagnostics_show_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(ValueError, match="at least 8 days"):
        RetentionPolicy(keep_days=7)
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[storage]\nurl = "sqlite:///{tmp_path / "kiosk.db"}"\n', encoding="utf-8")
    assert main(["--config", str(config), "db", "prune", "--keep-days", "3"]) == 2
    assert "keeps at least 8 days (3 asked)" in capsys.readouterr().err


def test_the_prune_command(
    engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    records = Records(engine)
    _visit(records, "long-ago", datetime.now() - timedelta(days=40))
    _visit(records, "lately", datetime.now() - timedelta(days=2))
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[storage]\nurl = "{engine.url}"\n', encoding="utf-8")

    assert main(["--config", str(config), "db", "prune", "--keep-days", "30", "--dry-run"]) == 0
    assert "would delete 1 sessions, 2 audit_events" in capsys.readouterr().out
    monkeypatch.setenv("KIOSK_KEEP_DAYS", "30")  # as civic-kiosk-prune.service sets it
    assert main(["--config", str(config), "db", "prune"]) == 0
    out = capsys.readouterr().out
    assert "Kept 30 days" in out and "deleted 1 sessions, 2 audit_events, 1 print_jobs" in out
    assert "free pages back" in out
    assert Records(engine).session("long-ago") is None and Records(engine).session("lately") is not None


def test_with_sync_on_what_the_centre_has_not_acknowledged_stays(
    engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records = Records(engine)
    _visit(records, "long-ago", datetime.now() - timedelta(days=40))
    _visit(records, "lately", datetime.now() - timedelta(days=2))
    config = tmp_path / "kiosk.toml"
    config.write_text(
        f'[storage]\nurl = "{engine.url}"\n'
        '[sync]\nenabled = true\nurl = "https://central.example"\ntoken = "t"\n',
        encoding="utf-8",
    )

    assert main(["--config", str(config), "db", "prune", "--keep-days", "30"]) == 0
    assert "not acknowledged it yet" in capsys.readouterr().out
    assert Records(engine).session("long-ago") is not None  # its records never reached the centre

    with engine.connect() as connection:
        newest = connection.scalar(select(func.max(outbox.OutboxRow.seq)))
    outbox.acknowledge(engine, int(newest or 0), datetime.now())
    assert main(["--config", str(config), "db", "prune", "--keep-days", "30"]) == 0
    assert "deleted 1 sessions" in capsys.readouterr().out
    assert Records(engine).session("long-ago") is None and Records(engine).session("lately") is not None


def test_a_call_back_number_goes_with_its_visit(engine: Engine) -> None:
    """A kiosk that keeps fewer days than ``[rating] contact_days``: the number is pruned with the
    visit it was left on (it is personal data: earlier is only more private), never in the way."""
    records = Records(engine)
    at = NOW - timedelta(days=10)
    _visit(records, "poor", at)
    with engine.begin() as connection:
        connection.execute(insert(CallbackContactRow).values(
            session_id="poor", token="ck1.sealed", created_at=at, delete_after=at + timedelta(days=30)
        ))  # fmt: skip

    report = prune(engine, RetentionPolicy(keep_days=KEEP_DAYS_MIN), NOW)

    assert report.deleted["sessions"] == 1 and report.deleted["callback_contacts"] == 1
    assert records.callback_contacts() == []
