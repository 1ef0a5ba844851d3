from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from devices.id_reader.ga467 import Ga467Reader
from tests.devices.ga467.sam_emulator import SamEmulator

# Fast polling and short waits keep the whole folder's run short; the
# production values are exercised by the bench and documented in the adapter.
POLL_SECONDS = 0.02


@pytest.fixture
def emulator() -> Iterator[SamEmulator]:
    with SamEmulator() as sam:
        yield sam


def open_reader(path: str) -> Ga467Reader:
    return Ga467Reader(path, 115200, poll_seconds=POLL_SECONDS)


@pytest.fixture
def reader(emulator: SamEmulator) -> Iterator[Ga467Reader]:
    device = open_reader(emulator.path)
    yield device
    device.close()


@pytest.fixture(autouse=True)
def no_leaked_threads() -> Iterator[None]:
    before = set(threading.enumerate())
    yield
    leaked = [t for t in threading.enumerate() if t not in before and t.is_alive()]
    assert not leaked, f"threads left running: {leaked}"
