"""补打 (issue 11): a job cut short is printed again at the kiosk by its code — the same card, the face
check its service asks for, the same document made again from its source, and only the sheets that
did not come out; each code once, refused politely when unknown, used, expired or with nothing left,
and never lost to a failure before a sheet came out."""

from __future__ import annotations

import gc
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from devices.camera.mock import CameraFault
from devices.document_printer.base import DocumentPrinterStatus
from devices.document_printer.mock import DocumentFault
from kiosk.config import KioskConfig
from kiosk.documents.content import TaxPayment
from kiosk.documents.preview import page_texts
from kiosk.face.base import FaceVerdict
from kiosk.journey import JourneyState as S
from kiosk.journey.states import NoticeReason, Outcome
from kiosk.journey.view import (
    FaceView,
    IdentifyHint,
    ReprintCodeView,
    ReprintOf,
    ReprintProblem,
    VisitStep,
)
from kiosk.parts import Part
from kiosk.print_journal import sheets_to_print
from kiosk.storage.records import PrintJobState, ReprintLookup, ReprintRefusal
from tests.journey.conftest import Rig, identify_of, make_rig, notice_of
from tests.journey.fakes import UNAVAILABLE, PagedRenderer, card
from tests.journey.test_wipe import traces

PAGES = 3
WEEK = timedelta(days=7)
SOMEONE_ELSE = card("李四", "19900101", "456")


@pytest.fixture
def rig(tmp_path: Path) -> Iterator[Rig]:
    yield from _rig(tmp_path, KioskConfig(data_dir=tmp_path))


def _rig(tmp_path: Path, config: KioskConfig) -> Iterator[Rig]:
    for made in make_rig(tmp_path, config, renderer=PagedRenderer(PAGES)):
        made.document_printer.output_dir = tmp_path / "printed"
        yield made


def _cut_short(rig: Rig, copies: int = 2, fault: DocumentFault = DocumentFault.PAPER_OUT_MID_JOB) -> str:
    """A visit whose job the A4 paper cuts short after its first sheet: its code, the visit ended,
    the paper refilled."""
    rig.reader.insert(card())
    rig.start()
    rig.run_to(S.PREVIEW)
    rig.journey.set_copies(copies)
    rig.document_printer.inject(fault)
    rig.journey.confirm_print()
    rig.run_to(S.NOTICE)
    code = notice_of(rig.journey.view()).reprint_code
    assert code
    _leave(rig)
    rig.document_printer.set_status(DocumentPrinterStatus.READY)  # the paper refilled
    _recheck(rig)
    return code


def _leave(rig: Rig) -> None:
    """The citizen takes the card and what came out, skips the rating: the kiosk rests."""
    for _ in range(200):
        state = rig.journey.state
        if state is S.ATTRACT:
            return
        if state in (S.NOTICE, S.RATING, S.GOODBYE):
            rig.journey.dismiss()
        elif state is S.REMINDERS and rig.reader.card_present():
            rig.reader.remove()
        rig.elapse(1)
        rig.settle()
    raise AssertionError(f"stuck in {rig.journey.state}")


def _recheck(rig: Rig) -> None:
    rig.health.check_now()
    rig.health.wait_first_round()
    rig.journey.poll()


def _type(rig: Rig, code: str) -> None:
    """补打 on the home screen, and the code on its keypad."""
    if rig.journey.state is S.ATTRACT:
        rig.journey.touch()
    if rig.journey.state is S.HOME:
        rig.journey.start_reprint()
    assert rig.journey.state is S.REPRINT_CODE
    rig.journey.submit_reprint_code(code)


def _problem(rig: Rig) -> ReprintProblem | None:
    shown = rig.journey.view().step_as(ReprintCodeView)
    assert shown is not None, rig.journey.state
    return shown.problem


