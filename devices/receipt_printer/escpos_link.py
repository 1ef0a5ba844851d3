"""The byte pipe to an ESC/POS printer: TCP, serial, USB or a file, each with reads under a deadline.

python-escpos writes the bytes (its ``_raw`` on the transport's own class). The
answers are read here, byte by byte with our own timeout, because
python-escpos's reads cannot be trusted for this: ``paper_status()`` calls an
empty reply (a printer that closed the connection) "paper OK", and ``Network``
waits for an answer as long as its socket timeout (60 s by default). What the
answers mean is :mod:`devices.receipt_printer.escpos_printer`'s business.
"""

from __future__ import annotations

import contextlib
import os
import socket
from pathlib import Path
from typing import Any


class LinkDownError(Exception):
    """The connection is gone (closed, reset, unplugged) or could not be made."""


class Link:
    """A python-escpos printer plus a way to read its answers with a deadline."""

    def __init__(self, printer: Any) -> None:
        self.printer = printer
        self.is_open = False

    def open(self) -> None:
        try:
            self.printer.open()
        except Exception as exc:  # noqa: BLE001 - python-escpos wraps OS, serial and USB errors alike
            raise LinkDownError(str(exc)) from None
        self.is_open = True

    def close(self) -> None:
        if self.is_open:
            self.is_open = False
            # Closing a link that is already broken may fail in any way; python-escpos then
            # still holds the dead handle and would try to close it again before every reopen.
            with contextlib.suppress(Exception):
                self.printer.close()
            handle = self.printer._device
            if handle:
                with contextlib.suppress(Exception):
                    handle.close()
            self.printer._device = False

    def write(self, data: bytes, timeout: float) -> None:
        try:
            self._write(data, timeout)
        except Exception as exc:  # noqa: BLE001 - any failure to hand over the bytes is a lost link
            raise LinkDownError(str(exc)) from None

    def _write(self, data: bytes, timeout: float) -> None:
        self.printer._raw(data)

    def read(self, timeout: float) -> bytes:
        """Bytes the printer sent within ``timeout`` seconds; ``b""`` when it sent none."""
        raise NotImplementedError

    def drain(self) -> bytes:
        """What the printer sent that nobody read yet, without waiting."""
        return b""


class NetworkLink(Link):
    def _socket(self) -> socket.socket:
        sock: socket.socket = self.printer.device
        return sock

    def _write(self, data: bytes, timeout: float) -> None:
        self._socket().settimeout(timeout)
        self._socket().sendall(data)

    def read(self, timeout: float) -> bytes:
        sock = self._socket()
        sock.settimeout(max(timeout, 0.001))
        try:
            data = sock.recv(64)
        except TimeoutError:
            return b""
        except OSError as exc:
            raise LinkDownError(str(exc)) from None
        if not data:
            raise LinkDownError("the printer closed the connection")
        return data

    def drain(self) -> bytes:
        sock = self._socket()
        sock.setblocking(False)
        pending = b""
        try:
            while True:
                data = sock.recv(64)
                if not data:
                    raise LinkDownError("the printer closed the connection")
                pending += data
        except BlockingIOError:
            return pending
        except OSError as exc:
            raise LinkDownError(str(exc)) from None


class SerialLink(Link):
    def _write(self, data: bytes, timeout: float) -> None:
        port = self.printer.device
        port.write_timeout = timeout
        port.write(data)
        port.flush()

    def read(self, timeout: float) -> bytes:
        port = self.printer.device
        try:
            port.timeout = max(timeout, 0.001)
            data: bytes = port.read(1)
            if data and port.in_waiting:
                data += port.read(port.in_waiting)
        except Exception as exc:  # noqa: BLE001 - pyserial's SerialException and OSError alike
            raise LinkDownError(str(exc)) from None
        return data

    def drain(self) -> bytes:
        try:
            waiting = self.printer.device.in_waiting
        except Exception as exc:  # noqa: BLE001 - a vanished port fails with OSError (EIO) here
            raise LinkDownError(str(exc)) from None
        return self.read(0.0) if waiting else b""


class UsbLink(Link):
    def _write(self, data: bytes, timeout: float) -> None:
        self.printer.device.write(self.printer.out_ep, data, int(timeout * 1000))

    def read(self, timeout: float) -> bytes:
        import usb.core  # noqa: PLC0415 - optional driver: only USB printers need pyusb

        try:
            return bytes(self.printer.device.read(self.printer.in_ep, 64, max(1, int(timeout * 1000))))
        except usb.core.USBTimeoutError:
            return b""
        except usb.core.USBError as exc:
            raise LinkDownError(str(exc)) from None

    def drain(self) -> bytes:
        pending = b""
        while data := self.read(0.001):
            pending += data
        return pending


class FileLink(Link):
    def __init__(self, printer: Any, path: Path) -> None:
        super().__init__(printer)
        self.path = path

    def writable(self) -> bool:
        if self.is_open:
            return True
        if self.path.exists():
            return os.access(self.path, os.W_OK)
        return os.access(self.path.parent, os.W_OK)
