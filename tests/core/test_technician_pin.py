"""The technician's PIN: stored only as an scrypt hash, made by `kiosk technician-pin`, checked in
the configuration under [technician], and never shown. The old names ([maintenance],
`kiosk maintenance-pin`) are still read, with a sentence saying the new ones."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.clock import FakeClock
from kiosk.config import ConfigError, KioskConfig, TechnicianConfig, check_config, load_config, parse_config
from kiosk.technician_pin import PinCheck, PinLock, PinWeakness, hash_pin, is_pin, pin_weakness


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
    assert first.startswith("scrypt$65536$8$1$"), "the cost set for the kiosk, written into the line"


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
        ("246813", "expected the line `kiosk technician-pin` prints"),  # the PIN itself, not its hash
        ("scrypt$1024$8$1$c2FsdA==$aGFzaA==", "scrypt cost is too low"),
        ("scrypt$20000$8$1$c2FsdA==$aGFzaA==", "not a power of two"),
        ("scrypt$16384$8$1$abc$aGFzaA==", "expected the line `kiosk technician-pin` prints"),  # bad base64
    ],
)
@pytest.mark.parametrize("table", ["technician", "maintenance"])
def test_a_pin_hash_that_is_not_one_is_a_config_problem(table: str, value: str, says: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(f'[kiosk]\nid = "KSK-HALL-07"\n[{table}]\npin_hash = "{value}"\n')
    assert f"line 4: {table}.pin_hash" in str(caught.value)  # said the way the file says it
    assert says in str(caught.value)


def test_the_hash_is_kept_out_of_the_configurations_repr() -> None:
    stored = hash_pin("975310")
    config = KioskConfig(technician=TechnicianConfig(pin_hash=stored))
    assert stored not in repr(config)


def test_the_command_prints_a_line_the_kiosk_accepts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("80402010\n"))
    assert main(["technician-pin"]) == 0
    captured = capsys.readouterr()
    assert "80402010" not in captured.out and captured.err == ""

    config_file = tmp_path / "kiosk.toml"
    config_file.write_text(captured.out, encoding="utf-8")
    config = load_config(config_file)
    assert PinLock(config.technician.pin_hash, FakeClock()).check("80402010") is PinCheck.ACCEPTED


def test_the_command_refuses_a_short_pin_and_makes_nothing(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("1234\n"))
    assert main(["technician-pin"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "A PIN is 6 to 12 digits; nothing was made." in captured.err


@pytest.mark.parametrize(
    ("pin", "weakness"),
    [
        ("123456", PinWeakness.SEQUENCE),  # accepted before: the first PIN anyone tries
        ("654321", PinWeakness.SEQUENCE),
        ("13579135", PinWeakness.SEQUENCE),
        ("000000", PinWeakness.REPEATS),
        ("121212", PinWeakness.REPEATS),
        ("12341234", PinWeakness.REPEATS),
        ("19850312", PinWeakness.DATE),  # YYYYMMDD
        ("12031985", PinWeakness.DATE),  # DDMMYYYY
        ("850312", PinWeakness.DATE),  # YYMMDD
        ("031285", PinWeakness.DATE),  # DDMMYY or MMDDYY
        ("198503", PinWeakness.DATE),  # YYYYMM
    ],
)
def test_trivial_pins_are_refused_with_the_reason(
    pin: str, weakness: PinWeakness, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert pin_weakness(pin) is weakness
    monkeypatch.setattr(sys, "stdin", io.StringIO(pin + "\n"))
    assert main(["technician-pin"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == f"That PIN is too easy to guess: {weakness}. Nothing was made.\n"


@pytest.mark.parametrize(
    "pin", ["80402010", "24681357", "135790", "975310", "11223344", "902731", "19851332"]
)
def test_pins_that_are_no_pattern_pass(pin: str) -> None:
    assert pin_weakness(pin) is None


def test_the_command_works_from_a_shell_pipe() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "kiosk", "technician-pin"],
        input="11223344\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith('[technician]\npin_hash = "scrypt$')


def test_the_old_command_name_still_works_and_says_the_new_one(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("80402010\n"))
    assert main(["maintenance-pin"]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith('[technician]\npin_hash = "scrypt$')
    assert "`kiosk maintenance-pin` is now `kiosk technician-pin`" in captured.err


def test_the_old_table_is_read_with_a_note_from_config_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    stored = hash_pin("80402010")
    config_file = tmp_path / "kiosk.toml"
    config_file.write_text(f'[kiosk]\nid = "KSK-HALL-07"\n\n[maintenance]\npin_hash = "{stored}"\n', "utf-8")

    checked = check_config(config_file)
    assert checked.config.technician.pin_hash == stored
    [note] = checked.notes
    assert str(note) == (
        "line 4: maintenance: [maintenance] is now [technician]; the old name is read until the next release"
    )

    assert main(["config", "check", str(config_file)]) == 0
    captured = capsys.readouterr()
    assert "is valid" in captured.out
    assert f"{config_file}: line 4: maintenance: [maintenance] is now [technician]" in captured.err

    assert load_config(config_file).technician.pin_hash == stored  # a start reads it too, and logs the note
    assert "[maintenance] is now [technician]" in caplog.text


def test_the_old_and_the_new_table_together_are_a_problem() -> None:
    stored = hash_pin("80402010")
    with pytest.raises(ConfigError) as caught:
        parse_config(f'[technician]\npin_hash = "{stored}"\n[maintenance]\npin_hash = "{stored}"\n')
    assert "line 3: maintenance: [maintenance] is the old name of [technician], which is set too" in str(
        caught.value
    )
