"""Status over a real TCP socket and a real pty: every printer state, silence, hang-ups, reconnection."""

from __future__ import annotations

import socket

import pytest
from escpos.printer import Network

from devices.receipt_printer.base import ReceiptPrinterStatus
from devices.receipt_printer.escpos_printer import EscposReceiptPrinter, status_from_answers
from tests.devices.escpos.conftest import STATUS_TIMEOUT, adapter_for
from tests.devices.escpos.fake_printer import FakeEscposPrinter, Mode

pytestmark = pytest.mark.realstack

EXPECTED = {
    Mode.READY: ReceiptPrinterStatus.READY,
    Mode.NEAR_END: ReceiptPrinterStatus.PAPER_NEAR_END,
    Mode.PAPER_OUT: ReceiptPrinterStatus.PAPER_OUT,
    Mode.COVER_OPEN: ReceiptPrinterStatus.COVER_OPEN,
    Mode.OFFLINE: ReceiptPrinterStatus.OFFLINE,
    Mode.SILENT: ReceiptPrinterStatus.OFFLINE,  # no answer is offline, never "paper OK"
    Mode.HANG_UP: ReceiptPrinterStatus.OFFLINE,  # an empty reply too
    Mode.NO_DLE_EOT_4: ReceiptPrinterStatus.READY,  # paper state from GS r 1 instead
    Mode.NEVER_CONFIRMS: ReceiptPrinterStatus.READY,
}


def test_every_printer_state_maps_to_its_status(
    fake_and_adapter: tuple[FakeEscposPrinter, EscposReceiptPrinter],
) -> None:
    fake, adapter = fake_and_adapter
    seen = {}
    for mode in Mode:
        fake.set_mode(mode)
        seen[mode] = adapter.status()
    assert seen == EXPECTED


def test_status_recovers_when_the_printer_answers_again(
    fake_and_adapter: tuple[FakeEscposPrinter, EscposReceiptPrinter],
) -> None:
    fake, adapter = fake_and_adapter
    fake.set_mode(Mode.SILENT)
    assert adapter.status() is ReceiptPrinterStatus.OFFLINE
    fake.set_mode(Mode.READY)
    assert adapter.status() is ReceiptPrinterStatus.READY


def test_status_asks_the_real_time_questions(fake_tcp: FakeEscposPrinter) -> None:
    adapter = adapter_for(fake_tcp)
    adapter.status()
    adapter.close()
    assert fake_tcp.queries == [b"\x10\x04\x01", b"\x10\x04\x02", b"\x10\x04\x04"]
    assert not fake_tcp.data


def test_python_escpos_says_paper_ok_on_an_empty_reply(fake_tcp: FakeEscposPrinter) -> None:
    """The pitfall the adapter avoids: a printer that hangs up reads as 'paper adequate' (2)."""
    fake_tcp.set_mode(Mode.HANG_UP)
    library = Network("127.0.0.1", port=fake_tcp.port, timeout=STATUS_TIMEOUT)
    try:
        assert library.paper_status() == 2
    finally:
        library.close()
    adapter = adapter_for(fake_tcp)
    assert adapter.status() is ReceiptPrinterStatus.OFFLINE
    adapter.close()


def test_python_escpos_waits_for_its_socket_timeout_on_silence(fake_tcp: FakeEscposPrinter) -> None:
    """Network's reads raise only when its socket timeout (60 s by default) runs out."""
    fake_tcp.set_mode(Mode.SILENT)
    library = Network("127.0.0.1", port=fake_tcp.port, timeout=STATUS_TIMEOUT)
    assert library.timeout == STATUS_TIMEOUT
    assert Network("127.0.0.1").timeout == 60
    try:
        with pytest.raises(TimeoutError):
            library.paper_status()
    finally:
        library.close()


