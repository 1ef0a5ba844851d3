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


@dataclass(frozen=True, slots=True)
class LeftJob:
    """A job the printer still held when the kiosk started: no visit owns it any more."""

    job_id: str  # the job's title: the kiosk's journal id
    state: JobState  # COMPLETED: it came out whole; CANCELLED: withdrawn (now, or before); FAILED: aborted
    sheets: int | None  # the sheets that came out, when the printer says
    withdrawn: bool = False  # it was still waiting or printing, and was cancelled now


PageProgress = Callable[[int, int], None]
"""Called with (sheets done, sheets in all) while a job prints, from the device thread."""


@runtime_checkable
class DocumentPrinter(Protocol):
    """An A4 printer. Blocking; always used through a DeviceWorker."""

    @property
    def description(self) -> str: ...

    def status(self) -> DocumentPrinterStatus: ...

    def print_pdf(self, job: PrintJob, progress: PageProgress | None = None) -> PrintResult:
        """Check status, submit, follow the job to its end (or a timeout: FAILED). A job that did
        not complete is withdrawn and forgotten by the printer before this returns; a completed one
        is kept until :meth:`release`, so that a crash before the journal says "done" is not
        taken for a job cut short (:meth:`reconcile` finds it completed)."""
        ...

    def release(self, job_id: str) -> None:
        """The journal has the job's end: the printer forgets it, and its copy of the document."""
        ...

    def reconcile(self) -> list[LeftJob]:
        """At start, before anything new is printed: every job still on the printer is cancelled if
        it has not finished, then forgotten with its document; each is told, with what came out."""
        ...

    def close(self) -> None: ...
