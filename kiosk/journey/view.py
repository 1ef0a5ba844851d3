"""What the screens show: an immutable snapshot of the journey, rebuilt on demand.

Screens are views of this state and nothing else (STYLE.md rule 3).
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from kiosk.journey.states import JourneyState

if TYPE_CHECKING:  # names for the annotations only: the home screen is painted before these load
    from devices.camera.base import Frame
    from kiosk.config import ServiceConfig
    from kiosk.documents.base import BusinessChoice
    from kiosk.face.base import FaceGuide, FaceVerdict
    from kiosk.health import Unavailability
    from kiosk.journey.states import Notice, Outcome
    from kiosk.ratings import RatingReason
    from kiosk.readiness import ReadinessReport
    from kiosk.recent_log import LogEntry
    from kiosk.self_tests import SelfTest, SelfTestResult


@dataclass(frozen=True, slots=True)
class ServiceTile:
    service: ServiceConfig
    unavailable: tuple[Unavailability, ...] = ()

    @property
    def available(self) -> bool:
        return not self.unavailable


class IdentifyHint(enum.StrEnum):
    """A message on the identify screen while it keeps waiting for a card."""

    CARD_PULLED = "card_pulled"  # the card left the reader mid-read: place it again and keep it still
    CARD_UNREADABLE = "card_unreadable"  # could not read it: place it again
    WRONG_CARD = "wrong_card"  # this service needs the resident ID card
    OTHER_CARD = "other_card"  # a reprint: not the card the document was printed for (never whose)


class HelpAnswer(enum.StrEnum):
    """Who answers a help request now. Stored in the help request's audit event: never changes."""

    STAFF_COMING = "staff_coming"  # staffed hours, and the staff watch the requests: they come
    STAFF_AT_WINDOW = "staff_at_window"  # staffed hours, nobody watches the requests: go to a window
    DUTY_PHONE = "duty_phone"  # after hours: the duty phone answers
    HOTLINE_ONLY = "hotline_only"  # nobody in the hall and no duty phone: the hotline, and come back


@dataclass(frozen=True, slots=True)
class HelpView:
    """What the help card says: who answers, the numbers in large type, and when the hall is staffed."""

    answer: HelpAnswer
    kiosk_id: str  # to say on the phone: which kiosk
    phone: str  # the number to call now: the duty phone, else the hotline
    hotline: str
    staffed_from: str | None  # None: never staffed
    staffed_until: str | None


class Reminder(enum.StrEnum):
    TAKE_CARD = "take_card"
    TAKE_PAPERS = "take_papers"


class VisitStep(enum.StrEnum):
    """The steps of a visit as the citizen counts them (the step bar): 身份核验 → 人脸核验 → 核对 →
    打印 → 取件; a reprint's: 补打码 → 身份核验 → 人脸核验 → 打印 → 取件 (the pages were checked
    the first time). Several journey states make one step (fetching and preview are both 核对)."""

    CODE = "code"
    IDENTIFY = "identify"
    FACE_CHECK = "face_check"
    CHECK = "check"
    PRINT = "print"
    COLLECT = "collect"


_STEP_OF: dict[JourneyState, VisitStep] = {
    JourneyState.INTRO: VisitStep.IDENTIFY,
    JourneyState.IDENTIFY: VisitStep.IDENTIFY,
    JourneyState.ELDERLY_OFFER: VisitStep.IDENTIFY,
    JourneyState.FACE_CHECK: VisitStep.FACE_CHECK,
    JourneyState.CHOOSE_BUSINESS: VisitStep.CHECK,
    JourneyState.FETCHING: VisitStep.CHECK,
    JourneyState.PREVIEW: VisitStep.CHECK,
    JourneyState.PRINTING: VisitStep.PRINT,
    JourneyState.RECEIPT: VisitStep.PRINT,
    JourneyState.REMINDERS: VisitStep.COLLECT,
}


