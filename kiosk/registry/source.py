"""The local registry as a document source: always there, answers from the kiosk's own database."""

from __future__ import annotations

import logging
from typing import Any, assert_never

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from kiosk.documents.base import (
    BusinessChoice,
    DocumentKind,
    DocumentRequest,
    FetchFailure,
    FetchProblem,
    SourceDocument,
    SourceHealth,
    Subject,
)
from kiosk.documents.content import (
    BusinessLicense,
    ContributionMonth,
    CreditAccount,
    CreditQuery,
    CreditReport,
    DocumentContent,
    Holder,
    RealEstateRecord,
    RealEstateRight,
    SocialInsuranceRecord,
    TaxPayment,
    TaxRecord,
)
from kiosk.registry.models import (
    RegistryBusiness,
    RegistryContribution,
    RegistryCreditAccount,
    RegistryCreditQuery,
    RegistryPerson,
    RegistryRealEstateRight,
    RegistryTaxPayment,
)
from kiosk.storage.db import make_sessionmaker

log = logging.getLogger(__name__)

NOT_IN_REGISTRY = "This person is not in the local registry."
NO_SUCH_BUSINESS = "The local registry has no such business for this person."
NO_BUSINESS_NAMED = "No business was named for the license."
CANNOT_READ = "The local registry cannot be read."


class RegistrySource:
    """A :class:`~kiosk.documents.base.DocumentSource` over the registry tables.

    A person in the registry with no records of a kind gets the document with
    empty lists — a certificate that there is nothing is itself useful. A
    license is only ever given for a business whose legal representative is
    the subject: someone else's business is "not found", never shown.
    """

    def __init__(self, sessions: sessionmaker[Session] | Engine) -> None:
        self._sessions = make_sessionmaker(sessions) if isinstance(sessions, Engine) else sessions

    def __repr__(self) -> str:
        return "RegistrySource()"

    @property
    def name(self) -> str:
        return "registry"

    def health(self) -> SourceHealth:
        return SourceHealth(True)

    def businesses(self, subject: Subject) -> list[BusinessChoice] | FetchProblem:
        try:
            with self._sessions() as session:
                rows = session.execute(
                    select(RegistryBusiness.credit_code, RegistryBusiness.name)
                    .where(RegistryBusiness.legal_representative_id == subject.id_number.upper())
                    .order_by(RegistryBusiness.established_on, RegistryBusiness.credit_code)
                ).all()
        except SQLAlchemyError as exc:
            log.error("registry read failed: %s", type(exc).__name__)
            return FetchProblem(FetchFailure.UNAVAILABLE, CANNOT_READ)
        return [BusinessChoice(credit_code=code, name=name) for code, name in rows]

    def reference_photo(self, subject: Subject) -> bytes | None:
        try:
            with self._sessions() as session:
                return session.scalar(
                    select(RegistryPerson.photo).where(RegistryPerson.id_number == subject.id_number.upper())
                )
        except SQLAlchemyError as exc:
            log.error("registry read failed: %s", type(exc).__name__)
            return None

    def fetch(self, request: DocumentRequest) -> SourceDocument | FetchProblem:
        try:
            with self._sessions() as session:
                content = self._content(session, request)
        except SQLAlchemyError as exc:
            log.error("registry read failed: %s", type(exc).__name__)
            return FetchProblem(FetchFailure.UNAVAILABLE, CANNOT_READ)
        if isinstance(content, FetchProblem):
            return content
        return SourceDocument(kind=request.kind, content=content, source=self.name)

    def _content(self, session: Session, request: DocumentRequest) -> DocumentContent | FetchProblem:
        id_number = request.subject.id_number.upper()
        person = session.get(RegistryPerson, id_number)
        if person is None:
            return FetchProblem(FetchFailure.NOT_FOUND, NOT_IN_REGISTRY)
        holder = Holder(name=person.name, id_number=person.id_number)
        kind = request.kind
        if kind is DocumentKind.CREDIT_REPORT:
            return CreditReport(
                holder=holder,
                accounts=tuple(
                    _account(a)
                    for a in _records(
                        session,
                        RegistryCreditAccount,
                        id_number,
                        RegistryCreditAccount.opened_on,
                        RegistryCreditAccount.account_id,
                    )
                ),
                queries=tuple(
                    CreditQuery(queried_on=q.queried_on, institution=q.institution, reason=q.reason)
                    for q in _records(
                        session, RegistryCreditQuery, id_number, RegistryCreditQuery.queried_on.desc()
                    )
                ),
                notes=tuple(person.credit_notes or ()),
            )
        if kind is DocumentKind.BUSINESS_LICENSE:
            return _license(session, person, holder, request.credit_code)
        if kind is DocumentKind.SOCIAL_INSURANCE:
            return SocialInsuranceRecord(
                holder=holder,
                insured_since=person.insured_since,
                months=tuple(
                    ContributionMonth(
                        month=c.month,
                        employer=c.employer,
                        base=c.base,
                        pension=c.pension,
                        medical=c.medical,
                        unemployment=c.unemployment,
                        paid=c.paid,
                    )
                    for c in _records(
                        session,
                        RegistryContribution,
                        id_number,
                        RegistryContribution.month,
                        RegistryContribution.employer,
                    )
                ),
            )
        if kind is DocumentKind.TAX_PAYMENT:
            return TaxRecord(
                holder=holder,
                payments=tuple(
                    TaxPayment(
                        period=t.period,
                        tax_type=t.tax_type,
                        item=t.item,
                        withholding_agent=t.withholding_agent,
                        taxable_income=t.taxable_income,
                        tax_paid=t.tax_paid,
                        paid_on=t.paid_on,
                        voucher_number=t.voucher_number,
                    )
                    for t in _records(
                        session,
                        RegistryTaxPayment,
                        id_number,
                        RegistryTaxPayment.period,
                        RegistryTaxPayment.paid_on,
                        RegistryTaxPayment.id,
                    )
                ),
            )
        if kind is DocumentKind.REAL_ESTATE:
            return RealEstateRecord(
                holder=holder,
                rights=tuple(
                    RealEstateRight(
                        certificate_number=r.certificate_number,
                        location=r.location,
                        right_type=r.right_type,
                        usage=r.usage,
                        area_m2=r.area_m2,
                        share=r.share,
                        registered_on=r.registered_on,
                        mortgaged=r.mortgaged,
                        seized=r.seized,
                    )
                    for r in _records(
                        session,
                        RegistryRealEstateRight,
                        id_number,
                        RegistryRealEstateRight.registered_on,
                        RegistryRealEstateRight.certificate_number,
                    )
                ),
            )
        assert_never(kind)


