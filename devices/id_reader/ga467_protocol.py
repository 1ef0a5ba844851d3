"""The GA/T 467 serial protocol of resident ID card readers, as pure functions.

Framing (both directions)::

    AA AA AA 96 69 | LEN_H LEN_L | body | CHK

LEN is big-endian and counts every byte after itself, CHK included; CHK is the
XOR of LEN_H … the last body byte. A host body is ``CMD PARA [DATA]``, a reader
body is ``SW1 SW2 SW3 [DATA]``. See /work/shared/protocols/ga467.md and
docs/id-reader-ga467.md.

Nothing here does I/O, so every rule (reassembly, resynchronisation, the SW3
table, the text block layout) is tested without a serial port. The framing is
written here rather than taken from a library because no maintained Python
library speaks GA/T 467; it is a few dozen lines of byte handling.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from functools import reduce

from devices.id_reader.base import ReaderStatus

PREAMBLE = b"\xaa\xaa\xaa\x96\x69"
HEADER_SIZE = len(PREAMBLE) + 2
MIN_REPLY_LENGTH = 4  # SW1 SW2 SW3 CHK
# The largest reply is text + photo + fingerprint (about 2.3 KB); anything far
# above that is a false preamble found in line noise, not a frame.
MAX_LENGTH = 4096


class Command(enum.Enum):
    """Host commands as (CMD, PARA)."""

    RESET_SAM = (0x10, 0xFF)
    SAM_STATUS = (0x11, 0xFF)
    SAM_ID = (0x12, 0xFF)
    FIND_CARD = (0x20, 0x01)
    SELECT_CARD = (0x20, 0x02)
    READ_TEXT_PHOTO = (0x30, 0x01)
    READ_TEXT_PHOTO_FINGERPRINT = (0x30, 0x10)
    READ_EXTRA_ADDRESS = (0x30, 0x03)

    @property
    def code(self) -> bytes:
        return bytes(self.value)


def checksum(data: bytes) -> int:
    """XOR of every byte."""
    return reduce(int.__xor__, data, 0)


def encode_frame(body: bytes) -> bytes:
    """Wrap a body (host or reader) in preamble, LEN and CHK."""
    length = (len(body) + 1).to_bytes(2, "big")
    return PREAMBLE + length + body + bytes([checksum(length + body)])


def encode_command(command: Command, data: bytes = b"") -> bytes:
    """The bytes the host sends; find card is ``AA AA AA 96 69 00 03 20 01 22``."""
    return encode_frame(command.code + data)


def encode_reply(sw3: int, data: bytes = b"", *, sw1: int = 0, sw2: int = 0) -> bytes:
    """The bytes a reader sends (for emulators and tests)."""
    return encode_frame(bytes([sw1, sw2, sw3]) + data)


# -- reassembly -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BadFrame:
    """A frame whose length and preamble looked right but whose checksum did not add up."""

    reason: str


class FrameAssembler:
    """Reassembles frames from bytes as they come off the line.

    Replies may arrive in any number of chunks and may be preceded by garbage
    (line noise, the tail of an earlier reply): bytes before a preamble are
    dropped, a LEN outside the plausible range makes the assembler look for
    the next preamble, and a frame whose CHK is wrong comes out as a
    :class:`BadFrame` so the caller can ask again.
    """

    def __init__(self, *, min_length: int = MIN_REPLY_LENGTH, max_length: int = MAX_LENGTH) -> None:
        self._buffer = bytearray()
        self._min_length = min_length
        self._max_length = max_length
        self.discarded = 0  # bytes thrown away while resynchronising (for diagnostics)

    def clear(self) -> None:
        self._buffer.clear()

    def feed(self, data: bytes) -> None:
        self._buffer += data

    def wanted(self) -> int:
        """How many more bytes complete the frame in progress, at the least (never 0).

        A reader of the line may safely block for this many bytes: it never
        exceeds what one reply still has to deliver.
        """
        self._resync()
        if len(self._buffer) >= HEADER_SIZE:
            total = HEADER_SIZE + int.from_bytes(self._buffer[5:7], "big")
        else:
            total = HEADER_SIZE + self._min_length
        return max(1, total - len(self._buffer))

    def next_frame(self) -> bytes | BadFrame | None:
        """The next complete frame's body (no preamble, LEN or CHK), a BadFrame, or None for 'need more'."""
        while True:
            self._resync()
            if len(self._buffer) < HEADER_SIZE:
                return None
            length = int.from_bytes(self._buffer[5:7], "big")
            if not self._min_length <= length <= self._max_length:
                self._drop(1)
                continue
            total = HEADER_SIZE + length
            if len(self._buffer) < total:
                return None
            frame = bytes(self._buffer[:total])
            if checksum(frame[5:-1]) != frame[-1]:
                # Drop only the first byte: if LEN itself was damaged, the next
                # real preamble may lie inside what looked like this frame.
                self._drop(1)
                return BadFrame("checksum")
            del self._buffer[:total]
            return frame[HEADER_SIZE:-1]

    def _resync(self) -> None:
        start = self._buffer.find(PREAMBLE)
        if start > 0:
            self._drop(start)
        elif start < 0:
            # Keep a tail that could be the start of a preamble split across chunks.
            keep = len(PREAMBLE) - 1
            if len(self._buffer) > keep:
                self._drop(len(self._buffer) - keep)

    def _drop(self, count: int) -> None:
        del self._buffer[:count]
        self.discarded += count


