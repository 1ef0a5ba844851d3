"""The console's audit log: every action, refusals too, with who, when, from where and the outcome."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

Connection = psycopg.Connection[Any]


@dataclass(frozen=True, slots=True)
class AuditEntry:
    at: datetime
    login: str | None
    action: str
    target: str | None
    outcome: str
    detail: dict[str, Any]
    address: str | None


def record(
    connection: Connection,
    action: str,
    outcome: str,
    *,
    user_id: int | None = None,
    login: str | None = None,
    target: str | None = None,
    detail: dict[str, Any] | None = None,
    address: str | None = None,
) -> None:
    """Write one entry. Called inside the action's own transaction where there is one, so an action
    and its entry are kept together or not at all."""
    connection.execute(
        "INSERT INTO audit_log (user_id, login, action, target, outcome, detail, address)"
        " VALUES (%s, %s, %s, %s, %s, %s, %s)",
        (user_id, login, action, target, outcome, Jsonb(detail or {}), address),
    )


def recent(connection: Connection, halls: frozenset[str] | None, limit: int = 200) -> list[AuditEntry]:
    """The newest entries; with ``halls``, those of the users who answer for one of them."""
    where = ""
    params: list[Any] = []
    if halls is not None:
        where = " WHERE a.user_id IN (SELECT user_id FROM user_halls WHERE hall_id = ANY(%s))"
        params.append(list(halls))
    rows = connection.execute(
        "SELECT a.at, a.login, a.action, a.target, a.outcome, a.detail, a.address FROM audit_log a"
        + where
        + " ORDER BY a.id DESC LIMIT %s",
        [*params, limit],
    ).fetchall()
    return [AuditEntry(*row) for row in rows]
