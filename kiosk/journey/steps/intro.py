"""The service's intro: what the citizen needs, and the consent to go on."""

from __future__ import annotations

from kiosk.journey.states import JourneyState, Outcome, Timeout, TimeoutKind
from kiosk.journey.steps.base import Step

INTRO = Timeout(90.0, TimeoutKind.IDLE)
"""Reading the consent text (about 200 characters) at an unhurried pace."""


class IntroStep(Step):
    state = JourneyState.INTRO
    timeout = INTRO

    def accept_consent(self) -> None:
        self.context.move("consent", JourneyState.IDENTIFY)

    def back(self) -> None:
        """Back to the service list: the session ends as cancelled."""
        self.context.end_session(Outcome.CANCELLED)
        self.context.move("back_home", JourneyState.HOME)

    def cancel(self) -> None:
        self.context.cancel_session()

    def expire(self) -> None:
        self.context.time_out()
