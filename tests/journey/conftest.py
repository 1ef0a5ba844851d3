from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest

from devices.camera.mock import MockCamera
from devices.document_printer.mock import MockDocumentPrinter
from devices.id_reader.mock import MockIdReader
from devices.receipt_printer.mock import MockReceiptPrinter
from devices.voice.mock import MockVoice
from devices.worker import DeviceWorker
from kiosk.clock import FakeClock
from kiosk.config import KioskConfig
from kiosk.device_set import DeviceSet
from kiosk.health import KioskHealth
from kiosk.identity import HashCost, IdentityHasher
from kiosk.journey import Journey, JourneyState, JourneyView
from kiosk.journey.context import JourneyParts
from kiosk.journey.desk import DocumentDesk
from kiosk.journey.states import Notice
from kiosk.journey.technician import Report
from kiosk.journey.view import FaceView, IdentifyView, NoticeView, RemindersView
from kiosk.storage.db import make_engine
from kiosk.storage.migrate import upgrade
from kiosk.storage.records import Records
from tests.journey.fakes import (
    FakePhotoDecoder,
    FakeRenderer,
    FakeSource,
    ScriptedChecker,
    compose_receipt,
    number_for,
)


@dataclass
class Rig:
    journey: Journey
    clock: FakeClock
    reader: MockIdReader
    receipt_printer: MockReceiptPrinter
    document_printer: MockDocumentPrinter
    camera: MockCamera
    voice: MockVoice
    source: FakeSource
    checker: ScriptedChecker
    records: Records
    health: KioskHealth

    def settle(self, steps: int = 400) -> JourneyState:
        """Let pending device work finish and results land, until nothing is pending."""
        for _ in range(steps):
            if not self.journey.working:
                self.journey.poll()
                if not self.journey.working:
                    return self.journey.state
            self.journey.wait(timeout=5)
        raise AssertionError(f"the journey kept working in {self.journey.state}")

    def run_to(self, state: JourneyState, steps: int = 400, *, retry_face: bool = True) -> None:
        """Let the journey run until ``state``; a citizen shown the face check's tips taps 重新核验
        (unless ``retry_face`` is False)."""
        for _ in range(steps):
            if self.journey.state is state:
                return
            if not self.journey.working:
                self.journey.poll()
                if self.journey.state is state:
                    return
                face = self.journey.view().step_as(FaceView)
                if retry_face and face is not None and face.waiting_retry:
                    self.journey.retry_face_check()
                    continue
                if not self.journey.working:
                    raise AssertionError(f"stuck in {self.journey.state}, wanted {state}")
            self.journey.wait(timeout=5)
        raise AssertionError(f"never reached {state}; in {self.journey.state}")

    def elapse(self, seconds: float) -> None:
        self.clock.advance(seconds)
        self.journey.poll()

    def start(self, service_id: str = "tax_payment") -> None:
        self.journey.touch()
        assert self.journey.choose_service(service_id)
        self.journey.accept_consent()


@pytest.fixture
def rig(tmp_path: Path) -> Iterator[Rig]:
    yield from make_rig(tmp_path, KioskConfig(data_dir=tmp_path))


def make_rig(
    tmp_path: Path,
    config: KioskConfig,
    readiness: Report | None = None,
    *,
    start: datetime | None = None,
    renderer: FakeRenderer | None = None,
) -> Iterator[Rig]:
    """A journey on mock devices and a real database (``tmp_path/kiosk.db``: a second rig on the same
    folder is the kiosk after a restart, its clock from ``start``); closed when the generator is.
    ``renderer``: the fake one that makes no real PDF, unless a test needs real pages."""
    engine = make_engine(f"sqlite:///{tmp_path / 'kiosk.db'}")
    upgrade(engine)
    records = Records(engine)
    clock = FakeClock(start)
    reader, receipt_printer, document_printer = MockIdReader(), MockReceiptPrinter(), MockDocumentPrinter()
    camera, voice = MockCamera(fps=0), MockVoice()
    devices = DeviceSet(
        id_reader=DeviceWorker(reader, "id_reader"),
        receipt_printer=DeviceWorker(receipt_printer, "receipt_printer"),
        document_printer=DeviceWorker(document_printer, "document_printer"),
        camera=DeviceWorker(camera, "camera"),
        voice=DeviceWorker(voice, "voice"),
    )
    source = FakeSource()
    checker = ScriptedChecker()
    health = KioskHealth(devices, {"registry": source}, records, clock)
    health.wait_first_round()
    journey = Journey(
        JourneyParts(
            config=config,
            devices=devices,
            desk=DocumentDesk({"registry": source}, renderer or FakeRenderer(), FakePhotoDecoder()),
            face_checker=checker,
            records=records,
            hasher=IdentityHasher(
                b"k" * 32, HashCost(memory_kib=8, passes=1)
            ),  # the cost is not under test here
            health=health,
            clock=clock,
            numbers=number_for,
            receipt_composer=compose_receipt,
            readiness=readiness,
        )
    )
    yield Rig(
        journey,
        clock,
        reader,
        receipt_printer,
        document_printer,
        camera,
        voice,
        source,
        checker,
        records,
        health,
    )
    journey.close()
    devices.close()
    engine.dispose()


def identify_of(view: JourneyView) -> IdentifyView:
    shown = view.step_as(IdentifyView)
    assert shown is not None, f"no identify view in {view.state}"
    return shown


def notice_of(view: JourneyView) -> Notice:
    shown = view.step_as(NoticeView)
    assert shown is not None, f"no notice in {view.state}"
    return shown.notice


def reminders_of(view: JourneyView) -> RemindersView:
    shown = view.step_as(RemindersView)
    assert shown is not None, f"no reminders in {view.state}"
    return shown
