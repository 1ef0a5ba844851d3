"""The technicians' PIN: stored only as an scrypt hash, made by `kiosk maintenance-pin`, checked in
the configuration, and never shown."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.clock import FakeClock
from kiosk.config import ConfigError, KioskConfig, MaintenanceConfig, load_config, parse_config
from kiosk.maintenance import PinCheck, PinLock, hash_pin, is_pin


def test_a_hash_opens_with_its_pin_only() -> None:
    stored = hash_pin("24681357")
    lock = PinLock(stored, FakeClock())
    assert lock.check("24681357") is PinCheck.ACCEPTED
    assert lock.check("24681358") is PinCheck.WRONG
    assert lock.check("2468135") is PinCheck.WRONG  # a prefix is not the PIN
    assert lock.check("24681357 ") is PinCheck.WRONG


def test_the_same_pin_hashes_differently_each_time() -> None:
    first, second = hash_pin("135790"), hash_pin("135790")
    assert first != second and "135790" not in first
    assert first.startswith("scrypt$16384$8$1$")


@pytest.mark.parametrize("pin", ["12345", "1234567890123", "12345a", "１２３４５６", "", "123 456"])
def test_only_6_to_12_ascii_digits_are_a_pin(pin: str) -> None:
    assert not is_pin(pin)
    with pytest.raises(ValueError, match="6 to 12 digits"):
        hash_pin(pin)


def test_no_hash_no_way_in() -> None:
    lock = PinLock(None, FakeClock())
    assert not lock.is_set
    assert lock.check("000000") is PinCheck.NOT_SET


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("246813", "expected the line `kiosk maintenance-pin` prints"),  # the PIN itself, not its hash
        ("scrypt$1024$8$1$c2FsdA==$aGFzaA==", "scrypt cost is too low"),
        ("scrypt$20000$8$1$c2FsdA==$aGFzaA==", "not a power of two"),
    ],
)
def test_a_pin_hash_that_is_not_one_is_a_config_problem(value: str, says: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(f'[maintenance]\npin_hash = "{value}"\n')
    assert "line 2: maintenance.pin_hash" in str(caught.value)
    assert says in str(caught.value)


def test_the_hash_is_kept_out_of_the_configurations_repr() -> None:
    stored = hash_pin("975310")
    config = KioskConfig(maintenance=MaintenanceConfig(pin_hash=stored))
    assert stored not in repr(config)


def test_the_command_prints_a_line_the_kiosk_accepts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("80402010\n"))
    assert main(["maintenance-pin"]) == 0
    out = capsys.readouterr().out
    assert "80402010" not in out

    config_file = tmp_path / "kiosk.toml"
    config_file.write_text(out, encoding="utf-8")
    config = load_config(config_file, remembered=False)
    assert PinLock(config.maintenance.pin_hash, FakeClock()).check("80402010") is PinCheck.ACCEPTED


def test_the_command_refuses_a_short_pin_and_makes_nothing(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("1234\n"))
    assert main(["maintenance-pin"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "A PIN is 6 to 12 digits; nothing was made." in captured.err


def test_the_command_works_from_a_shell_pipe() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "kiosk", "maintenance-pin"],
        input="11223344\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith('[maintenance]\npin_hash = "scrypt$')
