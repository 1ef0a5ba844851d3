"""The rows of a registry file, one model per section, and the sections themselves.

Each row model is the document's content fields (:mod:`kiosk.registry.schema`) plus the ID
number that says whose record it is; a :class:`Section` ties a model to its table, its natural
key (a row with the same key replaces the record) and the field naming its person.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from pydantic import BaseModel, Field, model_validator

from kiosk.identity import birth_date_of, sex_of
from kiosk.registry.models import (
    RegistryBusiness,
    RegistryContribution,
    RegistryCreditAccount,
    RegistryCreditQuery,
    RegistryPerson,
    RegistryRealEstateRight,
    RegistryTaxPayment,
)
from kiosk.registry.photos import Photo
from kiosk.registry.schema import (
    BusinessLicenseFields,
    ContributionMonthFields,
    CreditAccountFields,
    CreditQueryFields,
    Fields,
    IdNumber,
    IsoDate,
    LongText,
    Name,
    RealEstateRightFields,
    TaxPaymentFields,
    Text20,
    Text64,
    Text200,
)
from kiosk.storage.db import Base


class PersonRow(Fields):
    id_number: IdNumber
    name: Name
    sex: Literal["男", "女"]
    birth_date: IsoDate
    nation: Text20
    address: Text200
    insured_since: IsoDate | None = None
    credit_notes: list[LongText] = Field(default_factory=list, max_length=50)
    photo: Photo | None = None

    @model_validator(mode="after")
    def _agrees_with_number(self) -> PersonRow:
        if birth_date_of(self.id_number) != self.birth_date:
            raise ValueError("birth_date disagrees with the ID number")
        if sex_of(self.id_number) != self.sex:
            raise ValueError("sex disagrees with the ID number")
        if self.birth_date > date.today():
            raise ValueError("birth_date is in the future")
        return self


class BusinessRow(BusinessLicenseFields):
    legal_representative_id: IdNumber


class CreditAccountRow(CreditAccountFields):
    id_number: IdNumber
    account_id: Text64


class CreditQueryRow(CreditQueryFields):
    id_number: IdNumber


class ContributionRow(ContributionMonthFields):
    id_number: IdNumber


class TaxPaymentRow(TaxPaymentFields):
    id_number: IdNumber


class RealEstateRow(RealEstateRightFields):
    id_number: IdNumber


@dataclass(frozen=True, slots=True)
class Section:
    name: str
    row: type[Fields]
    table: type[Base]
    key: tuple[str, ...]
    """The natural key: a row with the same key replaces the record."""
    person_field: str
    """The field naming the person the row belongs to."""


SECTIONS: tuple[Section, ...] = (
    Section("people", PersonRow, RegistryPerson, ("id_number",), "id_number"),
    Section("businesses", BusinessRow, RegistryBusiness, ("credit_code",), "legal_representative_id"),
    Section(
        "credit_accounts", CreditAccountRow, RegistryCreditAccount, ("id_number", "account_id"), "id_number"
    ),
    Section(
        "credit_queries",
        CreditQueryRow,
        RegistryCreditQuery,
        ("id_number", "queried_on", "institution", "reason"),
        "id_number",
    ),
    Section(
        "contributions",
        ContributionRow,
        RegistryContribution,
        ("id_number", "month", "employer"),
        "id_number",
    ),
    Section(
        "tax_payments",
        TaxPaymentRow,
        RegistryTaxPayment,
        ("id_number", "voucher_number", "period", "tax_type", "item"),
        "id_number",
    ),
    Section(
        "real_estate",
        RealEstateRow,
        RegistryRealEstateRight,
        ("id_number", "certificate_number"),
        "id_number",
    ),
)
SECTION_NAMES = tuple(s.name for s in SECTIONS)


class RegistryFile(BaseModel):
    """The whole file, as one model: used to publish the JSON schema (``schema.json``)."""

    model_config = {"extra": "forbid", "title": "Civic Kiosk registry import file"}

    format: Literal["civic-kiosk-registry/1"]
    people: list[PersonRow] = Field(default_factory=list)
    businesses: list[BusinessRow] = Field(default_factory=list)
    credit_accounts: list[CreditAccountRow] = Field(default_factory=list)
    credit_queries: list[CreditQueryRow] = Field(default_factory=list)
    contributions: list[ContributionRow] = Field(default_factory=list)
    tax_payments: list[TaxPaymentRow] = Field(default_factory=list)
    real_estate: list[RealEstateRow] = Field(default_factory=list)
