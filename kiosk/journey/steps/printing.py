"""Printing the A4 document: the job is journaled before it is sent, so it is printed at most once,
and a job cut short keeps its reprint code and how many sheets came out: the code is printed on a
slip when the receipt printer can, and the notice names the sheets to take."""

from __future__ import annotations

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
        self._slip_pending = False

    def enter(self) -> None:
        context = self.context
        session = context.session
        assert session is not None and session.prepared is not None
        document = session.prepared.document
        job_timeout = context.config.devices.document_printer.job_timeout_seconds
        context.set_timeout(Timeout(job_timeout + PRINTING_MARGIN, TimeoutKind.LIMIT))
        now = context.clock.now()
        records = context.parts.records
        job = records.queue_print_job(
            session.id, session.service.id, document.number, document.pages, session.copies, now
        )
        session.print_job_id, session.reprint_code = job.id, job.reprint_code
        records.issued_document(document, session.id)
        self._sheets = (0, document.pages * session.copies)

        def progress(done: int, total: int) -> None:  # on the printer's thread
            with self._sheets_lock:
                self._sheets = (done, total)

        print_job = PrintJob(job.id, document.pdf, document.pages, session.copies)
        start = context.ledger.begin(
            AuditEvent.PRINT_DOCUMENT, detail={"pages": document.pages, "copies": session.copies}
        )
        # "printing" is written before the job is sent: after a crash, a job still "queued" was
        # never sent, and one "printing" is asked of the printer at the next start (reconciled).
        records.set_print_job_state(job.id, PrintJobState.PRINTING, now)
        future = context.devices.document_printer.submit(
            lambda printer: printer.print_pdf(print_job, progress)
        )

        def done(result: PrintResult) -> None:
            self._printed(result, start)

        context.submit(Part.DOCUMENT_PRINTER, future, done)

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
        self._printed(PrintResult(JobState.FAILED, status, 0, "the printer did not finish in time"))

    def _printed(self, result: PrintResult, start: str | None = None) -> None:
        """The journal first (it decides whether the job is ever printed again), then the audit trail."""
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
        sheets = result.pages_printed
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
        code = session.reprint_code
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
            sheets_out=result.pages_printed,
            sheets_total=session.prepared.document.pages * session.copies,
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
                reprint_code=session.reprint_code,
                sheets_printed=result.pages_printed,
                reprint_slip=slip,
            ),
            Outcome.DEVICE_FAULT,
            Part.DOCUMENT_PRINTER,
        )


def _sheets_detail(result: PrintResult) -> str:
    """What the journal says of a job cut short: why, and how many sheets came out."""
    why = result.detail or result.state.value
    return f"{why} ({result.pages_printed} sheets came out)"


def _last_printer_status(context: StepContext) -> DocumentPrinterStatus:
    status = context.health.status_of(DOCUMENT_PRINTER)
    return status if isinstance(status, DocumentPrinterStatus) else DocumentPrinterStatus.OFFLINE