@dataclass(frozen=True, slots=True)
class VisitProgress:
    """Which step of how many the visit is at: the core says it, the step bar draws it."""

    steps: tuple[VisitStep, ...]
    current: int  # index into steps

    @property
    def step(self) -> VisitStep:
        return self.steps[self.current]


_REPRINT_STEP_OF = {**_STEP_OF, JourneyState.FETCHING: VisitStep.PRINT}
"""A reprint makes its document again without a preview: that is part of printing it."""


def visit_progress(
    state: JourneyState, face_check: bool | None, *, reprint: bool = False
) -> VisitProgress | None:
    """The visit's progress in ``state`` (None outside a visit's steps: home, rating, notice …).
    ``face_check``: whether the service has one (None: no service chosen); ``reprint``: a 补打 visit,
    whose first step, the code, is behind it."""
    step = (_REPRINT_STEP_OF if reprint else _STEP_OF).get(state)
    if step is None or face_check is None:
        return None
    steps = tuple(
        s
        for s in VisitStep
        if (face_check or s is not VisitStep.FACE_CHECK)
        and s is not (VisitStep.CHECK if reprint else VisitStep.CODE)
    )
    return VisitProgress(steps, steps.index(step))


@dataclass(frozen=True, slots=True)
class FaceView:
    guide: FaceGuide
    attempt: int  # 1-based
    attempts: int
    last_verdict: FaceVerdict | None = None  # the previous attempt's, shown as "please try again"
    frame: Frame | None = field(default=None, repr=False)  # the live picture for the preview
    waiting_retry: bool = False  # an attempt did not pass: the tips and 重新核验, no camera


@dataclass(frozen=True, slots=True)
class PreviewView:
    title: str
    number: str
    pages: tuple[bytes, ...] = field(repr=False)  # PNG images of the PDF's pages
    copies: int = 1
    copy_limit: int = 1


@dataclass(frozen=True, slots=True)
class IdentifyView:
    hint: IdentifyHint | None = None
    card_reading: bool = False  # a card is on the reader and being read (never what it says)


@dataclass(frozen=True, slots=True)
class ElderlyOfferView:
    holder_masked_name: str  # 张* — never the full name


@dataclass(frozen=True, slots=True)
class BusinessesView:
    businesses: tuple[BusinessChoice, ...]


@dataclass(frozen=True, slots=True)
class PrintingView:
    sheets_done: int = 0
    sheets_total: int = 0


@dataclass(frozen=True, slots=True)
class RemindersView:
    reminder: Reminder
    receipt_printed: bool | None = None  # None: no slip was tried
    sheets_out: int = 0  # of a job cut short: the sheets that came out, to take


@dataclass(frozen=True, slots=True)
class GoodbyeView:
    completed: bool  # the documents were printed (a rated or completed visit): goodbye plainly
    rating: int | None = None
    outcome: Outcome | None = None  # how the visit ended: the screen's picture matches it
    callback: bool = False  # a call back was asked for: the goodbye says who will call


@dataclass(frozen=True, slots=True)
class RatingReasonsView:
    """A poor rating: the reasons offered (the configuration's list), those chosen, the call back."""

    level: int
    offered: tuple[RatingReason, ...]
    chosen: tuple[RatingReason, ...] = ()
    callback_offered: bool = False


class CallbackProblem(enum.StrEnum):
    NOT_A_NUMBER = "not_a_number"  # not a mobile number or a landline with its area code


@dataclass(frozen=True, slots=True)
class CallbackView:
    """The call-back number: the consent, and why the last number typed was not taken."""

    contact_days: int
    problem: CallbackProblem | None = None


@dataclass(frozen=True, slots=True)
class NoticeView:
    notice: Notice


@dataclass(frozen=True, slots=True)
class ReprintTile:
    """The home screen's 补打 tile, and what stops a reprint now (the card reader, the A4 printer …)."""

    unavailable: tuple[Unavailability, ...] = ()

    @property
    def available(self) -> bool:
        return not self.unavailable


