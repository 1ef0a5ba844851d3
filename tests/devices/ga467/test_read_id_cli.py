"""``kiosk read-id`` end to end through ``kiosk.cli.main``, against the emulated reader on a pty."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import kiosk.cli
from devices.id_reader.base import ReaderStatus
from kiosk.audit import AuditEvent
from kiosk.cli.read_id_command import PERSONAL_FIELDS
from kiosk.storage.db import make_engine
from kiosk.storage.records import Records
from tests.devices.ga467.cards import BAD_CHECK_DIGIT, EXPIRED, LI_YAN, LONG_TERM, PERMIT_HK
from tests.devices.ga467.conftest import open_reader
from tests.devices.ga467.sam_emulator import FIND, SamEmulator

MASKED_KEYS = {"card_type", "fields_read", "photo", "problems"}
KEYS = {
    "card_type",
    "name",
    "sex",
    "nation",
    "birth_date",
    "address",
    "id_number",
    "issuer",
    "valid_from",
    "valid_until",
    "photo",
    "problems",
}


REGISTERED = kiosk.cli.COMMAND_MODULES


@pytest.fixture(autouse=True)
def only_this_command(monkeypatch: pytest.MonkeyPatch) -> None:
    # The other command groups are not this folder's to test (some are still
    # being written); main() itself runs unchanged.
    monkeypatch.setattr(kiosk.cli, "COMMAND_MODULES", ("kiosk.cli.read_id_command",))


@pytest.fixture(autouse=True)
def data_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Where --unmasked writes its audit event (the built-in configuration's database)."""
    monkeypatch.delenv("KIOSK_CONFIG", raising=False)
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


def audit_events(data_dir: Path) -> list[tuple[str, str | None, dict[str, object]]]:
    if not (data_dir / "kiosk.db").exists():
        return []
    engine = make_engine(f"sqlite:///{data_dir / 'kiosk.db'}")
    try:
        return [(e.type, e.outcome, e.detail) for e in Records(engine).events()]
    finally:
        engine.dispose()


