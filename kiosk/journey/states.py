"""Journey states, outcomes, notices and the named timeouts.

attract → home → intro (consent) → identify → [elderly offer] → [face check]
  → [choose business] → fetching → preview → printing → receipt
  → reminders → rating → goodbye → attract
any step of a session → notice (what happened, what to do) → attract
any step → out of service → attract
attract, home or out of service → maintenance (technician, with the PIN) → attract
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class JourneyState(enum.StrEnum):
    ATTRACT = "attract"
    HOME = "home"
    INTRO = "intro"
    IDENTIFY = "identify"
    ELDERLY_OFFER = "elderly_offer"
    FACE_CHECK = "face_check"
    CHOOSE_BUSINESS = "choose_business"
    FETCHING = "fetching"
    PREVIEW = "preview"
    PRINTING = "printing"
    RECEIPT = "receipt"
    REMINDERS = "reminders"
    RATING = "rating"
    GOODBYE = "goodbye"
    NOTICE = "notice"
    OUT_OF_SERVICE = "out_of_service"
    MAINTENANCE = "maintenance"  # the technicians' diagnostics screen


MAINTENANCE_FROM = frozenset({JourneyState.ATTRACT, JourneyState.HOME, JourneyState.OUT_OF_SERVICE})
"""Where a technician's PIN opens the diagnostics screen: no citizen is being served."""


class Outcome(enum.StrEnum):
    """How a session ended. Every session ends in exactly one."""

    COMPLETED = "completed"
    CANCELLED = "cancelled"
    TIMED_OUT = "timed_out"
    DEVICE_FAULT = "device_fault"  # with the device named in the session record
    SOURCE_FAULT = "source_fault"  # the document source failed or did not answer
    REFUSED_CARD = "refused_card"  # expired, not yet valid, or inconsistent card
    FACE_CHECK_FAILED = "face_check_failed"
    NO_FACE_REFERENCE = "no_face_reference"  # nothing to compare the face with
    NO_RECORD = "no_record"  # the source has nothing for this person
    INTERNAL_ERROR = "internal_error"


class NoticeReason(enum.StrEnum):
    """Why the notice screen is shown; each has a sentence in kiosk.messages."""

    TIMED_OUT = "timed_out"
    CARD_REFUSED = "card_refused"
    CARD_UNREADABLE = "card_unreadable"
    DEVICE_FAULT = "device_fault"
    SOURCE_FAULT = "source_fault"
    NO_RECORD = "no_record"
    NO_BUSINESS = "no_business"
    FACE_CHECK_FAILED = "face_check_failed"
    NO_FACE_REFERENCE = "no_face_reference"
    PRINT_FAILED = "print_failed"
    INTERNAL_ERROR = "internal_error"


@dataclass(frozen=True, slots=True)
class Notice:
    """What the notice screen says: the reason, the device or source concerned, details."""

    reason: NoticeReason
    device: str | None = None  # id_reader, camera, document_printer, receipt_printer, registry, gateway
    status: str | None = None  # the device's status when it failed (paper_out, offline …)
    card_problem: str | None = None  # for CARD_REFUSED: expired, not yet valid …
    reprint_code: str | None = None  # for PRINT_FAILED: show it at a staffed window


class TimeoutKind(enum.Enum):
    IDLE = "idle"  # the citizen's turn: warn with a countdown, "more time" restarts it
    LIMIT = "limit"  # a device or source is working: past it, that step has failed
    STEP = "step"  # the screen moves on by itself


@dataclass(frozen=True, slots=True)
class Timeout:
    seconds: float
    kind: TimeoutKind


@dataclass(frozen=True, slots=True)
class Delays:
    """Every timeout of the journey, named, with why it has its value.

    Elderly-assist mode doubles the citizen's times (IDLE and STEP), not the
    device limits.
    """

    idle_warning: float = 15.0
    """The countdown before an idle reset: long enough to notice and tap "需要更多时间"."""

    home: Timeout = Timeout(60.0, TimeoutKind.IDLE)
    """Choosing a service: someone who walked away leaves the kiosk to the next person."""

    intro: Timeout = Timeout(90.0, TimeoutKind.IDLE)
    """Reading the consent text (about 200 characters) at an unhurried pace."""

    identify: Timeout = Timeout(45.0, TimeoutKind.IDLE)
    """Finding the card in a bag and placing it."""

    elderly_offer: Timeout = Timeout(30.0, TimeoutKind.IDLE)
    """One yes/no question."""

    face_check_attempt: Timeout = Timeout(60.0, TimeoutKind.LIMIT)
    """One attempt: getting into the oval, the challenge, the match. The checker has its own
    shorter limits per challenge step; this guards against a checker that never answers."""

    choose_business: Timeout = Timeout(60.0, TimeoutKind.IDLE)
    """Picking one business from a short list."""

    fetching: Timeout = Timeout(40.0, TimeoutKind.LIMIT)
    """The source answers (the gateway client's own timeout and retries fit inside) and the
    PDF renders (≤ 0.3 s)."""

    preview: Timeout = Timeout(120.0, TimeoutKind.IDLE)
    """Reading a several-page report before printing it."""

    printing_margin: float = 30.0
    """Added to the A4 printer's own job timeout: the journey never gives up before the adapter."""

    receipt: Timeout = Timeout(20.0, TimeoutKind.LIMIT)
    """A slip prints in about 2 s; a silent printer answers its status check within 1 s."""

    take_card: Timeout = Timeout(30.0, TimeoutKind.STEP)
    """Waiting for the card to leave the reader; then the kiosk moves on and notes a forgotten card."""

    take_papers: Timeout = Timeout(8.0, TimeoutKind.STEP)
    """The reminder to take the printed pages and the slip."""

    rating: Timeout = Timeout(30.0, TimeoutKind.STEP)
    """Rating is optional: no answer moves on to goodbye."""

    goodbye: Timeout = Timeout(6.0, TimeoutKind.STEP)
    """Long enough to read "谢谢，再见"."""

    notice: Timeout = Timeout(30.0, TimeoutKind.STEP)
    """Long enough to read what happened and what to do; a tap ends it sooner."""

    maintenance: Timeout = Timeout(300.0, TimeoutKind.IDLE)
    """A technician who walked away from the diagnostics screen leaves the kiosk to the citizens
    (a card read test waits up to 15 s, a refill takes a minute or two between taps)."""

    maintenance_report: float = 5.0
    """How often the diagnostics screen's readiness report is made again."""

    out_of_service_recheck: float = 10.0
    """How often the out-of-service screen asks the devices whether they are back."""

    card_presence_poll: float = 0.5
    """How often to ask whether the card is still in the reader."""

    card_read_slice: float = 1.0
    """Each read waits this long for a card, so leaving the screen stops the reader promptly."""

    card_read_retries: int = 3
    """A card that cannot be read is tried this many times before the notice."""
