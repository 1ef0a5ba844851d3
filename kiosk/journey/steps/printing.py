"""Printing the A4 document: the job is journaled before it is sent, so it is printed at most once,
and a job cut short keeps its reprint code and how many sheets came out: the code is printed on a
slip when the receipt printer can, and the notice names the sheets to take.

A 补打 visit prints only the sheets that did not come out, as a job of the same document that starts
after them (``first_sheet``). Its code is spent when the first of them comes out — a failure before
that leaves the citizen's code working (and the new job's own code is spent at once, so the same
sheets are never claimed twice). Cut short after that, the new job's code is the one for the rest."""

from __future__ import annotations

import logging
import threading
from datetime import timedelta

from devices.document_printer.base import DocumentPrinterStatus, JobState, PrintJob, PrintResult
from devices.receipt_printer.base import ReceiptOutcome, ReceiptPrinterStatus, ReceiptResult
from kiosk.audit import AuditEvent
from kiosk.documents.receipt import build_reprint_slip
from kiosk.health import DOCUMENT_PRINTER, RECEIPT_PRINTER
from kiosk.journey.context import StepContext
from kiosk.journey.states import JourneyState, Notice, NoticeReason, Outcome, Timeout, TimeoutKind
from kiosk.journey.steps.base import Step
from kiosk.journey.view import PrintingView
from kiosk.parts import Part
from kiosk.storage.records import PrintJobState

log = logging.getLogger(__name__)

REPRINT_SLIP = Timeout(20.0, TimeoutKind.LIMIT)
"""The reprint slip, as the receipt step's slip: about 2 s, a silent printer answers within 1 s."""

PRINTING_MARGIN = 30.0
"""Added to the A4 printer's own job timeout (``[devices.document_printer] job_timeout_seconds``),
the step's limit: the journey never gives up before the adapter."""


