"""Printing over a real TCP socket and a pty: exact bytes, status before each job, failures part-way."""

from __future__ import annotations

from pathlib import Path

import escpos.printer.usb
import pytest

from devices.receipt_printer.base import (
    Align,
    Feed,
    QrCode,
    Receipt,
    ReceiptOutcome,
    ReceiptPrinterStatus,
    Rule,
    TextLine,
)
from devices.receipt_printer.escpos_layout import receipt_bytes
from devices.receipt_printer.escpos_printer import EscposReceiptPrinter, PrinterUnavailableError
from devices.worker import DeviceWorker
from kiosk.composition.adapters import UnavailableDevice, open_devices
from kiosk.config import DevicesConfig, ReceiptPrinterConfig
from tests.devices.escpos.conftest import adapter_for
from tests.devices.escpos.fake_printer import FakeEscposPrinter, Fault, Mode

pytestmark = pytest.mark.realstack

RECEIPT = Receipt(
    (
        TextLine("办理凭条", Align.CENTER, bold=True, large=True),
        TextLine("姓名：䶮*"),
        Rule(),
        QrCode("CK1.verification-payload"),
        Feed(1),
        TextLine("请取走您的身份证和文件", Align.CENTER),
    ),
    paper_width_mm=58,
)


def test_a_job_sends_exactly_the_layout_bytes_and_is_printed(
    fake_and_adapter: tuple[FakeEscposPrinter, EscposReceiptPrinter],
) -> None:
    fake, adapter = fake_and_adapter
    result = adapter.print_receipt(RECEIPT)
    assert result.outcome is ReceiptOutcome.PRINTED
    assert result.status is ReceiptPrinterStatus.READY
    assert bytes(fake.printed) == receipt_bytes(RECEIPT)


def test_the_job_is_confirmed_by_gs_r_after_the_data(fake_tcp: FakeEscposPrinter) -> None:
    adapter = adapter_for(fake_tcp)
    adapter.print_receipt(RECEIPT)
    adapter.close()
    status = [b"\x10\x04\x01", b"\x10\x04\x02", b"\x10\x04\x04"]
    assert fake_tcp.queries == [*status, b"\x1dr\x01"]


def test_a_slow_print_is_followed_until_it_is_confirmed(fake_tcp: FakeEscposPrinter) -> None:
    fake_tcp.print_seconds = 0.7  # longer than the status timeout: the adapter asks in between
    adapter = adapter_for(fake_tcp)
    result = adapter.print_receipt(RECEIPT)
    adapter.close()
    assert result.outcome is ReceiptOutcome.PRINTED
    assert fake_tcp.queries.count(b"\x10\x04\x01") >= 2


def test_near_end_prints_and_says_so(
    fake_and_adapter: tuple[FakeEscposPrinter, EscposReceiptPrinter],
) -> None:
    fake, adapter = fake_and_adapter
    fake.set_mode(Mode.NEAR_END)
    result = adapter.print_receipt(RECEIPT)
    assert result.outcome is ReceiptOutcome.PRINTED
    assert result.status is ReceiptPrinterStatus.PAPER_NEAR_END


@pytest.mark.parametrize(
    ("mode", "status"),
    [
        (Mode.PAPER_OUT, ReceiptPrinterStatus.PAPER_OUT),
        (Mode.COVER_OPEN, ReceiptPrinterStatus.COVER_OPEN),
        (Mode.OFFLINE, ReceiptPrinterStatus.OFFLINE),
        (Mode.SILENT, ReceiptPrinterStatus.OFFLINE),
        (Mode.HANG_UP, ReceiptPrinterStatus.OFFLINE),
    ],
)
def test_a_printer_that_is_not_ready_gets_nothing(
    fake_tcp: FakeEscposPrinter, mode: Mode, status: ReceiptPrinterStatus
) -> None:
    fake_tcp.set_mode(mode)
    adapter = adapter_for(fake_tcp)
    result = adapter.print_receipt(RECEIPT)
    adapter.close()
    assert result.outcome is ReceiptOutcome.NOT_STARTED
    assert result.status is status
    assert result.detail
    assert not fake_tcp.data


def test_status_is_checked_before_every_job(
    fake_and_adapter: tuple[FakeEscposPrinter, EscposReceiptPrinter],
) -> None:
    fake, adapter = fake_and_adapter
    assert adapter.print_receipt(RECEIPT).outcome is ReceiptOutcome.PRINTED
    sent = len(fake.data)
    fake.set_mode(Mode.PAPER_OUT)
    assert adapter.print_receipt(RECEIPT).outcome is ReceiptOutcome.NOT_STARTED
    assert len(fake.data) == sent
    fake.set_mode(Mode.READY)
    assert adapter.print_receipt(RECEIPT).outcome is ReceiptOutcome.PRINTED
    assert len(fake.data) == 2 * sent


def test_the_printer_closing_the_connection_mid_job_is_a_failure(fake_tcp: FakeEscposPrinter) -> None:
    fake_tcp.fail_after(60, Fault.CLOSE)
    adapter = adapter_for(fake_tcp)
    result = adapter.print_receipt(RECEIPT)
    assert result.outcome is ReceiptOutcome.FAILED
    assert result.status is ReceiptPrinterStatus.OFFLINE
    assert len(fake_tcp.printed) < len(receipt_bytes(RECEIPT))
    # and the next job finds the printer again
    assert adapter.print_receipt(RECEIPT).outcome is ReceiptOutcome.PRINTED
    adapter.close()