class ReprintProblem(enum.StrEnum):
    """Why a code typed on the 补打 keypad is not taken; each has its polite sentence and what to do
    next. The first four are the records' refusals (``ReprintRefusal``), by the same values."""

    UNKNOWN = "unknown"  # no job has it: a typing slip, most likely
    USED = "used"  # each code works once
    EXPIRED = "expired"  # older than ``[reprint] valid_days``
    NOTHING_LEFT = "nothing_left"  # every sheet came out
    NOT_NOW = "not_now"  # the code's service cannot run now (a device or source down): the code keeps
    NOT_HERE = "not_here"  # its service is not offered here, or its records are gone: a window can


@dataclass(frozen=True, slots=True)
class ReprintCodeView:
    """The 补打 keypad: why the last code typed was not taken, if it was not."""

    problem: ReprintProblem | None = None
    stopped: Unavailability | None = None  # NOT_NOW: what stops the code's service
    valid_days: int = 7  # how long a code works (EXPIRED says it)


@dataclass(frozen=True, slots=True)
class ReprintOf:
    """A 补打 visit: the sheets it prints, of the document's pages × copies. Nothing personal."""

    sheets: int
    sheets_total: int


@dataclass(frozen=True, slots=True)
class OutOfServiceView:
    """Why the kiosk is out of service, when one part stops every service (storage, the clock): the
    screen says it to the technician below the citizen's sentence. None: devices or sources are
    down, each service for its own reason (``kiosk diag`` lists them)."""

    cause: Unavailability | None = None


@dataclass(frozen=True, slots=True)
class DiagnosticsView:
    """What the diagnostics screen shows."""

    report: ReadinessReport | None  # None until the first report is made (a moment)
    running: SelfTest | None = None
    results: tuple[SelfTestResult, ...] = ()  # the newest first
    sessions_today: tuple[tuple[str, int], ...] = ()  # (outcome, count), most common first
    problems: tuple[LogEntry, ...] = ()  # the kiosk's latest warnings and errors, the newest first


StepView = (
    IdentifyView
    | ElderlyOfferView
    | FaceView
    | BusinessesView
    | PreviewView
    | PrintingView
    | RemindersView
    | GoodbyeView
    | RatingReasonsView
    | CallbackView
    | NoticeView
    | ReprintCodeView
    | OutOfServiceView
    | DiagnosticsView
)
"""What one step's screen shows beyond the fields every screen has; steps with nothing of their
own (attract, home, intro, fetching, receipt, rating) have none."""

V = TypeVar("V", bound=StepView)


@dataclass(frozen=True, slots=True)
class JourneyView:
    """What every screen has, and the step's own view."""

    state: JourneyState
    version: int
    elderly: bool
    language: str
    services: tuple[ServiceTile, ...]
    service: ServiceConfig | None = None
    idle_countdown: int | None = None  # seconds left, while the idle warning shows
    help_requested: bool = False
    help: HelpView | None = None  # while the help card is open: who answers, and the numbers
    step: StepView | None = None
    progress: VisitProgress | None = None  # which step of how many (the step bar); None outside a visit
    confirm_end: bool = False  # 长辈模式: 结束办理 was tapped once; the window asks before ending
    reprint_tile: ReprintTile = ReprintTile()  # the home screen's 补打, and what stops it
    reprint: ReprintOf | None = None  # a 补打 visit: what it prints

    def step_as(self, kind: type[V]) -> V | None:
        """The step's view if it is a ``kind``, else None."""
        return self.step if isinstance(self.step, kind) else None


def opening_view(services: Sequence[ServiceConfig]) -> JourneyView:
    """The home screen as the kiosk starts, before the journey runs: made from the configuration
    alone, so the window can paint it first. Every service looks available until the first health
    check (a moment later) says otherwise."""
    return JourneyView(
        state=JourneyState.HOME,
        version=-1,
        elderly=False,
        language="zh_CN",
        services=tuple(ServiceTile(service) for service in services),
    )
