"""One worker thread per device.

Adapters are written as plain blocking code. The kiosk never calls them
directly: it submits calls to the device's worker, which runs them one at a
time on a thread of its own and returns a :class:`~concurrent.futures.Future`.
So I/O to one device is serialised, and nothing blocks the caller (the GUI
thread in the app).

The thread is a daemon: :meth:`DeviceWorker.close` decides how long a device
may take to close, and once it has, nothing the device is still doing (a read
stuck in a driver, a warm-up of the documents) holds the process at exit. A
thread pool's threads would be joined without a time limit when the
interpreter exits.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, Concatenate, Generic, ParamSpec, TypeVar

D = TypeVar("D")
R = TypeVar("R")
P = ParamSpec("P")

_Call = tuple[Future[Any], Callable[[], Any]]


class DeviceWorker(Generic[D]):
    """Runs every call to one device on one thread, in submission order."""

    def __init__(self, device: D, name: str) -> None:
        self.device = device
        self.name = name
        self._calls: queue.SimpleQueue[_Call | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None  # started by the first call
        self._lock = threading.Lock()
        self._closed = False

    def submit(
        self,
        call: Callable[Concatenate[D, P], R],
        /,
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> Future[R]:
        """Run ``call(device, *args, **kwargs)`` on the device's thread."""
        future: Future[R] = Future()
        with self._lock:
            if self._closed:
                raise RuntimeError(f"the {self.name} worker is closed: no new calls")
            self._put(future, lambda: call(self.device, *args, **kwargs))
        return future

    def on_worker_thread(self) -> bool:
        """True when called from this device's own thread (for assertions)."""
        return self._thread is not None and threading.get_ident() == self._thread.ident

    def close(self, timeout: float = 5.0) -> None:
        """Close the device on its own thread, after the calls already submitted, then stop the thread.

        Waits at most ``timeout`` seconds for that, so one hung device cannot hold up shutdown of
        the others; calls not started by then are cancelled. A device with nothing to close is
        not waited for: what it is still doing ends with it.
        """
        with self._lock:
            if self._closed:
                return
            self._closed = True
            close = getattr(self.device, "close", None)
            if callable(close):
                # its failure stays in its future: a failing close must not stop the others closing
                self._put(Future(), close)
            self._calls.put(None)  # the thread stops when it reaches this
        if callable(close) and self._thread is not None:
            self._thread.join(timeout)
        self._cancel_waiting()

    def _put(self, future: Future[Any], run: Callable[[], Any]) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._serve, name=f"device-{self.name}", daemon=True)
            self._thread.start()
        self._calls.put((future, run))

    def _serve(self) -> None:
        while (item := self._calls.get()) is not None:
            future, run = item
            if not future.set_running_or_notify_cancel():
                continue
            try:
                result = run()
            except BaseException as exc:  # noqa: BLE001 - handed to whoever waits on the future
                future.set_exception(exc)
            else:
                future.set_result(result)

    def _cancel_waiting(self) -> None:
        """Cancel the calls the thread did not start (it stopped, or is stuck in an earlier one)."""
        while True:
            try:
                item = self._calls.get_nowait()
            except queue.Empty:
                break
            if item is not None:
                item[0].cancel()
        self._calls.put(None)  # a thread stuck in a call still stops once the call returns
