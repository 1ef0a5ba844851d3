"""The technician's side of the kiosk: the PIN that opens the diagnostics screen, the self-tests
run from it, and what it shows.

A technician opens the diagnostics screen on the touchscreen itself (holding the top-left corner,
then a PIN) when no citizen is being served: on the attract, home or out-of-service screen. The
PIN is stored only as an scrypt hash in the configuration (``kiosk maintenance-pin`` makes the
line); five wrong PINs in a row lock the pad for ten minutes. Every attempt is an audit event,
never with the digits typed.

The self-tests use the devices the citizens use, on their own worker threads. Their results hold
no personal data: a card read test says which kind of card it read and its masked number only, and
is forgotten when the technician leaves.
"""

from __future__ import annotations

import base64
import enum
import hashlib
import hmac
import os
import re
import threading
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from collections.abc import Sequence

    from devices.camera.base import Camera
    from devices.document_printer.base import DocumentPrinter
    from devices.id_reader.base import IdReader
    from devices.receipt_printer.base import ReceiptPrinter
    from devices.voice.base import Voice
    from kiosk.clock import Clock
    from kiosk.config import KioskIdentity
    from kiosk.readiness import ReadinessReport
    from kiosk.recent_log import LogEntry

PIN_LENGTHS = range(6, 13)
"""A technician's PIN: 6 to 12 digits."""
PIN_TRIES = 5
"""Wrong PINs in a row before the pad locks."""
PIN_LOCK_SECONDS = 600.0
"""How long the pad stays locked: long enough that guessing 6 digits takes years."""

# scrypt's cost: about 50 ms on one core here, so a PIN check is a tap's worth of time and a
# stolen configuration file costs an attacker that much per guess.
_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**14, 8, 1
_HASH_FORMAT = re.compile(r"^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$")


def is_pin(text: str) -> bool:
    return text.isascii() and text.isdigit() and len(text) in PIN_LENGTHS


def hash_pin(pin: str, *, salt: bytes | None = None) -> str:
    """The line stored in the configuration for ``pin``: ``scrypt$N$r$p$salt$hash``."""
    if not is_pin(pin):
        raise ValueError(f"a PIN is {PIN_LENGTHS.start} to {PIN_LENGTHS.stop - 1} digits")
    salt = salt if salt is not None else os.urandom(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=_SCRYPT_N, r=_SCRYPT_R, p=_SCRYPT_P, dklen=32)
    encode = base64.b64encode
    return f"scrypt${_SCRYPT_N}${_SCRYPT_R}${_SCRYPT_P}${encode(salt).decode()}${encode(digest).decode()}"


def _parsed(stored: str) -> tuple[int, int, int, bytes, bytes] | None:
    """scrypt's N, r, p, the salt and the digest of a stored line; None when it is not one."""
    match = _HASH_FORMAT.match(stored)
    if match is None:
        return None
    n, r, p = (int(match.group(i)) for i in (1, 2, 3))
    return n, r, p, base64.b64decode(match.group(4)), base64.b64decode(match.group(5))


def check_pin_hash(stored: str) -> None:
    """Raise ValueError with a sentence when ``stored`` is not a hash that :func:`hash_pin` makes."""
    parsed = _parsed(stored)
    if parsed is None:
        raise ValueError("expected the line `kiosk maintenance-pin` prints (scrypt$N$r$p$salt$hash)")
    n, r, p, _, _ = parsed
    if n < 2**14 or n & (n - 1) or not 1 <= r <= 32 or not 1 <= p <= 16:
        raise ValueError("the scrypt cost is too low or not a power of two: make a new line")


def _matches(pin: str, stored: str) -> bool:
    parsed = _parsed(stored)
    if parsed is None:
        return False
    n, r, p, salt, expected = parsed
    digest = hashlib.scrypt(
        pin.encode(), salt=salt, n=n, r=r, p=p, dklen=len(expected), maxmem=256 * 1024 * 1024
    )
    return hmac.compare_digest(digest, expected)


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
        if is_pin(pin) and _matches(pin, self._stored):
            self._wrong = 0
            return PinCheck.ACCEPTED
        self._wrong += 1
        if self._wrong >= PIN_TRIES:
            self._wrong = 0
            self._locked_until = self._clock.monotonic() + PIN_LOCK_SECONDS
            return PinCheck.LOCKED
        return PinCheck.WRONG


class SelfTest(enum.StrEnum):
    """What the diagnostics screen can try. The two refills record the refill, then print."""

    RECEIPT = "receipt"  # print the test slip
    A4_PAGE = "a4_page"  # print the A4 test page
    RECEIPT_REFILLED = "receipt_refilled"
    A4_REFILLED = "a4_refilled"
    CARD = "card"  # read a card placed within the time
    CAMERA = "camera"  # take pictures for a second
    VOICE = "voice"  # say a sentence


