"""An ESC/POS receipt printer through python-escpos: TCP (port 9100), serial, USB or a file.

The bytes go through a link (:mod:`devices.receipt_printer.escpos_link`), which
reads the printer's answers with our own timeout rather than python-escpos's.

Status is asked with the real-time commands, which a printer answers at once,
even while printing or stopped: ``DLE EOT 1`` (online), ``DLE EOT 2`` (cover
open, stopped by paper end), ``DLE EOT 4`` (paper sensors; ``GS r 1`` where a
printer does not answer that). No answer within the timeout is OFFLINE.

A job counts as printed only when the printer says so: after the job's bytes
comes ``GS r 1``, which, unlike ``DLE EOT``, waits its turn in the printer's
buffer — its answer arrives once everything before it has printed. While we
wait, the real-time status tells a paper-out or an open cover at once. A job
whose connection breaks, or that the printer never confirms, is FAILED.

A ``file:`` printer (a parallel port, ``/dev/usb/lp0``, or a plain file for a
demo) cannot be asked anything: it is READY when the file can be written, and a
job is PRINTED once its bytes are written and flushed.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypedDict, Unpack
from urllib.parse import urlsplit

from escpos.printer import File, Network, Serial, Usb

from devices.receipt_printer.base import (
    Receipt,
    ReceiptOutcome,
    ReceiptPrinterStatus,
    ReceiptResult,
)
from devices.receipt_printer.escpos_layout import receipt_bytes
from devices.receipt_printer.escpos_link import (
    FileLink,
    Link,
    LinkDownError,
    NetworkLink,
    SerialLink,
    UsbLink,
)

DLE_EOT_ONLINE = b"\x10\x04\x01"
DLE_EOT_OFFLINE_CAUSE = b"\x10\x04\x02"
DLE_EOT_PAPER = b"\x10\x04\x04"
GS_R_PAPER = b"\x1dr\x01"

DEFAULT_PORT = 9100
DEFAULT_BAUD = 9600
JOB_TIMEOUT = 20.0
"""Seconds a receipt may take to print before it counts as failed: a thermal printer
prints a 15 cm slip in one or two seconds; the rest is room for a slow serial line."""
RECONNECT_BACKOFF = (0.5, 30.0)
"""After a printer could not be reached, wait this long before the next try
(doubling up to the second figure), so a dead printer does not cost a connect
timeout on every status call."""


class Timing(TypedDict, total=False):
    """How long the printer may take (the keyword arguments of :class:`EscposReceiptPrinter`)."""

    status_timeout: float
    job_timeout: float
    reconnect_backoff: tuple[float, float]


_SERIAL = re.compile(r"^serial:(?P<port>[^@]+)(@(?P<baud>\d+))?$")
_USB = re.compile(r"^usb:(?P<vid>[0-9a-fA-F]{1,4}):(?P<pid>[0-9a-fA-F]{1,4})$")

_BROKE = "The connection to the receipt printer broke while printing."
_NOT_READY = {
    ReceiptPrinterStatus.PAPER_OUT: "The receipt printer is out of paper.",
    ReceiptPrinterStatus.COVER_OPEN: "The receipt printer's cover is open.",
    ReceiptPrinterStatus.OFFLINE: "The receipt printer does not answer.",
}


def is_status_answer(byte: int) -> bool:
    """``DLE EOT`` answers have the fixed bits 0xx1xx10."""
    return byte & 0x93 == 0x12


def is_gs_r_answer(byte: int) -> bool:
    """``GS r`` answers have bits 4 and 7 clear (0xx0xxxx), unlike ``DLE EOT`` answers."""
    return byte & 0x90 == 0


def status_from_answers(
    online: int, cause: int, paper: int | None, gs_r_paper: int | None = None
) -> ReceiptPrinterStatus:
    """Map the three ``DLE EOT`` answers (and ``GS r 1`` in place of ``DLE EOT 4``) to a status."""
    if cause & 0x04:
        return ReceiptPrinterStatus.COVER_OPEN
    paper_out = (
        cause & 0x20 or (paper is not None and paper & 0x60) or (gs_r_paper is not None and gs_r_paper & 0x0C)
    )
    if paper_out:
        return ReceiptPrinterStatus.PAPER_OUT
    if online & 0x08:
        return ReceiptPrinterStatus.OFFLINE
    near_end = (paper is not None and paper & 0x0C) or (gs_r_paper is not None and gs_r_paper & 0x03)
    if near_end:
        return ReceiptPrinterStatus.PAPER_NEAR_END
    return ReceiptPrinterStatus.READY


class PrinterUnavailableError(RuntimeError):
    """The transport cannot be used on this machine (its driver library is missing). A plain sentence."""


class EscposReceiptPrinter:
    """A receipt printer speaking ESC/POS. Blocking: use it through a DeviceWorker."""

    def __init__(
        self,
        link: Link,
        description: str,
        *,
        status_timeout: float = 1.0,
        job_timeout: float = JOB_TIMEOUT,
        reconnect_backoff: tuple[float, float] = RECONNECT_BACKOFF,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._link = link
        self._description = description
        self._status_timeout = status_timeout
        self._job_timeout = job_timeout
        self._backoff_first, self._backoff_max = reconnect_backoff
        self._backoff = 0.0
        self._next_attempt = 0.0
        self._clock = clock
        self._gs_r_answer: int | None = None

    @classmethod
    def from_spec(
        cls,
        transport: str,
        *,
        status_timeout: float = 1.0,
        job_timeout: float = JOB_TIMEOUT,
        reconnect_backoff: tuple[float, float] = RECONNECT_BACKOFF,
    ) -> EscposReceiptPrinter:
        """``tcp://HOST[:PORT]``, ``serial:DEVICE[@BAUD]``, ``usb:VID:PID`` (hex) or ``file:PATH``.

        For a printer named on its own (tests, tools); the kiosk parses its configured spec once
        (``kiosk.device_specs``) and calls the constructor of the transport directly. Nothing is
        opened here: the first status call connects. Raises :class:`ValueError` for a malformed
        spec and :class:`PrinterUnavailableError` when the transport's driver library is missing,
        each with a plain sentence.
        """
        options: Timing = {
            "status_timeout": status_timeout,
            "job_timeout": job_timeout,
            "reconnect_backoff": reconnect_backoff,
        }
        if transport.startswith("tcp://"):
            parts = urlsplit(transport)
            try:
                port = parts.port or DEFAULT_PORT
            except ValueError:
                port = None
            if not parts.hostname or port is None or parts.path not in ("", "/"):
                raise ValueError(f"'{transport}' is not a network printer: use tcp://HOST:PORT")
            return cls.over_network(parts.hostname, port, **options)
        if match := _SERIAL.match(transport):
            return cls.over_serial(match.group("port"), int(match.group("baud") or DEFAULT_BAUD), **options)
        if match := _USB.match(transport):
            return cls.over_usb(int(match.group("vid"), 16), int(match.group("pid"), 16), **options)
        if transport.startswith("file:") and transport != "file:":
            return cls.to_file(Path(transport.removeprefix("file:")), **options)
        raise ValueError(
            f"'{transport}' is not an ESC/POS transport: use tcp://HOST:PORT, serial:DEVICE@BAUD, "
            "usb:VID:PID or file:PATH"
        )

    @classmethod
    def over_network(
        cls, host: str, port: int = DEFAULT_PORT, **timing: Unpack[Timing]
    ) -> EscposReceiptPrinter:
        printer = Network(host, port=port, timeout=timing.get("status_timeout", 1.0))
        return cls(NetworkLink(printer), f"ESC/POS printer at {host}:{port}", **timing)

    @classmethod
    def over_serial(
        cls, device: str, baud: int = DEFAULT_BAUD, **timing: Unpack[Timing]
    ) -> EscposReceiptPrinter:
        if not Serial.is_usable():
            raise PrinterUnavailableError(
                "Serial receipt printers need the pyserial library, which is not installed."
            )
        # No hardware flow control by default: most receipt printers' cables do not wire DSR/DTR.
        printer = Serial(device, baudrate=baud, timeout=timing.get("status_timeout", 1.0), dsrdtr=False)
        return cls(SerialLink(printer), f"ESC/POS printer on {device} at {baud} baud", **timing)

    @classmethod
    def over_usb(cls, vendor_id: int, product_id: int, **timing: Unpack[Timing]) -> EscposReceiptPrinter:
        if not Usb.is_usable():
            raise PrinterUnavailableError(
                "USB receipt printers need the pyusb library, which is not installed."
            )
        printer = Usb(vendor_id, product_id, timeout=int(timing.get("job_timeout", JOB_TIMEOUT) * 1000))
        return cls(UsbLink(printer), f"ESC/POS printer on USB {vendor_id:04x}:{product_id:04x}", **timing)

    @classmethod
    def to_file(cls, path: Path, **timing: Unpack[Timing]) -> EscposReceiptPrinter:
        return cls(FileLink(File(str(path)), path), f"ESC/POS printer writing to {path}", **timing)

    @property
    def description(self) -> str:
        return self._description

    # --- status -----------------------------------------------------------

    def status(self) -> ReceiptPrinterStatus:
        """Ask the printer. No answer, or a broken connection, is OFFLINE — never 'paper OK'."""
        if isinstance(self._link, FileLink):
            return ReceiptPrinterStatus.READY if self._link.writable() else ReceiptPrinterStatus.OFFLINE
        was_open = self._link.is_open
        for attempt in range(2):
            try:
                self._connect()
                return self._query_status()
            except LinkDownError:
                self._link.close()
                # The printer may have dropped an idle connection: one fresh try at once.
                if not (was_open and attempt == 0):
                    break
        return ReceiptPrinterStatus.OFFLINE

    def _connect(self) -> None:
        if self._link.is_open:
            return
        now = self._clock()
        if now < self._next_attempt:
            raise LinkDownError("waiting before the next try")
        try:
            self._link.open()
        except LinkDownError:
            self._backoff = min(self._backoff_max, self._backoff * 2 or self._backoff_first)
            self._next_attempt = now + self._backoff
            raise
        self._backoff = 0.0
        self._gs_r_answer = None

    def _query_status(self) -> ReceiptPrinterStatus:
        for byte in self._link.drain():
            # Stale answers to queries that timed out are dropped; the end-of-job confirmation is kept.
            if is_gs_r_answer(byte):
                self._gs_r_answer = byte
        online = self._ask(DLE_EOT_ONLINE)
        cause = self._ask(DLE_EOT_OFFLINE_CAUSE) if online is not None else None
        if online is None or cause is None:
            # Silence: drop the link, so a late answer cannot be taken for the next question's.
            self._link.close()
            return ReceiptPrinterStatus.OFFLINE
        paper = self._ask(DLE_EOT_PAPER)
        gs_r_paper = None
        if paper is None:
            # Some printers answer only GS r 1 about paper. Not in real time, but nothing is printing now.
            self._link.write(GS_R_PAPER, self._status_timeout)
            gs_r_paper = self._await_gs_r(self._status_timeout)
            if gs_r_paper is None:
                self._link.close()
                return ReceiptPrinterStatus.OFFLINE
        return status_from_answers(online, cause, paper, gs_r_paper)

    def _ask(self, query: bytes) -> int | None:
        """Send one DLE EOT query and wait for its answer byte; None on silence."""
        self._link.write(query, self._status_timeout)
        deadline = self._clock() + self._status_timeout
        while (left := deadline - self._clock()) > 0:
            for byte in self._link.read(left):
                if is_status_answer(byte):
                    return byte
                if is_gs_r_answer(byte):
                    self._gs_r_answer = byte  # the end-of-job confirmation overtook us
        return None

    def _await_gs_r(self, timeout: float) -> int | None:
        deadline = self._clock() + timeout
        while self._gs_r_answer is None and (left := deadline - self._clock()) > 0:
            for byte in self._link.read(left):
                if is_gs_r_answer(byte):
                    self._gs_r_answer = byte
                    break
        answer, self._gs_r_answer = self._gs_r_answer, None
        return answer

    # --- printing ---------------------------------------------------------

    def print_receipt(self, receipt: Receipt) -> ReceiptResult:
        """Check status, send, and wait for the printer to confirm; never PRINTED for a failed job."""
        data = receipt_bytes(receipt)
        before = self.status()
        if not before.can_print:
            return ReceiptResult(ReceiptOutcome.NOT_STARTED, before, _NOT_READY[before])
        if isinstance(self._link, FileLink):
            return self._print_to_file(data)
        self._gs_r_answer = None
        try:
            self._link.write(data + GS_R_PAPER, self._job_timeout)
        except LinkDownError:
            self._link.close()
            return _failed(ReceiptPrinterStatus.OFFLINE, _BROKE)
        return self._confirm()

    def _confirm(self) -> ReceiptResult:
        deadline = self._clock() + self._job_timeout
        try:
            while (left := deadline - self._clock()) > 0:
                answer = self._await_gs_r(min(left, self._status_timeout))
                if answer is not None:
                    return _confirmed(answer)
                # Not done yet: has it stopped? DLE EOT is answered at once, even mid-job.
                status = self._query_status()
                if self._gs_r_answer is not None:
                    continue  # the confirmation came in while we asked: the job is through
                if not status.can_print:
                    self._link.close()  # what is left in its buffer must not print later unannounced
                    return _failed(status, _stopped_sentence(status))
        except LinkDownError:
            self._link.close()
            return _failed(ReceiptPrinterStatus.OFFLINE, _BROKE)
        self._link.close()
        return _failed(ReceiptPrinterStatus.OFFLINE, "The receipt printer did not confirm the slip in time.")

    def _print_to_file(self, data: bytes) -> ReceiptResult:
        try:
            if not self._link.is_open:
                self._link.open()
            self._link.write(data, self._job_timeout)
        except LinkDownError:
            self._link.close()
            return _failed(ReceiptPrinterStatus.OFFLINE, "The receipt printer's file could not be written.")
        return ReceiptResult(ReceiptOutcome.PRINTED, ReceiptPrinterStatus.READY)

    def close(self) -> None:
        self._link.close()


def _confirmed(answer: int) -> ReceiptResult:
    if answer & 0x0C:
        # Paper end by the time the job was through: the end of the slip may be missing.
        return _failed(ReceiptPrinterStatus.PAPER_OUT, "The receipt paper ran out while printing.")
    if answer & 0x03:
        return ReceiptResult(ReceiptOutcome.PRINTED, ReceiptPrinterStatus.PAPER_NEAR_END)
    return ReceiptResult(ReceiptOutcome.PRINTED, ReceiptPrinterStatus.READY)


def _failed(status: ReceiptPrinterStatus, detail: str) -> ReceiptResult:
    return ReceiptResult(ReceiptOutcome.FAILED, status, detail)


def _stopped_sentence(status: ReceiptPrinterStatus) -> str:
    if status is ReceiptPrinterStatus.PAPER_OUT:
        return "The receipt paper ran out while printing."
    if status is ReceiptPrinterStatus.COVER_OPEN:
        return "The receipt printer's cover was opened while printing."
    return "The receipt printer went offline while printing."
