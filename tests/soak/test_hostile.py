"""The environment turning hostile under a running kiosk: the data directory full (a small tmpfs) or
remounted read-only, the database locked by another process or damaged. Each time: ``kiosk diag``
says NOT ready and why (exit 3), the kiosk goes out of service with a plain sentence, corrupts
nothing, and comes back by itself when the cause goes away. Mounts need root: skipped without."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from devices.camera.mock import MockCamera
from devices.document_printer.mock import MockDocumentPrinter
from devices.id_reader.mock import MockIdReader
from devices.receipt_printer.mock import MockReceiptPrinter
from devices.voice.mock import MockVoice
from devices.worker import DeviceWorker
from kiosk.cli import main
from kiosk.clock import FakeClock
from kiosk.composition import Kiosk, assemble
from kiosk.config import KioskConfig, StorageConfig
from kiosk.demo.people import ZHANG_WEI, card_of
from kiosk.device_set import DeviceSet
from kiosk.journey import JourneyState as S
from kiosk.journey.steps.out_of_service import RECHECK
from kiosk.journey.view import OutOfServiceView
from kiosk.parts import Part, StorageStatus
from kiosk.storage.check import StorageUnusableError
from kiosk.storage.records import PrintJobState
from tests.core.test_storage_check import LOCKER, damage

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="tmpfs and read-only mounts need root")

TMPFS_MB = 24
PATH = os.pathsep.join(sys.path)  # the kiosk's commands in processes of their own see this code


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Path]:
    mount = tmp_path / "data"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={TMPFS_MB}m", "tmpfs", str(mount)], check=True)
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=True)


def config_on(data_dir: Path) -> KioskConfig:
    return KioskConfig(data_dir=data_dir, storage=StorageConfig(min_free_mb=1))


class Hall:
    """A kiosk on the mount, its printer kept across restarts (it is outside the kiosk)."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.config = config_on(data_dir)
        self.printer = MockDocumentPrinter()
        self.kiosks: list[Kiosk] = []

    def start(self) -> Kiosk:
        devices = DeviceSet(
            id_reader=DeviceWorker(MockIdReader(), "id_reader"),
            receipt_printer=DeviceWorker(MockReceiptPrinter(), "receipt_printer"),
            document_printer=DeviceWorker(self.printer, "document_printer"),
            camera=DeviceWorker(MockCamera(fps=0), "camera"),
            voice=DeviceWorker(MockVoice(), "voice"),
        )
        kiosk = assemble(self.config, clock=FakeClock(), devices=devices)
        self.kiosks.append(kiosk)
        kiosk.health.wait_first_round()
        return kiosk

    def close(self) -> None:
        for kiosk in self.kiosks:
            kiosk.close()


@pytest.fixture
def hall(tmpfs: Path) -> Iterator[Hall]:
    opened = Hall(tmpfs)
    yield opened
    opened.close()


def to_preview(kiosk: Kiosk) -> None:
    journey = kiosk.journey
    reader = kiosk.devices.id_reader.device
    assert isinstance(reader, MockIdReader)
    reader.insert(card_of(ZHANG_WEI))
    journey.touch()
    assert journey.choose_service("tax_payment")
    journey.accept_consent()
    for _ in range(300):
        if journey.state is S.PREVIEW:
            return
        journey.wait(5)
        assert isinstance(kiosk.clock, FakeClock)
        kiosk.clock.advance(0.05)
    raise AssertionError(f"stuck at {journey.state}")


def fill(disk: Path) -> Path:
    """Fill the disk to the last byte, as a runaway log would."""
    filler = disk / "filler"
    descriptor = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        for size in (1 << 20, 4096, 1):
            while True:
                try:
                    os.write(descriptor, bytes(size))
                except OSError:
                    break
    finally:
        os.close(descriptor)
    return filler


def diag(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, object], str]:
    config = data_dir.parent / "kiosk.toml"
    config.write_text(f'data_dir = "{data_dir}"\n[storage]\nmin_free_mb = 1\n', encoding="utf-8")
    code = main(["--config", str(config), "diag", "--json"])
    report = json.loads(capsys.readouterr().out)
    assert main(["--config", str(config), "diag"]) == code
    text = capsys.readouterr().out
    return code, report, text


def cause_of(kiosk: Kiosk) -> tuple[Part, object] | None:
    shown = kiosk.journey.view().step_as(OutOfServiceView)
    if shown is None or shown.cause is None:
        return None
    return shown.cause.part, shown.cause.status


def comes_back(kiosk: Kiosk) -> None:
    """The out-of-service screen asks again every RECHECK seconds: it comes back by itself."""
    assert isinstance(kiosk.clock, FakeClock)
    for _ in range(6):
        kiosk.clock.advance(RECHECK)
        kiosk.health.wait_first_round()
        kiosk.journey.poll()
        if kiosk.journey.state is S.ATTRACT:
            return
    raise AssertionError(f"still {kiosk.journey.state}")


def integrity(data_dir: Path) -> str:
    import sqlite3  # noqa: PLC0415 - the check is the test's, not the kiosk's

    with sqlite3.connect(data_dir / "kiosk.db") as connection:
        return str(connection.execute("PRAGMA integrity_check").fetchone()[0])


