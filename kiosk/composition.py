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
from typing import Any

from devices.camera.base import Camera
from devices.document_printer.base import DocumentPrinter
from devices.id_reader.base import IdReader
from devices.receipt_printer.base import ReceiptPrinter
from devices.voice.base import Voice
from devices.worker import DeviceWorker
from kiosk.config import (
    CameraConfig,
    DevicesConfig,
    DocumentPrinterConfig,
    IdReaderConfig,
    ReceiptPrinterConfig,
    VoiceConfig,
)


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
        from devices.voice.espeak import EspeakVoice

        return EspeakVoice(volume=config.volume, muted=config.muted, words_per_minute=config.words_per_minute)
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


@dataclass
class DeviceSet:
    """Every device of the kiosk, each behind its own worker thread."""

    id_reader: DeviceWorker[IdReader]
    receipt_printer: DeviceWorker[ReceiptPrinter]
    document_printer: DeviceWorker[DocumentPrinter]
    camera: DeviceWorker[Camera]
    voice: DeviceWorker[Voice]

    def all(self) -> dict[str, DeviceWorker[Any]]:
        return {
            "id_reader": self.id_reader,
            "receipt_printer": self.receipt_printer,
            "document_printer": self.document_printer,
            "camera": self.camera,
            "voice": self.voice,
        }

    def close(self) -> None:
        for worker in self.all().values():
            worker.close()


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
            "document_printer", document_printer_from_spec, config.document_printer, DocumentPrinterStatus.OFFLINE
        ),
        camera=opened("camera", camera_from_spec, config.camera, CameraStatus.NO_DEVICE),
        voice=opened("voice", voice_from_spec, config.voice, VoiceStatus.NO_DEVICE),
    )


def _plain(exc: Exception) -> str:
    if isinstance(exc, ModuleNotFoundError):
        return f"its driver library ({exc.name}) is not installed"
    return str(exc) or type(exc).__name__
