"""Writing a 好差评 rating down, with what a provincial 好差评 system files it under. Shared by the
rating steps (the level, the reasons of a poor one, the call back), so each writes it the same way."""

from __future__ import annotations

from datetime import timedelta

from kiosk.audit import AuditEvent
from kiosk.journey.context import StepContext
from kiosk.journey.states import JourneyState
from kiosk.ratings import RatingReason


def record_rating(
    context: StepContext, level: int, reasons: tuple[RatingReason, ...] = (), contact: str | None = None
) -> None:
    """Write the rating (``contact``: a call-back number already sealed), then say goodbye."""
    session = context.session
    if session is not None:
        config = context.config
        context.parts.records.rate(
            session.id,
            level,
            context.clock.now(),
            reasons,
            reasons_version=config.rating.reasons_version if level <= 2 else None,
            item_code=session.service.item_code,
            kiosk_id=config.kiosk.id,
            contact=contact,
            contact_kept=timedelta(days=config.rating.contact_days),
        )
        context.ledger.event(
            AuditEvent.RATING,
            outcome=str(level),
            detail={"reasons": len(reasons), "callback": contact is not None},
        )
    context.handover.rating = level
    context.handover.callback = contact is not None
    context.move("say_goodbye", JourneyState.GOODBYE)
