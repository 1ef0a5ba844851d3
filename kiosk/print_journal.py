"""The print journal's states: one closed set, shared by the kiosk's records and the wire format;
and the form of its reprint codes, which the 补打 keypad offers.

Apart from :mod:`kiosk.storage.records` (which keeps the journal) so the wire format the central
service reads, and the touchscreen's keypad, can name them without importing the kiosk's storage.
"""

from __future__ import annotations

import enum


class PrintJobState(enum.StrEnum):
    """Where a print job is: queued → printing → done | failed. A finished job never changes again."""

    QUEUED = "queued"
    PRINTING = "printing"
    DONE = "done"
    FAILED = "failed"  # cut short by a fault or a restart: it keeps its reprint code


FOLLOWS: dict[PrintJobState, tuple[PrintJobState, ...]] = {
    PrintJobState.PRINTING: (PrintJobState.QUEUED,),
    PrintJobState.DONE: (PrintJobState.PRINTING,),
    PrintJobState.FAILED: (PrintJobState.QUEUED, PrintJobState.PRINTING),
}
"""The states each state may follow."""

UNFINISHED = (PrintJobState.QUEUED, PrintJobState.PRINTING)


REPRINT_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
"""The characters of a reprint code: no 0/O, no 1/I, so it is read aloud at a window and typed on
the 补打 keypad without doubt. 32 of them: 8 give 2⁴⁰ codes, never guessed by typing."""
REPRINT_CODE_LENGTH = 8


def typed_code(typed: str) -> str:
    """A reprint code as it is kept: upper case, without the spaces and dashes it is shown with."""
    return "".join(ch for ch in typed.upper() if ch not in " -")
