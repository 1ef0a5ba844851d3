"""JourneyViews for screen tests, without a journey: every field can be set.

A step's own fields may be given by name (``make_view(S.NOTICE, notice=…)``): they are gathered into
that state's step view, as the journey would make it.
"""

from __future__ import annotations

from typing import Any

from kiosk.config import KioskConfig
from kiosk.config_visit import DEFAULT_RATING_REASONS
from kiosk.health import Unavailability
from kiosk.journey import JourneyState, JourneyView
from kiosk.journey.view import (
    BusinessesView,
    CallbackView,
    DiagnosticsView,
    ElderlyOfferView,
    GoodbyeView,
    IdentifyView,
    NoticeView,
    PrintingView,
    RatingReasonsView,
    Reminder,
    RemindersView,
    ReprintCodeView,
    ServiceTile,
    StepView,
)

CONFIG = KioskConfig()
S = JourneyState


def tiles(unavailable: dict[str, tuple[Unavailability, ...]] | None = None) -> tuple[ServiceTile, ...]:
    """The default catalog's tiles; ``unavailable`` maps a service id to why it is down."""
    unavailable = unavailable or {}
    return tuple(ServiceTile(service, unavailable.get(service.id, ())) for service in CONFIG.services)


def step_view(state: JourneyState, fields: dict[str, Any]) -> StepView | None:
    """``state``'s step view from the step fields in ``fields`` (taken out of it)."""

    def take(*names: str) -> dict[str, Any]:
        return {name: fields.pop(name) for name in names if name in fields}

    match state:
        case S.IDENTIFY:
            given = take("identify_hint", "card_reading")
            return IdentifyView(given.get("identify_hint"), given.get("card_reading", False))
        case S.ELDERLY_OFFER:
            name = take("holder_masked_name").get("holder_masked_name")
            return ElderlyOfferView(name) if name else None
        case S.FACE_CHECK:
            return take("face").get("face")
        case S.CHOOSE_BUSINESS:
            return BusinessesView(take("businesses").get("businesses", ()))
        case S.PREVIEW:
            return take("preview").get("preview")
        case S.PRINTING:
            return PrintingView(**take("sheets_done", "sheets_total"))
        case S.REMINDERS:
            given = take("reminder", "receipt_printed")
            return RemindersView(given.get("reminder", Reminder.TAKE_CARD), given.get("receipt_printed"))
        case S.GOODBYE:
            given = take("rating", "completed")
            return GoodbyeView(given.get("completed", given.get("rating") is not None), given.get("rating"))
        case S.RATING_REASONS:
            given = take("chosen")
            return RatingReasonsView(
                1, DEFAULT_RATING_REASONS, given.get("chosen", ()), callback_offered=True
            )
        case S.CALLBACK:
            return CallbackView(30, take("callback_problem").get("callback_problem"))
        case S.NOTICE:
            notice = take("notice").get("notice")
            return NoticeView(notice) if notice is not None else None
        case S.DIAGNOSTICS:
            return take("diagnostics").get("diagnostics") or DiagnosticsView(report=None)
        case S.REPRINT_CODE:
            given = take("problem", "stopped")
            return ReprintCodeView(given.get("problem"), given.get("stopped"))
        case _:
            return None


def make_view(state: JourneyState, **fields: Any) -> JourneyView:
    """A view of ``state`` with the default services; any JourneyView field, or step field, can be given."""
    values: dict[str, Any] = {
        "state": state,
        "version": 1,
        "elderly": False,
        "language": "zh_CN",
        "services": tiles(),
    }
    if state not in (S.ATTRACT, S.HOME, S.OUT_OF_SERVICE, S.REPRINT_CODE):
        values["service"] = CONFIG.services[0]
    if "step" not in fields:
        values["step"] = step_view(state, fields)
    values.update(fields)
    return JourneyView(**values)
