from __future__ import annotations

import base64
import copy
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session, sessionmaker

from kiosk.assets import REGISTRY
from kiosk.cli import main
from kiosk.registry.demo import DEMO_FILE
from kiosk.registry.importer import ImportProblem, import_data, import_file, json_schema, parse_text, shown
from kiosk.registry.models import RegistryCreditAccount, RegistryPerson
from kiosk.storage.db import Base
from tests.registry.images import b64, picture

REGISTRY_TABLES = [t for t in Base.metadata.sorted_tables if t.name.startswith("registry_")]


def snapshot(sessions: sessionmaker[Session]) -> dict[str, list[tuple[Any, ...]]]:
    with sessions() as session:
        return {
            t.name: sorted(tuple(map(repr, row)) for row in session.execute(select(t)).all())
            for t in REGISTRY_TABLES
        }


def count(sessions: sessionmaker[Session]) -> dict[str, int]:
    with sessions() as session:
        return {
            t.name: session.execute(text(f"select count(*) from {t.name}")).scalar_one()
            for t in REGISTRY_TABLES
        }


def problems_of(data: Any, sessions: sessionmaker[Session]) -> list[ImportProblem]:
    report = import_data(data, sessions)
    assert not report.ok
    assert not report.written
    return list(report.problems)


def only(problems: list[ImportProblem]) -> ImportProblem:
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


# -- good files -----------------------------------------------------------------


def test_demo_file_imports_and_a_second_import_adds_nothing(
    sessions: sessionmaker[Session], demo_data: dict[str, Any]
) -> None:
    first = import_file(DEMO_FILE, sessions)
    assert first.ok and first.written
    assert first.counts["people"].new == len(demo_data["people"])
    after_first = snapshot(sessions)
    assert count(sessions)["registry_contributions"] == len(demo_data["contributions"])

    second = import_file(DEMO_FILE, sessions)
    assert second.ok
    assert second.counts["people"].new == 0 and second.counts["people"].updated == len(demo_data["people"])
    assert snapshot(sessions) == after_first


def test_a_row_with_a_known_key_replaces_the_record(
    sessions: sessionmaker[Session], small: dict[str, Any]
) -> None:
    assert import_data(small, sessions).ok
    changed = copy.deepcopy(small)
    changed["credit_accounts"][0]["balance"] = "12.30"
    changed["credit_accounts"][0]["repayment"] = [{"month": "2026-10", "code": "2"}]
    report = import_data(changed, sessions)
    assert report.ok and report.counts["credit_accounts"].updated == 1
    with sessions() as session:
        accounts = session.scalars(select(RegistryCreditAccount)).all()
    assert len(accounts) == 1
    assert str(accounts[0].balance) == "12.30"
    assert accounts[0].repayment == [["2026-10", "2"]]


def test_records_may_refer_to_people_already_in_the_registry(
    sessions: sessionmaker[Session], small: dict[str, Any]
) -> None:
    people_only = {"format": small["format"], "people": small["people"]}
    assert import_data(people_only, sessions).ok
    records_only = {k: v for k, v in small.items() if k != "people"}
    report = import_data(records_only, sessions)
    assert report.ok, [str(p) for p in report.problems]
    assert report.counts["businesses"].new == 1


def test_amounts_are_exact_decimals(sessions: sessionmaker[Session], small: dict[str, Any]) -> None:
    small["credit_accounts"][0]["amount"] = 0.1  # a JSON number: never passes through a float
    small["credit_accounts"][0]["balance"] = "99999999999.99"
    raw = json.dumps(small, ensure_ascii=False)
    report = import_data(parse_text(raw), sessions)
    assert report.ok
    with sessions() as session:
        account = session.scalars(select(RegistryCreditAccount)).one()
    assert str(account.amount) == "0.10"
    assert str(account.balance) == "99999999999.99"