def _reprint(rig: Rig, code: str, holder: object = None) -> list[S]:
    """Type ``code`` and go through the reprint's visit with the card; the states passed."""
    _type(rig, code)
    seen = [rig.journey.state]
    assert seen == [S.INTRO]
    rig.journey.accept_consent()
    rig.reader.insert(holder or card())  # type: ignore[arg-type]
    seen.append(rig.journey.state)
    for _ in range(400):
        state = rig.journey.state
        if state in (S.REMINDERS, S.NOTICE):
            break
        face = rig.journey.view().step_as(FaceView)
        if face is not None and face.waiting_retry:
            rig.journey.retry_face_check()  # the tips read
        elif not rig.journey.working:
            rig.journey.poll()
        else:
            rig.journey.wait(timeout=5)
        if rig.journey.state is not seen[-1]:
            seen.append(rig.journey.state)
    return seen


def _printed_pages(rig: Rig) -> list[str]:
    """The pages the A4 printer's last completed job received, by what each says."""
    job = rig.document_printer.printed[-1]
    pdf = (rig.document_printer.output_dir or Path()) / f"{job.job_id}.pdf"
    return [text.split(" KSK")[0] for text in page_texts(pdf.read_bytes())]


def test_pages_not_delivered_of_collated_copies() -> None:
    # three pages, two copies, one sheet out: the rest of the first copy, then the second whole
    assert sheets_to_print(3, 2, 1) == (1, 2, 0, 1, 2)
    assert sheets_to_print(3, 2, 3) == (0, 1, 2)  # the first copy came out whole
    assert sheets_to_print(3, 1, 0) == (0, 1, 2)
    assert sheets_to_print(3, 2, 6) == ()


def test_a_code_prints_only_the_missing_sheets_with_the_same_card_and_face_and_is_spent(rig: Rig) -> None:
    code = _cut_short(rig, copies=2)
    (first,) = rig.records.print_jobs()
    assert first.sheets_printed == 1 and first.sheets == 2 * PAGES

    seen = _reprint(rig, code)

    assert seen == [S.INTRO, S.IDENTIFY, S.FACE_CHECK, S.FETCHING, S.PRINTING, S.RECEIPT, S.REMINDERS]
    assert _printed_pages(rig) == [
        "page 2 of 3", "page 3 of 3", "page 1 of 3", "page 2 of 3", "page 3 of 3"
    ]  # fmt: skip
    printed = rig.document_printer.printed[-1]
    assert (printed.pages, printed.copies) == (5, 1)
    again = rig.records.print_jobs()[-1]
    assert again.document_number == first.document_number and again.state is PrintJobState.DONE
    assert (again.pages, again.copies, again.first_sheet) == (PAGES, 2, 1)
    assert rig.records.find_reprint(code, rig.clock.now(), WEEK) is ReprintRefusal.USED
    session = rig.records.session(again.session_id)
    assert session is not None and session.reprint_of == first.id and session.service_id == "tax_payment"
    assert session.outcome == Outcome.COMPLETED
    assert rig.receipt_printer.printed  # the usual endings: the slip, the card, the papers, the rating
    events = [(e.type, e.outcome) for e in rig.records.events(again.session_id)]
    assert ("reprint", "accepted") in events and ("reprint", "used") in events


def test_the_reprint_visit_counts_its_own_steps(rig: Rig) -> None:
    code = _cut_short(rig, copies=1)
    _type(rig, code)
    view = rig.journey.view()
    assert view.reprint == ReprintOf(sheets=2, sheets_total=PAGES)
    assert view.progress is not None and view.progress.steps == (
        VisitStep.CODE, VisitStep.IDENTIFY, VisitStep.FACE_CHECK, VisitStep.PRINT, VisitStep.COLLECT
    )  # fmt: skip
    assert view.progress.step is VisitStep.IDENTIFY


