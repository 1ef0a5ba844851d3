"""The kiosk process the crash harness kills: it starts on a data directory (settling what a crash
left), says what it found, then plays a visit to one point — a state of the visit, or a step of a
print job — says so, and waits for ``kill -9``.

    python -m tests.soak.crash_child DATA_DIR TRAY_DIR POINT

Lines on stdout, one JSON object each: ``{"started": …}`` after the start, ``{"at": …}`` at the
point. The A4 printer is the mock with a tray on disk, so the paper that came out outlives the
process, as it would a real printer (:class:`~devices.document_printer.mock.MockDocumentPrinter`).
"""

from __future__ import annotations

import json
import sys
import time
from datetime import date, datetime
from pathlib import Path
from typing import Any

from devices.camera.mock import MockCamera
from devices.document_printer.mock import MockDocumentPrinter, _Held
from devices.id_reader.mock import MockIdReader, ReaderFault
from devices.receipt_printer.mock import MockReceiptPrinter
from devices.voice.mock import MockVoice
from devices.worker import DeviceWorker
from kiosk.clock import FakeClock
from kiosk.composition import Kiosk, assemble
from kiosk.config import KioskConfig
from kiosk.demo.people import DEMO_TECHNICIAN_PIN, LIU_XIUYING, ZHANG_WEI, ZHAO_JIANGUO, card_of
from kiosk.demo.rig import demo_config
from kiosk.device_set import DeviceSet
from kiosk.journey import JourneyState as S
from kiosk.journey.view import BusinessesView
from kiosk.ratings import RatingReason
from kiosk.storage.records import PrintJobState, Records

PRINT_STEPS = ("print:queued", "print:sent", "print:acknowledged", "print:journaled")
STATES = tuple(state.value for state in S)


def say(**fields: Any) -> None:
    print(json.dumps(fields, ensure_ascii=False, default=str), flush=True)


def wait_for_the_kill(**fields: Any) -> None:
    say(at=fields)
    while True:
        time.sleep(60)


class TrayPrinter(MockDocumentPrinter):
    """The tray's printer, which stops dead (as the power goes) after the first sheet of a job when
    the point is ``print:sent``."""

    def __init__(self, tray: Path, point: str) -> None:
        super().__init__(tray=tray)
        self.point = point

    def _sheet_out(self, held: _Held) -> None:
        super()._sheet_out(held)
        if self.point == "print:sent" and held.sheets == 1:
            wait_for_the_kill(point=self.point, job=held.job_id, paper=len(self.paper()))


def stop_at_journal_steps(records: Records, point: str, printer: TrayPrinter) -> None:
    """Waits for the kill inside the journal's writes: before "printing" (the job only queued),
    before "done" (the printer has acknowledged it), or just after "done"."""
    write = records.set_print_job_state

    def set_print_job_state(job_id: str, state: PrintJobState, *args: Any, **kwargs: Any) -> None:
        job = next(j for j in records.print_jobs() if j.id == job_id)
        fields = {"point": point, "job": job_id, "reprint_code": job.reprint_code}
        if point == "print:queued" and state is PrintJobState.PRINTING:
            wait_for_the_kill(**fields, paper=len(printer.paper()))
        if point == "print:acknowledged" and state is PrintJobState.DONE:
            wait_for_the_kill(**fields, paper=len(printer.paper()))
        write(job_id, state, *args, **kwargs)
        if point == "print:journaled" and state is PrintJobState.DONE:
            wait_for_the_kill(**fields, paper=len(printer.paper()))

    records.set_print_job_state = set_print_job_state  # type: ignore[method-assign]


def start(data_dir: Path, tray: Path, point: str) -> tuple[Kiosk, FakeClock, TrayPrinter]:
    printer = TrayPrinter(tray, point)
    devices = DeviceSet(
        id_reader=DeviceWorker(MockIdReader(), "id_reader"),
        receipt_printer=DeviceWorker(MockReceiptPrinter(), "receipt_printer"),
        document_printer=DeviceWorker(printer, "document_printer"),
        camera=DeviceWorker(MockCamera(fps=0), "camera"),
        voice=DeviceWorker(MockVoice(), "voice"),
    )
    config = demo_config(KioskConfig(), data_dir)
    # The journey's time moves only when the visit says so; the wall clock starts at the real now.
    clock = FakeClock(datetime.now().replace(microsecond=0))
    kiosk = assemble(config, clock=clock, devices=devices)
    kiosk.health.wait_first_round()
    kiosk.journey.poll()
    return kiosk, clock, printer


