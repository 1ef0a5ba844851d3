"""Where the visit goes once the card holder is known: the face check if the service asks for one,
then the business to choose (a license copy, not for a reprint), then the document. Shared by the
steps after which the route continues (identify, the elderly offer, the face check)."""

from __future__ import annotations

from kiosk.documents.base import BusinessChoice, DocumentKind, FetchFailure, FetchProblem
from kiosk.journey.context import StepContext
from kiosk.journey.desk import DocumentDesk
from kiosk.journey.states import JourneyState, Notice, NoticeReason, Outcome
from kiosk.parts import Part


def after_identity(context: StepContext) -> None:
    session = context.session
    assert session is not None
    if session.service.face_check:
        context.move("check_face", JourneyState.FACE_CHECK)
    else:
        after_face_check(context)


def after_face_check(context: StepContext) -> None:
    session = context.session
    assert session is not None
    # A reprint makes again the document it printed: no business to choose (the desk finds it).
    if session.reprint is not None or session.service.template != DocumentKind.BUSINESS_LICENSE.value:
        context.move("fetch", JourneyState.FETCHING)
        return
    subject = session.subject
    assert subject is not None
    future = context.docs.submit(DocumentDesk.businesses, session.service.source, subject)
    context.submit(source_of(context), future, lambda result: _businesses_found(context, result))


def _businesses_found(context: StepContext, result: list[BusinessChoice] | FetchProblem) -> None:
    session = context.session
    assert session is not None
    if isinstance(result, FetchProblem):
        fetch_problem(context, result)
        return
    if not result:
        context.explain(Notice(NoticeReason.NO_BUSINESS), Outcome.NO_RECORD)
        return
    session.businesses = tuple(result)
    if len(result) == 1:
        session.credit_code = result[0].credit_code
        context.move("fetch", JourneyState.FETCHING)
    else:
        context.move("pick_business", JourneyState.CHOOSE_BUSINESS)


def fetch_problem(context: StepContext, problem: FetchProblem) -> None:
    """The source had nothing for this person, or failed."""
    source = source_of(context)
    if problem.failure is FetchFailure.NOT_FOUND:
        context.explain(Notice(NoticeReason.NO_RECORD, source), Outcome.NO_RECORD)
    else:
        context.explain(
            Notice(NoticeReason.SOURCE_FAULT, source, problem.failure), Outcome.SOURCE_FAULT, source
        )


def source_timed_out(context: StepContext) -> None:
    """The source did not answer within the step's limit."""
    source = source_of(context)
    context.explain(
        Notice(NoticeReason.SOURCE_FAULT, source, FetchFailure.TIMEOUT), Outcome.SOURCE_FAULT, source
    )


def source_of(context: StepContext) -> Part:
    """The source the session's service takes its documents from."""
    assert context.session is not None
    return Part(context.session.service.source)