class PrintingStep(Step):
    state = JourneyState.PRINTING

    def __init__(self, context: StepContext) -> None:
        super().__init__(context)
        self._sheets = (0, 0)  # written by the printer's thread as pages come out
        self._sheets_lock = threading.Lock()
        self._failed: PrintResult | None = None  # a job cut short, while its reprint slip prints
        self._code: str | None = None  # the code that prints the rest of a job cut short
        self._slip_pending = False
        self._spent = False  # a reprint's code was spent (its first sheet came out)

    def enter(self) -> None:
        context = self.context
        session = context.session
        assert session is not None and session.prepared is not None
        document = session.prepared.document
        reprint = session.reprint
        job_timeout = context.config.devices.document_printer.job_timeout_seconds
        context.set_timeout(Timeout(job_timeout + PRINTING_MARGIN, TimeoutKind.LIMIT))
        now = context.clock.now()
        records = context.parts.records
        job = records.queue_print_job(
            session.id,
            session.service.id,
            document.number,
            document.pages,
            session.copies,
            now,
            first_sheet=reprint.sheets_out if reprint else 0,
        )
        session.print_job_id, session.reprint_code = job.id, job.reprint_code
        if reprint is None:
            records.issued_document(document, session.id)
            print_job = PrintJob(job.id, document.pdf, document.pages, session.copies)
            detail = {"pages": document.pages, "copies": session.copies}
        else:  # issued the first time; now only its sheets not delivered, once each
            assert session.sheets_pdf is not None
            sheets = len(reprint.pages_to_print)
            print_job = PrintJob(job.id, session.sheets_pdf, sheets, 1)
            detail = {"pages": document.pages, "copies": session.copies, "reprint": True, "sheets": sheets}
        self._sheets = (0, print_job.pages * print_job.copies)

        def progress(done: int, total: int) -> None:  # on the printer's thread
            with self._sheets_lock:
                self._sheets = (done, total)

        start = context.ledger.begin(AuditEvent.PRINT_DOCUMENT, detail=detail)
        # "printing" is written before the job is sent: after a crash, a job still "queued" was
        # never sent, and one "printing" is asked of the printer at the next start (reconciled).
        records.set_print_job_state(job.id, PrintJobState.PRINTING, now)
        future = context.devices.document_printer.submit(
            lambda printer: printer.print_pdf(print_job, progress)
        )

        def done(result: PrintResult) -> None:
            self._printed(result, start)

        context.submit(Part.DOCUMENT_PRINTER, future, done)

    def poll(self) -> bool:
        """A reprint's code is spent as its first sheet comes out."""
        with self._sheets_lock:
            done = self._sheets[0]
        if done > 0:
            self._spend_code()
        return False

    def view(self) -> PrintingView:
        with self._sheets_lock:
            done, total = self._sheets
        return PrintingView(done, total)

    def expire(self) -> None:
        if self._slip_pending:  # the receipt printer did not answer: the notice shows the code alone
            self._slip_pending = False
            self._explain_failure(False)
            return
        status = _last_printer_status(self.context)
        with self._sheets_lock:
            came_out = self._sheets[0]  # what the printer said came out before it fell silent
        self._printed(PrintResult(JobState.FAILED, status, came_out, "the printer did not finish in time"))

    def _printed(self, result: PrintResult, start: str | None = None) -> None:
        """The journal first (it decides whether the job is ever printed again), then the audit trail."""
        if result.pages_printed > 0:
            self._spend_code()  # sheets came out: a reprint's code is used, whatever comes next
        self._journal(result)
        self.context.ledger.finish(
            start, AuditEvent.PRINT_DOCUMENT, result.state.value, {"sheets": result.pages_printed}
        )
        self._move_on(result)

    def _journal(self, result: PrintResult) -> None:
        context = self.context
        session = context.session
        assert session is not None and session.print_job_id is not None
        now = context.clock.now()
        records = context.parts.records
        job_id = session.print_job_id
        # Kept if storage refuses it, and written when storage is back: a printed job recorded as
        # failed would be printed again with its reprint code.
        if result.state is JobState.COMPLETED:
            printer = context.devices.document_printer

            def done() -> None:
                records.set_print_job_state(job_id, PrintJobState.DONE, now)
                # Only now may the printer forget it (and its copy of the document): until the
                # journal says done, the printer is the witness that it came out (reconciled at start).
                printer.submit(lambda device: device.release(job_id))

            context.keep(done)
            return
        detail = _sheets_detail(result)
        first = session.reprint.sheets_out if session.reprint else 0
        sheets = first + result.pages_printed  # counted from the document's first sheet
        context.keep(
            lambda: records.set_print_job_state(
                job_id, PrintJobState.FAILED, now, detail, sheets_printed=sheets
            )
        )

    def _move_on(self, result: PrintResult) -> None:
        context = self.context
        session = context.session
        assert session is not None
        if result.state is JobState.COMPLETED:
            context.move("print_receipt", JourneyState.RECEIPT)
            return
        context.handover.sheets_out = result.pages_printed
        self._failed = result
        code, out, total = self._code_for_the_rest(result)
        self._code = code
        receipt_printer = context.health.status_of(RECEIPT_PRINTER)
        if code is None or not (
            isinstance(receipt_printer, ReceiptPrinterStatus) and receipt_printer.can_print
        ):
            self._explain_failure(False)
            return
        # The code on paper, with its QR: at night nobody has a pen. The slip names no one.
        now = context.clock.now()
        assert session.prepared is not None
        slip = build_reprint_slip(
            context.config.kiosk,
            service_title=session.service.title_zh,
            code=code,
            printed_at=now,
            valid_until=now + timedelta(days=context.config.reprint.valid_days),
            sheets_out=out,
            sheets_total=total,
            paper_width_mm=context.config.devices.receipt_printer.paper_width_mm,
        )
        future = context.devices.receipt_printer.submit(lambda printer: printer.print_receipt(slip))
        self._slip_pending = True
        context.set_timeout(REPRINT_SLIP)
        context.submit(Part.RECEIPT_PRINTER, future, self._slip_printed)

    def _slip_printed(self, result: ReceiptResult) -> None:
        self._slip_pending = False
        self.context.ledger.event(
            AuditEvent.PRINT_RECEIPT,
            outcome=result.outcome.value,
            detail={"status": result.status.value, "slip": "reprint_code"},
        )
        self._explain_failure(result.outcome is ReceiptOutcome.PRINTED)

    def _explain_failure(self, slip: bool) -> None:
        context = self.context
        session = context.session
        result = self._failed
        assert session is not None and result is not None
        context.explain(
            Notice(
                NoticeReason.PRINT_FAILED,
                Part.DOCUMENT_PRINTER,
                result.status,
                reprint_code=self._code,
                sheets_printed=result.pages_printed,
                reprint_slip=slip,
            ),
            Outcome.DEVICE_FAULT,
            Part.DOCUMENT_PRINTER,
        )

    def _code_for_the_rest(self, result: PrintResult) -> tuple[str | None, int, int]:
        """The code that prints what is still missing of a job cut short, the document's sheets out
        by now, and its sheets in all (the slip says both). A reprint that printed nothing leaves
        the citizen's own code working, and its new job's code is spent at once: one code, never
        two, for the same sheets."""
        context = self.context
        session = context.session
        assert session is not None and session.prepared is not None
        reprint = session.reprint
        if reprint is None:
            total = session.prepared.document.pages * session.copies
            return session.reprint_code, result.pages_printed, total
        if self._spent:
            return session.reprint_code, reprint.sheets_out + result.pages_printed, reprint.sheets
        job_id, job_code, session_id = session.print_job_id, session.reprint_code, session.id
        at = context.clock.now()
        if job_id is not None and job_code is not None:
            records = context.parts.records
            context.keep(lambda: records.use_reprint(job_code, job_id, session_id, at))
        return reprint.code, reprint.sheets_out, reprint.sheets

    def _spend_code(self) -> None:
        """A reprint's first sheet came out: its code is used (kept if storage refuses it: a code
        that printed must not print again)."""
        context = self.context
        session = context.session
        if self._spent or session is None or session.reprint is None:
            return
        self._spent = True
        reprint, session_id, at = session.reprint, session.id, context.clock.now()
        records = context.parts.records

        def spend() -> None:
            if not records.use_reprint(reprint.code, reprint.job_id, session_id, at):
                log.warning("reprint code of job %s was used already", reprint.job_id)

        context.keep(spend)
        context.ledger.event(AuditEvent.REPRINT, outcome="used", detail={"job": reprint.job_id})


def _sheets_detail(result: PrintResult) -> str:
    """What the journal says of a job cut short: why, and how many sheets came out."""
    why = result.detail or result.state.value
    return f"{why} ({result.pages_printed} sheets came out)"


def _last_printer_status(context: StepContext) -> DocumentPrinterStatus:
    status = context.health.status_of(DOCUMENT_PRINTER)
    return status if isinstance(status, DocumentPrinterStatus) else DocumentPrinterStatus.OFFLINE
