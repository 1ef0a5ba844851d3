"""The technician's PIN: how it is stored (an scrypt hash), checked, and locked after wrong tries.

A technician opens the diagnostics screen on the touchscreen itself (holding the top-left corner,
then a PIN) when no citizen is being served. The PIN is stored only as an scrypt hash in the
configuration (``kiosk technician-pin`` makes the line for ``[technician] pin_hash``); five wrong
PINs in a row lock the pad for ten minutes. Every attempt is an audit event, never with the digits
typed.

This module stands alone (the standard library only), so the configuration can check a stored
hash without pulling in the self-tests, the documents or the devices.
"""

from __future__ import annotations

import base64
import binascii
import enum
import hashlib
import hmac
import itertools
import os
import re
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    from kiosk.clock import Clock

PIN_LENGTHS = range(6, 13)
"""A technician's PIN: 6 to 12 digits."""
PIN_TRIES = 5
"""Wrong PINs in a row before the pad locks."""
PIN_LOCK_SECONDS = 600.0
"""How long the pad stays locked: long enough that guessing 6 digits takes years."""

# scrypt's cost, set for the kiosk's class of machine (2 cores; python -m tests.bench privacy
# measures it): 64 MiB and about 0.4 s per check. A technician waits that long once per visit; a
# stolen configuration file costs a thief as much per PIN tried, and the memory makes trying many
# at once on a GPU no cheaper. The cost is written into each line (scrypt$N$r$p$…), so lines made
# before (N = 2^14, about 0.07 s) keep working until they are made again.
_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**16, 8, 1
_HASH_FORMAT = re.compile(r"^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$")
_MAX_MEMORY = 256 * 1024 * 1024  # what a stored cost may ask of scrypt before the check refuses it


def is_pin(text: str) -> bool:
    return text.isascii() and text.isdigit() and len(text) in PIN_LENGTHS


class PinWeakness(enum.StrEnum):
    """Why a new PIN is refused: the first PINs anyone tries (the sentence ends "is too easy to guess")."""

    REPEATS = "it repeats a short run of digits (such as 111111, 121212 or 123123)"
    SEQUENCE = "its digits go up or down in steps (such as 123456, 654321 or 135791)"
    DATE = "it reads as a date, such as a birthday (19850312, 850312, 120385 or 198503)"


_DATE_FORMATS = {
    6: ("%y%m%d", "%d%m%y", "%m%d%y", "%Y%m", "%m%Y"),
    8: ("%Y%m%d", "%d%m%Y", "%m%d%Y"),
}