def test_a_full_disk_mid_visit(hall: Hall, capsys: pytest.CaptureFixture[str]) -> None:
    kiosk = hall.start()
    to_preview(kiosk)
    filler = fill(hall.data_dir)

    kiosk.journey.confirm_print()  # the print job cannot be journaled: nothing may be printed

    assert kiosk.journey.state is S.OUT_OF_SERVICE
    assert cause_of(kiosk) == (Part.STORAGE, StorageStatus.FULL)
    assert hall.printer.printed == []
    code, report, text = diag(hall.data_dir, capsys)
    assert code == 3 and report["ready"] is False
    assert report["storage"] == {"status": "full", "ready": False, "detail": report["storage"]["detail"]}  # type: ignore[index]
    assert "NOT ready" in text and "full" in text

    filler.unlink()
    comes_back(kiosk)
    assert integrity(hall.data_dir) == "ok"
    with kiosk.engine.connect() as connection:
        assert connection.exec_driver_sql("select outcome from sessions").scalar_one() == "storage_fault"


def test_a_page_printed_when_the_disk_filled_is_done_not_reprintable(hall: Hall) -> None:
    kiosk = hall.start()
    to_preview(kiosk)
    kiosk.journey.confirm_print()  # journaled, sent
    filler = fill(hall.data_dir)  # and the disk fills before "done" is written
    kiosk.journey.wait(5)
    assert kiosk.journey.state is S.OUT_OF_SERVICE
    assert len(hall.printer.printed) == 1
    kiosk.close()  # the power goes before the disk is freed
    with pytest.raises(StorageUnusableError, match="full"):
        hall.start()

    filler.unlink()
    again = hall.start()

    (job,) = again.records.print_jobs()
    assert job.state is PrintJobState.DONE  # the printer said it came out: no reprint code to use
    assert again.journey.state is S.ATTRACT
    assert integrity(hall.data_dir) == "ok"


def test_a_data_dir_remounted_read_only(hall: Hall, capsys: pytest.CaptureFixture[str]) -> None:
    kiosk = hall.start()
    kiosk.journey.touch()
    # Linux refuses to remount a disk read-only under files open for writing; the database's pooled
    # connections let go first (the kiosk opens new ones as it needs them), as an ext4 with
    # errors=remount-ro would force it anyway.
    kiosk.engine.dispose()
    subprocess.run(["mount", "-o", "remount,ro", str(hall.data_dir)], check=True)
    try:
        kiosk.health.check_now()
        kiosk.health.wait_first_round()
        kiosk.journey.poll()
        assert kiosk.journey.state is S.OUT_OF_SERVICE
        assert cause_of(kiosk) == (Part.STORAGE, StorageStatus.READ_ONLY)
        code, report, text = diag(hall.data_dir, capsys)
        assert code == 3, text  # was 70: an internal error
        assert report["storage"]["status"] == "read_only"  # type: ignore[index]
        assert "cannot be written" in text
        stats = subprocess.run(
            [sys.executable, "-m", "kiosk", "--config", str(hall.data_dir.parent / "kiosk.toml"), "stats"],
            capture_output=True, text=True, check=False, env={**os.environ, "PYTHONPATH": PATH},
        )  # fmt: skip
        assert stats.returncode == 4 and "cannot be written" in stats.stderr
        assert "internal error" not in stats.stderr
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(hall.data_dir)], check=True)
    comes_back(kiosk)
    assert integrity(hall.data_dir) == "ok"


def test_a_database_locked_by_another_program(hall: Hall, capsys: pytest.CaptureFixture[str]) -> None:
    kiosk = hall.start()
    kiosk.journey.touch()
    holder = subprocess.Popen(
        [sys.executable, "-c", LOCKER, str(hall.data_dir / "kiosk.db")],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    try:
        kiosk.health.check_now()
        kiosk.health.wait_first_round()
        kiosk.journey.poll()
        assert kiosk.journey.state is S.OUT_OF_SERVICE  # before anyone's write waited on the lock
        assert cause_of(kiosk) == (Part.STORAGE, StorageStatus.LOCKED)
        code, report, text = diag(hall.data_dir, capsys)
        assert code == 3 and report["storage"]["status"] == "locked"  # type: ignore[index]
        assert "Another program holds the database" in text
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(10)
    comes_back(kiosk)
    assert integrity(hall.data_dir) == "ok"


def test_a_damaged_database_is_found_at_start_and_by_diag(
    hall: Hall, capsys: pytest.CaptureFixture[str]
) -> None:
    kiosk = hall.start()
    to_preview(kiosk)
    kiosk.journey.cancel()
    kiosk.close()
    hall.kiosks.clear()
    damage(hall.data_dir / "kiosk.db")

    with pytest.raises(StorageUnusableError, match="damaged"):
        hall.start()
    code, report, text = diag(hall.data_dir, capsys)
    assert code == 3 and report["storage"]["status"] == "damaged"  # type: ignore[index]
    assert "restore the last backup" in text
    run = subprocess.run(
        [sys.executable, "-m", "kiosk", "--config", str(hall.data_dir.parent / "kiosk.toml"), "run",
         "--quit-when-ready"],
        capture_output=True, text=True, check=False, timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": PATH},
    )  # fmt: skip
    assert run.returncode == 1
    assert "The kiosk cannot start: The database" in run.stderr and "is damaged" in run.stderr
    assert "Traceback" not in run.stderr
