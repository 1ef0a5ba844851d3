"""One screen per journey state (one file each); see docs/ui.md "Writing a screen"."""

from ui.intents import Intents
from ui.screens.base import Screen, ScreenContext

__all__ = ["Intents", "Screen", "ScreenContext"]
