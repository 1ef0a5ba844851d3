"""The mock devices a demo kiosk runs on for weeks keep only their latest records."""

from __future__ import annotations

from devices.document_printer.base import JobState, PrintJob
from devices.document_printer.mock import PRINTED_KEPT as JOBS_KEPT
from devices.document_printer.mock import MockDocumentPrinter
from devices.receipt_printer.base import Receipt, ReceiptOutcome, TextLine
from devices.receipt_printer.mock import PRINTED_KEPT as SLIPS_KEPT
from devices.receipt_printer.mock import MockReceiptPrinter
from devices.voice.mock import SAID_KEPT, MockVoice

MANY = 3 * max(JOBS_KEPT, SLIPS_KEPT, SAID_KEPT)


def test_the_voice_keeps_only_its_latest_sentences() -> None:
    voice = MockVoice()
    for n in range(MANY):
        voice.say(f"请取走您的身份证 {n}")
    assert len(voice.said) == SAID_KEPT
    assert voice.said[-1] == ("zh_CN", f"请取走您的身份证 {MANY - 1}")


def test_the_receipt_printer_keeps_only_its_latest_slips() -> None:
    printer = MockReceiptPrinter()
    for n in range(MANY):
        result = printer.print_receipt(Receipt((TextLine(f"文件编号：{n}"),)))
        assert result.outcome is ReceiptOutcome.PRINTED
    assert len(printer.printed) == SLIPS_KEPT
    assert printer.printed[-1].blocks == (TextLine(f"文件编号：{MANY - 1}"),)


def test_the_document_printer_keeps_only_its_latest_jobs() -> None:
    printer = MockDocumentPrinter()
    for n in range(MANY):
        result = printer.print_pdf(PrintJob(f"job-{n}", b"%PDF-1.7", pages=1))
        assert result.state is JobState.COMPLETED
        printer.release(f"job-{n}")
    assert len(printer.printed) == JOBS_KEPT
    assert printer.printed[-1].job_id == f"job-{MANY - 1}"
