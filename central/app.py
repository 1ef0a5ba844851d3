"""The central service's HTTP API (FastAPI on uvicorn).

- ``POST /v1/ingest``: a kiosk's batch (:mod:`central.ingest`), with ``Authorization: Bearer``;
  the answer is an :class:`~kiosk.wire.Acknowledgement` or a :class:`~kiosk.wire.Refusal`.
- ``GET /healthz``: the service and its database answer (for a load balancer, and the tests).
- ``/console/…``: the console's pages (:mod:`central.console`); ``GET /metrics`` for Prometheus.

Alerts are swept after a stored batch that can change them (for that kiosk) and every
:data:`~central.console.alerts.SWEEP_SECONDS` (for silent kiosks).

One process serves with :func:`create_app`; ``[server] workers`` above one starts uvicorn's
worker processes, each building its app with :func:`from_environment`. Nothing a request needs
is kept in a process (sessions, alerts, metrics are the database's), so every worker answers alike.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from typing import Any

import anyio.to_thread
import psycopg
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from psycopg_pool import ConnectionPool, PoolTimeout
from starlette.concurrency import run_in_threadpool

from central import partitions
from central.config import CentralConfig, load_central_config
from central.console import alerts, metrics, pages, rating_pages
from central.console.auth import forget_expired_sessions, same_token
from central.console.web import PREFIX, Console, install_answers
from central.ingest import ACKNOWLEDGEMENT, REFUSAL, Ingest, Refused, parse
from central.registry import Credentials, authenticate
from central.stats import fill_calendar
from central.tls import CLIENT_CERT_SHA256
from kiosk.wire import INGEST_PATH, RefusalCode

log = logging.getLogger(__name__)

POOL_SIZE = 8
"""Connections to PostgreSQL: enough for a hall's kiosks shipping at once; more only queue."""
INGEST_THREADS = 2
"""Batches a process works on at once. Checking and storing a batch is Python work under one
interpreter lock: with a thread for each kiosk sending (starlette's default, up to 40) the threads
only took the lock from each other and kept as many database connections busy. In ``make bench``
(fleet, two workers) the service spent 3.4–4.7 CPU seconds on 200,000 rows that way, 2.4–2.9 with
two. Two keep one batch checked while another waits on PostgreSQL; more cores want more
``[server] workers``, not more threads."""


def _refusal(refused: Refused) -> JSONResponse:
    return JSONResponse(REFUSAL.dump_python(refused.refusal, mode="json"), status_code=refused.status)


def _libpq(url: str) -> str:
    """A libpq URI from the configured URL (SQLAlchemy's driver suffix dropped)."""
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def create_app(config: CentralConfig) -> FastAPI:
    pool = ConnectionPool(
        _libpq(config.database_url),
        min_size=1,
        max_size=POOL_SIZE,
        kwargs={"autocommit": True},
        open=False,
        check=ConnectionPool.check_connection,  # after a database restart, a dead connection is replaced
        timeout=10.0,
    )
    ingest = Ingest()
    batches_at_once = anyio.CapacityLimiter(INGEST_THREADS)
    max_bytes = config.server.max_batch_bytes
    silent = config.console.silent_minutes

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        pool.open(wait=False)
        try:
            await run_in_threadpool(_prepare, pool, config)
        except (psycopg.OperationalError, PoolTimeout) as exc:
            log.warning("database not reachable at start (%s); ingest answers 503 until it is", exc)
        sweeping = asyncio.create_task(_sweep_every(pool, config))
        # What start-up built (the app, its schemas, the templates: 150,000 objects) lives as long
        # as the process: the collector need not walk it again after every few thousand objects a
        # batch makes (checking batches took 1.6 CPU seconds of the bench's 200,000 rows, 1.1 so).
        gc.freeze()
        yield
        sweeping.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await sweeping
        pool.close()

    app = FastAPI(title="Civic Kiosk central", lifespan=lifespan, docs_url=None, redoc_url=None)
    console = Console.create(config, pool)
    install_answers(app, console)
    app.include_router(pages.router(console))
    app.include_router(rating_pages.router(console))
    scrape = metrics.registry(pool)

    @app.get("/")
    def root() -> RedirectResponse:
        return RedirectResponse(PREFIX + "/", status_code=303)

    @app.get("/metrics")
    def metrics_page(request: Request) -> Response:
        wanted = config.console.metrics_token
        given = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
        if wanted is None:
            return Response("metrics are off: set [console] metrics_token\n", status_code=404)
        if not same_token(given, wanted):
            return Response("a bearer token is required\n", status_code=401)
        return Response(generate_latest(scrape), media_type=CONTENT_TYPE_LATEST)

    @app.get("/healthz")
    def healthz() -> dict[str, Any]:
        try:
            with pool.connection() as connection:
                connection.execute("SELECT 1")
        except (psycopg.OperationalError, PoolTimeout):
            return JSONResponse({"ok": False, "database": "unreachable"}, status_code=503)  # type: ignore[return-value]
        return {"ok": True}

    @app.post(INGEST_PATH)
    async def ingest_batch(request: Request) -> JSONResponse:
        token = request.headers.get("authorization", "").removeprefix("Bearer ").strip() or None
        certificate = getattr(request.state, CLIENT_CERT_SHA256, None)
        if token is None and certificate is None:
            return _refusal(
                Refused(
                    RefusalCode.UNAUTHENTICATED,
                    "no credentials: a token (Authorization: Bearer) or a certificate",
                )
            )
        length = request.headers.get("content-length")
        if length is not None and length.isdigit() and int(length) > max_bytes:
            return _refusal(Refused(RefusalCode.TOO_LARGE, f"the batch is larger than {max_bytes} bytes"))
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > max_bytes:
                return _refusal(Refused(RefusalCode.TOO_LARGE, f"the batch is larger than {max_bytes} bytes"))
        try:
            answer = await anyio.to_thread.run_sync(
                _ingest, pool, ingest, token, certificate, bytes(body), silent, limiter=batches_at_once
            )
        except Refused as refused:
            return _refusal(refused)
        return JSONResponse(ACKNOWLEDGEMENT.dump_python(answer, mode="json"))

    return app


