"""The diagnostics screen's A4 test page through a real cupsd: it comes out of a cups-pdf queue
with its heading and QR code, and a queue out of paper fails the test in the printer's words."""

from __future__ import annotations

import os
import pwd
from datetime import datetime

import pypdfium2

from devices.document_printer.cups_printer import CupsDocumentPrinter
from kiosk.self_tests import print_test_page

from .cupsd import Cupsd, cups_pdf_output_dir

NOW = datetime(2026, 12, 6, 21, 30)


def test_the_test_page_comes_out_of_the_printer(cups_server: Cupsd) -> None:
    queue = cups_server.add_queue("cups-pdf")
    out_dir = cups_pdf_output_dir(pwd.getpwuid(os.geteuid()).pw_name)
    try:
        passed, status, detail = print_test_page(CupsDocumentPrinter(queue, poll_interval=0.05), NOW)

        assert (passed, status, detail) == (True, "ready", "A test page was printed.")
        (printed,) = out_dir.glob("self-test-20261206-213000*.pdf")
        document = pypdfium2.PdfDocument(printed)
        try:
            assert len(document) == 1
            # cups-pdf draws the text again through Ghostscript, which leaves it as shapes: the page
            # is checked for ink where the heading and the QR code are.
            page = document[0].render(scale=0.5).to_pil().convert("L")
        finally:
            document.close()
        width, height = page.size
        heading = page.crop((0, 0, width, height // 8))
        qr = page.crop((width // 3, height // 4, 2 * width // 3, height // 2))
        assert heading.getextrema()[0] < 100 and qr.getextrema()[0] < 100  # the darkest pixel: ink
        assert page.crop((0, 3 * height // 4, width, height)).getextrema()[1] > 200  # and paper below
        assert cups_server.spooled_documents() == []
    finally:
        for path in out_dir.glob("self-test-*.pdf"):
            path.unlink()


def test_a_queue_out_of_paper_fails_the_test(cups_server: Cupsd) -> None:
    queue = cups_server.add_queue("paperless")
    passed, status, detail = print_test_page(
        CupsDocumentPrinter(queue, job_timeout=20, poll_interval=0.05), NOW
    )
    assert (passed, status) == (False, "paper_out")
    assert detail == "The A4 printer is out of paper. The job was withdrawn."
