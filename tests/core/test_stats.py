"""Time bands: every instant in exactly one band, the boundaries where the hall manager expects them,
and China's calendar deciding which days are worked."""

from __future__ import annotations

import itertools
import json
import random
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from kiosk.cli import main
from kiosk.config import CalendarConfig
from kiosk.stats import Band, band_of, band_spans, sessions_by_band
from kiosk.storage.db import make_engine
from kiosk.storage.migrate import upgrade
from kiosk.storage.models import SessionRow
from kiosk.storage.records import Records
from kiosk.workdays import WorkCalendar

MONDAY = datetime(2026, 11, 16)  # a week with no public holiday in it
CHINA = WorkCalendar()


@pytest.mark.parametrize(
    ("day", "clock", "band"),
    [
        (0, "06:59", Band.NIGHT),
        (0, "07:00", Band.WEEKDAY_EARLY_LATE),
        (0, "08:59", Band.WEEKDAY_EARLY_LATE),
        (0, "09:00", Band.WEEKDAY_DAYTIME),
        (0, "11:59", Band.WEEKDAY_DAYTIME),
        (0, "12:00", Band.WEEKDAY_MIDDAY),
        (0, "13:29", Band.WEEKDAY_MIDDAY),
        (0, "13:30", Band.WEEKDAY_DAYTIME),
        (4, "16:59", Band.WEEKDAY_DAYTIME),
        (4, "17:00", Band.WEEKDAY_EARLY_LATE),
        (4, "20:59", Band.WEEKDAY_EARLY_LATE),
        (4, "21:00", Band.NIGHT),
        (5, "10:00", Band.WEEKEND),
        (5, "12:30", Band.WEEKEND),
        (6, "20:59", Band.WEEKEND),
        (6, "23:30", Band.NIGHT),
    ],
)
def test_bands(day: int, clock: str, band: Band) -> None:
    hour, minute = map(int, clock.split(":"))
    assert band_of(MONDAY + timedelta(days=day, hours=hour, minutes=minute), CHINA) is band


@pytest.mark.parametrize(
    ("when", "band"),
    [
        ("2026-10-01T10:00", Band.WEEKEND),  # National Day, a Thursday: the windows are shut
        ("2026-10-05T12:30", Band.WEEKEND),  # the Monday after, still part of the National Day days off
        ("2026-10-01T22:00", Band.NIGHT),  # night is night, holiday or not
        ("2026-02-17T09:30", Band.WEEKEND),  # Spring Festival
        ("2026-02-14T10:00", Band.WEEKDAY_DAYTIME),  # a Saturday worked to bridge the Spring Festival
        ("2026-02-14T12:30", Band.WEEKDAY_MIDDAY),
        ("2026-10-10T18:00", Band.WEEKDAY_EARLY_LATE),  # a Saturday worked after National Day
        ("2026-10-11T10:00", Band.WEEKEND),  # the Sunday after it is an ordinary Sunday
    ],
)
def test_public_holidays_are_days_off_and_bridging_weekends_are_worked(when: str, band: Band) -> None:
    assert band_of(datetime.fromisoformat(when), WorkCalendar()) is band


def test_the_halls_own_days_come_before_the_package() -> None:
    friday, saturday = date(2027, 3, 5), date(2027, 3, 20)
    assert CHINA.is_working_day(friday) and not CHINA.is_working_day(saturday)

    hall = WorkCalendar(CalendarConfig(rest_days=(friday,), working_days=(saturday, date(2026, 10, 1))))

    assert band_of(datetime(2027, 3, 5, 10), hall) is Band.WEEKEND
    assert band_of(datetime(2027, 3, 20, 10), hall) is Band.WEEKDAY_DAYTIME
    assert band_of(datetime(2026, 10, 1, 10), hall) is Band.WEEKDAY_DAYTIME  # a hall open on National Day
    assert band_of(datetime(2026, 10, 2, 10), hall) is Band.WEEKEND  # the rest of the package still holds


def test_a_day_listed_twice_or_both_ways_is_a_config_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text("[calendar]\nrest_days = [2027-02-05, 2027-02-05]\n", encoding="utf-8")
    assert main(["config", "check", str(config)]) != 0
    assert "line 2: calendar.rest_days: a day is listed twice: 2027-02-05" in capsys.readouterr().err

    config.write_text("[calendar]\nrest_days = [2027-02-05]\nworking_days = [2027-02-05]\n", encoding="utf-8")
    assert main(["config", "check", str(config)]) != 0
    assert "2027-02-05: listed both as a rest day and as a working day" in capsys.readouterr().err