def test_a_photo_is_stored_as_bytes(sessions: sessionmaker[Session], small: dict[str, Any]) -> None:
    png = picture("PNG")
    small["people"][0]["photo"] = b64(png)
    assert import_data(small, sessions).ok
    with sessions() as session:
        person = session.get(RegistryPerson, small["people"][0]["id_number"])
        assert person is not None and person.photo == png


def test_check_only_writes_nothing(sessions: sessionmaker[Session], small: dict[str, Any]) -> None:
    before = snapshot(sessions)
    report = import_data(small, sessions, dry_run=True)
    assert report.ok and not report.written
    assert report.counts["people"].new == 2
    assert "would import" in report.summary()
    assert snapshot(sessions) == before


# -- bad rows: each reported with its position and reason ----------------------


def _break_id_check_char(data: dict[str, Any]) -> None:
    number = data["people"][1]["id_number"]
    data["people"][1]["id_number"] = number[:17] + ("0" if number[17] != "0" else "1")


BAD_ROWS = [
    ("people row 2, id_number", "not a valid ID number", _break_id_check_char),
    (
        "people row 1",
        "sex disagrees",
        lambda d: d["people"][0].update(sex="女" if d["people"][0]["sex"] == "男" else "男"),
    ),
    ("people row 1", "birth_date disagrees", lambda d: d["people"][0].update(birth_date="1999-01-01")),
    (
        "people row 1, birth_date",
        "not a real calendar date",
        lambda d: d["people"][0].update(birth_date="1985-02-30"),
    ),
    ("people row 2, name", "at least 1 character", lambda d: d["people"][1].update(name="  ")),
    (
        "people row 1, photo",
        "JPEG or PNG",
        lambda d: d["people"][0].update(photo=base64.b64encode(b"GIF89a").decode()),
    ),
    ("people row 1, nickname", "unknown field", lambda d: d["people"][0].update(nickname="x")),
    ("people row 2, nation", "required field is missing", lambda d: d["people"][1].pop("nation")),
    (
        "businesses row 1, credit_code",
        "not a valid unified social credit code",
        lambda d: d["businesses"][0].update(credit_code=d["businesses"][0]["credit_code"][:17] + "?"),
    ),
    (
        "businesses row 1",
        "term_until is before term_from",
        lambda d: d["businesses"][0].update(term_until="1990-01-01"),
    ),
    (
        "credit_accounts row 1, amount",
        "no more than 2 decimal places",
        lambda d: d["credit_accounts"][0].update(amount="10.001"),
    ),
    (
        "credit_accounts row 1, balance",
        "greater than or equal to 0",
        lambda d: d["credit_accounts"][0].update(balance="-5"),
    ),
    (
        "credit_accounts row 1, overdue_amount",
        "expected a finite number",
        lambda d: d["credit_accounts"][0].update(overdue_amount="NaN"),
    ),
    (
        "credit_accounts row 1, status",
        "expected one of",
        lambda d: d["credit_accounts"][0].update(status="良好"),
    ),
    (
        "credit_accounts row 1, repayment[2].code",
        "expected one of 'N'",
        lambda d: d["credit_accounts"][0]["repayment"][2].update(code="X"),
    ),
    (
        "credit_accounts row 1",
        "oldest first",
        lambda d: d["credit_accounts"][0]["repayment"].reverse(),
    ),
    (
        "credit_queries row 1, queried_on",
        "YYYY-MM-DD",
        lambda d: d["credit_queries"][0].update(queried_on=1767225600),
    ),
    ("contributions row 1, month", "YYYY-MM", lambda d: d["contributions"][0].update(month="2026-13")),
    ("contributions row 1, paid", "valid boolean", lambda d: d["contributions"][0].update(paid="yes")),
    (
        "tax_payments row 1",
        "tax_paid is more than taxable_income",
        lambda d: d["tax_payments"][0].update(tax_paid="1000000.00"),
    ),
    ("real_estate row 1, area_m2", "greater than 0", lambda d: d["real_estate"][0].update(area_m2="0")),
]


