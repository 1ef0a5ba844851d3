"""Commands that show identity data or change what the kiosk issues leave an audit event: who, never what."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk.audit import AuditEvent
from kiosk.cli import main
from kiosk.cli.audit_trail import operator
from kiosk.storage.db import make_engine
from kiosk.storage.records import Records


@pytest.fixture
def data_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.delenv("KIOSK_CONFIG", raising=False)
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


def events(data_dir: Path) -> list[tuple[str, str | None, dict[str, object]]]:
    if not (data_dir / "kiosk.db").exists():
        return []
    engine = make_engine(f"sqlite:///{data_dir / 'kiosk.db'}")
    try:
        return [(e.type, e.outcome, e.detail) for e in Records(engine).events()]
    finally:
        engine.dispose()


def test_the_operator_is_the_os_user(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUDO_USER", "zhang")
    who = operator()
    assert who["user"] and isinstance(who["uid"], int) and who["sudo_user"] == "zhang"


def test_showing_the_keys_and_making_one_are_recorded(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["keys", "show", "--json"]) == 0
    key_id = json.loads(capsys.readouterr().out)["keys"][0]["key_id"]
    assert main(["keys", "show"]) == 0
    recorded = events(data_dir)
    assert [(kind, outcome) for kind, outcome, _ in recorded] == [
        (AuditEvent.SIGNING_KEYS, "created"),
        (AuditEvent.SIGNING_KEYS, "shown"),
    ]
    assert recorded[0][2]["key_id"] == key_id and recorded[0][2]["user"] == operator()["user"]


def test_a_configuration_check_is_recorded_where_the_kiosk_is(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good, bad = tmp_path / "good.toml", tmp_path / "bad.toml"
    good.write_text('[kiosk]\nid = "KSK-0001"\n', encoding="utf-8")
    bad.write_text("[kiosk]\nid = 7\n", encoding="utf-8")
    assert main(["config", "check", str(good)]) == 0
    assert events(data_dir) == [], "no kiosk database here: none is made just to record a check"
    assert main(["keys", "show"]) == 0  # now the kiosk's database exists
    assert main(["config", "check", str(good)]) == 0
    assert main(["config", "check", str(bad)]) == 1
    checks = [
        (outcome, detail) for kind, outcome, detail in events(data_dir) if kind == AuditEvent.CONFIG_CHECK
    ]
    assert [(outcome, detail["file"], detail["problems"]) for outcome, detail in checks] == [
        ("valid", str(good), 0),
        ("invalid", str(bad), 1),
    ]
    capsys.readouterr()
