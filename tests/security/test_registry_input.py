"""A registry file from outside: repeated keys, hidden characters, fake photos and sheer size refused."""

from __future__ import annotations

import copy
import io
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from kiosk.audit import AuditEvent
from kiosk.cli import main
from kiosk.registry import stream
from kiosk.registry.importer import import_data, import_file, import_source
from kiosk.registry.models import RegistryPerson
from kiosk.registry.stream import RegistryReader, Row
from kiosk.storage.db import make_engine
from kiosk.storage.records import Records
from tests.registry.images import b64, picture

HEAD = '{\n  "format": "civic-kiosk-registry/1",\n'


def person_json(person: dict[str, Any]) -> str:
    return json.dumps(person, ensure_ascii=False)


def problems_of(path: Path, sessions: sessionmaker[Session]) -> list[str]:
    report = import_file(path, sessions)
    assert not report.written
    return [str(p) for p in report.problems]


def people_count(sessions: sessionmaker[Session]) -> int:
    with sessions() as session:
        return int(session.scalar(select(func.count()).select_from(RegistryPerson)) or 0)


def test_a_section_twice_is_refused_with_both_lines(
    sessions: sessionmaker[Session], small: dict[str, Any], tmp_path: Path
) -> None:
    # Before: the second "people" replaced the first; nothing was imported and the exit was 0.
    path = tmp_path / "twice.json"
    path.write_text(
        HEAD + f'  "people": [{person_json(small["people"][0])}],\n  "people": []\n}}\n', encoding="utf-8"
    )
    assert problems_of(path, sessions) == ["people: appears twice in the file (lines 3 and 4)."]


def test_a_key_twice_in_a_row_is_refused_with_its_path_and_line(
    sessions: sessionmaker[Session], small: dict[str, Any], tmp_path: Path
) -> None:
    # Before: "name":"真名","name":"假名" stored 假名.
    row = person_json(small["people"][0]).replace('"name": ', '"name": "真名",\n"name": ', 1)
    path = tmp_path / "name-twice.json"
    path.write_text(
        HEAD + f'  "people": [\n{person_json(small["people"][1])},\n{row}]\n}}\n', encoding="utf-8"
    )
    assert problems_of(path, sessions) == [
        'people row 2, name: the key "name" appears twice in one object (line 6).'
    ]
    assert people_count(sessions) == 0


def test_a_key_twice_deeper_down_names_the_whole_path(
    sessions: sessionmaker[Session], small: dict[str, Any], tmp_path: Path
) -> None:
    account = json.dumps(small["credit_accounts"][0], ensure_ascii=False)
    account = account.replace('"code": ', '"code": "N", "code": ', 1)
    people = ",".join(person_json(p) for p in small["people"])
    path = tmp_path / "deep.json"
    path.write_text(HEAD + f'"people": [{people}],\n"credit_accounts": [{account}]}}', encoding="utf-8")
    [problem] = problems_of(path, sessions)
    assert problem.startswith('credit_accounts row 1, repayment[0].code: the key "code" appears twice')
    assert problem.endswith("(line 4).")


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("name", "张\x00伟", "control character (U+0000)"),
        ("name", "张\x1b[31m伟", "control character (U+001B)"),
        ("name", "张\n伟", "control character (U+000A)"),
        ("name", "张\u202e伟", "bidirectional-formatting character (U+202E)"),
        ("address", "北京市\u2066东城区", "bidirectional-formatting character (U+2066)"),
        ("nation", "汉\u200b", "control character (U+200B)"),
    ],
)
def test_text_with_hidden_characters_is_refused_with_the_field_named(
    sessions: sessionmaker[Session], small: dict[str, Any], field: str, value: str, says: str
) -> None:
    small["people"][0][field] = value
    report = import_data(small, sessions)
    assert [(p.section, p.row, p.field) for p in report.problems] == [("people", 1, field)]
    assert says in report.problems[0].message and value not in str(report.problems[0])
    assert people_count(sessions) == 0


def test_rare_characters_in_names_stay_allowed(
    sessions: sessionmaker[Session], small: dict[str, Any]
) -> None:
    small["people"][0]["name"] = "李䶮𠮷·阿卜杜"
    assert import_data(small, sessions).ok


