"""Statistics over every kiosk, by time band and by hall or kiosk, computed by PostgreSQL.

The bands are :mod:`kiosk.stats`'s: the same boundaries (its constants are written into the SQL
below), and the same calendar — ``calendar_days`` is filled from :class:`~kiosk.workdays.WorkCalendar`
with the hall's ``[calendar]`` days, so a 调休 Saturday is a working day here as on the kiosk.
tests/fleet/test_stats.py checks the SQL against :func:`kiosk.stats.band_of`.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

import psycopg
from psycopg import sql

from kiosk.config import CalendarConfig
from kiosk.stats import (
    DAY_ENDS,
    DAY_STARTS,
    MIDDAY_ENDS,
    MIDDAY_STARTS,
    NIGHT_ENDS,
    NIGHT_STARTS,
    Band,
)
from kiosk.workdays import WorkCalendar

Connection = psycopg.Connection[Any]
CALENDAR_YEARS = range(2020, 2041)
"""Days the calendar table holds; outside it, Saturday and Sunday are the days off."""


class GroupBy(enum.StrEnum):
    ALL = "all"
    HALL = "hall"
    KIOSK = "kiosk"


def fill_calendar(connection: Connection, config: CalendarConfig) -> None:
    """Write each day's working / day-off from the calendar (idempotent; a changed hall calendar
    rewrites the days it changed)."""
    calendar = WorkCalendar(config)
    day, last = date(CALENDAR_YEARS.start, 1, 1), date(CALENDAR_YEARS.stop, 1, 1)
    days, working = [], []
    while day < last:
        days.append(day)
        working.append(calendar.is_working_day(day))
        day += timedelta(days=1)
    with connection.transaction():
        connection.execute(
            "INSERT INTO calendar_days (day, working) SELECT * FROM unnest(%s::date[], %s::bool[])"
            " ON CONFLICT (day) DO UPDATE SET working = EXCLUDED.working"
            " WHERE calendar_days.working <> EXCLUDED.working",
            (days, working),
        )


def _t(value: time) -> sql.Composable:
    return sql.Literal(value.isoformat())


def band_sql(column: str) -> sql.Composable:
    """A CASE expression giving :func:`kiosk.stats.band_of` of ``column`` (a local timestamp), with
    ``c.working`` the day's entry in calendar_days (joined as ``c``)."""
    clock = sql.SQL("{}::time").format(sql.Identifier(column))
    return sql.SQL(
        "CASE WHEN {clock} >= {night_starts}::time OR {clock} < {night_ends}::time THEN {night}"
        " WHEN NOT coalesce(c.working, extract(isodow FROM {col}) < 6) THEN {weekend}"
        " WHEN {clock} >= {midday_starts}::time AND {clock} < {midday_ends}::time THEN {midday}"
        " WHEN {clock} >= {day_starts}::time AND {clock} < {day_ends}::time THEN {daytime}"
        " ELSE {early_late} END"
    ).format(
        clock=clock,
        col=sql.Identifier(column),
        night_starts=_t(NIGHT_STARTS),
        night_ends=_t(NIGHT_ENDS),
        midday_starts=_t(MIDDAY_STARTS),
        midday_ends=_t(MIDDAY_ENDS),
        day_starts=_t(DAY_STARTS),
        day_ends=_t(DAY_ENDS),
        night=sql.Literal(Band.NIGHT.value),
        weekend=sql.Literal(Band.WEEKEND.value),
        midday=sql.Literal(Band.WEEKDAY_MIDDAY.value),
        daytime=sql.Literal(Band.WEEKDAY_DAYTIME.value),
        early_late=sql.Literal(Band.WEEKDAY_EARLY_LATE.value),
    )


@dataclass(frozen=True, slots=True)
class BandRow:
    group: str  # the hall's or the kiosk's id; "all" over every kiosk
    band: Band
    sessions: int
    completed: int
    repeat_visitors: int  # keyed hashes seen more than once in this group and band


def sessions_by_band(
    connection: Connection,
    since: datetime | None = None,
    until: datetime | None = None,
    by: GroupBy = GroupBy.ALL,
    *,
    repeat_visitors: bool = True,
    halls: frozenset[str] | None = None,
) -> list[BandRow]:
    """Sessions (by when they started) per band, over every kiosk or per hall or kiosk; the range
    in the halls' local time, as the kiosks record it. Every band appears for every group.

    One pass over the sessions; counting repeat visitors groups them by keyed hash as well, which
    costs most of the time over a year of a city: ``repeat_visitors=False`` leaves it out (0).
    ``halls``: only the kiosks of these halls (the console's scope)."""
    group = {
        GroupBy.ALL: sql.SQL("'all'"),
        GroupBy.HALL: sql.SQL("k.hall_id"),
        GroupBy.KIOSK: sql.SQL("s.kiosk_id"),
    }[by]
    joined = by is GroupBy.HALL or halls is not None
    join = sql.SQL(" JOIN kiosks k ON k.id = s.kiosk_id") if joined else sql.SQL("")
    where = [sql.SQL("true")]
    params: list[Any] = []
    if halls is not None:
        where.append(sql.SQL("k.hall_id = ANY(%s)"))
        params.append(sorted(halls))
    if since is not None:
        where.append(sql.SQL("s.started_at >= %s"))
        params.append(since)
    if until is not None:
        where.append(sql.SQL("s.started_at < %s"))
        params.append(until)
    holder = sql.SQL("s.id_hash") if repeat_visitors else sql.SQL("NULL::text")
    query = sql.SQL(
        "SELECT grp, band, sum(n), sum(done), count(*) FILTER (WHERE id_hash IS NOT NULL AND n > 1)"
        " FROM (SELECT {group} AS grp, {band} AS band, {holder} AS id_hash, count(*) AS n,"
        "   count(*) FILTER (WHERE s.outcome = 'completed') AS done"
        "  FROM sessions s{halls} LEFT JOIN calendar_days c ON c.day = s.started_at::date"
        "  WHERE {where} GROUP BY 1, 2, 3) per_holder"
        " GROUP BY grp, band"
    ).format(
        group=group,
        band=band_sql("started_at"),
        holder=holder,
        halls=join,
        where=sql.SQL(" AND ").join(where),
    )
    found: dict[tuple[str, Band], BandRow] = {}
    for grp, band, n, done, repeat in connection.execute(query, params):
        found[(grp, Band(band))] = BandRow(grp, Band(band), int(n), int(done), int(repeat))
    groups = sorted({g for g, _ in found}) or (["all"] if by is GroupBy.ALL else [])
    return [found.get((g, band), BandRow(g, band, 0, 0, 0)) for g in groups for band in Band]


@dataclass(frozen=True, slots=True)
class KioskReadiness:
    kiosk_id: str
    hall_id: str
    name: str
    last_seen_at: datetime | None  # the centre's clock: when the kiosk last sent anything
    acked_seq: int
    ready: bool | None  # None: no heartbeat yet
    heartbeat_at: datetime | None  # the kiosk's wall time of its newest heartbeat
    summary: dict[str, Any]


def fleet(connection: Connection) -> list[KioskReadiness]:
    """Every registered kiosk with its newest readiness and when it was last heard from."""
    rows = connection.execute(
        "SELECT k.id, k.hall_id, k.name, k.last_seen_at, k.acked_seq, r.ready, r.at, r.summary"
        " FROM kiosks k LEFT JOIN kiosk_readiness r ON r.kiosk_id = k.id ORDER BY k.hall_id, k.id"
    ).fetchall()
    return [KioskReadiness(r[0], r[1], r[2], r[3], int(r[4]), r[5], r[6], r[7] or {}) for r in rows]
