"""The technicians' way into the diagnostics screen and what they can do there, on the journey:
the PIN and its lock, when the screen may open, the self-tests on the devices' own threads, the
readiness report, and that nothing of a visit outlives it."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from devices.camera.mock import CameraFault
from devices.document_printer.base import DocumentPrinterStatus
from devices.id_reader.base import ReaderStatus
from devices.id_reader.mock import ReaderFault
from devices.receipt_printer.base import ReceiptPrinterStatus
from kiosk.config import KioskConfig, TechnicianConfig
from kiosk.health import Unavailability
from kiosk.journey import JourneyState as S
from kiosk.journey.context import IDLE_WARNING
from kiosk.journey.steps.diagnostics import DIAGNOSTICS, REPORT_EVERY
from kiosk.journey.view import DiagnosticsView
from kiosk.parts import FaceCheckStatus, Part, RendererStatus, SourceStatus
from kiosk.readiness import (
    DatabaseSection,
    DeviceSection,
    DiskSection,
    FaceCheckSection,
    ReadinessReport,
    RendererSection,
    ServiceSection,
    SourceSection,
)
from kiosk.recent_log import RECENT
from kiosk.self_tests import CARD_TEST_SLICE, SelfTest
from kiosk.storage.models import AuditEventRow
from kiosk.technician_pin import PIN_LOCK_SECONDS, PIN_TRIES, PinCheck, hash_pin
from tests.journey.conftest import Rig, make_rig
from tests.journey.fakes import card

PIN = "20261206"
PIN_HASH = hash_pin(PIN)


def a_report(ready: bool = True) -> ReadinessReport:
    status = ReaderStatus.READY if ready else ReaderStatus.NO_DEVICE
    return ReadinessReport(
        kiosk_id="KSK-TEST-01",
        devices=(DeviceSection(Part.ID_READER, "mock", "mock reader", status),),
        sources=(SourceSection(Part.REGISTRY, SourceStatus.AVAILABLE),),
        services=(ServiceSection("tax_payment", () if ready else (Unavailability(Part.ID_READER, status),)),),
        face_check=FaceCheckSection("dlib", 0.5, FaceCheckStatus.READY),
        renderer=RendererSection(RendererStatus.READY),
        database=DatabaseSection("sqlite://", "0002", "0002"),
        disk=DiskSection("/var/lib/civic-kiosk", 1024),
    )


@pytest.fixture
def tech(tmp_path: Path) -> Iterator[Rig]:
    config = KioskConfig(data_dir=tmp_path, technician=TechnicianConfig(pin_hash=PIN_HASH))
    yield from make_rig(tmp_path, config, readiness=a_report)


def settle_visit(rig: Rig) -> None:
    """Let the visit's report and test finish, and land in the view."""
    for _ in range(50):
        rig.journey.wait(timeout=5)
        view = rig.journey.view().step_as(DiagnosticsView)
        if view is not None and view.running is None and view.report is not None:
            return
    raise AssertionError("the diagnostics work never finished")


def events(rig: Rig, type: str) -> list[AuditEventRow]:
    with rig.records.engine.connect() as db:
        rows = db.execute(select(AuditEventRow).where(AuditEventRow.type == type)).all()
    return list(rows)


def test_the_right_pin_opens_the_diagnostics_screen_with_the_report(tech: Rig) -> None:
    assert tech.journey.technician_pin_set
    assert tech.journey.open_diagnostics(PIN) is PinCheck.ACCEPTED
    assert tech.journey.state is S.DIAGNOSTICS

    settle_visit(tech)
    view = tech.journey.view()
    visit = view.step_as(DiagnosticsView)
    assert visit is not None and visit.report is not None
    assert visit.report.kiosk_id == "KSK-TEST-01"
    assert visit.running is None and visit.results == ()

    tech.journey.leave_diagnostics()
    assert tech.journey.state is S.ATTRACT
    assert tech.journey.view().step_as(DiagnosticsView) is None


def test_a_wrong_pin_says_so_and_the_fifth_locks_the_pad(tech: Rig) -> None:
    for _ in range(PIN_TRIES - 1):
        assert tech.journey.open_diagnostics("123456") is PinCheck.WRONG
    assert tech.journey.open_diagnostics("12345") is PinCheck.LOCKED  # the fifth wrong one
    assert tech.journey.state is S.ATTRACT
    # Locked: even the right PIN is refused until the time is up.
    assert tech.journey.open_diagnostics(PIN) is PinCheck.LOCKED
    assert tech.journey.pin_locked_for() == pytest.approx(PIN_LOCK_SECONDS, abs=1)

    tech.clock.advance(PIN_LOCK_SECONDS + 1)
    assert tech.journey.pin_locked_for() == 0
    assert tech.journey.open_diagnostics(PIN) is PinCheck.ACCEPTED


