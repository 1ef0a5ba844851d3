"""An emulated GA/T 467 reader (SAM + card) on the master side of a pty pair.

The adapter under test opens the slave path with pyserial, exactly as it would
open /dev/ttyUSB0. The emulator parses host frames with its own small parser
(not the adapter's), answers like a reader, and can be told to misbehave:
split replies into chunks, put noise before the preamble, corrupt a checksum,
answer any command with a chosen SW3, stay silent, lose the card between
select and read, or vanish altogether. With ``baud`` set it paces its traffic
like a real serial wire (10 bits a byte), for the bench.

For unplug/replug tests it can keep a stable symlink (like a udev
``/dev/idreader`` rule) pointing at its slave; a new emulator re-points it.
"""

from __future__ import annotations

import contextlib
import os
import select
import threading
import time
import tty
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

PREAMBLE = b"\xaa\xaa\xaa\x96\x69"

FIND = (0x20, 0x01)
SELECT = (0x20, 0x02)
READ = (0x30, 0x01)
SAM_STATUS = (0x11, 0xFF)
SAM_ID = (0x12, 0xFF)
RESET_SAM = (0x10, 0xFF)

PHOTO = bytes((i * 37 + 11) % 256 for i in range(1024))  # opaque stand-in for a WLT photo


def _field(text: str, size: int) -> bytes:
    raw = text.encode("utf-16-le")
    assert len(raw) <= size, f"{text!r} does not fit {size} bytes"
    return raw + " ".encode("utf-16-le") * ((size - len(raw)) // 2)


@dataclass(frozen=True)
class TestCard:
    """A synthetic card, written out in the GA/T 467 text block layout."""

    __test__ = False  # not a pytest test class

    name: str
    sex_code: str
    nation_code: str
    birth: str
    address: str
    id_number: str
    issuer: str
    valid_from: str
    valid_until: str
    permit_number: str = ""
    issue_count: str = ""
    type_flag: str = ""
    photo: bytes = PHOTO

    def text_block(self) -> bytes:
        block = b"".join(
            (
                _field(self.name, 30),
                _field(self.sex_code, 2),
                _field(self.nation_code, 4),
                _field(self.birth, 16),
                _field(self.address, 70),
                _field(self.id_number, 36),
                _field(self.issuer, 30),
                _field(self.valid_from, 16),
                _field(self.valid_until, 16),
                _field(self.permit_number, 18),
                _field(self.issue_count, 4),
                _field("", 6),
                _field(self.type_flag, 2),
                _field("", 6),
            )
        )
        assert len(block) == 256
        return block

    def read_data(self) -> bytes:
        text = self.text_block()
        return len(text).to_bytes(2, "big") + len(self.photo).to_bytes(2, "big") + text + self.photo


@dataclass(frozen=True)
class ForeignCard2017:
    """A synthetic 2017 foreigner's permanent residence card (flag I), in its own layout."""

    __test__ = False

    english_name: str
    sex_code: str
    number: str  # 15 characters: nationality letters and 12 digits
    nationality: str
    chinese_name: str
    valid_from: str
    valid_until: str
    birth: str
    version: str = "01"
    issuer_code: str = "1100"
    type_flag: str = "I"
    photo: bytes = PHOTO

    def text_block(self) -> bytes:
        block = b"".join(
            (
                _field(self.english_name, 120),
                _field(self.sex_code, 2),
                _field(self.number, 30),
                _field(self.nationality, 6),
                _field(self.chinese_name, 30),
                _field(self.valid_from, 16),
                _field(self.valid_until, 16),
                _field(self.birth, 16),
                _field(self.version, 4),
                _field(self.issuer_code, 8),
                _field(self.type_flag, 2),
                _field("", 6),
            )
        )
        assert len(block) == 256
        return block

    def read_data(self) -> bytes:
        text = self.text_block()
        return len(text).to_bytes(2, "big") + len(self.photo).to_bytes(2, "big") + text + self.photo


@dataclass(frozen=True)
class ForeignCard2023:
    """A synthetic 2023 foreigner's permanent residence card (flag Y), in its own layout."""

    __test__ = False

    chinese_name: str
    sex_code: str
    renewals: str
    birth: str
    english_name: str  # up to 46 characters: 35 in the first part, the rest in the second
    number: str  # 18 characters starting with 9
    valid_from: str
    valid_until: str
    nationality: str
    earlier_link: str = ""
    type_flag: str = "Y"
    photo: bytes = PHOTO

    def text_block(self) -> bytes:
        block = b"".join(
            (
                _field(self.chinese_name, 30),
                _field(self.sex_code, 2),
                _field(self.renewals, 4),
                _field(self.birth, 16),
                _field(self.english_name[:35], 70),
                _field(self.number, 36),
                _field("", 30),
                _field(self.valid_from, 16),
                _field(self.valid_until, 16),
                _field(self.english_name[35:], 22),
                _field(self.nationality, 6),
                _field(self.type_flag, 2),
                _field(self.earlier_link, 6),
            )
        )
        assert len(block) == 256
        return block

    def read_data(self) -> bytes:
        text = self.text_block()
        return len(text).to_bytes(2, "big") + len(self.photo).to_bytes(2, "big") + text + self.photo


AnyCard = TestCard | ForeignCard2017 | ForeignCard2023


def xor(data: bytes) -> int:
    out = 0
    for byte in data:
        out ^= byte
    return out


def reply_frame(sw3: int, data: bytes = b"") -> bytes:
    body = bytes([0, 0, sw3]) + data
    length = (len(body) + 1).to_bytes(2, "big")
    return PREAMBLE + length + body + bytes([xor(length + body)])


@dataclass
class Behaviour:
    """What the emulator does next; tests change it while it runs (under the emulator's lock)."""

    chunks: tuple[int, ...] = ()  # split every reply into chunks of these sizes (cycled)
    chunk_gap: float = 0.0  # seconds between chunks
    noise: bytes = b""  # sent before every reply
    corrupt: int = 0  # corrupt the checksum of this many next replies
    forced: dict[tuple[int, int], deque[int]] = field(default_factory=dict)  # command → SW3s to answer
    silent: bool = False  # read commands, answer nothing
    pull_after_select: bool = False  # the card leaves right after the next select
    halt_after_read: bool = True  # like real cards: find fails after a read until the card is re-placed
    vanish_mid_reply: bool = False  # the next long reply stops half-way and the reader disappears


class SamEmulator:
    def __init__(self, *, baud: int | None = None, link: Path | None = None) -> None:
        self._master, self._slave = os.openpty()
        tty.setraw(self._slave)
        os.set_blocking(self._master, False)
        self.slave_path = os.ttyname(self._slave)
        self.link = link
        if link is not None:
            temporary = link.with_name(link.name + ".new")
            with contextlib.suppress(FileNotFoundError):
                temporary.unlink()
            temporary.symlink_to(self.slave_path)
            os.replace(temporary, link)  # atomic, as udev re-points its symlinks
        self.path = str(link) if link is not None else self.slave_path
        self.baud = baud
        self.lock = threading.Lock()
        self.behaviour = Behaviour()
        self.commands: list[tuple[int, int]] = []  # every well-formed command received, in order
        self.bytes_in = 0
        self.bytes_out = 0
        self._card: AnyCard | None = None
        self._selected = False
        self._halted = False
        self._buffer = bytearray()
        self._stop_r, self._stop_w = os.pipe()
        self._closed = False
        self.gone = False
        self._thread = threading.Thread(target=self._run, name="sam-emulator", daemon=True)
        self._thread.start()

    # -- scripting -----------------------------------------------------------------
    def insert(self, card: AnyCard) -> None:
        with self.lock:
            self._card = card
            self._selected = False
            self._halted = False

    def remove(self) -> None:
        with self.lock:
            self._card = None
            self._selected = False

    def force(self, command: tuple[int, int], *sw3: int) -> None:
        """Answer the next uses of ``command`` with these SW3 codes, one each, in order."""
        with self.lock:
            self.behaviour.forced.setdefault(command, deque()).extend(sw3)

    def unplug(self) -> None:
        """The reader vanishes: both ends of the pty close, the adapter's port goes dead."""
        self.close()

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        os.write(self._stop_w, b"x")
        self._thread.join(timeout=5)
        assert not self._thread.is_alive(), "the SAM emulator thread did not stop"
        self._vanish()
        os.close(self._stop_r)
        os.close(self._stop_w)

    def _vanish(self) -> None:
        """Close both ends of the pty (once: a closed descriptor number may be reused)."""
        with self.lock:
            fds, self._master, self._slave = (self._master, self._slave), -1, -1
            self.gone = True
        for fd in fds:
            if fd >= 0:
                os.close(fd)

    def __enter__(self) -> SamEmulator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the reader ----------------------------------------------------------------
    def _run(self) -> None:
        while True:
            ready, _, _ = select.select([self._master, self._stop_r], [], [])
            if self._stop_r in ready:
                return
            try:
                data = os.read(self._master, 4096)
            except BlockingIOError:
                continue
            except OSError:
                return
            self._buffer += data
            self.bytes_in += len(data)
            while (frame := self._next_host_frame()) is not None:
                if self.baud:
                    # The host's bytes crossed the pty at once; a wire needs this long.
                    self._sleep(len(frame) * 10 / self.baud)
                answer = self._answer(frame)
                if answer is not None and not self._send(answer):
                    return

    def _next_host_frame(self) -> bytes | None:
        """The next host frame as raw bytes, or a ready-made error reply marker; None for 'need more'."""
        start = self._buffer.find(PREAMBLE)
        if start < 0:
            del self._buffer[: max(0, len(self._buffer) - 4)]
            return None
        del self._buffer[:start]
        if len(self._buffer) < 7:
            return None
        length = int.from_bytes(self._buffer[5:7], "big")
        if length > 64:
            frame = bytes(self._buffer[:7])
            del self._buffer[:]
            return frame
        if len(self._buffer) < 7 + length:
            return None
        frame = bytes(self._buffer[: 7 + length])
        del self._buffer[: 7 + length]
        return frame

    def _answer(self, frame: bytes) -> bytes | None:
        length = int.from_bytes(frame[5:7], "big")
        if len(frame) != 7 + length or length < 3:
            return reply_frame(0x11)
        if xor(frame[5:-1]) != frame[-1]:
            return reply_frame(0x10)
        command = (frame[7], frame[8])
        with self.lock:
            self.commands.append(command)
            behaviour = self.behaviour
            if behaviour.silent:
                return None
            forced = behaviour.forced.get(command)
            if forced:
                sw3 = forced.popleft()
                if command == SELECT and sw3 == 0x90:
                    self._selected = True
                return reply_frame(sw3)
            return self._respond(command)

    def _respond(self, command: tuple[int, int]) -> bytes:
        card = self._card
        if command in (SAM_STATUS, RESET_SAM):
            return reply_frame(0x90)
        if command == SAM_ID:
            return reply_frame(0x90, bytes(range(16)))
        if command == FIND:
            return reply_frame(0x9F if card is not None and not self._halted else 0x80)
        if command == SELECT:
            if card is None or self._halted:
                return reply_frame(0x81)
            self._selected = True
            if self.behaviour.pull_after_select:
                self.behaviour.pull_after_select = False
                self._card = None
            return reply_frame(0x90)
        if command == READ:
            if card is None or not self._selected:
                return reply_frame(0x41)
            if self.behaviour.halt_after_read:
                self._halted = True
            return reply_frame(0x90, card.read_data())
        return reply_frame(0x21)

    def _send(self, reply: bytes) -> bool:
        with self.lock:
            behaviour = self.behaviour
            if behaviour.corrupt:
                behaviour.corrupt -= 1
                reply = reply[:-1] + bytes([reply[-1] ^ 0x5A])
            data = behaviour.noise + reply
            sizes = behaviour.chunks
            gap = behaviour.chunk_gap
        if self.baud and not sizes:
            sizes = (32,)  # small enough that the last byte lands close to its wire time
        if behaviour.vanish_mid_reply and len(data) > 100:
            self._write_all(data[: len(data) // 2])
            self._vanish()
            return False
        pieces = _split(data, sizes) if sizes else [data]
        start = time.monotonic()
        sent = 0
        for index, piece in enumerate(pieces):
            if index and gap:
                self._sleep(gap)
            if self.baud:
                # Byte k of a reply leaves a real UART (k + 1) × 10 / baud seconds in.
                self._sleep(start + (sent + len(piece)) * 10 / self.baud - time.monotonic())
            # Counted before the write, so a host that has the last byte also sees the count.
            self.bytes_out += len(piece)
            if not self._write_all(piece):
                return False
            sent += len(piece)
        return True

    def _write_all(self, data: bytes) -> bool:
        view = memoryview(data)
        while view:
            _, writable, _ = select.select([], [self._master], [], 1.0)
            if not writable:
                return True  # nobody reads: the bytes are lost, as on a real line
            try:
                written = os.write(self._master, view)
            except BlockingIOError:
                continue
            except OSError:
                return False
            view = view[written:]
        return True

    def _sleep(self, seconds: float) -> None:
        if seconds > 0:
            time.sleep(seconds)


def _split(data: bytes, sizes: tuple[int, ...]) -> list[bytes]:
    pieces = []
    position = 0
    index = 0
    while position < len(data):
        size = sizes[index % len(sizes)]
        pieces.append(data[position : position + size])
        position += size
        index += 1
    return pieces