def test_the_command_is_registered() -> None:
    assert "kiosk.cli.read_id_command" in REGISTERED


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = kiosk.cli.main(["read-id", *argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def read_json(capsys: pytest.CaptureFixture[str], emulator: SamEmulator, *extra: str) -> dict[str, object]:
    code, out, err = run(capsys, "--reader", f"ga467:{emulator.path}", "--timeout", "3", "--json", *extra)
    assert (code, err) == (0, "")
    shown = json.loads(out)
    assert set(shown) == (KEYS if "--unmasked" in extra else MASKED_KEYS)
    return shown  # type: ignore[no-any-return]


def test_json_is_masked_by_default_and_narrows_nothing_down(
    capsys: pytest.CaptureFixture[str], emulator: SamEmulator, data_dir: Path
) -> None:
    emulator.insert(LI_YAN)
    shown = read_json(capsys, emulator)
    assert shown == {
        "card_type": "resident_id",
        "fields_read": list(PERSONAL_FIELDS),
        "photo": {"format": "wlt", "bytes": 1024},
        "problems": [],
    }  # fmt: skip
    # Before: the birth date, the issuing office and 8 of the 18 characters left 9 numbers to try.
    text = json.dumps(shown, ensure_ascii=False)
    for revealing in ("1990", "0307", "朝阳", LI_YAN.id_number[:4], LI_YAN.id_number[-4:], "李"):
        assert revealing not in text
    assert audit_events(data_dir) == []


def test_unmasked_shows_everything_after_an_audit_event(
    capsys: pytest.CaptureFixture[str], emulator: SamEmulator, data_dir: Path
) -> None:
    emulator.insert(LI_YAN)
    shown = read_json(capsys, emulator, "--unmasked")
    assert (shown["name"], shown["id_number"], shown["address"]) == ("李䶮", LI_YAN.id_number, LI_YAN.address)
    [(kind, outcome, detail)] = audit_events(data_dir)
    assert (kind, outcome) == (AuditEvent.IDENTITY_SHOWN, "shown")
    assert detail["card_type"] == "resident_id" and detail["user"] and isinstance(detail["uid"], int)
    stored = json.dumps(detail, ensure_ascii=False)
    for personal in (LI_YAN.id_number, "李", "1990"):
        assert personal not in stored


def test_unmasked_shows_nothing_when_the_audit_event_cannot_be_written(
    capsys: pytest.CaptureFixture[str], emulator: SamEmulator, data_dir: Path
) -> None:
    data_dir.parent.mkdir(exist_ok=True)
    data_dir.write_text("a file where the data directory should be", encoding="utf-8")
    emulator.insert(LI_YAN)
    code, out, err = run(capsys, "--reader", f"ga467:{emulator.path}", "--timeout", "3", "--unmasked")
    assert (code, out) == (4, "")
    assert "audit event could not be written" in err and LI_YAN.id_number not in err


def test_long_term_card_has_null_valid_until(
    capsys: pytest.CaptureFixture[str], emulator: SamEmulator
) -> None:
    emulator.insert(LONG_TERM)
    shown = read_json(capsys, emulator, "--unmasked")
    assert shown["valid_until"] is None
    assert shown["valid_from"] == "2012-04-10"
    assert shown["problems"] == []


def test_expired_card_is_a_problem(capsys: pytest.CaptureFixture[str], emulator: SamEmulator) -> None:
    emulator.insert(EXPIRED)
    assert read_json(capsys, emulator)["problems"] == ["expired"]


def test_bad_check_digit_is_a_problem(capsys: pytest.CaptureFixture[str], emulator: SamEmulator) -> None:
    emulator.insert(BAD_CHECK_DIGIT)
    assert read_json(capsys, emulator)["problems"] == ["bad check digit"]


def test_number_disagreeing_with_the_card_is_a_problem(
    capsys: pytest.CaptureFixture[str], emulator: SamEmulator
) -> None:
    emulator.insert(type(LI_YAN)(**{**LI_YAN.__dict__, "birth": "19900308", "sex_code": "2"}))
    problems = read_json(capsys, emulator)["problems"]
    assert problems == ["number disagrees with birth date", "number disagrees with sex"]


def test_residence_permit(capsys: pytest.CaptureFixture[str], emulator: SamEmulator) -> None:
    emulator.insert(PERMIT_HK)
    shown = read_json(capsys, emulator)
    assert shown["card_type"] == "residence_permit_hmt"
    assert "nation" not in shown["fields_read"] and "name" in shown["fields_read"]  # type: ignore[operator]


def test_human_summary_is_masked_too(capsys: pytest.CaptureFixture[str], emulator: SamEmulator) -> None:
    emulator.insert(LI_YAN)
    code, out, _ = run(capsys, "--reader", f"ga467:{emulator.path}@115200", "--timeout", "3")
    assert code == 0
    assert (
        "Read:        name, sex, nation, birth date, address, ID number" in out and "WLT, 1024 bytes" in out
    )
    for personal in ("李", LI_YAN.id_number[:4], LI_YAN.id_number[-4:], LI_YAN.address, "1990", "朝阳"):
        assert personal not in out
    emulator.insert(LONG_TERM)
    code, out, _ = run(capsys, "--reader", f"ga467:{emulator.path}", "--unmasked")
    assert code == 0
    assert "王秀英" in out and LONG_TERM.address in out and "长期" in out and "WLT, 1024 bytes" in out


def test_no_card_before_the_timeout_is_exit_2(
    capsys: pytest.CaptureFixture[str], emulator: SamEmulator
) -> None:
    code, out, err = run(capsys, "--reader", f"ga467:{emulator.path}", "--timeout", "0.4", "--json")
    assert (code, out, err) == (2, "", "No card was placed on the reader.\n")
    assert set(emulator.commands) == {FIND}


def test_a_sam_fault_is_exit_3(capsys: pytest.CaptureFixture[str], emulator: SamEmulator) -> None:
    emulator.force(FIND, 0x60)
    code, out, err = run(capsys, "--reader", f"ga467:{emulator.path}", "--json")
    assert (code, out) == (3, "")
    assert err.count("\n") == 1 and "security module" in err


def test_a_missing_reader_is_exit_3(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, "--reader", f"ga467:{tmp_path}/ttyUSB7")
    assert (code, out, err) == (3, "", "The card reader is not connected.\n")


def test_a_reader_that_vanished_is_exit_3(capsys: pytest.CaptureFixture[str], emulator: SamEmulator) -> None:
    path = emulator.path
    emulator.unplug()
    code, _, err = run(capsys, "--reader", f"ga467:{path}")
    assert code == 3
    assert err.count("\n") == 1


def test_a_wrong_spec_is_one_sentence(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--reader", "serial:/dev/ttyS0")
    assert (code, out) == (1, "")
    assert err.count("\n") == 1 and "not a card reader" in err


def test_the_port_is_released_afterwards(capsys: pytest.CaptureFixture[str], emulator: SamEmulator) -> None:
    emulator.insert(LI_YAN)
    assert run(capsys, "--reader", f"ga467:{emulator.path}", "--json")[0] == 0
    # The port is opened exclusively, so this only works if the command closed it.
    after = open_reader(emulator.path)
    try:
        assert after.status() is not ReaderStatus.NO_DEVICE
    finally:
        after.close()


def test_mock_reader_has_no_card_unless_asked(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KIOSK_MOCK_ID_CARD", raising=False)
    assert run(capsys, "--reader", "mock", "--timeout", "0.05")[:2] == (2, "")
    monkeypatch.setenv("KIOSK_MOCK_ID_CARD", "demo")
    code, out, err = run(capsys, "--reader", "mock", "--json")
    assert (code, err) == (0, "")
    assert json.loads(out)["problems"] == []


@pytest.mark.parametrize("spec", ["ga467:", "pcsc-ish"])
def test_other_wrong_specs_are_one_sentence_too(capsys: pytest.CaptureFixture[str], spec: str) -> None:
    code, out, err = run(capsys, "--reader", spec)
    assert (code, out) == (1, "")
    assert err.count("\n") == 1


@pytest.mark.parametrize("timeout", ["0", "-1", "soon"])
def test_a_bad_timeout_is_a_usage_error(capsys: pytest.CaptureFixture[str], timeout: str) -> None:
    with pytest.raises(SystemExit) as exited:
        kiosk.cli.main(["read-id", "--reader", "mock", "--timeout", timeout])
    assert exited.value.code == 2
    assert "Traceback" not in capsys.readouterr().err


def test_without_reader_the_configured_reader_is_read(
    capsys: pytest.CaptureFixture[str], emulator: SamEmulator, tmp_path: Path
) -> None:
    emulator.insert(LI_YAN)
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[devices.id_reader]\nspec = "ga467:{emulator.path}"\n', "utf-8")
    code = kiosk.cli.main(["--config", str(config), "read-id", "--timeout", "3", "--json"])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    assert json.loads(out)["card_type"] == "resident_id"


def test_without_reader_a_bad_configuration_is_said_plainly(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text('[devices.id_reader]\nspec = "floppy:/dev/fd0"\n', "utf-8")
    code = kiosk.cli.main(["--config", str(config), "read-id", "--timeout", "1"])
    _out, err = capsys.readouterr()
    assert code == 1
    assert "devices.id_reader.spec" in err and "Traceback" not in err
