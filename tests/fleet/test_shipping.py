"""Kiosks as processes with their own SQLite, shipping to the central service through faults:
the link down for a while, the shipper killed, the centre and PostgreSQL restarted, answers lost.
After each, every row is at the centre exactly once, in order."""

from __future__ import annotations

import json
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from central.local import LocalPostgres
from tests.fleet.rig import CentralProcess, Database, KioskBox, Link, received, wait_until

pytestmark = [pytest.mark.realstack, pytest.mark.slow]


@pytest.fixture
def database(shared_database: Database) -> Database:
    return shared_database  # each test ships kiosks of its own


@pytest.fixture
def central(shared_central: CentralProcess) -> Iterator[CentralProcess]:
    yield shared_central
    if shared_central.process is None:  # a test that stopped it and failed before starting it again
        shared_central.start()


def _kiosk(tmp_path: Path, database: Database, url: str, name: str, batch_rows: int = 50) -> KioskBox:
    return KioskBox(tmp_path / name, name, database.register(name), url, batch_rows=batch_rows)


def _sessions(database: Database, kiosk_id: str) -> int:
    return int(database.scalar("SELECT count(*) FROM sessions WHERE kiosk_id = %s", kiosk_id))


def _received(database: Database, kiosk_id: str) -> int:
    return int(database.scalar("SELECT count(*) FROM received WHERE kiosk_id = %s", kiosk_id))


def _exactly_once(box: KioskBox, database: Database) -> None:
    """The centre holds the kiosk's outbox, row for row, and received them in sequence order."""
    assert received(database, box.kiosk_id) == box.outbox()
    with database.connect() as connection:
        order = connection.execute(
            "SELECT seq FROM received WHERE kiosk_id = %s ORDER BY received_at, seq", (box.kiosk_id,)
        ).fetchall()
    assert [seq for (seq,) in order] == [seq for seq, _ in box.outbox()]
    assert database.scalar("SELECT acked_seq FROM kiosks WHERE id = %s", box.kiosk_id) == box.last_seq()


def _all_acknowledged(box: KioskBox, database: Database) -> bool:
    return database.scalar("SELECT acked_seq FROM kiosks WHERE id = %s", box.kiosk_id) == box.last_seq()


def test_the_link_down_while_sessions_happen_then_up(
    tmp_path: Path, database: Database, central: CentralProcess
) -> None:
    link = Link(central.port)
    box = _kiosk(tmp_path, database, link.url, "OUTAGE")
    try:
        box.follow()
        link.cut()
        box.simulate(30)  # ≈ 200 rows written while nothing gets through

        def refused() -> bool:
            status = json.loads(box.kiosk("sync", "status", "--json").stdout)
            return bool(status["backlog"] >= 190 and status["last_error"])

        wait_until(refused, timeout=30, every=0.5)
        assert _sessions(database, "OUTAGE") == 0
        link.restore()
        wait_until(lambda: _all_acknowledged(box, database), timeout=90)
    finally:
        box.stop_shipper()
        link.close()
    _exactly_once(box, database)
    assert _sessions(database, "OUTAGE") == 30
    status = json.loads(box.kiosk("sync", "status", "--json").stdout)
    assert status["last_error"] is None and status["acknowledged_seq"] == box.last_seq()


def test_the_shipper_killed_mid_batch_again_and_again(
    tmp_path: Path, database: Database, central: CentralProcess
) -> None:
    box = _kiosk(tmp_path, database, central.url, "KILLED", batch_rows=5)
    box.simulate(25)

    def acked() -> int:
        return int(database.scalar("SELECT acked_seq FROM kiosks WHERE id = 'KILLED'"))

    mid_stream = []
    try:
        while len(mid_stream) < 3:
            before = acked()
            box.follow()
            wait_until(lambda before=before: acked() > before, timeout=60, every=0.005)
            box.stop_shipper(signal.SIGKILL)  # as soon as the centre took a batch: the next is under way
            mid_stream.append((acked(), box.last_seq()))
        box.follow()
        wait_until(lambda: _all_acknowledged(box, database), timeout=90)
    finally:
        box.stop_shipper()
    assert all(0 < held < written for held, written in mid_stream), mid_stream  # killed with rows to go
    _exactly_once(box, database)


def test_answers_lost_after_the_centre_committed_are_harmless(
    tmp_path: Path, database: Database, central: CentralProcess
) -> None:
    link = Link(central.port)
    box = _kiosk(tmp_path, database, link.url, "DEAF", batch_rows=30)
    box.simulate(12)
    link.lose_replies = True
    try:
        done = box.kiosk("sync", check=False)
        assert done.returncode != 0  # it never heard back …
        assert _received(database, "DEAF") == 30  # … but the first batch is in
        link.lose_replies = False
        assert box.kiosk("sync").returncode == 0  # the same rows again, then the rest
    finally:
        link.close()
    _exactly_once(box, database)


def test_the_central_service_stopped_and_restarted_mid_batch(
    tmp_path: Path, database: Database, central: CentralProcess
) -> None:
    box = _kiosk(tmp_path, database, central.url, "CENTRE-DOWN", batch_rows=10)
    box.simulate(25)
    try:
        box.follow()
        wait_until(lambda: _received(database, "CENTRE-DOWN") > 0, timeout=30, every=0.01)
        central.stop(signal.SIGKILL)  # mid-stream: the kiosk is sending batch after batch
        time.sleep(1.5)
        central.start()
        wait_until(lambda: _all_acknowledged(box, database), timeout=90)
    finally:
        box.stop_shipper()
    assert box.last_seq() > database.scalar("SELECT count(*) FROM heartbeats WHERE kiosk_id = 'CENTRE-DOWN'")
    _exactly_once(box, database)


def test_postgresql_restarted_while_kiosks_ship(
    tmp_path: Path, database: Database, central: CentralProcess, postgres: LocalPostgres
) -> None:
    box = _kiosk(tmp_path, database, central.url, "PG-RESTART", batch_rows=10)
    box.simulate(25)
    try:
        box.follow()
        wait_until(lambda: _received(database, "PG-RESTART") > 0, timeout=30, every=0.01)
        postgres.restart()
        wait_until(lambda: _all_acknowledged(box, database), timeout=90)
    finally:
        box.stop_shipper()
    _exactly_once(box, database)


def test_sync_off_ships_nothing_and_status_says_so(
    tmp_path: Path, database: Database, central: CentralProcess
) -> None:
    box = _kiosk(tmp_path, database, central.url, "SYNC-OFF")
    box.write_config(enabled=False)
    box.simulate(3)
    done = box.kiosk("sync", check=False)
    assert done.returncode == 4 and "Sync is off" in done.stderr
    out = box.kiosk("sync", "status").stdout
    assert "Sync: off" in out and "Backlog: " in out
    assert _received(database, "SYNC-OFF") == 0
