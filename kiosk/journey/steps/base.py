"""What a step of the visit is: its timeout, what it starts on entering, the intents and results it
accepts, what its expiry does, and what it shows — the way a state in an xstate machine carries its
``invoke``, ``on`` and ``after``.

A step is made fresh each time the journey enters its state and dropped when it leaves, so what it
holds (a face check's pictures, a card read's hints) goes with it. An intent a step does not accept
does nothing: the base class's default.
"""

from __future__ import annotations

from typing import ClassVar

from kiosk.journey.context import StepContext
from kiosk.journey.states import JourneyState, Timeout
from kiosk.journey.view import StepView
from kiosk.self_tests import SelfTest


class Step:
    state: ClassVar[JourneyState]
    timeout: ClassVar[Timeout | None] = None
    """The step's own timeout (None: it waits for ever); its reason is written beside it."""

    def __init__(self, context: StepContext) -> None:
        self.context = context

    # -- its life ----------------------------------------------------------------------
    def enter(self) -> None:
        """What the step starts on entering. By default: its timeout."""
        self.context.set_timeout(self.timeout)

    def expire(self) -> None:
        """Its timeout fired."""

    def tick(self) -> None:
        """Its own periodic work came due (``StepContext.tick_in``)."""

    def poll(self) -> bool:
        """Collect what the step follows by itself, every poll. True when the view changed."""
        return False

    def leave(self) -> None:
        """The journey moves on: let go of what the step holds."""

    def wait(self, timeout: float) -> None:
        """Block until the step's own work is done (tests and the headless demo)."""

    def view(self) -> StepView | None:
        """What the step's screen shows beyond what every screen shows."""
        return None

    # -- the intents it may accept ---------------------------------------------------------
    def touch(self) -> None:
        """Any tap: the citizen is there."""
        self.context.restart_timeout()

    def choose_service(self, service_id: str) -> bool:
        return False

    def back(self) -> None:
        pass

    def accept_consent(self) -> None:
        pass

    def answer_elderly_offer(self, accept: bool) -> None:
        pass

    def choose_business(self, credit_code: str) -> None:
        pass

    def set_copies(self, copies: int) -> None:
        pass

    def confirm_print(self) -> None:
        pass

    def rate(self, level: int) -> None:
        pass

    def toggle_reason(self, reason: str) -> None:
        pass

    def submit_reasons(self, callback: bool) -> None:
        pass

    def submit_callback(self, number: str) -> None:
        pass

    def retry_face_check(self) -> None:
        pass

    def start_reprint(self) -> None:
        pass

    def submit_reprint_code(self, code: str) -> None:
        pass

    def dismiss(self) -> None:
        pass

    def cancel(self) -> None:
        pass

    def run_self_test(self, test: SelfTest) -> bool:
        return False

    def leave_diagnostics(self) -> None:
        pass
