"""Alerts: raised when a kiosk's status changes for the worse, of two kinds.

- **Conditions** clear by themselves when the cause goes away: a part's status (paper near its end
  or out, a reader, camera or printer fault, a document source down), and a kiosk silent past
  ``[console] silent_minutes``. Someone may acknowledge one ("on my way"); it stays until the
  cause is gone.
- **Events** stay until a person acknowledges them: a citizen's help request (一键求助).

:func:`sweep` compares what the kiosks' newest records say with the active alerts and raises and
clears accordingly: after a batch that can change a kiosk's alerts (:func:`after_batch`), and every
:data:`SWEEP_SECONDS` for silence. It is idempotent, and sweeps queue on one advisory lock.

Rate limit: an alert cleared less than :data:`REOPEN_WITHIN` ago is reopened (``repeats`` + 1)
rather than raised anew, so a paper sensor flickering round its threshold is one alert, not forty;
a help request while one is open adds to it.

The same alerts reach an alerting stack through ``/metrics`` (:mod:`central.console.metrics`).
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import psycopg

from central.console.fleet import FINE
from kiosk.audit import AuditEvent
from kiosk.wire import AuditPayload, DeviceStatusPayload, Row

Connection = psycopg.Connection[Any]

SWEEP_SECONDS = 30
"""How often the service looks for silent kiosks: well inside the shortest silence limit (2 min)."""
REOPEN_WITHIN = timedelta(minutes=10)
"""A condition back within this of clearing reopens its alert (a flickering sensor is one alert)."""
HELP_FRESH = timedelta(hours=1)
"""A help request that reaches the centre later than this (a kiosk catching up after an outage) is
history, not a citizen waiting: it is counted, not raised."""
_LOCK = 0x6B696F736B  # pg_advisory_xact_lock key: one sweep at a time


class AlertKind(enum.StrEnum):
    PAPER_NEAR_END = "paper_near_end"
    PAPER_OUT = "paper_out"
    PART_FAULT = "part_fault"
    SILENT = "silent"
    HELP = "help"


LATCHED = frozenset({AlertKind.HELP})
CRITICAL = frozenset({AlertKind.PAPER_OUT, AlertKind.PART_FAULT, AlertKind.SILENT, AlertKind.HELP})


@dataclass(frozen=True, slots=True)
class Condition:
    kind: AlertKind
    part: str | None
    detail: str | None


def _part_kind(status: str) -> AlertKind:
    if status == "paper_near_end":
        return AlertKind.PAPER_NEAR_END
    if status == "paper_out":
        return AlertKind.PAPER_OUT
    return AlertKind.PART_FAULT


def conditions(
    connection: Connection, silent_minutes: int, kiosk_id: str | None = None
) -> dict[tuple[str, str], Condition]:
    """What is wrong now, by (kiosk, key): each part not fine, and each enabled kiosk heard from
    once and silent since."""
    found: dict[tuple[str, str], Condition] = {}
    rows = connection.execute(
        "SELECT p.kiosk_id, p.part, p.status, p.detail FROM kiosk_parts p JOIN kiosks k ON k.id = p.kiosk_id"
        " WHERE k.enabled AND NOT (p.status = ANY(%s)) AND (%s::text IS NULL OR p.kiosk_id = %s)",
        (sorted(FINE), kiosk_id, kiosk_id),
    ).fetchall()
    for kiosk, part, status, detail in rows:
        found[(kiosk, f"part:{part}:{status}")] = Condition(_part_kind(status), part, detail or status)
    silent = connection.execute(
        "SELECT id, last_seen_at FROM kiosks WHERE enabled AND last_seen_at IS NOT NULL"
        " AND last_seen_at < now() - make_interval(mins => %s) AND (%s::text IS NULL OR id = %s)",
        (silent_minutes, kiosk_id, kiosk_id),
    ).fetchall()
    for kiosk, _last_seen in silent:
        found[(kiosk, "silent")] = Condition(AlertKind.SILENT, None, None)  # the page shows when it was heard
    return found


@dataclass(frozen=True, slots=True)
class Swept:
    raised: int
    reopened: int
    cleared: int


def sweep(connection: Connection, silent_minutes: int, kiosk_id: str | None = None) -> Swept:
    """Raise, reopen and clear alerts to match the kiosks' state (one kiosk's, or every one's)."""
    raised = reopened = cleared = 0
    with connection.transaction():
        connection.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK,))
        wanted = conditions(connection, silent_minutes, kiosk_id)
        active = {
            (str(k), str(key)): bool(latched)
            for k, key, latched in connection.execute(
                "SELECT kiosk_id, key, latched FROM alerts WHERE cleared_at IS NULL"
                " AND (%s::text IS NULL OR kiosk_id = %s)",
                (kiosk_id, kiosk_id),
            )
        }
        for (kiosk, key), condition in sorted(wanted.items()):
            if (kiosk, key) not in active:
                if _raise(connection, kiosk, key, condition):
                    reopened += 1
                else:
                    raised += 1
        gone = [(k, key) for (k, key), latched in active.items() if not latched and (k, key) not in wanted]
        for kiosk, key in gone:
            connection.execute(
                "UPDATE alerts SET cleared_at = now()"
                " WHERE kiosk_id = %s AND key = %s AND cleared_at IS NULL",
                (kiosk, key),
            )
            cleared += 1
        help_raised, help_reopened = _help_requests(connection, kiosk_id)
    return Swept(raised + help_raised, reopened + help_reopened, cleared)


