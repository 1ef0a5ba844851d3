"""The heartbeat and the shipper's bookkeeping, on a kiosk database alone (no centre needed)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import httpx

from kiosk.clock import FakeClock
from kiosk.config import KioskConfig, SyncConfig
from kiosk.storage import outbox
from kiosk.storage.db import make_engine
from kiosk.storage.migrate import upgrade
from kiosk.storage.records import Records
from kiosk.sync.heartbeat import summary
from kiosk.sync.shipper import Sent, Shipper, lag

AT = datetime(2026, 11, 20, 19, 30)


def _kiosk(tmp_path: Path, **sync: object) -> tuple[KioskConfig, Records]:
    config = KioskConfig(
        data_dir=tmp_path, sync=SyncConfig(enabled=True, url="http://central.test", token="t", **sync)
    )
    engine = make_engine(config.database_url())
    upgrade(engine)
    return config, Records(engine)


def test_the_heartbeat_says_which_services_a_part_stops(tmp_path: Path) -> None:
    config, records = _kiosk(tmp_path)
    for part in ("id_reader", "camera", "document_printer", "receipt_printer", "voice"):
        records.device_status(part, "ready", AT)
    records.device_status("registry", "available", AT)
    records.device_status("document_printer", "paper_out", AT + timedelta(minutes=1))
    beat = summary(records.engine, config)
    assert not beat.ready
    assert beat.parts["document_printer"] == "paper_out" and beat.parts["camera"] == "ready"
    stopped = {u.service_id for u in beat.unavailable}
    assert stopped == {s.id for s in config.services if "document_printer" in s.devices}
    assert beat.backlog == outbox.status(records.engine).backlog == 7
    records.device_status("document_printer", "ready", AT + timedelta(minutes=2))
    assert summary(records.engine, config).ready


def test_a_heartbeat_with_a_stopped_service_goes_into_the_outbox(tmp_path: Path) -> None:
    config, records = _kiosk(tmp_path)
    records.device_status("document_printer", "paper_out", AT)
    with Shipper(config, records.engine, FakeClock(AT)) as shipper:
        seq = shipper.beat()
    (row,) = [r for r in outbox.pending(records.engine, 100).rows if r.seq == seq]
    sent = json.loads(row.payload)
    assert {"service_id": "credit_report", "part": "document_printer", "status": "paper_out"} in sent[
        "unavailable"
    ]
    assert sent["parts"]["document_printer"] == "paper_out" and sent["ready"] is False


def test_a_refused_batch_is_kept_with_the_reason_and_a_later_one_acknowledged(tmp_path: Path) -> None:
    config, records = _kiosk(tmp_path, batch_rows=2)
    for minute in range(5):
        records.device_status("camera", "ready" if minute % 2 else "frozen", AT + timedelta(minutes=minute))
    answers = [httpx.Response(503, json={"error": "unavailable", "message": "try later"})]
    bodies: list[dict[str, object]] = []

    def centre(request: httpx.Request) -> httpx.Response:
        bodies.append(json.loads(request.content))
        if answers:
            return answers.pop()
        last = bodies[-1]["rows"][-1]["seq"]  # type: ignore[index]
        return httpx.Response(200, json={"kiosk_id": config.kiosk.id, "acknowledged": last, "stored": 2})

    clock = FakeClock(AT + timedelta(minutes=10))
    with Shipper(config, records.engine, clock, transport=httpx.MockTransport(centre)) as shipper:
        failed = shipper.drain()
        assert failed.sent is Sent.FAILED and "503" in (failed.error or "")
        state = outbox.status(records.engine)
        assert state.backlog == 5 and "try later" in (state.error or "")
        assert lag(state, clock.now()) == 600.0
        assert shipper.drain().rows == 5
    assert [[r["seq"] for r in b["rows"]] for b in bodies] == [[1, 2], [1, 2], [3, 4], [5]]  # type: ignore[index]
    state = outbox.status(records.engine)
    assert state.backlog == 0 and state.error is None and lag(state, clock.now()) is None


def test_with_sync_off_the_shipper_only_prunes_by_age(tmp_path: Path) -> None:
    _, records = _kiosk(tmp_path)
    config = KioskConfig(data_dir=tmp_path, sync=SyncConfig(enabled=False, keep_unsent_days=3))
    for day in range(6):
        records.device_status("camera", "ready" if day % 2 else "frozen", AT + timedelta(days=day))
    with Shipper(config, records.engine, FakeClock(AT + timedelta(days=5, hours=1))) as shipper:
        assert shipper.prune() == 3  # days 0, 1 and 2: more than 3 days before day 5
    assert outbox.status(records.engine).pruned_through == 3
