"""The text in a document's QR code: what is packed into it and how it is read back.

``CK2:`` then 150 characters of the RFC 4648 base32 alphabet (``A``–``Z``, ``2``–``7``), the
digits of one 750-bit number that packs, most significant first::

    key mark 16 | kind 3 | UTC offset 7 | issued at 32 | serial 50 | data digest 128 | signature 512 | 0 0

- **key mark** — the first 16 bits of the signing key's id: it picks the published key to try;
- **kind** — :data:`KIND_CODES`; with the issue date and the serial it rebuilds the document number
  ``20261122-XY-7KQ3M9XA2B``, whose 50 random bits are the serial;
- **UTC offset** — in quarter hours, biased by 64: the number's date is the kiosk's local date;
- **issued at** — Unix seconds;
- **data digest** — the first 128 bits of the SHA-256 of the canonical data: 128 bits is the
  security level of Ed25519 itself, and the kiosk's random serial inside the hashed data means a
  forger needs a second preimage (2^128 work), not a collision;
- **signature** — Ed25519 over ``CK2:``, the 236 bits before it (as 30 bytes) and the key's kiosk id.

Everything else a verifier reports — the full key id, the kiosk — comes from the published key
set; nothing is in the code that the page or the key set already says. 154 characters in the QR
alphanumeric alphabet fill a version 6 code at level M exactly (41 modules; the old format needed
version 9, 53 modules). The kiosk id is signed but not carried, so a key set that moved a key to
another kiosk makes every code fail.

``CK1:`` is the first format (every field spelled out, 235 characters, version 9). The kiosk no
longer writes it; codes on paper already issued still read (:func:`decode_legacy`).
"""

from __future__ import annotations

import base64
import binascii
import re
import struct
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

from kiosk.documents.base import DocumentKind
from kiosk.documents.numbers import CROCKFORD, KIND_LETTERS

PREFIX = "CK2:"
LEGACY_PREFIX = "CK1:"
BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
DIGEST_BYTES = 16
SIGNATURE_BYTES = 64

KIND_CODES: dict[DocumentKind, int] = {
    DocumentKind.CREDIT_REPORT: 1,
    DocumentKind.BUSINESS_LICENSE: 2,
    DocumentKind.SOCIAL_INSURANCE: 3,
    DocumentKind.TAX_PAYMENT: 4,
    DocumentKind.REAL_ESTATE: 5,
}
KINDS_BY_CODE = {code: kind for kind, code in KIND_CODES.items()}

# (name, bits) of the signed fields, most significant first.
_FIELDS = (("key", 16), ("kind", 3), ("offset", 7), ("seconds", 32), ("serial", 50), ("digest", 128))
_FIELD_BITS = sum(bits for _name, bits in _FIELDS)  # 236
_PAD_BITS = 2  # 236 + 512 + 2 = 750 = 150 base32 characters
_CHARACTERS = (_FIELD_BITS + 8 * SIGNATURE_BYTES + _PAD_BITS) // 5
_OFFSET_BIAS = 64
_NUMBER = re.compile(r"(\d{8})-([A-Z]{2})-([" + CROCKFORD + r"]{10})")
_LEGACY_HEAD = struct.Struct(">8sBI32s")


@dataclass(frozen=True, slots=True)
class Claim:
    """What a code says, before its signature is checked."""

    key_mark: str  # hex: the start of the signing key's id (4 digits; 16 in the legacy format)
    kind: DocumentKind
    issued_at: datetime
    digest: bytes  # SHA-256 of the canonical data, or its first DIGEST_BYTES bytes
    number: str
    kiosk_id: str | None  # None: the code names its kiosk only through its key
    signature: bytes
    signed_fields: bytes  # what the signature covers, the key's kiosk id aside

    def message(self, key_kiosk_id: str) -> bytes:
        """The bytes the signature is over, if the key of kiosk ``key_kiosk_id`` made it."""
        if self.kiosk_id is None:
            return self.signed_fields + key_kiosk_id.encode("ascii")
        return self.signed_fields


class FieldError(ValueError):
    """A document number, time or UTC offset that the compact code cannot carry."""


