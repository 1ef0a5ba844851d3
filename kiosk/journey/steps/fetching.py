"""Fetching: the source answers and the document is rendered, with its page images for the preview."""

from __future__ import annotations

from kiosk.audit import AuditEvent
from kiosk.documents.base import DocumentKind, DocumentRequest, FetchProblem, IssueContext
from kiosk.journey.desk import DocumentDesk, PreparedDocument
from kiosk.journey.states import JourneyState, Timeout, TimeoutKind
from kiosk.journey.steps.base import Step
from kiosk.journey.steps.route import fetch_problem, source_of, source_timed_out

FETCHING = Timeout(40.0, TimeoutKind.LIMIT)
"""The source answers (the gateway client's own timeout and retries fit inside) and the PDF renders
(≤ 0.3 s)."""


class FetchingStep(Step):
    state = JourneyState.FETCHING
    timeout = FETCHING

    def enter(self) -> None:
        context = self.context
        session = context.session
        assert session is not None and session.subject is not None
        context.set_timeout(self.timeout)
        kind = DocumentKind(session.service.template)
        now = context.clock.now()
        issue = IssueContext(
            number=context.parts.numbers(kind, now),
            kiosk_id=context.config.kiosk.id,
            kiosk_name=context.config.kiosk.name,
            issued_at=now,
        )
        request = DocumentRequest(kind, session.subject, session.credit_code)
        start = context.ledger.begin(AuditEvent.DOCUMENT_FETCH, detail={"kind": kind.value})
        future = context.docs.submit(
            DocumentDesk.prepare, session.service.source, request, issue, context.parts.preview_width
        )

        def done(result: PreparedDocument | FetchProblem) -> None:
            outcome = result.failure.value if isinstance(result, FetchProblem) else "ok"
            context.ledger.finish(start, AuditEvent.DOCUMENT_FETCH, outcome)
            self._ready(result)

        context.submit(source_of(context), future, done)

    def _ready(self, result: PreparedDocument | FetchProblem) -> None:
        session = self.context.session
        assert session is not None
        if isinstance(result, FetchProblem):
            fetch_problem(self.context, result)
            return
        session.prepared = result
        session.copies = 1
        self.context.move("show_preview", JourneyState.PREVIEW)

    def expire(self) -> None:
        source_timed_out(self.context)
