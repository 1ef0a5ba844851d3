"""Statistics by time band: after-hours demand is the reason the kiosk exists.

Bands (local time), each instant in exactly one:

- ``night``: 21:00–07:00, every day of the week;
- ``weekend``: Saturday and Sunday, 07:00–21:00;
- ``weekday_midday``: Monday–Friday 12:00–13:30, when many windows close for lunch;
- ``weekday_daytime``: Monday–Friday 09:00–17:00 outside the midday band;
- ``weekday_early_late``: Monday–Friday 07:00–09:00 and 17:00–21:00.

Public holidays are counted by weekday: the kiosk has no holiday calendar offline.
"""

from __future__ import annotations

import enum
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, time

from sqlalchemy import select
from sqlalchemy.engine import Engine

from kiosk.storage.models import SessionRow


class Band(enum.StrEnum):
    WEEKDAY_DAYTIME = "weekday_daytime"
    WEEKDAY_MIDDAY = "weekday_midday"
    WEEKDAY_EARLY_LATE = "weekday_early_late"
    NIGHT = "night"
    WEEKEND = "weekend"


BAND_TITLES = {
    Band.WEEKDAY_DAYTIME: "weekday daytime (09:00–17:00, not midday)",
    Band.WEEKDAY_MIDDAY: "weekday midday (12:00–13:30)",
    Band.WEEKDAY_EARLY_LATE: "weekday early/late (07:00–09:00, 17:00–21:00)",
    Band.NIGHT: "night (21:00–07:00)",
    Band.WEEKEND: "weekend (07:00–21:00)",
}

NIGHT_STARTS, NIGHT_ENDS = time(21, 0), time(7, 0)
DAY_STARTS, DAY_ENDS = time(9, 0), time(17, 0)
MIDDAY_STARTS, MIDDAY_ENDS = time(12, 0), time(13, 30)


def band_of(when: datetime) -> Band:
    clock = when.time()
    if clock >= NIGHT_STARTS or clock < NIGHT_ENDS:
        return Band.NIGHT
    if when.weekday() >= 5:
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
    engine: Engine, since: datetime | None = None, until: datetime | None = None
) -> list[BandCounts]:
    query = select(SessionRow.started_at, SessionRow.outcome, SessionRow.id_hash)
    if since is not None:
        query = query.where(SessionRow.started_at >= since)
    if until is not None:
        query = query.where(SessionRow.started_at < until)
    outcomes: dict[Band, Counter[str]] = {band: Counter() for band in Band}
    visitors: dict[Band, Counter[str]] = {band: Counter() for band in Band}
    with engine.connect() as connection:
        for started_at, outcome, id_hash in connection.execute(query):
            band = band_of(started_at)
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
