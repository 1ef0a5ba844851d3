"""Batches as a kiosk sends them, built by hand for the tests that speak to the centre directly."""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta
from typing import Any

AT = datetime(2026, 11, 20, 19, 30)
BOOT = str(uuid.uuid4())


def session_row(seq: int, at: datetime = AT, **payload: Any) -> dict[str, Any]:
    body = {
        "kind": "session",
        "session_id": str(uuid.uuid4()),
        "service_id": "tax_payment",
        "started_at": at.isoformat(),
        "ended_at": (at + timedelta(minutes=2)).isoformat(),
        "outcome": "completed",
        "elderly": False,
        "language": "zh_CN",
        "id_hash": "ab" * 32,
    } | payload
    return {
        "seq": seq,
        "uuid": str(uuid.uuid4()),
        "schema": 1,
        "at": at.isoformat(),
        "boot_id": BOOT,
        "payload": body,
    }


def heartbeat_row(seq: int, at: datetime = AT, ready: bool = True) -> dict[str, Any]:
    body = {"kind": "heartbeat", "ready": ready, "parts": {"receipt_printer": "paper_near_end"}, "backlog": 3}
    return {
        "seq": seq,
        "uuid": str(uuid.uuid4()),
        "schema": 1,
        "at": at.isoformat(),
        "boot_id": BOOT,
        "payload": body,
    }


def batch(kiosk_id: str, rows: list[dict[str, Any]], **extra: Any) -> bytes:
    return json.dumps({"wire": 1, "kiosk_id": kiosk_id, "rows": rows} | extra).encode()
