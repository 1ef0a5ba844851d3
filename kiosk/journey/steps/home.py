"""Home: the services, each shown unavailable (with why) before anyone starts it."""

from __future__ import annotations

from kiosk.audit import AuditEvent
from kiosk.journey.session import Session
from kiosk.journey.states import JourneyState, Timeout, TimeoutKind
from kiosk.journey.steps.base import Step
from kiosk.storage.records import new_id

HOME = Timeout(60.0, TimeoutKind.IDLE)
"""Choosing a service: someone who walked away leaves the kiosk to the next person."""


class HomeStep(Step):
    state = JourneyState.HOME
    timeout = HOME

    def choose_service(self, service_id: str) -> bool:
        """Start a session for the service. False (and nothing happens) if it is unavailable now."""
        context = self.context
        tile = next((t for t in context.tiles() if t.service.id == service_id), None)
        if tile is None or not tile.available:
            context.restart_timeout()
            return False
        now = context.clock.now()
        session = Session(new_id(), tile.service, now)
        context.session = session
        context.parts.records.start_session(
            session.id, service_id, now, elderly=context.elderly, language=context.language
        )
        session.start_event = context.ledger.begin(AuditEvent.SESSION, detail={"service": service_id})
        context.move("choose_service", JourneyState.INTRO)
        return True

    def cancel(self) -> None:
        self.context.move("rest", JourneyState.ATTRACT)

    def expire(self) -> None:
        self.context.move("rest", JourneyState.ATTRACT)
