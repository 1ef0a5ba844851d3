"""The preview: the document's pages, the number of copies, and the citizen's go-ahead to print."""

from __future__ import annotations

from kiosk.journey.states import JourneyState, Timeout, TimeoutKind
from kiosk.journey.steps.base import Step
from kiosk.journey.view import PreviewView

PREVIEW = Timeout(120.0, TimeoutKind.IDLE)
"""Reading a several-page report before printing it."""


class PreviewStep(Step):
    state = JourneyState.PREVIEW
    timeout = PREVIEW

    def view(self) -> PreviewView | None:
        session = self.context.session
        if session is None or session.prepared is None:
            return None
        return PreviewView(
            title=session.prepared.document.title,
            number=session.prepared.document.number,
            pages=session.prepared.pages,
            copies=session.copies,
            copy_limit=session.service.copy_limit,
        )

    def set_copies(self, copies: int) -> None:
        session = self.context.session
        if session is None:
            return
        session.copies = min(max(1, copies), session.service.copy_limit)
        self.context.restart_timeout()
        self.context.changed()

    def confirm_print(self) -> None:
        if self.context.session is not None:
            self.context.move("print_document", JourneyState.PRINTING)

    def cancel(self) -> None:
        self.context.cancel_session()

    def expire(self) -> None:
        self.context.time_out()
