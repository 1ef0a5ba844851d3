"""One worker thread per device.

Adapters are written as plain blocking code. The kiosk never calls them
directly: it submits calls to the device's worker, which runs them one at a
time on a thread of its own and returns a :class:`~concurrent.futures.Future`.
So I/O to one device is serialised, and nothing blocks the caller (the GUI
thread in the app).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Concatenate, Generic, ParamSpec, TypeVar

D = TypeVar("D")
R = TypeVar("R")
P = ParamSpec("P")


class DeviceWorker(Generic[D]):
    """Runs every call to one device on one thread, in submission order."""

    def __init__(self, device: D, name: str) -> None:
        self.device = device
        self.name = name
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"device-{name}")
        self._thread_ident: int | None = None
        self._closed = False

    def submit(
        self,
        call: Callable[Concatenate[D, P], R],
        /,
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> Future[R]:
        """Run ``call(device, *args, **kwargs)`` on the device's thread."""

        def run() -> R:
            self._thread_ident = threading.get_ident()
            return call(self.device, *args, **kwargs)

        return self._executor.submit(run)

    def on_worker_thread(self) -> bool:
        """True when called from this device's own thread (for assertions)."""
        return threading.get_ident() == self._thread_ident

    def close(self, timeout: float = 5.0) -> None:
        """Close the device on its own thread, then stop the thread.

        Waits at most ``timeout`` seconds for the close call itself, so one
        hung device cannot hold up shutdown of the others.
        """
        if self._closed:
            return
        self._closed = True
        close = getattr(self.device, "close", None)
        if callable(close):
            future = self._executor.submit(close)
            # Shutting down: a failing or hung close must not stop the others closing.
            with contextlib.suppress(Exception):
                future.result(timeout=timeout)
        self._executor.shutdown(wait=False, cancel_futures=True)
