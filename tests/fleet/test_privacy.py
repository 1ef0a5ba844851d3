"""Real journeys (the demo's mock kiosk and scripted citizens) shipped to the central service:
no name, ID number, address, photo or face in the outbox or the central database."""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path

from kiosk.clock import SystemClock
from kiosk.config import KioskConfig, SyncConfig
from kiosk.demo.people import LI_YAN, LIU_XIUYING, ZHANG_WEI, demo_people
from kiosk.demo.player import DemoPlayer
from kiosk.demo.rig import start_scenario
from kiosk.demo.scenarios import scenarios
from kiosk.storage.db import make_engine
from kiosk.sync.shipper import Sent, Shipper
from tests.fleet.rig import CentralProcess, Database

PLAYED = {"credit_report", "credit_report-elderly", "english", "a4-paper-out", "face-check-failed"}


def _everything_central(database: Database) -> str:
    """Every table's rows as text, the partitions included."""
    with database.connect() as connection:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT tablename FROM pg_tables"
                " WHERE schemaname = 'public' AND tablename <> 'alembic_version'"
            )
        ]
        return "\n".join(
            str(row) for table in tables for row in connection.execute(f'SELECT * FROM "{table}"').fetchall()
        )


def test_shipped_journeys_carry_no_personal_data(
    tmp_path: Path, database: Database, central: CentralProcess
) -> None:
    token = database.register("KSK-DEMO-01")
    config = dataclasses.replace(
        KioskConfig(), sync=SyncConfig(enabled=True, url=central.url, token=token, batch_rows=100)
    )
    work = tmp_path / "work"
    played = [s for s in scenarios(config) if s.name in PLAYED]
    assert len(played) == len(PLAYED)
    for scenario in played:
        kiosk, clock = start_scenario(scenario, config, work)
        try:
            DemoPlayer(kiosk, clock, scenario).play()
        finally:
            kiosk.close()
    engine = make_engine(f"sqlite:///{work / 'kiosk.db'}")
    with Shipper(dataclasses.replace(config, data_dir=work), engine, SystemClock()) as shipper:
        shipper.beat()
        assert shipper.drain().sent is Sent.ACKNOWLEDGED
    engine.dispose()

    with sqlite3.connect(work / "kiosk.db") as db:
        outbox = "\n".join(str(row) for row in db.execute("SELECT * FROM outbox"))
        hashes = [h for (h,) in db.execute("SELECT id_hash FROM sessions WHERE id_hash IS NOT NULL")]
    central_text = _everything_central(database)
    assert database.scalar("SELECT count(*) FROM sessions") == len(played)
    assert database.scalar("SELECT count(*) FROM kiosk_readiness") == 1
    assert hashes, "the journeys identified their card holders"
    people = demo_people()
    for number in (ZHANG_WEI, LI_YAN, LIU_XIUYING):
        person = people[number]
        for secret in (number, number[-8:], number[:4] + "*", person["name"], person["address"]):
            assert secret not in outbox, secret
            assert secret not in central_text, secret
    for text in (outbox, central_text):
        assert "photo" not in text and "face_descriptor" not in text and "JFIF" not in text
