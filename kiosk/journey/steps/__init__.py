"""One module per step of the visit: its timeout, what it starts, the intents and results it takes,
what its expiry does and what it shows. :func:`step_type` names each state's step."""

from __future__ import annotations

from typing import assert_never

from kiosk.journey.states import JourneyState as S
from kiosk.journey.steps.attract import AttractStep
from kiosk.journey.steps.base import Step
from kiosk.journey.steps.callback import CallbackStep
from kiosk.journey.steps.choose_business import ChooseBusinessStep
from kiosk.journey.steps.diagnostics import DiagnosticsStep
from kiosk.journey.steps.elderly_offer import ElderlyOfferStep
from kiosk.journey.steps.face_check import FaceCheckStep
from kiosk.journey.steps.fetching import FetchingStep
from kiosk.journey.steps.goodbye import GoodbyeStep
from kiosk.journey.steps.home import HomeStep
from kiosk.journey.steps.identify import IdentifyStep
from kiosk.journey.steps.intro import IntroStep
from kiosk.journey.steps.notice import NoticeStep
from kiosk.journey.steps.out_of_service import OutOfServiceStep
from kiosk.journey.steps.preview import PreviewStep
from kiosk.journey.steps.printing import PrintingStep
from kiosk.journey.steps.rating import RatingStep
from kiosk.journey.steps.rating_reasons import RatingReasonsStep
from kiosk.journey.steps.receipt import ReceiptStep
from kiosk.journey.steps.reminders import RemindersStep
from kiosk.journey.steps.reprint_code import ReprintCodeStep

__all__ = ["Step", "step_type"]


def step_type(state: S) -> type[Step]:
    """The step that runs ``state``. mypy fails the build when a state is added without one."""
    match state:
        case S.ATTRACT:
            return AttractStep
        case S.HOME:
            return HomeStep
        case S.INTRO:
            return IntroStep
        case S.IDENTIFY:
            return IdentifyStep
        case S.ELDERLY_OFFER:
            return ElderlyOfferStep
        case S.FACE_CHECK:
            return FaceCheckStep
        case S.CHOOSE_BUSINESS:
            return ChooseBusinessStep
        case S.FETCHING:
            return FetchingStep
        case S.PREVIEW:
            return PreviewStep
        case S.PRINTING:
            return PrintingStep
        case S.RECEIPT:
            return ReceiptStep
        case S.REMINDERS:
            return RemindersStep
        case S.RATING:
            return RatingStep
        case S.RATING_REASONS:
            return RatingReasonsStep
        case S.CALLBACK:
            return CallbackStep
        case S.GOODBYE:
            return GoodbyeStep
        case S.NOTICE:
            return NoticeStep
        case S.OUT_OF_SERVICE:
            return OutOfServiceStep
        case S.DIAGNOSTICS:
            return DiagnosticsStep
        case S.REPRINT_CODE:
            return ReprintCodeStep
        case _:
            assert_never(state)