def after_batch(
    connection: Connection, silent_minutes: int, kiosk_id: str, rows: Sequence[Row]
) -> Swept | None:
    """Sweep one kiosk after its batch was stored, if the batch can have changed its alerts: it
    brought a part's status or a help request, or the kiosk has a condition's alert up (a silent
    kiosk heard again). A batch of visits changes nothing, and sweeping after each would put every
    kiosk's batches in one queue (the sweeps' lock) for nothing: ``None``, no sweep."""
    if not any(_moves_alerts(row) for row in rows):
        up = connection.execute(
            "SELECT EXISTS (SELECT 1 FROM alerts WHERE kiosk_id = %s AND cleared_at IS NULL AND NOT latched)",
            (kiosk_id,),
        ).fetchone()
        if up is None or not up[0]:
            return None
    return sweep(connection, silent_minutes, kiosk_id)


def _moves_alerts(row: Row) -> bool:
    payload = row.payload
    return isinstance(payload, DeviceStatusPayload) or (
        isinstance(payload, AuditPayload) and payload.type is AuditEvent.HELP_REQUESTED
    )


def _raise(connection: Connection, kiosk: str, key: str, condition: Condition) -> bool:
    """Raise an alert, or reopen the one of that key cleared less than REOPEN_WITHIN ago (True)."""
    recent = connection.execute(
        "SELECT id FROM alerts WHERE kiosk_id = %s AND key = %s AND cleared_at > now() - %s"
        " ORDER BY cleared_at DESC LIMIT 1",
        (kiosk, key, REOPEN_WITHIN),
    ).fetchone()
    if recent is not None:
        connection.execute(
            "UPDATE alerts SET cleared_at = NULL, repeats = repeats + 1, last_raised_at = now(),"
            " detail = %s WHERE id = %s",
            (condition.detail, recent[0]),
        )
        return True
    connection.execute(
        "INSERT INTO alerts (kiosk_id, key, kind, severity, latched, part, detail, raised_at, last_raised_at)"
        " VALUES (%s, %s, %s, %s, %s, %s, %s, now(), now())",
        (
            kiosk,
            key,
            condition.kind.value,
            "critical" if condition.kind in CRITICAL else "warning",
            condition.kind in LATCHED,
            condition.part,
            condition.detail,
        ),
    )
    return False


