"""Metrics for Prometheus: what the exporter writes parses with prometheus_client's own parser and
says what the database says — each part's status, the paper, the services, and counters that follow
the audit trail from the exporter's start."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from prometheus_client import CollectorRegistry
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import Connection
from sqlalchemy.engine import Engine

from kiosk.audit import AuditEvent
from kiosk.cli import main
from kiosk.config import KioskConfig, parse_config
from kiosk.metrics import KioskCollector, exposition
from kiosk.storage.db import make_engine
from kiosk.storage.migrate import upgrade
from kiosk.storage.records import Records
from kiosk.textfile import APP_FILE, WatchdogPingFile, write_textfile

MONDAY_NIGHT = datetime(2026, 11, 16, 22, 30)
MONDAY_NOON = datetime(2026, 11, 16, 12, 15)


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'kiosk.db'}")
    upgrade(engine)
    yield engine
    engine.dispose()


def _samples(registry: CollectorRegistry) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample, parsed back from the text the exporter writes."""
    parsed = {}
    for family in text_string_to_metric_families(exposition(registry)):
        for sample in family.samples:
            parsed[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return parsed


def _value(samples: dict[tuple[str, tuple[tuple[str, str], ...]], float], name: str, **labels: str) -> float:
    return samples[(name, tuple(sorted(labels.items())))]


def _registry(engine: Engine, config: KioskConfig | None = None, **kwargs: object) -> CollectorRegistry:
    registry = CollectorRegistry()
    registry.register(KioskCollector(engine, config or KioskConfig(), **kwargs))  # type: ignore[arg-type]
    return registry


def _session(records: Records, session_id: str, at: datetime, outcome: str) -> None:
    records.start_session(session_id, "credit_report", at, elderly=False, language="zh_CN")
    start = records.begin(AuditEvent.SESSION, at, session_id=session_id)
    records.finish(start, AuditEvent.SESSION, at, outcome, session_id=session_id)
    records.end_session(session_id, at, outcome, fault_device=None, elderly=False, language="zh_CN")


def test_parts_paper_and_services_as_the_app_last_recorded_them(engine: Engine) -> None:
    records = Records(engine)
    records.device_status("receipt_printer", "paper_near_end", MONDAY_NOON)
    records.device_status("document_printer", "ready", MONDAY_NOON)
    records.device_status("document_printer", "paper_out", MONDAY_NIGHT)
    records.device_status("camera", "no_answer", MONDAY_NIGHT)
    records.device_status("registry", "available", MONDAY_NOON)

    samples = _samples(_registry(engine))

    assert _value(samples, "civic_kiosk_part_status", part="document_printer", status="paper_out") == 1
    assert _value(samples, "civic_kiosk_part_status", part="document_printer", status="ready") == 0
    assert _value(samples, "civic_kiosk_part_status", part="camera", status="no_answer") == 1
    assert _value(samples, "civic_kiosk_part_status", part="camera", status="ready") == 0
    since = _value(samples, "civic_kiosk_part_status_since_timestamp_seconds", part="document_printer")
    assert since == MONDAY_NIGHT.timestamp()
    assert _value(samples, "civic_kiosk_paper", printer="receipt_printer", state="near_end") == 1
    assert _value(samples, "civic_kiosk_paper", printer="document_printer", state="out") == 1
    assert _value(samples, "civic_kiosk_paper", printer="document_printer", state="ok") == 0
    # Every default service prints on A4 and checks the face: none can be offered.
    for service in ("credit_report", "business_license", "social_insurance", "tax_payment", "real_estate"):
        assert _value(samples, "civic_kiosk_service_available", service=service) == 0
    assert (
        "civic_kiosk_part_status",
        (("part", "id_reader"), ("status", "ready")),
    ) not in samples  # not heard


def test_a_service_that_does_not_need_the_broken_part_stays_available(engine: Engine) -> None:
    config = parse_config(
        '[[services]]\nid = "tax_payment"\ntitle_zh = "纳税证明"\ntitle_en = "Tax"\n'
        'template = "tax_payment"\n'
        'face_check = false\ndevices = ["id_reader", "receipt_printer"]\n'
        '[[services]]\nid = "credit_report"\ntitle_zh = "个人信用报告"\ntitle_en = "Credit"\n'
        'template = "credit_report"\n'
    )
    Records(engine).device_status("document_printer", "offline", MONDAY_NOON)

    samples = _samples(_registry(engine, config))

    assert _value(samples, "civic_kiosk_service_available", service="tax_payment") == 1
    assert _value(samples, "civic_kiosk_service_available", service="credit_report") == 0


def test_counters_follow_the_audit_trail_from_the_exporters_start(engine: Engine) -> None:
    records = Records(engine)
    _session(records, "before", MONDAY_NIGHT, "completed")  # before the exporter: in the database only
    registry = _registry(engine)
    first = _samples(registry)
    assert _value(first, "civic_kiosk_help_requests_total") == 0
    assert not [key for key in first if key[0] == "civic_kiosk_sessions_total"]

    _session(records, "s1", MONDAY_NIGHT, "completed")
    _session(records, "s2", MONDAY_NIGHT + timedelta(minutes=5), "completed")
    _session(records, "s3", MONDAY_NOON, "timed_out")
    attempt = records.begin(AuditEvent.FACE_CHECK, MONDAY_NIGHT, session_id="s1")
    records.finish(attempt, AuditEvent.FACE_CHECK, MONDAY_NIGHT, "no_match", session_id="s1")
    attempt = records.begin(AuditEvent.FACE_CHECK, MONDAY_NIGHT, session_id="s1")
    records.finish(attempt, AuditEvent.FACE_CHECK, MONDAY_NIGHT, "passed", session_id="s1")
    job = records.begin(AuditEvent.PRINT_DOCUMENT, MONDAY_NIGHT, session_id="s1")
    records.finish(job, AuditEvent.PRINT_DOCUMENT, MONDAY_NIGHT, "failed", session_id="s1")
    records.event(AuditEvent.PRINT_RECEIPT, MONDAY_NIGHT, session_id="s2", outcome="printed")
    records.event(AuditEvent.HELP_REQUESTED, MONDAY_NIGHT, session_id="s2")
    records.event(AuditEvent.CARD_READ, MONDAY_NIGHT, session_id="s2", outcome="ok")  # not counted

    second = _samples(registry)

    assert _value(second, "civic_kiosk_sessions_total", band="night", outcome="completed") == 2
    assert _value(second, "civic_kiosk_sessions_total", band="weekday_midday", outcome="timed_out") == 1
    assert _value(second, "civic_kiosk_face_checks_total", result="no_match") == 1
    assert _value(second, "civic_kiosk_face_checks_total", result="passed") == 1
    assert _value(second, "civic_kiosk_print_jobs_total", printer="document_printer", outcome="failed") == 1
    assert _value(second, "civic_kiosk_print_jobs_total", printer="receipt_printer", outcome="printed") == 1
    assert _value(second, "civic_kiosk_help_requests_total") == 1

    records.event(AuditEvent.HELP_REQUESTED, MONDAY_NIGHT, session_id="s3")
    third = _samples(registry)  # nothing counted twice
    assert _value(third, "civic_kiosk_sessions_total", band="night", outcome="completed") == 2
    assert _value(third, "civic_kiosk_help_requests_total") == 2


def test_database_size_and_the_oldest_session_kept(engine: Engine, tmp_path: Path) -> None:
    _session(Records(engine), "s1", MONDAY_NOON, "completed")

    samples = _samples(_registry(engine))

    on_disk = sum(p.stat().st_size for p in tmp_path.glob("kiosk.db*") if not p.name.endswith("-shm"))
    assert _value(samples, "civic_kiosk_database_bytes") == on_disk > 0
    assert _value(samples, "civic_kiosk_database_free_bytes") >= 0
    assert _value(samples, "civic_kiosk_oldest_session_timestamp_seconds") == MONDAY_NOON.timestamp()
    assert _value(samples, "civic_kiosk_info", kiosk_id="KSK-DEMO-01", version=_version(samples)) == 1


def _version(samples: dict[tuple[str, tuple[tuple[str, str], ...]], float]) -> str:
    (labels,) = [dict(key[1]) for key in samples if key[0] == "civic_kiosk_info"]
    return labels["version"]


def test_more_gauges_join_from_the_database(engine: Engine) -> None:
    """The hook the outbox's backlog uses: one more function of the connection."""

    def backlog(connection: Connection) -> list[Metric]:
        return [GaugeMetricFamily("civic_kiosk_outbox_unsent_records", "Not yet acknowledged", value=7)]

    samples = _samples(_registry(engine, extra=[backlog]))
    assert _value(samples, "civic_kiosk_outbox_unsent_records") == 7


def test_the_textfile_is_replaced_whole(engine: Engine, tmp_path: Path) -> None:
    registry = _registry(engine)
    path = tmp_path / "textfile" / "civic-kiosk.prom"
    write_textfile(path, registry)
    inode = path.stat().st_ino
    write_textfile(path, registry)

    assert path.stat().st_ino != inode  # renamed over, never rewritten in place: no reader sees half
    assert [p.name for p in path.parent.iterdir()] == ["civic-kiosk.prom"]  # no temporary file left
    names = {family.name for family in text_string_to_metric_families(path.read_text(encoding="utf-8"))}
    assert {"civic_kiosk_part_status", "civic_kiosk_sessions", "civic_kiosk_database_bytes"} <= names


def test_the_apps_watchdog_ping_file(tmp_path: Path) -> None:
    ping = WatchdogPingFile(tmp_path)
    ping.write(1_790_000_000.5)

    (family,) = text_string_to_metric_families((tmp_path / APP_FILE).read_text(encoding="utf-8"))
    assert family.name == "civic_kiosk_watchdog_last_ping_timestamp_seconds"
    assert family.samples[0].value == 1_790_000_000.5


def test_kiosk_metrics_prints_and_writes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text(f'data_dir = "{tmp_path}"\n', encoding="utf-8")
    assert main(["--config", str(config), "metrics"]) == 0
    printed = {f.name for f in text_string_to_metric_families(capsys.readouterr().out)}
    assert "civic_kiosk_service_available" in printed

    assert main(["--config", str(config), "metrics", "--textfile", str(tmp_path / "k.prom")]) == 0
    assert "civic_kiosk_help_requests_total 0.0" in (tmp_path / "k.prom").read_text(encoding="utf-8")
    assert main(["--config", str(config), "metrics", "--every", "5"]) == 2


def test_the_exporter_rewrites_until_systemd_stops_it(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text(f'data_dir = "{tmp_path}"\n', encoding="utf-8")
    textfile = tmp_path / "civic-kiosk.prom"
    exporter = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "--config", str(config), "metrics", "--textfile", str(textfile),
         "--every", "0.2"],
        env={**os.environ, "PYTHONPATH": os.getcwd()},
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while not textfile.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        first = textfile.stat().st_mtime_ns
        while textfile.stat().st_mtime_ns == first and time.monotonic() < deadline:
            time.sleep(0.05)
        assert textfile.stat().st_mtime_ns != first  # rewritten
        exporter.send_signal(signal.SIGTERM)
        assert exporter.wait(timeout=30) == 0  # a clean stop, the last write whole
    finally:
        exporter.kill()
        exporter.wait()
    assert "civic_kiosk_info" in textfile.read_text(encoding="utf-8")
