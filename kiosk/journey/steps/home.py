"""Home: the services, each shown unavailable (with why) before anyone starts it; and 补打, the
reprint of a job cut short, by its code."""

from __future__ import annotations

from kiosk.journey.states import JourneyState, Timeout, TimeoutKind
from kiosk.journey.steps.base import Step

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
        context.start_session(tile.service)
        context.move("choose_service", JourneyState.INTRO)
        return True

    def start_reprint(self) -> None:
        """补打: the code on a keypad (no session yet: a code names nobody)."""
        context = self.context
        if not context.reprint_tile().available:
            context.restart_timeout()
            return
        context.move("start_reprint", JourneyState.REPRINT_CODE)

    def cancel(self) -> None:
        self.context.move("rest", JourneyState.ATTRACT)

    def expire(self) -> None:
        self.context.move("rest", JourneyState.ATTRACT)
