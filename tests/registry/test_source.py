from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from kiosk.documents.base import (
    BusinessChoice,
    DocumentKind,
    DocumentRequest,
    DocumentSource,
    FetchFailure,
    FetchProblem,
    SourceDocument,
    Subject,
)
from kiosk.documents.content import (
    BusinessLicense,
    CreditReport,
    RealEstateRecord,
    SocialInsuranceRecord,
    TaxRecord,
)
from kiosk.identity import id_check_char
from kiosk.registry.importer import import_data
from kiosk.registry.source import RegistrySource
from kiosk.storage.db import make_engine
from tests.registry.images import b64, picture

ZHANG, LI_YAN, CHEN_JI, LIU_ELDERLY, ZHAO_THREE_BUSINESSES, MA_NOTHING = range(6)


def person(demo_data: dict[str, Any], index: int) -> Subject:
    row = demo_data["people"][index]
    return Subject(id_number=row["id_number"], name=row["name"])


def fetch(source: RegistrySource, kind: DocumentKind, subject: Subject, code: str | None = None) -> Any:
    answer = source.fetch(DocumentRequest(kind, subject, code))
    assert isinstance(answer, SourceDocument), answer
    assert answer.kind is kind and answer.source == "registry"
    return answer.content


@pytest.fixture
def source(demo_sessions: sessionmaker[Session]) -> RegistrySource:
    return RegistrySource(demo_sessions)


def test_it_is_a_document_source_and_always_available(source: RegistrySource) -> None:
    assert isinstance(source, DocumentSource)
    assert source.name == "registry"
    assert source.health().available


def test_credit_report(source: RegistrySource, demo_data: dict[str, Any]) -> None:
    subject = person(demo_data, ZHANG)
    report = fetch(source, DocumentKind.CREDIT_REPORT, subject)
    assert isinstance(report, CreditReport)
    assert report.holder.id_number == subject.id_number and report.holder.name == "张伟"
    rows = [a for a in demo_data["credit_accounts"] if a["id_number"] == subject.id_number]
    assert len(report.accounts) == len(rows) == 3
    assert [a.opened_on for a in report.accounts] == sorted(a.opened_on for a in report.accounts)
    mortgage = next(a for a in report.accounts if a.kind == "个人住房贷款")
    assert mortgage.kind == "个人住房贷款" and mortgage.amount == Decimal("680000.00")
    assert str(mortgage.amount) == "680000.00"
    card = next(a for a in report.accounts if a.kind == "贷记卡")
    assert ("2025-03", "1") in card.repayment and ("2026-07", "1") in card.repayment
    assert len(card.repayment) == 24 and card.repayment[0][0] == "2024-11"
    assert len(report.queries) == sum(
        1 for q in demo_data["credit_queries"] if q["id_number"] == subject.id_number
    )
    assert report.notes and "本人声明" in report.notes[0]


def test_business_license_of_ones_own_business(source: RegistrySource, demo_data: dict[str, Any]) -> None:
    subject = person(demo_data, ZHAO_THREE_BUSINESSES)
    choices = source.businesses(subject)
    assert isinstance(choices, list) and len(choices) == 3
    assert all(isinstance(c, BusinessChoice) for c in choices)
    for choice in choices:
        license_ = fetch(source, DocumentKind.BUSINESS_LICENSE, subject, choice.credit_code)
        assert isinstance(license_, BusinessLicense)
        assert license_.credit_code == choice.credit_code and license_.name == choice.name
        assert license_.legal_representative == "赵建国"
        assert license_.holder.id_number == subject.id_number
    row = next(b for b in demo_data["businesses"] if b["credit_code"] == choices[0].credit_code)
    assert license_ is not None
    first = fetch(source, DocumentKind.BUSINESS_LICENSE, subject, choices[0].credit_code.lower())
    assert first.established_on == date.fromisoformat(row["established_on"])
    assert first.registered_capital == row["registered_capital"]


def test_someone_elses_business_is_refused(source: RegistrySource, demo_data: dict[str, Any]) -> None:
    others = source.businesses(person(demo_data, ZHAO_THREE_BUSINESSES))
    assert isinstance(others, list)
    stranger = person(demo_data, ZHANG)
    answer = source.fetch(DocumentRequest(DocumentKind.BUSINESS_LICENSE, stranger, others[0].credit_code))
    assert isinstance(answer, FetchProblem) and answer.failure is FetchFailure.NOT_FOUND
    # Exactly the same answer as a business that does not exist at all.
    body = "91630100MA0000000"
    missing = source.fetch(DocumentRequest(DocumentKind.BUSINESS_LICENSE, stranger, body + "X"))
    assert missing == answer


def test_a_license_needs_a_business(source: RegistrySource, demo_data: dict[str, Any]) -> None:
    answer = source.fetch(
        DocumentRequest(DocumentKind.BUSINESS_LICENSE, person(demo_data, ZHAO_THREE_BUSINESSES))
    )
    assert isinstance(answer, FetchProblem) and answer.failure is FetchFailure.NOT_FOUND