def report_start(kiosk: Kiosk, printer: TrayPrinter) -> None:
    with kiosk.engine.connect() as connection:
        sessions = connection.exec_driver_sql("select id, outcome from sessions").all()
    jobs = [
        {"id": j.id, "state": j.state.value, "reprint_code": j.reprint_code, "detail": j.detail,
         "sheets": j.pages * j.copies, "session": j.session_id}
        for j in kiosk.records.print_jobs()
    ]  # fmt: skip
    say(
        started={
            "state": kiosk.journey.state.value,
            "sessions": {row[0]: row[1] for row in sessions},
            "jobs": jobs,
            "paper": printer.paper(),
            "tray_jobs": sorted(p.name for p in printer.tray.glob("*.json")) if printer.tray else [],
        }
    )


def play_to(kiosk: Kiosk, clock: FakeClock, printer: TrayPrinter, point: str) -> None:
    """Drive the journey until ``point``, then wait there for the kill."""
    journey = kiosk.journey
    reader = kiosk.devices.id_reader.device
    assert isinstance(reader, MockIdReader)
    target = None if point.startswith("print:") else S(point)
    if target is S.DIAGNOSTICS:
        journey.open_diagnostics(DEMO_TECHNICIAN_PIN)
    elif target is S.REPRINT_CODE:
        journey.touch()
        journey.start_reprint()  # the keypad: no visit starts until a code is taken
    elif target is S.OUT_OF_SERVICE:
        reader.inject(ReaderFault.UNPLUGGED)  # every service needs the reader
        kiosk.health.check_now()
        kiosk.health.wait_first_round()
    else:
        service, card = "tax_payment", card_of(ZHANG_WEI)
        if target is S.CHOOSE_BUSINESS:
            service, card = "business_license", card_of(ZHAO_JIANGUO)
        elif target is S.ELDERLY_OFFER:
            card = card_of(LIU_XIUYING)
        elif target is S.NOTICE:
            card = card_of(ZHANG_WEI, valid_until=date(2020, 1, 1))  # expired: refused, and told why
        journey.touch()
        if target is not S.HOME:
            journey.choose_service(service)
            if target not in (S.INTRO, S.IDENTIFY):
                reader.insert(card)
            if target is not S.INTRO:
                journey.accept_consent()
    visited = journey.session
    for _ in range(20_000):
        state = journey.state
        if state is target and (target is not S.ATTRACT or visited is not None):
            session = journey.session or visited
            wait_for_the_kill(
                point=point, session=session.id if session else None, paper=len(printer.paper())
            )
        if state is S.ATTRACT and visited is not None and target is not S.ATTRACT:
            raise SystemExit(f"the visit ended before {point}")
        visited = journey.session or visited
        if state is S.ELDERLY_OFFER:
            journey.answer_elderly_offer(True)
        elif state is S.CHOOSE_BUSINESS:
            chosen = journey.view().step_as(BusinessesView)
            assert chosen is not None and chosen.businesses
            journey.choose_business(chosen.businesses[0].credit_code)
        elif state is S.PREVIEW:
            journey.set_copies(2)
            journey.confirm_print()
        elif state is S.REMINDERS:
            reader.remove()
            clock.advance(1.0)  # the reminders move on by their own timeouts
        elif state is S.RATING:
            journey.rate(1 if target in (S.RATING_REASONS, S.CALLBACK) else 4)  # 非常不满意 asks why
        elif state is S.RATING_REASONS:
            journey.toggle_reason(RatingReason.TOO_SLOW.value)
            journey.submit_reasons(target is S.CALLBACK)  # and a call back
        elif state is S.GOODBYE:
            journey.dismiss()
        journey.poll()
        clock.advance(0.02)  # a scripted face check takes frames over time
        time.sleep(0.001)
    raise SystemExit(f"{point} was never reached (at {journey.state})")


def main() -> int:
    data_dir, tray, point = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    kiosk, clock, printer = start(data_dir, tray, point)
    report_start(kiosk, printer)
    if point == "none":
        kiosk.close()
        return 0
    stop_at_journal_steps(kiosk.records, point, printer)
    play_to(kiosk, clock, printer, point)
    return 1


if __name__ == "__main__":
    sys.exit(main())
