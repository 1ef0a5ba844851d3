"""Identity rules: ID numbers, card validity, age, masking, keyed hashes.

- ID number check digit: GB 11643-1999 (ISO 7064 MOD 11-2). Digits 7–14 are
  the birth date; the 17th digit is odd for men, even for women.
- The number's form depends on the card (``number_problems``): the resident ID card and the
  residence permit carry a GB 11643 number; the 2023 foreigner's permanent residence card an
  18-character number starting with 9 with the same check digit; the 2017 one 15 characters — the
  holder's nationality (ISO 3166 alpha-3) and 12 digits, with no check digit to verify.
- Unified social credit code: GB 32100-2015.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import date

from argon2.low_level import Type, hash_secret_raw

from devices.id_reader.base import CardType, IdentityRecord

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"
_ID_SHAPE = re.compile(r"^\d{17}[\dX]$")
_FOREIGN_2017_SHAPE = re.compile(r"^[A-Z]{3}\d{12}$")

CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

ELDERLY_AGE = 60
"""Elderly-assist mode is offered to card holders of this age and over."""


def id_check_char(first17: str) -> str:
    """The check character for the first 17 digits of an ID number."""
    if len(first17) != 17 or not first17.isdigit():
        raise ValueError("an ID number body is 17 digits")
    total = sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK_CHARS[total % 11]


def id_number_valid(number: str) -> bool:
    """True for an 18-character ID number whose check character is right."""
    number = number.upper()
    return bool(_ID_SHAPE.match(number)) and id_check_char(number[:17]) == number[17]


def birth_date_of(number: str) -> date | None:
    """The birth date an ID number carries, or None if it is not a real date."""
    try:
        return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


def sex_of(number: str) -> str:
    """男 or 女, from the 17th digit."""
    return "男" if int(number[16]) % 2 == 1 else "女"


def age_on(birth: date, today: date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def mask_id_number(number: str) -> str:
    """Keep the first 4 and last 4 characters: ``6301**********123X``.

    The receipt's form, on paper the citizen takes away. It is never stored: with the birth
    date or the issuing office beside it, few numbers fit (see ``kiosk read-id``)."""
    if len(number) <= 8:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def mask_name(name: str) -> str:
    """Keep the first character: ``张*``, ``欧**``."""
    if not name:
        return ""
    return name[0] + "*" * max(1, len(name) - 1)


def credit_code_check_char(first17: str) -> str:
    if len(first17) != 17 or any(c not in CREDIT_CODE_ALPHABET for c in first17):
        raise ValueError("a credit code body is 17 characters of the GB 32100 alphabet")
    total = sum(CREDIT_CODE_ALPHABET.index(c) * w for c, w in zip(first17, CREDIT_CODE_WEIGHTS, strict=True))
    return CREDIT_CODE_ALPHABET[(31 - total % 31) % 31]


def credit_code_valid(code: str) -> bool:
    """True for an 18-character unified social credit code with the right check character."""
    code = code.upper()
    if len(code) != 18 or any(c not in CREDIT_CODE_ALPHABET for c in code):
        return False
    return credit_code_check_char(code[:17]) == code[17]


class Problem(enum.StrEnum):
    """What can be wrong with a card, as plain sentences. Stable: the CLI prints them."""

    BAD_CHECK_DIGIT = "bad check digit"
    EXPIRED = "expired"
    NOT_YET_VALID = "not yet valid"
    BIRTH_DATE_DISAGREES = "number disagrees with birth date"
    SEX_DISAGREES = "number disagrees with sex"
    NUMBER_NOT_OF_ITS_CARD = "number not of its card's form"


def number_problems(record: IdentityRecord) -> list[Problem]:
    """What is wrong with the card's number, judged by the form its kind of card uses."""
    number = record.id_number.upper()
    kind = record.card_type
    if kind is CardType.FOREIGN_PERMANENT_2017:
        # No check digit: the form, and the nationality the number starts with.
        if not _FOREIGN_2017_SHAPE.match(number) or (
            record.nationality is not None and number[:3] != record.nationality
        ):
            return [Problem.NUMBER_NOT_OF_ITS_CARD]
        return []
    if kind is CardType.FOREIGN_PERMANENT_2023:
        if not number.startswith("9"):
            return [Problem.NUMBER_NOT_OF_ITS_CARD]
        return [] if id_number_valid(number) else [Problem.BAD_CHECK_DIGIT]
    if not id_number_valid(number):
        return [Problem.BAD_CHECK_DIGIT]
    problems: list[Problem] = []
    if record.birth_date is not None and birth_date_of(number) != record.birth_date:
        problems.append(Problem.BIRTH_DATE_DISAGREES)
    if record.sex in ("男", "女") and sex_of(number) != record.sex:
        problems.append(Problem.SEX_DISAGREES)
    return problems


