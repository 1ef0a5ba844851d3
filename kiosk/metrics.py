"""What an operations team watches, for Prometheus, through node_exporter's textfile collector.

A kiosk sits behind the hall's NAT: no Prometheus can reach in to scrape it. Whatever the hall
already uses to see its machines — node_exporter, reached over its VPN or shipped out by an agent's
remote-write — carries these too: ``kiosk metrics`` (``civic-kiosk-metrics.service``) writes them
into a ``.prom`` file that node_exporter's textfile collector serves beside the host's own. The kiosk
opens no port of its own, and a file that stops changing says so by itself
(``node_textfile_mtime_seconds``). Each write is atomic (a temporary file renamed over the old one),
so node_exporter never reads half a file.

The exporter is its own process, reading the database the touchscreen app writes: each part's last
status (``device_status_changes``, written on every change), which services that leaves available,
and — counted from the audit trail as it grows — sessions by outcome and time band, face-check
results, print jobs by outcome, help requests. The counters start at zero when the exporter starts
(Prometheus's ``rate()`` and ``increase()`` take a restart in their stride); the database stays the
record (``kiosk stats``). The app adds one gauge of its own in a file beside it: its last watchdog
ping (:class:`kiosk.textfile.WatchdogPingFile`).
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy import Connection, func, select
from sqlalchemy.engine import Engine

from devices.document_printer.base import DocumentPrinterStatus
from devices.receipt_printer.base import ReceiptPrinterStatus
from kiosk.audit import AuditEvent
from kiosk.config import KioskConfig
from kiosk.health import STATUS_SETS, usable
from kiosk.parts import Part, Reading, Unanswered
from kiosk.stats import band_of
from kiosk.storage.models import AuditEventRow, DeviceStatusRow, SessionRow
from kiosk.textfile import PREFIX
from kiosk.workdays import WorkCalendar

DatabaseGauges = Callable[[Connection], Iterable[Metric]]
"""More gauges read from the database at each collection. The outbox (issue 12) joins here with its
backlog and last acknowledgement (``civic_kiosk_outbox_unsent_records``,
``civic_kiosk_outbox_last_acknowledged_timestamp_seconds``), passed to :class:`KioskCollector`."""


class PaperState(enum.StrEnum):
    OK = "ok"
    NEAR_END = "near_end"
    OUT = "out"
    UNKNOWN = "unknown"  # the printer says something else (offline, cover open, stopped): it cannot tell


PAPER: dict[Part, dict[str, PaperState]] = {
    Part.RECEIPT_PRINTER: {
        ReceiptPrinterStatus.READY: PaperState.OK,
        ReceiptPrinterStatus.PAPER_NEAR_END: PaperState.NEAR_END,
        ReceiptPrinterStatus.PAPER_OUT: PaperState.OUT,
    },
    Part.DOCUMENT_PRINTER: {
        DocumentPrinterStatus.READY: PaperState.OK,
        DocumentPrinterStatus.PAPER_OUT: PaperState.OUT,
    },
}
"""Which statuses say how the paper is; any other leaves it unknown."""

COUNTED = (
    AuditEvent.SESSION,
    AuditEvent.FACE_CHECK,
    AuditEvent.PRINT_DOCUMENT,
    AuditEvent.PRINT_RECEIPT,
    AuditEvent.HELP_REQUESTED,
)
"""The audit events the counters follow (a start counts nothing: its finish says how it went)."""


def _kiosk_version() -> str:
    try:
        return version("civic-kiosk")
    except PackageNotFoundError:  # a source tree never installed
        return "unknown"


class EventTally:
    """The counters, kept up to date from the audit trail: each collection reads the events written
    since the last (by id: SQLite hands out ids in commit order, one writer at a time)."""

    def __init__(self, calendar: WorkCalendar) -> None:
        self._calendar = calendar
        self._after: int | None = None  # the last event id counted; None before the first look
        self.sessions: Counter[tuple[str, str]] = Counter()  # (band, outcome)
        self.face_checks: Counter[str] = Counter()
        self.print_jobs: Counter[tuple[str, str]] = Counter()  # (printer, outcome)
        self.help_requests = 0

    def update(self, connection: Connection) -> None:
        if self._after is None:  # start counting from now: what came before is in the database
            self._after = int(connection.scalar(select(func.coalesce(func.max(AuditEventRow.id), 0))) or 0)
            return
        query = (
            select(AuditEventRow.id, AuditEventRow.type, AuditEventRow.phase, AuditEventRow.outcome)
            .add_columns(SessionRow.started_at)
            .outerjoin(SessionRow, SessionRow.id == AuditEventRow.session_id)
            .where(AuditEventRow.id > self._after, AuditEventRow.type.in_([e.value for e in COUNTED]))
            .order_by(AuditEventRow.id)
        )
        last = self._after
        for event_id, kind, phase, outcome, started_at in connection.execute(query):
            last = event_id
            self._count(AuditEvent(kind), phase, outcome or "unknown", started_at)
        newest = connection.scalar(select(func.max(AuditEventRow.id)))
        self._after = max(last, int(newest or 0))

    def _count(self, kind: AuditEvent, phase: str, outcome: str, started_at: datetime | None) -> None:
        if phase == "start":
            return
        if kind is AuditEvent.SESSION:
            band = band_of(started_at, self._calendar).value if started_at else "unknown"
            self.sessions[(band, outcome)] += 1
        elif kind is AuditEvent.FACE_CHECK:
            self.face_checks[outcome] += 1
        elif kind is AuditEvent.PRINT_DOCUMENT:
            self.print_jobs[(Part.DOCUMENT_PRINTER.value, outcome)] += 1
        elif kind is AuditEvent.PRINT_RECEIPT:
            self.print_jobs[(Part.RECEIPT_PRINTER.value, outcome)] += 1
        elif kind is AuditEvent.HELP_REQUESTED:
            self.help_requests += 1


class KioskCollector(Collector):
    """Everything in :mod:`kiosk.metrics`, collected in one pass over the database."""

    def __init__(self, engine: Engine, config: KioskConfig, *, extra: Sequence[DatabaseGauges] = ()) -> None:
        self._engine = engine
        self._config = config
        self._extra = tuple(extra)
        self.tally = EventTally(WorkCalendar(config.calendar))

    def collect(self) -> Iterator[Metric]:
        with self._engine.connect() as connection:
            self.tally.update(connection)
            readings = _last_readings(connection)
            oldest = connection.scalar(select(func.min(SessionRow.started_at)))
            extra = [metric for gauges in self._extra for metric in gauges(connection)]
        info = GaugeMetricFamily(
            f"{PREFIX}_info", "The kiosk and its release", labels=["kiosk_id", "version"]
        )
        info.add_metric([self._config.kiosk.id, _kiosk_version()], 1)
        yield info
        yield from _part_metrics(readings)
        yield _services(self._config, readings)
        yield from self._counters()
        yield from _database_size(self._engine)
        if oldest is not None:
            yield GaugeMetricFamily(
                f"{PREFIX}_oldest_session_timestamp_seconds",
                "When the oldest session kept started (retention keeps it within its days)",
                value=oldest.timestamp(),
            )
        yield from extra

    def _counters(self) -> Iterator[Metric]:
        tally = self.tally
        sessions = CounterMetricFamily(
            f"{PREFIX}_sessions", "Sessions ended, by time band and outcome", labels=["band", "outcome"]
        )
        for (band, outcome), count in sorted(tally.sessions.items()):
            sessions.add_metric([band, outcome], count)
        yield sessions
        faces = CounterMetricFamily(
            f"{PREFIX}_face_checks", "Face-check attempts by result", labels=["result"]
        )
        for result, count in sorted(tally.face_checks.items()):
            faces.add_metric([result], count)
        yield faces
        jobs = CounterMetricFamily(
            f"{PREFIX}_print_jobs",
            "Print jobs by printer and outcome (a failure: not completed / printed)",
            labels=["printer", "outcome"],
        )
        for (printer, outcome), count in sorted(tally.print_jobs.items()):
            jobs.add_metric([printer, outcome], count)
        yield jobs
        help_requests = CounterMetricFamily(f"{PREFIX}_help_requests", "一键求助 taps")
        help_requests.add_metric([], tally.help_requests)
        yield help_requests


def _last_readings(connection: Connection) -> dict[Part, tuple[Reading, datetime]]:
    """Each part's newest status change: the status it is in (as the app last saw it), and since when."""
    newest = select(func.max(DeviceStatusRow.id)).group_by(DeviceStatusRow.device)
    rows = connection.execute(
        select(DeviceStatusRow.device, DeviceStatusRow.status, DeviceStatusRow.at).where(
            DeviceStatusRow.id.in_(newest)
        )
    )
    readings: dict[Part, tuple[Reading, datetime]] = {}
    for device, status, at in rows:
        try:
            part = Part(device)
        except ValueError:
            continue  # a part this release no longer has
        reading = Unanswered.NO_ANSWER if status == Unanswered.NO_ANSWER else STATUS_SETS[part].read(status)
        if reading is not None:
            readings[part] = (reading, at)
    return readings


