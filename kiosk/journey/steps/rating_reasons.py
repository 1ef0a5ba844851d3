"""A poor rating's reasons (the configuration's versioned list), and whether the citizen wants a
call back (回访). The level is kept whatever happens here: leaving without reasons still rates."""

from __future__ import annotations

from kiosk.journey.states import JourneyState, Timeout, TimeoutKind
from kiosk.journey.steps.base import Step
from kiosk.journey.steps.rated import record_rating
from kiosk.journey.view import RatingReasonsView
from kiosk.ratings import RatingReason

RATING_REASONS = Timeout(60.0, TimeoutKind.IDLE)
"""Reading six reasons and tapping a few; the countdown asks before the rating is sent as it is."""


class RatingReasonsStep(Step):
    state = JourneyState.RATING_REASONS
    timeout = RATING_REASONS

    def view(self) -> RatingReasonsView:
        context = self.context
        return RatingReasonsView(
            level=context.handover.rating or 1,
            offered=context.config.rating.reasons,
            chosen=context.handover.reasons,
            callback_offered=self._callback_offered,
        )

    @property
    def _callback_offered(self) -> bool:
        return self.context.config.rating.callback and self.context.parts.contact_seal is not None

    def toggle_reason(self, reason: str) -> None:
        context = self.context
        try:
            chosen = RatingReason(reason)
        except ValueError:
            return
        if chosen not in context.config.rating.reasons:
            return
        reasons = context.handover.reasons
        # kept in the configuration's order, whatever the order of the taps
        picked = set(reasons) ^ {chosen}
        context.handover.reasons = tuple(r for r in context.config.rating.reasons if r in picked)
        context.restart_timeout()
        context.changed()

    def submit_reasons(self, callback: bool) -> None:
        context = self.context
        if callback and self._callback_offered:
            context.move("ask_callback", JourneyState.CALLBACK)
            return
        record_rating(context, context.handover.rating or 1, context.handover.reasons)

    def expire(self) -> None:
        self.submit_reasons(False)

    def cancel(self) -> None:
        self.submit_reasons(False)  # the idle countdown's 结束办理: the rating is sent as it is