@pytest.mark.parametrize("refusal", list(ReprintRefusal))
def test_a_code_refused_says_why_and_lets_the_citizen_type_again(rig: Rig, refusal: ReprintRefusal) -> None:
    code = "ABCD2345"
    if refusal is ReprintRefusal.USED:
        code = _cut_short(rig, copies=1)
        assert _reprint(rig, code)[-1] is S.REMINDERS
        _leave(rig)
    elif refusal is ReprintRefusal.EXPIRED:
        code = _cut_short(rig, copies=1)
        rig.clock.advance(WEEK.total_seconds() + 60)
    elif refusal is ReprintRefusal.NOTHING_LEFT:
        rig.reader.insert(card())
        rig.start()
        rig.run_to(S.PREVIEW)
        rig.journey.confirm_print()
        rig.run_to(S.REMINDERS)
        code = rig.records.print_jobs()[-1].reprint_code
        _leave(rig)
    printed = len(rig.document_printer.printed)

    _type(rig, code)

    assert rig.journey.state is S.REPRINT_CODE and _problem(rig) == ReprintProblem(refusal.value)
    assert rig.journey.session is None  # no visit begun: a code names nobody
    assert ("reprint", refusal.value) in [(e.type, e.outcome) for e in rig.records.events()]
    rig.journey.dismiss()  # 重新输入: the keypad again
    assert rig.journey.state is S.REPRINT_CODE and _problem(rig) is None
    rig.journey.submit_reprint_code("K7Q42M9X")  # another try
    assert rig.journey.state is S.REPRINT_CODE and _problem(rig) is ReprintProblem.UNKNOWN
    assert len(rig.document_printer.printed) == printed
    rig.journey.back()
    assert rig.journey.state is S.HOME


def test_a_code_typed_with_its_dash_and_in_lower_case_is_taken(rig: Rig) -> None:
    code = _cut_short(rig, copies=1)
    _type(rig, f"{code[:4].lower()}-{code[4:]}")
    assert rig.journey.state is S.INTRO


def test_another_card_is_refused_without_saying_whose_and_the_right_one_goes_on(rig: Rig) -> None:
    code = _cut_short(rig, copies=1)
    _type(rig, code)
    rig.journey.accept_consent()
    rig.reader.insert(SOMEONE_ELSE)
    for _ in range(50):
        rig.settle()
        if identify_of(rig.journey.view()).hint is IdentifyHint.OTHER_CARD:
            break
        rig.elapse(0.5)
    shown = rig.journey.view()
    assert shown.state is S.IDENTIFY and identify_of(shown).hint is IdentifyHint.OTHER_CARD
    assert SOMEONE_ELSE.name not in repr(shown) and card().name not in repr(shown)
    session = rig.records.session(rig.journey.session.id)  # type: ignore[union-attr]
    assert session is not None and session.id_hash is None  # the other card's hash was not kept
    rig.reader.remove()
    rig.elapse(1)
    rig.journey.wait(timeout=2)  # seen gone: the reader waits for the next card
    assert rig.journey.working
    rig.reader.insert(card())
    rig.run_to(S.REMINDERS)
    assert rig.records.find_reprint(code, rig.clock.now(), WEEK) is ReprintRefusal.USED


def test_no_face_check_when_the_service_has_none(tmp_path: Path) -> None:
    config = KioskConfig(data_dir=tmp_path)
    services = tuple(replace(s, face_check=False) if s.id == "tax_payment" else s for s in config.services)
    for rig in _rig(tmp_path, replace(config, services=services)):
        code = _cut_short(rig, copies=1)
        seen = _reprint(rig, code)
        assert S.FACE_CHECK not in seen and seen[-1] is S.REMINDERS
        assert rig.records.find_reprint(code, rig.clock.now(), WEEK) is ReprintRefusal.USED


def test_a_failed_face_check_ends_the_visit_and_keeps_the_code(rig: Rig) -> None:
    code = _cut_short(rig, copies=1)
    rig.checker.verdicts = [FaceVerdict.NO_MATCH] * 3
    seen = _reprint(rig, code)
    assert S.FACE_CHECK in seen and seen[-1] is S.NOTICE
    assert notice_of(rig.journey.view()).reason is NoticeReason.FACE_CHECK_FAILED
    assert isinstance(rig.records.find_reprint(code, rig.clock.now(), WEEK), ReprintLookup)