def _part_metrics(readings: dict[Part, tuple[Reading, datetime]]) -> Iterator[Metric]:
    status = GaugeMetricFamily(
        f"{PREFIX}_part_status",
        "1 for the status each part is in, 0 for its others (as the app last recorded it)",
        labels=["part", "status"],
    )
    since = GaugeMetricFamily(
        f"{PREFIX}_part_status_since_timestamp_seconds",
        "When each part went into its status",
        labels=["part"],
    )
    paper = GaugeMetricFamily(
        f"{PREFIX}_paper", "1 for each printer's paper state, 0 for the others", labels=["printer", "state"]
    )
    for part, (reading, at) in sorted(readings.items()):
        for possible in (*STATUS_SETS[part].kind, Unanswered.NO_ANSWER):
            status.add_metric([part.value, possible.value], 1 if possible == reading else 0)
        since.add_metric([part.value], at.timestamp())
    for printer, states in PAPER.items():
        known = readings.get(printer)
        state = PaperState.UNKNOWN if known is None else states.get(known[0].value, PaperState.UNKNOWN)
        for possible_state in (s for s in PaperState if s in states.values() or s is PaperState.UNKNOWN):
            paper.add_metric([printer.value, possible_state.value], 1 if possible_state is state else 0)
    yield status
    yield since
    yield paper


