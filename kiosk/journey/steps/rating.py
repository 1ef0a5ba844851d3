"""好差评: five levels, optional; no answer moves on."""

from __future__ import annotations

from kiosk.audit import AuditEvent
from kiosk.journey.states import JourneyState, Timeout, TimeoutKind
from kiosk.journey.steps.base import Step

RATING = Timeout(30.0, TimeoutKind.STEP)
"""Rating is optional: no answer moves on to goodbye."""


class RatingStep(Step):
    state = JourneyState.RATING
    timeout = RATING

    def rate(self, level: int) -> None:
        context = self.context
        if context.session is None:
            return
        context.parts.records.rate(context.session.id, level, context.clock.now())
        context.handover.rating = level
        context.ledger.event(AuditEvent.RATING, outcome=str(level))
        context.move("say_goodbye", JourneyState.GOODBYE)

    def dismiss(self) -> None:
        self.context.move("say_goodbye", JourneyState.GOODBYE)

    def expire(self) -> None:
        self.context.move("say_goodbye", JourneyState.GOODBYE)
