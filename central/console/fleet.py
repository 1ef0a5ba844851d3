"""The fleet as the console shows it: each kiosk's colour, readiness, paper, the services it cannot
offer and why, its sync backlog, and one kiosk's recent device history.

The colour is the age of the kiosk's newest heartbeat by the centre's own clock (when it arrived,
not the kiosk's wall time, which may be off): green under :data:`GREEN_SECONDS`, amber under
:data:`AMBER_SECONDS`, red past that or never heard.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import psycopg

Connection = psycopg.Connection[Any]

GREEN_SECONDS = 2 * 60
"""Two missed heartbeats (one a minute): a kiosk quieter than that is no longer plainly fine."""
AMBER_SECONDS = 24 * 60 * 60
"""A day without a word: the kiosk is off, cut off or broken, and someone must go and look."""
PAPER_PARTS = ("receipt_printer", "document_printer")
FINE = frozenset({"ready", "available", "no_card", "muted"})
"""Statuses that let a part serve (kiosk.health's rules): no card in the reader is its resting
state, and a muted voice is a choice. Paper near its end still serves, and still warns."""


class Colour(enum.StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"


def colour_of(age_seconds: float | None) -> Colour:
    if age_seconds is None or age_seconds >= AMBER_SECONDS:
        return Colour.RED
    return Colour.GREEN if age_seconds < GREEN_SECONDS else Colour.AMBER


@dataclass(frozen=True, slots=True)
class Unavailable:
    service_id: str
    part: str
    status: str


@dataclass(frozen=True, slots=True)
class KioskStatus:
    kiosk_id: str
    name: str
    hall_id: str
    hall_name: str
    enabled: bool
    heard_at: datetime | None  # when its newest heartbeat arrived (the centre's clock)
    age_seconds: float | None
    ready: bool | None  # None: no heartbeat yet
    parts: dict[str, str]
    unavailable: list[Unavailable]
    backlog: int | None
    version: str | None
    active_alerts: int
    colour: Colour = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "colour", colour_of(self.age_seconds))

    @property
    def paper(self) -> dict[str, str]:
        return {part: self.parts[part] for part in PAPER_PARTS if part in self.parts}

    @property
    def troubled_parts(self) -> dict[str, str]:
        return {part: status for part, status in self.parts.items() if status not in FINE}


_STATUS = """
SELECT k.id, k.name, k.hall_id, h.name, k.enabled, r.received_at,
       extract(epoch FROM now() - r.received_at)::float8, r.ready, r.summary,
       (SELECT count(*) FROM alerts a WHERE a.kiosk_id = k.id AND a.cleared_at IS NULL)
FROM kiosks k JOIN halls h ON h.id = k.hall_id LEFT JOIN kiosk_readiness r ON r.kiosk_id = k.id
WHERE (%(halls)s::text[] IS NULL OR k.hall_id = ANY(%(halls)s))
  AND (%(hall)s::text IS NULL OR k.hall_id = %(hall)s)
  AND (%(kiosk)s::text IS NULL OR k.id = %(kiosk)s)
ORDER BY k.hall_id, k.id
"""


def _status(row: tuple[Any, ...]) -> KioskStatus:
    kiosk_id, name, hall_id, hall_name, enabled, heard_at, age, ready, summary, alerts = row
    summary = summary or {}
    unavailable = [
        Unavailable(str(u.get("service_id")), str(u.get("part")), str(u.get("status")))
        for u in summary.get("unavailable", ())
    ]
    return KioskStatus(
        kiosk_id=kiosk_id,
        name=name,
        hall_id=hall_id,
        hall_name=hall_name,
        enabled=enabled,
        heard_at=heard_at,
        age_seconds=age,
        ready=ready,
        parts={str(p): str(s) for p, s in (summary.get("parts") or {}).items()},
        unavailable=unavailable,
        backlog=summary.get("backlog"),
        version=summary.get("version"),
        active_alerts=int(alerts),
    )


def kiosks(
    connection: Connection,
    halls: frozenset[str] | None,
    *,
    hall_id: str | None = None,
    kiosk_id: str | None = None,
) -> list[KioskStatus]:
    """Every kiosk of ``halls`` (None: every hall), or of one hall, or one kiosk."""
    rows = connection.execute(
        _STATUS,
        {"halls": None if halls is None else sorted(halls), "hall": hall_id, "kiosk": kiosk_id},
    ).fetchall()
    return [_status(row) for row in rows]


@dataclass(frozen=True, slots=True)
class Hall:
    id: str
    name: str


def halls(connection: Connection, scope: frozenset[str] | None) -> list[Hall]:
    rows = connection.execute(
        "SELECT id, name FROM halls WHERE %(halls)s::text[] IS NULL OR id = ANY(%(halls)s) ORDER BY id",
        {"halls": None if scope is None else sorted(scope)},
    ).fetchall()
    return [Hall(str(r[0]), str(r[1])) for r in rows]


def hall_of(connection: Connection, kiosk_id: str) -> str | None:
    row = connection.execute("SELECT hall_id FROM kiosks WHERE id = %s", (kiosk_id,)).fetchone()
    return None if row is None else str(row[0])


@dataclass(frozen=True, slots=True)
class StatusChange:
    at: datetime  # the kiosk's wall time
    part: str
    status: str
    detail: str | None


def history(connection: Connection, kiosk_id: str, limit: int = 50) -> list[StatusChange]:
    """The kiosk's newest part status changes, newest first."""
    rows = connection.execute(
        "SELECT at, part, status, detail FROM device_status_changes WHERE kiosk_id = %s"
        " ORDER BY seq DESC LIMIT %s",
        (kiosk_id, limit),
    ).fetchall()
    return [StatusChange(*row) for row in rows]