def _services(config: KioskConfig, readings: dict[Part, tuple[Reading, datetime]]) -> Metric:
    """Whether each service can be offered, by the same rule as the home screen
    (:meth:`kiosk.health.KioskHealth.unavailability`): every part it needs usable; a part not heard
    from yet does not grey it out."""
    available = GaugeMetricFamily(
        f"{PREFIX}_service_available", "1 when the service can be offered now", labels=["service"]
    )
    for service in config.services:
        needs = [Part(device) for device in service.devices] + [Part(service.source)]
        if service.face_check:
            needs.append(Part.FACE_CHECK)
        blocked = any(part in readings and not usable(part, readings[part][0]) for part in needs)
        available.add_metric([service.id], 0 if blocked else 1)
    return available


def _database_size(engine: Engine) -> Iterator[Metric]:
    """The database's files on disk (SQLite: the database, its write-ahead log), and how much of it
    is free pages that the next ``kiosk db prune`` gives back."""
    if engine.dialect.name != "sqlite" or not engine.url.database or engine.url.database == ":memory:":
        return
    path = Path(engine.url.database)
    size = sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())
    yield GaugeMetricFamily(f"{PREFIX}_database_bytes", "The database's files on disk", value=size)
    with engine.connect() as connection:
        free = int(connection.exec_driver_sql("PRAGMA freelist_count").scalar_one())
        page = int(connection.exec_driver_sql("PRAGMA page_size").scalar_one())
    yield GaugeMetricFamily(
        f"{PREFIX}_database_free_bytes", "Free pages inside the database file", value=free * page
    )


def exposition(registry: CollectorRegistry) -> str:
    """The registry in Prometheus's text format."""
    return generate_latest(registry).decode("utf-8")
