"""Device faults at random moments, from the mocks' own scripting, and their healing: what a hall's
devices do over months (a reader unplugged and back, a card pulled mid-read, a camera frozen, A4
paper out mid-job, a receipt printer silent, the gateway slow, failing or gone)."""

from __future__ import annotations

import enum
import random
from collections import Counter

from devices.camera.mock import CameraFault
from devices.document_printer.base import DocumentPrinterStatus
from devices.document_printer.mock import DocumentFault
from devices.id_reader.mock import ReaderFault
from devices.receipt_printer.base import ReceiptPrinterStatus
from devices.receipt_printer.mock import ReceiptFault
from kiosk.demo.rig import Mocks
from tests.soak.gateway import GatewayFault, SoakGateway


class FaultKind(enum.StrEnum):
    READER_UNPLUGGED = "reader_unplugged"
    CARD_PULLED_MID_READ = "card_pulled_mid_read"
    CARD_ERROR = "card_error"
    CAMERA_FROZEN = "camera_frozen"
    A4_PAPER_OUT_MID_JOB = "a4_paper_out_mid_job"
    RECEIPT_SILENT = "receipt_silent"
    RECEIPT_PAPER_OUT_MID_JOB = "receipt_paper_out_mid_job"
    GATEWAY_SLOW = "gateway_slow"
    GATEWAY_5XX = "gateway_5xx"
    GATEWAY_GONE = "gateway_gone"


_GATEWAY = {
    FaultKind.GATEWAY_SLOW: GatewayFault.SLOW,
    FaultKind.GATEWAY_5XX: GatewayFault.FAULT_5XX,
    FaultKind.GATEWAY_GONE: GatewayFault.GONE,
}


class Faults:
    """Injects faults and heals them; counts both by kind."""

    def __init__(self, mocks: Mocks, gateway: SoakGateway | None, rng: random.Random) -> None:
        self._mocks = mocks
        self._gateway = gateway
        self._rng = rng
        self.injected: Counter[FaultKind] = Counter()
        self.healed: Counter[str] = Counter()
        self._lasting: set[FaultKind] = set()  # faults that stay until healed

    @property
    def active(self) -> frozenset[FaultKind]:
        return frozenset(self._lasting)

    def inject_random(self) -> FaultKind:
        kinds = [k for k in FaultKind if k not in self._lasting]
        if self._gateway is None:
            kinds = [k for k in kinds if k not in _GATEWAY]
        kind = self._rng.choice(kinds)
        self.inject(kind)
        return kind

    def inject(self, kind: FaultKind) -> None:
        mocks = self._mocks
        self.injected[kind] += 1
        match kind:
            case FaultKind.READER_UNPLUGGED:
                mocks.reader.inject(ReaderFault.UNPLUGGED)
                self._lasting.add(kind)
            case FaultKind.CARD_PULLED_MID_READ:
                mocks.reader.inject(ReaderFault.CARD_PULLED_MID_READ)
            case FaultKind.CARD_ERROR:
                mocks.reader.inject(ReaderFault.CARD_ERROR)
            case FaultKind.CAMERA_FROZEN:
                mocks.camera.inject(CameraFault.FROZEN)
                self._lasting.add(kind)
            case FaultKind.A4_PAPER_OUT_MID_JOB:
                mocks.document_printer.inject(DocumentFault.PAPER_OUT_MID_JOB)
                self._lasting.add(kind)  # the printer says paper_out until someone refills it
            case FaultKind.RECEIPT_SILENT:
                mocks.receipt_printer.inject(ReceiptFault.SILENT)
                self._lasting.add(kind)
            case FaultKind.RECEIPT_PAPER_OUT_MID_JOB:
                mocks.receipt_printer.inject(ReceiptFault.PAPER_OUT_MID_JOB)
                self._lasting.add(kind)
            case _:
                assert self._gateway is not None
                self._gateway.set_fault(_GATEWAY[kind])
                self._lasting -= set(_GATEWAY)  # one gateway fault at a time: the latest
                self._lasting.add(kind)

    def heal_some(self) -> None:
        for kind in sorted(self._lasting):
            if self._rng.random() < 0.5:
                self.heal(kind)

    def heal_all(self) -> None:
        """A technician's round: every device back as it should be, whatever the soak remembers (a
        paper-out queued before a refill comes out at the next job, after it)."""
        for kind in sorted(self._lasting):
            self.heal(kind)
        mocks = self._mocks
        mocks.reader.replug()
        mocks.camera.heal()
        mocks.document_printer.set_status(DocumentPrinterStatus.READY)
        mocks.receipt_printer.set_status(ReceiptPrinterStatus.READY)
        if self._gateway is not None:
            self._gateway.set_fault(None)

    def heal(self, kind: FaultKind) -> None:
        mocks = self._mocks
        self._lasting.discard(kind)
        self.healed[kind.value] += 1
        match kind:
            case FaultKind.READER_UNPLUGGED:
                mocks.reader.replug()
            case FaultKind.CAMERA_FROZEN:
                mocks.camera.heal()
            case FaultKind.A4_PAPER_OUT_MID_JOB:
                mocks.document_printer.set_status(DocumentPrinterStatus.READY)  # paper refilled
            case FaultKind.RECEIPT_SILENT | FaultKind.RECEIPT_PAPER_OUT_MID_JOB:
                mocks.receipt_printer.set_status(ReceiptPrinterStatus.READY)
            case _ if kind in _GATEWAY:
                assert self._gateway is not None
                self._gateway.set_fault(None)
            case _:
                pass