def test_a_source_down_before_printing_keeps_the_code(rig: Rig) -> None:
    code = _cut_short(rig, copies=1)
    _type(rig, code)
    rig.journey.accept_consent()
    rig.reader.insert(card())
    rig.run_to(S.FETCHING)
    rig.source.problem = UNAVAILABLE
    rig.run_to(S.NOTICE)
    assert notice_of(rig.journey.view()).reason is NoticeReason.SOURCE_FAULT
    found = rig.records.find_reprint(code, rig.clock.now(), WEEK)
    assert isinstance(found, ReprintLookup) and found.job.sheets_out == 1
    assert len(rig.records.print_jobs()) == 1  # nothing was journaled for the reprint


def test_a_printer_failing_before_the_first_sheet_keeps_the_citizens_code(rig: Rig) -> None:
    code = _cut_short(rig, copies=1)
    _one_sheet_left(rig, code)
    rig.document_printer.inject(DocumentFault.PAPER_OUT_MID_JOB)  # out of paper before it comes out
    printed = len(rig.document_printer.printed)
    seen = _reprint(rig, code)
    assert seen[-1] is S.NOTICE and len(rig.document_printer.printed) == printed
    notice = notice_of(rig.journey.view())
    assert notice.reason is NoticeReason.PRINT_FAILED and notice.sheets_printed == 0
    assert notice.reprint_code == code  # the code the citizen has still works
    assert isinstance(rig.records.find_reprint(code, rig.clock.now(), WEEK), ReprintLookup)
    own = rig.records.print_jobs()[-1]
    assert own.state is PrintJobState.FAILED and own.first_sheet == 2
    # the reprint job's own code is spent: the same sheets never under two codes
    assert rig.records.find_reprint(own.reprint_code, rig.clock.now(), WEEK) is ReprintRefusal.USED


def _one_sheet_left(rig: Rig, code: str) -> None:
    """Two of the job's three sheets out, so a reprint prints one: the mock printer runs out of
    paper at a job's second sheet, or before the first of a job of one."""
    job = next(j for j in rig.records.print_jobs() if j.reprint_code == code)
    with rig.records.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE print_jobs SET sheets_printed = 2 WHERE id = ?", (job.id,))


def test_a_reprint_cut_short_in_its_turn_gives_a_code_for_the_rest(rig: Rig) -> None:
    code = _cut_short(rig, copies=2)  # 6 sheets, 1 out
    rig.document_printer.inject(DocumentFault.PAPER_OUT_MID_JOB)  # again after one more sheet
    seen = _reprint(rig, code)
    assert seen[-1] is S.NOTICE
    notice = notice_of(rig.journey.view())
    assert notice.sheets_printed == 1 and notice.reprint_code and notice.reprint_code != code
    assert rig.records.find_reprint(code, rig.clock.now(), WEEK) is ReprintRefusal.USED
    slip = rig.receipt_printer.printed[-1]
    text = " ".join(getattr(block, "text", "") + getattr(block, "data", "") for block in slip.blocks)
    assert notice.reprint_code in text and "已打印 2 页，共 6 页" in text
    rest = notice.reprint_code
    _leave(rig)
    rig.document_printer.set_status(DocumentPrinterStatus.READY)
    _recheck(rig)

    assert _reprint(rig, rest)[-1] is S.REMINDERS

    assert _printed_pages(rig) == ["page 3 of 3", "page 1 of 3", "page 2 of 3", "page 3 of 3"]


def test_a_record_changed_since_is_not_printed_and_keeps_the_code(rig: Rig) -> None:
    code = _cut_short(rig, copies=1)
    rig.source.payments = (
        TaxPayment(
            "2026-11", "个人所得税", "工资薪金所得", "某某公司", Decimal("9000"), Decimal("90"),
            date(2026, 12, 1), "V-1",
        ),
    )  # fmt: skip
    seen = _reprint(rig, code)
    assert seen[-1] is S.NOTICE and S.PRINTING not in seen
    assert notice_of(rig.journey.view()).reason is NoticeReason.REPRINT_CHANGED
    assert isinstance(rig.records.find_reprint(code, rig.clock.now(), WEEK), ReprintLookup)


