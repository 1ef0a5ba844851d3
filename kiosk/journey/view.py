"""What the screens show: an immutable snapshot of the journey, rebuilt on demand.

Screens are views of this state and nothing else (STYLE.md rule 3).
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kiosk.journey.states import JourneyState

if TYPE_CHECKING:  # names for the annotations only: the home screen is painted before these load
    from devices.camera.base import Frame
    from kiosk.config import ServiceConfig
    from kiosk.documents.base import BusinessChoice
    from kiosk.face.base import FaceGuide, FaceVerdict
    from kiosk.health import Unavailability
    from kiosk.journey.states import Notice
    from kiosk.maintenance import MaintenanceView


@dataclass(frozen=True, slots=True)
class ServiceTile:
    service: ServiceConfig
    unavailable: tuple[Unavailability, ...] = ()

    @property
    def available(self) -> bool:
        return not self.unavailable


class IdentifyHint(enum.StrEnum):
    """A message on the identify screen while it keeps waiting for a card."""

    CARD_PULLED = "card_pulled"  # the card left the reader mid-read: place it again and keep it still
    CARD_UNREADABLE = "card_unreadable"  # could not read it: place it again
    WRONG_CARD = "wrong_card"  # this service needs the resident ID card


class Reminder(enum.StrEnum):
    TAKE_CARD = "take_card"
    TAKE_PAPERS = "take_papers"


@dataclass(frozen=True, slots=True)
class FaceView:
    guide: FaceGuide
    attempt: int  # 1-based
    attempts: int
    last_verdict: FaceVerdict | None = None  # the previous attempt's, shown as "please try again"
    frame: Frame | None = field(default=None, repr=False)  # the live picture for the preview


@dataclass(frozen=True, slots=True)
class PreviewView:
    title: str
    number: str
    pages: tuple[bytes, ...] = field(repr=False)  # PNG images of the PDF's pages
    copies: int = 1
    copy_limit: int = 1


@dataclass(frozen=True, slots=True)
class JourneyView:
    state: JourneyState
    version: int
    elderly: bool
    language: str
    services: tuple[ServiceTile, ...]
    service: ServiceConfig | None = None
    idle_countdown: int | None = None  # seconds left, while the idle warning shows
    notice: Notice | None = None
    identify_hint: IdentifyHint | None = None
    holder_masked_name: str | None = None  # 张* — never the full name
    face: FaceView | None = None
    businesses: tuple[BusinessChoice, ...] = ()
    preview: PreviewView | None = None
    sheets_done: int = 0
    sheets_total: int = 0
    receipt_printed: bool | None = None
    reminder: Reminder | None = None
    rating: int | None = None
    help_requested: bool = False
    card_reading: bool = False  # identify: a card is on the reader and being read (never what it says)
    maintenance: MaintenanceView | None = None  # the diagnostics screen's report and self-tests


def opening_view(services: Sequence[ServiceConfig]) -> JourneyView:
    """The home screen as the kiosk starts, before the journey runs: made from the configuration
    alone, so the window can paint it first. Every service looks available until the first health
    check (a moment later) says otherwise."""
    return JourneyView(
        state=JourneyState.HOME,
        version=-1,
        elderly=False,
        language="zh_CN",
        services=tuple(ServiceTile(service) for service in services),
    )
