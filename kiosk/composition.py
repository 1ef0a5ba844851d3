"""The composition root: the one place that turns config into real or mock devices.

Nothing else in the kiosk names a concrete adapter (an import-linter contract
checks it). Adapters are imported lazily, so a missing driver library only
costs the device that needs it: :func:`open_devices` puts an
:class:`UnavailableDevice` in its place, with a plain sentence for the
diagnostics screen, and the rest of the kiosk runs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import Engine

from devices.camera.base import Camera
from devices.document_printer.base import DocumentPrinter
from devices.id_reader.base import IdReader
from devices.receipt_printer.base import Receipt, ReceiptPrinter
from devices.voice.base import Voice
from devices.worker import DeviceWorker
from kiosk.clock import Clock, SystemClock
from kiosk.config import (
    CameraConfig,
    DevicesConfig,
    DocumentPrinterConfig,
    IdReaderConfig,
    KioskConfig,
    ReceiptPrinterConfig,
    ServiceConfig,
    VoiceConfig,
)
from kiosk.device_set import DeviceSet
from kiosk.documents.base import DocumentRenderer, DocumentSource
from kiosk.documents.signing import KeyStore
from kiosk.face.base import FaceChecker
from kiosk.parts import FaceCheckStatus

if TYPE_CHECKING:
    from kiosk.health import KioskHealth
    from kiosk.journey import Journey
    from kiosk.storage.records import Records


class SpecError(ValueError):
    """A device spec that names no device we know, in a sentence for the technician."""


_GA467 = re.compile(r"^ga467:(?P<port>[^@]+)(@(?P<baud>\d+))?$")


def id_reader_from_spec(spec: str, config: IdReaderConfig | None = None) -> IdReader:
    """``mock``, ``ga467:/dev/ttyUSB0[@115200]``, ``pcsc`` or ``pcsc:NAME-SUBSTRING``."""
    config = config or IdReaderConfig(spec=spec)
    if spec == "mock":
        from devices.id_reader.mock import MockIdReader

        return MockIdReader()
    if match := _GA467.match(spec):
        from devices.id_reader.ga467 import Ga467Reader

        baud = int(match.group("baud") or 115200)
        return Ga467Reader(match.group("port"), baud, poll_seconds=config.poll_seconds)
    if spec == "pcsc" or spec.startswith("pcsc:"):
        from devices.id_reader.pcsc import PcscReader

        return PcscReader(spec.partition(":")[2] or None)
    raise SpecError(f"'{spec}' is not a card reader: use mock, ga467:PORT[@BAUD], pcsc or pcsc:NAME")


def receipt_printer_from_spec(spec: str, config: ReceiptPrinterConfig | None = None) -> ReceiptPrinter:
    """``mock`` or ``escpos:tcp://HOST:PORT``, ``escpos:serial:DEV@BAUD``, ``escpos:usb:VID:PID``,
    ``escpos:file:PATH``."""
    config = config or ReceiptPrinterConfig(spec=spec)
    if spec == "mock":
        from devices.receipt_printer.mock import MockReceiptPrinter

        return MockReceiptPrinter()
    if spec.startswith("escpos:"):
        from devices.receipt_printer.escpos_printer import EscposReceiptPrinter

        return EscposReceiptPrinter.from_spec(
            spec.removeprefix("escpos:"), status_timeout=config.status_timeout_seconds
        )
    raise SpecError(f"'{spec}' is not a receipt printer: use mock or escpos:TRANSPORT")


def document_printer_from_spec(spec: str, config: DocumentPrinterConfig | None = None) -> DocumentPrinter:
    """``mock`` or ``cups:QUEUE``."""
    config = config or DocumentPrinterConfig(spec=spec)
    if spec == "mock":
        from devices.document_printer.mock import MockDocumentPrinter

        return MockDocumentPrinter()
    if spec.startswith("cups:") and spec != "cups:":
        from devices.document_printer.cups_printer import CupsDocumentPrinter

        return CupsDocumentPrinter(spec.removeprefix("cups:"), job_timeout=config.job_timeout_seconds)
    raise SpecError(f"'{spec}' is not an A4 printer: use mock or cups:QUEUE")


def camera_from_spec(spec: str, config: CameraConfig | None = None) -> Camera:
    """``mock`` or ``opencv:DEVICE`` (a device index, a /dev/video path or a video file)."""
    config = config or CameraConfig(spec=spec)
    if spec == "mock":
        from devices.camera.mock import MockCamera

        return MockCamera()
    if spec.startswith("opencv:"):
        from devices.camera.opencv_camera import OpenCvCamera

        source = spec.removeprefix("opencv:")
        return OpenCvCamera(
            int(source) if source.isdigit() else source,
            width=config.width,
            height=config.height,
            frozen_after=config.frozen_after_seconds,
        )
    raise SpecError(f"'{spec}' is not a camera: use mock or opencv:DEVICE")


def voice_from_spec(spec: str, config: VoiceConfig | None = None) -> Voice:
    """``mock`` or ``espeak``."""
    config = config or VoiceConfig(spec=spec)
    if spec == "mock":
        from devices.voice.mock import MockVoice

        return MockVoice(muted=config.muted)
    if spec == "espeak":
        from devices.voice.espeak import EspeakVoice, Speaker

        return EspeakVoice(
            volume=config.volume,
            muted=config.muted,
            words_per_minute=config.words_per_minute,
            output=Speaker(config.player) if config.player else None,
        )
    raise SpecError(f"'{spec}' is not a voice: use mock or espeak")


class UnavailableDevice:
    """Stands in for a device whose adapter could not be opened (e.g. a missing driver).

    Every status call reports the device as absent; the diagnostics screen shows
    ``reason``. It is never used to print or read: its services show as unavailable.
    """

    def __init__(self, kind: str, reason: str, absent_status: Any) -> None:
        self.kind = kind
        self.reason = reason
        self._absent = absent_status

    @property
    def description(self) -> str:
        return f"{self.kind}: {self.reason}"

    @property
    def senses_presence(self) -> bool:
        return False

    def status(self) -> Any:
        return self._absent

    def close(self) -> None:
        pass

    def __getattr__(self, name: str) -> Any:
        raise RuntimeError(f"the {self.kind} is unavailable ({self.reason}); {name} cannot be called")


def open_devices(config: DevicesConfig) -> DeviceSet:
    """Open every configured device. A device that cannot be opened degrades alone."""
    from devices.camera.base import CameraStatus
    from devices.document_printer.base import DocumentPrinterStatus
    from devices.id_reader.base import ReaderStatus
    from devices.receipt_printer.base import ReceiptPrinterStatus
    from devices.voice.base import VoiceStatus

    def opened(kind: str, build: Any, conf: Any, absent: Any) -> DeviceWorker[Any]:
        try:
            device = build(conf.spec, conf)
        except SpecError:
            raise
        except Exception as exc:  # noqa: BLE001 - a missing driver costs one device, not the kiosk
            device = UnavailableDevice(kind, _plain(exc), absent)
        return DeviceWorker(device, kind)

    return DeviceSet(
        id_reader=opened("id_reader", id_reader_from_spec, config.id_reader, ReaderStatus.NO_DEVICE),
        receipt_printer=opened(
            "receipt_printer", receipt_printer_from_spec, config.receipt_printer, ReceiptPrinterStatus.OFFLINE
        ),
        document_printer=opened(
            "document_printer",
            document_printer_from_spec,
            config.document_printer,
            DocumentPrinterStatus.OFFLINE,
        ),
        camera=opened("camera", camera_from_spec, config.camera, CameraStatus.NO_DEVICE),
        voice=opened("voice", voice_from_spec, config.voice, VoiceStatus.NO_DEVICE),
    )


def _plain(exc: Exception) -> str:
    if isinstance(exc, ModuleNotFoundError):
        return f"its driver library ({exc.name}) is not installed"
    return str(exc) or type(exc).__name__


# -- the whole kiosk --------------------------------------------------------------------


@dataclass
class Kiosk:
    """A running kiosk's parts, for the app, the demo and the diagnostics."""

    config: KioskConfig
    engine: Engine
    records: Records
    devices: DeviceSet
    health: KioskHealth
    journey: Journey
    keys: KeyStore
    sources: dict[str, DocumentSource]
    clock: Clock
    face_checker: FaceChecker  # whether it could be set up is the face-check part's status in health

    def close(self) -> None:
        self.journey.close()
        self.health.close()
        self.devices.close()
        for source in self.sources.values():
            close = getattr(source, "close", None)
            if callable(close):
                close()
        self.engine.dispose()


