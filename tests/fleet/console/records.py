"""What kiosks send, stored through the real ingest, for the console's tests, demo and bench."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from central.console import alerts
from central.ingest import Ingest, parse
from tests.fleet.rig import Database
from tests.fleet.wire_rows import BOOT, batch, session_row

AT = datetime(2026, 11, 20, 19, 30)
SILENT_MINUTES = 15


def _row(seq: int, at: datetime, payload: dict[str, Any]) -> dict[str, Any]:
    return {"seq": seq, "uuid": str(uuid.uuid4()), "schema": 1, "at": at.isoformat(), "boot_id": BOOT,
            "payload": payload}  # fmt: skip


def status(part: str, value: str, detail: str | None = None) -> dict[str, Any]:
    return {"kind": "device_status", "part": part, "status": value, "detail": detail}


def heartbeat(
    parts: dict[str, str], *, ready: bool = True, backlog: int = 0, unavailable: Any = ()
) -> dict[str, Any]:
    return {"kind": "heartbeat", "ready": ready, "parts": parts, "backlog": backlog,
            "unavailable": list(unavailable), "version": "0.1.0"}  # fmt: skip


def rating(
    level: int, reasons: tuple[str, ...] = (), contact: str | None = None, service: str = "tax_payment"
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "kind": "rating",
        "session_id": str(uuid.uuid4()),
        "service_id": service,
        "level": level,
        "reasons": list(reasons),
    }
    if contact is not None:
        body["contact"] = contact
    return body


def help_request() -> dict[str, Any]:
    return {"kind": "audit", "event_id": str(uuid.uuid4()), "type": "help_requested", "phase": "once",
            "detail": {"state": "preview"}}  # fmt: skip


class Sender:
    """One kiosk's outbox, numbered as the kiosk numbers it, sent through the central ingest."""

    def __init__(self, database: Database, kiosk_id: str, at: datetime = AT) -> None:
        self.database = database
        self.kiosk_id = kiosk_id
        self.seq = database.scalar("SELECT acked_seq FROM kiosks WHERE id = %s", kiosk_id) or 0
        self.at = at
        self.ingest = Ingest()

    def send(self, *payloads: dict[str, Any], at: datetime | None = None) -> list[int]:
        rows, seqs = [], []
        for payload in payloads:
            self.seq += 1
            when = at or self.at
            rows.append(
                session_row(self.seq, when)
                if payload.get("kind") == "session"
                else _row(self.seq, when, payload)
            )
            seqs.append(self.seq)
        with self.database.connect() as connection:
            sent = parse(batch(self.kiosk_id, rows))
            self.ingest.store(connection, self.kiosk_id, sent)
            alerts.after_batch(connection, SILENT_MINUTES, self.kiosk_id, sent.rows)  # as the service does
        return seqs

    def sessions(self, count: int, start: datetime, step: timedelta) -> None:
        rows = []
        for index in range(count):
            self.seq += 1
            rows.append(session_row(self.seq, start + index * step))
        for first in range(0, len(rows), 500):
            with self.database.connect() as connection:
                self.ingest.store(
                    connection, self.kiosk_id, parse(batch(self.kiosk_id, rows[first : first + 500]))
                )
