from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from kiosk.identity import age_on, birth_date_of, credit_code_valid, id_number_valid, sex_of
from kiosk.registry.demo import DEMO_FILE, load_demo
from kiosk.registry.source import registry_is_empty
from tests.registry.make_demo import build, dumps

ON = date(2026, 1, 1)


def test_the_committed_demo_file_is_what_the_generator_builds() -> None:
    assert DEMO_FILE.read_text(encoding="utf-8") == dumps(build())


def test_every_number_in_the_demo_is_valid_and_consistent(demo_data: dict[str, Any]) -> None:
    for row in demo_data["people"]:
        number = row["id_number"]
        assert id_number_valid(number)
        assert birth_date_of(number) == date.fromisoformat(row["birth_date"])
        assert sex_of(number) == row["sex"]
    assert all(credit_code_valid(b["credit_code"]) for b in demo_data["businesses"])


def test_the_demo_has_the_people_the_demo_needs(demo_data: dict[str, Any]) -> None:
    people = demo_data["people"]
    names = [p["name"] for p in people]
    assert len(people) >= 30 and len(demo_data["businesses"]) >= 10
    assert "李䶮" in names  # U+4DAE, CJK Extension A
    assert any(any(0x20000 <= ord(c) <= 0x2A6DF for c in n) for n in names)  # an Extension B character
    assert any(age_on(date.fromisoformat(p["birth_date"]), ON) >= 75 for p in people)

    by_representative: dict[str, int] = {}
    for business in demo_data["businesses"]:
        rep = business["legal_representative_id"]
        by_representative[rep] = by_representative.get(rep, 0) + 1
    assert 3 in by_representative.values()

    with_credit = {a["id_number"] for a in demo_data["credit_accounts"]} | {
        q["id_number"] for q in demo_data["credit_queries"]
    }
    assert any(p["id_number"] not in with_credit for p in people)
    with_estate = {r["id_number"] for r in demo_data["real_estate"]}
    assert any(p["id_number"] not in with_estate for p in people)
    assert len(with_estate) >= 5

    codes = {m["code"] for a in demo_data["credit_accounts"] for m in a["repayment"]}
    assert {"1", "2", "3", "N", "C", "*", "/"} <= codes
    assert len({c["month"] for c in demo_data["contributions"]}) >= 6
    assert len({t["period"] for t in demo_data["tax_payments"]}) >= 6
    assert all(p["photo"] is None for p in people)


def test_the_demo_loads_into_an_empty_registry_only(sessions: sessionmaker[Session]) -> None:
    assert registry_is_empty(sessions)
    report = load_demo(sessions)
    assert report is not None and report.ok
    assert not registry_is_empty(sessions)
    assert load_demo(sessions) is None


def test_the_demo_file_is_plain_utf8_json() -> None:
    raw = DEMO_FILE.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    json.loads(raw.decode("utf-8"))
