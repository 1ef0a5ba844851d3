"""The notice: why the visit ended, and what to do now (a reprint code, another card, a window)."""

from __future__ import annotations

from kiosk.journey.states import JourneyState, Notice, NoticeReason, Timeout, TimeoutKind
from kiosk.journey.steps.base import Step
from kiosk.journey.view import NoticeView

NOTICE = Timeout(30.0, TimeoutKind.STEP)
"""Long enough to read what happened and what to do; a tap ends it sooner."""


class NoticeStep(Step):
    state = JourneyState.NOTICE
    timeout = NOTICE

    def view(self) -> NoticeView:
        notice = self.context.handover.notice
        return NoticeView(notice if notice is not None else Notice(NoticeReason.INTERNAL_ERROR))

    def dismiss(self) -> None:
        self.context.move("rest", JourneyState.ATTRACT)

    def expire(self) -> None:
        self.context.move("rest", JourneyState.ATTRACT)
