"""A mock kiosk for one scenario: the demo's configuration, the fake clock, the mock devices.

The headless demo, the touchscreen demo, the UI tests and the benches all start their kiosks
here, so they all play against the same mocks on the same evening.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path

from devices.camera.mock import MockCamera
from devices.document_printer.mock import MockDocumentPrinter
from devices.id_reader.mock import MockIdReader
from devices.receipt_printer.mock import MockReceiptPrinter
from devices.voice.mock import MockVoice
from kiosk.clock import FakeClock
from kiosk.composition import Kiosk, assemble
from kiosk.config import KioskConfig
from kiosk.demo.people import DEMO_TECHNICIAN_PIN
from kiosk.demo.scenarios import Scenario
from kiosk.technician_pin import hash_pin


@functools.cache
def _demo_pin_hash(pin: str) -> str:
    # A fixed salt: the same line every run, and scrypt's ~50 ms paid once per process.
    return hash_pin(pin, salt=b"civic-kiosk-demo")


DEMO_DUTY_PHONE = "0871-64600000"
"""A made-up duty phone for the demo hall."""
DEMO_CONTACT_KEY = Path(__file__).with_name("demo-contact.pem")
"""A public contact key whose private half was never kept: the demo's call-back numbers are sealed
like a real kiosk's, and nobody can open them."""


def demo_config(
    base: KioskConfig, data_dir: Path, *, technician_pin: str | None = DEMO_TECHNICIAN_PIN
) -> KioskConfig:
    """The demo's configuration: the given one with every device a mock, its own data dir, and
    ``technician_pin`` opening the diagnostics screen (None: no PIN, the screen stays closed)."""
    devices = replace(
        base.devices,
        **{
            name: replace(getattr(base.devices, name), spec="mock")
            for name in ("id_reader", "receipt_printer", "document_printer", "camera", "voice")
        },
    )
    return replace(
        base,
        devices=devices,
        data_dir=data_dir,
        storage=replace(base.storage, url=None),
        sources=replace(base.sources, demo_registry=True, gateway=None),
        services=tuple(s for s in base.services if s.source == "registry"),
        technician=replace(
            base.technician, pin_hash=_demo_pin_hash(technician_pin) if technician_pin else None
        ),
        # the hall's duty phone after hours, made up: the demo's evening shows who answers 一键求助
        help=base.help if base.help.duty_phone else replace(base.help, duty_phone=DEMO_DUTY_PHONE),
        rating=base.rating if base.rating.contact_key else replace(base.rating, contact_key=DEMO_CONTACT_KEY),
    )


@dataclass
class Mocks:
    """The mock devices of a demo kiosk, to script (faults, a card placed) and to read (what they
    printed and said)."""

    reader: MockIdReader
    receipt_printer: MockReceiptPrinter
    document_printer: MockDocumentPrinter
    camera: MockCamera
    voice: MockVoice | None  # the mock voice records what was said; a real voice may speak beside mocks

    @staticmethod
    def find(kiosk: Kiosk) -> Mocks | None:
        """The kiosk's mock devices; None when any of them is a real adapter."""
        devices = kiosk.devices
        reader, receipt = devices.id_reader.device, devices.receipt_printer.device
        document, camera = devices.document_printer.device, devices.camera.device
        if (
            isinstance(reader, MockIdReader)
            and isinstance(receipt, MockReceiptPrinter)
            and isinstance(document, MockDocumentPrinter)
            and isinstance(camera, MockCamera)
        ):
            voice = devices.voice.device
            return Mocks(reader, receipt, document, camera, voice if isinstance(voice, MockVoice) else None)
        return None

    @staticmethod
    def of(kiosk: Kiosk) -> Mocks:
        """The mock devices of a kiosk that has only mocks (a demo kiosk)."""
        mocks = Mocks.find(kiosk)
        assert mocks is not None, "a demo kiosk has mock devices only"
        return mocks


def printed_dir(work_dir: Path, scenario: Scenario) -> Path:
    """Where the mock A4 printer of ``scenario``'s kiosk leaves the PDFs it received."""
    return work_dir / "printed" / scenario.name


def start_scenario(
    scenario: Scenario,
    config: KioskConfig,
    work_dir: Path,
    *,
    technician_pin: str | None = DEMO_TECHNICIAN_PIN,
) -> tuple[Kiosk, FakeClock]:
    """A fresh mock kiosk for ``scenario``, ready to play (``technician_pin``: see
    :func:`demo_config`). The caller closes the kiosk."""
    # An evening visit — after hours is why the kiosk exists — and never in the future, or the
    # documents it signs could not be verified yet.
    evening = datetime.now().replace(hour=19, minute=40, second=0, microsecond=0)
    clock = FakeClock(evening if evening <= datetime.now() else evening - timedelta(days=1))
    kiosk = assemble(demo_config(config, work_dir, technician_pin=technician_pin), clock=clock)
    mocks = Mocks.of(kiosk)
    mocks.document_printer.output_dir = printed_dir(work_dir, scenario)
    mocks.camera.set_fps(0)  # the demo's clock is its own: no need to wait for frames
    kiosk.health.wait_first_round()
    return kiosk, clock
