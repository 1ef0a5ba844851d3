"""Device specs: the one reading of ``[devices.X] spec`` for each kind of device.

A spec names which device stands behind one part of the kiosk: ``mock``, or an adapter and
where to find it (``ga467:/dev/ttyUSB0@115200``, ``escpos:tcp://10.0.0.7:9100``,
``cups:kiosk-a4`` …). Each kind has one parser here that turns the text into a typed, frozen
value or raises :class:`SpecError` with a sentence for the technician. ``kiosk config check``
checks a file with these parsers, and the composition root builds the adapters from the values
they return, so a spec the check accepts is a spec the kiosk can start with.

Nothing here opens a device or imports a driver: parsing is pure, so a spec is checked the same
on a laptop without the drivers as on the kiosk.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TypeAlias
from urllib.parse import urlsplit


class SpecError(ValueError):
    """A device spec that names no device of its kind, in a sentence for the technician."""


SERIAL_SPEEDS = (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600)
"""The serial speeds a port can be set to (a speed outside these is a typo, not a device)."""
GA467_BAUD = 115200
"""GA/T 467 readers talk at 115200 baud unless set otherwise."""
ESCPOS_PORT = 9100
"""The raw printing port of a network receipt printer (JetDirect)."""
ESCPOS_BAUD = 9600
"""The speed receipt printers leave the factory with."""
VIDEO_DEVICES = range(256)
"""Camera numbers: Linux has at most 256 /dev/videoN nodes."""


# -- the values ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MockSpec:
    """The kiosk's own stand-in for the device (any kind), which a technician can script."""

    def __str__(self) -> str:
        return "mock"


@dataclass(frozen=True, slots=True)
class Ga467Spec:
    """A GA/T 467 resident-ID reader on a serial port."""

    port: str
    baud: int = GA467_BAUD

    def __str__(self) -> str:
        return f"ga467:{self.port}@{self.baud}"


@dataclass(frozen=True, slots=True)
class PcscSpec:
    """A PC/SC card reader (social security cards): the first one, or the first whose name
    contains ``name``."""

    name: str | None = None

    def __str__(self) -> str:
        return f"pcsc:{self.name}" if self.name else "pcsc"


@dataclass(frozen=True, slots=True)
class EscposNetworkSpec:
    """An ESC/POS receipt printer on the network."""

    host: str
    port: int = ESCPOS_PORT

    def __str__(self) -> str:
        return f"escpos:tcp://{self.host}:{self.port}"


@dataclass(frozen=True, slots=True)
class EscposSerialSpec:
    """An ESC/POS receipt printer on a serial port."""

    device: str
    baud: int = ESCPOS_BAUD

    def __str__(self) -> str:
        return f"escpos:serial:{self.device}@{self.baud}"


@dataclass(frozen=True, slots=True)
class EscposUsbSpec:
    """An ESC/POS receipt printer on USB, by its vendor and product ids."""

    vendor_id: int
    product_id: int

    def __str__(self) -> str:
        return f"escpos:usb:{self.vendor_id:04x}:{self.product_id:04x}"


@dataclass(frozen=True, slots=True)
class EscposFileSpec:
    """An ESC/POS receipt printer reached through a device file (``/dev/usb/lp0``), or a file
    that collects the bytes."""

    path: Path

    def __str__(self) -> str:
        return f"escpos:file:{self.path}"


@dataclass(frozen=True, slots=True)
class CupsSpec:
    """The A4 printer: a CUPS queue."""

    queue: str

    def __str__(self) -> str:
        return f"cups:{self.queue}"


@dataclass(frozen=True, slots=True)
class OpenCvSpec:
    """A camera read through OpenCV: a device number (``/dev/videoN``), a device path or a video file."""

    source: int | str

    def __str__(self) -> str:
        return f"opencv:{self.source}"


@dataclass(frozen=True, slots=True)
class EspeakSpec:
    """The voice: espeak-ng, offline."""

    def __str__(self) -> str:
        return "espeak"


IdReaderSpec: TypeAlias = MockSpec | Ga467Spec | PcscSpec
ReceiptPrinterSpec: TypeAlias = (
    MockSpec | EscposNetworkSpec | EscposSerialSpec | EscposUsbSpec | EscposFileSpec
)
DocumentPrinterSpec: TypeAlias = MockSpec | CupsSpec
CameraSpec: TypeAlias = MockSpec | OpenCvSpec
VoiceSpec: TypeAlias = MockSpec | EspeakSpec


# -- the parsers -----------------------------------------------------------------------------

ID_READER_FORMS = "mock, ga467:PORT[@BAUD] (e.g. ga467:/dev/ttyUSB0), pcsc or pcsc:NAME"
RECEIPT_PRINTER_FORMS = (
    "mock, escpos:tcp://HOST[:PORT], escpos:serial:DEVICE[@BAUD], escpos:usb:VID:PID or escpos:file:PATH"
)
DOCUMENT_PRINTER_FORMS = "mock or cups:QUEUE"
CAMERA_FORMS = "mock or opencv:DEVICE (a camera number, a /dev/video path or a video file)"
VOICE_FORMS = "mock or espeak"

_AT_BAUD = re.compile(r"^(?P<where>[^@]+)(@(?P<baud>[^@]*))?$")
_USB_IDS = re.compile(r"^(?P<vid>[0-9a-fA-F]{1,4}):(?P<pid>[0-9a-fA-F]{1,4})$")
_CUPS_QUEUE = re.compile(r"^[^\s/#\\]{1,127}$")  # what lpadmin accepts as a queue name


