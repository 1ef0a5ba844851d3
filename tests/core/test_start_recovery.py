"""What the start settles that an earlier run left unfinished: visits cut by a crash closed as
interrupted, print jobs reconciled with the printer; and the wall clock judged before a key is made.
``kiosk diag`` settles nothing: the kiosk may be running beside it."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from devices.camera.mock import MockCamera
from devices.document_printer.mock import MockDocumentPrinter
from devices.id_reader.mock import MockIdReader
from devices.receipt_printer.mock import MockReceiptPrinter
from devices.voice.mock import MockVoice
from devices.worker import DeviceWorker
from kiosk.clock import FakeClock
from kiosk.composition import Kiosk, assemble
from kiosk.config import KioskConfig
from kiosk.demo.people import ZHANG_WEI, card_of
from kiosk.device_set import DeviceSet
from kiosk.journey import JourneyState as S
from kiosk.journey.states import Outcome
from kiosk.journey.view import OutOfServiceView
from kiosk.parts import ClockStatus, Part
from kiosk.readiness import readiness
from kiosk.stats import sessions_by_band
from kiosk.storage.records import INTERRUPTED, PrintJobState

EVENING = datetime(2026, 11, 20, 19, 30)


def devices(tray: Path) -> DeviceSet:
    return DeviceSet(
        id_reader=DeviceWorker(MockIdReader(), "id_reader"),
        receipt_printer=DeviceWorker(MockReceiptPrinter(), "receipt_printer"),
        document_printer=DeviceWorker(MockDocumentPrinter(tray=tray), "document_printer"),
        camera=DeviceWorker(MockCamera(fps=0), "camera"),
        voice=DeviceWorker(MockVoice(), "voice"),
    )


class Starts:
    """Starts of one kiosk on one data dir and one printer tray, each closed at the end."""

    def __init__(self, tmp_path: Path) -> None:
        self.config = KioskConfig(data_dir=tmp_path / "data")
        self.tray = tmp_path / "tray"
        self.opened: list[Kiosk] = []

    def start(self, at: datetime = EVENING, *, recover: bool = True) -> tuple[Kiosk, FakeClock]:
        clock = FakeClock(at)
        kiosk = assemble(self.config, clock=clock, devices=devices(self.tray), recover=recover)
        self.opened.append(kiosk)
        kiosk.health.wait_first_round()
        return kiosk, clock

    def close(self) -> None:
        for kiosk in self.opened:
            kiosk.close()


@pytest.fixture
def starts(tmp_path: Path) -> Iterator[Starts]:
    opened = Starts(tmp_path)
    yield opened
    opened.close()


def to_preview(kiosk: Kiosk) -> str:
    journey = kiosk.journey
    reader = kiosk.devices.id_reader.device
    assert isinstance(reader, MockIdReader)
    reader.insert(card_of(ZHANG_WEI))
    journey.touch()
    assert journey.choose_service("tax_payment")
    journey.accept_consent()
    for _ in range(200):
        if journey.state is S.PREVIEW:
            break
        journey.wait(5)
    assert journey.state is S.PREVIEW
    session = journey.session
    assert session is not None
    return session.id


def outcomes(kiosk: Kiosk) -> list[str | None]:
    with kiosk.engine.connect() as connection:
        return [row[0] for row in connection.exec_driver_sql("select outcome from sessions")]


def test_a_visit_cut_by_a_crash_is_closed_as_interrupted_at_the_next_start(starts: Starts) -> None:
    first, _ = starts.start()
    session_id = to_preview(first)
    # the power goes: nothing is closed (kiosk.close() would not end the visit either)
    second, clock = starts.start(EVENING + timedelta(minutes=5))

    assert outcomes(second) == [INTERRUPTED] == [Outcome.INTERRUPTED.value]
    row = second.records.session(session_id)
    assert row is not None and row.ended_at is not None
    assert row.started_at <= row.ended_at < clock.now()  # at its last recorded moment, not the restart
    bands = sessions_by_band(second.engine)
    assert sum(band.outcomes.get("interrupted", 0) for band in bands) == 1
    assert not any("in_progress" in band.outcomes for band in bands)
    assert second.journey.state is S.ATTRACT


def test_diag_looks_without_settling_anything(starts: Starts) -> None:
    first, _ = starts.start()
    to_preview(first)
    looking, _ = starts.start(recover=False)
    assert outcomes(looking) == [None]  # the visit may still be under way in the running kiosk


def test_a_job_left_printing_is_withdrawn_and_the_journal_says_what_came_out(starts: Starts) -> None:
    first, _ = starts.start()
    to_preview(first)
    printer = first.devices.document_printer.device
    assert isinstance(printer, MockDocumentPrinter)
    printer.set_seconds_per_sheet(60.0)  # the printer will still be at it when the power goes
    first.journey.set_copies(2)
    first.journey.confirm_print()
    job = first.records.print_jobs()[0]
    assert job.state is PrintJobState.PRINTING
    # As the crash leaves it: the printer holds the job, one sheet of two out. The job reaches the
    # printer on its worker thread: wait for the printer to hold it, or its first write wins.
    held = starts.tray / f"{job.id}.json"
    for _ in range(500):
        if held.exists():
            break
        time.sleep(0.01)
    held.write_text(json.dumps({"job_id": job.id, "sheets": 1, "total": 2, "completed": False}))

    second, _ = starts.start()

    (after,) = second.records.print_jobs()
    assert after.state is PrintJobState.FAILED
    assert after.reprint_code == job.reprint_code  # kept: the citizen prints it again at a window
    assert after.detail == "cut short by a restart: 1 of 2 sheets came out; the printer withdrew the rest"
    assert after.sheets_printed == 1  # a reprint prints only the second
    assert list(starts.tray.glob("*.json")) == []  # the printer holds nothing any more


def test_a_job_the_printer_finished_before_the_crash_is_done_and_never_printed_again(starts: Starts) -> None:
    first, _ = starts.start()
    to_preview(first)
    first.journey.confirm_print()
    job = first.records.print_jobs()[0]
    # As the crash leaves it: the printer acknowledged the whole job; the journal still says printing.
    (starts.tray / f"{job.id}.json").write_text(
        json.dumps({"job_id": job.id, "sheets": 1, "total": 1, "completed": True})
    )
    with first.engine.begin() as connection:
        connection.exec_driver_sql("update print_jobs set state = 'printing'")

    second, _ = starts.start()

    (after,) = second.records.print_jobs()
    assert after.state is PrintJobState.DONE
    assert after.detail == "came out whole (1 sheets) before a restart"


def test_a_job_queued_but_never_sent_failed_with_nothing_out(starts: Starts) -> None:
    first, clock = starts.start()
    session = to_preview(first)
    first.records.queue_print_job(session, "tax_payment", "NO-1", 2, 1, clock.now())

    second, _ = starts.start()

    (after,) = second.records.print_jobs()
    assert after.state is PrintJobState.FAILED
    assert after.detail == "cut short by a restart before it was sent: nothing came out"
    assert after.sheets_printed == 0


@pytest.mark.parametrize(
    ("at", "status"),
    [
        (datetime(2040, 1, 1, 12), ClockStatus.FAR_AHEAD),
        (datetime(2000, 1, 1, 12), ClockStatus.BEFORE_RELEASE),
    ],
)
def test_an_implausible_clock_is_out_of_service_with_a_sentence_and_makes_no_key(
    starts: Starts, at: datetime, status: ClockStatus
) -> None:
    first, _ = starts.start()
    to_preview(first)
    first.journey.cancel()
    keys = sorted(p.name for p in (starts.config.resolved_data_dir() / "keys").iterdir())

    second, clock = starts.start(at)
    second.journey.poll()

    assert second.journey.state is S.OUT_OF_SERVICE
    shown = second.journey.view().step_as(OutOfServiceView)
    assert shown is not None and shown.cause is not None
    assert (shown.cause.part, shown.cause.status) == (Part.CLOCK, status)
    assert "set the date and time" in shown.cause.detail
    report = readiness(second)
    assert not report.ready and report.clock.status is status
    assert sorted(p.name for p in (starts.config.resolved_data_dir() / "keys").iterdir()) == keys

    clock.step_wall(EVENING + timedelta(hours=1) - clock.now())  # a technician sets the clock right
    clock.advance(10)
    second.journey.poll()
    assert second.journey.state is S.ATTRACT


def test_a_clock_stepped_back_hours_breaks_no_timeout_statistic_or_key(starts: Starts) -> None:
    first, _ = starts.start()
    to_preview(first)
    first.journey.cancel()
    key = first.keys.signing_key(first.config.kiosk.id, EVENING)

    kiosk, clock = starts.start(EVENING + timedelta(minutes=10))
    clock.step_wall(timedelta(hours=-9))  # NTP fixes a wrong time zone
    to_preview(kiosk)
    deadline = kiosk.journey.deadline
    assert deadline is not None
    clock.step_wall(timedelta(hours=9))  # and back, mid-visit
    clock.advance(deadline.at - clock.monotonic() + 1)  # the preview's idle time runs out
    kiosk.journey.poll()

    assert kiosk.journey.state is S.NOTICE  # timed out when its monotonic time said, no sooner
    assert sorted(outcomes(kiosk), key=str) == ["cancelled", "timed_out"]
    with kiosk.engine.connect() as connection:
        rows = connection.exec_driver_sql("select started_at, ended_at from sessions").all()
    assert all(ended >= started for started, ended in rows)  # the same text form: compared as written
    assert sum(band.sessions for band in sessions_by_band(kiosk.engine)) == 2
    stepped_back = clock.now() - timedelta(hours=9)
    assert kiosk.keys.signing_key(kiosk.config.kiosk.id, stepped_back).public == key.public
    assert len(kiosk.keys.public_keys()) == 1
