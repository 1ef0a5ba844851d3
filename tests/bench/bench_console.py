"""The console at a city's scale: 200 kiosks in 20 halls, 1,000,000 sessions over a year, made in
PostgreSQL itself (generate_series) in seconds.

- the fleet page and the statistics page (the default four weeks, and a whole year by kiosk):
  p95 of the time to serve them, measured as the HTTP round trip on 127.0.0.1 to the service in
  this process (the server's work; no network in between);
- the time until painted in headless Chromium: the browser's own first-contentful-paint, from
  asking for the page (request, server, transfer, parsing, layout, paint).
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import httpx
import psycopg

from central import migrate, partitions
from central.config import CentralConfig
from central.console import alerts
from central.console.auth import Role, add_user
from central.console.browser import DESKTOP, PHONE, Browser
from central.demo import Server, _free_port
from central.local import LocalPostgres
from central.stats import fill_calendar
from tests.bench import BenchReport, p95

KIOSKS = 200
HALLS = 20
SESSIONS = int(os.environ.get("KIOSK_BENCH_CONSOLE_SESSIONS", "1000000"))
PASSWORD = "bench-password-1"
REPEAT = 20
TODAY = date.today()
YEAR_AGO = TODAY - timedelta(days=364)


def _fill(url: str) -> float:
    began = time.perf_counter()
    with psycopg.connect(url, autocommit=True) as connection:
        fill_calendar(connection, CentralConfig().calendar)
        months = {partitions.month_of(YEAR_AGO + timedelta(days=d)) for d in range(0, 400, 10)}
        partitions.ensure(connection, months, TODAY)
        connection.execute(
            "INSERT INTO halls (id, name) SELECT 'H' || lpad(h::text, 2, '0'), '第' || h || '大厅'"
            " FROM generate_series(1, %s) h",
            (HALLS,),
        )
        connection.execute(
            "INSERT INTO kiosks (id, hall_id, name, last_seen_at, acked_seq)"
            " SELECT 'K' || lpad(k::text, 3, '0'), 'H' || lpad((k %% %s + 1)::text, 2, '0'), k || ' 号机',"
            "  now() - (k %% 7) * interval '50 seconds', 1"
            " FROM generate_series(1, %s) k",
            (HALLS, KIOSKS),
        )
        connection.execute(
            "INSERT INTO kiosk_readiness (kiosk_id, seq, at, ready, summary, received_at)"
            " SELECT id, 1, localtimestamp, k % 9 <> 0, jsonb_build_object("
            "   'parts', jsonb_build_object("
            "     'receipt_printer', CASE WHEN k % 9 = 0 THEN 'paper_out' ELSE 'ready' END,"
            "     'document_printer', 'ready', 'id_reader', 'no_card', 'camera', 'ready'),"
            "   'unavailable', CASE WHEN k % 9 = 0 THEN jsonb_build_array(jsonb_build_object('service_id',"
            "     'tax_payment', 'part', 'receipt_printer', 'status', 'paper_out')) ELSE '[]'::jsonb END,"
            "   'backlog', k % 5, 'version', '0.1.0'),"
            "  now() - CASE WHEN k % 50 = 0 THEN interval '3 days' ELSE (k % 7) * interval '50 seconds' END"
            " FROM (SELECT id, substr(id, 2)::int AS k FROM kiosks) ks"
        )
        connection.execute(
            "INSERT INTO kiosk_parts (kiosk_id, part, seq, status, at)"
            " SELECT kiosk_id, 'receipt_printer', 1, summary->'parts'->>'receipt_printer', at"
            " FROM kiosk_readiness"
        )
        connection.execute(
            "INSERT INTO sessions (kiosk_id, seq, session_id, service_id, started_at, ended_at, outcome,"
            "  elderly, language, id_hash)"
            " SELECT 'K' || lpad((s %% %(kiosks)s + 1)::text, 3, '0'), s / %(kiosks)s + 1, 's' || s,"
            "  (ARRAY['credit_report','business_license','social_insurance','tax_payment'])[s %% 4 + 1],"
            "  t, t + interval '3 minutes', CASE WHEN s %% 10 < 8 THEN 'completed' ELSE 'cancelled' END,"
            "  s %% 7 = 0, 'zh_CN', md5(s::text) || md5((s + 1)::text)"
            " FROM (SELECT s, %(start)s::timestamp + random() * interval '365 days' AS t"
            "       FROM generate_series(0, %(n)s - 1) s) g",
            {"kiosks": KIOSKS, "start": YEAR_AGO, "n": SESSIONS},
        )
        connection.execute("ANALYZE")
        alerts.sweep(connection, 15)
        add_user(connection, "city", "city office", Role.CITY, PASSWORD, [])
    return time.perf_counter() - began


def _served(client: httpx.Client, url: str) -> list[float]:
    out = []
    client.get(url).raise_for_status()  # warm-up
    for _ in range(REPEAT):
        began = time.perf_counter()
        client.get(url).raise_for_status()
        out.append((time.perf_counter() - began) * 1000)
    return out


def _log_in(client: httpx.Client, base: str) -> None:
    page = client.get(f"{base}/console/login").text
    token = page.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    client.post(
        f"{base}/console/login",
        data={"login": "city", "password": PASSWORD, "csrf": token, "next": "/console/"},
    )


def run(report: BenchReport) -> None:
    server = LocalPostgres.in_temp_dir()
    server.start()
    try:
        url = server.url("postgresql")
        migrate.upgrade(url)
        made = _fill(url)
        report.figure(f"made {KIOSKS} kiosks and {SESSIONS} sessions (generate_series)", made, "s")
        pages = {
            "the fleet page (200 kiosks)": "/console/",
            "the statistics page, four weeks by hall": "/console/stats",
            "the statistics page, a year by kiosk": (
                f"/console/stats?since={YEAR_AGO.isoformat()}&until={TODAY.isoformat()}&by=kiosk"
            ),
        }
        with Server(CentralConfig(database_url=url), _free_port()) as service:
            with httpx.Client(timeout=120) as client:
                _log_in(client, service.url)
                for name, path in pages.items():
                    times = _served(client, service.url + path)
                    report.figure(
                        f"served: {name}",
                        p95(times),
                        "ms",
                        note=f"p95 of {REPEAT}; median {statistics.median(times):.0f} ms",
                    )
            folder = Path(tempfile.mkdtemp(prefix="bench-console-"))
            for size, label in ((DESKTOP, "desktop"), (PHONE, "phone")):
                with Browser(folder, size) as browser:
                    browser.log_in(service.url, "city", PASSWORD)
                    for name, path in pages.items():
                        painted = [browser.painted_ms(service.url + path) for _ in range(5)]
                        report.figure(
                            f"painted in Chromium ({label}): {name}",
                            statistics.median(painted),
                            "ms",
                            note=f"first contentful paint, median of 5; max {max(painted):.0f} ms",
                        )
    finally:
        server.remove()
