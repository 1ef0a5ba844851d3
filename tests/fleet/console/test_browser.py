"""The console in a real browser: Debian's headless Chromium against the service as a process, on
the fleet tests' PostgreSQL. Log in, see the red kiosk, acknowledge an alert, take a 差评 through its
follow-up, export the CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from central.console.browser import PHONE, Browser
from central.console.contact import load_private
from kiosk.contact_seal import seal
from tests.fleet.console.conftest import PASSWORD
from tests.fleet.console.records import Sender, heartbeat, help_request, rating
from tests.fleet.rig import CentralProcess, Database

pytestmark = pytest.mark.realstack
NUMBER = "139 1234 5678"


@pytest.fixture
def service(fleet: Database, contact_key: tuple[Path, Path], tmp_path: Path) -> Iterator[CentralProcess]:
    config = tmp_path / "central.toml"
    config.write_text(f'[console]\ncontact_key = "{contact_key[0]}"\n', encoding="utf-8")
    Sender(fleet, "K1").send(heartbeat({"receipt_printer": "ready", "document_printer": "ready"}))
    Sender(fleet, "K1").send(help_request())
    Sender(fleet, "K1").send(
        rating(2, ("too_slow",), contact=seal(load_private(contact_key[0]).public_key(), NUMBER))
    )
    Sender(fleet, "K1").sessions(50, datetime(2026, 11, 16, 6, 0), timedelta(minutes=67))
    Sender(fleet, "K2").send(heartbeat({"receipt_printer": "paper_out"}, ready=False))
    fleet.scalar(
        "UPDATE kiosk_readiness SET received_at = now() - interval '2 days' WHERE kiosk_id = 'K2' RETURNING 1"
    )
    central = CentralProcess(fleet, config=config, log=tmp_path / "central.log")
    central.start()
    yield central
    central.stop()


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Browser]:
    with Browser(tmp_path / "downloads", PHONE) as opened:
        yield opened


def test_a_wrong_password_in_the_browser(service: CentralProcess, browser: Browser) -> None:
    browser.log_in(service.url, "mgr1", "not it")
    assert "账号或密码错误" in browser.one("#message").text
    assert browser.path.startswith("console/login")


def test_a_technician_on_a_phone_sees_the_red_kiosk_and_acknowledges_the_help_request(
    service: CentralProcess, browser: Browser, fleet: Database, tmp_path: Path
) -> None:
    browser.log_in(service.url, "tech1", PASSWORD)
    assert browser.one("#kiosk-K2").get_attribute("data-colour") == "red"
    assert browser.one("#kiosk-K1").get_attribute("data-colour") == "green"
    assert browser.one("#count-red").text == "1"
    assert "失联 24 小时以上" in browser.one("#kiosk-K2").text
    assert "缺纸" in browser.one("#kiosk-K2").text
    width = browser.driver.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
    assert width == [PHONE[0], PHONE[0]]  # the page fits the phone: nothing to scroll sideways
    browser.screenshot(tmp_path / "fleet.png")

    alert_id = fleet.scalar("SELECT id FROM alerts WHERE key = 'help'")
    browser.open(f"{service.url}/console/alerts")
    row = browser.one(f"#alert-{alert_id}")
    assert "群众求助" in row.text
    row.find_element("name", "note").send_keys("已到现场")
    browser.follow(row.find_element("css selector", "button.ack"))
    assert "已确认: tech1" in browser.one(f"#alert-{alert_id}").text
    assert fleet.scalar("SELECT acked_by FROM alerts WHERE id = %s", alert_id) == "tech1"


def test_a_manager_takes_a_poor_rating_through_its_follow_up(
    service: CentralProcess, browser: Browser, fleet: Database
) -> None:
    browser.log_in(service.url, "mgr1", PASSWORD)
    browser.open(f"{service.url}/console/ratings?since=2026-11-01&until=2026-11-30")
    browser.follow(browser.one("#cases tr.case a"))
    assert browser.one("#case-state").get_attribute("data-state") == "new"
    for step, note, state in (
        ("verify", "核实属实", "verified"),
        ("rectify", "增派引导员", "rectified"),
        ("follow_up", "电话回访满意", "closed"),
    ):
        form = browser.one(f"#step-{step}")
        form.find_element("name", "note").send_keys(note)
        browser.follow(form.find_element("css selector", "button"))
        assert browser.one("#case-state").get_attribute("data-state") == state
        if state != "closed":
            assert NUMBER in browser.one("#contact").text
    assert not browser.all("#contact")
    assert [r.text.split()[-1] for r in browser.all("#steps tr")[1:]] == [
        "核实属实",
        "增派引导员",
        "电话回访满意",
    ]
    assert fleet.scalar("SELECT state FROM rating_cases") == "closed"
    assert fleet.scalar("SELECT contact_sealed FROM rating_cases") is None


def test_the_city_office_exports_the_statistics(
    service: CentralProcess, browser: Browser, fleet: Database
) -> None:
    browser.log_in(service.url, "city", PASSWORD)
    browser.open(f"{service.url}/console/stats?since=2026-11-16&until=2026-11-20&by=kiosk")
    assert browser.one("#total").text == str(
        fleet.scalar(
            "SELECT count(*) FROM sessions WHERE started_at >= '2026-11-16' AND started_at < '2026-11-21'"
        )
    )
    browser.one("#csv").click()
    rows = list(csv.DictReader(io.StringIO(browser.wait_for_download(".csv").read_text("utf-8-sig"))))
    assert sum(int(r["sessions"]) for r in rows) == int(browser.one("#total").text)
    assert {r["kiosk"] for r in rows} == {"K1"}
