"""``kiosk printer-status`` and ``kiosk print-test``: ask a printer, or print a test page, from a shell.

SPEC names the printer the same way the configuration does: ``escpos:TRANSPORT``
(the receipt printer), ``cups:QUEUE`` (the A4 printer) or ``mock``. Without
``--printer`` the configured receipt printer is used.

Exit codes: 0 ready / printed; 2 the spec names no printer, or its driver is
missing; 3 the printer is not ready (nothing was sent); 4 a print started but
did not finish.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from datetime import datetime
from typing import Literal

from devices.document_printer.base import DocumentPrinter, DocumentPrinterStatus, JobState, PrintJob
from devices.receipt_printer.base import ReceiptOutcome, ReceiptPrinter, ReceiptPrinterStatus
from kiosk.composition.adapters import document_printer_from_spec, receipt_printer_from_spec
from kiosk.config import KioskConfig, load_config
from kiosk.device_specs import SpecError
from kiosk.documents.printer_test_page import a4_test_page_pdf
from kiosk.documents.receipt import build_test_receipt

EXIT_OK = 0
EXIT_BAD_PRINTER = 2
EXIT_NOT_READY = 3
EXIT_FAILED = 4


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    spec_help = (
        "escpos:tcp://HOST:PORT, escpos:serial:DEVICE@BAUD, escpos:usb:VID:PID, escpos:file:PATH, "
        "cups:QUEUE or mock (default: the configured receipt printer)"
    )
    status = subparsers.add_parser("printer-status", help="ask a printer whether it can print")
    status.add_argument("--printer", metavar="SPEC", help=spec_help)
    status.add_argument("--json", action="store_true", help='print {"status": ...} instead of a sentence')
    status.set_defaults(handler=printer_status)

    test = subparsers.add_parser("print-test", help="print a test slip (or, on cups:, a test page)")
    test.add_argument("--printer", metavar="SPEC", help=spec_help)
    test.add_argument(
        "--paper-width",
        type=int,
        choices=(58, 80),
        help="receipt paper width in mm (default: from the config)",
    )
    test.set_defaults(handler=print_test)


def printer_status(args: argparse.Namespace) -> int:
    config = _config(args)
    opened = _open(args.printer or config.devices.receipt_printer.spec, config)
    if isinstance(opened, int):
        if args.json:
            print(json.dumps({"status": "offline"}))
        return opened
    try:
        status = opened.status()
    finally:
        opened.close()
    if args.json:
        print(json.dumps({"status": status.value}))
    else:
        print(f"{opened.description}: {_status_sentence(status)}")
    return EXIT_OK if status.can_print else EXIT_NOT_READY


def print_test(args: argparse.Namespace) -> int:
    config = _config(args)
    opened = _open(args.printer or config.devices.receipt_printer.spec, config)
    if isinstance(opened, int):
        return opened
    try:
        if isinstance(opened, ReceiptPrinter):
            return _print_test_slip(opened, config, args.paper_width)
        return _print_test_page(opened)
    finally:
        opened.close()


def _print_test_slip(printer: ReceiptPrinter, config: KioskConfig, paper_width: int | None) -> int:
    width: Literal[58, 80] = (
        58 if (paper_width or config.devices.receipt_printer.paper_width_mm) == 58 else 80
    )
    receipt = build_test_receipt(config.kiosk, printed_at=datetime.now().astimezone(), paper_width_mm=width)
    result = printer.print_receipt(receipt)
    if result.outcome is ReceiptOutcome.PRINTED:
        print(f"Printed a test slip on {printer.description} ({width} mm paper).")
        return EXIT_OK
    print(f"{printer.description}: {result.detail}", file=sys.stderr)
    if result.outcome is ReceiptOutcome.NOT_STARTED:
        print("Nothing was printed.", file=sys.stderr)
        return EXIT_NOT_READY
    return EXIT_FAILED


def _print_test_page(printer: DocumentPrinter) -> int:
    status = printer.status()
    if not status.can_print:
        print(f"{printer.description}: {_status_sentence(status)} Nothing was printed.", file=sys.stderr)
        return EXIT_NOT_READY
    job = PrintJob(job_id=f"print-test-{datetime.now():%Y%m%d-%H%M%S}", pdf=a4_test_page_pdf(), pages=1)
    result = printer.print_pdf(job)
    printer.release(job.job_id)  # the printer forgets the test page (nothing to journal)
    if result.state is JobState.COMPLETED:
        print(f"Printed a test page on {printer.description}.")
        return EXIT_OK
    print(f"{printer.description}: {result.detail or 'the test page did not print.'}", file=sys.stderr)
    return EXIT_NOT_READY if result.state is JobState.NOT_STARTED else EXIT_FAILED


def _config(args: argparse.Namespace) -> KioskConfig:
    return load_config(getattr(args, "config", None))


def _open(spec: str, config: KioskConfig) -> ReceiptPrinter | DocumentPrinter | int:
    """The printer SPEC names, or an exit code after saying in one sentence why there is none."""
    try:
        if spec.startswith("cups:"):
            return document_printer_from_spec(spec, config.devices.document_printer)
        # the configured timeouts, with the printer named on the command line (checked by the next call)
        settings = replace(config.devices.receipt_printer, spec=spec)
        return receipt_printer_from_spec(spec, settings)
    except SpecError as exc:
        print(exc, file=sys.stderr)
    except ModuleNotFoundError as exc:
        print(
            f"This printer cannot be used: its driver library ({exc.name}) is not installed.", file=sys.stderr
        )
    except (ValueError, RuntimeError) as exc:
        print(f"This printer cannot be used: {exc}", file=sys.stderr)
    return EXIT_BAD_PRINTER


def _status_sentence(status: ReceiptPrinterStatus | DocumentPrinterStatus) -> str:
    return {
        "ready": "ready.",
        "paper_near_end": "ready, but the paper is nearly out: refill it soon.",
        "paper_out": "out of paper.",
        "cover_open": "the cover is open.",
        "stopped": "the queue is stopped: re-enable it (cupsenable) once the fault is cleared.",
        "offline": "not answering (offline).",
    }[status.value]