def from_environment() -> FastAPI:
    """The app of one of several workers (``[server] workers``): its configuration from the
    file named by ``CENTRAL_CONFIG`` and the environment, as ``kiosk-central serve`` read it."""
    return create_app(load_central_config())


def _prepare(pool: ConnectionPool[Any], config: CentralConfig) -> None:
    with pool.connection() as connection:
        partitions.ensure(connection, partitions.around(date.today()), date.today())
        fill_calendar(connection, config.calendar)


def _sweep(pool: ConnectionPool[Any], config: CentralConfig) -> None:
    with pool.connection() as connection:
        alerts.sweep(connection, config.console.silent_minutes)
        forget_expired_sessions(connection, config.console)


async def _sweep_every(pool: ConnectionPool[Any], config: CentralConfig) -> None:
    """Silent kiosks raise their alerts without anything arriving: look for them now and then."""
    while True:
        try:
            await run_in_threadpool(_sweep, pool, config)
        except (psycopg.Error, PoolTimeout) as exc:
            log.warning("alert sweep: %s", type(exc).__name__)
        await asyncio.sleep(alerts.SWEEP_SECONDS)


_SAY = {
    Credentials.NONE: (RefusalCode.UNAUTHENTICATED, "no credentials"),
    Credentials.UNKNOWN: (
        RefusalCode.UNAUTHENTICATED,
        "the credentials are not a registered, enabled kiosk's",
    ),
    Credentials.MIXED: (RefusalCode.NOT_YOURS, "the token and the certificate are two different kiosks'"),
    Credentials.CERTIFICATE_MISSING: (
        RefusalCode.UNAUTHENTICATED,
        "this kiosk must show its client certificate",
    ),
}


def _ingest(
    pool: ConnectionPool[Any],
    ingest: Ingest,
    token: str | None,
    certificate: bytes | None,
    body: bytes,
    silent_minutes: int,
) -> Any:
    try:
        with pool.connection() as connection:
            kiosk = authenticate(connection, token, certificate)
            if isinstance(kiosk, Credentials):
                raise Refused(*_SAY[kiosk])
            batch = parse(body)
            answer = ingest.store(connection, kiosk, batch)
            try:  # the batch is stored whatever happens here: its alerts come at the next sweep
                alerts.after_batch(connection, silent_minutes, kiosk, batch.rows)
            except psycopg.Error as exc:
                log.warning("alert sweep after %s's batch: %s", kiosk, type(exc).__name__)
            return answer
    except (psycopg.OperationalError, PoolTimeout) as exc:
        log.warning("ingest: database unavailable (%s)", type(exc).__name__)
        raise Refused(RefusalCode.UNAVAILABLE, "the central database is unavailable; try later") from None
