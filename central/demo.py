"""``kiosk-central demo --out build/console``: the console on a private PostgreSQL with a small city's
records, walked through in headless Chromium, a screenshot at each step for people to look at.

Two halls, five kiosks — one green, one amber, one red (silent for two days), one out of receipt
paper, one whose citizen asked for help — four weeks of visits in every time band, ratings with a
差评 carrying a sealed contact, and an account of each role (password :data:`PASSWORD`). The walk:
log in on a phone, the fleet, the red kiosk, an alert acknowledged, a 差评 verified, rectified and
followed up, the statistics on a desktop and a phone, the CSV exported.
"""

from __future__ import annotations

import json
import random
import threading
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import uvicorn
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from central import migrate, registry
from central.app import create_app
from central.config import CentralConfig, ConsoleConfig
from central.console import alerts
from central.console.auth import Role, add_user
from central.console.browser import DESKTOP, PHONE, Browser
from central.console.contact import load_private, new_key_pair
from central.ingest import Ingest, parse
from central.local import LocalPostgres
from central.stats import fill_calendar
from kiosk.contact_seal import seal

PASSWORD = "demo-password-1"
HALLS = {"CITY-01": "市民中心", "HITECH-02": "高新区政务服务分中心"}
KIOSKS = {
    "KSK-0101": ("CITY-01", "一楼大厅 1 号机"),
    "KSK-0102": ("CITY-01", "一楼大厅 2 号机"),
    "KSK-0103": ("CITY-01", "24 小时自助区 3 号机"),
    "KSK-0201": ("HITECH-02", "自助区 1 号机"),
    "KSK-0202": ("HITECH-02", "自助区 2 号机"),
}
USERS = {
    "city": (Role.CITY, "市政务服务办 王科长", []),
    "manager": (Role.MANAGER, "市民中心 李主任", ["CITY-01"]),
    "duty": (Role.TECHNICIAN, "值班技术员 张工", ["CITY-01", "HITECH-02"]),
}
SERVICES = ("credit_report", "business_license", "social_insurance", "tax_payment", "real_estate")
BOOT = str(uuid.uuid4())


class DemoKiosk:
    """A kiosk's outbox as it would arrive, sent straight through ingest."""

    def __init__(self, url: str, kiosk_id: str) -> None:
        self.url, self.kiosk_id, self.seq, self.ingest = url, kiosk_id, 0, Ingest()

    def send(self, items: list[tuple[datetime, dict[str, Any]]]) -> None:
        import psycopg  # noqa: PLC0415 - kept beside its one use

        rows = []
        for at, payload in items:
            self.seq += 1
            rows.append({"seq": self.seq, "uuid": str(uuid.uuid4()), "schema": 1, "at": at.isoformat(),
                         "boot_id": BOOT, "payload": payload})  # fmt: skip
        with psycopg.connect(self.url, autocommit=True) as connection:
            for first in range(0, len(rows), 500):
                body = json.dumps({"wire": 1, "kiosk_id": self.kiosk_id, "rows": rows[first : first + 500]})
                self.ingest.store(connection, self.kiosk_id, parse(body.encode()))
            alerts.sweep(connection, 15, self.kiosk_id)


def _visits(rng: random.Random, start: datetime, days: int) -> list[tuple[datetime, dict[str, Any]]]:
    """Visits over ``days``: busiest after work and at lunch, some at night and on weekends."""
    hours = [0.2, 0.1, 0.1, 0.1, 0.1, 0.2, 0.5, 2, 3, 4, 4, 4, 6, 5, 4, 4, 4, 7, 9, 8, 6, 4, 2, 1]
    out: list[tuple[datetime, dict[str, Any]]] = []
    for day in range(days):
        for hour, weight in enumerate(hours):
            for _ in range(rng.randrange(int(weight * 1.5) + 1)):
                at = start + timedelta(days=day, hours=hour, minutes=rng.randrange(60))
                sid = str(uuid.uuid4())
                service = rng.choice(SERVICES)
                ended = at + timedelta(minutes=3)
                out.append((at, {"kind": "session", "session_id": sid, "service_id": service,
                                 "started_at": at.isoformat(), "ended_at": ended.isoformat(),
                                 "outcome": "completed" if rng.random() < 0.88 else "cancelled",
                                 "elderly": rng.random() < 0.15, "language": "zh_CN"}))  # fmt: skip
                if rng.random() < 0.4:
                    level = rng.choices((5, 4, 3, 2, 1), (60, 25, 8, 4, 3))[0]
                    reasons = [rng.choice(("too_slow", "hard_to_use", "device_fault"))] if level <= 2 else []
                    out.append((at + timedelta(minutes=3), {"kind": "rating", "session_id": sid,
                                "service_id": service, "level": level, "reasons": reasons}))  # fmt: skip
    return out


