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
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import reduce

from devices.id_reader.base import CardPhoto, CardType, IdentityRecord, ReaderStatus
from devices.id_reader.nations import nation_name

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


# -- the read reply and its text block ---------------------------------------------------

TEXT_BLOCK_SIZE = 256
PHOTO_FORMAT = "wlt"


@dataclass(frozen=True, slots=True)
class TextField:
    offset: int
    length: int
    name: str = ""

    def raw(self, block: bytes) -> bytes:
        return block[self.offset : self.offset + self.length]


# Byte offsets and lengths in the 256-byte UTF-16LE text block.
NAME = TextField(0, 30, "name")
SEX = TextField(30, 2, "sex code")
NATION = TextField(32, 4, "nation code")
BIRTH_DATE = TextField(36, 16, "birth date")
ADDRESS = TextField(52, 70, "address")
ID_NUMBER = TextField(122, 36, "ID number")
ISSUER = TextField(158, 30, "issuing authority")
VALID_FROM = TextField(188, 16, "start of validity")
VALID_UNTIL = TextField(204, 16, "expiry date")
# On the residence permit for Hong Kong, Macao and Taiwan residents.
PERMIT_NUMBER = TextField(220, 18, "pass number")
ISSUE_COUNT = TextField(238, 4, "issue count")
CARD_TYPE_FLAG = TextField(248, 2, "card-type flag")

# The foreigner's permanent residence card, 2017 version (flag I).
F17_ENGLISH_NAME = TextField(0, 120, "English name")
F17_SEX = TextField(120, 2, "sex code")
F17_NUMBER = TextField(122, 30, "card number")
F17_NATIONALITY = TextField(152, 6, "nationality")
F17_CHINESE_NAME = TextField(158, 30, "Chinese name")
F17_VALID_FROM = TextField(188, 16, "start of validity")
F17_VALID_UNTIL = TextField(204, 16, "expiry date")
F17_BIRTH_DATE = TextField(220, 16, "birth date")
F17_VERSION = TextField(236, 4, "card version")
F17_ISSUER = TextField(240, 8, "issuing office code")
# The 2023 version (flag Y): the English name is in two parts, 35 and 11 characters.
F23_CHINESE_NAME = TextField(0, 30, "Chinese name")
F23_SEX = TextField(30, 2, "sex code")
F23_RENEWALS = TextField(32, 4, "renewal count")
F23_BIRTH_DATE = TextField(36, 16, "birth date")
F23_ENGLISH_NAME_1 = TextField(52, 70, "English name")
F23_NUMBER = TextField(122, 36, "card number")
F23_VALID_FROM = TextField(188, 16, "start of validity")
F23_VALID_UNTIL = TextField(204, 16, "expiry date")
F23_ENGLISH_NAME_2 = TextField(220, 22, "English name")
F23_NATIONALITY = TextField(242, 6, "nationality")
_ID_NUMBER_SHAPE = re.compile(r"\d{17}[\dXx]")
_F17_NUMBER_SHAPE = re.compile(r"[A-Z]{3}\d{12}")  # nationality letters, then 12 digits
_F23_NUMBER_SHAPE = re.compile(r"9\d{16}[\dX]")
_NATIONALITY_SHAPE = re.compile(r"[A-Z]{3}")
_HIDDEN_CATEGORIES = {"Cc", "Cf", "Cs", "Zl", "Zp"}
"""Control, formatting (bidirectional overrides, zero-width), surrogate and separator
characters: a genuine card holds none, and a name with U+202E would print reversed."""

SEXES = {"0": "未知的性别", "1": "男", "2": "女", "9": "未说明的性别"}
NO_EXPIRY = "长期"
RESIDENCE_PERMIT_FLAG = "J"  # 港澳台居民居住证
FOREIGN_PERMANENT_RESIDENT_FLAG = "I"  # 外国人永久居留身份证 (2017): another layout altogether
FOREIGN_PERMANENT_RESIDENT_2023_FLAG = "Y"  # 外国人永久居留身份证 (2023): another layout again