def test_social_insurance(source: RegistrySource, demo_data: dict[str, Any]) -> None:
    subject = person(demo_data, ZHANG)
    record = fetch(source, DocumentKind.SOCIAL_INSURANCE, subject)
    assert isinstance(record, SocialInsuranceRecord)
    assert record.insured_since == date.fromisoformat(demo_data["people"][ZHANG]["insured_since"])
    months = [m.month for m in record.months]
    assert months == sorted(months) and len(months) == 12
    assert record.months[0].pension == record.months[0].base * Decimal("0.08")


def test_an_unpaid_month_shows_as_unpaid(source: RegistrySource, demo_data: dict[str, Any]) -> None:
    unpaid = next(c for c in demo_data["contributions"] if not c["paid"])
    subject = Subject(unpaid["id_number"], "-")
    record = fetch(source, DocumentKind.SOCIAL_INSURANCE, subject)
    assert [m.month for m in record.months if not m.paid] == [unpaid["month"]]


def test_tax_payments(source: RegistrySource, demo_data: dict[str, Any]) -> None:
    subject = person(demo_data, LI_YAN)
    record = fetch(source, DocumentKind.TAX_PAYMENT, subject)
    assert isinstance(record, TaxRecord)
    assert record.holder.name == "李䶮"
    periods = [p.period for p in record.payments]
    assert periods == sorted(periods)
    assert {p.item for p in record.payments} == {"工资薪金所得", "劳务报酬所得"}
    assert all(p.tax_paid <= p.taxable_income for p in record.payments)


def test_real_estate(source: RegistrySource, demo_data: dict[str, Any]) -> None:
    subject = person(demo_data, ZHAO_THREE_BUSINESSES)
    record = fetch(source, DocumentKind.REAL_ESTATE, subject)
    assert isinstance(record, RealEstateRecord)
    assert {r.usage for r in record.rights} == {"住宅", "商业"}
    assert all(r.area_m2 > 0 and r.area_m2 == r.area_m2.quantize(Decimal("0.01")) for r in record.rights)
    seized = [r for r in demo_data["real_estate"] if r["seized"]]
    assert len(seized) == 1
    owner = Subject(seized[0]["id_number"], "-")
    assert any(r.seized for r in fetch(source, DocumentKind.REAL_ESTATE, owner).rights)


def test_a_person_with_no_records_gets_documents_with_empty_lists(
    source: RegistrySource, demo_data: dict[str, Any]
) -> None:
    subject = person(demo_data, MA_NOTHING)
    report = fetch(source, DocumentKind.CREDIT_REPORT, subject)
    assert report.accounts == () and report.queries == () and report.notes == ()
    assert fetch(source, DocumentKind.REAL_ESTATE, subject).rights == ()
    assert source.businesses(subject) == []
    elderly = person(demo_data, LIU_ELDERLY)
    assert fetch(source, DocumentKind.SOCIAL_INSURANCE, elderly).months == ()
    assert fetch(source, DocumentKind.TAX_PAYMENT, elderly).payments == ()


@pytest.mark.parametrize("kind", list(DocumentKind))
def test_someone_not_in_the_registry_is_not_found(source: RegistrySource, kind: DocumentKind) -> None:
    body = "63010219800101001"
    stranger = Subject(body + id_check_char(body), "无名")
    answer = source.fetch(DocumentRequest(kind, stranger, "91630100MA00000000"))
    assert isinstance(answer, FetchProblem) and answer.failure is FetchFailure.NOT_FOUND
    assert not re.search(r"\d", answer.detail) and "无名" not in answer.detail
    assert source.reference_photo(stranger) is None


def test_a_lowercase_x_finds_the_same_person(source: RegistrySource, demo_data: dict[str, Any]) -> None:
    with_x = next((p for p in demo_data["people"] if p["id_number"].endswith("X")), None)
    if with_x is None:
        pytest.fail("the demo data should hold an ID number ending in X")
    answer = source.fetch(
        DocumentRequest(DocumentKind.CREDIT_REPORT, Subject(with_x["id_number"].lower(), "-"))
    )
    assert isinstance(answer, SourceDocument)


def test_the_reference_photo(sessions: sessionmaker[Session], small: dict[str, Any]) -> None:
    jpeg = picture("JPEG")
    small["people"][0]["photo"] = b64(jpeg)
    assert import_data(small, sessions).ok
    source = RegistrySource(sessions)
    first, second = (Subject(p["id_number"], p["name"]) for p in small["people"])
    assert source.reference_photo(first) == jpeg
    assert source.reference_photo(second) is None


def test_an_unreadable_database_is_unavailable_not_an_exception(
    tmp_path: Path, demo_data: dict[str, Any]
) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'never-migrated.db'}")
    try:
        source = RegistrySource(engine)
        subject = person(demo_data, ZHANG)
        answer = source.fetch(DocumentRequest(DocumentKind.CREDIT_REPORT, subject))
        assert answer == FetchProblem(FetchFailure.UNAVAILABLE, "The local registry cannot be read.")
        assert isinstance(source.businesses(subject), FetchProblem)
        assert source.reference_photo(subject) is None
    finally:
        engine.dispose()


def test_documents_and_subjects_do_not_show_personal_data_in_repr(
    source: RegistrySource, demo_data: dict[str, Any]
) -> None:
    subject = person(demo_data, ZHANG)
    answer = source.fetch(DocumentRequest(DocumentKind.CREDIT_REPORT, subject))
    shown = repr(answer) + repr(source)
    assert subject.id_number not in shown and "张伟" not in shown