def encode(
    key_id: str,
    kiosk_id: str,
    kind: DocumentKind,
    number: str,
    issued_at: datetime,
    data_sha256: str,
    sign: Callable[[bytes], bytes],
) -> str:
    """The QR text for a document; ``issued_at`` is aware and the number is of that local date."""
    match = _NUMBER.fullmatch(number)
    offset = issued_at.utcoffset()
    if match is None or offset is None:
        raise FieldError(f"the document number {number!r} is not of the kiosk's form")
    if match[1] != f"{issued_at:%Y%m%d}" or match[2] != KIND_LETTERS[kind]:
        raise FieldError(
            f"the document number {number} is not of a {kind.value} issued on {issued_at:%Y-%m-%d}"
        )
    quarters, rest = divmod(int(offset.total_seconds()), 900)
    if rest or not 0 <= quarters + _OFFSET_BIAS < 128:
        raise FieldError(f"the UTC offset {offset} is not a whole number of quarter hours within ±16 h")
    values = {
        "key": int(key_id[:4], 16),
        "kind": KIND_CODES[kind],
        "offset": quarters + _OFFSET_BIAS,
        "seconds": int(issued_at.timestamp()),
        "serial": int("".join(f"{CROCKFORD.index(c):05b}" for c in match[3]), 2),
        "digest": int(data_sha256[: 2 * DIGEST_BYTES], 16),
    }
    fields = 0
    for name, bits in _FIELDS:
        if not 0 <= values[name] < 1 << bits:  # an issue time before 1970 or after 2106
            raise FieldError(f"the {name} field ({values[name]}) does not fit the code's {bits} bits")
        fields = fields << bits | values[name]
    signed = PREFIX.encode("ascii") + _field_bytes(fields)
    signature = sign(signed + kiosk_id.encode("ascii"))
    whole = (fields << 8 * SIGNATURE_BYTES | int.from_bytes(signature)) << _PAD_BITS
    digits = [BASE32[whole >> 5 * i & 31] for i in reversed(range(_CHARACTERS))]
    return PREFIX + "".join(digits)


def decode(text: str) -> Claim | str:
    """What the code says; or, when it cannot be read, one sentence saying so."""
    text = text.strip()
    if text.startswith(LEGACY_PREFIX):
        return decode_legacy(text)
    if not text.startswith(PREFIX):
        return "This is not a Civic Kiosk verification code."
    body = text[len(PREFIX) :].upper()
    if len(body) != _CHARACTERS or any(char not in BASE32 for char in body):
        return "The verification code is damaged: it cannot be decoded."
    whole = 0
    for char in body:
        whole = whole << 5 | BASE32.index(char)
    if whole & (1 << _PAD_BITS) - 1:  # the kiosk writes zeros there: one code, one text
        return "The verification code is damaged: it cannot be decoded."
    whole >>= _PAD_BITS
    signature = (whole & (1 << 8 * SIGNATURE_BYTES) - 1).to_bytes(SIGNATURE_BYTES)
    fields = whole >> 8 * SIGNATURE_BYTES
    values: dict[str, int] = {}
    rest = fields
    for name, bits in reversed(_FIELDS):
        values[name] = rest & (1 << bits) - 1
        rest >>= bits
    if values["kind"] not in KINDS_BY_CODE:
        return "The verification code is damaged: its fields do not parse."
    kind = KINDS_BY_CODE[values["kind"]]
    zone = timezone(timedelta(minutes=15 * (values["offset"] - _OFFSET_BIAS)))
    issued_at = datetime.fromtimestamp(values["seconds"], zone)
    serial = "".join(CROCKFORD[values["serial"] >> 5 * i & 31] for i in reversed(range(10)))
    return Claim(
        key_mark=f"{values['key']:04x}",
        kind=kind,
        issued_at=issued_at,
        digest=values["digest"].to_bytes(DIGEST_BYTES),
        number=f"{issued_at:%Y%m%d}-{KIND_LETTERS[kind]}-{serial}",
        kiosk_id=None,
        signature=signature,
        signed_fields=PREFIX.encode("ascii") + _field_bytes(fields),
    )


def decode_legacy(text: str) -> Claim | str:
    """A ``CK1:`` code: base32 of key id 8 | kind 1 | seconds 4 | SHA-256 32 | number | kiosk id | sig 64."""
    encoded = text[len(LEGACY_PREFIX) :].upper()
    try:
        raw = base64.b32decode(encoded + "=" * (-len(encoded) % 8))
    except (binascii.Error, ValueError):
        return "The verification code is damaged: it cannot be decoded."
    try:
        key_id, kind_code, seconds, digest = _LEGACY_HEAD.unpack_from(raw)
        at = _LEGACY_HEAD.size
        number = raw[at + 1 : at + 1 + raw[at]].decode("ascii")
        at += 1 + raw[at]
        kiosk_id = raw[at + 1 : at + 1 + raw[at]].decode("ascii")
        at += 1 + raw[at]
        body, signature = raw[:at], raw[at:]
        if len(signature) != SIGNATURE_BYTES or kind_code not in KINDS_BY_CODE:
            raise ValueError("bad layout")
    except (struct.error, IndexError, UnicodeDecodeError, ValueError):
        return "The verification code is damaged: its fields do not parse."
    return Claim(
        key_mark=key_id.hex(),
        kind=KINDS_BY_CODE[kind_code],
        issued_at=datetime.fromtimestamp(seconds, UTC),
        digest=digest,
        number=number,
        kiosk_id=kiosk_id,
        signature=signature,
        signed_fields=LEGACY_PREFIX.encode("ascii") + body,
    )


def _field_bytes(fields: int) -> bytes:
    # 236 bits, shifted to a byte boundary: 30 bytes.
    return (fields << (-_FIELD_BITS % 8)).to_bytes((_FIELD_BITS + 7) // 8)