def _help_requests(connection: Connection, kiosk_id: str | None) -> tuple[int, int]:
    """New help requests since each kiosk's cursor: one alert per kiosk while it is open."""
    rows = connection.execute(
        "SELECT e.kiosk_id, max(e.seq), count(*) FILTER (WHERE r.received_at > now() - %s), max(e.at)"
        " FROM audit_events e JOIN received r ON r.kiosk_id = e.kiosk_id AND r.seq = e.seq"
        " LEFT JOIN alert_cursor c ON c.kiosk_id = e.kiosk_id"
        " WHERE e.type = 'help_requested' AND e.seq > coalesce(c.help_seq, 0)"
        " AND (%s::text IS NULL OR e.kiosk_id = %s)"
        " GROUP BY e.kiosk_id",
        (HELP_FRESH, kiosk_id, kiosk_id),
    ).fetchall()
    raised = added = 0
    for kiosk, last_seq, fresh, last_at in rows:
        connection.execute(
            "INSERT INTO alert_cursor (kiosk_id, help_seq) VALUES (%s, %s)"
            " ON CONFLICT (kiosk_id) DO UPDATE SET help_seq = EXCLUDED.help_seq",
            (kiosk, last_seq),
        )
        if not fresh:
            continue
        done = connection.execute(
            "UPDATE alerts SET repeats = repeats + %s, last_raised_at = now(), detail = %s"
            " WHERE kiosk_id = %s AND key = 'help' AND cleared_at IS NULL",
            (int(fresh), last_at.strftime("%Y-%m-%d %H:%M"), kiosk),
        )
        if done.rowcount:
            added += 1
            continue
        _raise(connection, kiosk, "help", Condition(AlertKind.HELP, None, last_at.strftime("%Y-%m-%d %H:%M")))
        raised += 1
    return raised, added


@dataclass(frozen=True, slots=True)
class Alert:
    id: int
    kiosk_id: str
    hall_id: str
    key: str
    kind: AlertKind
    severity: str
    latched: bool
    part: str | None
    detail: str | None
    raised_at: datetime
    last_raised_at: datetime
    repeats: int
    cleared_at: datetime | None
    acked_at: datetime | None
    acked_by: str | None
    ack_note: str | None

    @property
    def active(self) -> bool:
        return self.cleared_at is None


_SELECT = (
    "SELECT a.id, a.kiosk_id, k.hall_id, a.key, a.kind, a.severity, a.latched, a.part, a.detail,"
    " a.raised_at, a.last_raised_at, a.repeats, a.cleared_at, a.acked_at, a.acked_by, a.ack_note"
    " FROM alerts a JOIN kiosks k ON k.id = a.kiosk_id"
)


def _alert(row: tuple[Any, ...]) -> Alert:
    values = list(row)
    values[4] = AlertKind(values[4])
    return Alert(*values)


def listing(
    connection: Connection,
    halls: frozenset[str] | None,
    *,
    kiosk_id: str | None = None,
    recent_days: int = 7,
    limit: int = 500,
) -> list[Alert]:
    """Active alerts first (critical, then newest), then those cleared in the last ``recent_days``."""
    rows = connection.execute(
        _SELECT + " WHERE (%(halls)s::text[] IS NULL OR k.hall_id = ANY(%(halls)s))"
        " AND (%(kiosk)s::text IS NULL OR a.kiosk_id = %(kiosk)s)"
        " AND (a.cleared_at IS NULL OR a.cleared_at > now() - make_interval(days => %(days)s))"
        " ORDER BY a.cleared_at IS NOT NULL, a.severity = 'warning', a.last_raised_at DESC LIMIT %(limit)s",
        {
            "halls": None if halls is None else sorted(halls),
            "kiosk": kiosk_id,
            "days": recent_days,
            "limit": limit,
        },
    ).fetchall()
    return [_alert(row) for row in rows]


def one(connection: Connection, alert_id: int) -> Alert | None:
    row = connection.execute(_SELECT + " WHERE a.id = %s", (alert_id,)).fetchone()
    return None if row is None else _alert(row)


class Acknowledged(enum.Enum):
    DONE = "done"
    ALREADY = "already"  # someone acknowledged it first (or it is no longer active)


def acknowledge(connection: Connection, alert_id: int, login: str, note: str) -> Acknowledged:
    """Acknowledge an active alert: an event clears with it; a condition stays until its cause goes."""
    done = connection.execute(
        "UPDATE alerts SET acked_at = now(), acked_by = %s, ack_note = %s,"
        " cleared_at = CASE WHEN latched THEN now() ELSE cleared_at END"
        " WHERE id = %s AND acked_at IS NULL AND cleared_at IS NULL",
        (login, note, alert_id),
    )
    return Acknowledged.DONE if done.rowcount == 1 else Acknowledged.ALREADY
