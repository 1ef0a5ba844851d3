"""The out-of-service screen says what stops every service (storage, the clock) to the technician; a
start storage refuses shows it and is tried again; SIGTERM (``systemctl stop``) stops the kiosk
cleanly: STOPPING=1, the devices and database closed, exit 0."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication
from pytestqt.qtbot import QtBot

import kiosk.composition
import ui.app
from kiosk.config import KioskConfig
from kiosk.health import Unavailability
from kiosk.journey import JourneyState as S
from kiosk.journey.view import OutOfServiceView, opening_view
from kiosk.parts import ClockStatus, Part, StorageStatus
from kiosk.storage.check import StorageReading, StorageUnusableError
from ui.app import KioskStart, KioskWindow, Watchdog, prepare_application
from ui.i18n import Translations
from ui.screens.out_of_service_screen import OutOfServiceScreen

FULL = StorageReading(StorageStatus.FULL, "The disk holding /data is full: free some space.")


def test_a_start_refused_by_storage_shows_why_and_comes_back_by_itself(
    qtbot: QtBot, translations: Translations, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_assemble = kiosk.composition.assemble
    tries: list[int] = []

    def assemble_on_a_disk_freed_later(config: KioskConfig, **kwargs: Any) -> Any:
        tries.append(1)
        if len(tries) == 1:
            raise StorageUnusableError(FULL)
        return real_assemble(config, **kwargs)

    monkeypatch.setattr(kiosk.composition, "assemble", assemble_on_a_disk_freed_later)
    monkeypatch.setattr(ui.app, "START_RETRY_SECONDS", 1.0)  # time to look at the screen first
    app = prepare_application()
    window = KioskWindow(KioskConfig(data_dir=tmp_path), translations=translations)
    qtbot.addWidget(window)
    start = KioskStart(app, window, Watchdog(window), quit_when_ready=False)
    window.show_view(opening_view(window.config.services))
    window.resize(1920, 1080)
    window.show()
    try:
        qtbot.waitUntil(lambda: bool(tries), timeout=5000)
        screen = window.router.current
        assert isinstance(screen, OutOfServiceScreen)
        assert screen.cause.isVisible()
        assert screen.cause.text() == "原因：数据存储空间已满。请联系技术人员。"
        qtbot.waitUntil(lambda: start.ready_at is not None, timeout=15_000)
        assert window.journey is not None and window.journey.state is S.HOME
    finally:
        window.shutdown()
        start.close()
        QCoreApplication.processEvents()


def test_the_cause_is_shown_only_when_one_part_stops_everything(
    qtbot: QtBot, translations: Translations, tmp_path: Path
) -> None:
    window = KioskWindow(KioskConfig(data_dir=tmp_path), translations=translations)
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    window.show()
    try:
        window.out_of_service(None)
        screen = window.router.current
        assert isinstance(screen, OutOfServiceScreen)
        assert not screen.cause.isVisible()
        cause = Unavailability(Part.CLOCK, ClockStatus.FAR_AHEAD, "The clock says 2040-01-01 …")
        view = replace(opening_view(window.config.services), state=S.OUT_OF_SERVICE, language="en")
        window.show_view(replace(view, step=OutOfServiceView(cause)))
        assert screen.cause.isVisible()
        assert screen.cause.text() == "Reason: The system clock shows a wrong date. Please call a technician."
    finally:
        translations.use("zh_CN")
        window.shutdown()
        QCoreApplication.processEvents()


@pytest.mark.slow
def test_sigterm_stops_the_kiosk_cleanly(tmp_path: Path) -> None:
    notify = tmp_path / "notify.sock"
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    listener.bind(str(notify))
    listener.settimeout(60)
    data = tmp_path / "data"
    env = {
        **os.environ,
        "NOTIFY_SOCKET": str(notify),
        "QT_QPA_PLATFORM": "offscreen",
        "KIOSK_DATA_DIR": str(data),
        "WATCHDOG_USEC": "60000000",
    }
    env.pop("KIOSK_CONFIG", None)
    kiosk_run = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "run"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    said: list[str] = []
    try:
        while "READY=1" not in said:
            said.append(listener.recv(4096).decode())
        assert (data / "kiosk.db-wal").exists()  # the database is open
        started = time.monotonic()
        listener.settimeout(20)
        kiosk_run.send_signal(signal.SIGTERM)
        while "STOPPING=1" not in said:
            said.append(listener.recv(4096).decode())
        code = kiosk_run.wait(timeout=30)
        stopped_in = time.monotonic() - started
    finally:
        if kiosk_run.poll() is None:
            kiosk_run.kill()
            kiosk_run.wait()
        listener.close()
    _, errors = kiosk_run.communicate()
    assert code == 0, errors
    assert "SIGTERM received: stopping" in errors
    assert "Traceback" not in errors
    # The last connection closed checkpoints the WAL and removes it: the database was closed, not cut.
    assert not (data / "kiosk.db-wal").exists()
    assert stopped_in < 10, f"stopped in {stopped_in:.1f} s"
