"""Out of service: nothing can be offered. The kiosk asks the devices now and then whether they
are back, and returns to the attract screen by itself when one service can be offered again.

What storage refused while it was down (a visit's outcome, the end of a print job) is written first:
the kiosk serves no one while a record is still owed."""

from __future__ import annotations

from kiosk.journey.states import JourneyState
from kiosk.journey.steps.base import Step
from kiosk.journey.view import OutOfServiceView
from kiosk.parts import Part

RECHECK = 10.0
"""How often the out-of-service screen asks the devices whether they are back."""


class OutOfServiceStep(Step):
    state = JourneyState.OUT_OF_SERVICE

    def enter(self) -> None:
        self.context.set_timeout(None)
        self.context.tick_in(RECHECK)

    def view(self) -> OutOfServiceView:
        return OutOfServiceView(self.context.health.kiosk_wide())

    def tick(self) -> None:
        context = self.context
        context.health.check_now()
        cause = context.health.kiosk_wide()
        # Only once storage is back: a write to a locked database waits seconds for the lock.
        written = (cause is None or cause.part is not Part.STORAGE) and context.write_unwritten()
        if written and any(tile.available for tile in context.tiles()):
            context.move("rest", JourneyState.ATTRACT)
        else:
            context.tick_in(RECHECK)
