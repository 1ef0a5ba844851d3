"""A virtual social security card that plugs into pcscd's vpcd driver.

vpcd listens on a TCP port per virtual reader; a card "is inserted" by
connecting to it and "removed" by closing the connection. Every message is a
2-byte big-endian length and a payload: a 1-byte payload is a control message
(00 power off, 01 power on, 02 reset, 04 "send your ATR"), anything longer is a
command APDU, answered with data + SW1 SW2.

The card encodes its records on its own (it does not use the adapter's
decoder), so a test can catch the adapter reading them wrongly.

Debian's ``vicc`` emulator does not run on Python 3 as shipped, hence this.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
from dataclasses import dataclass
from datetime import date

ATR = bytes.fromhex("3B80800101")  # T=1, no historical bytes
SELECT_SSSE = bytes.fromhex("00A404000F7378312E73682EC9E7BBE1B1A3D5CF")
OK = b"\x90\x00"
NOT_FOUND = b"\x6a\x82"
WRONG_STATE = b"\x69\x85"


@dataclass(frozen=True)
class Holder:
    """What the card carries. Test data only: the number has a valid check digit."""

    name: str = "王䶮"
    id_number: str = "11010519491231002X"
    sex_code: str = "2"
    nation_code: str = "01"
    birthplace: str = "110105"
    birth_date: date = date(1949, 12, 31)
    institution: str = "110000000000000000000000"
    issued: date = date(2020, 5, 1)
    expires: date = date(2030, 5, 1)


def bcd(digits: str) -> bytes:
    return bytes.fromhex(digits)


def records_of(holder: Holder) -> dict[int, dict[int, bytes]]:
    """EF05 and EF06 records by tag, encoded as the card stores them."""
    name = holder.name.encode("gb18030").ljust(30, b"\x00")
    return {
        0xEF05: {
            0x04: bcd(holder.institution),
            0x05: bcd(holder.issued.strftime("%Y%m%d")),
            0x06: bcd(holder.expires.strftime("%Y%m%d")),
        },
        0xEF06: {
            0x08: holder.id_number.encode("ascii"),
            0x09: name,
            0x0A: holder.sex_code.encode("ascii"),
            0x0B: bcd(holder.nation_code),
            0x0C: bcd(holder.birthplace),
            0x0D: bcd(holder.birth_date.strftime("%Y%m%d")),
        },
    }


class VirtualCard:
    """One card for one vpcd reader port.

    ``garbage``: when set, the answer to every APDU, whatever it asks.
    ``pull_after``: the card leaves the reader (closes the connection) when it
    receives its n-th APDU, without answering it.
    """

    def __init__(self, port: int, holder: Holder | None = None) -> None:
        self.port = port
        self.records = records_of(holder or Holder())
        self.garbage: bytes | None = None
        self.pull_after: int | None = None
        self.apdus: list[bytes] = []
        self._selected_app = False
        self._file: int | None = None
        self._sock: socket.socket | None = None
        self._thread: threading.Thread | None = None

    def respond(self, apdu: bytes) -> bytes:
        """The card's answer to one command APDU (pure apart from the selection state)."""
        if self.garbage is not None:
            return self.garbage
        if apdu == SELECT_SSSE:
            self._selected_app, self._file = True, None
            return OK
        if apdu[:2] == b"\x00\xa4" and apdu[2:5] == b"\x02\x00\x02" and len(apdu) >= 7:
            fid = int.from_bytes(apdu[5:7], "big")
            if not self._selected_app or fid not in self.records:
                return NOT_FOUND
            self._file = fid
            return OK
        if apdu[:2] == b"\x00\xb2" and len(apdu) == 5 and apdu[3] == 0x04:
            if self._file is None:
                return WRONG_STATE
            value = self.records[self._file].get(apdu[2])
            if value is None:
                return b"\x6a\x83"  # record not found
            return bytes([apdu[2], len(value)]) + value + OK
        return b"\x6d\x00"  # instruction not supported

    # -- the vpcd wire ---------------------------------------------------------
    def insert(self) -> None:
        assert self._sock is None, "the card is already in the reader"
        self.apdus.clear()
        self._selected_app, self._file = False, None
        self._sock = socket.create_connection(("127.0.0.1", self.port), timeout=5)
        self._sock.settimeout(None)
        self._sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._thread = threading.Thread(target=self._serve, args=(self._sock,), daemon=True)
        self._thread.start()

    def remove(self) -> None:
        sock, self._sock = self._sock, None
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=5)
            self._thread = None

    @property
    def inserted(self) -> bool:
        return self._sock is not None

    def _serve(self, sock: socket.socket) -> None:
        try:
            while (message := _receive(sock)) is not None:
                if len(message) == 1:
                    if message[0] == 0x04:
                        _send(sock, ATR)
                    elif message[0] in (0x00, 0x02):
                        self._selected_app, self._file = False, None
                    continue
                self.apdus.append(message)
                if self.pull_after is not None and len(self.apdus) >= self.pull_after:
                    self._sock = None
                    sock.close()
                    return
                _send(sock, self.respond(message))
        except OSError:
            pass  # the connection went away: the card is out of the reader


def _receive(sock: socket.socket) -> bytes | None:
    header = _exactly(sock, 2)
    if header is None:
        return None
    return _exactly(sock, struct.unpack(">H", header)[0])


def _exactly(sock: socket.socket, n: int) -> bytes | None:
    data = b""
    while len(data) < n:
        # vpcd writes the length and the payload separately: acknowledging at once keeps
        # Nagle's algorithm on its side from holding the payload for our delayed ACK (~40 ms).
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
        chunk = sock.recv(n - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def _send(sock: socket.socket, payload: bytes) -> None:
    sock.sendall(struct.pack(">H", len(payload)) + payload)