def assemble(
    config: KioskConfig,
    *,
    clock: Clock | None = None,
    devices: DeviceSet | None = None,
    face_checker: FaceChecker | None = None,
) -> Kiosk:
    """Build the kiosk from its configuration: storage (migrated), secrets, devices, sources, journey.

    A mock camera gets the scripted face check and a mock card reader the
    stand-in photo decoder: the demo's faces are scripted, a real camera's are checked.
    """
    from devices.id_reader.mock import MockIdReader, MockPhotoDecoder
    from kiosk.documents.numbers import new_document_number
    from kiosk.documents.receipt import build_receipt
    from kiosk.health import KioskHealth
    from kiosk.identity import IdentityHasher
    from kiosk.journey import Journey
    from kiosk.journey.desk import DocumentDesk
    from kiosk.journey.journey import JourneyParts
    from kiosk.readiness import readiness
    from kiosk.registry.demo import load_demo
    from kiosk.registry.source import RegistrySource
    from kiosk.secrets import identity_hash_secret
    from kiosk.storage.db import make_engine, make_sessionmaker
    from kiosk.storage.migrate import upgrade
    from kiosk.storage.records import Records

    clock = clock or SystemClock()
    data_dir = config.resolved_data_dir()
    data_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(config.database_url())
    upgrade(engine)
    records = Records(engine)
    records.fail_interrupted_jobs(clock.now())
    sessions = make_sessionmaker(engine)
    if config.sources.demo_registry:
        load_demo(sessions)
    sources: dict[str, DocumentSource] = {"registry": RegistrySource(sessions)}
    if config.sources.gateway is not None:
        from kiosk.gateway.client import GatewaySource

        sources["gateway"] = GatewaySource(config.sources.gateway)

    devices = devices or open_devices(config.devices)
    face_problem = ""
    if face_checker is None:
        if config.devices.camera.spec == "mock":
            from kiosk.face.scripted import ScriptedFaceChecker

            face_checker = ScriptedFaceChecker()
        else:
            face_checker, face_problem = _live_face_checker(config)
    photo_decoder = MockPhotoDecoder() if isinstance(devices.id_reader.device, MockIdReader) else None

    keys = KeyStore.in_data_dir(data_dir)
    keys.signing_key(config.kiosk.id, clock.now())  # first start: create and publish the key pair
    # A face check without its models is a part that is down: the services that need it are greyed
    # on the home screen before anyone consents and places a card.
    health = KioskHealth(
        devices,
        sources,
        records,
        clock,
        face_check=FaceCheckStatus.NO_MODEL if face_problem else FaceCheckStatus.READY,
        face_check_detail=face_problem,
    )
    kiosk_identity = config.kiosk
    paper_width = config.devices.receipt_printer.paper_width_mm

    def compose_receipt(
        *, service: ServiceConfig, document_number: str, pages: int, copies: int, verification: str,
        masked_name: str, masked_id: str, issued_at: datetime,
    ) -> Receipt:  # fmt: skip
        return build_receipt(
            kiosk_identity,
            service_title=service.title_zh,
            issued_at=issued_at,
            holder_name=masked_name,
            holder_id_number=masked_id,
            document_number=document_number,
            pages=pages,
            verification=verification,
            paper_width_mm=paper_width,
            copies=copies,
        )

    journey = Journey(
        JourneyParts(
            config=config,
            devices=devices,
            desk=DocumentDesk(sources, lambda: _pdf_renderer(keys), photo_decoder),
            face_checker=face_checker,
            records=records,
            hasher=IdentityHasher(identity_hash_secret(data_dir)),
            health=health,
            clock=clock,
            numbers=new_document_number,
            receipt_composer=compose_receipt,
            readiness=lambda: readiness(kiosk),
        )
    )
    kiosk = Kiosk(config, engine, records, devices, health, journey, keys, sources, clock, face_checker)
    return kiosk


