"""The notice: why the visit ended, and what to do now (a reprint code, another card, a window).
Closed, it goes on to the take-card check when a card was read (and the papers, when some came out),
then the rating; else back to attract."""

from __future__ import annotations

from kiosk.journey.states import JourneyState, Notice, NoticeReason, Timeout, TimeoutKind
from kiosk.journey.steps.base import Step
from kiosk.journey.view import NoticeView

NOTICE = Timeout(30.0, TimeoutKind.STEP)
"""Long enough to read what happened and what to do; a tap ends it sooner."""

NOTICE_WITH_CODE = Timeout(300.0, TimeoutKind.IDLE)
"""A reprint code is the citizen's way to the pages not printed: the notice waits for the tap that
says it has been noted (or taken on its slip), with the idle countdown and 需要更多时间 before it
goes. Not for ever: the next citizen must not find the card of this one under someone else's notice."""


class NoticeStep(Step):
    state = JourneyState.NOTICE

    def enter(self) -> None:
        notice = self.context.handover.notice
        self.context.set_timeout(NOTICE_WITH_CODE if notice is not None and notice.reprint_code else NOTICE)

    def view(self) -> NoticeView:
        notice = self.context.handover.notice
        return NoticeView(notice if notice is not None else Notice(NoticeReason.INTERNAL_ERROR))

    def dismiss(self) -> None:
        self._close()

    def cancel(self) -> None:
        self._close()  # the idle countdown's 结束办理

    def expire(self) -> None:
        self._close()

    def _close(self) -> None:
        context = self.context
        if context.handover.card_read or context.handover.sheets_out:
            context.move("remind", JourneyState.REMINDERS)
        else:
            context.move("rest", JourneyState.ATTRACT)
