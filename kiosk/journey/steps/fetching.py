"""Fetching: the source answers and the document is rendered, with its page images for the preview.

A 补打 visit makes again the document the kiosk issued — its own number and time, from the same
source — and goes on to print only if it is the same document (its data hashes as the records
have it): pages made from a record that changed since would not belong with those that came out.
Without a preview: the citizen checked it the first time."""

from __future__ import annotations

from kiosk.audit import AuditEvent
from kiosk.documents.base import DocumentKind, DocumentRequest, FetchProblem, IssueContext
from kiosk.journey.desk import DocumentChanged, DocumentDesk, PreparedDocument, PreparedSheets
from kiosk.journey.session import Reprint
from kiosk.journey.states import JourneyState, Notice, NoticeReason, Outcome, Timeout, TimeoutKind
from kiosk.journey.steps.base import Step
from kiosk.journey.steps.route import fetch_problem, source_of, source_timed_out

FETCHING = Timeout(40.0, TimeoutKind.LIMIT)
"""The source answers (the gateway client's own timeout and retries fit inside) and the PDF renders
(≤ 0.3 s). A reprint of a business license may render one per business of the holder: a few."""


class FetchingStep(Step):
    state = JourneyState.FETCHING
    timeout = FETCHING

    def enter(self) -> None:
        context = self.context
        session = context.session
        assert session is not None and session.subject is not None
        context.set_timeout(self.timeout)
        if session.reprint is not None:
            self._make_again(session.reprint)
            return
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

    def _make_again(self, reprint: Reprint) -> None:
        context = self.context
        session = context.session
        assert session is not None and session.subject is not None
        kind = DocumentKind(reprint.document.kind)
        issue = IssueContext(
            number=reprint.document.number,
            kiosk_id=context.config.kiosk.id,
            kiosk_name=context.config.kiosk.name,
            issued_at=reprint.document.issued_at,
        )
        start = context.ledger.begin(AuditEvent.DOCUMENT_FETCH, detail={"kind": kind.value, "reprint": True})
        future = context.docs.submit(
            DocumentDesk.prepare_reprint,
            session.service.source,
            kind,
            session.subject,
            issue,
            reprint.document.sha256,
            reprint.pages_to_print,
        )

        def done(result: PreparedSheets | FetchProblem | DocumentChanged) -> None:
            if isinstance(result, FetchProblem):
                outcome = result.failure.value
            else:
                outcome = "changed" if isinstance(result, DocumentChanged) else "ok"
            context.ledger.finish(start, AuditEvent.DOCUMENT_FETCH, outcome)
            self._sheets_ready(result)

        context.submit(source_of(context), future, done)

    def _sheets_ready(self, result: PreparedSheets | FetchProblem | DocumentChanged) -> None:
        context = self.context
        session = context.session
        assert session is not None
        if isinstance(result, FetchProblem):
            fetch_problem(context, result)
            return
        if isinstance(result, DocumentChanged):
            context.explain(Notice(NoticeReason.REPRINT_CHANGED), Outcome.NO_RECORD)
            return
        session.prepared = PreparedDocument(result.document, ())  # no preview: nothing to show
        session.sheets_pdf = result.pdf
        context.move("print_reprint", JourneyState.PRINTING)

    def expire(self) -> None:
        source_timed_out(self.context)