def test_a_right_pin_starts_the_count_of_wrong_ones_again(tech: Rig) -> None:
    for _ in range(PIN_TRIES - 1):
        assert tech.journey.open_diagnostics("999999") is PinCheck.WRONG
    assert tech.journey.open_diagnostics(PIN) is PinCheck.ACCEPTED
    tech.journey.leave_diagnostics()
    assert tech.journey.open_diagnostics("999999") is PinCheck.WRONG  # not locked: the count began anew


def test_every_try_is_an_audit_event_without_the_digits(tech: Rig) -> None:
    tech.journey.open_diagnostics("55555555")
    tech.journey.open_diagnostics(PIN)

    rows = events(tech, "maintenance_pin")
    assert [row.outcome for row in rows] == ["wrong", "accepted"]
    with tech.records.engine.connect() as db:
        everything = json.dumps([list(map(str, row)) for row in db.execute(select(AuditEventRow)).all()])
    assert PIN not in everything and "55555555" not in everything


def test_with_no_pin_configured_nothing_opens(rig: Rig) -> None:
    assert not rig.journey.technician_pin_set
    assert rig.journey.open_diagnostics("000000") is PinCheck.NOT_SET
    assert rig.journey.state is S.ATTRACT


def test_it_opens_only_when_no_citizen_is_being_served(tech: Rig) -> None:
    tech.journey.touch()
    assert tech.journey.state is S.HOME
    assert tech.journey.choose_service("tax_payment")
    assert tech.journey.open_diagnostics(PIN) is PinCheck.NOT_NOW  # a citizen is on the intro screen
    assert tech.journey.state is S.INTRO
    assert events(tech, "maintenance_pin") == []

    tech.journey.back()
    assert tech.journey.state is S.HOME
    assert tech.journey.open_diagnostics(PIN) is PinCheck.ACCEPTED


def test_it_opens_from_out_of_service_where_a_technician_is_needed_most(tech: Rig) -> None:

    tech.reader.inject(ReaderFault.UNPLUGGED)
    tech.health.check_now()
    tech.health.wait_first_round()
    for _ in range(50):
        tech.journey.poll()
        if tech.journey.state is S.OUT_OF_SERVICE:
            break
        tech.health.wait_first_round()
    assert tech.journey.state is S.OUT_OF_SERVICE

    assert tech.journey.open_diagnostics(PIN) is PinCheck.ACCEPTED
    tech.elapse(60)
    assert tech.journey.state is S.DIAGNOSTICS  # no device comes back, the technician stays


@pytest.mark.parametrize(
    ("test", "says"),
    [
        (SelfTest.RECEIPT, "test slip was printed"),
        (SelfTest.A4_PAGE, "test page was printed"),
        (SelfTest.VOICE, "ready"),
        (SelfTest.CAMERA, "pictures of 640×480"),
    ],
)
def test_each_self_test_runs_on_its_device_and_reports(tech: Rig, test: SelfTest, says: str) -> None:
    tech.journey.open_diagnostics(PIN)
    assert tech.journey.run_self_test(test)
    view = tech.journey.view().step_as(DiagnosticsView)
    assert view is not None and view.running is test
    assert not tech.journey.run_self_test(SelfTest.VOICE)  # one at a time

    settle_visit(tech)

    view = tech.journey.view().step_as(DiagnosticsView)
    assert view is not None and view.running is None
    (result,) = view.results
    assert result.test is test and result.passed
    assert says in result.detail
    (event,) = events(tech, "self_test")
    assert event.outcome == "passed"
    assert event.detail == {"test": test.value, "status": result.status}


def test_the_test_slip_really_reaches_the_receipt_printer(tech: Rig) -> None:
    tech.journey.open_diagnostics(PIN)
    tech.journey.run_self_test(SelfTest.RECEIPT)
    settle_visit(tech)
    (slip,) = tech.receipt_printer.printed
    assert any("打印测试" in getattr(block, "text", "") for block in slip.blocks)


def test_a_printer_out_of_paper_fails_its_test_with_the_printers_words(tech: Rig) -> None:
    tech.document_printer.set_status(DocumentPrinterStatus.PAPER_OUT)
    tech.receipt_printer.set_status(ReceiptPrinterStatus.PAPER_OUT)
    tech.journey.open_diagnostics(PIN)

    tech.journey.run_self_test(SelfTest.A4_PAGE)
    settle_visit(tech)
    tech.journey.run_self_test(SelfTest.RECEIPT)
    settle_visit(tech)

    view = tech.journey.view().step_as(DiagnosticsView)
    assert view is not None
    receipt, a4 = view.results  # the newest first
    assert (receipt.test, receipt.passed, receipt.status) == (SelfTest.RECEIPT, False, "paper_out")
    assert (a4.test, a4.passed, a4.status) == (SelfTest.A4_PAGE, False, "paper_out")
    assert tech.document_printer.printed == [] and tech.receipt_printer.printed == []


