"""Central statistics: the same bands and the same calendar as ``kiosk stats``, over every kiosk."""

from __future__ import annotations

import dataclasses
import json
import random
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from central.ingest import ACKNOWLEDGEMENT, Ingest, parse
from central.stats import GroupBy, band_sql, fill_calendar, sessions_by_band
from kiosk.clock import FakeClock
from kiosk.config import CalendarConfig, KioskConfig, KioskIdentity, SyncConfig
from kiosk.stats import Band, band_of
from kiosk.stats import sessions_by_band as kiosk_sessions_by_band
from kiosk.storage.db import make_engine
from kiosk.storage.migrate import upgrade
from kiosk.storage.records import Records
from kiosk.sync.shipper import Shipper
from kiosk.workdays import WorkCalendar
from tests.fleet.rig import Database

CALENDAR = CalendarConfig(rest_days=(date(2026, 11, 18),), working_days=(date(2026, 11, 21),))
"""A Wednesday the hall closed, and a Saturday it worked (调休)."""


def _instants(count: int, seed: int) -> list[datetime]:
    rng = random.Random(seed)
    start = datetime(2026, 9, 25)  # across National Day week, its 调休 and the hall's own days
    picked = [start + timedelta(minutes=rng.randrange(0, 70 * 24 * 60)) for _ in range(count)]
    edges = [
        datetime(2026, 11, 20, h, m)
        for h, m in (
            (7, 0),
            (8, 59),
            (9, 0),
            (12, 0),
            (13, 29),
            (13, 30),
            (16, 59),
            (17, 0),
            (20, 59),
            (21, 0),
        )
    ]
    return (
        picked
        + edges
        + [datetime(2026, 11, 18, 10, 0), datetime(2026, 11, 21, 10, 0), datetime(2026, 10, 1, 10)]
    )


def _kiosk(folder: Path, kiosk_id: str, instants: list[datetime]) -> KioskConfig:
    config = KioskConfig(
        kiosk=KioskIdentity(id=kiosk_id),
        data_dir=folder,
        calendar=CALENDAR,
        sync=SyncConfig(enabled=True, url="http://central.test", token="t", batch_rows=200),
    )
    engine = make_engine(config.database_url())
    upgrade(engine)
    records = Records(engine)
    for index, at in enumerate(instants):
        sid = str(uuid.uuid4())
        records.start_session(sid, "tax_payment", at, elderly=False, language="zh_CN")
        records.identify_session(
            sid, card_type="resident_id", masked_id="x", id_hash=f"{index % 40:064x}"
        )  # some card holders come back
        outcome = "completed" if index % 4 else "cancelled"
        records.end_session(
            sid, at + timedelta(minutes=1), outcome, fault_device=None, elderly=False, language="zh_CN"
        )
    engine.dispose()
    return config


def _ship(config: KioskConfig, database: Database) -> None:
    ingest = Ingest()

    def centre(request: httpx.Request) -> httpx.Response:  # the central ingest, without the HTTP server
        with database.connect() as connection:
            answer = ingest.store(connection, config.kiosk.id, parse(request.content), date(2026, 12, 1))
        return httpx.Response(200, json=ACKNOWLEDGEMENT.dump_python(answer, mode="json"))

    engine = make_engine(config.database_url())
    with Shipper(config, engine, FakeClock(), transport=httpx.MockTransport(centre)) as shipper:
        shipper.drain()
    engine.dispose()


@pytest.fixture(scope="module")
def filled(
    shared_database: Database, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Database, dict[str, KioskConfig]]:
    """Three kiosks in two halls, their sessions shipped (once for the module: only read after)."""
    database, tmp_path = shared_database, tmp_path_factory.mktemp("kiosks")
    with database.connect() as connection:
        fill_calendar(connection, CALENDAR)
    kiosks = {}
    for index, (kiosk_id, hall) in enumerate((("K1", "H1"), ("K2", "H1"), ("K3", "H2"))):
        database.register(kiosk_id, hall)
        kiosks[kiosk_id] = _kiosk(tmp_path / kiosk_id, kiosk_id, _instants(80, seed=index))
        _ship(kiosks[kiosk_id], database)
    return database, kiosks


def test_the_central_bands_are_the_kiosks_bands(filled: tuple[Database, dict[str, KioskConfig]]) -> None:
    database, kiosks = filled
    with database.connect() as connection:
        by_kiosk = sessions_by_band(connection, by=GroupBy.KIOSK)
    for kiosk_id, config in kiosks.items():
        engine = make_engine(config.database_url())
        local = {c.band: c for c in kiosk_sessions_by_band(engine, calendar=WorkCalendar(CALENDAR))}
        engine.dispose()
        central = {r.band: r for r in by_kiosk if r.group == kiosk_id}
        assert {b: (c.sessions, c.completed, c.repeat_visitors) for b, c in local.items()} == {
            b: (r.sessions, r.completed, r.repeat_visitors) for b, r in central.items()
        }
    assert {r.band for r in by_kiosk} == set(Band)


def test_the_band_sql_agrees_with_band_of_instant_by_instant(database: Database) -> None:
    with database.connect() as connection:
        fill_calendar(connection, CALENDAR)
        instants = _instants(500, seed=7)
        rows = connection.execute(
            "SELECT i.started_at, "
            + band_sql("started_at").as_string(connection)
            + " FROM unnest(%s::timestamp[]) AS i(started_at)"
            " LEFT JOIN calendar_days c ON c.day = i.started_at::date",
            (instants,),
        ).fetchall()
    calendar = WorkCalendar(CALENDAR)
    assert [(at, band) for at, band in rows] == [(at, band_of(at, calendar).value) for at in instants]


def test_by_hall_and_over_every_kiosk_with_a_date_range(
    filled: tuple[Database, dict[str, KioskConfig]],
) -> None:
    database, _ = filled
    since, until = datetime(2026, 11, 1), datetime(2026, 11, 30)
    with database.connect() as connection:
        halls = sessions_by_band(connection, since, until, GroupBy.HALL)
        everything = sessions_by_band(connection, since, until)
        in_range = connection.execute(
            "SELECT count(*) FROM sessions WHERE started_at >= %s AND started_at < %s", (since, until)
        ).fetchone()
    assert {r.group for r in halls} == {"H1", "H2"}
    assert sum(r.sessions for r in halls) == sum(r.sessions for r in everything) == in_range[0]  # type: ignore[index]
    assert json.dumps([dataclasses.asdict(r) for r in everything])  # what `kiosk-central stats --json` prints
