"""Health: statuses asked off-thread, written only on change; sources probed; availability reasons."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import text

from devices.camera.base import CameraStatus
from devices.camera.mock import CameraFault, MockCamera
from devices.document_printer.base import DocumentPrinterStatus
from devices.document_printer.mock import MockDocumentPrinter
from devices.id_reader.mock import MockIdReader
from devices.receipt_printer.base import ReceiptPrinterStatus
from devices.receipt_printer.mock import MockReceiptPrinter
from devices.voice.mock import MockVoice
from devices.worker import DeviceWorker
from kiosk.clock import FakeClock
from kiosk.composition import Kiosk, assemble
from kiosk.composition.adapters import open_devices
from kiosk.config import CameraConfig, DevicesConfig, FaceCheckConfig, KioskConfig
from kiosk.device_set import DeviceSet
from kiosk.documents.base import SourceHealth
from kiosk.health import (
    BUSY_LIMIT,
    CAMERA,
    DOCUMENT_PRINTER,
    FACE_CHECK,
    RECEIPT_PRINTER,
    STATUS_SETS,
    KioskHealth,
    usable,
)
from kiosk.parts import FaceCheckStatus, Part, SourceStatus, Unanswered
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
    assert [(u.part, u.status) for u in health.unavailability(service)] == [
        (Part.CAMERA, CameraStatus.NO_DEVICE)
    ]
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
    assert [(u.part, u.status, u.detail) for u in reasons] == [
        (Part.REGISTRY, SourceStatus.UNAVAILABLE, "the gateway does not answer")
    ]
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
    assert health.status_of(RECEIPT_PRINTER) is ReceiptPrinterStatus.READY  # busy, not gone

    release.set()
    busy.result(timeout=5)
    _wait_until(lambda: health.poll() or Part.RECEIPT_PRINTER not in health._pending)
    assert health.status_of(RECEIPT_PRINTER) is ReceiptPrinterStatus.READY

    # Now the status call itself hangs: that is a device not answering.
    original = receipt.status
    receipt.status = lambda: (hang.wait(10), original())[1]  # type: ignore[method-assign]
    try:
        clock.advance(6)
        health.poll()  # asks again
        _wait_until(health._pending[Part.RECEIPT_PRINTER][0].running)
        health.poll()  # sees it running
        clock.advance(6)
        health.poll()
        assert health.status_of(RECEIPT_PRINTER) is Unanswered.NO_ANSWER
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
        assert health.status_of(CAMERA) is CameraStatus.READY
        health._clock.advance(2)
        health.poll()
        assert health.status_of(CAMERA) is Unanswered.NO_ANSWER
    finally:
        release.set()
        stuck.result(timeout=5)


def _wait_until(condition: Callable[[], object], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the condition never came true"
        time.sleep(0.01)


# ---------------------------------------------------------------- the face check is a part
def kiosk_without_a_face_model(tmp_path: Path) -> Kiosk:
    """A kiosk with a real camera configured (so the face check loads its models) whose SFace model
    file does not exist, and one service that does without the face check."""
    defaults = KioskConfig().services
    no_face = replace(
        defaults[0],
        id="no_face",
        face_check=False,
        devices=("id_reader", "document_printer", "receipt_printer"),
    )
    config = KioskConfig(
        data_dir=tmp_path,
        devices=DevicesConfig(camera=CameraConfig(spec="opencv:/dev/video-none")),
        face_check=FaceCheckConfig(
            recognizer="sface", sface_model=tmp_path / "sface.onnx", sface_model_sha256="0" * 64
        ),
        services=(*defaults, no_face),
    )
    return assemble(config, devices=open_devices(DevicesConfig()), clock=FakeClock())


def test_a_missing_face_model_greys_the_face_checked_services_before_anyone_starts(tmp_path: Path) -> None:
    kiosk = kiosk_without_a_face_model(tmp_path)
    try:
        kiosk.health.wait_first_round()
        for service in kiosk.config.services:
            reasons = [(u.part, u.status) for u in kiosk.health.unavailability(service)]
            assert reasons == ([(Part.FACE_CHECK, FaceCheckStatus.NO_MODEL)] if service.face_check else [])
        [why] = kiosk.health.unavailability(kiosk.config.services[0])
        assert "does not exist" in why.detail  # the model's own sentence, for the technician
        tiles = {tile.service.id: tile for tile in kiosk.journey.tiles()}
        assert tiles["no_face"].available
        assert not any(tile.available for id_, tile in tiles.items() if id_ != "no_face")
        with kiosk.records.engine.connect() as connection:
            rows = connection.execute(text("select status from device_status_changes where device='face'"))
            assert [r[0] for r in rows] == ["no_model"]
    finally:
        kiosk.close()


def test_the_face_check_is_ready_unless_the_kiosk_was_assembled_without_its_models(parts: tuple) -> None:  # type: ignore[type-arg]
    health, *_ = parts
    assert health.status_of(FACE_CHECK) is FaceCheckStatus.READY
    assert health.parts()[Part.FACE_CHECK].usable


def test_a_status_call_that_raises_or_answers_nonsense_is_the_device_gone(parts: tuple) -> None:  # type: ignore[type-arg]
    health, camera, receipt, _source, _records = parts
    health.wait_first_round()
    assert health.status_of(DOCUMENT_PRINTER) is DocumentPrinterStatus.READY  # typed as the A4 printer's own

    def broken() -> ReceiptPrinterStatus:
        raise OSError("the USB cable is loose")

    receipt.status = broken  # type: ignore[method-assign]
    camera.status = lambda: "purple"  # type: ignore[method-assign, assignment, return-value]
    health.check_now()
    health.wait_first_round()
    assert health.status_of(RECEIPT_PRINTER) is ReceiptPrinterStatus.OFFLINE
    assert health.parts()[Part.RECEIPT_PRINTER].detail == "status check failed: OSError"
    assert health.status_of(CAMERA) is CameraStatus.NO_DEVICE
    assert "unknown status 'purple'" in health.parts()[Part.CAMERA].detail


def test_no_part_can_serve_when_it_does_not_answer() -> None:
    for part, statuses in STATUS_SETS.items():
        assert statuses.part is part and statuses.usable <= set(statuses.kind)
        assert statuses.absent not in statuses.usable
        assert not usable(part, Unanswered.NO_ANSWER)
    assert set(STATUS_SETS) == set(Part)
