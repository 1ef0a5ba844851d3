"""Health: statuses asked off-thread, written only on change; sources probed; availability reasons."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
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
from kiosk.health import BUSY_LIMIT, KioskHealth
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


def test_a_device_busy_with_its_work_is_not_taken_for_gone(parts: tuple) -> None:  # type: ignore[type-arg]
    """A print job or a card read holds the device's worker; the status call waits behind it and
    the device keeps its status. A status call that itself hangs is "no answer" after an interval."""
    health, _camera, receipt, _source, records = parts
    health.wait_first_round()
    clock = health._clock
    worker = health._devices.receipt_printer
    release, hang = threading.Event(), threading.Event()
    busy = worker.submit(lambda device: release.wait(10))  # a long job on the printer's thread

    health.check_now()
    health.poll()  # the status call is asked, and queues behind the job
    clock.advance(60)  # far longer than the 5 s interval
    health.poll()
    assert health.status_of("receipt_printer") == "ready"  # busy, not gone

    release.set()
    busy.result(timeout=5)
    _wait_until(lambda: health.poll() or "receipt_printer" not in health._pending)
    assert health.status_of("receipt_printer") == "ready"

    # Now the status call itself hangs: that is a device not answering.
    original = receipt.status
    receipt.status = lambda: (hang.wait(10), original())[1]  # type: ignore[method-assign]
    try:
        clock.advance(6)
        health.poll()  # asks again
        _wait_until(health._pending["receipt_printer"][0].running)
        health.poll()  # sees it running
        clock.advance(6)
        health.poll()
        assert health.status_of("receipt_printer") == "no_answer"
    finally:
        hang.set()
    with records.engine.connect() as connection:
        rows = connection.execute(
            text("select status from device_status_changes where device='receipt_printer'")
        )
        assert [r[0] for r in rows] == ["ready", "no_answer"]


def test_a_device_stuck_on_one_task_for_minutes_is_not_answering(parts: tuple) -> None:  # type: ignore[type-arg]
    health, *_ = parts
    health.wait_first_round()
    release = threading.Event()
    stuck = health._devices.camera.submit(lambda device: release.wait(10))
    try:
        health.check_now()
        health.poll()
        health._clock.advance(BUSY_LIMIT - 1)
        health.poll()
        assert health.status_of("camera") == "ready"
        health._clock.advance(2)
        health.poll()
        assert health.status_of("camera") == "no_answer"
    finally:
        release.set()
        stuck.result(timeout=5)


def _wait_until(condition: Callable[[], object], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the condition never came true"
        time.sleep(0.01)