def pin_weakness(pin: str) -> PinWeakness | None:
    """What makes ``pin`` (already :func:`is_pin`) one of the first guesses, or None.

    `kiosk technician-pin` refuses these: about one 6-digit PIN in eleven (87,214), nearly all of
    them dates. Of the 912,786 left, five tries before the lock give a guesser at the pad one
    chance in 180,000 per ten minutes.
    """
    length = len(pin)
    if any(pin == pin[:size] * (length // size) for size in range(1, length // 2 + 1) if length % size == 0):
        return PinWeakness.REPEATS
    steps = {(int(b) - int(a)) % 10 for a, b in itertools.pairwise(pin)}
    if len(steps) == 1:
        return PinWeakness.SEQUENCE
    for pattern in _DATE_FORMATS.get(length, ()):
        try:
            when = datetime.strptime(pin, pattern)
        except ValueError:
            continue
        if 1900 <= when.year <= 2099:
            return PinWeakness.DATE
    return None


def hash_pin(pin: str, *, salt: bytes | None = None) -> str:
    """The line stored in the configuration for ``pin``: ``scrypt$N$r$p$salt$hash``."""
    if not is_pin(pin):
        raise ValueError(f"a PIN is {PIN_LENGTHS.start} to {PIN_LENGTHS.stop - 1} digits")
    salt = salt if salt is not None else os.urandom(16)
    digest = hashlib.scrypt(
        pin.encode(), salt=salt, n=_SCRYPT_N, r=_SCRYPT_R, p=_SCRYPT_P, dklen=32, maxmem=_MAX_MEMORY
    )
    encode = base64.b64encode
    return f"scrypt${_SCRYPT_N}${_SCRYPT_R}${_SCRYPT_P}${encode(salt).decode()}${encode(digest).decode()}"


@dataclass(frozen=True, slots=True)
class PinHash:
    """A stored hash, read: scrypt's cost (N, r, p), the salt and the digest."""

    n: int
    r: int
    p: int
    salt: bytes
    digest: bytes

    @classmethod
    def parse(cls, stored: str) -> PinHash | None:
        """The hash in a stored line; None when the line is not one :func:`hash_pin` makes."""
        match = _HASH_FORMAT.match(stored)
        if match is None:
            return None
        n, r, p = (int(match.group(i)) for i in (1, 2, 3))
        try:
            salt, digest = (base64.b64decode(match.group(i), validate=True) for i in (4, 5))
        except binascii.Error:
            return None
        return cls(n, r, p, salt, digest)

    def matches(self, pin: str) -> bool:
        digest = hashlib.scrypt(
            pin.encode(), salt=self.salt, n=self.n, r=self.r, p=self.p, dklen=len(self.digest),
            maxmem=_MAX_MEMORY,
        )  # fmt: skip
        return hmac.compare_digest(digest, self.digest)


def check_pin_hash(stored: str) -> None:
    """Raise ValueError with a sentence when ``stored`` is not a hash that :func:`hash_pin` makes."""
    parsed = PinHash.parse(stored)
    if parsed is None:
        raise ValueError("expected the line `kiosk technician-pin` prints (scrypt$N$r$p$salt$hash)")
    n, r, p = parsed.n, parsed.r, parsed.p
    if n < 2**14 or n & (n - 1) or not 1 <= r <= 32 or not 1 <= p <= 16:
        raise ValueError("the scrypt cost is too low or not a power of two: make a new line")


class PinCheck(enum.StrEnum):
    ACCEPTED = "accepted"
    WRONG = "wrong"
    LOCKED = "locked"  # too many wrong PINs: the pad is shut for a while
    NOT_SET = "not_set"  # no PIN in the configuration: the diagnostics screen is closed
    NOT_NOW = "not_now"  # a citizen is being served: it opens only from attract, home, out of service


class PinLock:
    """Checks technicians' PINs; :data:`PIN_TRIES` wrong in a row lock it for :data:`PIN_LOCK_SECONDS`."""

    def __init__(self, stored: str | None, clock: Clock) -> None:
        self._stored = stored
        self._clock = clock
        self._wrong = 0
        self._locked_until: float | None = None

    @property
    def is_set(self) -> bool:
        return self._stored is not None

    def resume(self, tries: Sequence[tuple[datetime, str]], now: datetime) -> None:
        """Carry on from the PIN tries recorded before a restart (``(when, PinCheck value)``, oldest
        first): a lock still running stays, and wrong tries since the last accepted one still
        count, so pulling the plug does not give five more guesses."""
        wrong, locked_at = 0, None
        for at, outcome in tries:
            if outcome == PinCheck.ACCEPTED:
                wrong, locked_at = 0, None
            elif outcome == PinCheck.WRONG:
                wrong += 1
            elif outcome == PinCheck.LOCKED and wrong:  # the try that locked the pad
                wrong, locked_at = 0, at
        self._wrong = wrong
        if locked_at is not None:
            left = (locked_at - now).total_seconds() + PIN_LOCK_SECONDS
            if left > 0:
                self._locked_until = self._clock.monotonic() + min(left, PIN_LOCK_SECONDS)

    def locked_for(self) -> float:
        """Seconds until the pad opens again (0 when it is open)."""
        if self._locked_until is None:
            return 0.0
        left = self._locked_until - self._clock.monotonic()
        if left <= 0:
            self._locked_until = None
            return 0.0
        return left

    def check(self, pin: str) -> PinCheck:
        if self._stored is None:
            return PinCheck.NOT_SET
        if self.locked_for() > 0:
            return PinCheck.LOCKED
        stored = PinHash.parse(self._stored)
        if is_pin(pin) and stored is not None and stored.matches(pin):
            self._wrong = 0
            return PinCheck.ACCEPTED
        self._wrong += 1
        if self._wrong >= PIN_TRIES:
            self._wrong = 0
            self._locked_until = self._clock.monotonic() + PIN_LOCK_SECONDS
            return PinCheck.LOCKED
        return PinCheck.WRONG
