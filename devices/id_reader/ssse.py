"""The social security card (社会保障卡): its public records and how to read them.

Pure functions over a ``transmit`` callable, so the decoding is testable
without a reader. Only the records readable without a PIN or a PSAM are read:

- the SSSE application is selected by name (``sx1.sh.社会保障`` in GBK);
- EF05 (card data): 04 issuing institution number, 05 issue date, 06 expiry;
- EF06 (holder data): 08 social security number (= the ID number), 09 name,
  0A sex, 0B nation, 0D birth date.

``00 B2 <tag> 04 00`` reads one record; the card answers ``<tag> <len> <value>``.
Dates and codes are BCD (``cn``), the number is ASCII (``an``), the name GBK.

The name is decoded as GB18030: the specification says GBK, GB18030 is a
strict superset of it (every GBK byte sequence decodes the same), and it also
decodes names with characters GBK lacks (䶮 U+4DAE, Extension B) that cards
personalised in GB18030 carry.

Errors never quote the card's bytes: they may be personal data.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from devices.id_reader.base import CardType, IdentityRecord
from devices.id_reader.nations import nation_name

Transmit = Callable[[bytes], tuple[bytes, int]]
"""Send one command APDU, get the response data and the status word (e.g. 0x9000)."""

SELECT_SSSE = bytes.fromhex("00A404000F7378312E73682EC9E7BBE1B1A3D5CF")
EF05 = 0xEF05
EF06 = 0xEF06
EF05_TAGS = (0x04, 0x05, 0x06)
EF06_TAGS = (0x08, 0x09, 0x0A, 0x0B, 0x0D)
SW_OK = 0x9000
MAX_GET_RESPONSES = 4
"""GET RESPONSE rounds one command may ask for: a public record is under 64 bytes, one round."""
MAX_ANSWER_BYTES = 512
"""The most one command's answer may add up to; a card that keeps saying "more" is refused."""
_HIDDEN_CATEGORIES = {"Cc", "Cf", "Cs", "Zl", "Zp"}

# GB/T 2261.1 sex codes, in the words IdentityRecord uses.
SEXES = {"0": "未知的性别", "1": "男", "2": "女", "9": "未说明的性别"}


class CardAnswerError(Exception):
    """The card answered something that is not a social security card's answer."""


@dataclass(frozen=True, slots=True)
class PublicRecords:
    """The raw values of the public records, by tag (personal data: repr hidden)."""

    values: dict[int, bytes] = field(repr=False)

    def __repr__(self) -> str:
        return f"PublicRecords(tags={sorted(self.values)})"


def select_file(fid: int) -> bytes:
    return bytes([0x00, 0xA4, 0x02, 0x00, 0x02, fid >> 8, fid & 0xFF])


def read_record(tag: int, le: int = 0) -> bytes:
    return bytes([0x00, 0xB2, tag, 0x04, le])


def exchange(transmit: Transmit, apdu: bytes) -> bytes:
    """One command, following the two ISO 7816-4 retries T=0 cards ask for.

    ``61 xx``: xx more bytes wait, fetched with GET RESPONSE. ``6C xx``: wrong
    Le, send again with Le = xx. Anything but 9000 at the end is an error.
    """
    data, sw = transmit(apdu)
    if sw >> 8 == 0x6C:
        data, sw = transmit(apdu[:4] + bytes([sw & 0xFF]))
    rounds = 0
    while sw >> 8 == 0x61:
        rounds += 1
        if rounds > MAX_GET_RESPONSES:
            raise CardAnswerError("the card keeps answering that more data waits")
        more, sw = transmit(bytes([0x00, 0xC0, 0x00, 0x00, sw & 0xFF]))
        data += more
        if len(data) > MAX_ANSWER_BYTES:
            raise CardAnswerError(f"the card's answer is longer than {MAX_ANSWER_BYTES} bytes")
    if len(data) > MAX_ANSWER_BYTES:
        raise CardAnswerError(f"the card's answer is longer than {MAX_ANSWER_BYTES} bytes")
    if sw != SW_OK:
        raise CardAnswerError(f"the card answered status {sw:04X}")
    return data


def record_value(tag: int, data: bytes) -> bytes:
    """The value of a ``<tag> <len> <value>`` record answer."""
    if len(data) < 2 or data[0] != tag or len(data) < 2 + data[1]:
        raise CardAnswerError(f"record {tag:02X} is not a tag-length-value answer")
    return data[2 : 2 + data[1]]


def read_public_records(transmit: Transmit) -> PublicRecords:
    values: dict[int, bytes] = {}
    exchange(transmit, SELECT_SSSE)
    for fid, tags in ((EF05, EF05_TAGS), (EF06, EF06_TAGS)):
        exchange(transmit, select_file(fid))
        for tag in tags:
            values[tag] = record_value(tag, exchange(transmit, read_record(tag)))
    return PublicRecords(values)


def bcd_digits(value: bytes) -> str:
    """``cn`` digits; trailing F nibbles are padding."""
    digits = value.hex().upper().rstrip("F")
    if not digits.isdigit() and digits:
        raise CardAnswerError("a numeric field holds non-digits")
    return digits


def bcd_date(value: bytes) -> date | None:
    """A ``cn`` YYYYMMDD date; an unset field (all 00 or all FF) is None."""
    if not value or all(b == 0x00 for b in value) or all(b == 0xFF for b in value):
        return None
    digits = bcd_digits(value)
    try:
        return date(int(digits[0:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        raise CardAnswerError("a date field is not a date") from None


def text(value: bytes) -> str:
    """A GBK text field (decoded as GB18030, see the module doc), without its padding."""
    try:
        decoded = value.rstrip(b"\x00\xff ").decode("gb18030").strip()
    except UnicodeDecodeError:
        raise CardAnswerError("a text field is not GBK text") from None
    if any(unicodedata.category(char) in _HIDDEN_CATEGORIES for char in decoded):
        raise CardAnswerError("a text field holds a control or formatting character")
    return decoded


def sex(value: bytes) -> str | None:
    code = value[:1]
    if not code or code in (b"\x00", b"\xff", b" "):
        return None
    key = chr(code[0] + 0x30) if code[0] < 10 else code.decode("ascii", errors="replace")
    if key not in SEXES:
        raise CardAnswerError("the sex field holds no GB/T 2261.1 code")
    return SEXES[key]


def identity_from(records: PublicRecords) -> IdentityRecord:
    v = records.values
    number = v[0x08].rstrip(b"\x00\xff ")
    digits = number[:17]
    if (
        len(number) != 18
        or not digits.isdigit()
        or not (number[17:].isdigit() or number[17:] in (b"X", b"x"))
    ):
        raise CardAnswerError("the social security number is not an ID number")
    name = text(v[0x09])
    if not name:
        raise CardAnswerError("the name is empty")
    nation_code = bcd_digits(v[0x0B])
    return IdentityRecord(
        card_type=CardType.SOCIAL_SECURITY,
        name=name,
        id_number=number.decode("ascii").upper(),
        sex=sex(v[0x0A]),
        nation=nation_name(nation_code) if nation_code else None,
        birth_date=bcd_date(v[0x0D]),
        address=None,
        # The institution number is shown as the card stores it: hex digits, without F padding.
        issuer=v[0x04].hex().upper().rstrip("F") or None,
        valid_from=bcd_date(v[0x05]),
        valid_until=bcd_date(v[0x06]),
        photo=None,
    )


def read_identity(transmit: Transmit) -> IdentityRecord:
    """Select, read and decode; :class:`CardAnswerError` if the card is not a readable SSSE card."""
    return identity_from(read_public_records(transmit))
