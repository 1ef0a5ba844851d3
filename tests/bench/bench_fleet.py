"""The fleet at volume, on a private PostgreSQL and the central service as a process:

- ingest: 20 kiosks pushing batches concurrently over HTTP, rows per second, beside a plain COPY
  of the same rows into the same tables (the floor; the issue's goal is ≥ 0.5 × COPY);
- an outage: the link down while 2,000 sessions happen on a kiosk process, then up: every row
  arrives exactly once, and how long the catch-up takes;
- catch-up: a kiosk 7 days behind (≈ 5,000 sessions and their events), `kiosk sync` until all is
  acknowledged;
- central statistics by band over 1,000,000 sessions from 200 kiosks: the query's p95;
- the outbox's cost on the kiosk: recording an outcome with and without its outbox row (SQLite,
  synchronous=FULL), p95.
"""

from __future__ import annotations

import concurrent.futures
import http.client
import io
import json
import os
import random
import statistics
import tempfile
import time
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg

from central import migrate, registry
from central.local import LocalPostgres
from central.stats import GroupBy, fill_calendar, sessions_by_band
from kiosk.audit import AuditEvent
from kiosk.config import CalendarConfig, SyncConfig
from kiosk.print_journal import PrintJobState
from kiosk.storage import outbox
from kiosk.storage.db import make_engine, make_sessionmaker
from kiosk.storage.migrate import upgrade
from kiosk.storage.records import Records
from kiosk.wire import INGEST_PATH, AuditPayload, PrintJobPayload, SessionPayload
from tests.bench import BenchReport, timings_ms
from tests.bench.fleet_floor import Cpu, copy_rows, copy_setup, copy_table, cpu_now
from tests.fleet.rig import CentralProcess, Database, KioskBox, Link, received, wait_until

