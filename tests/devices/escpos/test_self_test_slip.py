"""The diagnostics screen's test slip on an ESC/POS printer over TCP: the printer takes the slip and
confirms it; a printer out of paper fails the test and prints nothing."""

from __future__ import annotations

from datetime import datetime

from kiosk.config import KioskIdentity
from kiosk.self_tests import print_test_slip
from tests.devices.escpos.conftest import adapter_for
from tests.devices.escpos.fake_printer import FakeEscposPrinter, Mode

NOW = datetime(2026, 12, 6, 21, 30)


def test_the_test_slip_is_printed_and_confirmed(fake_tcp: FakeEscposPrinter) -> None:
    printer = adapter_for(fake_tcp)
    try:
        passed, status, detail = print_test_slip(printer, KioskIdentity(), 80, NOW)
    finally:
        printer.close()
    assert (passed, status) == (True, "ready"), detail
    assert "打印测试".encode("gb18030") in fake_tcp.printed
    assert "䶮".encode("gb18030") in fake_tcp.printed


def test_a_printer_out_of_paper_fails_the_test(fake_tcp: FakeEscposPrinter) -> None:
    fake_tcp.set_mode(Mode.PAPER_OUT)
    printer = adapter_for(fake_tcp)
    try:
        passed, status, detail = print_test_slip(printer, KioskIdentity(), 58, NOW)
    finally:
        printer.close()
    assert (passed, status) == (False, "paper_out")
    assert detail
    assert "打印测试".encode("gb18030") not in fake_tcp.printed
