"""The reminders, after every visit that read a card or printed a sheet, whatever its outcome: take
the card (until it has left the reader, where the reader senses it), then the papers that came out;
then the rating (a visit that reached identification) or goodbye."""

from __future__ import annotations

from kiosk.audit import AuditEvent
from kiosk.journey.context import StepContext
from kiosk.journey.states import JourneyState, Timeout, TimeoutKind
from kiosk.journey.steps.base import Step
from kiosk.journey.view import Reminder, RemindersView
from kiosk.parts import Part

TAKE_CARD = Timeout(30.0, TimeoutKind.STEP)
"""Waiting for the card to leave the reader; then the kiosk moves on and notes a forgotten card."""

TAKE_PAPERS = Timeout(8.0, TimeoutKind.STEP)
"""The reminder to take the printed pages and the slip."""

CARD_PRESENCE_POLL = 0.5
"""How often to ask whether the card is still in the reader."""


class RemindersStep(Step):
    state = JourneyState.REMINDERS
    timeout = TAKE_CARD

    def __init__(self, context: StepContext) -> None:
        super().__init__(context)
        handover = context.handover
        self.reminder = Reminder.TAKE_CARD if handover.card_read else Reminder.TAKE_PAPERS

    def enter(self) -> None:
        if self.reminder is Reminder.TAKE_CARD:
            self.context.set_timeout(TAKE_CARD)
            self._check_card()
        else:
            self.context.set_timeout(TAKE_PAPERS)

    def view(self) -> RemindersView:
        handover = self.context.handover
        return RemindersView(self.reminder, handover.receipt_printed, handover.sheets_out)

    def tick(self) -> None:
        if self.reminder is Reminder.TAKE_CARD and self.context.pending is None:
            self._check_card()

    def expire(self) -> None:
        if self.reminder is Reminder.TAKE_CARD:
            self.context.ledger.event(AuditEvent.CARD_LEFT_IN_READER)
            self._card_done()
        else:
            self._move_on()

    def _check_card(self) -> None:
        reader = self.context.devices.id_reader
        future = reader.submit(lambda device: device.card_present() if device.senses_presence else None)
        self.context.submit(Part.ID_READER, future, self._card_checked)

    def _card_checked(self, present: bool | None) -> None:
        context = self.context
        if present:
            context.tick_in(CARD_PRESENCE_POLL)
            return
        if present is None:
            # The reader cannot tell: show the reminder for a short while, then move on.
            context.tick_in(TAKE_PAPERS.seconds * context.factor(TAKE_PAPERS))
            return
        context.ledger.event(AuditEvent.CARD_TAKEN)
        self._card_done()

    def _card_done(self) -> None:
        handover = self.context.handover
        if handover.receipt_printed is None and not handover.sheets_out:
            self._move_on()  # nothing came out of the printers
            return
        self.reminder = Reminder.TAKE_PAPERS
        self.context.set_timeout(TAKE_PAPERS)
        self.context.changed()

    def _move_on(self) -> None:
        context = self.context
        if context.handover.card_read:  # the visit reached identification: it is rated, whatever its end
            context.move("ask_rating", JourneyState.RATING)
        else:
            context.move("say_goodbye", JourneyState.GOODBYE)
