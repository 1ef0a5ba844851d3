"""The diagnostics screen: a technician's visit, opened with the PIN from attract, home or out of
service (kiosk/journey/technician.py). The visit — its readiness report, remade every few seconds,
and its self-tests — exists while this step runs; leaving drops it, and a card test's masked number
with it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kiosk.audit import AuditEvent
from kiosk.journey.context import StepContext
from kiosk.journey.states import JourneyState, Timeout, TimeoutKind
from kiosk.journey.steps.base import Step
from kiosk.journey.technician import TechnicianVisit
from kiosk.journey.view import DiagnosticsView
from kiosk.self_tests import SelfTest

DIAGNOSTICS = Timeout(300.0, TimeoutKind.IDLE)
"""A technician who walked away from the diagnostics screen leaves the kiosk to the citizens (a card
read test waits up to 15 s, a refill takes a minute or two between taps)."""

REPORT_EVERY = 5.0
"""How often the diagnostics screen's readiness report is made again."""


class DiagnosticsStep(Step):
    state = JourneyState.DIAGNOSTICS
    timeout = DIAGNOSTICS

    def __init__(self, context: StepContext) -> None:
        super().__init__(context)

        # The technician's records never stop the visit: they come to fix what is broken, storage too.
        def record(type: AuditEvent, outcome: str | None, detail: Mapping[str, Any] | None) -> None:
            context.ledger.note(type, outcome=outcome, detail=detail)

        self.visit = TechnicianVisit(
            config=context.config,
            devices=context.devices,
            records=context.parts.records,
            clock=context.clock,
            report=context.parts.readiness,
            on_event=record,
        )

    def enter(self) -> None:
        context = self.context
        context.handover.help = None
        context.elderly, context.language = False, "zh_CN"  # the technician's screen is in Chinese
        self.visit.refresh()
        context.set_timeout(self.timeout)
        context.tick_in(REPORT_EVERY)

    def view(self) -> DiagnosticsView:
        return self.visit.view()

    def tick(self) -> None:
        self.context.health.check_now()
        self.visit.refresh()
        self.context.tick_in(REPORT_EVERY)

    def poll(self) -> bool:
        return self.visit.poll()

    def wait(self, timeout: float) -> None:
        self.visit.wait(timeout)

    def leave(self) -> None:
        self.visit.close()  # with it go the test results (a read card's masked number)

    def run_self_test(self, test: SelfTest) -> bool:
        """Start a self-test; False if one is still running."""
        self.context.restart_timeout()
        started = self.visit.start_test(test)
        if started:
            self.context.changed()
        return started

    def leave_diagnostics(self) -> None:
        self.context.ledger.note(AuditEvent.DIAGNOSTICS, outcome="left")
        self.context.health.check_now()
        self.context.move("rest", JourneyState.ATTRACT)

    def cancel(self) -> None:
        self.leave_diagnostics()  # the idle warning's 结束办理 on the diagnostics screen

    def expire(self) -> None:
        self.context.ledger.note(AuditEvent.DIAGNOSTICS, outcome="timed_out")
        self.context.move("rest", JourneyState.ATTRACT)
