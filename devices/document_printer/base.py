"""The A4 document printer interface."""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable


class DocumentPrinterStatus(enum.StrEnum):
    READY = "ready"
    PAPER_OUT = "paper_out"
    STOPPED = "stopped"  # the queue is paused or disabled and will not print
    OFFLINE = "offline"  # no printer, or nothing answers

    @property
    def can_print(self) -> bool:
        return self is DocumentPrinterStatus.READY


class JobState(enum.StrEnum):
    COMPLETED = "completed"
    FAILED = "failed"
    CANCELLED = "cancelled"
    NOT_STARTED = "not_started"  # the printer was not ready: nothing was sent


@dataclass(frozen=True, slots=True)
class PrintJob:
    """One document to print: the PDF the citizen saw in the preview."""

    job_id: str  # the kiosk's own journal id, also the CUPS job title
    pdf: bytes = field(repr=False)
    pages: int
    copies: int = 1

    def __post_init__(self) -> None:
        if self.copies < 1:
            raise ValueError("copies must be at least 1")


@dataclass(frozen=True, slots=True)
class PrintResult:
    state: JobState
    status: DocumentPrinterStatus
    pages_printed: int = 0
    detail: str = ""


PageProgress = Callable[[int, int], None]
"""Called with (sheets done, sheets in all) while a job prints, from the device thread."""


@runtime_checkable
class DocumentPrinter(Protocol):
    """An A4 printer. Blocking; always used through a DeviceWorker."""

    @property
    def description(self) -> str: ...

    def status(self) -> DocumentPrinterStatus: ...

    def print_pdf(self, job: PrintJob, progress: PageProgress | None = None) -> PrintResult:
        """Check status, submit, follow the job to its end (or a timeout: FAILED)."""
        ...

    def close(self) -> None: ...
