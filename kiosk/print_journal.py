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


def sheets_to_print(pages: int, copies: int, sheets_out: int) -> tuple[int, ...]:
    """The pages (zero-based) a reprint prints, in order, when ``sheets_out`` of the document's
    ``pages × copies`` sheets came out.

    Copies are printed collated, one sheet a page: each copy is the whole document, page 1 to the
    last, before the next begins. So the sheets that came out are the first copies whole and the
    first pages of the copy that was under way; what was not delivered is the rest of that copy,
    then every copy that never began. Three pages, two copies, one sheet out: pages 2 and 3 (the
    first copy made whole), then pages 1, 2 and 3 (the second copy)."""
    if pages < 1 or copies < 1:
        raise ValueError("a job has at least one page and one copy")
    return tuple(sheet % pages for sheet in range(max(sheets_out, 0), pages * copies))