def test_a_paper_refill_is_recorded_and_proved_with_a_test_print(tech: Rig) -> None:
    tech.journey.open_diagnostics(PIN)
    tech.journey.run_self_test(SelfTest.A4_REFILLED)
    settle_visit(tech)

    (refill,) = events(tech, "paper_refilled")
    assert refill.detail == {"device": "document_printer"}
    assert len(tech.document_printer.printed) == 1
    view = tech.journey.view().step_as(DiagnosticsView)
    assert view is not None and view.results[0].test is SelfTest.A4_REFILLED and view.results[0].passed


def test_a_dead_camera_fails_its_test(tech: Rig) -> None:
    tech.camera.inject(CameraFault.UNPLUGGED)
    tech.journey.open_diagnostics(PIN)
    tech.journey.run_self_test(SelfTest.CAMERA)
    settle_visit(tech)
    view = tech.journey.view().step_as(DiagnosticsView)
    assert view is not None
    assert (view.results[0].passed, view.results[0].status) == (False, "no_device")


def test_the_card_test_shows_a_masked_number_only_and_it_leaves_with_the_technician(tech: Rig) -> None:
    placed = card()
    tech.reader.insert(placed)
    tech.journey.open_diagnostics(PIN)
    tech.journey.run_self_test(SelfTest.CARD)
    settle_visit(tech)

    view = tech.journey.view()
    visit = view.step_as(DiagnosticsView)
    assert visit is not None
    detail = visit.results[0].detail
    assert visit.results[0].passed
    assert placed.id_number not in detail and placed.name not in detail
    assert placed.id_number[:4] in detail and placed.id_number[-4:] in detail  # 1101**********123X

    tech.journey.leave_diagnostics()
    assert placed.id_number[-4:] not in repr(tech.journey.view())
    tech.journey.open_diagnostics(PIN)
    view = tech.journey.view()
    visit = view.step_as(DiagnosticsView)
    assert visit is not None and visit.results == ()  # a new visit starts empty


def test_a_broken_adapter_fails_the_test_not_the_kiosk(tech: Rig, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object) -> None:
        raise OSError("the port vanished")

    monkeypatch.setattr(tech.voice, "say", broken)
    tech.journey.open_diagnostics(PIN)
    tech.journey.run_self_test(SelfTest.VOICE)
    settle_visit(tech)
    view = tech.journey.view().step_as(DiagnosticsView)
    assert view is not None
    assert view.results[0].passed is False and "OSError" in view.results[0].detail
    assert tech.journey.state is S.DIAGNOSTICS


def test_the_report_is_made_again_every_few_seconds_and_a_failing_one_is_survived(tmp_path: Path) -> None:
    made: list[int] = []

    def report() -> ReadinessReport:
        made.append(1)
        if len(made) == 2:
            raise RuntimeError("the database is locked")
        return replace(a_report(), disk=DiskSection("/var/lib/civic-kiosk", len(made)))

    config = KioskConfig(data_dir=tmp_path, technician=TechnicianConfig(pin_hash=PIN_HASH))
    rigs = make_rig(tmp_path, config, readiness=report)
    tech = next(rigs)
    try:
        tech.journey.open_diagnostics(PIN)
        settle_visit(tech)
        first = tech.journey.view().step_as(DiagnosticsView)
        assert first is not None and first.report is not None and first.report.disk.free_mb == 1

        tech.elapse(REPORT_EVERY)  # the second one fails: the first stays
        settle_visit(tech)
        second = tech.journey.view().step_as(DiagnosticsView)
        assert second is not None and second.report is not None and second.report.disk.free_mb == 1

        tech.elapse(REPORT_EVERY)
        settle_visit(tech)
        third = tech.journey.view().step_as(DiagnosticsView)
        assert third is not None and third.report is not None and third.report.disk.free_mb == 3
        assert tech.journey.state is S.DIAGNOSTICS
    finally:
        rigs.close()


def test_todays_sessions_are_counted_by_outcome(tech: Rig) -> None:
    tech.journey.touch()
    for _ in range(2):
        tech.journey.choose_service("tax_payment")
        tech.journey.back()  # cancelled
    tech.journey.open_diagnostics(PIN)
    settle_visit(tech)
    view = tech.journey.view().step_as(DiagnosticsView)
    assert view is not None and view.sessions_today == (("cancelled", 2),)


