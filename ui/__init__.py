"""The touchscreen app (PySide6 QtWidgets): screens are views of the journey's state.

Everything Qt lives here; ``kiosk/`` and ``devices/`` never import it. See docs/ui.md.
"""
