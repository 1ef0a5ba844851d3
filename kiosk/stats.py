"""Statistics by time band: after-hours demand is the reason the kiosk exists.

Bands (local time), each instant in exactly one:

- ``night``: 21:00–07:00, every day;
- ``weekend``: days off — Saturday, Sunday and public holidays — 07:00–21:00;
- ``weekday_midday``: working days 12:00–13:30, when many windows close for lunch;
- ``weekday_daytime``: working days 09:00–17:00 outside the midday band;
- ``weekday_early_late``: working days 07:00–09:00 and 17:00–21:00.

Which days are worked is :class:`~kiosk.workdays.WorkCalendar`'s to say: a public holiday on a
Wednesday is a day off, and a Saturday made a working day (调休) counts as a weekday.
"""

from __future__ import annotations

import enum
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import Column, DateTime, MetaData, String, Table, and_, func, insert, select
from sqlalchemy.engine import Engine

from kiosk.storage.models import SessionRow
from kiosk.workdays import WorkCalendar


class Band(enum.StrEnum):
    WEEKDAY_DAYTIME = "weekday_daytime"
    WEEKDAY_MIDDAY = "weekday_midday"
    WEEKDAY_EARLY_LATE = "weekday_early_late"
    NIGHT = "night"
    WEEKEND = "weekend"


BAND_TITLES = {
    Band.WEEKDAY_DAYTIME: "working day daytime (09:00–17:00, not midday)",
    Band.WEEKDAY_MIDDAY: "working day midday (12:00–13:30)",
    Band.WEEKDAY_EARLY_LATE: "working day early/late (07:00–09:00, 17:00–21:00)",
    Band.NIGHT: "night (21:00–07:00)",
    Band.WEEKEND: "weekend or holiday (07:00–21:00)",
}

NIGHT_STARTS, NIGHT_ENDS = time(21, 0), time(7, 0)
DAY_STARTS, DAY_ENDS = time(9, 0), time(17, 0)
MIDDAY_STARTS, MIDDAY_ENDS = time(12, 0), time(13, 30)


def band_of(when: datetime, calendar: WorkCalendar) -> Band:
    clock = when.time()
    if clock >= NIGHT_STARTS or clock < NIGHT_ENDS:
        return Band.NIGHT
    if not calendar.is_working_day(when.date()):
        return Band.WEEKEND
    if MIDDAY_STARTS <= clock < MIDDAY_ENDS:
        return Band.WEEKDAY_MIDDAY
    if DAY_STARTS <= clock < DAY_ENDS:
        return Band.WEEKDAY_DAYTIME
    return Band.WEEKDAY_EARLY_LATE


# Where the band can change within a day, in order: every instant between two of them (and from the
# last to the next day's first) is in one band. Night spans midnight.
CUTS = (NIGHT_ENDS, DAY_STARTS, MIDDAY_STARTS, MIDDAY_ENDS, DAY_ENDS, NIGHT_STARTS)


@dataclass(frozen=True, slots=True)
class BandSpan:
    """From ``start`` up to ``end``, every instant is in ``band``."""

    start: datetime
    end: datetime
    band: Band


def band_spans(first: date, last: date, calendar: WorkCalendar) -> list[BandSpan]:
    """The days ``first`` to ``last`` (whole days) cut into spans of one band each, neighbours of the
    same band merged: about five a working day, two a day off."""
    spans: list[BandSpan] = []
    start, day = datetime.combine(first, time.min), first
    while day <= last:
        midnight = datetime.combine(day + timedelta(days=1), time.min)
        for end in (*(datetime.combine(day, cut) for cut in CUTS), midnight):
            band = band_of(start, calendar)
            if spans and spans[-1].band is band:
                spans[-1] = BandSpan(spans[-1].start, end, band)
            else:
                spans.append(BandSpan(start, end, band))
            start = end
        day += timedelta(days=1)
    return spans


@dataclass(frozen=True, slots=True)
class BandCounts:
    band: Band
    sessions: int
    completed: int
    outcomes: dict[str, int]
    repeat_visitors: int  # card holders seen more than once in this band (by keyed hash)


def sessions_by_band(
    engine: Engine,
    since: datetime | None = None,
    until: datetime | None = None,
    calendar: WorkCalendar | None = None,
) -> list[BandCounts]:
    """Sessions started in [since, until) by band: how they ended, and who came back.

    The database does the counting: the period is cut into spans of one band each (in Python, where
    the calendar is), the spans go into a temporary table, and two grouped joins count a year of a
    busy kiosk (200,000 sessions) without a row of it crossing into Python (``make bench``: stats).
    """
    calendar = calendar or WorkCalendar()
    period = []
    if since is not None:
        period.append(SessionRow.started_at >= since)
    if until is not None:
        period.append(SessionRow.started_at < until)
    outcomes: dict[Band, Counter[str]] = {band: Counter() for band in Band}
    repeat: Counter[Band] = Counter()
    with engine.connect() as connection:
        first, last = connection.execute(
            select(func.min(SessionRow.started_at), func.max(SessionRow.started_at)).where(*period)
        ).one()
        if first is not None:
            spans = _span_table()
            spans.create(connection)
            try:
                connection.execute(
                    insert(spans),
                    [{"start": s.start, "end": s.end, "band": s.band.value}
                     for s in band_spans(first.date(), last.date(), calendar)],
                )  # fmt: skip
                joined = spans.join(
                    SessionRow.__table__,
                    and_(SessionRow.started_at >= spans.c.start, SessionRow.started_at < spans.c.end),
                )
                outcome = func.coalesce(SessionRow.outcome, "in_progress")
                counted = (
                    select(spans.c.band, outcome, func.count())
                    .select_from(joined)
                    .where(*period)
                    .group_by(spans.c.band, outcome)
                )
                for band, name, count in connection.execute(counted):
                    outcomes[Band(band)][name] += count
                # the hash first: grouping on it before the band sorts faster (the band repeats, the hash not)
                seen_twice = (
                    select(spans.c.band)
                    .select_from(joined)
                    .where(*period, SessionRow.id_hash.is_not(None))
                    .group_by(SessionRow.id_hash, spans.c.band)
                    .having(func.count() > 1)
                    .subquery()
                )
                for band, count in connection.execute(
                    select(seen_twice.c.band, func.count()).group_by(seen_twice.c.band)
                ):
                    repeat[Band(band)] = count
            finally:
                spans.drop(connection)
                connection.commit()  # on PostgreSQL a rollback would bring the pooled session's table back
    return [
        BandCounts(
            band,
            sum(outcomes[band].values()),
            outcomes[band]["completed"],
            dict(outcomes[band]),
            repeat[band],
        )
        for band in Band
    ]


def _span_table() -> Table:
    """A temporary table of its own per call: it lives in the connection only, never in the kiosk's
    schema, and holds any number of spans (a statement's parameters would not: ten years is 17,000)."""
    return Table(
        "band_spans",
        MetaData(),
        Column("start", DateTime, nullable=False),
        Column("end", DateTime, nullable=False),
        Column("band", String(24), nullable=False),
        prefixes=["TEMPORARY"],
    )
