"""systemd's watchdog, proved with a real NOTIFY_SOCKET: the kiosk says READY=1 once it is ready,
then WATCHDOG=1 at the interval systemd asked for — and a hung event loop stops the pings, so
systemd's WatchdogSec= restarts it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from prometheus_client.parser import text_string_to_metric_families
from PySide6.QtCore import QTimer

from kiosk.textfile import APP_FILE
from ui.systemd import Watchdog


class NotifyListener:
    """What systemd does with NOTIFY_SOCKET: a datagram socket, each message kept with its arrival."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.messages: list[tuple[float, str]] = []
        self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self._socket.bind(str(path))
        self._socket.settimeout(0.1)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._listen, name="notify-listener", daemon=True)
        self._thread.start()

    def _listen(self) -> None:
        while not self._stop.is_set():
            try:
                data = self._socket.recv(4096)
            except TimeoutError:
                continue
            for line in data.decode().splitlines():
                self.messages.append((time.monotonic(), line))

    def times(self, message: str) -> list[float]:
        return [at for at, said in list(self.messages) if said == message]

    def wait_for(self, message: str, count: int = 1, timeout: float = 60.0) -> list[float]:
        deadline = time.monotonic() + timeout
        while len(self.times(message)) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.times(message)

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self._socket.close()


@pytest.fixture
def listener(tmp_path: Path) -> Iterator[NotifyListener]:
    listener = NotifyListener(tmp_path / "notify.sock")
    yield listener
    listener.close()


def test_a_hung_event_loop_stops_the_pings(
    qtbot: Any, listener: NotifyListener, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NOTIFY_SOCKET", str(listener.path))
    monkeypatch.setenv("WATCHDOG_USEC", "2000000")  # WatchdogSec=2: a ping every second
    monkeypatch.setenv("KIOSK_METRICS_DIR", str(tmp_path / "metrics"))
    watchdog = Watchdog()
    watchdog.ready()
    assert listener.wait_for("READY=1")
    qtbot.waitUntil(lambda: len(listener.times("WATCHDOG=1")) >= 2, timeout=30_000)

    hang: dict[str, float] = {}

    def hang_the_event_loop() -> None:  # what a GUI thread stuck in a call looks like to the timer
        hang["from"] = time.monotonic()
        time.sleep(3.5)
        hang["to"] = time.monotonic()

    QTimer.singleShot(0, hang_the_event_loop)
    qtbot.waitUntil(lambda: "to" in hang, timeout=30_000)
    pings_before = len(listener.times("WATCHDOG=1"))
    qtbot.waitUntil(lambda: len(listener.times("WATCHDOG=1")) > pings_before, timeout=30_000)
    watchdog.stop()
    assert listener.wait_for("STOPPING=1")
    watchdog.deleteLater()

    pings = listener.times("WATCHDOG=1")
    during = [at for at in pings if hang["from"] + 0.05 < at < hang["to"]]
    assert during == [], "a ping came while the event loop was hung"
    assert hang["to"] - hang["from"] > 2.0  # longer than WatchdogSec: systemd would have restarted it
    assert any(at >= hang["to"] for at in pings)  # and they come back with the loop
    # each ping also wrote the app's metrics file for node_exporter
    (family,) = text_string_to_metric_families((tmp_path / "metrics" / APP_FILE).read_text(encoding="utf-8"))
    assert family.name == "civic_kiosk_watchdog_last_ping_timestamp_seconds"
    assert time.time() - 30 < family.samples[0].value <= time.time()


@pytest.mark.slow
def test_the_kiosk_says_ready_then_pings_regularly(listener: NotifyListener, tmp_path: Path) -> None:
    """The real app, in its own process, as systemd starts it (offscreen here: no display)."""
    config = tmp_path / "kiosk.toml"
    config.write_text(f'data_dir = "{tmp_path / "data"}"\n', encoding="utf-8")
    environment = {
        **os.environ,
        "PYTHONPATH": os.getcwd(),
        "QT_QPA_PLATFORM": "offscreen",
        "NOTIFY_SOCKET": str(listener.path),
        "WATCHDOG_USEC": "4000000",  # WatchdogSec=4: a ping every 2 s
        "KIOSK_METRICS_DIR": str(tmp_path / "metrics"),
    }
    kiosk = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "--config", str(config), "run", "--windowed"],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        ready = listener.wait_for("READY=1", timeout=90)
        assert ready, "no READY=1 from the kiosk"
        pings = listener.wait_for("WATCHDOG=1", count=3, timeout=60)
    finally:
        kiosk.terminate()
        _, err = kiosk.communicate(timeout=30)
    assert len(pings) >= 3, err.decode(errors="replace")[-2000:]
    assert ready[0] < pings[0]  # ready first: systemd counts the watchdog from READY=1
    gaps = [b - a for a, b in zip([ready[0], *pings], pings, strict=False)]
    assert max(gaps) < 4.0, f"a gap of {max(gaps):.1f} s would have tripped WatchdogSec=4"
    assert (tmp_path / "metrics" / APP_FILE).exists()
