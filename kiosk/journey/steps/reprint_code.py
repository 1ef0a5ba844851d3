"""补打: the reprint code on a keypad, before any card.

A code the records refuse (unknown, used, expired, nothing left) is said politely, with what to do
next, and the citizen may type again (重新输入). A code whose service cannot run now, or not at this kiosk, is
refused too, and keeps: it is not spent. A code taken begins a visit of its job's service, to
reprint it — the consent, the same card, the face check when the service has one, the same
document made again, and only the sheets that did not come out. The code is spent when the first
of them comes out (:mod:`kiosk.journey.steps.printing`), not before: a failure on the way costs the
citizen nothing.
"""

from __future__ import annotations

from datetime import timedelta

from kiosk.audit import AuditEvent
from kiosk.health import Unavailability
from kiosk.journey.context import StepContext
from kiosk.journey.session import Reprint
from kiosk.journey.states import JourneyState, Timeout, TimeoutKind
from kiosk.journey.steps.base import Step
from kiosk.journey.view import ReprintCodeView, ReprintProblem
from kiosk.storage.records import ReprintRefusal

REPRINT_CODE = Timeout(90.0, TimeoutKind.IDLE)
"""Finding the slip (or the photo of the notice) and typing eight characters on an unfamiliar
keypad; 长辈模式 doubles it. Nobody's visit is under way: the kiosk goes back to its start."""


class ReprintCodeStep(Step):
    state = JourneyState.REPRINT_CODE
    timeout = REPRINT_CODE

    def __init__(self, context: StepContext) -> None:
        super().__init__(context)
        self.problem: ReprintProblem | None = None
        self.stopped: Unavailability | None = None

    def view(self) -> ReprintCodeView:
        return ReprintCodeView(self.problem, self.stopped, self.context.config.reprint.valid_days)

    def submit_reprint_code(self, code: str) -> None:
        context = self.context
        valid_for = timedelta(days=context.config.reprint.valid_days)
        found = context.parts.records.find_reprint(code, context.clock.now(), valid_for)
        if isinstance(found, ReprintRefusal):
            self._refuse(ReprintProblem(found.value))
            return
        job = found.job
        service = next((s for s in context.config.services if s.id == job.service_id), None)
        if service is None or found.id_hash is None or found.issued is None:
            # Not offered here, or the records a reprint needs are gone: a window can still do it.
            self._refuse(ReprintProblem.NOT_HERE)
            return
        tile = next(t for t in context.tiles() if t.service.id == service.id)
        if not tile.available:
            self._refuse(ReprintProblem.NOT_NOW, tile.unavailable[0])
            return
        reprint = Reprint(job.reprint_code, job.id, found.issued, job.copies, job.sheets_out, found.id_hash)
        session = context.start_session(service, reprint)
        session.copies = job.copies
        context.ledger.event(
            AuditEvent.REPRINT,
            outcome="accepted",
            detail={"job": job.id, "sheets": len(reprint.pages_to_print), "of": reprint.sheets},
        )
        context.move("use_code", JourneyState.INTRO)

    def _refuse(self, problem: ReprintProblem, stopped: Unavailability | None = None) -> None:
        context = self.context
        self.problem, self.stopped = problem, stopped
        context.ledger.event(AuditEvent.REPRINT, outcome=problem.value)
        context.restart_timeout()
        context.changed()

    def dismiss(self) -> None:
        """重新输入: the refusal read, the keypad again (the code typed is still there to correct)."""
        if self.problem is not None:
            self.problem, self.stopped = None, None
            self.context.restart_timeout()
            self.context.changed()

    def back(self) -> None:
        """返回: to the home screen; nothing was begun."""
        self.context.move("back_home", JourneyState.HOME)

    def cancel(self) -> None:
        self.context.move("rest", JourneyState.ATTRACT)

    def expire(self) -> None:
        self.context.move("rest", JourneyState.ATTRACT)
