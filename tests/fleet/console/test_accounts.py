"""Accounts: log-in, lock-out, sessions that end, CSRF, roles limited to their halls, bad query
strings. Each refusal is clear and changes nothing."""

from __future__ import annotations

import subprocess
import sys

from fastapi.testclient import TestClient

from central.console.web import PREFIX, SESSION_COOKIE
from tests.fleet.console.conftest import PASSWORD, csrf_of, log_in
from tests.fleet.console.records import Sender, heartbeat, help_request
from tests.fleet.rig import ROOT, Database


def _audit(database: Database, action: str) -> list[tuple[str, str]]:
    with database.connect() as connection:
        rows = connection.execute(
            "SELECT coalesce(login, ''), outcome FROM audit_log WHERE action = %s ORDER BY id", (action,)
        ).fetchall()
    return [(str(a), str(b)) for a, b in rows]


def test_every_page_needs_a_log_in(client: TestClient) -> None:
    for path in ("/", "/alerts", "/ratings", "/stats", "/stats.csv", "/kiosks/K1", "/halls/H1", "/audit"):
        reply = client.get(PREFIX + path)
        assert reply.status_code == 303, path
        assert reply.headers["location"].startswith(f"{PREFIX}/login?next=")


def test_the_right_password_opens_a_session_and_a_wrong_one_does_not(
    client: TestClient, fleet: Database
) -> None:
    wrong = log_in(client, "mgr1", "not the password")
    assert wrong.status_code == 401
    assert "账号或密码错误" in wrong.text
    assert SESSION_COOKIE not in client.cookies
    unknown = log_in(client, "nobody", PASSWORD)
    assert unknown.status_code == 401 and "账号或密码错误" in unknown.text  # the same answer: no enumeration
    assert fleet.scalar("SELECT count(*) FROM console_sessions") == 0

    right = log_in(client, "mgr1")
    assert right.status_code == 303 and right.headers["location"] == f"{PREFIX}/"
    assert client.get(f"{PREFIX}/").status_code == 200
    assert _audit(fleet, "log_in") == [("mgr1", "wrong"), ("nobody", "wrong"), ("mgr1", "ok")]
    stored = fleet.scalar("SELECT password_hash FROM users WHERE login = 'mgr1'")
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    token = client.cookies[SESSION_COOKIE]
    assert (
        fleet.scalar(
            "SELECT count(*) FROM console_sessions WHERE token_sha256 = sha256(%s::bytea)", token.encode()
        )
        == 1
    )


def test_repeated_failures_lock_the_account_even_against_the_right_password(
    client: TestClient, fleet: Database
) -> None:
    for _ in range(5):
        assert log_in(client, "tech1", "guess").status_code == 401
    locked = log_in(client, "tech1")
    assert locked.status_code == 401
    assert "锁定" in locked.text
    assert SESSION_COOKIE not in client.cookies
    assert fleet.scalar("SELECT locked_until > now() FROM users WHERE login = 'tech1'") is True
    # another account is not affected
    assert log_in(client, "mgr1").status_code == 303


def test_the_login_form_needs_its_own_token(client: TestClient, fleet: Database) -> None:
    reply = client.post(f"{PREFIX}/login", data={"login": "mgr1", "password": PASSWORD, "csrf": "made-up"})
    assert reply.status_code == 403
    assert fleet.scalar("SELECT count(*) FROM console_sessions") == 0


def test_after_log_in_the_next_page_stays_on_this_site(client: TestClient) -> None:
    page = client.get(f"{PREFIX}/login")
    for target in ("https://evil.example/", "//evil.example/console/", "/console//evil.example"):
        reply = client.post(
            f"{PREFIX}/login",
            data={"login": "mgr1", "password": PASSWORD, "csrf": csrf_of(page.text), "next": target},
        )
        assert reply.headers["location"] == f"{PREFIX}/", target
        page = client.get(f"{PREFIX}/login")


def _alert(fleet: Database) -> int:
    Sender(fleet, "K1").send(heartbeat({"receipt_printer": "ready"}), help_request())
    alert_id = fleet.scalar("SELECT id FROM alerts WHERE kiosk_id = 'K1' AND key = 'help'")
    assert alert_id is not None
    return int(alert_id)


def test_an_expired_session_is_refused_and_changes_nothing(client: TestClient, fleet: Database) -> None:
    alert_id = _alert(fleet)
    log_in(client, "tech1")
    page = client.get(f"{PREFIX}/alerts")
    csrf = csrf_of(page.text)
    fleet.scalar("UPDATE console_sessions SET last_used_at = now() - interval '31 minutes' RETURNING 1")
    reply = client.post(f"{PREFIX}/alerts/{alert_id}/ack", data={"csrf": csrf, "note": "on my way"})
    assert reply.status_code == 401
    assert "登录已超时" in reply.text
    assert fleet.scalar("SELECT acked_at FROM alerts WHERE id = %s", alert_id) is None
    assert fleet.scalar("SELECT count(*) FROM console_sessions") == 0  # the session is gone for good
    assert client.get(f"{PREFIX}/alerts").status_code == 303  # to the log-in page
    log_in(client, "tech1")
    fleet.scalar("UPDATE console_sessions SET last_used_at = now() - interval '31 minutes' RETURNING 1")
    again = client.get(f"{PREFIX}/alerts")
    assert again.status_code == 303 and "expired=1" in again.headers["location"]
    assert "登录已超时" in client.get(again.headers["location"]).text


