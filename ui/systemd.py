"""What the kiosk says to systemd and hears from it: the watchdog pinged from the event loop, READY=1
and STOPPING=1, and the stop signals (SIGTERM from ``systemctl stop``, SIGINT) that end the event
loop so the kiosk closes its devices and database as on any clean stop."""

from __future__ import annotations

import logging
import os
import signal
import socket
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSocketNotifier, QTimer
from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:
    from kiosk.textfile import WatchdogPingFile

log = logging.getLogger(__name__)


class Watchdog(QObject):
    """systemd's watchdog (Type=notify, WatchdogSec=): pinged from the event loop, so a hung GUI
    thread stops the pings and systemd restarts the kiosk. Each ping is also the time in the app's
    metrics file, when the unit names a directory for it ($KIOSK_METRICS_DIR)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._notifier = None
        self._ping_file: WatchdogPingFile | None = None
        self._timer = QTimer(self)
        if not os.environ.get("NOTIFY_SOCKET"):
            return
        import sdnotify  # noqa: PLC0415 - only under systemd (NOTIFY_SOCKET set)

        self._notifier = sdnotify.SystemdNotifier()
        usec = int(os.environ.get("WATCHDOG_USEC", "0") or 0)
        interval_ms = max(1000, usec // 2000) if usec else 10_000
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.ping)

    @property
    def active(self) -> bool:
        return self._notifier is not None

    def ready(self) -> None:
        if self._notifier is not None:
            self._notifier.notify("READY=1")
            directory = os.environ.get("KIOSK_METRICS_DIR")
            if directory:
                from kiosk.textfile import WatchdogPingFile  # noqa: PLC0415 - after ready, off the start path

                self._ping_file = WatchdogPingFile(Path(directory))
            self._timer.start()

    def ping(self) -> None:
        if self._notifier is not None:
            self._notifier.notify("WATCHDOG=1")
            if self._ping_file is not None:
                try:
                    self._ping_file.write()
                except OSError as exc:  # the metrics are not worth a hang: stop writing, keep pinging
                    log.warning("the watchdog's metrics file cannot be written (%s): no longer kept", exc)
                    self._ping_file = None

    def stop(self) -> None:
        self._timer.stop()
        if self._notifier is not None:
            self._notifier.notify("STOPPING=1")


class StopSignals(QObject):
    """SIGTERM (``systemctl stop``) and SIGINT end the event loop, so the kiosk stops as cleanly as
    on any other stop: STOPPING=1 to systemd, the devices and the database closed (the WAL
    checkpointed). Without this the signal's default action kills the process on the spot.

    Python runs a signal handler only between bytecodes, and Qt's event loop runs in C++: the
    signal's number is written to a socket (``signal.set_wakeup_fd``), whose notifier wakes the loop."""

    SIGNALS = (signal.SIGTERM, signal.SIGINT)

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._app = app
        self.received: int | None = None
        self._read, self._write = socket.socketpair()
        self._read.setblocking(False)
        self._write.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._write.fileno())
        self._previous = {number: signal.signal(number, self._noted) for number in self.SIGNALS}
        self._notifier = QSocketNotifier(self._read.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._woken)

    def _noted(self, number: int, _frame: object) -> None:
        self.received = number

    def _woken(self) -> None:
        try:
            data = self._read.recv(64)
        except BlockingIOError:
            return
        if data:
            log.warning("signal %s received: stopping", signal.Signals(data[-1]).name)
            self._app.exit(0)  # not quit(): Qt 6's quit() asks the windows to close, and ours refuses

    def release(self) -> None:
        self._notifier.setEnabled(False)
        for number, previous in self._previous.items():
            signal.signal(number, previous)
        signal.set_wakeup_fd(self._previous_fd)
        self._read.close()
        self._write.close()