def test_paper_running_out_mid_job_is_a_failure(
    fake_and_adapter: tuple[FakeEscposPrinter, EscposReceiptPrinter],
) -> None:
    fake, adapter = fake_and_adapter
    fake.fail_after(60, Fault.PAPER_OUT)
    result = adapter.print_receipt(RECEIPT)
    assert result.outcome is ReceiptOutcome.FAILED
    assert result.status is ReceiptPrinterStatus.PAPER_OUT
    assert "paper" in result.detail
    assert len(fake.printed) < len(receipt_bytes(RECEIPT))


def test_a_printer_going_silent_mid_job_is_a_failure(fake_tcp: FakeEscposPrinter) -> None:
    fake_tcp.fail_after(60, Fault.SILENT)
    adapter = adapter_for(fake_tcp)
    result = adapter.print_receipt(RECEIPT)
    adapter.close()
    assert result.outcome is ReceiptOutcome.FAILED
    assert result.status is ReceiptPrinterStatus.OFFLINE


def test_a_job_the_printer_never_confirms_is_a_failure(fake_tcp: FakeEscposPrinter) -> None:
    fake_tcp.set_mode(Mode.NEVER_CONFIRMS)
    adapter = adapter_for(fake_tcp, job_timeout=0.8)
    result = adapter.print_receipt(RECEIPT)
    adapter.close()
    assert result.outcome is ReceiptOutcome.FAILED
    assert "confirm" in result.detail


def test_printing_through_the_device_worker(fake_tcp: FakeEscposPrinter) -> None:
    worker = DeviceWorker(adapter_for(fake_tcp), "receipt_printer")
    try:
        status = worker.submit(EscposReceiptPrinter.status).result(timeout=5)
        result = worker.submit(EscposReceiptPrinter.print_receipt, RECEIPT).result(timeout=10)
    finally:
        worker.close()
    assert status is ReceiptPrinterStatus.READY
    assert result.outcome is ReceiptOutcome.PRINTED


# --- file: -------------------------------------------------------------------


def test_a_file_printer_is_ready_and_gets_the_bytes(tmp_path: Path) -> None:
    path = tmp_path / "receipts.bin"
    adapter = EscposReceiptPrinter.from_spec(f"file:{path}")
    assert adapter.status() is ReceiptPrinterStatus.READY
    assert adapter.print_receipt(RECEIPT).outcome is ReceiptOutcome.PRINTED
    assert adapter.print_receipt(RECEIPT).outcome is ReceiptOutcome.PRINTED
    adapter.close()
    assert path.read_bytes() == 2 * receipt_bytes(RECEIPT)


def test_a_file_printer_that_cannot_be_written_is_offline(tmp_path: Path) -> None:
    adapter = EscposReceiptPrinter.from_spec(f"file:{tmp_path / 'missing-dir' / 'lp0'}")
    assert adapter.status() is ReceiptPrinterStatus.OFFLINE
    result = adapter.print_receipt(RECEIPT)
    assert result.outcome is ReceiptOutcome.NOT_STARTED


# --- specs and USB -------------------------------------------------------------


@pytest.mark.parametrize(
    "spec",
    ["tcp://", "tcp://host:notaport", "serial:", "usb:xyz:1", "usb:04b8", "file:", "lpt1", "tcp://h:1/x"],
)
def test_malformed_specs_are_refused_in_a_sentence(spec: str) -> None:
    with pytest.raises(ValueError, match=r"^'.*' is not"):
        EscposReceiptPrinter.from_spec(spec)


def test_spec_descriptions() -> None:
    assert "10.0.0.5:9100" in EscposReceiptPrinter.from_spec("tcp://10.0.0.5").description
    assert "19200 baud" in EscposReceiptPrinter.from_spec("serial:/dev/ttyS0@19200").description
    assert "9600 baud" in EscposReceiptPrinter.from_spec("serial:/dev/ttyS0").description
    assert "04b8:0e15" in EscposReceiptPrinter.from_spec("usb:04B8:0E15").description


def test_a_usb_printer_that_is_not_plugged_in_is_offline() -> None:
    adapter = EscposReceiptPrinter.from_spec("usb:0fe6:811e", status_timeout=0.2)
    assert adapter.status() is ReceiptPrinterStatus.OFFLINE
    assert adapter.print_receipt(RECEIPT).outcome is ReceiptOutcome.NOT_STARTED
    adapter.close()


def test_without_pyusb_a_usb_printer_degrades_to_a_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(escpos.printer.usb, "_DEP_USB", False)
    with pytest.raises(PrinterUnavailableError, match="need the pyusb library"):
        EscposReceiptPrinter.from_spec("usb:04b8:0e15")

    devices = open_devices(DevicesConfig(receipt_printer=ReceiptPrinterConfig(spec="escpos:usb:04b8:0e15")))
    try:
        printer = devices.receipt_printer.device
        assert isinstance(printer, UnavailableDevice)
        assert "pyusb" in printer.description
        status = devices.receipt_printer.submit(lambda device: device.status()).result(timeout=5)
        assert status is ReceiptPrinterStatus.OFFLINE
    finally:
        devices.close()
