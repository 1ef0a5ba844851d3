"""Migrations from every release: a database left at any revision, with a kiosk's records in it,
reaches the newest with every row intact; a database from a newer release is refused, untouched,
with a sentence that says what to do."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, inspect, select, text

from kiosk.cli import EXIT_STORAGE, main
from kiosk.storage.db import make_engine
from kiosk.storage.migrate import (
    SCHEMA_HEAD,
    SchemaTooNewError,
    current_revision,
    head_revision,
    known_revisions,
    upgrade,
)
from kiosk.storage.models import AuditEventRow, DeviceStatusRow, PrintJobRow, RatingRow, SessionRow
from kiosk.storage.records import PrintJobState, Records

# The first release's tables, filled with plain SQL as that release wrote them (never through
# today's models, which may have columns its schema had not).
FIRST_RELEASE_ROWS = [
    "INSERT INTO sessions (id, service_id, started_at, ended_at, outcome, fault_device, elderly_mode,"
    " language, card_type, masked_id, id_hash) VALUES ('s1', 'credit_report', '2026-01-05 19:30:00.000000',"
    " '2026-01-05 19:33:00.000000', 'completed', NULL, 1, 'zh_CN', 'resident_id', '6301**********123X',"
    f" '{'ab' * 32}')",
    "INSERT INTO audit_events (event_id, session_id, type, phase, pairs_with, outcome, detail, at) VALUES"
    " ('e1', 's1', 'session', 'start', NULL, NULL, '{\"service\": \"credit_report\"}',"
    " '2026-01-05 19:30:00.000000')",
    "INSERT INTO audit_events (event_id, session_id, type, phase, pairs_with, outcome, detail, at) VALUES"
    " ('e2', 's1', 'session', 'finish', 'e1', 'completed', '{}', '2026-01-05 19:33:00.000000')",
    "INSERT INTO print_jobs (id, session_id, service_id, document_number, pages, copies, state,"
    " reprint_code, detail, created_at, updated_at) VALUES ('j1', 's1', 'credit_report',"
    " 'KSK-0001-20260105-000001', 5, 1, 'failed', '7K3M9QAB', 'paper out', '2026-01-05 19:31:00.000000',"
    " '2026-01-05 19:32:00.000000')",
    "INSERT INTO ratings (session_id, level, label, at)"
    " VALUES ('s1', 5, '非常满意', '2026-01-05 19:33:00.000000')",
    "INSERT INTO device_status_changes (device, status, detail, at) VALUES ('receipt_printer', 'paper_out',"
    " NULL, '2026-01-05 19:00:00.000000')",
    "INSERT INTO issued_documents (number, kind, sha256, pages, session_id, issued_at) VALUES"
    f" ('KSK-0001-20260105-000001', 'credit_report', '{'cd' * 32}', 5, 's1', '2026-01-05 19:31:00.000000')",
]


def _filled_at(tmp_path: Path, revision: str) -> str:
    """A database the first release filled, then upgraded to ``revision`` (as a kiosk would be),
    records and all: each migration on the way meets real rows, foreign keys on."""
    url = f"sqlite:///{tmp_path / f'at-{revision}.db'}"
    engine = make_engine(url)
    upgrade(engine, "0001")
    with engine.begin() as connection:
        for statement in FIRST_RELEASE_ROWS:
            connection.execute(text(statement))
    upgrade(engine, revision)
    engine.dispose()
    return url


def test_the_first_revision_is_the_first_release(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'kiosk.db'}")
    revisions = known_revisions(engine)
    assert revisions[0] == "0001" and revisions[-1] == head_revision(engine) == SCHEMA_HEAD
    engine.dispose()


@pytest.mark.parametrize("revision", known_revisions(make_engine("sqlite://")))
def test_every_revision_with_records_in_it_upgrades_to_the_newest(tmp_path: Path, revision: str) -> None:
    engine = make_engine(_filled_at(tmp_path, revision))
    assert current_revision(engine) == revision

    upgrade(engine)

    assert current_revision(engine) == SCHEMA_HEAD
    with engine.connect() as connection:
        for table in ("sessions", "audit_events", "print_jobs", "ratings", "device_status_changes"):
            assert connection.scalar(text(f"SELECT count(*) FROM {table}")) >= 1, table
    # Today's code reads what the first release wrote.
    records = Records(engine)
    session = records.session("s1")
    assert (
        session is not None
        and session.outcome == "completed"
        and session.started_at == datetime(2026, 1, 5, 19, 30)
    )
    assert [e.phase for e in records.events("s1")] == ["start", "finish"]
    (job,) = records.print_jobs(states=(PrintJobState.FAILED,))
    assert job.reprint_code == "7K3M9QAB"
    # 0006: a job of an earlier release starts at the document's first sheet, and no earlier
    # visit was a reprint
    assert job.first_sheet == 0 and job.sheets_out == 0
    assert session.reprint_of is None
    assert records.device_status("receipt_printer", "paper_out", datetime(2026, 2, 1)) is False  # no change
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(RatingRow)) == 1
    engine.dispose()


def test_a_database_of_a_newer_release_is_refused_and_left_as_it_is(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = _filled_at(tmp_path, SCHEMA_HEAD)
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()

    engine = make_engine(url)
    with pytest.raises(SchemaTooNewError) as refused:
        upgrade(engine)
    engine.dispose()
    assert refused.value.revision == "9999"
    assert "a newer release wrote it" in str(refused.value) and "restore the copy" in str(refused.value)

    config = tmp_path / "kiosk.toml"
    config.write_text(f'[storage]\nurl = "{url}"\n', encoding="utf-8")
    assert main(["--config", str(config), "db", "upgrade"]) == EXIT_STORAGE
    err = capsys.readouterr().err
    assert "schema revision 9999" in err and "Install that release (or a newer one) again" in err
    assert "internal error" not in err
    assert main(["--config", str(config), "stats"]) == EXIT_STORAGE
    capsys.readouterr()

    engine = make_engine(url)
    with engine.connect() as connection:
        assert connection.scalar(text("SELECT version_num FROM alembic_version")) == "9999"
        assert connection.scalar(select(func.count()).select_from(SessionRow)) == 1
        assert "registry_people" in inspect(connection).get_table_names()
    engine.dispose()


def test_db_upgrade_turns_incremental_vacuum_on_in_an_older_database_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = tmp_path / "kiosk.db"
    url = _filled_at(tmp_path, "0001")
    shutil.move(url.removeprefix("sqlite:///"), database)
    with make_engine(f"sqlite:///{database}").connect().execution_options(isolation_level="AUTOCOMMIT") as c:
        c.exec_driver_sql("PRAGMA auto_vacuum = NONE")
        c.exec_driver_sql("VACUUM")  # as a kiosk made before incremental vacuum was the default
        assert c.exec_driver_sql("PRAGMA auto_vacuum").scalar() == 0
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[storage]\nurl = "sqlite:///{database}"\n', encoding="utf-8")

    assert main(["--config", str(config), "db", "upgrade"]) == 0
    out = capsys.readouterr().out
    assert f"upgraded from revision 0001 to {SCHEMA_HEAD}" in out and "incremental vacuum on" in out
    assert main(["--config", str(config), "db", "upgrade"]) == 0
    assert "incremental vacuum" not in capsys.readouterr().out

    engine = make_engine(f"sqlite:///{database}")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA auto_vacuum").scalar() == 2
        assert connection.scalar(select(func.count()).select_from(AuditEventRow)) == 2
        assert connection.scalar(select(func.count()).select_from(PrintJobRow)) == 1
        assert connection.scalar(select(func.count()).select_from(DeviceStatusRow)) == 1
    engine.dispose()