class TextBlockError(ValueError):
    """A text block that does not fit the layout. The message names the field, never its content."""


class UnsupportedCardError(TextBlockError):
    """A card of a kind this reader's layout tables do not cover."""


@dataclass(frozen=True, slots=True)
class ReadData:
    text: bytes
    photo: bytes


def parse_read_data(data: bytes) -> ReadData:
    """Split the data of a 30 01 reply: text length, photo length, text block, photo."""
    if len(data) < 4:
        raise ReplyError("the read reply is too short for its length fields")
    text_length = int.from_bytes(data[0:2], "big")
    photo_length = int.from_bytes(data[2:4], "big")
    if text_length != TEXT_BLOCK_SIZE:
        raise ReplyError("the read reply's text block is not 256 bytes")
    if len(data) != 4 + text_length + photo_length:
        raise ReplyError("the read reply's lengths do not add up")
    return ReadData(data[4 : 4 + text_length], data[4 + text_length :])


def text_of(block: bytes, field: TextField) -> str:
    try:
        text = field.raw(block).decode("utf-16-le")
    except UnicodeDecodeError:
        raise TextBlockError(f"the text field at offset {field.offset} is not UTF-16") from None
    text = text.strip(" \x00\u3000")
    if any(unicodedata.category(char) in _HIDDEN_CATEGORIES for char in text):
        what = field.name or f"text field at offset {field.offset}"
        raise TextBlockError(f"the {what} holds a control or formatting character")
    return text


def _date(block: bytes, field: TextField, what: str) -> date:
    text = text_of(block, field)
    if len(text) != 8 or not text.isdigit():
        raise TextBlockError(f"the {what} is not a YYYYMMDD date")
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        raise TextBlockError(f"the {what} is not a real date") from None


def decode_text_block(block: bytes, photo: bytes = b"") -> IdentityRecord:
    """Decode a 256-byte text block (and the photo, kept opaque) into an IdentityRecord.

    Raises :class:`TextBlockError` when the block does not fit the layout.
    An unparsable expiry date is an error, never "no expiry": a garbled
    field must not make an expired card look valid.
    """
    if len(block) != TEXT_BLOCK_SIZE:
        raise TextBlockError("the text block is not 256 bytes")
    flag = text_of(block, CARD_TYPE_FLAG)
    if flag == FOREIGN_PERMANENT_RESIDENT_FLAG:
        return _foreign_2017(block, photo)
    if flag == FOREIGN_PERMANENT_RESIDENT_2023_FLAG:
        return _foreign_2023(block, photo)
    if flag not in ("", RESIDENCE_PERMIT_FLAG):
        raise UnsupportedCardError("the card-type flag names an unknown card layout")
    permit = flag == RESIDENCE_PERMIT_FLAG

    name = text_of(block, NAME)
    id_number = text_of(block, ID_NUMBER)
    if not name:
        raise TextBlockError("the name field is empty")
    if not id_number:
        raise TextBlockError("the ID number field is empty")
    if not _ID_NUMBER_SHAPE.fullmatch(id_number):
        raise TextBlockError("the ID number is not 17 digits and a check digit or X")

    sex_code = text_of(block, SEX)
    if sex_code not in SEXES:
        raise TextBlockError("the sex code is not one of GB/T 2261.1")
    nation_code = text_of(block, NATION)
    nation: str | None = None
    if nation_code:
        nation = nation_name(nation_code)
        if nation is None:
            raise TextBlockError("the nation code is not one of GB 3304")

    until_text = text_of(block, VALID_UNTIL)
    valid_until = None if until_text == NO_EXPIRY else _date(block, VALID_UNTIL, "expiry date")

    permit_number: str | None = None
    issue_count: int | None = None
    if permit:
        permit_number = text_of(block, PERMIT_NUMBER) or None
        count_text = text_of(block, ISSUE_COUNT)
        if count_text:
            if not count_text.isdigit():
                raise TextBlockError("the issue count is not a number")
            issue_count = int(count_text)

    return IdentityRecord(
        card_type=CardType.RESIDENCE_PERMIT_HMT if permit else CardType.RESIDENT_ID,
        name=name,
        id_number=id_number,
        sex=SEXES[sex_code],
        nation=nation,
        birth_date=_date(block, BIRTH_DATE, "birth date"),
        address=text_of(block, ADDRESS) or None,
        issuer=text_of(block, ISSUER) or None,
        valid_from=_date(block, VALID_FROM, "start of validity"),
        valid_until=valid_until,
        photo=CardPhoto(PHOTO_FORMAT, photo) if photo else None,
        permit_number=permit_number,
        issue_count=issue_count,
    )


