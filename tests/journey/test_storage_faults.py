"""Storage refusing a write mid-visit: out of service by a path that writes nothing, the visit wiped,
what could not be written kept and written once storage is back — and back by itself.

The refusal here is SQLite's own error, raised where the driver would raise it (the real thing, a
full tmpfs and a read-only mount, is in tests/soak/test_hostile.py)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event

from kiosk.journey import JourneyState as S
from kiosk.journey.steps.out_of_service import RECHECK
from kiosk.journey.view import OutOfServiceView
from kiosk.parts import Part, StorageStatus
from kiosk.storage.check import READY
from tests.journey.conftest import Rig
from tests.journey.fakes import card


class Disk:
    """Makes the database refuse every write with SQLite's 'database or disk is full' while full."""

    def __init__(self, rig: Rig) -> None:
        self.full = False
        self.refused = 0
        event.listen(rig.records.engine, "before_cursor_execute", self._write)

    def _write(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if self.full and statement.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            self.refused += 1
            error = sqlite3.OperationalError("database or disk is full")
            error.sqlite_errorcode = 13  # type: ignore[attr-defined]  # SQLITE_FULL, as the driver sets it
            raise error


@pytest.fixture
def disk(rig: Rig) -> Iterator[Disk]:
    yield Disk(rig)


def sessions(rig: Rig) -> list[tuple[str | None, str | None]]:
    with rig.records.engine.connect() as connection:
        rows = connection.exec_driver_sql("select outcome, fault_device from sessions").all()
    return [(row[0], row[1]) for row in rows]


def storage_comes_back(rig: Rig, disk: Disk) -> None:
    disk.full = False
    rig.health.storage_failed(READY)  # what the probe would say at its next look
    rig.elapse(RECHECK)


def test_a_full_disk_mid_visit_goes_out_of_service_and_keeps_the_outcome(rig: Rig, disk: Disk) -> None:
    rig.reader.insert(card())
    rig.start("tax_payment")
    rig.run_to(S.PREVIEW)
    disk.full = True

    rig.journey.confirm_print()  # queueing the print job is refused

    assert rig.journey.state is S.OUT_OF_SERVICE
    assert rig.journey.session is not None and rig.journey.session.record is None  # wiped
    shown = rig.journey.view().step_as(OutOfServiceView)
    assert shown is not None and shown.cause is not None
    assert (shown.cause.part, shown.cause.status) == (Part.STORAGE, StorageStatus.FULL)
    assert "full" in shown.cause.detail
    assert rig.document_printer.printed == []  # nothing was sent that the journal does not have
    assert sessions(rig) == [(None, None)]  # the outcome could not be written yet

    rig.elapse(RECHECK)
    assert rig.journey.state is S.OUT_OF_SERVICE  # still full: it stays out

    storage_comes_back(rig, disk)
    assert rig.journey.state is S.ATTRACT
    assert sessions(rig) == [("storage_fault", "storage")]


def test_a_printed_job_whose_done_is_refused_is_done_once_storage_is_back(rig: Rig, disk: Disk) -> None:
    rig.reader.insert(card())
    rig.start("tax_payment")
    rig.run_to(S.PREVIEW)
    rig.journey.confirm_print()
    disk.full = True  # the page comes out; writing "done" is refused

    rig.settle()

    assert rig.journey.state is S.OUT_OF_SERVICE
    assert len(rig.document_printer.printed) == 1
    assert [job.state for job in rig.records.print_jobs()] == ["printing"]
    storage_comes_back(rig, disk)
    # Done, not failed: a reprint code for a job that came out would be a second copy.
    assert [job.state for job in rig.records.print_jobs()] == ["done"]
    assert rig.document_printer.reconcile() == []  # released once the journal had it


def test_the_fault_path_reaches_out_of_service_when_its_own_record_is_refused(rig: Rig, disk: Disk) -> None:
    rig.reader.insert(card())
    rig.start("tax_payment")
    rig.run_to(S.PREVIEW)
    disk.full = True

    rig.journey.fault("a_slot:ValueError")  # the app's exception hook; the audit event is refused

    assert rig.journey.state is S.OUT_OF_SERVICE
    assert disk.refused >= 1
    storage_comes_back(rig, disk)
    assert sessions(rig) == [("internal_error", None)]


def test_a_full_disk_before_anyone_comes_greys_every_service(rig: Rig, disk: Disk) -> None:
    disk.full = True
    rig.journey.touch()
    assert rig.journey.state is S.HOME

    rig.journey.set_elderly(True)  # its audit event is refused

    assert rig.journey.state is S.OUT_OF_SERVICE
    assert not any(tile.available for tile in rig.journey.tiles())
    assert not rig.journey.choose_service("tax_payment")
    storage_comes_back(rig, disk)
    assert rig.journey.state is S.ATTRACT
    assert all(tile.available for tile in rig.journey.tiles())
