"""The print journal's states: one closed set, shared by the kiosk's records and the wire format.

Apart from :mod:`kiosk.storage.records` (which keeps the journal) so the wire format the central
service reads can name the states without importing the kiosk's storage.
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