def test_no_printer_at_the_address_is_offline_then_found_after_the_back_off() -> None:
    probe = FakeEscposPrinter().serve_tcp()
    port = probe.port
    probe.stop()  # nothing listens on the port now
    now = [100.0]
    adapter = EscposReceiptPrinter.from_spec(
        f"tcp://127.0.0.1:{port}", status_timeout=STATUS_TIMEOUT, reconnect_backoff=(5.0, 60.0)
    )
    adapter._clock = lambda: now[0]
    assert adapter.status() is ReceiptPrinterStatus.OFFLINE

    fake = FakeEscposPrinter()
    fake.port = port
    fake.serve_tcp()
    try:
        assert adapter.status() is ReceiptPrinterStatus.OFFLINE  # still waiting out the back-off
        assert fake.connections == 0
        now[0] += 5.0
        assert adapter.status() is ReceiptPrinterStatus.READY
        assert fake.connections == 1
    finally:
        adapter.close()
        fake.stop()


def test_a_dropped_idle_connection_is_reopened_at_once(fake_tcp: FakeEscposPrinter) -> None:
    adapter = adapter_for(fake_tcp)
    assert adapter.status() is ReceiptPrinterStatus.READY
    fake_tcp.hang_up_all()
    assert adapter.status() is ReceiptPrinterStatus.READY
    assert fake_tcp.connections == 2
    adapter.close()


def test_a_late_answer_is_not_taken_for_the_next_question(fake_tcp: FakeEscposPrinter) -> None:
    adapter = adapter_for(fake_tcp)
    assert adapter.status() is ReceiptPrinterStatus.READY
    # A stray byte that looks like a paper-out answer arrives unasked: it must be dropped.
    client = next(
        key.fileobj
        for key in fake_tcp._selector.get_map().values()
        if isinstance(key.fileobj, socket.socket) and key.data != "accept"
    )
    assert isinstance(client, socket.socket)
    client.sendall(b"\x72")
    assert adapter.status() is ReceiptPrinterStatus.READY
    adapter.close()


@pytest.mark.parametrize(
    ("online", "cause", "paper", "gs_r", "expected"),
    [
        (0x12, 0x12, 0x12, None, ReceiptPrinterStatus.READY),
        (0x12, 0x12, 0x1E, None, ReceiptPrinterStatus.PAPER_NEAR_END),
        (0x1A, 0x32, 0x72, None, ReceiptPrinterStatus.PAPER_OUT),
        (0x1A, 0x12, 0x72, None, ReceiptPrinterStatus.PAPER_OUT),
        (0x1A, 0x32, 0x12, None, ReceiptPrinterStatus.PAPER_OUT),  # stopped by paper end
        (0x1A, 0x16, 0x12, None, ReceiptPrinterStatus.COVER_OPEN),
        (0x1A, 0x36, 0x72, None, ReceiptPrinterStatus.COVER_OPEN),  # cover open says more than paper
        (0x1A, 0x52, 0x12, None, ReceiptPrinterStatus.OFFLINE),
        (0x12, 0x12, None, 0x00, ReceiptPrinterStatus.READY),
        (0x12, 0x12, None, 0x03, ReceiptPrinterStatus.PAPER_NEAR_END),
        (0x12, 0x12, None, 0x0C, ReceiptPrinterStatus.PAPER_OUT),
    ],
)
def test_status_bits(
    online: int, cause: int, paper: int | None, gs_r: int | None, expected: ReceiptPrinterStatus
) -> None:
    assert status_from_answers(online, cause, paper, gs_r) is expected


def test_a_serial_printer_that_vanishes_is_offline() -> None:
    fake = FakeEscposPrinter().serve_pty()
    adapter = adapter_for(fake)
    try:
        assert adapter.status() is ReceiptPrinterStatus.READY
    finally:
        fake.stop()  # the pty goes away under the open port, like an unplugged USB-serial cable
    assert adapter.status() is ReceiptPrinterStatus.OFFLINE
    assert adapter.status() is ReceiptPrinterStatus.OFFLINE
    adapter.close()
