"""The attract screen: nobody is at the kiosk. Entering it closes whatever visit was left open and
puts the kiosk back as the next citizen should find it."""

from __future__ import annotations

from kiosk.journey.context import Handover
from kiosk.journey.states import JourneyState, Outcome
from kiosk.journey.steps.base import Step


class AttractStep(Step):
    state = JourneyState.ATTRACT

    def enter(self) -> None:
        context = self.context
        if context.session is not None and context.session.outcome is None:
            context.end_session(Outcome.TIMED_OUT)
        context.session = None
        context.elderly, context.language = False, "zh_CN"  # 长辈模式 and English end with the visit
        context.handover = Handover()
        context.set_timeout(None)

    def touch(self) -> None:
        self.context.health.check_now()  # what the home screen offers is checked as someone arrives
        self.context.move("wake", JourneyState.HOME)
