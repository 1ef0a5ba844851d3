"""A busy kiosk's year in its database: `kiosk stats` over it (well under a second), the nightly prune
of a day past the year, and the file's size before and after.

The year: 200,000 sessions (about 550 a day, as a busy hall's kiosk sees), started at random times
through 2025, written in the order they happened, a third of the card holders coming back, each with
two audit events. Built once into tests/.cache (a minute), then reused.
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, select
from sqlalchemy.engine import Engine

from kiosk.stats import band_of, sessions_by_band
from kiosk.storage.db import make_engine
from kiosk.storage.migrate import SCHEMA_HEAD, upgrade
from kiosk.storage.models import AuditEventRow, SessionRow
from kiosk.storage.retention import RetentionPolicy, prune
from kiosk.workdays import WorkCalendar
from tests.bench import BenchReport, timings_ms

SESSIONS = 200_000
YEAR = datetime(2025, 1, 1)
CACHE = Path(__file__).resolve().parents[1] / ".cache" / f"bench-year-{SESSIONS}-{SCHEMA_HEAD}.db"
OUTCOMES = ["completed"] * 8 + ["cancelled", "timed_out", "device_fault", "face_check_failed"]


def _year(path: Path) -> None:
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    rng = random.Random(2025)
    starts = sorted(YEAR + timedelta(seconds=rng.randrange(365 * 86400)) for _ in range(SESSIONS))
    holders = [f"{rng.getrandbits(256):064x}" for _ in range(SESSIONS * 2 // 3)]
    with engine.begin() as connection:
        for chunk in range(0, SESSIONS, 20_000):
            sessions, events = [], []
            for index in range(chunk, min(chunk + 20_000, SESSIONS)):
                at, outcome = starts[index], rng.choice(OUTCOMES)
                session_id = f"{index:036d}"
                sessions.append(
                    {"id": session_id, "service_id": "credit_report", "started_at": at,
                     "ended_at": at + timedelta(minutes=3), "outcome": outcome, "elderly_mode": False,
                     "language": "zh_CN", "card_type": "resident_id", "masked_id": "6301**********123X",
                     "id_hash": rng.choice(holders)}
                )  # fmt: skip
                for phase, when in (("start", at), ("finish", at + timedelta(minutes=3))):
                    events.append(
                        {"event_id": f"{phase[0]}{index:035d}", "session_id": session_id, "type": "session",
                         "phase": phase, "outcome": outcome if phase == "finish" else None, "detail": {},
                         "at": when}
                    )  # fmt: skip
            connection.execute(insert(SessionRow), sessions)
            connection.execute(insert(AuditEventRow), events)
    engine.dispose()


def _row_by_row(engine: Engine, calendar: WorkCalendar) -> Counter[str]:
    """How `kiosk stats` counted before: every session into Python, its band there."""
    counts: Counter[str] = Counter()
    with engine.connect() as connection:
        for (started_at,) in connection.execute(select(SessionRow.started_at)):
            counts[band_of(started_at, calendar).value] += 1
    return counts


def run(report: BenchReport) -> None:
    if not CACHE.exists():
        CACHE.parent.mkdir(parents=True, exist_ok=True)
        print(f"  building a year of {SESSIONS:,} sessions into {CACHE} (once) …", flush=True)
        _year(CACHE.with_suffix(".tmp"))
        CACHE.with_suffix(".tmp").rename(CACHE)
    engine = make_engine(f"sqlite:///{CACHE}")
    calendar = WorkCalendar()
    counts = sessions_by_band(engine, calendar=calendar)
    assert sum(c.sessions for c in counts) == SESSIONS

    cpu_started = time.process_time()
    times = timings_ms(lambda: sessions_by_band(engine, calendar=calendar), repeat=5)
    cpu = (time.process_time() - cpu_started) / 6 * 1000  # the warm-up call and five
    row_by_row = timings_ms(lambda: _row_by_row(engine, calendar), repeat=2)
    report.figure(
        f"kiosk stats, a year ({SESSIONS:,} sessions), counting (median)",
        statistics.median(times),
        "ms",
        budget=500.0,
        baseline=statistics.median(row_by_row),
        baseline_name="each row in Python",
        note="spans of one band joined in SQL",
    )
    report.figure(
        "kiosk stats, a year, counting: CPU time (mean)",
        cpu,
        "ms",
        note="this process and SQLite in it; the wall time above includes waiting for a shared CPU",
    )
    with tempfile.TemporaryDirectory() as folder:
        config = Path(folder) / "kiosk.toml"
        config.write_text(f'[storage]\nurl = "sqlite:///{CACHE}"\n', encoding="utf-8")
        command = [sys.executable, "-m", "kiosk", "--config", str(config), "stats"]
        environment = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
        walls = []
        for _ in range(3):
            started = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True, env=environment)
            walls.append((time.perf_counter() - started) * 1000)
        report.figure(
            "kiosk stats, a year, the whole command (median)",
            statistics.median(walls),
            "ms",
            budget=1000.0,
            note="Python, SQLAlchemy and China's calendar loaded, then the count",
        )
    engine.dispose()

    # The nightly prune a year and a day on: the oldest day goes, then the file gives its pages back.
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "kiosk.db"
        copy.write_bytes(CACHE.read_bytes())
        engine = make_engine(f"sqlite:///{copy}")
        before = copy.stat().st_size
        started = time.perf_counter()
        night = prune(engine, RetentionPolicy(keep_days=365), YEAR + timedelta(days=366, hours=3))
        deleted = f"{night.deleted['sessions']} sessions, {night.deleted['audit_events']} events"
        report.figure("nightly prune, a day of a busy kiosk", (time.perf_counter() - started) * 1000, "ms",
                      note=deleted)  # fmt: skip
        started = time.perf_counter()
        month = prune(engine, RetentionPolicy(keep_days=365), YEAR + timedelta(days=396, hours=3))
        deleted = f"{month.deleted['sessions']} sessions, {month.freed_pages} pages given back"
        report.figure("prune a month behind", (time.perf_counter() - started) * 1000, "ms", note=deleted)
        after = copy.stat().st_size
        report.figure("database, a year of sessions and their events", before / 2**20, "MB")
        report.figure("database after pruning its oldest month", after / 2**20, "MB")
        engine.dispose()
