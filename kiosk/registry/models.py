"""The registry tables: the offline replica of the certificate library.

One row per fact the certificates print. Records point at their person by ID
number (the natural key the whole library uses); each table also has a unique
natural key so an import can update a record instead of duplicating it (see
:mod:`kiosk.registry.importer`). Everything here is personal data: it is read
for one session's document and never logged.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    Dialect,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from kiosk.storage.db import Base

_HUNDRED = Decimal(100)


class Hundredths(TypeDecorator[Decimal]):
    """A non-float two-place decimal (yuan, square metres) kept as an integer count of hundredths.

    Why not ``Numeric``: SQLite has no decimal type and would round-trip the
    amounts through floats; an integer of fen is exact on every database.
    """

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> int | None:
        if value is None:
            return None
        scaled = value * _HUNDRED
        if scaled != scaled.to_integral_value():
            raise ValueError("an amount has more than two decimal places")
        return int(scaled)

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        return (Decimal(int(value)) / _HUNDRED).quantize(Decimal("0.01"))


def _person_fk() -> ForeignKey:
    return ForeignKey("registry_people.id_number", ondelete="CASCADE")


class RegistryPerson(Base):
    __tablename__ = "registry_people"

    id_number: Mapped[str] = mapped_column(String(18), primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    sex: Mapped[str] = mapped_column(String(4))
    birth_date: Mapped[date] = mapped_column(Date)
    nation: Mapped[str] = mapped_column(String(32))
    address: Mapped[str] = mapped_column(String(200))
    photo: Mapped[bytes | None] = mapped_column(LargeBinary)
    """The registered photo (JPEG or PNG) the face check compares with, when the library has one."""
    insured_since: Mapped[date | None] = mapped_column(Date)
    """首次参保日期 for the social insurance certificate; None: never insured here."""
    credit_notes: Mapped[list[str]] = mapped_column(JSON, default=list)
    """异议标注 and 本人声明 printed at the end of the credit report."""

    def __repr__(self) -> str:
        return f"RegistryPerson(id_number=…{self.id_number[-4:]}, <personal fields hidden>)"


class RegistryBusiness(Base):
    __tablename__ = "registry_businesses"

    credit_code: Mapped[str] = mapped_column(String(18), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    type: Mapped[str] = mapped_column(String(100))
    legal_representative_id: Mapped[str] = mapped_column(_person_fk(), index=True)
    registered_capital: Mapped[str] = mapped_column(String(100))
    established_on: Mapped[date] = mapped_column(Date)
    term_from: Mapped[date] = mapped_column(Date)
    term_until: Mapped[date | None] = mapped_column(Date)
    address: Mapped[str] = mapped_column(String(200))
    business_scope: Mapped[str] = mapped_column(Text)
    authority: Mapped[str] = mapped_column(String(100))
    approved_on: Mapped[date] = mapped_column(Date)


class RegistryCreditAccount(Base):
    __tablename__ = "registry_credit_accounts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id_number: Mapped[str] = mapped_column(_person_fk(), index=True)
    account_id: Mapped[str] = mapped_column(String(64))
    institution: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(50))
    opened_on: Mapped[date] = mapped_column(Date)
    currency: Mapped[str] = mapped_column(String(20))
    amount: Mapped[Decimal] = mapped_column(Hundredths)
    balance: Mapped[Decimal] = mapped_column(Hundredths)
    status: Mapped[str] = mapped_column(String(8))
    overdue_amount: Mapped[Decimal] = mapped_column(Hundredths)
    repayment: Mapped[list[list[str]]] = mapped_column(JSON, default=list)
    """[[month, code], …], oldest first, as the credit report prints it."""

    __table_args__ = (UniqueConstraint("id_number", "account_id"),)


class RegistryCreditQuery(Base):
    __tablename__ = "registry_credit_queries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id_number: Mapped[str] = mapped_column(_person_fk(), index=True)
    queried_on: Mapped[date] = mapped_column(Date)
    institution: Mapped[str] = mapped_column(String(100))
    reason: Mapped[str] = mapped_column(String(50))

    __table_args__ = (UniqueConstraint("id_number", "queried_on", "institution", "reason"),)


class RegistryContribution(Base):
    __tablename__ = "registry_contributions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id_number: Mapped[str] = mapped_column(_person_fk(), index=True)
    month: Mapped[str] = mapped_column(String(7))
    employer: Mapped[str] = mapped_column(String(200))
    base: Mapped[Decimal] = mapped_column(Hundredths)
    pension: Mapped[Decimal] = mapped_column(Hundredths)
    medical: Mapped[Decimal] = mapped_column(Hundredths)
    unemployment: Mapped[Decimal] = mapped_column(Hundredths)
    paid: Mapped[bool] = mapped_column(Boolean)

    __table_args__ = (UniqueConstraint("id_number", "month", "employer"),)


class RegistryTaxPayment(Base):
    __tablename__ = "registry_tax_payments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id_number: Mapped[str] = mapped_column(_person_fk(), index=True)
    period: Mapped[str] = mapped_column(String(7))
    tax_type: Mapped[str] = mapped_column(String(50))
    item: Mapped[str] = mapped_column(String(100))
    withholding_agent: Mapped[str] = mapped_column(String(200))
    taxable_income: Mapped[Decimal] = mapped_column(Hundredths)
    tax_paid: Mapped[Decimal] = mapped_column(Hundredths)
    paid_on: Mapped[date] = mapped_column(Date)
    voucher_number: Mapped[str] = mapped_column(String(64))

    __table_args__ = (UniqueConstraint("id_number", "voucher_number", "period", "tax_type", "item"),)


class RegistryRealEstateRight(Base):
    __tablename__ = "registry_real_estate_rights"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id_number: Mapped[str] = mapped_column(_person_fk(), index=True)
    certificate_number: Mapped[str] = mapped_column(String(100))
    location: Mapped[str] = mapped_column(String(200))
    right_type: Mapped[str] = mapped_column(String(100))
    usage: Mapped[str] = mapped_column(String(50))
    area_m2: Mapped[Decimal] = mapped_column(Hundredths)
    share: Mapped[str] = mapped_column(String(50))
    registered_on: Mapped[date] = mapped_column(Date)
    mortgaged: Mapped[bool] = mapped_column(Boolean)
    seized: Mapped[bool] = mapped_column(Boolean)

    __table_args__ = (
        UniqueConstraint("id_number", "certificate_number"),
        CheckConstraint("area_m2 > 0", name="area_positive"),
    )