def test_a_session_past_its_whole_life_ends_however_busy(client: TestClient, fleet: Database) -> None:
    log_in(client, "tech1")
    fleet.scalar("UPDATE console_sessions SET expires_at = now() - interval '1 second' RETURNING 1")
    assert client.get(f"{PREFIX}/").status_code == 303


def test_a_forged_csrf_token_changes_nothing(client: TestClient, fleet: Database) -> None:
    alert_id = _alert(fleet)
    log_in(client, "tech1")
    for forged in ({"csrf": "x" * 43, "note": "n"}, {"note": "no token at all"}):
        reply = client.post(f"{PREFIX}/alerts/{alert_id}/ack", data=forged)
        assert reply.status_code == 403
        assert "安全校验未通过" in reply.text
    assert fleet.scalar("SELECT acked_at FROM alerts WHERE id = %s", alert_id) is None
    assert _audit(fleet, "csrf_refused") == [("tech1", "refused"), ("tech1", "refused")]
    # a log-out without the token does not log out either
    assert client.post(f"{PREFIX}/logout", data={"csrf": "forged"}).status_code == 403
    assert client.get(f"{PREFIX}/").status_code == 200


def test_a_manager_cannot_open_another_halls_kiosk(client: TestClient, fleet: Database) -> None:
    alert_id = _alert(fleet)  # in hall H1
    log_in(client, "mgr2")  # manages H2 only
    fleet_page = client.get(f"{PREFIX}/").text
    # by the cards' ids: the page's random CSRF token may hold "K1" too
    assert 'id="kiosk-K3"' in fleet_page
    assert 'id="kiosk-K1"' not in fleet_page and 'id="kiosk-K2"' not in fleet_page
    for path in ("/kiosks/K1", "/halls/H1"):
        reply = client.get(PREFIX + path)
        assert reply.status_code == 403, path
        assert "无权" in reply.text
    csrf = csrf_of(client.get(f"{PREFIX}/alerts").text)
    assert client.post(f"{PREFIX}/alerts/{alert_id}/ack", data={"csrf": csrf}).status_code == 403
    assert fleet.scalar("SELECT acked_at FROM alerts WHERE id = %s", alert_id) is None
    assert f'id="alert-{alert_id}"' not in client.get(f"{PREFIX}/alerts").text
    assert _audit(fleet, "denied") == [("mgr2", "refused")] * 3


def test_crafted_query_strings_are_refused_and_change_nothing(client: TestClient, fleet: Database) -> None:
    log_in(client, "city")
    before = fleet.scalar("SELECT count(*) FROM halls") + fleet.scalar("SELECT count(*) FROM kiosks")
    for path in (
        "/stats?since=2026-13-45",
        "/stats?since=2026-11-01%27%20OR%201%3D1--",
        "/stats?by=kiosk_id;DROP%20TABLE%20kiosks",
        "/stats?since=2026-12-01&until=2026-11-01",
        "/stats?since=1900-01-01&until=2026-11-01",
        "/stats.csv?until=tomorrow",
        "/ratings?show=%3Cscript%3E",
        "/kiosks/K1%27%20OR%20%271%27=%271",
        "/halls/%3Cscript%3Ealert(1)%3C",
        "/ratings/K1/1%20OR%201=1",
    ):
        reply = client.get(PREFIX + path)
        assert reply.status_code == 400, path
        assert "请求参数有误" in reply.text
        assert "<script>" not in reply.text
    nowhere = client.get(f"{PREFIX}/halls/%3Cscript%3E%2F%3C%2Fscript%3E")
    assert nowhere.status_code == 404 and "没有找到" in nowhere.text and "<script>" not in nowhere.text
    assert fleet.scalar("SELECT count(*) FROM halls") + fleet.scalar("SELECT count(*) FROM kiosks") == before


def test_a_technician_sees_no_ratings_and_no_audit_log(client: TestClient) -> None:
    log_in(client, "tech1")
    assert client.get(f"{PREFIX}/ratings").status_code == 403
    assert client.get(f"{PREFIX}/audit").status_code == 403


def test_english_is_one_tap_away(client: TestClient) -> None:
    log_in(client, "mgr1")
    assert "终端状态" in client.get(f"{PREFIX}/").text
    reply = client.get(f"{PREFIX}/language/en?next={PREFIX}/alerts")
    assert reply.headers["location"] == f"{PREFIX}/alerts"
    page = client.get(f"{PREFIX}/").text
    assert "Fleet" in page and "终端状态" not in page


def test_the_cli_adds_a_user_who_can_log_in(client: TestClient, fleet: Database) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "central", "user", "add", "duty7", "--role", "technician", "--hall", "H2",
         "--password-stdin"],
        input="a long enough password\n", capture_output=True, text=True, check=False, cwd=ROOT,
        env={"CENTRAL_DATABASE_URL": fleet.url, "PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert fleet.scalar("SELECT role FROM users WHERE login = 'duty7'") == "technician"
    assert log_in(client, "duty7", "a long enough password").status_code == 303
    short = subprocess.run(
        [sys.executable, "-m", "central", "user", "add", "duty8", "--role", "manager", "--password-stdin"],
        input="short\n", capture_output=True, text=True, check=False, cwd=ROOT,
        env={"CENTRAL_DATABASE_URL": fleet.url, "PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert short.returncode == 1 and "password" in short.stderr and "Traceback" not in short.stderr
