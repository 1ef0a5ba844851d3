"""Reusable widgets: buttons, labels, tiles, overlays, header, keypad, the card animation."""
