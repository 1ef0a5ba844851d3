"""The citizen journey: an explicit state machine with named timeouts (see states.py).

The names are loaded on first use: the touchscreen paints its home screen from
``JourneyView`` and ``JourneyState`` long before the machine itself (and the
libraries it needs) is imported.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kiosk.journey.journey import Journey
    from kiosk.journey.states import JourneyState, Notice, Outcome
    from kiosk.journey.view import JourneyView

__all__ = ["Journey", "JourneyState", "JourneyView", "Notice", "Outcome"]

_HOMES = {
    "Journey": "kiosk.journey.journey",
    "JourneyState": "kiosk.journey.states",
    "Notice": "kiosk.journey.states",
    "Outcome": "kiosk.journey.states",
    "JourneyView": "kiosk.journey.view",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(home), name)