@pytest.mark.parametrize(
    ("photo", "says"),
    [
        (b"\xff\xd8\xff\xe0" + bytes(range(64)), "must be a JPEG or PNG image"),  # the first bytes only
        (picture("JPEG")[:-200], "truncated or damaged"),
        (picture("PNG")[:-40], "truncated or damaged"),
        (picture("GIF"), "must be a JPEG or PNG image"),
        (picture("JPEG", (30, 40)), "30 × 40 pixels; each side must be 64 to 4096"),
        (picture("PNG", (5000, 80)), "5000 × 80 pixels"),
    ],
)
def test_a_photo_is_decoded_in_full_and_its_size_checked(
    sessions: sessionmaker[Session], small: dict[str, Any], photo: bytes, says: str
) -> None:
    small["people"][0]["photo"] = b64(photo)
    report = import_data(small, sessions)
    assert [(p.section, p.row, p.field) for p in report.problems] == [("people", 1, "photo")]
    assert says in report.problems[0].message


def test_a_file_that_changes_between_check_and_write_leaves_nothing(
    sessions: sessionmaker[Session], small: dict[str, Any]
) -> None:
    first = json.dumps(small, ensure_ascii=False).encode()
    changed = copy.deepcopy(small)
    changed["people"][1]["address"] = "另一个地址"
    versions = iter([first, json.dumps(changed, ensure_ascii=False).encode()])
    report = import_source(lambda: io.BytesIO(next(versions)), sessions)
    assert [str(p) for p in report.problems] == [
        "the file changed while it was being imported; nothing was imported."
    ]
    assert people_count(sessions) == 0


def test_reading_holds_one_row_at_a_time(
    small: dict[str, Any], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(stream, "CHUNK_BYTES", 64 * 1024)
    person = small["people"][0]
    rows = ",\n".join(person_json(person) for _ in range(20_000))  # about 8 MB
    path = tmp_path / "big.json"
    path.write_text(HEAD + f'  "people": [\n{rows}\n]\n}}\n', encoding="utf-8")
    largest, count = 0, 0
    with path.open("rb") as handle:
        reader = RegistryReader(handle, ("people",))
        for item in reader:
            count += isinstance(item, Row)
            largest = max(largest, len(reader._text.buf))
    assert count == 20_000
    assert largest < 3 * 64 * 1024, "the window holds a chunk or two, never the file"


def test_a_row_larger_than_any_real_one_stops_the_reading(
    sessions: sessionmaker[Session], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stream, "MAX_ROW_CHARS", 100_000)
    path = tmp_path / "huge.json"
    path.write_text(HEAD + '  "people": [{"name": [' + "1," * 100_000 + "1]}]\n}\n", encoding="utf-8")
    assert problems_of(path, sessions) == ["people row 1: larger than 100,000 characters (line 3)."]


def test_nesting_is_bounded(sessions: sessionmaker[Session], tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text(HEAD + '  "people": [' + "[" * 50_000 + "]" * 50_000 + "]\n}\n", encoding="utf-8")
    [problem] = problems_of(path, sessions)
    assert problem.startswith("people row 1, [0]") and "nested more than 32 deep (line 3)" in problem


def test_the_import_is_an_audit_event_naming_the_file_not_its_rows(
    tmp_path: Path, small: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text(f'data_dir = "{tmp_path / "data"}"\n', encoding="utf-8")
    good = tmp_path / "good.json"
    good.write_text(json.dumps(small, ensure_ascii=False), encoding="utf-8")
    assert main(["--config", str(config), "registry", "import", "--check", str(good)]) == 0
    assert main(["--config", str(config), "registry", "import", str(good)]) == 0
    small["people"][0]["name"] = "张\u202e伟"
    good.write_text(json.dumps(small, ensure_ascii=False), encoding="utf-8")
    assert main(["--config", str(config), "registry", "import", str(good)]) == 1
    capsys.readouterr()
    engine = make_engine(f"sqlite:///{tmp_path / 'data' / 'kiosk.db'}")
    events = [e for e in Records(engine).events() if e.type == AuditEvent.REGISTRY_IMPORT]
    engine.dispose()
    assert [e.outcome for e in events] == ["checked", "imported", "refused"]
    assert events[1].detail["rows"]["people"] == {"new": 2, "updated": 0}
    assert len(events[1].detail["sha256"]) == 64 and events[2].detail["problems"] == 1
    stored = json.dumps([e.detail for e in events], ensure_ascii=False)
    for personal in (small["people"][0]["id_number"], "张", small["people"][1]["name"]):
        assert personal not in stored
