"""At start, the print journal settled with what the A4 printer says: the jobs an earlier run left
unfinished, withdrawn from the printer, and each told with what came out."""

from __future__ import annotations

import logging

from devices.document_printer.base import DocumentPrinter, JobState, LeftJob
from devices.worker import DeviceWorker
from kiosk.clock import Clock
from kiosk.storage.records import UNFINISHED, PrintJobState, Records

log = logging.getLogger(__name__)

RECONCILE_WAIT = 15.0
"""How long the start waits for the A4 printer to list the jobs it holds. A print server answers in
milliseconds; one that hangs costs the start this long, and its jobs are reconciled all the same (the
printer's worker does it before any new job)."""


def reconcile_print_jobs(
    records: Records, printer: DeviceWorker[DocumentPrinter], clock: Clock, wait: float = RECONCILE_WAIT
) -> list[str]:
    """At start: what the journal left unfinished is settled with what the printer says.

    The printer withdraws the jobs an earlier run left on it (:meth:`DocumentPrinter.reconcile`).
    A job the journal has as printing and the printer as completed came out whole: it is done, and
    gets no reprint. Every other unfinished job failed, keeps its reprint code, and its detail says
    which sheets came out (and ``sheets_printed`` counts them, when the printer said). Returns the
    details written, for the log."""
    unfinished = records.print_jobs(states=UNFINISHED)
    asked = printer.submit(lambda device: device.reconcile())
    left: dict[str, LeftJob] | None
    try:
        left = {job.job_id: job for job in asked.result(timeout=wait)}
    except Exception as exc:  # noqa: BLE001 - a printer that cannot say costs the journal its sheet counts
        log.warning("the A4 printer could not list the jobs it holds: %s", str(exc) or type(exc).__name__)
        left = None
    now = clock.now()
    written = []
    for job in unfinished:
        sheets = job.sheets - job.first_sheet  # this job's own: a reprint's starts part-way
        found = left.get(job.id) if left is not None else None
        out: int | None = None  # the document's sheets out, counted from its first: None, not known
        if found is not None and found.state is JobState.COMPLETED:
            state, detail = PrintJobState.DONE, f"came out whole ({sheets} sheets) before a restart"
        elif found is not None:
            came = "an unknown number of" if found.sheets is None else f"{found.sheets} of {sheets}"
            state = PrintJobState.FAILED
            detail = f"cut short by a restart: {came} sheets came out; the printer withdrew the rest"
            out = None if found.sheets is None else job.first_sheet + found.sheets
        elif job.state is PrintJobState.QUEUED:
            state, detail = (
                PrintJobState.FAILED,
                "cut short by a restart before it was sent: nothing came out",
            )
            out = job.first_sheet
        elif left is None:
            state, detail = (
                PrintJobState.FAILED,
                "cut short by a restart; the printer could not be asked what came out",
            )
        else:
            state = PrintJobState.FAILED
            detail = (
                "cut short by a restart; the printer no longer knew it: whether any sheet came out "
                "is not known"
            )
        if state is PrintJobState.DONE and job.state is PrintJobState.QUEUED:
            records.set_print_job_state(job.id, PrintJobState.PRINTING, now)
        # The sheets that came out, where known, so a reprint prints only the rest; not known, a
        # reprint prints every sheet of this job again: a page twice rather than a page missing.
        records.set_print_job_state(job.id, state, now, detail, sheets_printed=out)
        log.warning("print job %s: %s", job.reprint_code, detail)
        written.append(detail)
    return written