def test_a_code_whose_service_is_down_now_keeps_and_says_what_stops_it(tmp_path: Path) -> None:
    config = KioskConfig(data_dir=tmp_path)
    no_face = ("id_reader", "document_printer", "receipt_printer")
    services = tuple(
        s if s.id == "tax_payment" else replace(s, face_check=False, devices=no_face) for s in config.services
    )
    for rig in _rig(tmp_path, replace(config, services=services)):
        code = _cut_short(rig, copies=1)
        rig.camera.inject(CameraFault.UNPLUGGED)  # the face check of tax_payment cannot run
        _recheck(rig)
        view = rig.journey.view()
        assert view.state is S.ATTRACT and view.reprint_tile.available  # the reader and the A4 work
        _type(rig, code)
        shown = rig.journey.view().step_as(ReprintCodeView)
        assert shown is not None and shown.problem is ReprintProblem.NOT_NOW
        assert shown.stopped is not None and shown.stopped.part is Part.CAMERA
        assert isinstance(rig.records.find_reprint(code, rig.clock.now(), WEEK), ReprintLookup)


def test_no_reprint_while_the_a4_printer_is_down(rig: Rig) -> None:
    rig.journey.touch()
    rig.document_printer.set_status(DocumentPrinterStatus.OFFLINE)
    _recheck(rig)
    view = rig.journey.view()
    # every service prints on it too: the kiosk is out of service, the 补打 tile greyed with them
    assert view.state is S.OUT_OF_SERVICE
    assert not view.reprint_tile.available
    assert view.reprint_tile.unavailable[0].part is Part.DOCUMENT_PRINTER
    rig.journey.start_reprint()
    assert rig.journey.state is S.OUT_OF_SERVICE


def test_the_code_screen_times_out_to_the_start(rig: Rig) -> None:
    rig.journey.touch()
    rig.journey.start_reprint()
    rig.elapse(200)
    assert rig.journey.state is S.ATTRACT


def test_nothing_personal_is_reachable_after_a_reprint(rig: Rig) -> None:
    code = _cut_short(rig, copies=1)
    holder = card()
    assert _reprint(rig, code)[-1] is S.REMINDERS
    _leave(rig)
    gc.collect()
    assert traces(rig, [holder.name, holder.id_number, holder.id_number[6:14]]) == []


def test_the_code_is_spent_as_the_first_sheet_comes_out_and_a_silent_printer_counts_what_came_out(
    rig: Rig,
) -> None:
    code = _cut_short(rig, copies=2)  # 5 sheets to print
    rig.document_printer.set_seconds_per_sheet(0.5)
    _type(rig, code)
    rig.journey.accept_consent()
    rig.reader.insert(card())
    rig.run_to(S.PRINTING)
    for _ in range(100):  # the first sheet out: the code is used, the job still printing
        rig.journey.poll()
        if rig.records.find_reprint(code, rig.clock.now(), WEEK) is ReprintRefusal.USED:
            break
        time.sleep(0.05)
    assert rig.records.find_reprint(code, rig.clock.now(), WEEK) is ReprintRefusal.USED
    assert rig.journey.state is S.PRINTING
    limit = rig.journey.deadline
    assert limit is not None
    rig.elapse(limit.at - rig.clock.monotonic() + 1)  # the printer never says it finished
    rig.run_to(S.NOTICE)
    notice = notice_of(rig.journey.view())
    own = rig.records.print_jobs()[-1]
    assert notice.reprint_code == own.reprint_code and notice.sheets_printed >= 1
    assert own.sheets_printed == 1 + notice.sheets_printed  # counted from the document's first sheet
