"""Health: statuses asked off-thread, written only on change; sources probed; availability reasons."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from devices.camera.mock import CameraFault, MockCamera
from devices.document_printer.mock import MockDocumentPrinter
from devices.id_reader.mock import MockIdReader
from devices.receipt_printer.base import ReceiptPrinterStatus
from devices.receipt_printer.mock import MockReceiptPrinter
from devices.voice.mock import MockVoice
from devices.worker import DeviceWorker
from kiosk.clock import FakeClock
from kiosk.composition import DeviceSet
from kiosk.config import KioskConfig
from kiosk.documents.base import SourceHealth
from kiosk.health import KioskHealth
from kiosk.storage.db import make_engine
from kiosk.storage.migrate import upgrade
from kiosk.storage.records import Records


class ProbedSource:
    def __init__(self) -> None:
        self.up = True
        self.probes = 0

    def health(self) -> SourceHealth:
        return SourceHealth(self.up, "" if self.up else "the gateway does not answer")

    def probe(self) -> SourceHealth:
        self.probes += 1
        return self.health()


@pytest.fixture
def parts(
    tmp_path: Path,
) -> Iterator[tuple[KioskHealth, MockCamera, MockReceiptPrinter, ProbedSource, Records]]:
    engine = make_engine(f"sqlite:///{tmp_path / 'k.db'}")
    upgrade(engine)
    records = Records(engine)
    camera, receipt = MockCamera(fps=0), MockReceiptPrinter()
    devices = DeviceSet(
        DeviceWorker(MockIdReader(), "id_reader"),
        DeviceWorker(receipt, "receipt_printer"),
        DeviceWorker(MockDocumentPrinter(), "document_printer"),
        DeviceWorker(camera, "camera"),
        DeviceWorker(MockVoice(), "voice"),
    )
    source = ProbedSource()
    health = KioskHealth(devices, {"registry": source}, records, FakeClock())  # type: ignore[dict-item]
    yield health, camera, receipt, source, records
    health.close()
    devices.close()
    engine.dispose()


def test_a_failing_device_greys_the_services_that_need_it(parts: tuple) -> None:  # type: ignore[type-arg]
    health, camera, receipt, _source, records = parts
    health.wait_first_round()
    service = KioskConfig().services[0]
    assert health.unavailability(service) == []
    camera.inject(CameraFault.UNPLUGGED)
    receipt.set_status(ReceiptPrinterStatus.PAPER_NEAR_END)  # still usable
    health.check_now()
    health.wait_first_round()
    assert [(u.part, u.status) for u in health.unavailability(service)] == [("camera", "no_device")]
    health.check_now()
    health.wait_first_round()
    with records.engine.connect() as connection:
        rows = connection.execute(
            text("select device, status from device_status_changes where device='camera'")
        )
        assert [tuple(r) for r in rows] == [("camera", "ready"), ("camera", "no_device")]


def test_a_source_going_down_changes_the_version_and_is_probed(parts: tuple) -> None:  # type: ignore[type-arg]
    health, _camera, _receipt, source, _records = parts
    health.wait_first_round()
    version = health.version
    source.up = False
    health.poll()
    assert health.version > version
    reasons = health.unavailability(KioskConfig().services[0])
    assert [(u.part, u.detail) for u in reasons] == [("registry", "the gateway does not answer")]
    assert health._probing is not None
    health._probing.result(timeout=5)
    assert source.probes >= 1
