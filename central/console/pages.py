"""The console's pages: log-in, the fleet, a hall, a kiosk, alerts, statistics and the audit log.
The follow-up of poor ratings is in :mod:`central.console.rating_pages`."""

from __future__ import annotations

import csv
import io
import secrets
from datetime import date, datetime, timedelta
from typing import Annotated, Any

import psycopg
from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from central.console import alerts, audit, fleet
from central.console.auth import LoggedIn, LoginRefusal, Permission, log_in, log_out
from central.console.charts import Bar, bars, grid
from central.console.web import (
    HALL_ID,
    KIOSK_ID,
    LANGUAGE_COOKIE,
    LOGIN_COOKIE,
    NUMBER,
    PREFIX,
    SESSION_COOKIE,
    Console,
    Refused,
    address,
    day,
    language_of,
    local_path,
    matching,
    read_form,
)
from central.console.words import Language, t, title
from central.stats import BandRow, GroupBy, sessions_by_band
from kiosk.stats import Band

Form = Annotated[dict[str, str], Depends(read_form)]
STATS_DAYS = 28
"""The statistics page's range when none is asked for: four weeks, every band several times."""
MAX_RANGE_DAYS = 366 * 3
OUTSIDE_HOURS = frozenset({Band.WEEKDAY_EARLY_LATE, Band.NIGHT, Band.WEEKEND})