CARD_TEST_SECONDS = 15.0
CAMERA_TEST_SECONDS = 1.0
VOICE_TEST_SENTENCE = "语音测试：请把身份证放在读卡区。"


@dataclass(frozen=True, slots=True)
class SelfTestResult:
    """How one self-test went, in the technician's terms. ``detail`` is the device's own
    sentence (English, as the adapters write it); ``status`` its status word."""

    test: SelfTest
    passed: bool
    status: str
    detail: str
    at: datetime


@dataclass(frozen=True, slots=True)
class MaintenanceView:
    """What the diagnostics screen shows."""

    report: ReadinessReport | None  # None until the first report is made (a moment)
    running: SelfTest | None = None
    results: tuple[SelfTestResult, ...] = ()  # the newest first
    sessions_today: tuple[tuple[str, int], ...] = ()  # (outcome, count), most common first
    problems: tuple[LogEntry, ...] = ()  # the kiosk's latest warnings and errors, the newest first


# -- the tests themselves, each run on its device's worker thread -------------------------------------

Outcome = tuple[bool, str, str]  # passed, status, detail


def print_test_slip(
    printer: ReceiptPrinter, kiosk: KioskIdentity, paper_width_mm: Literal[58, 80], now: datetime
) -> Outcome:
    from devices.receipt_printer.base import ReceiptOutcome
    from kiosk.documents.receipt import build_test_receipt

    result = printer.print_receipt(build_test_receipt(kiosk, printed_at=now, paper_width_mm=paper_width_mm))
    passed = result.outcome is ReceiptOutcome.PRINTED
    detail = result.detail or ("A test slip was printed." if passed else "The test slip did not print.")
    return passed, result.status.value, detail


def print_test_page(printer: DocumentPrinter, now: datetime) -> Outcome:
    from devices.document_printer.base import JobState, PrintJob
    from kiosk.documents.printer_test_page import a4_test_page_pdf

    job = PrintJob(job_id=f"maintenance-test-{now:%Y%m%d-%H%M%S}", pdf=a4_test_page_pdf(), pages=1)
    result = printer.print_pdf(job)
    passed = result.state is JobState.COMPLETED
    detail = result.detail or ("A test page was printed." if passed else "The test page did not print.")
    return passed, result.status.value, detail


CARD_NAMES = {
    "resident_id": "a resident ID card",
    "residence_permit_hmt": "a residence permit (Hong Kong, Macao, Taiwan)",
    "social_security": "a social security card",
}


CARD_TEST_SLICE = 0.5
"""The card test waits for a card this long at a time, so a technician who leaves mid-test frees the
reader within half a second: a card placed by a citizen after that is read by the citizen's
session, not by the test (whose result would be dropped, and a GA/T 467 reader does not find a
card it has read until it is placed again)."""


def read_test_card(
    reader: IdReader, seconds: float = CARD_TEST_SECONDS, stop: threading.Event | None = None
) -> Outcome:
    import time

    from devices.id_reader.base import ReaderStatus, ReadFailure
    from kiosk.identity import mask_id_number

    deadline = time.monotonic() + seconds
    while True:
        left = deadline - time.monotonic()
        if stop is not None and stop.is_set():
            return False, "stopped", "The technician left before a card was read."
        result = reader.read(max(0.0, min(CARD_TEST_SLICE, left)))
        no_card_yet = (
            isinstance(result, ReadFailure)
            and result.status is ReaderStatus.NO_CARD
            and not result.card_pulled
        )
        if not no_card_yet or left <= CARD_TEST_SLICE:
            break
    if isinstance(result, ReadFailure):
        return False, result.status.value, result.detail or f"No card was read ({result.status.value})."
    masked = mask_id_number(result.id_number)
    return True, "ready", f"Read {CARD_NAMES[result.card_type]}, number {masked}."


def take_test_pictures(camera: Camera, seconds: float = CAMERA_TEST_SECONDS) -> Outcome:
    import time

    from devices.camera.base import CameraFailure

    frames, size, started = 0, "", time.monotonic()
    while time.monotonic() - started < seconds:
        result = camera.read_frame(1.0)
        if isinstance(result, CameraFailure):
            return False, result.status.value, result.detail or "The camera gave no picture."
        frames += 1
        height, width = result.image.shape[:2]
        size = f"{width}×{height}"
        # the picture itself is dropped here: a technician's face is not kept either
    elapsed = max(1e-6, time.monotonic() - started)
    return (
        True,
        "ready",
        f"{frames} pictures of {size} in {elapsed:.1f} s ({frames / elapsed:.0f} per second).",
    )


def say_test_sentence(voice: Voice) -> Outcome:
    voice.say(VOICE_TEST_SENTENCE)
    status = voice.status()
    return status.value == "ready", status.value, f"{voice.description}: {status.value}."
