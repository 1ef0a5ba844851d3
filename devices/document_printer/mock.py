"""A scriptable A4 printer: keeps the jobs it printed, fails on demand."""

from __future__ import annotations

import enum
import hashlib
import threading
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path

from devices.document_printer.base import (
    DocumentPrinterStatus,
    JobState,
    PageProgress,
    PrintJob,
    PrintResult,
)


class DocumentFault(enum.Enum):
    PAPER_OUT_MID_JOB = "paper_out_mid_job"  # runs out after the first sheet
    SILENT = "silent"  # stops answering: OFFLINE from now on
    JOB_CANCELLED = "job_cancelled"  # someone cancelled the job at the printer


@dataclass(frozen=True, slots=True)
class PrintedJob:
    """What came out of the mock printer: no content, like the paper that left the kiosk."""

    job_id: str
    pages: int
    copies: int
    sha256: str


class MockDocumentPrinter:
    """Keeps a summary of each job; with ``output_dir`` it also writes the PDF there, as cups-pdf does."""

    def __init__(
        self,
        status: DocumentPrinterStatus = DocumentPrinterStatus.READY,
        *,
        seconds_per_sheet: float = 0.0,
        output_dir: Path | None = None,
    ) -> None:
        self.output_dir = output_dir
        self._lock = threading.Lock()
        self._status = status
        self._faults: deque[DocumentFault] = deque()
        self._seconds_per_sheet = seconds_per_sheet
        self.printed: list[PrintedJob] = []

    def set_status(self, status: DocumentPrinterStatus) -> None:
        with self._lock:
            self._status = status

    def inject(self, fault: DocumentFault) -> None:
        with self._lock:
            if fault is DocumentFault.SILENT:
                self._status = DocumentPrinterStatus.OFFLINE
            else:
                self._faults.append(fault)

    @property
    def description(self) -> str:
        return "mock A4 printer"

    def status(self) -> DocumentPrinterStatus:
        with self._lock:
            return self._status

    def print_pdf(self, job: PrintJob, progress: PageProgress | None = None) -> PrintResult:
        with self._lock:
            status = self._status
            fault = self._faults.popleft() if self._faults else None
        if not status.can_print:
            return PrintResult(JobState.NOT_STARTED, status, 0, "The A4 printer is not ready.")
        sheets = job.pages * job.copies
        fail_at = min(2, sheets)  # part-way through whenever the job has more than one sheet
        for done in range(1, sheets + 1):
            if self._seconds_per_sheet:
                time.sleep(self._seconds_per_sheet)
            if fault is DocumentFault.PAPER_OUT_MID_JOB and done == fail_at:
                with self._lock:
                    self._status = DocumentPrinterStatus.PAPER_OUT
                return PrintResult(
                    JobState.FAILED, DocumentPrinterStatus.PAPER_OUT, done - 1, "The A4 paper ran out."
                )
            if fault is DocumentFault.JOB_CANCELLED and done == fail_at:
                return PrintResult(JobState.CANCELLED, status, done - 1, "The job was cancelled.")
            if progress is not None:
                progress(done, sheets)
        if self.output_dir is not None:
            self.output_dir.mkdir(parents=True, exist_ok=True)
            (self.output_dir / f"{job.job_id}.pdf").write_bytes(job.pdf)
        with self._lock:
            self.printed.append(
                PrintedJob(job.job_id, job.pages, job.copies, hashlib.sha256(job.pdf).hexdigest())
            )
        return PrintResult(JobState.COMPLETED, status, sheets)

    def close(self) -> None:
        pass
