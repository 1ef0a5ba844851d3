"""A4 document printers (CUPS)."""