@pytest.mark.parametrize(("where", "reason", "spoil"), BAD_ROWS, ids=[f"{w} {r}" for w, r, _ in BAD_ROWS])
def test_each_bad_row_is_reported_with_its_position_and_reason(
    sessions: sessionmaker[Session], small: dict[str, Any], where: str, reason: str, spoil: Any
) -> None:
    spoil(small)
    problem = only(problems_of(small, sessions))
    assert str(problem).startswith(where + ":"), str(problem)
    assert reason in problem.message
    assert count(sessions)["registry_people"] == 0


def test_a_reference_to_nobody_is_refused(sessions: sessionmaker[Session], small: dict[str, Any]) -> None:
    stranger = small["people"].pop(1)
    small["businesses"][0]["legal_representative_id"] = stranger["id_number"]
    small["real_estate"][0]["id_number"] = stranger["id_number"]
    problems = problems_of(small, sessions)
    nobody = "no person with this ID number in the file or in the registry"
    assert [str(p) for p in problems] == [
        f"businesses row 1, legal_representative_id: {nobody}",
        f"real_estate row 1, id_number: {nobody}",
    ]


def test_a_repeated_key_is_refused(sessions: sessionmaker[Session], small: dict[str, Any]) -> None:
    small["credit_queries"].append(copy.deepcopy(small["credit_queries"][0]))
    small["people"].append(copy.deepcopy(small["people"][0]))
    problems = [str(p) for p in problems_of(small, sessions)]
    assert problems == [
        "people row 3: repeats the record of row 1 (same id_number)",
        "credit_queries row 2: repeats the record of row 1 (same id_number, queried_on, institution, reason)",
    ]


def test_every_bad_row_is_listed_not_just_the_first(
    sessions: sessionmaker[Session], small: dict[str, Any]
) -> None:
    small["people"][0]["birth_date"] = "x"
    small["contributions"][0]["base"] = "-1"
    small["tax_payments"][0]["period"] = "2026/01"
    places = [(p.section, p.row) for p in problems_of(small, sessions)]
    assert places == [("people", 1), ("contributions", 1), ("tax_payments", 1)]


def test_problems_never_quote_personal_data(sessions: sessionmaker[Session], small: dict[str, Any]) -> None:
    _break_id_check_char(small)
    bad_number = small["people"][1]["id_number"]
    small["people"][0]["sex"] = "女" if small["people"][0]["sex"] == "男" else "男"
    small["people"][1]["name"] = 12345
    text_out = "\n".join(shown(problems_of(small, sessions)))
    for secret in (bad_number, small["people"][0]["id_number"], small["people"][0]["name"], "12345"):
        assert secret not in text_out


# -- all or nothing ------------------------------------------------------------


def test_a_bad_file_leaves_the_database_unchanged(
    sessions: sessionmaker[Session], small: dict[str, Any], demo_data: dict[str, Any]
) -> None:
    assert import_data(small, sessions).ok
    before = snapshot(sessions)
    # Many good changes and new people, and one bad row at the very end.
    spoiled = copy.deepcopy(demo_data)
    spoiled["people"][0]["address"] = "改过的地址"
    spoiled["real_estate"][-1]["registered_on"] = "2026-02-29"
    report = import_data(spoiled, sessions)
    assert not report.ok
    assert [str(p) for p in report.problems] == [
        f"real_estate row {len(spoiled['real_estate'])}, registered_on: not a real calendar date"
    ]
    assert snapshot(sessions) == before


def test_a_bad_reference_found_only_against_the_database_writes_nothing(
    sessions: sessionmaker[Session], small: dict[str, Any], demo_data: dict[str, Any]
) -> None:
    records = {k: v for k, v in small.items() if k != "people"}
    records["people"] = [demo_data["people"][5]]  # a valid new person, who must not be written either
    before = snapshot(sessions)
    problems = problems_of(records, sessions)
    assert {p.section for p in problems} == {
        "businesses",
        "credit_accounts",
        "credit_queries",
        "contributions",
        "tax_payments",
        "real_estate",
    }
    assert snapshot(sessions) == before