def router(console: Console) -> APIRouter:
    pages = APIRouter(prefix=PREFIX)

    # -- log-in ----------------------------------------------------------------------------------

    @pages.get("/login")
    def login_page(request: Request, next: str | None = None, expired: str | None = None) -> HTMLResponse:
        token = secrets.token_urlsafe(24)
        response = console.render(
            request,
            "login.html",
            None,
            csrf=token,
            next=local_path(next),
            message=t(language_of(request), "expired") if expired else None,
        )
        response.set_cookie(
            LOGIN_COOKIE,
            token,
            max_age=3600,
            path=PREFIX,
            secure=console.secure,
            httponly=True,
            samesite="strict",
        )
        return response

    @pages.post("/login")
    def login(request: Request, form: Form) -> Response:
        language = language_of(request)
        login_name = form.get("login", "")[:64]
        expected = request.cookies.get(LOGIN_COOKIE)
        if not expected or form.get("csrf") != expected:
            raise Refused(403, "forged")
        with console.connection() as connection:
            result = log_in(connection, login_name, form.get("password", ""), console.config.console)
            if isinstance(result, LoggedIn):
                audit.record(
                    connection,
                    "log_in",
                    "ok",
                    user_id=result.user_id,
                    login=login_name,
                    address=address(request),
                )
                response: Response = RedirectResponse(local_path(form.get("next")), status_code=303)
                console.set_session(response, result.token)
                response.delete_cookie(LOGIN_COOKIE, path=PREFIX)
                return response
            audit.record(
                connection,
                "log_in",
                result.reason.value,
                user_id=result.user_id,
                login=login_name,
                address=address(request),
            )
        message = (
            t(language, "locked", until=console.when(result.locked_until))
            if result.reason is LoginRefusal.LOCKED
            else t(language, "wrong_password")
        )
        page = console.render(
            request,
            "login.html",
            None,
            401,
            csrf=expected,
            next=local_path(form.get("next")),
            message=message,
        )
        return page

    @pages.post("/logout")
    def logout(request: Request, form: Form) -> Response:
        with console.connection() as connection:
            viewer = console.viewer(request, connection)
            console.checked_form(request, connection, viewer, form)
            log_out(connection, request.cookies.get(SESSION_COOKIE, ""))
            audit.record(connection, "log_out", "ok", user_id=viewer.user_id, login=viewer.login)
        response = RedirectResponse(f"{PREFIX}/login", status_code=303)
        console.set_session(response, None)
        return response

    @pages.get("/language/{code}")
    def language(request: Request, code: str, next: str | None = None) -> Response:
        chosen = Language.EN if code == Language.EN.value else Language.ZH
        response = RedirectResponse(local_path(next), status_code=303)
        response.set_cookie(LANGUAGE_COOKIE, chosen.value, max_age=365 * 86400, path=PREFIX, samesite="lax")
        return response

    # -- the fleet -------------------------------------------------------------------------------

    @pages.get("/")
    def fleet_page(request: Request) -> HTMLResponse:
        with console.connection() as connection:
            viewer = console.viewer(request, connection)
            kiosks = fleet.kiosks(connection, viewer.halls)
            halls = fleet.halls(connection, viewer.halls)
        return console.render(request, "fleet.html", viewer, kiosks=kiosks, halls=halls, hall=None)

    @pages.get("/halls/{hall_id}")
    def hall_page(request: Request, hall_id: str) -> HTMLResponse:
        matching(HALL_ID, hall_id, "hall")
        with console.connection() as connection:
            viewer = console.viewer(request, connection)
            if not viewer.sees_hall(hall_id):
                raise console.denied(request, connection, viewer, f"hall {hall_id}")
            halls = [h for h in fleet.halls(connection, viewer.halls) if h.id == hall_id]
            if not halls:
                raise Refused(404, "not_found")
            kiosks = fleet.kiosks(connection, viewer.halls, hall_id=hall_id)
        return console.render(request, "fleet.html", viewer, kiosks=kiosks, halls=halls, hall=halls[0])

    @pages.get("/kiosks/{kiosk_id}")
    def kiosk_page(request: Request, kiosk_id: str) -> HTMLResponse:
        matching(KIOSK_ID, kiosk_id, "kiosk")
        with console.connection() as connection:
            viewer = console.viewer(request, connection)
            hall = fleet.hall_of(connection, kiosk_id)
            if hall is None:
                raise Refused(404, "not_found")
            if not viewer.sees_hall(hall):
                raise console.denied(request, connection, viewer, f"kiosk {kiosk_id}")
            (kiosk,) = fleet.kiosks(connection, viewer.halls, kiosk_id=kiosk_id)
            changes = fleet.history(connection, kiosk_id)
            found = alerts.listing(connection, viewer.halls, kiosk_id=kiosk_id, recent_days=30, limit=50)
        return console.render(
            request, "kiosk.html", viewer, kiosk=kiosk, history=changes, alerts=found, csrf=viewer.csrf
        )

    # -- alerts ----------------------------------------------------------------------------------

    @pages.get("/alerts")
    def alerts_page(request: Request) -> HTMLResponse:
        with console.connection() as connection:
            viewer = console.viewer(request, connection)
            found = alerts.listing(connection, viewer.halls)
        return console.render(request, "alerts.html", viewer, alerts=found, csrf=viewer.csrf)

    @pages.post("/alerts/{alert_id}/ack")
    def acknowledge(request: Request, alert_id: str, form: Form) -> Response:
        matching(NUMBER, alert_id, "alert")
        with console.connection() as connection:
            viewer = console.viewer(request, connection)
            console.checked_form(request, connection, viewer, form)
            alert = alerts.one(connection, int(alert_id))
            if alert is None:
                raise Refused(404, "not_found")
            if not viewer.sees_hall(alert.hall_id) or not viewer.may(Permission.ACKNOWLEDGE_ALERT):
                raise console.denied(request, connection, viewer, f"alert {alert_id}")
            note = form.get("note", "").strip()[:500]
            with connection.transaction():
                done = alerts.acknowledge(connection, alert.id, viewer.login, note)
                audit.record(
                    connection,
                    "acknowledge_alert",
                    done.value,
                    user_id=viewer.user_id,
                    login=viewer.login,
                    target=f"alert {alert.id} ({alert.kiosk_id} {alert.key})",
                    detail={"note": note},
                    address=address(request),
                )
        return RedirectResponse(local_path(form.get("next")) if form.get("next") else f"{PREFIX}/alerts", 303)

    # -- statistics ------------------------------------------------------------------------------

    def _stats(since_text: str | None, until_text: str | None, by: str | None) -> tuple[date, date, GroupBy]:
        since = day(since_text, "since")
        until = day(until_text, "until")
        if by not in (None, "", GroupBy.HALL.value, GroupBy.KIOSK.value):
            raise Refused(400, "bad_request", why="by")
        group = GroupBy.KIOSK if by == GroupBy.KIOSK.value else GroupBy.HALL
        until = until or date.today()
        since = since or until - timedelta(days=STATS_DAYS - 1)
        if since > until or (until - since).days > MAX_RANGE_DAYS:
            raise Refused(400, "bad_request", why="since/until")
        return since, until, group

    @pages.get("/stats")
    def stats_page(
        request: Request, since: str | None = None, until: str | None = None, by: str | None = None
    ) -> HTMLResponse:
        first, last, group = _stats(since, until, by)
        language = language_of(request)
        with console.connection() as connection:
            viewer = console.viewer(request, connection)
            rows = _band_rows(connection, viewer.halls, first, last, group)
        totals = {band: [0, 0] for band in Band}
        values: dict[tuple[str, str], int] = {}
        for row in rows:
            totals[row.band][0] += row.sessions
            totals[row.band][1] += row.completed
            values[(row.group, title(language, row.band))] = row.sessions
        everything = sum(n for n, _ in totals.values())
        outside = sum(totals[b][0] for b in OUTSIDE_HOURS)
        chart = bars(
            [Bar(title(language, b), totals[b][0], totals[b][1]) for b in Band], t(language, "by_band")
        )
        groups = sorted({row.group for row in rows})
        heat = grid(
            groups,
            [title(language, b) for b in Band],
            values,
            t(language, "grid", group=t(language, "hall" if group is GroupBy.HALL else "kiosk")),
        )
        return console.render(
            request,
            "stats.html",
            viewer,
            rows=rows,
            since=first.isoformat(),
            until=last.isoformat(),
            by=group.value,
            chart=chart,
            heat=heat,
            totals=totals,
            bands=list(Band),
            everything=everything,
            outside_share=(outside / everything) if everything else None,
        )

    @pages.get("/stats.csv")
    def stats_csv(
        request: Request, since: str | None = None, until: str | None = None, by: str | None = None
    ) -> Response:
        first, last, group = _stats(since, until, by)
        language = language_of(request)
        with console.connection() as connection:
            viewer = console.viewer(request, connection)
            rows = _band_rows(connection, viewer.halls, first, last, group)
            audit.record(
                connection,
                "export_csv",
                "ok",
                user_id=viewer.user_id,
                login=viewer.login,
                target="stats",
                detail={"since": first.isoformat(), "until": last.isoformat(), "by": group.value},
                address=address(request),
            )
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow([group.value, "band", "band_title", "sessions", "completed", "since", "until"])
        for row in rows:
            writer.writerow(
                [row.group, row.band.value, title(language, row.band), row.sessions, row.completed,
                 first.isoformat(), last.isoformat()]
            )  # fmt: skip
        name = f"stats-{group.value}-{first.isoformat()}-{last.isoformat()}.csv"
        return Response(
            "\ufeff" + out.getvalue(),  # a BOM, so a spreadsheet opens the Chinese titles as UTF-8
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"},
        )

    # -- the audit log ---------------------------------------------------------------------------

    @pages.get("/audit")
    def audit_page(request: Request) -> HTMLResponse:
        with console.connection() as connection:
            viewer = console.viewer(request, connection)
            if not viewer.may(Permission.SEE_AUDIT):
                raise console.denied(request, connection, viewer, "audit log")
            entries = audit.recent(connection, viewer.halls)
        return console.render(request, "audit.html", viewer, entries=entries)

    return pages


def _band_rows(
    connection: psycopg.Connection[Any],
    halls: frozenset[str] | None,
    since: date,
    until: date,
    group: GroupBy,
) -> list[BandRow]:
    """Sessions by band from ``since`` to ``until``, both days whole."""
    return sessions_by_band(
        connection,
        datetime(since.year, since.month, since.day),
        datetime(until.year, until.month, until.day) + timedelta(days=1),
        group,
        repeat_visitors=False,
        halls=halls,
    )
