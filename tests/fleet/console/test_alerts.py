"""Alerts raised from what the kiosks send, cleared by themselves or by a person, rate-limited, and
the same alerts for Prometheus."""

from __future__ import annotations

from fastapi.testclient import TestClient

from central.console import alerts
from central.console.web import PREFIX
from central.ingest import parse
from tests.fleet.console.conftest import METRICS_TOKEN, csrf_of, log_in
from tests.fleet.console.records import SILENT_MINUTES, Sender, heartbeat, help_request, status
from tests.fleet.rig import Database
from tests.fleet.wire_rows import batch, session_row


def _alerts(database: Database, kiosk: str) -> list[tuple[str, bool, int]]:
    """(key, active, repeats) of each alert of the kiosk, oldest first."""
    with database.connect() as connection:
        rows = connection.execute(
            "SELECT key, cleared_at IS NULL, repeats FROM alerts WHERE kiosk_id = %s ORDER BY id", (kiosk,)
        ).fetchall()
    return [(str(k), bool(a), int(r)) for k, a, r in rows]


def test_paper_near_end_then_out_then_refilled(fleet: Database) -> None:
    k1 = Sender(fleet, "K1")
    k1.send(status("receipt_printer", "paper_near_end"))
    assert _alerts(fleet, "K1") == [("part:receipt_printer:paper_near_end", True, 0)]
    assert fleet.scalar("SELECT severity FROM alerts") == "warning"
    k1.send(status("receipt_printer", "paper_out"))
    assert _alerts(fleet, "K1") == [
        ("part:receipt_printer:paper_near_end", False, 0),
        ("part:receipt_printer:paper_out", True, 0),
    ]
    assert fleet.scalar("SELECT severity FROM alerts WHERE cleared_at IS NULL") == "critical"
    k1.send(status("receipt_printer", "ready"))
    assert [active for _, active, _ in _alerts(fleet, "K1")] == [False, False]
    assert _alerts(fleet, "K2") == []


def test_a_flickering_sensor_is_one_alert_not_forty(fleet: Database) -> None:
    k1 = Sender(fleet, "K1")
    for _ in range(20):
        k1.send(status("receipt_printer", "paper_near_end"))
        k1.send(status("receipt_printer", "ready"))
    assert _alerts(fleet, "K1") == [("part:receipt_printer:paper_near_end", False, 19)]
    # past the reopening window it is a new alert
    fleet.scalar("UPDATE alerts SET cleared_at = now() - %s RETURNING 1", alerts.REOPEN_WITHIN * 2)
    k1.send(status("receipt_printer", "paper_near_end"))
    assert len(_alerts(fleet, "K1")) == 2


def test_reader_camera_and_printer_faults_are_critical_and_clear_by_themselves(fleet: Database) -> None:
    k2 = Sender(fleet, "K2")
    k2.send(status("id_reader", "no_card"), status("camera", "frozen"), status("document_printer", "offline"))
    assert {k for k, active, _ in _alerts(fleet, "K2") if active} == {
        "part:camera:frozen",
        "part:document_printer:offline",
    }  # no card in the reader is its normal state
    k2.send(status("camera", "ready"), status("document_printer", "ready"))
    assert not any(active for _, active, _ in _alerts(fleet, "K2"))


def test_a_silent_kiosk_raises_an_alert_and_clears_it_when_heard(fleet: Database) -> None:
    k3 = Sender(fleet, "K3")
    k3.send(heartbeat({"receipt_printer": "ready"}))
    with fleet.connect() as connection:
        assert alerts.sweep(connection, SILENT_MINUTES).raised == 0
        connection.execute("UPDATE kiosks SET last_seen_at = now() - interval '16 minutes' WHERE id = 'K3'")
        assert alerts.sweep(connection, SILENT_MINUTES).raised == 1
        assert alerts.sweep(connection, SILENT_MINUTES).raised == 0  # idempotent
    assert _alerts(fleet, "K3") == [("silent", True, 0)]
    assert _alerts(fleet, "K1") == []  # never heard from: not silent, just not installed yet
    k3.send(heartbeat({"receipt_printer": "ready"}))
    assert _alerts(fleet, "K3") == [("silent", False, 0)]


