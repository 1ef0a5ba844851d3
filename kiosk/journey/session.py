"""One citizen's visit: everything personal it holds lives here, and only until the wipe."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from devices.id_reader.base import IdentityRecord
from kiosk.config import ServiceConfig
from kiosk.documents.base import BusinessChoice, Subject
from kiosk.journey.desk import PreparedDocument
from kiosk.journey.states import Outcome
from kiosk.print_journal import sheets_to_print
from kiosk.storage.follow_ups import IssuedRecord


@dataclass(frozen=True, slots=True)
class Reprint:
    """What a reprint code named, for the visit that uses it: the job cut short, the document it
    printed, the sheets that came out, and the card that must be shown again. Nothing personal: the
    identity hash is the keyed one the records keep."""

    code: str
    job_id: str
    document: IssuedRecord  # made again from its source, it must hash the same
    copies: int
    sheets_out: int  # of the document's pages × copies, counted from its first sheet
    id_hash: str = field(repr=False)  # the original visit's: the card must give the same

    @property
    def sheets(self) -> int:
        return self.document.pages * self.copies

    @property
    def pages_to_print(self) -> tuple[int, ...]:
        """The pages the reprint prints, in order (:func:`kiosk.print_journal.sheets_to_print`)."""
        return sheets_to_print(self.document.pages, self.copies, self.sheets_out)


@dataclass
class Session:
    """What a visit carries from one step to the next. The steps' own working state (a face check's
    attempts, a card read's hints) lives in the step and goes with it."""

    id: str
    service: ServiceConfig
    started_at: datetime
    record: IdentityRecord | None = None
    businesses: tuple[BusinessChoice, ...] = ()
    credit_code: str | None = None
    prepared: PreparedDocument | None = None
    copies: int = 1
    start_event: str | None = None
    print_job_id: str | None = None
    reprint_code: str | None = None  # the code of this visit's own print job
    outcome: Outcome | None = None
    reprint: Reprint | None = None  # a visit that reprints a job cut short (补打)
    sheets_pdf: bytes | None = field(default=None, repr=False)  # a reprint's: only the missing sheets

    @property
    def subject(self) -> Subject | None:
        if self.record is None:
            return None
        return Subject(self.record.id_number, self.record.name)

    def wipe(self) -> None:
        """Forget everything personal. The session id and the service stay (they are not personal)."""
        self.record = None
        self.businesses = ()
        self.credit_code = None
        self.prepared = None
        self.sheets_pdf = None
