"""The offer of 长辈模式 to a card holder of 60 or more who has not switched it on."""

from __future__ import annotations

from kiosk.audit import AuditEvent
from kiosk.identity import mask_name
from kiosk.journey.states import JourneyState, Timeout, TimeoutKind
from kiosk.journey.steps.base import Step
from kiosk.journey.steps.route import after_identity
from kiosk.journey.view import ElderlyOfferView

ELDERLY_OFFER = Timeout(30.0, TimeoutKind.IDLE)
"""One yes/no question."""


class ElderlyOfferStep(Step):
    state = JourneyState.ELDERLY_OFFER
    timeout = ELDERLY_OFFER

    def view(self) -> ElderlyOfferView | None:
        session = self.context.session
        if session is None or session.record is None:
            return None
        return ElderlyOfferView(mask_name(session.record.name))

    def answer_elderly_offer(self, accept: bool) -> None:
        self.context.ledger.event(AuditEvent.ELDERLY_OFFER, outcome="accepted" if accept else "declined")
        if accept:
            self.context.elderly = True
        after_identity(self.context)

    def cancel(self) -> None:
        self.context.cancel_session()

    def expire(self) -> None:
        self.context.time_out()