def test_counts_by_band_from_the_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'kiosk.db'}"
    engine = make_engine(url)
    upgrade(engine)
    records = Records(engine)
    visits = [
        (MONDAY.replace(hour=12, minute=15), "completed", "a"),
        (MONDAY.replace(hour=19, minute=5), "completed", "b"),
        (MONDAY.replace(hour=19, minute=45), "cancelled", "b"),
        (MONDAY.replace(hour=23, minute=10), "completed", "c"),
        (MONDAY + timedelta(days=5, hours=10), "timed_out", None),
    ]
    for index, (at, outcome, who) in enumerate(visits):
        records.start_session(f"s{index}", "credit_report", at, elderly=False, language="zh_CN")
        if who:
            records.identify_session(
                f"s{index}", card_type="resident_id", masked_id="1101**********002X", id_hash=who * 64
            )
        records.end_session(f"s{index}", at, outcome, fault_device=None, elderly=False, language="zh_CN")
    counts = {c.band: c for c in sessions_by_band(engine)}
    assert counts[Band.WEEKDAY_MIDDAY].sessions == 1
    assert (
        counts[Band.WEEKDAY_EARLY_LATE].sessions == 2 and counts[Band.WEEKDAY_EARLY_LATE].repeat_visitors == 1
    )
    assert counts[Band.WEEKDAY_EARLY_LATE].completed == 1
    assert counts[Band.NIGHT].sessions == 1 and counts[Band.WEEKEND].sessions == 1
    assert counts[Band.WEEKDAY_DAYTIME].sessions == 0
    engine.dispose()

    config = tmp_path / "kiosk.toml"
    config.write_text(f'[storage]\nurl = "{url}"\n', encoding="utf-8")
    assert main(["--config", str(config), "stats", "--by", "band", "--json"]) == 0

    data = json.loads(capsys.readouterr().out)
    assert data["total"] == 5
    assert {b["band"]: b["sessions"] for b in data["bands"]}["weekday_early_late"] == 2
    assert main(["--config", str(config), "stats"]) == 0
    assert "night (21:00–07:00)" in capsys.readouterr().out

    # The hall declares that Monday a day off: the midday and evening visits move to the weekend band.
    config.write_text(
        f'[storage]\nurl = "{url}"\n[calendar]\nrest_days = [{MONDAY.date().isoformat()}]\n', encoding="utf-8"
    )
    assert main(["--config", str(config), "stats", "--json"]) == 0
    bands = {b["band"]: b["sessions"] for b in json.loads(capsys.readouterr().out)["bands"]}
    assert bands["weekend"] == 4 and bands["weekday_early_late"] == 0 and bands["night"] == 1


def test_the_database_counts_exactly_what_band_of_says(tmp_path: Path) -> None:
    """The spans the database joins on give every session the band band_of gives it, across days off,
    bridging weekends and midnight, with repeat visitors counted within each band only."""
    engine = make_engine(f"sqlite:///{tmp_path / 'kiosk.db'}")
    upgrade(engine)
    records = Records(engine)
    rng = random.Random(14)
    start = datetime(2026, 9, 28)  # National Day, its days off and the Saturday worked after them
    expected: dict[Band, Counter[str]] = {band: Counter() for band in Band}
    visits: dict[Band, Counter[str]] = {band: Counter() for band in Band}
    for index in range(600):
        at = start + timedelta(minutes=rng.randrange(20 * 24 * 60), seconds=rng.randrange(60))
        outcome, who = rng.choice(["completed", "cancelled", None]), rng.choice(["a", "b", "c", "d", None])
        records.start_session(f"s{index}", "credit_report", at, elderly=False, language="zh_CN")
        if who:
            records.identify_session(f"s{index}", card_type="resident_id", masked_id="x", id_hash=who * 64)
            visits[band_of(at, CHINA)][who] += 1
        if outcome:
            records.end_session(f"s{index}", at, outcome, fault_device=None, elderly=False, language="zh_CN")
        expected[band_of(at, CHINA)][outcome or "in_progress"] += 1
    since, until = start + timedelta(days=2, hours=8), start + timedelta(days=15, hours=13)

    counted = {c.band: c for c in sessions_by_band(engine, calendar=CHINA)}
    for band in Band:
        assert counted[band].outcomes == {k: v for k, v in expected[band].items() if v}
        assert counted[band].repeat_visitors == sum(1 for n in visits[band].values() if n > 1)

    window = {c.band: c.sessions for c in sessions_by_band(engine, since, until, CHINA)}
    with engine.connect() as connection:
        started = connection.execute(select(SessionRow.started_at)).scalars().all()
    assert window == {
        band: sum(1 for at in started if since <= at < until and band_of(at, CHINA) is band) for band in Band
    }
    engine.dispose()


def test_spans_cover_the_days_without_gaps_and_each_holds_one_band() -> None:
    spans = band_spans(date(2026, 9, 30), date(2026, 10, 11), CHINA)
    assert spans[0].start == datetime(2026, 9, 30) and spans[-1].end == datetime(2026, 10, 12)
    assert all(a.end == b.start and a.band is not b.band for a, b in itertools.pairwise(spans))
    for span in spans:
        assert band_of(span.start, CHINA) is span.band
        assert band_of(span.end - timedelta(microseconds=1), CHINA) is span.band
