"""A scriptable receipt printer: keeps the latest slips it printed, fails on demand."""

from __future__ import annotations

import enum
import threading
from collections import deque

from devices.receipt_printer.base import (
    Receipt,
    ReceiptOutcome,
    ReceiptPrinterStatus,
    ReceiptResult,
)

PRINTED_KEPT = 100
"""The latest slips kept for tests and the demo's pictures of them: a demo kiosk left running for
weeks prints thousands, and keeping them all grew its memory with every visit."""


class ReceiptFault(enum.Enum):
    PAPER_OUT_MID_JOB = "paper_out_mid_job"
    SILENT = "silent"  # stops answering: status is OFFLINE from now on


class MockReceiptPrinter:
    def __init__(self, status: ReceiptPrinterStatus = ReceiptPrinterStatus.READY) -> None:
        self._lock = threading.Lock()
        self._status = status
        self._faults: deque[ReceiptFault] = deque()
        self.printed: list[Receipt] = []

    def set_status(self, status: ReceiptPrinterStatus) -> None:
        with self._lock:
            self._status = status

    def inject(self, fault: ReceiptFault) -> None:
        with self._lock:
            if fault is ReceiptFault.SILENT:
                self._status = ReceiptPrinterStatus.OFFLINE
            else:
                self._faults.append(fault)

    @property
    def description(self) -> str:
        return "mock receipt printer"

    def status(self) -> ReceiptPrinterStatus:
        with self._lock:
            return self._status

    def print_receipt(self, receipt: Receipt) -> ReceiptResult:
        with self._lock:
            status = self._status
            if not status.can_print:
                return ReceiptResult(ReceiptOutcome.NOT_STARTED, status, "The receipt printer is not ready.")
            if self._faults and self._faults[0] is ReceiptFault.PAPER_OUT_MID_JOB:
                self._faults.popleft()
                self._status = ReceiptPrinterStatus.PAPER_OUT
                return ReceiptResult(
                    ReceiptOutcome.FAILED, self._status, "The receipt paper ran out while printing."
                )
            self.printed.append(receipt)
            del self.printed[:-PRINTED_KEPT]
            return ReceiptResult(ReceiptOutcome.PRINTED, status)

    def close(self) -> None:
        pass
