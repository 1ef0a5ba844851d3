"""The journey's ledger: every audit event and record it writes, stamped with the clock and the
session under way, in the :class:`~kiosk.audit.AuditEvent` types."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

from kiosk.audit import AuditEvent
from kiosk.clock import Clock
from kiosk.storage.check import storage_reading
from kiosk.storage.records import Records

log = logging.getLogger(__name__)


class Ledger:
    def __init__(self, records: Records, clock: Clock, session_id: Callable[[], str | None]) -> None:
        self.records = records
        self._clock = clock
        self._session_id = session_id

    def event(
        self, type: AuditEvent, *, outcome: str | None = None, detail: Mapping[str, Any] | None = None
    ) -> str:
        """A single event; returns its stable event id."""
        return self.records.event(
            type, self._clock.now(), session_id=self._session_id(), outcome=outcome, detail=detail
        )

    def note(
        self, type: AuditEvent, *, outcome: str | None = None, detail: Mapping[str, Any] | None = None
    ) -> None:
        """An event worth having but not worth stopping for (the technician's visit, a fault being
        handled): when storage refuses it, the log says so and the kiosk goes on."""
        try:
            self.event(type, outcome=outcome, detail=detail)
        except Exception as exc:
            reading = storage_reading(exc)
            if reading is None:
                raise
            log.warning("the %s event was not written: %s", type.value, reading.detail)

    def begin(self, type: AuditEvent, *, detail: Mapping[str, Any] | None = None) -> str:
        """The start of a paired event; give the returned id to :meth:`finish`."""
        return self.records.begin(type, self._clock.now(), session_id=self._session_id(), detail=detail)

    def finish(
        self,
        start_id: str | None,
        type: AuditEvent,
        outcome: str,
        detail: Mapping[str, Any] | None = None,
    ) -> None:
        """The end of a paired event (nothing when it never began)."""
        if start_id is None:
            return
        self.records.finish(
            start_id, type, self._clock.now(), outcome, session_id=self._session_id(), detail=detail
        )
