"""The A4 printer adapter against a real cupsd: a cups-pdf queue and backends in trouble."""

from __future__ import annotations

import os
import pwd
import uuid
from pathlib import Path

import pypdfium2
import pytest

from devices.document_printer.base import DocumentPrinter, DocumentPrinterStatus, JobState, PrintJob
from devices.document_printer.cups_printer import CupsDocumentPrinter
from kiosk.composition.adapters import document_printer_from_spec
from kiosk.config import DocumentPrinterConfig

from .cupsd import Cupsd, cups_pdf_output_dir, make_pdf

pytestmark = pytest.mark.realstack


def _job(pages: int = 1, copies: int = 1) -> PrintJob:
    return PrintJob(f"kiosk-test-{uuid.uuid4().hex[:12]}", make_pdf(pages), pages=pages, copies=copies)


def test_a_pdf_is_printed_with_its_copies_and_found_in_the_output_folder(cups_server: Cupsd) -> None:
    queue = cups_server.add_queue("cups-pdf")
    printer = document_printer_from_spec(f"cups:{queue}", DocumentPrinterConfig(spec=f"cups:{queue}"))
    assert isinstance(printer, CupsDocumentPrinter)
    assert isinstance(printer, DocumentPrinter)
    assert printer.status() is DocumentPrinterStatus.READY

    job = _job(pages=2, copies=2)
    seen: list[tuple[int, int]] = []
    out_dir = cups_pdf_output_dir(pwd.getpwuid(os.geteuid()).pw_name)
    try:
        result = printer.print_pdf(job, lambda done, total: seen.append((done, total)))
        printed = sorted(out_dir.glob(f"{job.job_id}*.pdf"))

        assert result.state is JobState.COMPLETED, result
        assert result.status is DocumentPrinterStatus.READY
        assert result.pages_printed == 4
        assert seen[0] == (0, 4)
        assert seen[-1] == (4, 4)
        assert [done for done, _ in seen] == sorted(done for done, _ in seen)
        # Kept until the journal has it: after a crash now, CUPS says it came out whole.
        assert len(cups_server.jobs(queue)) == 1
        printer.release(job.job_id)
        # CUPS would keep the document in its spool for a day: the job was purged.
        assert cups_server.jobs(queue) == []
        assert cups_server.spooled_documents() == []

        assert len(printed) == 1, f"cups-pdf wrote {printed} in {out_dir}"
        document = pypdfium2.PdfDocument(printed[0])
        try:
            # Collated: each copy whole before the next, as the journal counts the sheets out
            # (a reprint prints the rest by that count).
            pages = [document[index].get_textpage().get_text_range() for index in range(len(document))]
            assert [text.split(", ")[-1].strip() for text in pages] == ["page 1 of 2", "page 2 of 2"] * 2
        finally:
            document.close()
    finally:
        for path in out_dir.glob(f"{job.job_id}*.pdf"):
            path.unlink()


def test_a_disabled_queue_is_reported_as_stopped_and_gets_no_job(cups_server: Cupsd) -> None:
    queue = cups_server.add_queue("cups-pdf")
    printer = CupsDocumentPrinter(queue)
    cups_server.run("cupsdisable", queue, check=True)

    assert printer.status() is DocumentPrinterStatus.STOPPED
    result = printer.print_pdf(_job())
    assert result.state is JobState.NOT_STARTED, result
    assert result.status is DocumentPrinterStatus.STOPPED
    assert cups_server.submissions(queue) == 0

    cups_server.run("cupsenable", queue, check=True)
    assert printer.status() is DocumentPrinterStatus.READY


def test_a_queue_that_rejects_jobs_is_stopped(cups_server: Cupsd) -> None:
    queue = cups_server.add_queue("cups-pdf")
    cups_server.run("cupsreject", queue, check=True)
    printer = CupsDocumentPrinter(queue)

    assert printer.status() is DocumentPrinterStatus.STOPPED
    assert printer.print_pdf(_job()).state is JobState.NOT_STARTED
    assert cups_server.submissions(queue) == 0


