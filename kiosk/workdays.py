"""Which days the halls' windows are open: the statistics count demand by working day and day off.

China's public holidays move with the lunar calendar, and each year the State Council turns some
weekends into working days (调休) to bridge them. The ``holidays`` package carries both, for every
year it was released knowing, with no network. A hall adds what the package does not know yet —
next year's arrangements before a kiosk is updated, or local days — in ``[calendar]``.
"""

from __future__ import annotations

from datetime import date

import holidays
from holidays import HolidayBase

from kiosk.config import CalendarConfig


class WorkCalendar:
    """Whether a day is a working day, by China's calendar and the hall's own days."""

    def __init__(self, config: CalendarConfig | None = None) -> None:
        config = config or CalendarConfig()
        self._country: HolidayBase = holidays.country_holidays("CN")
        self._rest_days = frozenset(config.rest_days)
        self._working_days = frozenset(config.working_days)

    def is_working_day(self, day: date) -> bool:
        if day in self._working_days:
            return True
        if day in self._rest_days:
            return False
        return bool(self._country.is_working_day(day))
