"""Time bands: every instant in exactly one band, the boundaries where the hall manager expects them."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.stats import Band, band_of, sessions_by_band
from kiosk.storage.db import make_engine
from kiosk.storage.migrate import upgrade
from kiosk.storage.records import Records

MONDAY = datetime(2026, 11, 16)


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
    assert band_of(MONDAY + timedelta(days=day, hours=hour, minutes=minute)) is band


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
    import json

    data = json.loads(capsys.readouterr().out)
    assert data["total"] == 5
    assert {b["band"]: b["sessions"] for b in data["bands"]}["weekday_early_late"] == 2
    assert main(["--config", str(config), "stats"]) == 0
    assert "night (21:00–07:00)" in capsys.readouterr().out