KIOSKS = 20
INGEST_WORKERS = 2
"""The service's processes in the ingest runs: one per CPU of the 2 this bench was tuned on."""
INGEST_RUNS = int(os.environ.get("KIOSK_BENCH_INGEST_RUNS", "5"))
ROWS_PER_KIOSK = int(os.environ.get("KIOSK_BENCH_INGEST_ROWS", "10000"))
BATCH = SyncConfig().batch_rows
"""Rows per batch: the kiosk's default, as the shipper sends them."""
OUTAGE_SESSIONS = int(os.environ.get("KIOSK_BENCH_OUTAGE_SESSIONS", "2000"))
CATCH_UP_SESSIONS = 5000
STATS_SESSIONS = int(os.environ.get("KIOSK_BENCH_STATS_SESSIONS", "1000000"))
STATS_KIOSKS = 200


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def _database(server: LocalPostgres, name: str) -> Database:
    with psycopg.connect(server.conninfo(), autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {name}")
    database = Database(server, name)
    migrate.upgrade(database.url)
    with database.connect() as connection:
        fill_calendar(connection, CalendarConfig())
    return database


# -- rows as a kiosk sends them ------------------------------------------------------------------


def _payloads(index: int, at: datetime) -> list[Any]:
    """A visit's rows: session start and finish events, a print job's three states, the outcome."""
    sid, job, start = str(uuid.uuid4()), str(uuid.uuid4()), str(uuid.uuid4())
    end = at + timedelta(minutes=2)
    service = ("credit_report", "tax_payment", "social_insurance")[index % 3]
    return [
        (at, AuditPayload(event_id=start, type=AuditEvent.SESSION, phase="start", session_id=sid)),
        *(
            (
                at,
                PrintJobPayload(
                    job_id=job,
                    session_id=sid,
                    service_id=service,
                    state=state,
                    pages=2,
                    copies=1,
                    reprint_code="ABCD2345",
                ),
            )
            for state in (PrintJobState.QUEUED, PrintJobState.PRINTING, PrintJobState.DONE)
        ),
        (
            end,
            SessionPayload(
                session_id=sid,
                service_id=service,
                started_at=at,
                ended_at=end,
                outcome="completed",
                id_hash=f"{index % 997:064x}",
            ),
        ),
        (
            end,
            AuditPayload(
                event_id=str(uuid.uuid4()),
                type=AuditEvent.SESSION,
                phase="finish",
                session_id=sid,
                pairs_with=start,
                outcome="completed",
            ),
        ),
    ]


def _rows(count: int, start: datetime) -> list[dict[str, Any]]:
    boot = str(uuid.uuid4())
    rows: list[dict[str, Any]] = []
    index = 0
    while len(rows) < count:
        for at, payload in _payloads(index, start + timedelta(minutes=9 * index)):
            rows.append(
                {
                    "seq": len(rows) + 1,
                    "uuid": str(uuid.uuid4()),
                    "schema": 1,
                    "at": at.isoformat(),
                    "boot_id": boot,
                    "payload": json.loads(outbox.encode(payload)),
                }
            )
        index += 1
    return rows[:count]


@dataclass(frozen=True)
class IngestRun:
    workers: int
    batch: int
    ingest_seconds: float
    copy_seconds: float
    ingest_cpu: Cpu
    copy_cpu: Cpu

    @property
    def ratio(self) -> float:
        return self.copy_seconds / self.ingest_seconds


def _ingest(report: BenchReport, server: LocalPostgres, folder: Path) -> None:
    """Ingest against COPY, each run beside its own COPY: :data:`INGEST_RUNS` runs as a hall would
    set it up (``[server] workers = 2`` on these 2 CPUs, the kiosk's default batch), then one with
    a single worker and one with 500-row batches, to show what each of those brings."""
    start = datetime(2026, 11, 2, 8, 0)
    rows = {f"K{n:03d}": _rows(ROWS_PER_KIOSK, start) for n in range(KIOSKS)}
    setups = [(INGEST_WORKERS, BATCH)] * INGEST_RUNS + [(1, BATCH), (INGEST_WORKERS, 500)]
    runs = [
        _ingest_once(server, folder, n, rows, workers, batch) for n, (workers, batch) in enumerate(setups)
    ]
    total = KIOSKS * ROWS_PER_KIOSK
    for run in runs:
        print(
            f"    {run.workers} worker{'s' if run.workers > 1 else ''}, {run.batch}-row batches: ingest"
            f" {run.ingest_seconds:.2f} s, COPY {run.copy_seconds:.2f} s (× {run.ratio:.2f}); CPU seconds:"
            f" ingest — kiosks {run.ingest_cpu.here:.1f}, service {run.ingest_cpu.service:.1f},"
            f" PostgreSQL {run.ingest_cpu.postgres:.1f}; COPY — client {run.copy_cpu.here:.1f},"
            f" PostgreSQL {run.copy_cpu.postgres:.1f}"
        )
    measured = sorted(runs[:INGEST_RUNS], key=lambda r: r.ratio)
    median = measured[len(measured) // 2]
    report.figure(
        f"ingest: {KIOSKS} kiosks pushing {total} rows over HTTP",
        total / median.ingest_seconds,
        "rows/s",
        baseline=total / median.copy_seconds,
        baseline_name="plain COPY of the same rows",
        note=f"the median of {len(measured)} runs: {INGEST_WORKERS} workers on {os.cpu_count()} CPUs,"
        f" {BATCH}-row batches; {median.ingest_seconds:.1f} s vs {median.copy_seconds:.1f} s;"
        " goal ≥ 0.5 × COPY",
    )


def _ingest_once(
    server: LocalPostgres,
    folder: Path,
    n: int,
    rows: dict[str, list[dict[str, Any]]],
    workers: int,
    batch: int,
) -> IngestRun:
    """One run: the batches over HTTP into a database of their own, then COPY into another."""
    bodies = {
        kiosk: [
            json.dumps({"wire": 1, "kiosk_id": kiosk, "rows": rows[kiosk][i : i + batch]}).encode()
            for i in range(0, ROWS_PER_KIOSK, batch)
        ]
        for kiosk in rows
    }
    database = _database(server, f"bench_ingest_{n}")
    tokens = {kiosk: database.register(kiosk, f"H{k % 4}") for k, kiosk in enumerate(rows)}
    config = folder / f"central-{n}.toml"
    config.write_text(f"[server]\nworkers = {workers}\n", encoding="utf-8")
    central = CentralProcess(database, config=config)
    central.start()
    try:
        # warm-up, on a kiosk of its own: the partitions and each worker's caches, the same batch
        # again (acknowledged, stored once) until every worker has had time to start
        warm, body = database.register("WARM"), json.dumps({"kiosk_id": "WARM", "rows": _rows(50, _WARM)})
        until = time.monotonic() + (3.0 if workers > 1 else 0.0)
        _push(central, "WARM", warm, [body.encode()])
        while time.monotonic() < until:
            _push(central, "WARM", warm, [body.encode()] * 4)
        _checkpoint(server)
        before = cpu_now(server, central)
        began = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(KIOSKS) as pool:
            list(pool.map(lambda kiosk: _push(central, kiosk, tokens[kiosk], bodies[kiosk]), tokens))
        ingest_seconds = time.perf_counter() - began
        ingest_cpu = cpu_now(server, central) - before
    finally:
        central.stop()
    total = KIOSKS * ROWS_PER_KIOSK
    assert database.scalar("SELECT count(*) FROM received WHERE kiosk_id <> 'WARM'") == total

    floor = _database(server, f"bench_copy_{n}")
    with floor.connect() as connection:
        copy_setup(connection, tokens)
        received_rows, typed = copy_rows(rows)
        _checkpoint(server)
        before = cpu_now(server)
        began = time.perf_counter()
        with connection.transaction():
            copy_table(
                connection,
                "received",
                ("kiosk_id", "seq", "uuid", "kind", "schema", "at", "boot_id"),
                received_rows,
            )
            for table, (columns, values) in typed.items():
                copy_table(connection, table, columns, values)
        copy_seconds = time.perf_counter() - began
        copy_cpu = cpu_now(server) - before
    for name in (database.name, floor.name):
        with psycopg.connect(server.conninfo(), autocommit=True) as connection:
            connection.execute(f"DROP DATABASE {name}")
    return IngestRun(workers, batch, ingest_seconds, copy_seconds, ingest_cpu, copy_cpu)


_WARM = datetime(2026, 11, 2, 7, 0)


def _checkpoint(server: LocalPostgres) -> None:
    """Each timed part starts with nothing of the last one's left to write out: a checkpoint that
    the WAL of earlier runs would start in the middle of one falls on neither."""
    with psycopg.connect(server.conninfo(), autocommit=True) as connection:
        connection.execute("CHECKPOINT")


def _push(central: CentralProcess, kiosk: str, token: str, bodies: list[bytes]) -> None:
    """One kiosk's batches, in order, on one keep-alive connection of the standard library's
    client: the kiosks share this machine with the service and PostgreSQL, and the less of its
    CPU they take, the more of what is measured is the centre's."""
    link = http.client.HTTPConnection("127.0.0.1", central.port, timeout=120)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    try:
        for body in bodies:
            link.request("POST", INGEST_PATH, body=body, headers=headers)
            reply = link.getresponse()
            answer = reply.read()
            if reply.status != 200:
                raise RuntimeError(f"{kiosk}: {reply.status} {answer[:200]!r}")
    finally:
        link.close()


def _outage(report: BenchReport, server: LocalPostgres, folder: Path) -> None:
    database = _database(server, "bench_outage")
    central = CentralProcess(database)
    central.start()
    link = Link(central.port)
    box = KioskBox(folder / "outage", "K1", database.register("K1"), link.url, batch_rows=BATCH)
    try:
        box.follow()
        link.cut()
        began = time.perf_counter()
        box.simulate(OUTAGE_SESSIONS)
        written = time.perf_counter() - began
        link.restore()
        began = time.perf_counter()
        wait_until(
            lambda: database.scalar("SELECT acked_seq FROM kiosks") == box.last_seq(), timeout=600, every=0.2
        )
        caught_up = time.perf_counter() - began
    finally:
        box.stop_shipper()
        link.close()
        central.stop()
    exact = received(database, "K1") == box.outbox()
    report.figure(
        f"outage of {OUTAGE_SESSIONS} sessions ({box.last_seq()} rows): link up to all acknowledged",
        caught_up,
        "s",
        note=f"exactly once, in order: {'yes' if exact else 'NO'}; the sessions took {written:.0f} s",
    )
    if not exact:
        raise AssertionError("the outage lost or doubled rows")


def _catch_up(report: BenchReport, server: LocalPostgres, folder: Path) -> None:
    database = _database(server, "bench_catchup")
    central = CentralProcess(database)
    central.start()
    box = KioskBox(folder / "catchup", "K1", database.register("K1"), central.url, batch_rows=BATCH)
    engine = make_engine(f"sqlite:///{box.database}")
    upgrade(engine)
    week_ago = datetime(2026, 11, 20, 8, 0)
    with make_sessionmaker(engine).begin() as db:  # a week of visits, written in one go
        for index in range(CATCH_UP_SESSIONS):
            for at, payload in _payloads(index, week_ago + timedelta(minutes=2 * index)):
                outbox.append(db, payload, at)
    engine.dispose()
    try:
        began = time.perf_counter()
        box.kiosk("sync", timeout=900)
        seconds = time.perf_counter() - began
    finally:
        central.stop()
    assert received(database, "K1") == box.outbox()
    report.figure(
        f"catch-up: a kiosk 7 days behind ({CATCH_UP_SESSIONS} sessions, {box.last_seq()} rows)",
        seconds,
        "s",
        note="`kiosk sync` as a process, start-up included",
    )


# -- central statistics over a city's year --------------------------------------------------------


def _stats(report: BenchReport, server: LocalPostgres) -> None:
    database = _database(server, "bench_stats")
    rng = random.Random(12)
    year = datetime(2025, 12, 1)
    with database.connect() as connection:
        for hall in range(20):
            registry.add_hall(connection, f"H{hall:02d}", f"hall {hall}")
        for kiosk in range(STATS_KIOSKS):
            connection.execute(
                "INSERT INTO kiosks (id, hall_id, name) VALUES (%s, %s, %s)",
                (f"K{kiosk:03d}", f"H{kiosk % 20:02d}", f"kiosk {kiosk}"),
            )
        from central import partitions

        months = {partitions.month_of(year + timedelta(days=d)) for d in range(0, 370, 20)}
        partitions.ensure(connection, months, date(2026, 12, 1))
        buffer = io.StringIO()
        outcomes = ("completed",) * 8 + ("cancelled", "timed_out")
        for seq in range(STATS_SESSIONS):
            at = year + timedelta(seconds=rng.randrange(0, 365 * 86400))
            kiosk = f"K{seq % STATS_KIOSKS:03d}"
            holder = f"{rng.randrange(0, STATS_SESSIONS // 3):064x}"
            end = at + timedelta(minutes=3)
            buffer.write(
                f"{kiosk}\t{seq + 1}\ts{seq}\ttax_payment\t{at}\t{end}\t{rng.choice(outcomes)}\t\\N\tf"
                f"\tzh_CN\tresident_id\t{holder}\n"
            )
        buffer.seek(0)
        with connection.cursor().copy("COPY sessions FROM STDIN") as copy:
            while chunk := buffer.read(1 << 20):
                copy.write(chunk)
        connection.execute("ANALYZE sessions")
        for name, args, repeats in (
            ("over every kiosk, the whole year", (None, None, GroupBy.ALL), True),
            ("over every kiosk, the whole year, no repeat visitors", (None, None, GroupBy.ALL), False),
            ("by hall, one month", (datetime(2026, 6, 1), datetime(2026, 7, 1), GroupBy.HALL), True),
            ("by kiosk, the whole year", (None, None, GroupBy.KIOSK), True),
        ):
            times = timings_ms(
                lambda args=args, repeats=repeats: sessions_by_band(
                    connection, *args, repeat_visitors=repeats
                ),
                repeat=10,
            )
            report.figure(f"stats by band, {name} ({STATS_SESSIONS} sessions)", _p95(times), "ms", note="p95")


# -- the cost on the kiosk -----------------------------------------------------------------------


def _outbox_cost(report: BenchReport, folder: Path) -> None:
    engine = make_engine(f"sqlite:///{folder / 'cost.db'}")
    upgrade(engine)
    kept = Records(engine)
    at = datetime(2026, 11, 20, 19, 30)

    def outcomes(count: int) -> list[float]:
        ids = [str(uuid.uuid4()) for _ in range(count)]
        for sid in ids:
            kept.start_session(sid, "tax_payment", at, elderly=False, language="zh_CN")
        out = []
        for sid in ids:
            began = time.perf_counter()
            kept.end_session(sid, at, "completed", fault_device=None, elderly=False, language="zh_CN")
            out.append((time.perf_counter() - began) * 1000)
        return out

    outcomes(30)  # warm-up
    real_append = outbox.append
    with_outbox: list[float] = []
    without: list[float] = []
    for _ in range(10):  # interleaved, so the disk's moods fall on both alike
        with_outbox += outcomes(40)
        outbox.append = lambda *_args, **_kw: 0  # type: ignore[assignment]
        try:
            without += outcomes(40)
        finally:
            outbox.append = real_append  # type: ignore[assignment]
    engine.dispose()
    report.figure(
        "recording an outcome, with its outbox row (SQLite FULL)",
        _p95(with_outbox),
        "ms",
        baseline=_p95(without),
        baseline_name="without",
        note=f"p95; the outbox adds {_p95(with_outbox) - _p95(without):.2f} ms at p95, "
        f"{statistics.median(with_outbox) - statistics.median(without):.2f} ms at the median (budget 1 ms)",
    )


def run(report: BenchReport) -> None:
    server = LocalPostgres.in_temp_dir()
    server.start()
    folder = Path(tempfile.mkdtemp(prefix="bench-fleet-"))
    try:
        _outbox_cost(report, folder)
        _ingest(report, server, folder)
        _catch_up(report, server, folder)
        _stats(report, server)
        _outage(report, server, folder)
    finally:
        server.remove()
