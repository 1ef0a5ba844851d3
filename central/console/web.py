"""The console's plumbing: templates, who is asking, forms and their CSRF token, and refusals.

Every page needs a session (:func:`Console.viewer`); every form posts the session's CSRF token
(:func:`Console.checked_form`). A refusal is an exception that becomes a page in the viewer's
language with the right status, and nothing is changed: each check comes before any write.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import parse_qs, quote
from zoneinfo import ZoneInfo

import psycopg
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from psycopg_pool import ConnectionPool
from starlette.exceptions import HTTPException as StarletteHTTPException

from central.config import CentralConfig
from central.console import audit
from central.console.auth import NoSession, Permission, Viewer, check_session, same_token
from central.console.charts import LEVEL_COLOURS
from central.console.contact import load_private
from central.console.words import Language, duration, t, title

Connection = psycopg.Connection[Any]
PREFIX = "/console"
SESSION_COOKIE = "ck_console"
LOGIN_COOKIE = "ck_login"  # the log-in form's own CSRF token, before there is a session
LANGUAGE_COOKIE = "ck_lang"
MAX_FORM_BYTES = 16 * 1024
MAX_FORM_FIELDS = 10
KIOSK_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{1,31}$")
HALL_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$")
NUMBER = re.compile(r"^[0-9]{1,18}$")
DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


class Refused(Exception):  # noqa: N818 - a refusal is an answer
    """Answer with a page saying ``key`` (a :mod:`~central.console.words` key) and ``status``."""

    def __init__(self, status: int, key: str, **values: object) -> None:
        super().__init__(key)
        self.status = status
        self.key = key
        self.values = values


class Redirect(Exception):  # noqa: N818 - a redirect is an answer
    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.url = url


def local_path(candidate: str | None) -> str:
    """A path on this console to go back to, never another site (``//evil``, ``https://…``)."""
    if candidate and candidate.startswith(PREFIX + "/") and "//" not in candidate and "\\" not in candidate:
        return candidate
    return PREFIX + "/"


def day(value: str | None, name: str) -> date | None:
    """A date from a query string (YYYY-MM-DD), or a refusal naming the field."""
    if value is None or value == "":
        return None
    if not DAY.match(value):
        raise Refused(400, "bad_request", why=f"{name}: YYYY-MM-DD")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise Refused(400, "bad_request", why=f"{name}: {value[:10]}") from None


def matching(pattern: re.Pattern[str], value: str, name: str) -> str:
    if not pattern.match(value):
        raise Refused(400, "bad_request", why=name)
    return value


@dataclass
class Console:
    config: CentralConfig
    pool: ConnectionPool[Any]
    templates: Environment
    zone: ZoneInfo
    contact_key: X25519PrivateKey | None
    secure: bool

    @classmethod
    def create(cls, config: CentralConfig, pool: ConnectionPool[Any]) -> Console:
        environment = Environment(
            loader=PackageLoader("central.console", "templates"),
            autoescape=select_autoescape(["html"]),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        console = config.console
        key = load_private(console.contact_key) if console.contact_key is not None else None
        secure = console.secure_cookies
        if secure is None:
            secure = config.server.tls_cert is not None
        return cls(config, pool, environment, ZoneInfo(console.timezone), key, secure)

    @contextmanager
    def connection(self) -> Iterator[Connection]:
        with self.pool.connection() as connection:
            yield connection

    # -- who is asking ---------------------------------------------------------------------------

    def viewer(self, request: Request, connection: Connection) -> Viewer:
        """The signed-in viewer; else to the log-in page (a GET) or a refusal (anything else)."""
        found = check_session(connection, request.cookies.get(SESSION_COOKIE), self.config.console)
        if isinstance(found, Viewer):
            return found
        if request.method != "GET":
            raise Refused(401, "expired")
        back = quote(str(request.url.path) + (f"?{request.url.query}" if request.url.query else ""))
        flag = "&expired=1" if found is NoSession.EXPIRED else ""
        raise Redirect(f"{PREFIX}/login?next={back}{flag}")

    def checked_form(
        self, request: Request, connection: Connection, viewer: Viewer, form: dict[str, str]
    ) -> None:
        """The form carries this session's CSRF token, or nothing is done (and that is logged)."""
        if not same_token(form.get("csrf"), viewer.csrf):
            audit.record(
                connection,
                "csrf_refused",
                "refused",
                user_id=viewer.user_id,
                login=viewer.login,
                target=request.url.path,
                address=address(request),
            )
            raise Refused(403, "forged")

    def denied(self, request: Request, connection: Connection, viewer: Viewer, target: str) -> Refused:
        """A viewer reaching outside their halls: logged, and refused."""
        audit.record(
            connection,
            "denied",
            "refused",
            user_id=viewer.user_id,
            login=viewer.login,
            target=target,
            address=address(request),
        )
        return Refused(403, "forbidden")

    # -- pages -----------------------------------------------------------------------------------

    def render(
        self, request: Request, name: str, viewer: Viewer | None, status: int = 200, **context: Any
    ) -> HTMLResponse:
        language = language_of(request)
        page = self.templates.get_template(name).render(
            lang=language.value,
            t=lambda key, **values: t(language, key, **values),
            title=lambda key: title(language, key),
            ago=lambda seconds: duration(language, seconds),
            when=self.when,
            viewer=viewer,
            path=request.url.path,
            prefix=PREFIX,
            permissions=Permission,
            colours=LEVEL_COLOURS,
            **context,
        )
        response = HTMLResponse(page, status_code=status)
        response.headers["Cache-Control"] = "no-store"
        return response

    def when(self, value: datetime | None) -> str:
        """A time as the hall reads it: the centre's own times (timestamptz) in the hall's zone;
        the kiosks' wall times (naive) as they are."""
        if value is None:
            return "—"
        if value.tzinfo is not None:
            value = value.astimezone(self.zone)
        return value.strftime("%Y-%m-%d %H:%M")

    def set_session(self, response: Response, token: str | None) -> None:
        if token is None:
            response.delete_cookie(SESSION_COOKIE, path=PREFIX)
            return
        response.set_cookie(
            SESSION_COOKIE,
            token,
            max_age=self.config.console.session_max_hours * 3600,
            path=PREFIX,
            secure=self.secure,
            httponly=True,
            samesite="strict",
        )


def language_of(request: Request) -> Language:
    return Language.EN if request.cookies.get(LANGUAGE_COOKIE) == Language.EN.value else Language.ZH


def address(request: Request) -> str | None:
    return request.client.host if request.client else None


async def read_form(request: Request) -> dict[str, str]:
    """A posted form (application/x-www-form-urlencoded, small): one value per field."""
    kind = request.headers.get("content-type", "").split(";")[0].strip()
    if kind != "application/x-www-form-urlencoded":
        raise Refused(415, "bad_request", why="content-type")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            raise Refused(413, "bad_request", why="too large")
    try:
        fields = parse_qs(body.decode("utf-8"), keep_blank_values=True, max_num_fields=MAX_FORM_FIELDS)
    except (UnicodeDecodeError, ValueError):
        raise Refused(400, "bad_request", why="form") from None
    return {name: values[0] for name, values in fields.items()}


def install_answers(app: FastAPI, console: Console) -> None:
    """Refusals and redirects become pages."""

    @app.exception_handler(Refused)
    async def refused(request: Request, exc: Refused) -> HTMLResponse:
        language = language_of(request)
        return console.render(
            request, "refusal.html", None, exc.status, message=t(language, exc.key, **exc.values)
        )

    @app.exception_handler(StarletteHTTPException)
    async def not_found(request: Request, exc: StarletteHTTPException) -> Response:
        if not request.url.path.startswith(PREFIX + "/"):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
        language = language_of(request)
        key = "not_found" if exc.status_code == 404 else "bad_request"
        return console.render(
            request, "refusal.html", None, exc.status_code, message=t(language, key, why=exc.detail)
        )

    @app.exception_handler(Redirect)
    async def redirect(_request: Request, exc: Redirect) -> RedirectResponse:
        return RedirectResponse(exc.url, status_code=303)
