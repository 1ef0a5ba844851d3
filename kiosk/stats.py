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
from datetime import datetime, time

from sqlalchemy import select
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
    calendar = calendar or WorkCalendar()
    query = select(SessionRow.started_at, SessionRow.outcome, SessionRow.id_hash)
    if since is not None:
        query = query.where(SessionRow.started_at >= since)
    if until is not None:
        query = query.where(SessionRow.started_at < until)
    outcomes: dict[Band, Counter[str]] = {band: Counter() for band in Band}
    visitors: dict[Band, Counter[str]] = {band: Counter() for band in Band}
    with engine.connect() as connection:
        for started_at, outcome, id_hash in connection.execute(query):
            band = band_of(started_at, calendar)
            outcomes[band][outcome or "in_progress"] += 1
            if id_hash:
                visitors[band][id_hash] += 1
    return [
        BandCounts(
            band,
            sum(outcomes[band].values()),
            outcomes[band]["completed"],
            dict(outcomes[band]),
            sum(1 for n in visitors[band].values() if n > 1),
        )
        for band in Band
    ]