def parse_id_reader_spec(spec: str) -> IdReaderSpec:
    """``mock``, ``ga467:PORT[@BAUD]``, ``pcsc`` or ``pcsc:NAME`` (part of the reader's name)."""
    if spec == "mock":
        return MockSpec()
    if spec.startswith("ga467:"):
        port, baud = _port_at_speed(spec, spec.removeprefix("ga467:"), GA467_BAUD)
        return Ga467Spec(port, baud)
    if spec == "pcsc":
        return PcscSpec()
    if spec.startswith("pcsc:") and spec != "pcsc:":
        return PcscSpec(spec.removeprefix("pcsc:"))
    raise SpecError(f"'{spec}' is not a card reader: use {ID_READER_FORMS}")


def parse_receipt_printer_spec(spec: str) -> ReceiptPrinterSpec:
    """``mock`` or ``escpos:`` and a transport: ``tcp://HOST[:PORT]``, ``serial:DEVICE[@BAUD]``,
    ``usb:VID:PID`` (hexadecimal) or ``file:PATH``."""
    if spec == "mock":
        return MockSpec()
    transport = spec.removeprefix("escpos:")
    if transport == spec:
        raise SpecError(f"'{spec}' is not a receipt printer: use {RECEIPT_PRINTER_FORMS}")
    if transport.startswith("tcp://"):
        return _network_printer(spec, transport)
    if transport.startswith("serial:"):
        device, baud = _port_at_speed(spec, transport.removeprefix("serial:"), ESCPOS_BAUD)
        return EscposSerialSpec(device, baud)
    if transport.startswith("usb:"):
        ids = _USB_IDS.match(transport.removeprefix("usb:"))
        if ids is None:
            raise SpecError(
                f"'{spec}': give the printer's USB ids in hexadecimal, as in escpos:usb:0416:5011"
            )
        return EscposUsbSpec(int(ids.group("vid"), 16), int(ids.group("pid"), 16))
    if transport.startswith("file:") and transport != "file:":
        return EscposFileSpec(Path(transport.removeprefix("file:")))
    raise SpecError(f"'{spec}' is not a receipt printer: use {RECEIPT_PRINTER_FORMS}")


def parse_document_printer_spec(spec: str) -> DocumentPrinterSpec:
    """``mock`` or ``cups:QUEUE``."""
    if spec == "mock":
        return MockSpec()
    if spec.startswith("cups:"):
        queue = spec.removeprefix("cups:")
        if not _CUPS_QUEUE.match(queue):
            raise SpecError(
                f"'{spec}': a CUPS queue name is 1 to 127 characters, without spaces, '/', '#' or '\\'"
            )
        return CupsSpec(queue)
    raise SpecError(f"'{spec}' is not an A4 printer: use {DOCUMENT_PRINTER_FORMS}")


def parse_camera_spec(spec: str) -> CameraSpec:
    """``mock`` or ``opencv:DEVICE``: a camera number, a /dev/video path or a video file."""
    if spec == "mock":
        return MockSpec()
    if spec.startswith("opencv:") and spec != "opencv:":
        source = spec.removeprefix("opencv:")
        if not (source.isascii() and source.isdigit()):
            return OpenCvSpec(source)
        if int(source) not in VIDEO_DEVICES:
            raise SpecError(
                f"'{spec}': a camera number is {VIDEO_DEVICES.start} to {VIDEO_DEVICES.stop - 1} "
                "(the N of /dev/videoN)"
            )
        return OpenCvSpec(int(source))
    raise SpecError(f"'{spec}' is not a camera: use {CAMERA_FORMS}")


def parse_voice_spec(spec: str) -> VoiceSpec:
    """``mock`` or ``espeak``."""
    if spec == "mock":
        return MockSpec()
    if spec == "espeak":
        return EspeakSpec()
    raise SpecError(f"'{spec}' is not a voice: use {VOICE_FORMS}")


def _port_at_speed(spec: str, text: str, default_baud: int) -> tuple[str, int]:
    """``PORT`` or ``PORT@BAUD``, the speed one a serial port can be set to."""
    match = _AT_BAUD.match(text)
    if match is None:
        raise SpecError(f"'{spec}': name the serial port, as in /dev/ttyUSB0 or /dev/ttyUSB0@{default_baud}")
    baud = match.group("baud")
    if baud is None:
        return match.group("where"), default_baud
    if not (baud.isascii() and baud.isdigit()) or int(baud) not in SERIAL_SPEEDS:
        shown = baud if len(baud) <= 12 else f"{baud[:12]}…"
        raise SpecError(
            f"'{shown}' is not a serial speed: use one of {', '.join(map(str, SERIAL_SPEEDS))} "
            f"(without @BAUD: {default_baud})"
        )
    return match.group("where"), int(baud)


def _network_printer(spec: str, transport: str) -> EscposNetworkSpec:
    parts = urlsplit(transport)
    try:
        port = parts.port
    except ValueError:  # not a number, or over 65535
        port = 0
    if not parts.hostname or port == 0 or parts.path not in ("", "/") or parts.query or parts.fragment:
        raise SpecError(f"'{spec}' is not a network printer: use escpos:tcp://HOST:PORT (PORT 1 to 65535)")
    return EscposNetworkSpec(parts.hostname, port or ESCPOS_PORT)