def card_problems(record: IdentityRecord, today: date) -> list[Problem]:
    """Everything wrong with a card read, as stable short phrases (empty: all good)."""
    problems = number_problems(record)
    if record.valid_from is not None and record.valid_from > today:
        problems.append(Problem.NOT_YET_VALID)
    if record.valid_until is not None and record.valid_until < today:
        problems.append(Problem.EXPIRED)
    return problems


@dataclass(frozen=True, slots=True)
class HashCost:
    """Argon2id's cost for one identity hash: memory (KiB), passes and lanes."""

    memory_kib: int
    passes: int
    lanes: int = 1


HASH_COST = HashCost(memory_kib=64 * 1024, passes=2)
"""About 0.2 s and 64 MiB per hash on the kiosk's class of machine (2 cores; ``python -m tests.bench
privacy`` measures it): paid once per card read, and by a thief once per number tried."""
HASH_BITS = 20
"""What is kept of each hash. 2^20 values are few enough that every hash is shared by many possible
ID numbers (≈ 26 in one county, ≈ 770 in one prefecture: see docs/operations.md), and many enough
that two different visitors rarely share one (about N²/2^21 false repeats among N visitors)."""
HASH_VERSION = "t1"
"""Stored before the hash: a hash made another way is never compared with this one."""
_HASH_SALT = b"civic-kiosk identity hash t1"
SECRET_BYTES = 32


class IdentityHasher:
    """The repeat-use hash of an ID number: short, keyed and memory-hard.

    ``HMAC-SHA256(secret, number)`` keys it (without the kiosk's secret nothing can be tried at
    all); Argon2id over that makes every number a thief tries cost :data:`HASH_COST`; and only
    :data:`HASH_BITS` of the result are kept, so even a thief holding the secret and unlimited
    time finds many numbers behind every hash, never one. Repeat use is still counted: the same
    number always gives the same hash on this kiosk.
    """

    def __init__(self, secret: bytes, cost: HashCost = HASH_COST) -> None:
        if len(secret) < SECRET_BYTES:
            raise ValueError(f"the identity hash secret must be at least {SECRET_BYTES} bytes")
        self._secret = secret
        self._cost = cost

    def __repr__(self) -> str:
        return "IdentityHasher(<secret hidden>)"

    def hash(self, id_number: str) -> str:
        """``t1:`` and 5 hex digits. Costs :data:`HASH_COST`: keep it off the GUI thread."""
        keyed = hmac.new(self._secret, id_number.upper().encode("utf-8"), hashlib.sha256).digest()
        stretched = hash_secret_raw(
            keyed,
            _HASH_SALT,
            time_cost=self._cost.passes,
            memory_cost=self._cost.memory_kib,
            parallelism=self._cost.lanes,
            hash_len=16,
            type=Type.ID,
        )
        kept = int.from_bytes(stretched[:4], "big") >> (32 - HASH_BITS)
        return f"{HASH_VERSION}:{kept:0{(HASH_BITS + 3) // 4}x}"