def _pdf_renderer(keys: KeyStore) -> DocumentRenderer:
    from kiosk.documents.render import PdfRenderer

    return PdfRenderer(keys)


class _UnavailableFaceCheck:
    """Stands in when the face-check models cannot load: every attempt ends at once.

    Health reports the face-check part down with the reason, so the face-checked services are
    greyed on the home screen and this is not reached; should a citizen get here all the same, the
    service ends with "no reference" rather than skipping the check.
    """

    def __init__(self, reason: str) -> None:
        self.reason = reason

    @property
    def threshold(self) -> float:
        return 0.0

    def begin(self, reference: Any, started_at: float) -> Any:
        from kiosk.face.base import ReferenceProblem

        return ReferenceProblem.UNREADABLE

    def observe(self, frame: Any) -> Any:
        raise RuntimeError(self.reason)

    def wipe(self) -> None:
        pass


def _live_face_checker(config: KioskConfig) -> tuple[FaceChecker, str]:
    """The configured face check, and why it cannot check faces (empty when it can)."""
    from kiosk.face.checker import build_face_checker

    try:
        return build_face_checker(config.face_check), ""
    except Exception as exc:  # noqa: BLE001 - a missing model costs the face check, not the kiosk
        reason = _plain(exc)
        return _UnavailableFaceCheck(reason), reason