def test_a_batch_of_visits_sweeps_nothing_unless_an_alert_of_its_kiosk_can_clear(fleet: Database) -> None:
    k3 = Sender(fleet, "K3")
    k3.send({"kind": "session"})
    with fleet.connect() as connection:
        visits = parse(batch("K3", [session_row(99)])).rows
        assert alerts.after_batch(connection, SILENT_MINUTES, "K3", visits) is None  # nothing to change
        connection.execute("UPDATE kiosks SET last_seen_at = now() - interval '16 minutes' WHERE id = 'K3'")
        assert alerts.sweep(connection, SILENT_MINUTES).raised == 1
    k3.send({"kind": "session"})  # a visit, and the kiosk is heard again
    assert _alerts(fleet, "K3") == [("silent", False, 0)]
    k3.send(help_request())
    assert _alerts(fleet, "K3") == [("silent", False, 0), ("help", True, 0)]


def test_a_help_request_stays_until_someone_acknowledges_it(client: TestClient, fleet: Database) -> None:
    k1 = Sender(fleet, "K1")
    k1.send(help_request())
    k1.send(help_request())  # pressed again while nobody came
    assert _alerts(fleet, "K1") == [("help", True, 1)]
    with fleet.connect() as connection:
        alerts.sweep(connection, SILENT_MINUTES)
    assert _alerts(fleet, "K1") == [("help", True, 1)]  # no cause to go away: it stays
    alert_id = fleet.scalar("SELECT id FROM alerts")
    log_in(client, "tech1")
    page = client.get(f"{PREFIX}/alerts")
    assert f'id="alert-{alert_id}"' in page.text and "群众求助" in page.text
    reply = client.post(
        f"{PREFIX}/alerts/{alert_id}/ack", data={"csrf": csrf_of(page.text), "note": "到场，已协助打印"}
    )
    assert reply.status_code == 303
    with fleet.connect() as connection:
        row = connection.execute(
            "SELECT acked_by, ack_note, acked_at IS NOT NULL, cleared_at IS NOT NULL FROM alerts"
        ).fetchone()
        logged = connection.execute(
            "SELECT login, outcome FROM audit_log WHERE action = 'acknowledge_alert'"
        ).fetchall()
    assert row == ("tech1", "到场，已协助打印", True, True)
    assert logged == [("tech1", "done")]
    # a second press of the same button changes nothing
    again = client.post(f"{PREFIX}/alerts/{alert_id}/ack", data={"csrf": csrf_of(page.text), "note": "again"})
    assert again.status_code == 303
    assert fleet.scalar("SELECT ack_note FROM alerts") == "到场，已协助打印"


def test_a_condition_acknowledged_stays_until_its_cause_goes(fleet: Database) -> None:
    k1 = Sender(fleet, "K1")
    k1.send(status("receipt_printer", "paper_out"))
    alert_id = int(fleet.scalar("SELECT id FROM alerts"))
    with fleet.connect() as connection:
        assert alerts.acknowledge(connection, alert_id, "tech1", "纸在路上") is alerts.Acknowledged.DONE
    assert _alerts(fleet, "K1") == [("part:receipt_printer:paper_out", True, 0)]
    k1.send(status("receipt_printer", "ready"))
    assert _alerts(fleet, "K1") == [("part:receipt_printer:paper_out", False, 0)]


def test_help_requests_from_a_week_ago_raise_nothing(fleet: Database) -> None:
    k1 = Sender(fleet, "K1")
    k1.send(help_request())
    fleet.scalar("UPDATE alerts SET cleared_at = now(), acked_at = now() RETURNING 1")
    fleet.scalar("UPDATE received SET received_at = now() - interval '7 days' RETURNING 1")
    fleet.scalar("DELETE FROM alert_cursor RETURNING 1")
    with fleet.connect() as connection:
        assert alerts.sweep(connection, SILENT_MINUTES, "K1").raised == 0


def test_prometheus_scrapes_the_alerts_with_its_token(client: TestClient, fleet: Database) -> None:
    Sender(fleet, "K1").send(heartbeat({"receipt_printer": "paper_out"}, ready=False, backlog=7))
    Sender(fleet, "K1").send(status("receipt_printer", "paper_out"))
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong-token-xxxxxxxx"}).status_code == 401
    reply = client.get("/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"})
    assert reply.status_code == 200
    text = reply.text
    assert "civic_kiosk_alert_active{" in text and 'kind="paper_out"' in text and 'kiosk="K1"' in text
    assert 'civic_kiosk_sync_backlog_rows{hall="H1",kiosk="K1"} 7.0' in text
    assert 'civic_kiosk_ready{hall="H1",kiosk="K1"} 0.0' in text
