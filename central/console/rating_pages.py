"""好差评 pages: ratings by level per week, kiosk and service; the poor ratings and each one's
follow-up (:mod:`central.console.ratings`)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from central.console import audit, fleet, ratings
from central.console.auth import Permission, Viewer
from central.console.charts import levels
from central.console.contact import ContactError, unseal
from central.console.ratings import FINISHED, CaseState, Step, StepRefusal
from central.console.web import (
    KIOSK_ID,
    NUMBER,
    PREFIX,
    Connection,
    Console,
    Refused,
    address,
    day,
    language_of,
    matching,
    read_form,
)
from central.console.words import t, title

Form = Annotated[dict[str, str], Depends(read_form)]
RATING_DAYS = 8 * 7
"""The ratings page's range when none is asked for: eight weeks."""
SHOWN_STATES = {
    "open": frozenset(CaseState) - FINISHED,
    "finished": FINISHED,
    "all": None,
}


def router(console: Console) -> APIRouter:
    pages = APIRouter(prefix=PREFIX)

    def allowed(request: Request, connection: Connection) -> Viewer:
        viewer = console.viewer(request, connection)
        if not viewer.may(Permission.SEE_RATINGS):
            raise console.denied(request, connection, viewer, "ratings")
        return viewer

    @pages.get("/ratings")
    def ratings_page(
        request: Request, since: str | None = None, until: str | None = None, show: str = "open"
    ) -> HTMLResponse:
        first, last = day(since, "since"), day(until, "until")
        if show not in SHOWN_STATES:
            raise Refused(400, "bad_request", why="show")
        last = last or date.today()
        first = first or last - timedelta(days=RATING_DAYS - 1)
        if first > last:
            raise Refused(400, "bad_request", why="since/until")
        language = language_of(request)
        with console.connection() as connection:
            viewer = allowed(request, connection)
            found = ratings.cases(
                connection, viewer.halls, states=SHOWN_STATES[show], since=first, until=last
            )
            counts = ratings.by_level(connection, viewer.halls, first, last)
        charts = {(c.week, c.kiosk_id, c.service_id): levels(c.levels, t(language, "levels")) for c in counts}
        return console.render(
            request,
            "ratings.html",
            viewer,
            cases=found,
            counts=counts,
            charts=charts,
            since=first.isoformat(),
            until=last.isoformat(),
            show=show,
        )

    def _case(
        request: Request, connection: Connection, viewer: Viewer, kiosk_id: str, seq: str
    ) -> ratings.Case:
        matching(KIOSK_ID, kiosk_id, "kiosk")
        matching(NUMBER, seq, "seq")
        found = ratings.case(connection, kiosk_id, int(seq))
        if found is None:
            hall = fleet.hall_of(connection, kiosk_id)
            if hall is not None and not viewer.sees_hall(hall):
                raise console.denied(request, connection, viewer, f"rating {kiosk_id}/{seq}")
            raise Refused(404, "not_found")
        if not viewer.sees_hall(found.hall_id):
            raise console.denied(request, connection, viewer, f"rating {kiosk_id}/{seq}")
        return found

    @pages.get("/ratings/{kiosk_id}/{seq}")
    def case_page(request: Request, kiosk_id: str, seq: str, done: str | None = None) -> HTMLResponse:
        language = language_of(request)
        contact = None
        with console.connection() as connection:
            viewer = allowed(request, connection)
            case = _case(request, connection, viewer, kiosk_id, seq)
            history = ratings.steps(connection, case.kiosk_id, case.seq)
            if case.shows_contact_to(viewer):
                contact = _contact(console, connection, case)
                audit.record(
                    connection,
                    "reveal_contact",
                    "ok" if contact else "unreadable",
                    user_id=viewer.user_id,
                    login=viewer.login,
                    target=f"rating {case.ref}",
                    address=address(request),
                )
        message = None
        if done in {s.value for s in Step}:
            message = t(language, "step_done", step=title(language, done))
        return console.render(
            request,
            "case.html",
            viewer,
            case=case,
            history=history,
            steps=case.steps_for(viewer),
            contact=contact,
            csrf=viewer.csrf,
            message=message,
        )

    @pages.post("/ratings/{kiosk_id}/{seq}")
    def case_step(request: Request, kiosk_id: str, seq: str, form: Form) -> Response:
        with console.connection() as connection:
            viewer = allowed(request, connection)
            console.checked_form(request, connection, viewer, form)
            case = _case(request, connection, viewer, kiosk_id, seq)
            try:
                step = Step(form.get("step", ""))
            except ValueError:
                raise Refused(400, "bad_request", why="step") from None
            with connection.transaction():
                outcome = ratings.take_step(
                    connection, viewer, case.kiosk_id, case.seq, step, form.get("note", "")
                )
                audit.record(
                    connection,
                    f"rating_{step.value}",
                    outcome.value,
                    user_id=viewer.user_id,
                    login=viewer.login,
                    target=f"rating {case.ref}",
                    detail={"note": form.get("note", "")[: ratings.MAX_NOTE]},
                    address=address(request),
                )
        if isinstance(outcome, StepRefusal):
            status, key = {
                StepRefusal.NOT_ALLOWED: (403, "forbidden"),
                StepRefusal.NOT_HANDLER: (403, "not_handler"),
                StepRefusal.WRONG_STATE: (409, "wrong_state"),
                StepRefusal.NO_NOTE: (400, "note_required"),
            }[outcome]
            raise Refused(status, key)
        return RedirectResponse(
            f"{PREFIX}/ratings/{case.kiosk_id}/{case.seq}?done={step.value}", status_code=303
        )

    return pages


def _contact(console: Console, connection: Connection, case: ratings.Case) -> str:
    """The handler's view of the contact: the number, or "" when it cannot be opened (no key
    configured, another key, altered)."""
    sealed = ratings.sealed_contact(connection, case.kiosk_id, case.seq)
    if sealed is None or console.contact_key is None:
        return ""
    try:
        return unseal(console.contact_key, sealed)
    except ContactError:
        return ""