def _status(part: str, status: str) -> dict[str, Any]:
    return {"kind": "device_status", "part": part, "status": status, "detail": None}


def _heartbeat(
    parts: dict[str, str], ready: bool, unavailable: list[dict[str, str]], backlog: int
) -> dict[str, Any]:
    return {"kind": "heartbeat", "ready": ready, "parts": parts, "unavailable": unavailable,
            "backlog": backlog, "version": "0.1.0"}  # fmt: skip


FINE = {"id_reader": "ready", "receipt_printer": "ready", "document_printer": "ready", "camera": "ready"}


def populate(url: str, contact_public: Any) -> None:
    """The demo city's records, through ingest, as the kiosks would have sent them."""
    import psycopg  # noqa: PLC0415

    rng = random.Random(13)
    now = datetime.now().replace(microsecond=0)
    start = (now - timedelta(days=28)).replace(hour=0, minute=0, second=0)
    with psycopg.connect(url, autocommit=True) as connection:
        for hall, name in HALLS.items():
            registry.add_hall(connection, hall, name)
        for kiosk, (hall, name) in KIOSKS.items():
            registry.add_kiosk(connection, kiosk, hall, name)
        for login, (role, name, halls) in USERS.items():
            add_user(connection, login, name, role, PASSWORD, halls)
    for index, kiosk_id in enumerate(KIOSKS):
        sender = DemoKiosk(url, kiosk_id)
        items = _visits(rng, start, 28)
        items.sort(key=lambda item: item[0])
        parts = dict(FINE)
        unavailable: list[dict[str, str]] = []
        extra: list[tuple[datetime, dict[str, Any]]] = []
        if kiosk_id == "KSK-0103":  # receipt paper out tonight
            parts["receipt_printer"] = "paper_out"
            unavailable = [
                {"service_id": s, "part": "receipt_printer", "status": "paper_out"} for s in SERVICES
            ]
            extra = [(now - timedelta(minutes=40), _status("receipt_printer", "paper_near_end")),
                     (now - timedelta(minutes=5), _status("receipt_printer", "paper_out"))]  # fmt: skip
        if kiosk_id == "KSK-0201":  # a citizen pressed 一键求助
            help_request = {"kind": "audit", "event_id": str(uuid.uuid4()), "type": "help_requested",
                            "phase": "once", "detail": {"state": "face_check"}}  # fmt: skip
            extra = [(now - timedelta(minutes=2), help_request)]
        if kiosk_id == "KSK-0101":  # a 差评 whose citizen left a number to call back
            extra = [(now - timedelta(hours=3), {"kind": "rating", "session_id": str(uuid.uuid4()),
                      "service_id": "credit_report", "level": 1, "reasons": ["device_fault", "too_slow"],
                      "contact": seal(contact_public, "138 0013 8000")})]  # fmt: skip
        beat = (now, _heartbeat(parts, not unavailable, unavailable, 3 * index))
        sender.send([*items, *extra, beat])
    with psycopg.connect(url, autocommit=True) as connection:
        for kiosk_id, age in (("KSK-0102", "9 minutes"), ("KSK-0202", "2 days")):
            connection.execute(
                "UPDATE kiosk_readiness SET received_at = now() - %s::interval WHERE kiosk_id = %s",
                (age, kiosk_id),
            )
            connection.execute(
                "UPDATE kiosks SET last_seen_at = now() - %s::interval WHERE id = %s", (age, kiosk_id)
            )
        alerts.sweep(connection, 15)