# -- replies and the SW3 table --------------------------------------------------------


class Sw3Action(enum.Enum):
    OK = "ok"
    NO_CARD = "no_card"
    RESEND = "resend"  # the line damaged our frame: send the same command again
    RETRY_CARD = "retry_card"  # a card-side failure that a new find/select/read may get past
    FAIL = "fail"  # retrying will not help


@dataclass(frozen=True, slots=True)
class Sw3Code:
    code: int
    meaning: str  # the protocol's own words, for technicians
    status: ReaderStatus
    action: Sw3Action
    sentence: str  # a plain sentence for the person at the kiosk (no personal data)


_CARD_UNREADABLE = "The card could not be read. Place it flat on the reader and try again."
_SAM_BROKEN = "The card reader's security module is not working; the reader needs service."

SW3_CODES: dict[int, Sw3Code] = {
    entry.code: entry
    for entry in (
        Sw3Code(0x90, "success", ReaderStatus.READY, Sw3Action.OK, "The card was read."),
        Sw3Code(0x91, "no content", ReaderStatus.READY, Sw3Action.OK, "The card has no such information."),
        Sw3Code(0x9F, "find card success", ReaderStatus.READY, Sw3Action.OK, "A card is on the reader."),
        Sw3Code(
            0x10,
            "checksum error in the host's frame",
            ReaderStatus.NO_DEVICE,
            Sw3Action.RESEND,
            "The card reader's cable is garbling data; check the connection.",
        ),
        Sw3Code(
            0x11,
            "length error in the host's frame",
            ReaderStatus.NO_DEVICE,
            Sw3Action.RESEND,
            "The card reader's cable is garbling data; check the connection.",
        ),
        Sw3Code(
            0x21,
            "command error",
            ReaderStatus.SAM_FAULT,
            Sw3Action.FAIL,
            "The card reader does not accept the kiosk's commands; check the reader model and firmware.",
        ),
        Sw3Code(
            0x23,
            "operation not authorised",
            ReaderStatus.SAM_FAULT,
            Sw3Action.FAIL,
            "The card reader's security module refused the operation; the reader needs service.",
        ),
        Sw3Code(0x24, "unrecognised error", ReaderStatus.SAM_FAULT, Sw3Action.RETRY_CARD, _SAM_BROKEN),
        Sw3Code(
            0x31,
            "card authentication of the SAM failed",
            ReaderStatus.CARD_ERROR,
            Sw3Action.RETRY_CARD,
            "The card could not be authenticated. Place it flat on the reader and try again.",
        ),
        Sw3Code(
            0x32,
            "SAM authentication of the card failed",
            ReaderStatus.CARD_ERROR,
            Sw3Action.RETRY_CARD,
            "The card could not be authenticated. Place it flat on the reader and try again.",
        ),
        Sw3Code(
            0x33,
            "information verification error",
            ReaderStatus.CARD_ERROR,
            Sw3Action.RETRY_CARD,
            "The card's information could not be verified. Place it flat on the reader and try again.",
        ),
        Sw3Code(
            0x40,
            "unrecognised card type",
            ReaderStatus.CARD_ERROR,
            Sw3Action.FAIL,
            "This reader does not recognise this kind of card.",
        ),
        Sw3Code(0x41, "read failed", ReaderStatus.CARD_ERROR, Sw3Action.RETRY_CARD, _CARD_UNREADABLE),
        Sw3Code(
            0x47, "random number failed", ReaderStatus.CARD_ERROR, Sw3Action.RETRY_CARD, _CARD_UNREADABLE
        ),
        Sw3Code(
            0x60,
            "SAM self-test failed",
            ReaderStatus.SAM_FAULT,
            Sw3Action.FAIL,
            "The card reader's security module failed its self-test; the reader needs service.",
        ),
        Sw3Code(
            0x66,
            "SAM not authorised",
            ReaderStatus.SAM_FAULT,
            Sw3Action.FAIL,
            "The card reader's security module is not authorised; the reader needs service.",
        ),
        Sw3Code(
            0x80,
            "find card failed (no card)",
            ReaderStatus.NO_CARD,
            Sw3Action.NO_CARD,
            "No card was placed on the reader.",
        ),
        Sw3Code(0x81, "select card failed", ReaderStatus.CARD_ERROR, Sw3Action.RETRY_CARD, _CARD_UNREADABLE),
    )
}


def sw3_code(code: int) -> Sw3Code:
    """The table entry for a status byte; a code outside the table is a reader fault."""
    known = SW3_CODES.get(code)
    if known is not None:
        return known
    return Sw3Code(
        code,
        f"unknown status 0x{code:02X}",
        ReaderStatus.SAM_FAULT,
        Sw3Action.FAIL,
        "The card reader answered with a status the kiosk does not know; the reader needs service.",
    )


@dataclass(frozen=True, slots=True)
class Reply:
    sw1: int
    sw2: int
    sw3: int
    data: bytes

    @property
    def code(self) -> Sw3Code:
        return sw3_code(self.sw3)


class ReplyError(ValueError):
    """A reply whose framing was right but whose content does not fit the protocol."""


def parse_reply(body: bytes) -> Reply:
    if len(body) < 3:
        raise ReplyError("a reply carries at least SW1 SW2 SW3")
    return Reply(body[0], body[1], body[2], bytes(body[3:]))
