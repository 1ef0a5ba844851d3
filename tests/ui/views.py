"""JourneyViews for screen tests, without a journey: every field can be set."""

from __future__ import annotations

from typing import Any

from kiosk.config import KioskConfig
from kiosk.health import Unavailability
from kiosk.journey import JourneyState, JourneyView
from kiosk.journey.view import ServiceTile

CONFIG = KioskConfig()


def tiles(unavailable: dict[str, tuple[Unavailability, ...]] | None = None) -> tuple[ServiceTile, ...]:
    """The default catalog's tiles; ``unavailable`` maps a service id to why it is down."""
    unavailable = unavailable or {}
    return tuple(ServiceTile(service, unavailable.get(service.id, ())) for service in CONFIG.services)


def make_view(state: JourneyState, **fields: Any) -> JourneyView:
    """A view of ``state`` with the default services; any JourneyView field can be given."""
    values: dict[str, Any] = {
        "state": state,
        "version": 1,
        "elderly": False,
        "language": "zh_CN",
        "services": tiles(),
    }
    if state not in (JourneyState.ATTRACT, JourneyState.HOME, JourneyState.OUT_OF_SERVICE):
        values["service"] = CONFIG.services[0]
    values.update(fields)
    return JourneyView(**values)
