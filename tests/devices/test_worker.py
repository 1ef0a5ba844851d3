"""The device worker: one thread per device, calls in order, a close that waits a bounded time and
never holds the process at exit."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from concurrent.futures import CancelledError

import pytest

from devices.worker import DeviceWorker


class Recorder:
    def __init__(self) -> None:
        self.calls: list[str] = []
        self.threads: set[int] = set()

    def note(self, word: str) -> str:
        self.calls.append(word)
        self.threads.add(threading.get_ident())
        return word.upper()

    def fail(self) -> None:
        raise OSError("the cable is out")

    def close(self) -> None:
        self.calls.append("closed")


def test_calls_run_in_order_on_one_thread_and_close_comes_last() -> None:
    device = Recorder()
    worker = DeviceWorker(device, "recorder")
    futures = [worker.submit(Recorder.note, word) for word in ("a", "b", "c")]
    failed = worker.submit(Recorder.fail)
    worker.close()
    assert [f.result(timeout=5) for f in futures] == ["A", "B", "C"]
    with pytest.raises(OSError, match="cable"):
        failed.result(timeout=5)
    assert device.calls == ["a", "b", "c", "closed"]
    assert len(device.threads) == 1 and threading.get_ident() not in device.threads
    with pytest.raises(RuntimeError, match="closed"):
        worker.submit(Recorder.note, "late")


def test_close_waits_a_bounded_time_and_cancels_what_did_not_start() -> None:
    release = threading.Event()

    class Stuck(Recorder):
        def hang(self) -> None:
            release.wait(10)

    worker = DeviceWorker(Stuck(), "stuck")
    worker.submit(Stuck.hang)
    queued = worker.submit(Recorder.note, "never")
    started = time.monotonic()
    worker.close(timeout=0.2)
    assert time.monotonic() - started < 2
    with pytest.raises(CancelledError):
        queued.result(timeout=1)
    release.set()


def test_a_device_with_nothing_to_close_is_not_waited_for() -> None:
    release = threading.Event()
    worker: DeviceWorker[threading.Event] = DeviceWorker(release, "desk")
    worker.submit(lambda event: event.wait(10))
    started = time.monotonic()
    worker.close()
    assert time.monotonic() - started < 1
    release.set()


HUNG_AT_EXIT = """
import threading
from devices.worker import DeviceWorker

class Hung:
    def read(self):
        threading.Event().wait()  # a driver call that never returns

    def close(self):
        pass

worker = DeviceWorker(Hung(), "hung")
worker.submit(Hung.read)
worker.close(timeout=0.2)
print("closed", flush=True)
"""


def test_a_device_hung_in_a_call_does_not_hold_the_process_at_exit() -> None:
    done = subprocess.run(
        [sys.executable, "-c", HUNG_AT_EXIT], capture_output=True, text=True, timeout=30, check=False
    )
    assert (done.returncode, done.stdout) == (0, "closed\n"), done.stderr
