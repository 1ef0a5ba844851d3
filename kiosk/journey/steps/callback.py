"""The call back (回访) after a poor rating: the consent, and the number on a keypad. The number is
sealed (kiosk.contact_seal) the moment it is taken; only the sealed token is written and sent, kept
for the follow-up, and deleted when it closes or after ``[rating] contact_days``."""

from __future__ import annotations

from kiosk.contact_seal import valid_number
from kiosk.journey.context import StepContext
from kiosk.journey.states import JourneyState, Timeout, TimeoutKind
from kiosk.journey.steps.base import Step
from kiosk.journey.steps.rated import record_rating
from kiosk.journey.view import CallbackProblem, CallbackView

CALLBACK = Timeout(90.0, TimeoutKind.IDLE)
"""Reading the consent and typing eleven digits, in 长辈模式 slowly; no number: rated without one."""


class CallbackStep(Step):
    state = JourneyState.CALLBACK
    timeout = CALLBACK

    def __init__(self, context: StepContext) -> None:
        super().__init__(context)
        self.problem: CallbackProblem | None = None

    def view(self) -> CallbackView:
        return CallbackView(self.context.config.rating.contact_days, self.problem)

    def submit_callback(self, number: str) -> None:
        context = self.context
        digits = "".join(ch for ch in number if ch.isdigit())
        seal = context.parts.contact_seal
        if seal is None or not valid_number(digits):
            self.problem = CallbackProblem.NOT_A_NUMBER
            context.restart_timeout()
            context.changed()
            return
        token = seal.seal(digits)
        del digits, number  # the digits go no further than the seal
        record_rating(context, context.handover.rating or 1, context.handover.reasons, token)

    def dismiss(self) -> None:
        """不用回访: rated without a number."""
        record_rating(self.context, self.context.handover.rating or 1, self.context.handover.reasons)

    def cancel(self) -> None:
        self.dismiss()

    def expire(self) -> None:
        self.dismiss()
