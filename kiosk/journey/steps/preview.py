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

    def _copy_limit(self) -> int:
        """The service's limit; one in 长辈模式, where the preview asks one thing only: print?"""
        session = self.context.session
        limit = session.service.copy_limit if session is not None else 1
        return 1 if self.context.elderly else limit

    def view(self) -> PreviewView | None:
        session = self.context.session
        if session is None or session.prepared is None:
            return None
        limit = self._copy_limit()
        return PreviewView(
            title=session.prepared.document.title,
            number=session.prepared.document.number,
            pages=session.prepared.pages,
            copies=min(session.copies, limit),
            copy_limit=limit,
        )

    def set_copies(self, copies: int) -> None:
        session = self.context.session
        if session is None:
            return
        session.copies = min(max(1, copies), self._copy_limit())
        self.context.restart_timeout()
        self.context.changed()

    def confirm_print(self) -> None:
        session = self.context.session
        if session is not None:
            session.copies = min(session.copies, self._copy_limit())  # what the screen showed
            self.context.move("print_document", JourneyState.PRINTING)

    def cancel(self) -> None:
        self.context.cancel_session()

    def expire(self) -> None:
        self.context.time_out()
