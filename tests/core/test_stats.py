"""Time bands: every instant in exactly one band, the boundaries where the hall manager expects them,
and China's calendar deciding which days are worked."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.config import CalendarConfig
from kiosk.stats import Band, band_of, sessions_by_band
from kiosk.storage.db import make_engine
from kiosk.storage.migrate import upgrade
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
