"""One citizen's visit: everything personal it holds lives here, and only until the wipe."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from devices.id_reader.base import IdentityRecord
from kiosk.config import ServiceConfig
from kiosk.documents.base import BusinessChoice, Subject
from kiosk.journey.desk import PreparedDocument
from kiosk.journey.states import Outcome


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
    reprint_code: str | None = None
    outcome: Outcome | None = None

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
