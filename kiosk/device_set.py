"""The kiosk's devices, each behind its own worker thread (DESIGN.md: device I/O never runs on the
thread that drives the journey). The composition root fills it from the configuration; everything
else takes it as it is given."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from devices.camera.base import Camera
from devices.document_printer.base import DocumentPrinter
from devices.id_reader.base import IdReader
from devices.receipt_printer.base import ReceiptPrinter
from devices.voice.base import Voice
from devices.worker import DeviceWorker


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
