"""The citizen journey: an explicit state machine with named timeouts (see states.py)."""

from kiosk.journey.journey import Journey
from kiosk.journey.states import JourneyState, Notice, Outcome
from kiosk.journey.view import JourneyView

__all__ = ["Journey", "JourneyState", "JourneyView", "Notice", "Outcome"]
