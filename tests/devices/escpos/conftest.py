from __future__ import annotations

from collections.abc import Iterator

import pytest

from devices.receipt_printer.escpos_printer import EscposReceiptPrinter
from tests.devices.escpos.fake_printer import FakeEscposPrinter

STATUS_TIMEOUT = 0.3
"""Short, so the silent-printer cases stay quick; a local fake answers in well under a millisecond."""


@pytest.fixture
def fake_tcp() -> Iterator[FakeEscposPrinter]:
    printer = FakeEscposPrinter().serve_tcp()
    yield printer
    printer.stop()


@pytest.fixture
def fake_serial() -> Iterator[FakeEscposPrinter]:
    printer = FakeEscposPrinter().serve_pty()
    yield printer
    printer.stop()


@pytest.fixture(params=["tcp", "serial"])
def fake_and_adapter(
    request: pytest.FixtureRequest,
) -> Iterator[tuple[FakeEscposPrinter, EscposReceiptPrinter]]:
    """The fake printer and an adapter talking to it, over TCP or over a pty."""
    if request.param == "tcp":
        fake = FakeEscposPrinter().serve_tcp()
        spec = f"tcp://127.0.0.1:{fake.port}"
    else:
        fake = FakeEscposPrinter().serve_pty()
        spec = f"serial:{fake.device}@115200"
    adapter = EscposReceiptPrinter.from_spec(spec, status_timeout=STATUS_TIMEOUT, job_timeout=3.0)
    yield fake, adapter
    adapter.close()
    fake.stop()


def adapter_for(fake: FakeEscposPrinter, **options: object) -> EscposReceiptPrinter:
    spec = f"tcp://127.0.0.1:{fake.port}" if fake.port else f"serial:{fake.device}@115200"
    settings: dict[str, object] = {"status_timeout": STATUS_TIMEOUT, "job_timeout": 3.0, **options}
    return EscposReceiptPrinter.from_spec(spec, **settings)  # type: ignore[arg-type]
