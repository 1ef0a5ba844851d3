"""``kiosk printer-status`` and ``kiosk print-test``: the fake printer, the mocks, a cups: stand-in."""

from __future__ import annotations

import argparse
import json
import time

import escpos.printer.usb
import pypdfium2
import pytest

import kiosk.cli
from devices.document_printer.base import DocumentPrinterStatus
from devices.document_printer.mock import MockDocumentPrinter
from devices.receipt_printer.escpos_render import render
from kiosk.cli import printer_commands
from kiosk.documents.printer_test_page import a4_test_page_pdf
from tests.devices.escpos.fake_printer import FakeEscposPrinter, Mode
from tests.qr import decode_qr

pytestmark = pytest.mark.realstack


def run(argv: list[str]) -> int:
    """Parse and run like ``kiosk`` does, with just the printer commands registered."""
    parser = argparse.ArgumentParser(prog="kiosk")
    parser.add_argument("--config", default=None)
    printer_commands.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    code: int = args.handler(args)
    return code


@pytest.fixture(autouse=True)
def _default_config(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KIOSK_CONFIG", raising=False)


def test_the_commands_are_registered() -> None:
    assert "kiosk.cli.printer_commands" in kiosk.cli.COMMAND_MODULES


def test_status_of_the_mock(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["printer-status", "--printer", "mock", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"status": "ready"}


@pytest.mark.parametrize(
    ("mode", "status", "code"),
    [
        (Mode.READY, "ready", 0),
        (Mode.NEAR_END, "paper_near_end", 0),
        (Mode.PAPER_OUT, "paper_out", 3),
        (Mode.COVER_OPEN, "cover_open", 3),
        (Mode.SILENT, "offline", 3),
    ],
)
def test_status_json_of_an_escpos_printer(
    fake_tcp: FakeEscposPrinter, capsys: pytest.CaptureFixture[str], mode: Mode, status: str, code: int
) -> None:
    fake_tcp.set_mode(mode)
    assert run(["printer-status", "--printer", f"escpos:tcp://127.0.0.1:{fake_tcp.port}", "--json"]) == code
    assert json.loads(capsys.readouterr().out) == {"status": status}


def test_status_as_a_sentence(fake_tcp: FakeEscposPrinter, capsys: pytest.CaptureFixture[str]) -> None:
    fake_tcp.set_mode(Mode.PAPER_OUT)
    assert run(["printer-status", "--printer", f"escpos:tcp://127.0.0.1:{fake_tcp.port}"]) == 3
    assert capsys.readouterr().out.strip().endswith("out of paper.")


def _received_until_cut(fake: FakeEscposPrinter, timeout: float = 10.0) -> bytes:
    """What the fake has taken in, once the job's cut (GS V) has arrived: the command returns when the
    bytes are written to the pty, the fake reads them on its own thread a moment later."""
    deadline = time.monotonic() + timeout
    while b"\x1dV" not in bytes(fake.printed) and time.monotonic() < deadline:
        time.sleep(0.01)
    return bytes(fake.printed)


def test_print_test_prints_chinese_and_a_qr_code(
    fake_serial: FakeEscposPrinter, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        run(["print-test", "--printer", f"escpos:serial:{fake_serial.device}@115200", "--paper-width", "58"])
        == 0
    )
    assert "Printed a test slip" in capsys.readouterr().out
    data = _received_until_cut(fake_serial)
    assert "䶮".encode("gb18030") in data
    assert b"\x1d(k" in data
    decoded = decode_qr(render(data, 58).image)
    assert decoded.startswith("CIVIC-KIOSK PRINT TEST")


@pytest.mark.parametrize("mode", [Mode.PAPER_OUT, Mode.COVER_OPEN, Mode.SILENT])
def test_print_test_on_a_printer_that_is_not_ready_prints_nothing(
    fake_tcp: FakeEscposPrinter, capsys: pytest.CaptureFixture[str], mode: Mode
) -> None:
    fake_tcp.set_mode(mode)
    assert run(["print-test", "--printer", f"escpos:tcp://127.0.0.1:{fake_tcp.port}"]) == 3
    err = capsys.readouterr().err
    assert "Nothing was printed." in err
    assert "Traceback" not in err
    assert not fake_tcp.data


def test_print_test_on_the_mock(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["print-test", "--printer", "mock"]) == 0
    assert "mock receipt printer" in capsys.readouterr().out


@pytest.mark.parametrize("spec", ["lp0", "escpos:lpt1", "cups:"])
def test_a_spec_that_names_no_printer(spec: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["printer-status", "--printer", spec]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_a_missing_usb_driver_is_one_sentence(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(escpos.printer.usb, "_DEP_USB", False)
    assert run(["print-test", "--printer", "escpos:usb:04b8:0e15"]) == 2
    assert "pyusb" in capsys.readouterr().err


# --- cups: the A4 printer, through a mock in place of the CUPS adapter ------------------------


@pytest.fixture
def a4(monkeypatch: pytest.MonkeyPatch) -> MockDocumentPrinter:
    printer = MockDocumentPrinter()
    seen: list[str] = []

    def fake_from_spec(spec: str, config: object = None) -> MockDocumentPrinter:
        seen.append(spec)
        return printer

    monkeypatch.setattr(printer_commands, "document_printer_from_spec", fake_from_spec)
    printer.seen = seen  # type: ignore[attr-defined]
    return printer


def test_print_test_on_cups_prints_a_one_page_pdf(a4: MockDocumentPrinter) -> None:
    assert run(["print-test", "--printer", "cups:kiosk-a4"]) == 0
    assert a4.seen == ["cups:kiosk-a4"]  # type: ignore[attr-defined]
    [job] = a4.printed
    assert job.pages == 1


def test_the_test_page_is_one_a4_page_with_rare_characters() -> None:
    pdf = pypdfium2.PdfDocument(a4_test_page_pdf())
    try:
        assert len(pdf) == 1
        width, height = pdf[0].get_size()
        assert (round(width), round(height)) == (595, 842)  # A4 in points
        text = pdf[0].get_textpage().get_text_range()
        assert "䶮" in text and "𠮷" in text and "打印测试" in text
    finally:
        pdf.close()


def test_status_of_a_stopped_cups_queue(a4: MockDocumentPrinter, capsys: pytest.CaptureFixture[str]) -> None:
    a4.set_status(DocumentPrinterStatus.STOPPED)
    assert run(["printer-status", "--printer", "cups:kiosk-a4", "--json"]) == 3
    assert json.loads(capsys.readouterr().out) == {"status": "stopped"}
    assert run(["print-test", "--printer", "cups:kiosk-a4"]) == 3
    assert not a4.printed
