"""The statistics page and its CSV: the same counts as the SQL they come from, limited to the
viewer's halls, by band over a date range."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta

from fastapi.testclient import TestClient

from central.console.web import PREFIX
from central.stats import GroupBy, sessions_by_band
from tests.fleet.console.conftest import log_in
from tests.fleet.console.records import Sender
from tests.fleet.rig import Database

START = datetime(2026, 11, 2, 0, 7)


def _filled(fleet: Database) -> None:
    Sender(fleet, "K1").sessions(300, START, timedelta(minutes=37))
    Sender(fleet, "K2").sessions(120, START, timedelta(minutes=71))
    Sender(fleet, "K3").sessions(200, START, timedelta(minutes=53))


def _csv(client: TestClient, query: str) -> list[dict[str, str]]:
    reply = client.get(f"{PREFIX}/stats.csv?{query}")
    assert reply.status_code == 200
    assert reply.headers["content-type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(reply.text.lstrip("\ufeff"))))


def test_the_csv_is_the_sql_for_the_city_office(client: TestClient, fleet: Database) -> None:
    _filled(fleet)
    log_in(client, "city")
    rows = _csv(client, "since=2026-11-02&until=2026-11-08&by=kiosk")
    with fleet.connect() as connection:
        expected = sessions_by_band(
            connection, datetime(2026, 11, 2), datetime(2026, 11, 9), GroupBy.KIOSK, repeat_visitors=False
        )
        in_range = connection.execute(
            "SELECT count(*) FROM sessions WHERE started_at >= '2026-11-02' AND started_at < '2026-11-09'"
        ).fetchone()
    assert [(r["kiosk"], r["band"], int(r["sessions"]), int(r["completed"])) for r in rows] == [
        (e.group, e.band.value, e.sessions, e.completed) for e in expected
    ]
    assert sum(int(r["sessions"]) for r in rows) == in_range[0]  # type: ignore[index]
    assert {r["kiosk"] for r in rows} == {"K1", "K2", "K3"}
    assert rows[0]["band_title"] in {"工作日白天", "工作日午间", "工作日早晚", "夜间", "周末及节假日"}
    assert fleet.scalar("SELECT count(*) FROM audit_log WHERE action = 'export_csv'") == 1


def test_a_manager_counts_only_their_halls(client: TestClient, fleet: Database) -> None:
    _filled(fleet)
    log_in(client, "mgr1")
    rows = _csv(client, "since=2026-11-01&until=2026-11-30&by=hall")
    assert {r["hall"] for r in rows} == {"H1"}
    assert sum(int(r["sessions"]) for r in rows) == fleet.scalar(
        "SELECT count(*) FROM sessions WHERE kiosk_id IN ('K1', 'K2')"
    )
    page = client.get(f"{PREFIX}/stats?since=2026-11-01&until=2026-11-30&by=kiosk").text
    assert "K3" not in page and "K1" in page
    assert f'<b id="total">{420}</b>' in page
    assert page.count("<svg") == 2


def test_a_date_range_is_whole_days(client: TestClient, fleet: Database) -> None:
    Sender(fleet, "K1").sessions(
        3, datetime(2026, 11, 5, 23, 59), timedelta(minutes=1)
    )  # 23:59, 00:00, 00:01
    log_in(client, "city")
    rows = _csv(client, "since=2026-11-05&until=2026-11-05")
    assert sum(int(r["sessions"]) for r in rows) == 1
    assert all(r["band"] == "night" for r in rows if int(r["sessions"]))