def _sex(block: bytes, field: TextField) -> str:
    code = text_of(block, field)
    if code not in SEXES:
        raise TextBlockError("the sex code is not one of GB/T 2261.1")
    return SEXES[code]


def _nationality(block: bytes, field: TextField) -> str:
    nationality = text_of(block, field)
    if not _NATIONALITY_SHAPE.fullmatch(nationality):
        raise TextBlockError("the nationality is not three capital letters (ISO 3166 alpha-3)")
    return nationality


def _valid_until(block: bytes, field: TextField) -> date | None:
    text = text_of(block, field)
    return None if text == NO_EXPIRY else _date(block, field, "expiry date")


def _foreign_2017(block: bytes, photo: bytes) -> IdentityRecord:
    """The 2017 foreigner's permanent residence card (flag ``I``): English name first, a
    15-character number (the nationality's three letters, then 12 digits; no check digit)."""
    english = text_of(block, F17_ENGLISH_NAME)
    if not english:
        raise TextBlockError("the English name field is empty")
    number = text_of(block, F17_NUMBER)
    if not _F17_NUMBER_SHAPE.fullmatch(number):
        raise TextBlockError("the card number is not three letters and 12 digits")
    nationality = _nationality(block, F17_NATIONALITY)
    chinese = text_of(block, F17_CHINESE_NAME)
    return IdentityRecord(
        card_type=CardType.FOREIGN_PERMANENT_2017,
        name=chinese or english,
        id_number=number,
        sex=_sex(block, F17_SEX),
        birth_date=_date(block, F17_BIRTH_DATE, "birth date"),
        issuer=text_of(block, F17_ISSUER) or None,
        valid_from=_date(block, F17_VALID_FROM, "start of validity"),
        valid_until=_valid_until(block, F17_VALID_UNTIL),
        photo=CardPhoto(PHOTO_FORMAT, photo) if photo else None,
        english_name=english,
        nationality=nationality,
    )


def _foreign_2023(block: bytes, photo: bytes) -> IdentityRecord:
    """The 2023 foreigner's permanent residence card (flag ``Y``): Chinese name first, an
    18-character number starting with 9 (GB 11643 check digit), the English name in two parts."""
    english = (text_of(block, F23_ENGLISH_NAME_1) + text_of(block, F23_ENGLISH_NAME_2)).strip()
    chinese = text_of(block, F23_CHINESE_NAME)
    if not english and not chinese:
        raise TextBlockError("the name fields are empty")
    number = text_of(block, F23_NUMBER)
    if not _F23_NUMBER_SHAPE.fullmatch(number):
        raise TextBlockError("the card number is not 9, 16 digits and a check digit or X")
    renewals = text_of(block, F23_RENEWALS)
    if renewals and not renewals.isdigit():
        raise TextBlockError("the renewal count is not a number")
    return IdentityRecord(
        card_type=CardType.FOREIGN_PERMANENT_2023,
        name=chinese or english,
        id_number=number,
        sex=_sex(block, F23_SEX),
        birth_date=_date(block, F23_BIRTH_DATE, "birth date"),
        valid_from=_date(block, F23_VALID_FROM, "start of validity"),
        valid_until=_valid_until(block, F23_VALID_UNTIL),
        photo=CardPhoto(PHOTO_FORMAT, photo) if photo else None,
        issue_count=int(renewals) if renewals else None,
        english_name=english or None,
        nationality=_nationality(block, F23_NATIONALITY),
    )