# -- the file itself -----------------------------------------------------------


def test_bad_json_is_one_sentence_with_line_and_column(
    sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{\n  "format": "civic-kiosk-registry/1",\n  "people": [,]\n}\n', encoding="utf-8")
    problem = only(list(import_file(path, sessions).problems))
    assert str(problem) == "not valid JSON: expecting value at line 3, column 14."


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"\xff\xfe{}", "the file is not UTF-8 text (byte 1 cannot be decoded)."),
        (
            b'{"format": "civic-kiosk-registry/1", "people": [{"x": NaN}]}',
            "not valid JSON: NaN is not a number JSON allows.",
        ),
        (b"[]", "the file must hold one JSON object with a list per table."),
    ],
)
def test_unreadable_files(sessions: sessionmaker[Session], tmp_path: Path, raw: bytes, expected: str) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(raw)
    assert [str(p) for p in import_file(path, sessions).problems] == [expected]


def test_a_missing_file(sessions: sessionmaker[Session], tmp_path: Path) -> None:
    assert [str(p) for p in import_file(tmp_path / "nope.json", sessions).problems] == [
        "the file does not exist."
    ]


def test_wrong_format_and_unknown_sections(sessions: sessionmaker[Session], small: dict[str, Any]) -> None:
    small["format"] = "something-else"
    small["pets"] = []
    small["businesses"] = {}
    problems = [str(p) for p in problems_of(small, sessions)]
    assert problems == [  # in the file's order
        'format: expected "civic-kiosk-registry/1"',
        "businesses: expected a list of rows",
        "pets: unknown section (expected one of: people, businesses, credit_accounts, credit_queries, "
        "contributions, tax_payments, real_estate)",
    ]


def test_the_published_schema_is_current() -> None:
    published = REGISTRY / "schema.json"
    assert json.loads(published.read_text(encoding="utf-8")) == json_schema()


# -- the command ---------------------------------------------------------------


def run_cli(argv: list[str]) -> int:
    return main(argv)


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text(f'data_dir = "{tmp_path / "data"}"\n', encoding="utf-8")
    return path


def test_cli_imports_a_good_file(config_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["--config", str(config_file), "registry", "import", str(DEMO_FILE)]) == 0
    out = capsys.readouterr().out
    assert "imported: people 37 (37 new, 0 updated)" in out
    assert (config_file.parent / "data" / "kiosk.db").exists()


def test_cli_refuses_a_bad_file_with_exit_1(
    config_file: Path, tmp_path: Path, small: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    small["contributions"][0]["pension"] = "1.234"
    small["people"][1]["birth_date"] = "2999-01-01"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(small, ensure_ascii=False), encoding="utf-8")
    assert run_cli(["--config", str(config_file), "registry", "import", str(bad)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == f"{bad}: 2 problems found; nothing was imported."
    assert err[1].startswith("  people row 2")
    assert err[2] == "  contributions row 1, pension: Decimal input should have no more than 2 decimal places"


def test_cli_refuses_bad_json_with_exit_1(
    config_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "civic-kiosk-registry/1",}', encoding="utf-8")
    assert run_cli(["--config", str(config_file), "registry", "import", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "not valid JSON: expecting property name enclosed in double quotes at line 1, column 37." in err


def test_cli_check_writes_nothing(config_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["--config", str(config_file), "registry", "import", "--check", str(DEMO_FILE)]) == 0
    assert "would import: people 37" in capsys.readouterr().out
    assert run_cli(["--config", str(config_file), "registry", "import", str(DEMO_FILE)]) == 0
    assert "(37 new, 0 updated)" in capsys.readouterr().out
