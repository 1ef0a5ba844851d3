"""The shipper: sends the outbox past the centre's acknowledgement, in bounded batches, over HTTPS.

Never inside the touchscreen app's process: ``kiosk sync`` sends what is waiting once,
``kiosk sync --follow`` keeps at it under its own systemd unit (packaging/systemd/), writes the
heartbeat and prunes the outbox. What makes it safe to kill at any moment:

- a batch is read, sent, and only then is the centre's answer (the highest sequence it holds with
  none missing) written down; killed in between, the next run sends the same rows again, and the
  centre passes over the ones it has (``ON CONFLICT (kiosk_id, seq) DO NOTHING``);
- the centre refuses a batch that would leave a gap, so rows arrive in order;
- a failure is written to ``outbox_state`` (``kiosk sync status`` shows it) and retried after a
  back-off that doubles up to ``[sync] retry_max_seconds``.

Credentials as the gateway client has them: a bearer token and/or a client certificate.
"""

from __future__ import annotations

import enum
import json
import logging
import random
import ssl
import threading
import time
from dataclasses import dataclass
from datetime import datetime

import httpx
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

import kiosk
from kiosk.clock import Clock
from kiosk.config import KioskConfig, SyncConfig
from kiosk.storage import outbox
from kiosk.sync import heartbeat
from kiosk.wire import INGEST_PATH, WIRE_VERSION

log = logging.getLogger(__name__)

POLL_SECONDS = 2.0
"""How often a following shipper looks for new rows: a help request reaches the centre in seconds."""
PRUNE_SECONDS = 3600.0
FIRST_RETRY_SECONDS = 1.0


class Sent(enum.Enum):
    NOTHING = "nothing"  # the outbox had nothing past the acknowledgement
    ACKNOWLEDGED = "acknowledged"
    FAILED = "failed"  # not reachable, refused, or an answer that made no sense: retry later


@dataclass(frozen=True, slots=True)
class BatchResult:
    sent: Sent
    rows: int = 0
    acknowledged: int | None = None
    error: str | None = None


def _tls(config: SyncConfig) -> ssl.SSLContext:
    context = ssl.create_default_context(cafile=str(config.ca_bundle) if config.ca_bundle else None)
    if config.client_cert is not None:
        key = str(config.client_key) if config.client_key is not None else None
        context.load_cert_chain(str(config.client_cert), keyfile=key)
    return context


