"""谢谢，再见: the visit is over; the rating given, if any, is thanked."""

from __future__ import annotations

from kiosk.journey.states import JourneyState, Outcome, Timeout, TimeoutKind
from kiosk.journey.steps.base import Step
from kiosk.journey.view import GoodbyeView

GOODBYE = Timeout(6.0, TimeoutKind.STEP)
"""Long enough to read "谢谢，再见"."""


class GoodbyeStep(Step):
    state = JourneyState.GOODBYE
    timeout = GOODBYE

    def view(self) -> GoodbyeView:
        session = self.context.session
        outcome = session.outcome if session is not None else None
        handover = self.context.handover
        return GoodbyeView(outcome is Outcome.COMPLETED, handover.rating, outcome, handover.callback)

    def dismiss(self) -> None:
        self.context.move("rest", JourneyState.ATTRACT)

    def expire(self) -> None:
        self.context.move("rest", JourneyState.ATTRACT)