class Server:
    """The service in a thread of this process, on a free port."""

    def __init__(self, config: CentralConfig, port: int) -> None:
        self.server = uvicorn.Server(uvicorn.Config(create_app(config), host="127.0.0.1", port=port,
                                                    log_level="warning", access_log=False))  # fmt: skip
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.url = f"http://127.0.0.1:{port}"

    def __enter__(self) -> Server:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        return self

    def __exit__(self, *_: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def _free_port() -> int:
    import socket  # noqa: PLC0415

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def walk(base: str, out: Path) -> list[Path]:
    """Log in, look, act; a screenshot at each step."""
    shots: list[Path] = []
    with Browser(out / "downloads", PHONE) as browser:
        browser.open(f"{base}/console/login")
        shots.append(browser.screenshot(out / "01-login-phone.png"))
        browser.log_in(base, "duty", PASSWORD)
        shots.append(browser.screenshot(out / "02-fleet-phone.png"))
        browser.open(f"{base}/console/kiosks/KSK-0202")
        shots.append(browser.screenshot(out / "03-red-kiosk-phone.png"))
        browser.open(f"{base}/console/alerts")
        shots.append(browser.screenshot(out / "04-alerts-phone.png"))
        paper_out = [row for row in browser.all("tr.alert.active") if "KSK-0103" in row.text]
        form = paper_out[0].find_element("css selector", "form")
        form.find_element("name", "note").send_keys("已到现场，正在更换凭条纸")
        browser.follow(form.find_element("css selector", "button"))
        shots.append(browser.screenshot(out / "05-alert-acknowledged-phone.png"))
    with Browser(out / "downloads", DESKTOP) as browser:
        browser.log_in(base, "manager", PASSWORD)
        shots.append(browser.screenshot(out / "06-fleet-desktop.png"))
        browser.open(f"{base}/console/ratings")
        shots.append(browser.screenshot(out / "07-ratings.png"))
        case = [a for a in browser.all("#cases a") if "KSK-0101" in (a.get_attribute("href") or "")]
        browser.follow(case[-1])
        for step, note in (
            ("verify", "调取设备日志，确认当晚 A4 打印机卡纸"),
            ("rectify", "已更换搓纸轮并加装卡纸提醒"),
            ("follow_up", "已电话回访，群众表示认可"),
        ):
            form = browser.one(f"#step-{step}")
            form.find_element("name", "note").send_keys(note)
            if step == "verify":
                browser.follow(form.find_element("css selector", "button"))
                shots.append(browser.screenshot(out / "08-case-verified-with-contact.png"))
                continue
            browser.follow(form.find_element("css selector", "button"))
        shots.append(browser.screenshot(out / "09-case-closed.png"))
        browser.log_in(base, "city", PASSWORD)
        browser.open(f"{base}/console/stats?by=kiosk")
        shots.append(browser.screenshot(out / "10-stats-desktop.png"))
        browser.one("#csv").click()
        browser.wait_for_download(".csv")
        browser.resize(PHONE)
        browser.open(f"{base}/console/stats")
        shots.append(browser.screenshot(out / "11-stats-phone.png"))
        browser.open(f"{base}/console/language/en?next=/console/")
        shots.append(browser.screenshot(out / "12-fleet-english-phone.png"))
    return shots


def run(out: Path, *, serve: bool = False) -> int:
    out.mkdir(parents=True, exist_ok=True)
    server = LocalPostgres.in_temp_dir()
    server.start()
    try:
        url = server.url("postgresql")
        migrate.upgrade(url)
        private, public = out / "contact.key", out / "contact.pub"
        new_key_pair(private, public)
        key: X25519PrivateKey = load_private(private)
        config = CentralConfig(database_url=url, console=ConsoleConfig(contact_key=private))
        import psycopg  # noqa: PLC0415

        with psycopg.connect(url, autocommit=True) as connection:
            fill_calendar(connection, config.calendar)
        populate(url, key.public_key())
        with Server(config, _free_port()) as service:
            shots = walk(service.url, out)
            for shot in shots:
                print(shot)
            print(f"accounts: {', '.join(USERS)} (password {PASSWORD})")
            if serve:
                print(f"the console: {service.url}/console/  (Ctrl-C stops)", flush=True)
                while True:
                    time.sleep(3600)
    except KeyboardInterrupt:
        return 130
    finally:
        server.remove()
    return 0
