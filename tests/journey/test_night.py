"""What a citizen meets at night (issue 11): help that tells the truth, the card and the papers on
every ending, the reprint code that does not vanish, 好差评 as the standard asks, a respectful face
check."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from central.console.contact import unseal
from devices.document_printer.mock import DocumentFault
from devices.receipt_printer.mock import ReceiptFault
from kiosk.config import HelpConfig, KioskConfig, SyncConfig
from kiosk.contact_seal import ContactSeal
from kiosk.face.base import FaceVerdict
from kiosk.journey import JourneyState as S
from kiosk.journey.states import Outcome
from kiosk.journey.view import (
    CallbackProblem,
    CallbackView,
    FaceView,
    GoodbyeView,
    HelpAnswer,
    RatingReasonsView,
    Reminder,
)
from kiosk.ratings import RatingReason
from tests.journey.conftest import Rig, make_rig, notice_of, reminders_of
from tests.journey.fakes import NOT_FOUND, card

NUMBER = "13912345678"

FRIDAY_EVENING = datetime(2026, 11, 20, 19, 30)
FRIDAY_MORNING = datetime(2026, 11, 20, 10, 0)
SATURDAY_MORNING = datetime(2026, 11, 21, 10, 0)


def _rig(tmp_path: Path, help: HelpConfig, start: datetime, **more: object) -> Iterator[Rig]:
    config = KioskConfig(data_dir=tmp_path, help=help, **more)  # type: ignore[arg-type]
    yield from make_rig(tmp_path, config, start=start)


@pytest.mark.parametrize(
    ("help", "start", "answer", "phone"),
    [
        (HelpConfig(duty_phone="0871-64612345"), FRIDAY_EVENING, HelpAnswer.DUTY_PHONE, "0871-64612345"),
        (HelpConfig(), FRIDAY_EVENING, HelpAnswer.HOTLINE_ONLY, "12345"),
        (HelpConfig(), FRIDAY_MORNING, HelpAnswer.STAFF_AT_WINDOW, "12345"),
        (HelpConfig(duty_phone="0871-64612345"), SATURDAY_MORNING, HelpAnswer.DUTY_PHONE, "0871-64612345"),
        (HelpConfig(staffed_on="never"), FRIDAY_MORNING, HelpAnswer.HOTLINE_ONLY, "12345"),
    ],
)
def test_help_says_who_answers_now_with_the_kiosk_number(
    tmp_path: Path, help: HelpConfig, start: datetime, answer: HelpAnswer, phone: str
) -> None:
    for rig in _rig(tmp_path, help, start):
        rig.journey.touch()
        rig.journey.request_help()
        shown = rig.journey.view().help
        assert shown is not None and (shown.answer, shown.phone) == (answer, phone)
        assert shown.kiosk_id == "KSK-DEMO-01"
        events = [(e.type, e.outcome) for e in rig.records.events()]
        assert events == [("help_requested", answer.value)]


def test_staff_are_said_to_come_only_where_they_watch_the_requests(tmp_path: Path) -> None:
    sync = SyncConfig(enabled=True, token="t" * 20)
    for rig in _rig(tmp_path, HelpConfig(staff_alerted=True), FRIDAY_MORNING, sync=sync):
        rig.journey.touch()
        rig.journey.request_help()
        shown = rig.journey.view().help
        assert shown is not None and shown.answer is HelpAnswer.STAFF_COMING
    with pytest.raises(ValueError, match="sync"):
        KioskConfig(help=HelpConfig(staff_alerted=True))


def test_the_help_request_goes_to_the_outbox_in_its_own_transaction(rig: Rig) -> None:
    rig.journey.touch()
    rig.journey.request_help()
    with rig.records.engine.connect() as connection:
        kinds = [row[0] for row in connection.exec_driver_sql("select payload from outbox").all()]
    assert any(
        '"type":"help_requested"' in payload and '"outcome":"hotline_only"' in payload for payload in kinds
    )


def test_every_timer_of_the_visit_waits_while_help_is_open(rig: Rig) -> None:
    rig.reader.insert(card())
    rig.journey.touch()
    assert rig.journey.choose_service("tax_payment")
    assert rig.journey.state is S.INTRO
    rig.journey.request_help()
    for _ in range(30):  # ten minutes waiting for someone to come
        rig.elapse(20)
        assert rig.journey.idle_countdown() is None
    assert rig.journey.state is S.INTRO
    rig.journey.dismiss_help()
    assert rig.journey.view().help is None
    rig.elapse(20)
    assert rig.journey.state is S.INTRO  # its whole time again after the help is closed
    assert [e.type for e in rig.records.events()][-2:] == ["help_requested", "help_closed"]


# -- the card and the papers, on every ending -------------------------------------------------------
def _to_preview(rig: Rig, service: str = "tax_payment") -> None:
    rig.reader.insert(card())
    rig.start(service)
    rig.run_to(S.PREVIEW)


def test_a_cancelled_visit_waits_for_the_card_then_asks_a_rating_and_shows_no_tick(rig: Rig) -> None:
    _to_preview(rig)
    rig.journey.cancel()
    assert rig.journey.state is S.REMINDERS
    assert reminders_of(rig.journey.view()).reminder is Reminder.TAKE_CARD
    rig.elapse(5)
    rig.settle()
    assert rig.journey.state is S.REMINDERS  # the card is still on the reader
    rig.reader.remove()
    rig.elapse(1)
    rig.settle()
    assert rig.journey.state is S.RATING  # no papers came out: straight on to the rating
    rig.journey.dismiss()
    goodbye = rig.journey.view().step_as(GoodbyeView)
    assert goodbye is not None and goodbye.outcome is Outcome.CANCELLED and not goodbye.completed
    assert "card_taken" in [e.type for e in rig.records.events()]


@pytest.mark.parametrize("ending", ["timed_out", "face_check_failed", "no_record", "refused_card"])
def test_every_ending_after_a_card_was_read_checks_for_the_card(rig: Rig, ending: str) -> None:
    if ending == "no_record":
        rig.source.problem = NOT_FOUND
    if ending == "face_check_failed":
        rig.checker.verdicts = [FaceVerdict.NO_MATCH] * 3
    rig.reader.insert(card(valid_until=date(2001, 1, 1)) if ending == "refused_card" else card())
    rig.start()
    if ending == "timed_out":
        rig.run_to(S.PREVIEW)
        rig.elapse(200)
    rig.run_to(S.NOTICE)
    rig.journey.dismiss()
    assert rig.journey.state is S.REMINDERS
    assert reminders_of(rig.journey.view()).reminder is Reminder.TAKE_CARD
    for _ in range(70):  # nobody takes it: noted, and the kiosk moves on
        rig.elapse(0.5)
        rig.settle()
    assert "card_left_in_reader" in [e.type for e in rig.records.events()]
    assert rig.journey.state is S.RATING  # failed visits are rated too


def test_paper_out_mid_job_names_the_pages_to_take_and_prints_the_code_on_a_slip(rig: Rig) -> None:
    rig.document_printer.inject(DocumentFault.PAPER_OUT_MID_JOB)
    _to_preview(rig)
    rig.journey.set_copies(2)
    rig.journey.confirm_print()
    rig.run_to(S.NOTICE)
    notice = notice_of(rig.journey.view())
    job = rig.records.print_jobs()[0]
    assert notice.reprint_code == job.reprint_code and notice.sheets_printed == 1 == job.sheets_printed
    assert notice.reprint_slip is True
    slip = rig.receipt_printer.printed[-1]
    text = " ".join(getattr(block, "text", "") + getattr(block, "data", "") for block in slip.blocks)
    assert job.reprint_code in text and "已打印 1 页，共 4 页" in text
    holder = card()
    assert holder.name not in text and holder.id_number not in text and holder.id_number[-4:] not in text
    rig.elapse(60)
    assert rig.journey.state is S.NOTICE  # the code waits for the tap, not 30 s
    rig.journey.dismiss()
    rig.reader.remove()
    rig.elapse(1)
    rig.settle()
    shown = reminders_of(rig.journey.view())
    assert (shown.reminder, shown.sheets_out) == (Reminder.TAKE_PAPERS, 1)


def test_a_silent_receipt_printer_leaves_the_code_on_the_notice_alone(rig: Rig) -> None:
    rig.document_printer.inject(DocumentFault.PAPER_OUT_MID_JOB)
    rig.receipt_printer.inject(ReceiptFault.SILENT)
    _to_preview(rig)
    rig.journey.confirm_print()
    for _ in range(40):
        if rig.journey.state is S.NOTICE:
            break
        rig.elapse(1)
        rig.settle()
    notice = notice_of(rig.journey.view())
    assert notice.reprint_code and notice.reprint_slip is False


# -- 好差评 ---------------------------------------------------------------------------------------------
def _to_rating(rig: Rig) -> None:
    _to_preview(rig)
    rig.journey.confirm_print()
    rig.run_to(S.REMINDERS)
    rig.reader.remove()
    rig.elapse(1)
    rig.settle()
    rig.elapse(9)
    assert rig.journey.state is S.RATING


def test_a_poor_rating_asks_why_and_offers_a_call_back_that_is_kept_sealed(
    rig: Rig, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    centre = X25519PrivateKey.generate()
    rig.journey._context.parts.contact_seal = ContactSeal(centre.public_key())
    _to_rating(rig)
    rig.journey.rate(1)
    assert rig.journey.state is S.RATING_REASONS
    reasons = rig.journey.view().step_as(RatingReasonsView)
    assert reasons is not None and reasons.offered[:3] == (
        RatingReason.DEVICE_FAULT, RatingReason.FACE_CHECK_FAILED, RatingReason.NOT_DONE,
    )  # fmt: skip
    assert reasons.callback_offered
    rig.journey.toggle_reason("too_slow")
    rig.journey.toggle_reason("device_fault")
    rig.journey.toggle_reason("not_a_reason")
    shown = rig.journey.view().step_as(RatingReasonsView)
    assert shown is not None and shown.chosen == (RatingReason.DEVICE_FAULT, RatingReason.TOO_SLOW)
    rig.journey.submit_reasons(True)
    assert rig.journey.state is S.CALLBACK
    rig.journey.submit_callback("12345")
    callback = rig.journey.view().step_as(CallbackView)
    assert callback is not None and callback.problem is CallbackProblem.NOT_A_NUMBER
    rig.journey.submit_callback(NUMBER)
    assert rig.journey.state is S.GOODBYE
    goodbye = rig.journey.view().step_as(GoodbyeView)
    assert goodbye is not None and goodbye.callback
    session_id = rig.records.print_jobs()[0].session_id
    rating = rig.records.rating(session_id)
    assert rating is not None and (rating.level, rating.reasons) == (1, ["device_fault", "too_slow"])
    assert rating.with_contact and rating.kiosk_id == "KSK-DEMO-01" and rating.reasons_version == "2026-12"
    [contact] = rig.records.callback_contacts()
    assert unseal(centre, contact.token) == NUMBER  # only the centre opens it
    assert NUMBER not in caplog.text
    assert NUMBER not in repr(rig.journey.view()) and NUMBER not in repr(rig.journey._context.handover)
    with rig.records.engine.connect() as connection:
        rows = connection.exec_driver_sql("select payload from outbox").all()
    assert all(NUMBER not in row[0] for row in rows)


def test_a_poor_rating_without_reasons_or_number_is_still_a_rating(rig: Rig) -> None:
    _to_rating(rig)
    rig.journey.rate(2)
    assert rig.journey.state is S.RATING_REASONS
    rig.elapse(200)  # walked away: the level stands
    assert rig.journey.state is S.GOODBYE
    rating = rig.records.rating(rig.records.print_jobs()[0].session_id)
    assert rating is not None and (rating.level, rating.with_contact) == (2, False)


def test_a_good_rating_asks_nothing_more(rig: Rig) -> None:
    _to_rating(rig)
    rig.journey.rate(4)
    assert rig.journey.state is S.GOODBYE


# -- a respectful face check ---------------------------------------------------------------------------
def test_a_failed_attempt_shows_tips_and_waits_for_retry(rig: Rig) -> None:
    rig.checker.verdicts = [FaceVerdict.NO_MATCH, FaceVerdict.PASSED]
    rig.reader.insert(card())
    rig.start()
    for _ in range(100):
        face = rig.journey.view().step_as(FaceView)
        if face is not None and face.waiting_retry:
            break
        rig.journey.wait(timeout=5)
    assert face is not None and face.waiting_retry and face.last_verdict is FaceVerdict.NO_MATCH
    assert face.frame is None  # the camera's picture is not held while the tips show
    rig.elapse(30)
    assert rig.journey.state is S.FACE_CHECK  # it waits for the citizen, not the clock
    rig.journey.retry_face_check()
    rig.run_to(S.PREVIEW, retry_face=False)
