"""The demo's scenarios: who comes, for what, and what goes wrong on the way.

Every service is played in normal mode and in 长辈模式; then every fault path and a technician's
visit. ``expect`` is how the scenario should end: the session's outcome (of the reprint's visit, for a
scenario that comes back with its code), or what a visit that never became a session ends in
(``unavailable``, ``diagnostics_left``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from devices.camera.mock import CameraFault
from devices.document_printer.base import DocumentPrinterStatus
from devices.document_printer.mock import DocumentFault
from devices.id_reader.base import CardType
from devices.id_reader.mock import ReaderFault
from devices.receipt_printer.mock import ReceiptFault
from kiosk.config import KioskConfig
from kiosk.demo.people import (
    CARD_VALID_UNTIL,
    DEMO_CALLBACK_NUMBER,
    LI_YAN,
    LIU_XIUYING,
    MA_XIAOYAN,
    MARIE,
    NOT_IN_REGISTRY,
    ZHANG_WEI,
    ZHAO_JIANGUO,
)
from kiosk.face.base import FaceVerdict
from kiosk.journey import JourneyState
from kiosk.self_tests import SelfTest

S = JourneyState


@dataclass(frozen=True)
class Scenario:
    """One visit: who comes, for what, and what goes wrong."""

    name: str
    title: str
    service: str
    person: str = ZHANG_WEI
    elderly: bool = False  # taps 长辈模式 on the home screen
    language: str = "zh_CN"
    card_valid_until: date | None = CARD_VALID_UNTIL
    card_type: CardType = CardType.RESIDENT_ID
    reader_faults: tuple[ReaderFault, ...] = ()
    card_read_seconds: float = 0.0  # a slow card: the identify screen shows "reading your card"
    camera_fault: CameraFault | None = None
    face_verdicts: tuple[FaceVerdict, ...] = ()  # scripted attempts that fail before one passes
    document_fault: DocumentFault | None = None
    document_printer_status: DocumentPrinterStatus | None = None
    receipt_fault: ReceiptFault | None = None
    idle_in: JourneyState | None = None  # the citizen walks away here
    cancel_in: JourneyState | None = None
    business_choice: int = 0
    copies: int = 1
    self_tests: tuple[SelfTest, ...] = ()  # a technician's visit: the PIN pad, then these self-tests
    help_in: JourneyState | None = None  # taps 一键求助 here, waits a while, closes the card
    card_left_seconds: float = 0.0  # leaves the card on the reader this long before taking it
    rating: int | None = None  # the level given (None: 5 for a completed visit, else 3)
    reasons: tuple[str, ...] = ()  # a poor rating's reasons (RatingReason values)
    callback_number: str | None = None  # a made-up number left for the call back
    reprint: bool = False  # comes back later with the visit's reprint code (补打), a slip of the finger first
    expect: str = "completed"


def scenarios(config: KioskConfig) -> list[Scenario]:
    """Every scenario the demo plays, in order, for the services of ``config``."""
    out: list[Scenario] = []
    for service in config.services:
        person = ZHAO_JIANGUO if service.template == "business_license" else ZHANG_WEI
        out.append(
            Scenario(f"{service.id}", f"{service.title_zh}: the whole journey", service.id, person, copies=2)
        )
        out.append(
            Scenario(
                f"{service.id}-elderly",
                f"{service.title_zh} in 长辈模式 (82-year-old card holder, offered automatically)",
                service.id,
                LIU_XIUYING if service.template != "business_license" else ZHAO_JIANGUO,
                elderly=service.template == "business_license",
            )
        )
    first = config.services[0].id
    out += [
        Scenario("english", "The whole journey in English, 李䶮", first, LI_YAN, language="en"),
        Scenario(
            "foreigner-english",
            "A foreigner's permanent residence card (2023) in English, 玛丽",
            first,
            MARIE,
            language="en",
            card_type=CardType.FOREIGN_PERMANENT_2023,
        ),
        Scenario(
            "no-credit-history",
            "Credit report of someone with no credit history",
            "credit_report",
            MA_XIAOYAN,
        ),
        Scenario(
            "expired-card",
            "An expired ID card is refused",
            first,
            card_valid_until=date(2024, 1, 1),
            expect="refused_card",
        ),
        Scenario(
            "card-pulled",
            "A slow card is pulled mid-read, then placed again",
            first,
            reader_faults=(ReaderFault.CARD_PULLED_MID_READ,),
            card_read_seconds=0.3,
        ),
        Scenario(
            "reader-unplugged",
            "The card reader vanishes",
            first,
            reader_faults=(ReaderFault.UNPLUGGED,),
            expect="device_fault",
        ),
        Scenario(
            "camera-frozen",
            "The camera freezes during the face check",
            first,
            camera_fault=CameraFault.FROZEN,
            expect="device_fault",
        ),
        Scenario(
            "face-check-failed",
            "Three failed face checks: a polite refusal",
            first,
            face_verdicts=(FaceVerdict.NO_MATCH, FaceVerdict.LIVENESS_FAILED, FaceVerdict.NO_MATCH),
            expect="face_check_failed",
        ),
        Scenario(
            "face-check-second-try",
            "The face check passes on the second attempt",
            first,
            face_verdicts=(FaceVerdict.NO_MATCH,),
        ),
        Scenario(
            "not-in-registry",
            "Someone the registry has no record of",
            first,
            NOT_IN_REGISTRY,
            expect="no_record",
        ),
        Scenario(
            "a4-paper-out",
            "The A4 paper runs out mid-job: a reprint code",
            first,
            document_fault=DocumentFault.PAPER_OUT_MID_JOB,
            expect="device_fault",
        ),
        Scenario(
            "reprint-by-code",
            "补打: the paper runs out after the first sheet of two copies; later that evening, the paper"
            " refilled, the code (mistyped once) prints the rest",
            first,
            document_fault=DocumentFault.PAPER_OUT_MID_JOB,
            copies=2,
            rating=4,
            reprint=True,
        ),
        Scenario(
            "a4-offline",
            "The A4 printer is offline: its services are greyed out",
            first,
            document_printer_status=DocumentPrinterStatus.OFFLINE,
            expect="unavailable",
        ),
        Scenario(
            "receipt-silent",
            "The receipt printer stops answering: the documents still print",
            first,
            receipt_fault=ReceiptFault.SILENT,
        ),
        Scenario(
            "idle-at-intro",
            "The citizen walks away at the consent screen",
            first,
            idle_in=S.INTRO,
            expect="timed_out",
        ),
        Scenario(
            "idle-at-preview",
            "The citizen walks away at the preview",
            first,
            idle_in=S.PREVIEW,
            expect="timed_out",
        ),
        Scenario(
            "cancel-at-preview",
            "The citizen ends the session at the preview",
            first,
            cancel_in=S.PREVIEW,
            expect="cancelled",
        ),
        Scenario(
            "help-at-night",
            "一键求助 after hours: the duty phone and the kiosk's number, the visit held meanwhile",
            first,
            help_in=S.PREVIEW,
        ),
        Scenario(
            "cancel-card-left",
            "The citizen ends the session at the preview and leaves the card: the kiosk waits for it",
            first,
            cancel_in=S.PREVIEW,
            card_left_seconds=10.0,
            expect="cancelled",
        ),
        Scenario(
            "poor-rating",
            "非常不满意 after a failed face check: the reasons, and a call back to a made-up number",
            first,
            face_verdicts=(FaceVerdict.NO_MATCH, FaceVerdict.NO_MATCH, FaceVerdict.NO_MATCH),
            rating=1,
            reasons=("face_check_failed", "hard_to_use"),
            callback_number=DEMO_CALLBACK_NUMBER,
            expect="face_check_failed",
        ),
        Scenario(
            "several-businesses",
            "Choosing which of several businesses",
            "business_license",
            ZHAO_JIANGUO,
            business_choice=1,
        ),
        Scenario(
            "technician",
            "A technician opens the diagnostics screen (a wrong PIN first) and runs three self-tests",
            first,
            self_tests=(SelfTest.CARD, SelfTest.RECEIPT, SelfTest.VOICE),
            expect="diagnostics_left",
        ),
    ]
    return out


@dataclass
class ScenarioResult:
    """How a scenario ended, and the states it passed (each once in a row)."""

    scenario: Scenario
    outcome: str
    states: list[str] = field(default_factory=list)

    @property
    def as_expected(self) -> bool:
        return self.outcome == self.scenario.expect
