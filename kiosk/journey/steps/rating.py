"""好差评: five levels, optional; no answer moves on. Offered after every visit that reached
identification, failed ones too (GB/T 39734): 不满意 and 非常不满意 go on to their reasons."""

from __future__ import annotations

from kiosk.journey.states import JourneyState, Timeout, TimeoutKind
from kiosk.journey.steps.base import Step
from kiosk.journey.steps.rated import record_rating
from kiosk.ratings import POOR_LEVELS, RATING_LABELS

RATING = Timeout(30.0, TimeoutKind.STEP)
"""Rating is optional: no answer moves on to goodbye."""


class RatingStep(Step):
    state = JourneyState.RATING
    timeout = RATING

    def rate(self, level: int) -> None:
        context = self.context
        if context.session is None or level not in RATING_LABELS:
            return
        if level in POOR_LEVELS:
            context.handover.rating = level
            context.handover.reasons = ()
            context.move("ask_reasons", JourneyState.RATING_REASONS)
            return
        record_rating(context, level)

    def dismiss(self) -> None:
        self.context.move("say_goodbye", JourneyState.GOODBYE)

    def expire(self) -> None:
        self.context.move("say_goodbye", JourneyState.GOODBYE)
