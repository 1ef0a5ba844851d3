"""Choosing which of the card holder's businesses the license copy is for."""

from __future__ import annotations

from kiosk.journey.states import JourneyState, Timeout, TimeoutKind
from kiosk.journey.steps.base import Step
from kiosk.journey.view import BusinessesView

CHOOSE_BUSINESS = Timeout(60.0, TimeoutKind.IDLE)
"""Picking one business from a short list."""


class ChooseBusinessStep(Step):
    state = JourneyState.CHOOSE_BUSINESS
    timeout = CHOOSE_BUSINESS

    def view(self) -> BusinessesView:
        session = self.context.session
        return BusinessesView(session.businesses if session is not None else ())

    def choose_business(self, credit_code: str) -> None:
        session = self.context.session
        if session is None or credit_code not in {b.credit_code for b in session.businesses}:
            return  # only a business of the card holder's own
        session.credit_code = credit_code
        self.context.move("fetch", JourneyState.FETCHING)

    def cancel(self) -> None:
        self.context.cancel_session()

    def expire(self) -> None:
        self.context.time_out()
