"""The receipt slip: what was printed, its number and verification code. A slip that does not print
does not fail the visit: the documents are out, and the reminders say the slip is missing."""

from __future__ import annotations

from devices.receipt_printer.base import ReceiptOutcome, ReceiptPrinterStatus, ReceiptResult
from kiosk.audit import AuditEvent
from kiosk.identity import mask_id_number, mask_name
from kiosk.journey.states import JourneyState, Outcome, Timeout, TimeoutKind
from kiosk.journey.steps.base import Step
from kiosk.parts import Part

RECEIPT = Timeout(20.0, TimeoutKind.LIMIT)
"""A slip prints in about 2 s; a silent printer answers its status check within 1 s."""


class ReceiptStep(Step):
    state = JourneyState.RECEIPT
    timeout = RECEIPT

    def enter(self) -> None:
        context = self.context
        session = context.session
        assert session is not None and session.prepared is not None and session.record is not None
        context.set_timeout(self.timeout)
        document = session.prepared.document
        receipt = context.parts.receipt_composer(
            service=session.service,
            document_number=document.number,
            pages=document.pages,
            copies=session.copies,
            verification=document.verification,
            masked_name=mask_name(session.record.name),
            masked_id=mask_id_number(session.record.id_number),
            issued_at=document.issued_at,
        )
        future = context.devices.receipt_printer.submit(lambda printer: printer.print_receipt(receipt))
        context.submit(Part.RECEIPT_PRINTER, future, self._done)

    def expire(self) -> None:
        self._done(ReceiptResult(ReceiptOutcome.FAILED, ReceiptPrinterStatus.OFFLINE, "no answer"))

    def _done(self, result: ReceiptResult) -> None:
        context = self.context
        context.handover.receipt_printed = result.outcome is ReceiptOutcome.PRINTED
        context.ledger.event(
            AuditEvent.PRINT_RECEIPT, outcome=result.outcome.value, detail={"status": result.status.value}
        )
        context.end_session(Outcome.COMPLETED)
        context.move("remind", JourneyState.REMINDERS)