class Shipper:
    def __init__(
        self,
        config: KioskConfig,
        engine: Engine,
        clock: Clock,
        *,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self._config = config
        self._sync = config.sync
        self._engine = engine
        self._clock = clock
        headers = {"User-Agent": f"civic-kiosk/{kiosk.__version__}", "Content-Type": "application/json"}
        if self._sync.token:
            headers["Authorization"] = f"Bearer {self._sync.token}"
        verify: ssl.SSLContext | bool = True
        if self._sync.url.startswith("https://"):
            verify = _tls(self._sync)
        self._client = httpx.Client(
            base_url=self._sync.url.rstrip("/"),
            headers=headers,
            timeout=httpx.Timeout(self._sync.timeout_seconds),
            verify=verify,
            follow_redirects=False,
            trust_env=False,  # the configured centre, directly, whatever the environment says
            transport=transport,
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Shipper:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- one batch, one pass -------------------------------------------------------------------
    def send_batch(self) -> BatchResult:
        pending = outbox.pending(self._engine, self._sync.batch_rows)
        if not pending.rows:
            return BatchResult(Sent.NOTHING)
        body = _body(self._config.kiosk.id, pending)
        try:
            reply = self._client.post(INGEST_PATH, content=body)
        except httpx.HTTPError as exc:
            return self._failed(f"the centre cannot be reached ({type(exc).__name__})")
        try:
            answer = reply.json()
        except ValueError:
            answer = {}
        acknowledged = answer.get("acknowledged") if isinstance(answer, dict) else None
        if reply.status_code == 200 and isinstance(acknowledged, int):
            outbox.acknowledge(self._engine, acknowledged, self._clock.now())
            return BatchResult(Sent.ACKNOWLEDGED, len(pending.rows), acknowledged)
        message = answer.get("message") if isinstance(answer, dict) else None
        if reply.status_code == 409 and isinstance(acknowledged, int):
            # The centre holds less than this kiosk believed (restored from a backup): start again
            # from what it holds, with the rows still here.
            outbox.acknowledge(self._engine, acknowledged, self._clock.now())
        return self._failed(f"the centre answered {reply.status_code}: {message or reply.reason_phrase}")

    def _failed(self, error: str) -> BatchResult:
        log.warning("sync: %s", error)
        outbox.attempt_failed(self._engine, self._clock.now(), error)
        return BatchResult(Sent.FAILED, error=error)

    def drain(self, stop: threading.Event | None = None) -> BatchResult:
        """Send batch after batch until nothing is left (or one fails); ``rows`` is the total sent."""
        total = 0
        while stop is None or not stop.is_set():
            result = self.send_batch()
            if result.sent is Sent.FAILED:
                return BatchResult(Sent.FAILED, total, result.acknowledged, result.error)
            if result.sent is Sent.NOTHING:
                break
            total += result.rows
        return BatchResult(Sent.ACKNOWLEDGED if total else Sent.NOTHING, total)

    # -- the long-running shipper ---------------------------------------------------------------
    def beat(self) -> int:
        """Write the readiness summary to the outbox (it is shipped like any row)."""
        payload = heartbeat.summary(self._engine, self._config)
        with Session(self._engine) as db, db.begin():
            return outbox.append(db, payload, self._clock.now())

    def prune(self) -> int:
        keep_unsent = None if self._sync.enabled else self._sync.keep_unsent_days
        return outbox.prune(
            self._engine,
            self._clock.now(),
            keep_acknowledged_days=self._sync.keep_acknowledged_days,
            keep_unsent_days=keep_unsent,
        )

    def follow(self, stop: threading.Event) -> None:
        """Ship, beat and prune until ``stop`` is set. With sync off: prune only."""
        retry = FIRST_RETRY_SECONDS
        next_beat = next_prune = time.monotonic()
        while not stop.is_set():
            now = time.monotonic()
            try:
                if now >= next_prune:
                    gone = self.prune()
                    if gone:
                        log.info("sync: pruned %d outbox rows", gone)
                    next_prune = now + PRUNE_SECONDS
                if self._sync.enabled and now >= next_beat:
                    self.beat()
                    next_beat = now + self._sync.heartbeat_seconds
                result = self.drain(stop) if self._sync.enabled else BatchResult(Sent.NOTHING)
            except OperationalError as exc:
                # The kiosk's database stayed busy past its timeout (the app writing a burst): the
                # step is done again after the back-off; a batch the centre took is sent again.
                log.warning("sync: the kiosk's database is busy (%s)", type(exc.orig).__name__)
                result = BatchResult(Sent.FAILED, error="the kiosk's database is busy")
            wait = PRUNE_SECONDS
            if self._sync.enabled:
                if result.sent is Sent.FAILED:
                    # jitter: kiosks back from one outage do not all retry in step
                    wait = retry * random.uniform(0.8, 1.2)
                    retry = min(retry * 2, self._sync.retry_max_seconds)
                else:
                    retry = FIRST_RETRY_SECONDS
                    wait = min(POLL_SECONDS, max(0.0, next_beat - time.monotonic()))
            stop.wait(wait)


def _body(kiosk_id: str, pending: outbox.Pending) -> bytes:
    # The payloads are stored as the JSON they travel in; they are spliced in, not parsed again.
    rows = ",".join(
        '{"seq":%d,"uuid":"%s","schema":%d,"at":"%s","boot_id":"%s","payload":%s}'  # noqa: UP031 - a template
        % (row.seq, row.uuid, row.schema, row.at.isoformat(), row.boot_id, row.payload)
        for row in pending.rows
    )
    head = json.dumps({"wire": WIRE_VERSION, "kiosk_id": kiosk_id, "pruned_through": pending.pruned_through})
    return f'{head[:-1]},"rows":[{rows}]}}'.encode()


def lag(status: outbox.OutboxStatus, now: datetime) -> float | None:
    """Seconds since the oldest row not yet acknowledged was written; None: nothing waits."""
    if status.oldest_unacked_at is None:
        return None
    return max(0.0, (now - status.oldest_unacked_at).total_seconds())
