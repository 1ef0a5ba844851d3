"""The privacy sweep with a real print server: marker people's documents printed through a private
cupsd, then its spool, cache, state and logs searched with the kiosk's data directory and log — and
none of their data found. (The soak prints on the mock printer; this is the CUPS half of the sweep.)"""

from __future__ import annotations

import logging
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from devices.camera.mock import MockCamera
from devices.document_printer.cups_printer import CupsDocumentPrinter
from devices.id_reader.mock import MockIdReader
from devices.receipt_printer.mock import MockReceiptPrinter
from devices.voice.mock import MockVoice
from devices.worker import DeviceWorker
from kiosk.clock import FakeClock
from kiosk.composition import Kiosk, assemble
from kiosk.device_set import DeviceSet
from kiosk.journey import JourneyState as S
from kiosk.journey.view import BusinessesView
from tests.devices.cups.conftest import _skip_reason
from tests.devices.cups.cupsd import Cupsd
from tests.soak.gateway import SoakGateway
from tests.soak.markers import Marker, face_picture, gateway_data, make_markers
from tests.soak.soak import evening, soak_config
from tests.soak.sweep import sweep

pytestmark = pytest.mark.realstack

# A printer that takes each job whole into the paper folder: the paper is the citizen's, and the only
# place their document may be.
PAPER_BACKEND = (
    "#!/bin/sh\n[ $# -eq 0 ] && exit 0\n"
    'if [ -n "$6" ]; then cp "$6" "{paper}/$1"; else cat > "{paper}/$1"; fi\n'
)
SERVICES = (
    "credit_report_gw",
    "business_license_gw",
    "social_insurance_gw",
    "tax_payment_gw",
    "real_estate_gw",
)


@pytest.fixture
def cupsd(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Cupsd, str, Path]]:
    reason = _skip_reason()
    if reason:
        pytest.skip(reason)
    root = Path(tempfile.mkdtemp(prefix="kiosk-cupsd-"))  # not pytest's: cupsd's helpers run as lp
    daemon = Cupsd(root)
    try:
        daemon.start()
        paper = root / "paper"
        paper.mkdir(mode=0o777)
        backend = root / "lib/backend/paper"
        backend.write_text(PAPER_BACKEND.format(paper=paper))
        backend.chmod(0o700)
        queue = daemon.add_queue("paper")
        monkeypatch.setenv("CUPS_SERVER", daemon.socket)
        yield daemon, queue, paper
    finally:
        daemon.stop()
        shutil.rmtree(root, ignore_errors=True)


def visit(kiosk: Kiosk, clock: FakeClock, marker: Marker, service: str) -> None:
    """A marker person prints one document: card, face, document, two copies, slip, rating."""
    journey = kiosk.journey
    reader = kiosk.devices.id_reader.device
    assert isinstance(reader, MockIdReader)
    reader.insert(marker.card())
    # The printer's status calls run in real time, this clock jumps: let them all answer first.
    kiosk.health.check_now()
    kiosk.health.wait_first_round()
    journey.touch()
    tiles = {tile.service.id: tile for tile in journey.tiles()}
    assert journey.choose_service(service), (service, tiles[service].unavailable)
    journey.accept_consent()
    for _ in range(3000):
        state = journey.state
        if state is S.ATTRACT:
            return
        if state is S.ELDERLY_OFFER:
            journey.answer_elderly_offer(False)
        elif state is S.CHOOSE_BUSINESS:
            chosen = journey.view().step_as(BusinessesView)
            assert chosen is not None
            journey.choose_business(chosen.businesses[0].credit_code)
        elif state is S.PREVIEW:
            journey.set_copies(2)
            journey.confirm_print()
        elif state is S.REMINDERS:
            reader.remove()
            clock.advance(1.0)
        elif state is S.RATING:
            journey.rate(2)
        elif state in (S.GOODBYE, S.NOTICE):
            journey.dismiss()
        journey.wait(10)
        clock.advance(0.05)
    raise AssertionError(f"the visit did not end (at {journey.state})")


def test_marker_people_printed_through_cups_leave_nothing_behind(
    cupsd: tuple[Cupsd, str, Path], tmp_path: Path
) -> None:
    daemon, queue, paper = cupsd
    markers = make_markers(5, seed=29)
    gateway = SoakGateway(gateway_data(markers))
    log_file = tmp_path / "kiosk.log"
    handler = logging.FileHandler(log_file, encoding="utf-8")
    logging.getLogger().addHandler(handler)
    temp_before, tempfile.tempdir = tempfile.tempdir, str(tmp_path / "tmp")
    (tmp_path / "tmp").mkdir()
    camera = MockCamera(fps=0)
    camera.show([face_picture()])
    devices = DeviceSet(
        id_reader=DeviceWorker(MockIdReader(), "id_reader"),
        receipt_printer=DeviceWorker(MockReceiptPrinter(), "receipt_printer"),
        document_printer=DeviceWorker(CupsDocumentPrinter(queue, poll_interval=0.05), "document_printer"),
        camera=DeviceWorker(camera, "camera"),
        voice=DeviceWorker(MockVoice(), "voice"),
    )
    clock = FakeClock(evening())
    kiosk = assemble(soak_config(tmp_path / "data", gateway.url), clock=clock, devices=devices)
    try:
        kiosk.health.wait_first_round()
        for marker, service in zip(markers, SERVICES, strict=True):
            visit(kiosk, clock, marker, service)
        with kiosk.engine.connect() as connection:
            outcomes = [row[0] for row in connection.exec_driver_sql("select outcome from sessions")]
    finally:
        kiosk.close()
        gateway.stop()
        logging.getLogger().removeHandler(handler)
        handler.close()
        tempfile.tempdir = temp_before
    assert outcomes == ["completed"] * len(markers)
    assert len(list(paper.iterdir())) == len(markers)  # the documents left the kiosk on paper only

    found = sweep([tmp_path / "data", log_file, tmp_path / "tmp", daemon.root], markers, skip=[paper])
    print(found.figures())
    assert found.files > 5
    assert found.found == []
    # The same search finds them on the paper (in the documents' embedded data, inflated): had a
    # document stayed in the spool, the sweep would have said so.
    assert len({line.split(": ")[1].split("'s")[0] for line in sweep([paper], markers).found}) == len(markers)
    assert daemon.jobs(queue) == []  # every job purged, finished ones too
