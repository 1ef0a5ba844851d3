"""The self-tests a technician runs from the diagnostics screen, on the devices the citizens use,
each on its device's own worker thread.

Their results hold no personal data: a card read test says which kind of card it read and its
masked number only, and is forgotten when the technician leaves.
"""

from __future__ import annotations

import enum
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from devices.camera.base import Camera, CameraFailure
from devices.document_printer.base import DocumentPrinter, JobState, PrintJob
from devices.id_reader.base import IdReader, ReaderStatus, ReadFailure
from devices.receipt_printer.base import ReceiptOutcome, ReceiptPrinter
from devices.voice.base import Voice
from kiosk.config import KioskIdentity
from kiosk.documents.printer_test_page import a4_test_page_pdf
from kiosk.documents.receipt import build_test_receipt
from kiosk.identity import mask_id_number


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


# -- the tests themselves, each run on its device's worker thread -------------------------------------

TestOutcome = tuple[bool, str, str]
"""How a self-test went: passed, the device's status word, the device's own sentence."""


def print_test_slip(
    printer: ReceiptPrinter, kiosk: KioskIdentity, paper_width_mm: Literal[58, 80], now: datetime
) -> TestOutcome:

    result = printer.print_receipt(build_test_receipt(kiosk, printed_at=now, paper_width_mm=paper_width_mm))
    passed = result.outcome is ReceiptOutcome.PRINTED
    detail = result.detail or ("A test slip was printed." if passed else "The test slip did not print.")
    return passed, result.status.value, detail


def print_test_page(printer: DocumentPrinter, now: datetime) -> TestOutcome:

    job = PrintJob(job_id=f"self-test-{now:%Y%m%d-%H%M%S}", pdf=a4_test_page_pdf(), pages=1)
    result = printer.print_pdf(job)
    printer.release(job.job_id)
    passed = result.state is JobState.COMPLETED
    detail = result.detail or ("A test page was printed." if passed else "The test page did not print.")
    return passed, result.status.value, detail


CARD_NAMES = {
    "resident_id": "a resident ID card",
    "residence_permit_hmt": "a residence permit (Hong Kong, Macao, Taiwan)",
    "social_security": "a social security card",
    "foreign_permanent_2017": "a foreigner's permanent residence card (2017)",
    "foreign_permanent_2023": "a foreigner's permanent residence card (2023)",
}


CARD_TEST_SLICE = 0.5
"""The card test waits for a card this long at a time, so a technician who leaves mid-test frees the
reader within half a second: a card placed by a citizen after that is read by the citizen's
session, not by the test (whose result would be dropped, and a GA/T 467 reader does not find a
card it has read until it is placed again)."""


def read_test_card(
    reader: IdReader, seconds: float = CARD_TEST_SECONDS, stop: threading.Event | None = None
) -> TestOutcome:

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


def take_test_pictures(camera: Camera, seconds: float = CAMERA_TEST_SECONDS) -> TestOutcome:

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


def say_test_sentence(voice: Voice) -> TestOutcome:
    voice.say(VOICE_TEST_SENTENCE)
    status = voice.status()
    return status.value == "ready", status.value, f"{voice.description}: {status.value}."