def _records(session: Session, table: Any, id_number: str, *order: Any) -> list[Any]:
    return list(session.scalars(select(table).where(table.id_number == id_number).order_by(*order)))


def _account(a: RegistryCreditAccount) -> CreditAccount:
    return CreditAccount(
        institution=a.institution,
        kind=a.kind,
        opened_on=a.opened_on,
        currency=a.currency,
        amount=a.amount,
        balance=a.balance,
        status=a.status,
        overdue_amount=a.overdue_amount,
        repayment=tuple((str(month), str(code)) for month, code in a.repayment),
    )


def _license(
    session: Session, person: RegistryPerson, holder: Holder, credit_code: str | None
) -> BusinessLicense | FetchProblem:
    if not credit_code:
        return FetchProblem(FetchFailure.NOT_FOUND, NO_BUSINESS_NAMED)
    business = session.get(RegistryBusiness, credit_code.upper())
    # Someone else's business answers exactly like a business that does not exist.
    if business is None or business.legal_representative_id != person.id_number:
        return FetchProblem(FetchFailure.NOT_FOUND, NO_SUCH_BUSINESS)
    return BusinessLicense(
        holder=holder,
        credit_code=business.credit_code,
        name=business.name,
        type=business.type,
        legal_representative=person.name,
        registered_capital=business.registered_capital,
        established_on=business.established_on,
        term_from=business.term_from,
        term_until=business.term_until,
        address=business.address,
        business_scope=business.business_scope,
        authority=business.authority,
        approved_on=business.approved_on,
    )


def registry_is_empty(sessions: sessionmaker[Session]) -> bool:
    """Whether the registry holds no one yet (a first start, before the demo or a replica is loaded)."""
    with sessions() as session:
        return session.scalar(select(RegistryPerson.id_number).limit(1)) is None
