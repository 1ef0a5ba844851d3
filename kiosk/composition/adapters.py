"""The devices from their specs: where the composition root names the concrete adapters.

Nothing else in the kiosk names one (an import-linter contract checks it). Adapters are imported
lazily, so a missing driver library only costs the device that needs it: :func:`open_devices` puts
an :class:`UnavailableDevice` in its place, with a plain sentence for the diagnostics screen, and
the rest of the kiosk runs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, assert_never

from devices.camera.base import Camera, CameraStatus
from devices.document_printer.base import DocumentPrinter, DocumentPrinterStatus
from devices.id_reader.base import IdReader, ReaderStatus
from devices.receipt_printer.base import ReceiptPrinter, ReceiptPrinterStatus
from devices.voice.base import Voice, VoiceStatus
from devices.worker import DeviceWorker
from kiosk.config import (
    CameraConfig,
    DevicesConfig,
    DocumentPrinterConfig,
    IdReaderConfig,
    ReceiptPrinterConfig,
    VoiceConfig,
)
from kiosk.device_set import DeviceSet
from kiosk.device_specs import (
    CameraSpec,
    CupsSpec,
    DocumentPrinterSpec,
    EscposFileSpec,
    EscposNetworkSpec,
    EscposSerialSpec,
    EscposUsbSpec,
    EspeakSpec,
    Ga467Spec,
    IdReaderSpec,
    MockSpec,
    OpenCvSpec,
    PcscSpec,
    ReceiptPrinterSpec,
    VoiceSpec,
    parse_camera_spec,
    parse_document_printer_spec,
    parse_id_reader_spec,
    parse_receipt_printer_spec,
    parse_voice_spec,
)

# -- one device from its parsed spec (kiosk.device_specs): the only place adapters are named ----------


def open_id_reader(spec: IdReaderSpec, config: IdReaderConfig) -> IdReader:
    match spec:
        case MockSpec():
            from devices.id_reader.mock import MockIdReader

            return MockIdReader()
        case Ga467Spec(port=port, baud=baud):
            from devices.id_reader.ga467 import Ga467Reader

            return Ga467Reader(port, baud, poll_seconds=config.poll_seconds)
        case PcscSpec(name=name):
            from devices.id_reader.pcsc import PcscReader

            return PcscReader(name)
        case _:
            assert_never(spec)


def open_receipt_printer(spec: ReceiptPrinterSpec, config: ReceiptPrinterConfig) -> ReceiptPrinter:
    if isinstance(spec, MockSpec):
        from devices.receipt_printer.mock import MockReceiptPrinter

        return MockReceiptPrinter()
    from devices.receipt_printer.escpos_printer import EscposReceiptPrinter

    timeout = config.status_timeout_seconds
    match spec:
        case EscposNetworkSpec(host=host, port=port):
            return EscposReceiptPrinter.over_network(host, port, status_timeout=timeout)
        case EscposSerialSpec(device=device, baud=baud):
            return EscposReceiptPrinter.over_serial(device, baud, status_timeout=timeout)
        case EscposUsbSpec(vendor_id=vendor, product_id=product):
            return EscposReceiptPrinter.over_usb(vendor, product, status_timeout=timeout)
        case EscposFileSpec(path=path):
            return EscposReceiptPrinter.to_file(path, status_timeout=timeout)
        case _:
            assert_never(spec)


def open_document_printer(spec: DocumentPrinterSpec, config: DocumentPrinterConfig) -> DocumentPrinter:
    match spec:
        case MockSpec():
            from devices.document_printer.mock import MockDocumentPrinter

            return MockDocumentPrinter()
        case CupsSpec(queue=queue):
            from devices.document_printer.cups_printer import CupsDocumentPrinter

            return CupsDocumentPrinter(queue, job_timeout=config.job_timeout_seconds)
        case _:
            assert_never(spec)


def open_camera(spec: CameraSpec, config: CameraConfig) -> Camera:
    match spec:
        case MockSpec():
            from devices.camera.mock import MockCamera

            return MockCamera()
        case OpenCvSpec(source=source):
            from devices.camera.opencv_camera import OpenCvCamera

            return OpenCvCamera(
                source, width=config.width, height=config.height, frozen_after=config.frozen_after_seconds
            )
        case _:
            assert_never(spec)


def open_voice(spec: VoiceSpec, config: VoiceConfig) -> Voice:
    match spec:
        case MockSpec():
            from devices.voice.mock import MockVoice

            return MockVoice(muted=config.muted)
        case EspeakSpec():
            from devices.voice.espeak import EspeakVoice, Speaker

            return EspeakVoice(
                volume=config.volume,
                muted=config.muted,
                words_per_minute=config.words_per_minute,
                output=Speaker(config.player) if config.player else None,
            )
        case _:
            assert_never(spec)


# -- one device from the words of a command line (``kiosk read-id --reader SPEC`` …) ---------------
# Each raises SpecError, with a sentence, when SPEC names no device of its kind; ``config`` gives the
# device's other settings (its timeouts, sizes …), the defaults when None.


def id_reader_from_spec(spec: str, config: IdReaderConfig | None = None) -> IdReader:
    """``mock``, ``ga467:/dev/ttyUSB0[@115200]``, ``pcsc`` or ``pcsc:NAME-SUBSTRING``."""
    return open_id_reader(parse_id_reader_spec(spec), config or IdReaderConfig())


def receipt_printer_from_spec(spec: str, config: ReceiptPrinterConfig | None = None) -> ReceiptPrinter:
    """``mock`` or ``escpos:tcp://HOST:PORT``, ``escpos:serial:DEV@BAUD``, ``escpos:usb:VID:PID``,
    ``escpos:file:PATH``."""
    return open_receipt_printer(parse_receipt_printer_spec(spec), config or ReceiptPrinterConfig())


def document_printer_from_spec(spec: str, config: DocumentPrinterConfig | None = None) -> DocumentPrinter:
    """``mock`` or ``cups:QUEUE``."""
    return open_document_printer(parse_document_printer_spec(spec), config or DocumentPrinterConfig())


def camera_from_spec(spec: str, config: CameraConfig | None = None) -> Camera:
    """``mock`` or ``opencv:DEVICE`` (a device index, a /dev/video path or a video file)."""
    return open_camera(parse_camera_spec(spec), config or CameraConfig())


def voice_from_spec(spec: str, config: VoiceConfig | None = None) -> Voice:
    """``mock`` or ``espeak``."""
    return open_voice(parse_voice_spec(spec), config or VoiceConfig())


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
    """Open every configured device. A device that cannot be opened degrades alone.

    A spec that names no device raises :class:`SpecError`: a configuration read from a file was
    checked with the same parsers, so only one built in code can get here with a bad spec.
    """

    def opened(kind: str, open_device: Callable[[], object], absent: object) -> DeviceWorker[Any]:
        try:
            device = open_device()
        except Exception as exc:  # noqa: BLE001 - a missing driver costs one device, not the kiosk
            device = UnavailableDevice(kind, plain_reason(exc), absent)
        return DeviceWorker(device, kind)

    reader, receipt, a4, camera, voice = (
        config.id_reader,
        config.receipt_printer,
        config.document_printer,
        config.camera,
        config.voice,
    )
    # every spec is parsed before anything is opened: a bad one stops here, with nothing to close
    reader_spec, receipt_spec, a4_spec, camera_spec, voice_spec = (
        reader.parsed_spec,
        receipt.parsed_spec,
        a4.parsed_spec,
        camera.parsed_spec,
        voice.parsed_spec,
    )
    return DeviceSet(
        id_reader=opened("id_reader", lambda: open_id_reader(reader_spec, reader), ReaderStatus.NO_DEVICE),
        receipt_printer=opened(
            "receipt_printer",
            lambda: open_receipt_printer(receipt_spec, receipt),
            ReceiptPrinterStatus.OFFLINE,
        ),
        document_printer=opened(
            "document_printer", lambda: open_document_printer(a4_spec, a4), DocumentPrinterStatus.OFFLINE
        ),
        camera=opened("camera", lambda: open_camera(camera_spec, camera), CameraStatus.NO_DEVICE),
        voice=opened("voice", lambda: open_voice(voice_spec, voice), VoiceStatus.NO_DEVICE),
    )


def plain_reason(exc: Exception) -> str:
    """Why a device (or the face check) could not be set up, in a sentence for the diagnostics screen."""
    if isinstance(exc, ModuleNotFoundError):
        return f"its driver library ({exc.name}) is not installed"
    return str(exc) or type(exc).__name__