def test_a_missing_queue_is_offline(cups_server: Cupsd) -> None:
    printer = CupsDocumentPrinter("no-such-queue")

    assert printer.status() is DocumentPrinterStatus.OFFLINE
    result = printer.print_pdf(_job())
    assert result.state is JobState.NOT_STARTED, result
    assert result.status is DocumentPrinterStatus.OFFLINE
    assert "no-such-queue" in result.detail


def test_a_cupsd_that_does_not_answer_is_offline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CUPS_SERVER", str(tmp_path / "nobody-listens.sock"))
    printer = CupsDocumentPrinter("any")

    assert printer.status() is DocumentPrinterStatus.OFFLINE
    result = printer.print_pdf(_job())
    assert result.state is JobState.NOT_STARTED, result
    assert result.detail == "The print server (cupsd) does not answer."


def test_paper_running_out_mid_job_fails_the_job_and_withdraws_it(cups_server: Cupsd) -> None:
    queue = cups_server.add_queue("paperless")
    printer = CupsDocumentPrinter(queue, job_timeout=20, poll_interval=0.05)
    assert printer.status() is DocumentPrinterStatus.READY

    result = printer.print_pdf(_job(pages=3))

    assert result.state is JobState.FAILED, result
    assert result.status is DocumentPrinterStatus.PAPER_OUT
    assert result.detail == "The A4 printer is out of paper. The job was withdrawn."
    assert cups_server.submissions(queue) == 1
    assert cups_server.cancellations(queue) == 1
    assert cups_server.unfinished_jobs(queue) == []  # it cannot come out when paper is put in
    assert cups_server.spooled_documents() == []
    assert printer.status() is DocumentPrinterStatus.PAPER_OUT


def test_a_job_that_never_finishes_fails_at_the_timeout_and_is_cancelled(cups_server: Cupsd) -> None:
    queue = cups_server.add_queue("stall")
    printer = CupsDocumentPrinter(queue, job_timeout=1.0, poll_interval=0.05)

    result = printer.print_pdf(_job())

    assert result.state is JobState.FAILED, result
    assert result.pages_printed == 0
    assert result.detail == "The job did not finish within 1 s and was withdrawn."
    assert cups_server.cancellations(queue) == 1
    assert cups_server.unfinished_jobs(queue) == []
    assert cups_server.spooled_documents() == []
    assert printer.status() is DocumentPrinterStatus.READY


def test_a_job_cancelled_at_the_printer_is_reported_as_cancelled(cups_server: Cupsd) -> None:
    queue = cups_server.add_queue("stall")
    printer = CupsDocumentPrinter(queue, job_timeout=20, poll_interval=0.05)

    def someone_cancels(done: int, total: int) -> None:
        if done == 0:
            cups_server.run("cancel", "-a", queue, check=True)

    result = printer.print_pdf(_job(), someone_cancels)

    assert result.state is JobState.CANCELLED, result
    assert result.detail == "The job was cancelled at the printer."


def test_a_backend_failure_with_abort_job_policy_fails_the_job(cups_server: Cupsd) -> None:
    queue = cups_server.add_queue("broken", "-o", "printer-error-policy=abort-job")
    printer = CupsDocumentPrinter(queue, job_timeout=20, poll_interval=0.05)

    result = printer.print_pdf(_job())

    assert result.state is JobState.FAILED, result
    assert result.detail == "The printer gave up on the job."  # CUPS said: aborted
    assert cups_server.unfinished_jobs(queue) == []
    assert cups_server.spooled_documents() == []
    assert printer.status() is DocumentPrinterStatus.READY


def test_a_backend_failure_that_stops_the_queue_fails_the_job_and_reports_stopped(cups_server: Cupsd) -> None:
    # stop-printer is CUPS's default error policy: the queue pauses until someone re-enables it.
    queue = cups_server.add_queue("broken", "-o", "printer-error-policy=stop-printer")
    printer = CupsDocumentPrinter(queue, job_timeout=20, poll_interval=0.05)

    result = printer.print_pdf(_job())

    assert result.state is JobState.FAILED, result
    assert result.status is DocumentPrinterStatus.STOPPED
    assert result.detail == f"The queue {queue} is stopped. The job was withdrawn."
    assert cups_server.unfinished_jobs(queue) == []  # withdrawn: re-enabling the queue must not print it
    assert printer.status() is DocumentPrinterStatus.STOPPED
