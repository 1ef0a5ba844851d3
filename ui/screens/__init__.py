"""One screen per journey state (one file each); see docs/ui.md "Writing a screen"."""

from ui.screens.base import Intents, Screen, ScreenContext

__all__ = ["Intents", "Screen", "ScreenContext"]
