"""Receipt slip printers (ESC/POS)."""
