"""A scriptable A4 printer: keeps the latest jobs it printed, fails on demand.

Like a real printer it keeps a completed job until it is released, and at :meth:`reconcile` tells
the jobs it still holds. With a ``tray`` folder it keeps them on disk — every sheet that came out is
a line in ``tray/paper.log`` — so a kiosk killed mid-job and started again meets the same printer,
as it would a CUPS queue (the crash tests count the paper there).
"""

from __future__ import annotations

import enum
import hashlib
import json
import os
import threading
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path

from devices.document_printer.base import (
    DocumentPrinterStatus,
    JobState,
    LeftJob,
    PageProgress,
    PrintJob,
    PrintResult,
)

PAPER_LOG = "paper.log"
PRINTED_KEPT = 100
"""The latest jobs kept in memory for tests: a demo kiosk left running for weeks prints thousands,
and keeping them all grew its memory with every visit (``output_dir`` and ``tray`` keep theirs on disk)."""


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


@dataclass
class _Held:
    """A job the printer holds: printing, or completed and not yet released."""

    job_id: str
    sheets: int
    total: int
    completed: bool = False


class MockDocumentPrinter:
    """Keeps a summary of each job; with ``output_dir`` it also writes the PDF there, as cups-pdf does."""

    def __init__(
        self,
        status: DocumentPrinterStatus = DocumentPrinterStatus.READY,
        *,
        seconds_per_sheet: float = 0.0,
        output_dir: Path | None = None,
        tray: Path | None = None,
    ) -> None:
        self.output_dir = output_dir
        self.tray = tray
        self._lock = threading.Lock()
        self._status = status
        self._faults: deque[DocumentFault] = deque()
        self._seconds_per_sheet = seconds_per_sheet
        self._held: dict[str, _Held] = {}
        self.printed: list[PrintedJob] = []
        if tray is not None:
            tray.mkdir(parents=True, exist_ok=True)

    def set_status(self, status: DocumentPrinterStatus) -> None:
        with self._lock:
            self._status = status

    def inject(self, fault: DocumentFault) -> None:
        with self._lock:
            if fault is DocumentFault.SILENT:
                self._status = DocumentPrinterStatus.OFFLINE
            else:
                self._faults.append(fault)

    def set_seconds_per_sheet(self, seconds: float) -> None:
        with self._lock:
            self._seconds_per_sheet = seconds

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
            seconds_per_sheet = self._seconds_per_sheet
        if not status.can_print:
            return PrintResult(JobState.NOT_STARTED, status, 0, "The A4 printer is not ready.")
        sheets = job.pages * job.copies
        held = _Held(job.job_id, 0, sheets)
        self._hold(held)
        fail_at = min(2, sheets)  # part-way through whenever the job has more than one sheet
        for done in range(1, sheets + 1):
            if seconds_per_sheet:
                time.sleep(seconds_per_sheet)
            if fault is DocumentFault.PAPER_OUT_MID_JOB and done == fail_at:
                with self._lock:
                    self._status = DocumentPrinterStatus.PAPER_OUT
                self._forget(job.job_id)
                return PrintResult(
                    JobState.FAILED, DocumentPrinterStatus.PAPER_OUT, done - 1, "The A4 paper ran out."
                )
            if fault is DocumentFault.JOB_CANCELLED and done == fail_at:
                self._forget(job.job_id)
                return PrintResult(JobState.CANCELLED, status, done - 1, "The job was cancelled.")
            held.sheets = done
            self._sheet_out(held)
            if progress is not None:
                progress(done, sheets)
        if self.output_dir is not None:
            self.output_dir.mkdir(parents=True, exist_ok=True)
            (self.output_dir / f"{job.job_id}.pdf").write_bytes(job.pdf)
        held.completed = True
        self._hold(held)
        with self._lock:
            self.printed.append(
                PrintedJob(job.job_id, job.pages, job.copies, hashlib.sha256(job.pdf).hexdigest())
            )
            del self.printed[:-PRINTED_KEPT]
        return PrintResult(JobState.COMPLETED, status, sheets)

    def release(self, job_id: str) -> None:
        self._forget(job_id)

    def reconcile(self) -> list[LeftJob]:
        with self._lock:
            held = list(self._held.values())
            self._held.clear()
        if self.tray is not None:
            for path in sorted(self.tray.glob("*.json")):
                data = json.loads(path.read_text(encoding="utf-8"))
                held.append(_Held(data["job_id"], data["sheets"], data["total"], data["completed"]))
                path.unlink()
        return [
            LeftJob(
                h.job_id, JobState.COMPLETED if h.completed else JobState.CANCELLED, h.sheets, not h.completed
            )
            for h in held
        ]

    def paper(self) -> list[str]:
        """Every sheet that came out of the tray's printer, as ``job_id`` lines (tray only)."""
        if self.tray is None or not (self.tray / PAPER_LOG).exists():
            return []
        return (self.tray / PAPER_LOG).read_text(encoding="utf-8").split()

    def close(self) -> None:
        pass

    # -- what the printer holds ------------------------------------------------------------------
    def _hold(self, held: _Held) -> None:
        with self._lock:
            self._held[held.job_id] = held
        if self.tray is not None:
            _write_atomically(
                self.tray / f"{held.job_id}.json",
                json.dumps(
                    {
                        "job_id": held.job_id,
                        "sheets": held.sheets,
                        "total": held.total,
                        "completed": held.completed,
                    }
                ),
            )

    def _sheet_out(self, held: _Held) -> None:
        if self.tray is None:
            return
        with open(self.tray / PAPER_LOG, "a", encoding="utf-8") as log:
            log.write(f"{held.job_id}\n")
            log.flush()
            os.fsync(log.fileno())
        self._hold(held)

    def _forget(self, job_id: str) -> None:
        with self._lock:
            self._held.pop(job_id, None)
        if self.tray is not None:
            (self.tray / f"{job_id}.json").unlink(missing_ok=True)


def _write_atomically(path: Path, text: str) -> None:
    temporary = path.with_suffix(".tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)
