"""The GA/T 467 read reply's text block: the three card layouts (the resident ID card and the 港澳台
residence permit; the foreigner's permanent residence card of 2017 and of 2023), decoded and checked.

Byte offsets and lengths as in /work/shared/protocols/ga467.md; the framing and the SW3 table are
:mod:`devices.id_reader.ga467_protocol`. Nothing here does I/O.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from devices.id_reader.base import CardPhoto, CardType, IdentityRecord
from devices.id_reader.ga467_protocol import ReplyError
from devices.id_reader.nations import nation_name

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
