"""Journey states, outcomes, notices and the kinds of timeout (each step's own timeout, with the
reason for its value, is in its module under kiosk/journey/steps/).

attract → home → intro (consent) → identify → [elderly offer] → [face check]
  → [choose business] → fetching → preview → printing → receipt
  → reminders → rating → [rating reasons → [callback]] → goodbye → attract
home → reprint code (补打) → intro → identify (the same card) → [elderly offer] → [face check]
  → fetching (the same document) → printing (only the sheets not delivered) → receipt → …
any step of a session → notice (what happened, what to do) → reminders (when a card was read)
  → rating → goodbye
any step → out of service → attract
attract, home or out of service → diagnostics (a technician, with the PIN) → attract
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias

from kiosk.parts import Part

if TYPE_CHECKING:  # names for the annotations: the home screen is painted before these load
    from kiosk.documents.base import FetchFailure
    from kiosk.identity import Problem
    from kiosk.parts import Reading


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
    RATING_REASONS = "rating_reasons"  # a poor rating: why, and whether to call back
    CALLBACK = "callback"  # the number for the call back, with consent
    GOODBYE = "goodbye"
    NOTICE = "notice"
    OUT_OF_SERVICE = "out_of_service"
    DIAGNOSTICS = "diagnostics"  # the technicians' diagnostics screen
    REPRINT_CODE = "reprint_code"  # 补打: the reprint code on a keypad, before any card


DIAGNOSTICS_FROM = frozenset({JourneyState.ATTRACT, JourneyState.HOME, JourneyState.OUT_OF_SERVICE})
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
    STORAGE_FAULT = "storage_fault"  # the records could not be written: the kiosk went out of service
    INTERRUPTED = "interrupted"  # a crash or a power cut ended it; closed at the next start


class NoticeReason(enum.StrEnum):
    """Why the notice screen is shown; each has its sentences in ui/strings.py."""

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
    REPRINT_CHANGED = "reprint_changed"  # the record changed since: new pages would not match the old


NoticeStatus: TypeAlias = "Reading | FetchFailure"
"""What the part concerned said: a device's status (paper_out, frozen …) or a source's failure."""


@dataclass(frozen=True, slots=True)
class Notice:
    """What the notice screen says: the reason, the part concerned and what it said, details."""

    reason: NoticeReason
    part: Part | None = None  # the device or source concerned (the renderer, the face check)
    status: NoticeStatus | None = None  # what it said when it failed
    card_problem: Problem | None = None  # for CARD_REFUSED: expired, not yet valid …
    reprint_code: str | None = None  # for PRINT_FAILED: at the kiosk's 补打 or a window
    sheets_printed: int = 0  # for PRINT_FAILED: the sheets that came out, to take
    reprint_slip: bool = False  # for PRINT_FAILED: the code came out on a slip too


class TimeoutKind(enum.Enum):
    IDLE = "idle"  # the citizen's turn: warn with a countdown, "more time" restarts it
    LIMIT = "limit"  # a device or source is working: past it, that step has failed
    STEP = "step"  # the screen moves on by itself


@dataclass(frozen=True, slots=True)
class Timeout:
    seconds: float
    kind: TimeoutKind
