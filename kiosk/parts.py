"""The kiosk's parts and each part's closed set of statuses.

A part is anything whose state decides whether a service can be offered: the five devices, the
two document sources, the face check, the document renderer, and what every service needs besides
them: storage that takes the kiosk's records, and a wall clock that can be believed. Each keeps its
own status enum from the device (or the composition root) through health, the readiness report and the
diagnostics screen; strings appear only where a status is stored, printed or shown.

Light on purpose: the home screen names these before the rest of the core (or any device) is
loaded. Which statuses let a part serve a citizen is declared in :mod:`kiosk.health`.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:  # the devices' enums are named here, and loaded by whoever reads a device
    from devices.camera.base import CameraStatus
    from devices.document_printer.base import DocumentPrinterStatus
    from devices.id_reader.base import ReaderStatus
    from devices.receipt_printer.base import ReceiptPrinterStatus
    from devices.voice.base import VoiceStatus


class Part(enum.StrEnum):
    """The values are stored (``device_status_changes.device``) and printed by ``kiosk diag``:
    they never change."""

    ID_READER = "id_reader"
    RECEIPT_PRINTER = "receipt_printer"
    DOCUMENT_PRINTER = "document_printer"
    CAMERA = "camera"
    VOICE = "voice"
    REGISTRY = "registry"  # the local registry, the offline replica of the certificate library
    GATEWAY = "gateway"  # the HTTP gateway to the government data service
    FACE_CHECK = "face"  # the notices and the fault column already call it "face"
    RENDERER = "renderer"  # makes the A4 PDFs: needs its CJK fonts
    STORAGE = "storage"  # the data directory and the database: every visit is written down
    CLOCK = "clock"  # the wall clock: cards' validity, documents' dates, the signing keys


DEVICES = (Part.ID_READER, Part.RECEIPT_PRINTER, Part.DOCUMENT_PRINTER, Part.CAMERA, Part.VOICE)
SOURCES = (Part.REGISTRY, Part.GATEWAY)
EVERY_SERVICE = (Part.STORAGE, Part.CLOCK)
"""Parts every service needs, whatever its devices and source."""


class SourceStatus(enum.StrEnum):
    AVAILABLE = "available"
    UNAVAILABLE = "unavailable"  # the source's own health says why (a breaker open, a setup problem)


class FaceCheckStatus(enum.StrEnum):
    READY = "ready"
    NO_MODEL = "no_model"  # a model file is missing, altered or cannot load: no face can be checked


class RendererStatus(enum.StrEnum):
    READY = "ready"
    NO_FONTS = "no_fonts"  # a CJK face the documents are set in is not installed


class StorageStatus(enum.StrEnum):
    """Whether the kiosk can write its records. Every service needs it: a visit that cannot be
    written down is not begun."""

    READY = "ready"
    FULL = "full"  # the data directory's disk is (nearly) full
    READ_ONLY = "read_only"  # the data directory or the database cannot be written
    LOCKED = "locked"  # another program holds the database's write lock
    DAMAGED = "damaged"  # the database fails its integrity check, or is not a database
    UNREACHABLE = "unreachable"  # the data directory is missing or not a directory, the server is gone


class ClockStatus(enum.StrEnum):
    """Whether the wall clock can be believed (timeouts use the monotonic clock and never ask).

    A wrong clock would refuse every card as not yet valid or expired, date documents wrongly and
    make signing keys nobody has published: the kiosk goes out of service instead."""

    PLAUSIBLE = "plausible"
    BEFORE_RELEASE = "before_release"  # earlier than this release of the kiosk was made
    FAR_AHEAD = "far_ahead"  # far later than anything the kiosk has written down
    BEHIND_RECORDS = "behind_records"  # well before what the kiosk has already written down


class Unanswered(enum.StrEnum):
    """What health knows of a device whose status call did not come back: not a status the device
    reported, so it is its own type."""

    NO_ANSWER = "no_answer"


# Names for annotations only (the devices' enums are not loaded here).
DeviceStatus: TypeAlias = (
    "ReaderStatus | ReceiptPrinterStatus | DocumentPrinterStatus | CameraStatus | VoiceStatus"
)
PartStatus: TypeAlias = (
    "DeviceStatus | SourceStatus | FaceCheckStatus | RendererStatus | StorageStatus | ClockStatus"
)
Reading: TypeAlias = "PartStatus | Unanswered"
"""What health last learned of a part: its status, or that it did not answer."""