def test_a_technician_who_walks_away_leaves_the_kiosk_to_the_citizens(tech: Rig) -> None:
    tech.journey.open_diagnostics(PIN)
    timeout = DIAGNOSTICS
    tech.elapse(timeout.seconds + 1)
    assert tech.journey.state is S.DIAGNOSTICS
    assert tech.journey.idle_countdown() is not None  # the idle warning shows
    tech.journey.run_self_test(SelfTest.VOICE)  # a tap: more time
    settle_visit(tech)
    assert tech.journey.idle_countdown() is None
    tech.elapse(timeout.seconds + IDLE_WARNING + 1)
    assert tech.journey.state is S.ATTRACT
    assert [e.outcome for e in events(tech, "maintenance")] == ["timed_out"]


def test_diagnostics_resets_the_citizens_settings(tech: Rig) -> None:
    tech.journey.touch()
    tech.journey.set_language("en")
    tech.journey.set_elderly(True)
    tech.journey.request_help()
    tech.journey.open_diagnostics(PIN)
    view = tech.journey.view()
    assert (view.language, view.elderly, view.help_requested) == ("zh_CN", False, False)


def test_ending_from_the_idle_warning_leaves_the_diagnostics_screen(tech: Rig) -> None:
    tech.journey.open_diagnostics(PIN)
    tech.journey.cancel()  # 结束办理 on the idle warning
    assert tech.journey.state is S.ATTRACT
    assert [e.outcome for e in events(tech, "maintenance")] == ["left"]


def test_the_latest_problems_are_on_the_screen(tech: Rig) -> None:
    RECENT.clear()
    logging.getLogger("devices.receipt_printer").addHandler(RECENT)
    try:
        logging.getLogger("devices.receipt_printer").warning("the receipt printer did not answer")
        tech.journey.open_diagnostics(PIN)
        settle_visit(tech)
        view = tech.journey.view().step_as(DiagnosticsView)
        assert view is not None
        assert [(p.level, p.message) for p in view.problems] == [
            ("WARNING", "the receipt printer did not answer")
        ]
    finally:
        logging.getLogger("devices.receipt_printer").removeHandler(RECENT)
        RECENT.clear()


def restarted(tmp_path: Path, before: Rig, seconds_later: float) -> Iterator[Rig]:
    """The same kiosk (its database) started again ``seconds_later`` (the power was cut)."""
    config = KioskConfig(data_dir=tmp_path, technician=TechnicianConfig(pin_hash=PIN_HASH))
    return make_rig(tmp_path, config, start=before.clock.now() + timedelta(seconds=seconds_later))


def test_a_restart_does_not_give_five_more_guesses(tmp_path: Path, tech: Rig) -> None:
    for _ in range(PIN_TRIES - 1):
        assert tech.journey.open_diagnostics("111111") is PinCheck.WRONG
    rigs = restarted(tmp_path, tech, 60)
    after = next(rigs)
    try:
        assert after.journey.open_diagnostics("111111") is PinCheck.LOCKED  # the fifth, across the restart
    finally:
        rigs.close()


def test_a_lock_outlives_a_restart_until_its_time_is_up(tmp_path: Path, tech: Rig) -> None:
    for _ in range(PIN_TRIES):
        tech.journey.open_diagnostics("111111")
    rigs = restarted(tmp_path, tech, 60)
    soon = next(rigs)
    try:
        assert soon.journey.open_diagnostics(PIN) is PinCheck.LOCKED
        assert soon.journey.pin_locked_for() == pytest.approx(PIN_LOCK_SECONDS - 60, abs=1)
    finally:
        rigs.close()
    rigs = restarted(tmp_path, tech, PIN_LOCK_SECONDS + 60)
    later = next(rigs)
    try:
        assert later.journey.pin_locked_for() == 0
        assert later.journey.open_diagnostics(PIN) is PinCheck.ACCEPTED
    finally:
        rigs.close()


def test_leaving_during_a_card_test_frees_the_reader_for_the_next_citizen(tech: Rig) -> None:
    tech.journey.open_diagnostics(PIN)
    assert tech.journey.run_self_test(SelfTest.CARD)  # waits up to 15 s for a card
    tech.journey.leave_diagnostics()
    time.sleep(CARD_TEST_SLICE + 0.2)  # the test's last wait for a card runs out

    # A citizen comes and places a card: the citizen's session reads it, not the test.
    placed = card()
    tech.start()
    tech.reader.insert(placed)
    tech.run_to(S.FACE_CHECK)
    assert tech.reader.reads == 1
    assert events(tech, "self_test") == []  # the test that was left is not reported
