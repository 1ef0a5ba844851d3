"""Out of service: nothing can be offered. The kiosk asks the devices now and then whether they
are back, and returns to the attract screen by itself when one service can be offered again."""

from __future__ import annotations

from kiosk.journey.states import JourneyState
from kiosk.journey.steps.base import Step

RECHECK = 10.0
"""How often the out-of-service screen asks the devices whether they are back."""


class OutOfServiceStep(Step):
    state = JourneyState.OUT_OF_SERVICE

    def enter(self) -> None:
        self.context.set_timeout(None)
        self.context.tick_in(RECHECK)

    def tick(self) -> None:
        context = self.context
        context.health.check_now()
        if any(tile.available for tile in context.tiles()):
            context.move("rest", JourneyState.ATTRACT)
        else:
            context.tick_in(RECHECK)
