"""一键求助, as the hall can answer it: who answers now, from the configuration (``[help]``), and the
numbers the help card shows. Nothing here promises what the hall has not said it does."""

from __future__ import annotations

from datetime import datetime

from kiosk.config import KioskConfig
from kiosk.journey.view import HelpAnswer, HelpView
from kiosk.workdays import WorkCalendar


def help_now(config: KioskConfig, now: datetime, calendar: WorkCalendar) -> HelpView:
    """Who answers a help request made at ``now`` (the kiosk's local time)."""
    help, kiosk = config.help, config.kiosk
    staffed = staffed_at(config, now, calendar)
    if staffed:
        answer = HelpAnswer.STAFF_COMING if help.staff_alerted else HelpAnswer.STAFF_AT_WINDOW
    elif help.duty_phone:
        answer = HelpAnswer.DUTY_PHONE
    else:
        answer = HelpAnswer.HOTLINE_ONLY
    never = help.staffed_on == "never"
    return HelpView(
        answer=answer,
        kiosk_id=kiosk.id,
        phone=help.duty_phone if answer is HelpAnswer.DUTY_PHONE and help.duty_phone else kiosk.hotline,
        hotline=kiosk.hotline,
        staffed_from=None if never else help.staffed_from,
        staffed_until=None if never else help.staffed_until,
    )


def staffed_at(config: KioskConfig, now: datetime, calendar: WorkCalendar) -> bool:
    help = config.help
    if help.staffed_on == "never":
        return False
    if help.staffed_on == "workdays" and not calendar.is_working_day(now.date()):
        return False
    return help.staffed_from <= now.strftime("%H:%M") < help.staffed_until
