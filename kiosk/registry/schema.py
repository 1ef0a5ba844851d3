"""The content fields of every document, as pydantic models: one set of rules for two sources.

The registry import (:mod:`kiosk.registry.importer`) and the gateway client
(:mod:`kiosk.gateway.client`) both receive these fields as JSON and both check
them here — ID numbers, credit codes, real dates, two-place non-negative
amounts, repayment codes — before turning them into the typed content of
:mod:`kiosk.documents.content`.

JSON is read strictly (:mod:`kiosk.strict_json`: a repeated key is refused, not
silently overwritten) with exact decimals, so an amount such as ``1234.50`` never
passes through a float. Text refuses control and bidirectional-formatting
characters: it ends up printed on official documents, where U+202E would reverse
a name and a newline break a line. Validation messages never quote the value
they refuse: it may be personal data.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import Decimal
from itertools import pairwise
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    WithJsonSchema,
    model_validator,
)

from kiosk import strict_json
from kiosk.documents.content import (
    BusinessLicense,
    ContributionMonth,
    CreditAccount,
    CreditQuery,
    CreditReport,
    Holder,
    RealEstateRecord,
    RealEstateRight,
    SocialInsuranceRecord,
    TaxPayment,
    TaxRecord,
)
from kiosk.identity import birth_date_of, credit_code_valid, id_number_valid

RepaymentCode = Literal["N", "1", "2", "3", "4", "5", "6", "7", "C", "*", "/"]
"""As the PBOC report prints them: N normal, 1–7 months overdue, C closed, * nothing due, / not yet opened."""

AccountStatus = Literal["正常", "结清", "逾期", "呆账", "销户"]

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
EARLIEST_YEAR = 1900


def loads(text: str | bytes) -> Any:
    """Parse JSON strictly (:func:`kiosk.strict_json.loads`): exact decimals, no NaN, no repeated key."""
    return strict_json.loads(text)


_REFUSED_CATEGORIES = {"Cc", "Cf", "Cs", "Zl", "Zp"}
"""Control characters (NUL, ESC, newline …), formatting ones (the bidirectional overrides
U+202A–U+202E and isolates U+2066–U+2069, zero-width characters), lone surrogates and line or
paragraph separators. Private-use characters stay allowed: rare characters in names are
sometimes encoded there."""


def _plain_text(value: str) -> str:
    for char in value:
        if unicodedata.category(char) in _REFUSED_CATEGORIES:
            kind = (
                "bidirectional-formatting" if unicodedata.bidirectional(char) in _BIDI_CONTROLS else "control"
            )
            raise ValueError(
                f"contains a {kind} character (U+{ord(char):04X}), which a document cannot print"
            )
    return value


_BIDI_CONTROLS = {"LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI", "LRM", "RLM", "ALM"}


def _iso_date(value: object) -> object:
    # Only "YYYY-MM-DD": pydantic would otherwise take a Unix timestamp as a date.
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        raise ValueError("expected a date written YYYY-MM-DD")
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        raise ValueError("not a real calendar date") from None
    if parsed.year < EARLIEST_YEAR:
        raise ValueError(f"a date before {EARLIEST_YEAR} is not plausible")
    return parsed


def _month(value: str) -> str:
    if not _MONTH.match(value):
        raise ValueError("expected a month written YYYY-MM")
    if int(value[:4]) < EARLIEST_YEAR:
        raise ValueError(f"a month before {EARLIEST_YEAR} is not plausible")
    return value


def _id_number(value: str) -> str:
    value = value.upper()
    if not id_number_valid(value):
        raise ValueError("not a valid ID number (wrong length, characters or check character)")
    if birth_date_of(value) is None:
        raise ValueError("the ID number does not carry a real birth date")
    return value


def _credit_code(value: str) -> str:
    value = value.upper()
    if not credit_code_valid(value):
        raise ValueError("not a valid unified social credit code (wrong characters or check character)")
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_date)]
# The patterns go into the published JSON schema only; the validators give the kiosk's own sentences.
Month = Annotated[
    str,
    Field(min_length=7, max_length=7, json_schema_extra={"pattern": r"^\d{4}-(0[1-9]|1[0-2])$"}),
    AfterValidator(_month),
]
IdNumber = Annotated[
    str,
    Field(
        min_length=18,
        max_length=18,
        description="18-character resident ID number (GB 11643) with the right check character",
        json_schema_extra={"pattern": r"^\d{17}[\dXx]$"},
    ),
    AfterValidator(_id_number),
]
CreditCode = Annotated[
    str,
    Field(
        min_length=18,
        max_length=18,
        description="unified social credit code (GB 32100) with the right check character",
        json_schema_extra={"pattern": "^[0-9A-HJ-NPQRTUWXY]{18}$"},
    ),
    AfterValidator(_credit_code),
]
_CENT = Decimal("0.01")


def _two_places(value: Decimal) -> Decimal:
    return value.quantize(_CENT)


_AMOUNT_SCHEMA = {
    "anyOf": [{"type": "number", "minimum": 0}, {"type": "string", "pattern": r"^\d{1,13}(\.\d{1,2})?$"}],
    "description": 'yuan, at most two decimal places, not negative; a string such as "1234.50" is safest',
}
Money = Annotated[
    Decimal,
    Field(ge=0, max_digits=15, decimal_places=2, allow_inf_nan=False),
    AfterValidator(_two_places),
    WithJsonSchema(_AMOUNT_SCHEMA),
]
"""Yuan, at most two decimal places, never negative. Write it as a JSON number or a string."""
Area = Annotated[
    Decimal,
    Field(gt=0, max_digits=12, decimal_places=2, allow_inf_nan=False),
    AfterValidator(_two_places),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number", "exclusiveMinimum": 0},
                {"type": "string", "pattern": r"^\d{1,10}(\.\d{1,2})?$"},
            ],
            "description": "square metres, at most two decimal places, more than zero",
        }
    ),
]


Name = Annotated[str, Field(min_length=1, max_length=64), AfterValidator(_plain_text)]
Text20 = Annotated[str, Field(min_length=1, max_length=20), AfterValidator(_plain_text)]
Text50 = Annotated[str, Field(min_length=1, max_length=50), AfterValidator(_plain_text)]
Text64 = Annotated[str, Field(min_length=1, max_length=64), AfterValidator(_plain_text)]
Text100 = Annotated[str, Field(min_length=1, max_length=100), AfterValidator(_plain_text)]
Text200 = Annotated[str, Field(min_length=1, max_length=200), AfterValidator(_plain_text)]
LongText = Annotated[str, Field(min_length=1, max_length=4000), AfterValidator(_plain_text)]


class Fields(BaseModel):
    """Strict about shape: unknown keys are refused, strings are stripped, nothing is coerced to text."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class HolderFields(Fields):
    name: Name
    id_number: IdNumber

    def to_content(self) -> Holder:
        return Holder(name=self.name, id_number=self.id_number)


# -- 个人信用报告 ---------------------------------------------------------------


class RepaymentMonthFields(Fields):
    month: Month
    code: RepaymentCode


class CreditAccountFields(Fields):
    institution: Text100
    kind: Text50
    opened_on: IsoDate
    currency: Text20 = "人民币"
    amount: Money
    balance: Money
    status: AccountStatus
    overdue_amount: Money
    repayment: list[RepaymentMonthFields] = Field(default_factory=list, max_length=120)

    @model_validator(mode="after")
    def _months_in_order(self) -> CreditAccountFields:
        months = [m.month for m in self.repayment]
        if any(a >= b for a, b in pairwise(months)):
            raise ValueError("repayment months must be listed oldest first, each month once")
        return self

    def to_content(self) -> CreditAccount:
        return CreditAccount(
            institution=self.institution,
            kind=self.kind,
            opened_on=self.opened_on,
            currency=self.currency,
            amount=self.amount,
            balance=self.balance,
            status=self.status,
            overdue_amount=self.overdue_amount,
            repayment=tuple((m.month, m.code) for m in self.repayment),
        )


class CreditQueryFields(Fields):
    queried_on: IsoDate
    institution: Text100
    reason: Text50

    def to_content(self) -> CreditQuery:
        return CreditQuery(queried_on=self.queried_on, institution=self.institution, reason=self.reason)


# -- 营业执照 -------------------------------------------------------------------


class BusinessLicenseFields(Fields):
    credit_code: CreditCode
    name: Text200
    type: Text100
    registered_capital: Text100
    established_on: IsoDate
    term_from: IsoDate
    term_until: IsoDate | None = None  # null: 长期
    address: Text200
    business_scope: LongText
    authority: Text100
    approved_on: IsoDate

    @model_validator(mode="after")
    def _dates_in_order(self) -> BusinessLicenseFields:
        if self.term_until is not None and self.term_until < self.term_from:
            raise ValueError("term_until is before term_from")
        if self.approved_on < self.established_on:
            raise ValueError("approved_on is before established_on")
        return self

    def to_content(self, holder: Holder, legal_representative: str) -> BusinessLicense:
        return BusinessLicense(
            holder=holder,
            credit_code=self.credit_code,
            name=self.name,
            type=self.type,
            legal_representative=legal_representative,
            registered_capital=self.registered_capital,
            established_on=self.established_on,
            term_from=self.term_from,
            term_until=self.term_until,
            address=self.address,
            business_scope=self.business_scope,
            authority=self.authority,
            approved_on=self.approved_on,
        )


# -- 社保参保证明 ---------------------------------------------------------------


class ContributionMonthFields(Fields):
    month: Month
    employer: Text200
    base: Money
    pension: Money
    medical: Money
    unemployment: Money
    paid: StrictBool

    def to_content(self) -> ContributionMonth:
        return ContributionMonth(
            month=self.month,
            employer=self.employer,
            base=self.base,
            pension=self.pension,
            medical=self.medical,
            unemployment=self.unemployment,
            paid=self.paid,
        )


# -- 纳税证明 -------------------------------------------------------------------


class TaxPaymentFields(Fields):
    period: Month
    tax_type: Text50
    item: Text100
    withholding_agent: Text200
    taxable_income: Money
    tax_paid: Money
    paid_on: IsoDate
    voucher_number: Text64

    @model_validator(mode="after")
    def _tax_within_income(self) -> TaxPaymentFields:
        if self.tax_paid > self.taxable_income:
            raise ValueError("tax_paid is more than taxable_income")
        return self

    def to_content(self) -> TaxPayment:
        return TaxPayment(
            period=self.period,
            tax_type=self.tax_type,
            item=self.item,
            withholding_agent=self.withholding_agent,
            taxable_income=self.taxable_income,
            tax_paid=self.tax_paid,
            paid_on=self.paid_on,
            voucher_number=self.voucher_number,
        )


# -- 不动产登记信息 -------------------------------------------------------------


class RealEstateRightFields(Fields):
    certificate_number: Text100
    location: Text200
    right_type: Text100
    usage: Text50
    area_m2: Area
    share: Text50
    registered_on: IsoDate
    mortgaged: StrictBool
    seized: StrictBool

    def to_content(self) -> RealEstateRight:
        return RealEstateRight(
            certificate_number=self.certificate_number,
            location=self.location,
            right_type=self.right_type,
            usage=self.usage,
            area_m2=self.area_m2,
            share=self.share,
            registered_on=self.registered_on,
            mortgaged=self.mortgaged,
            seized=self.seized,
        )


# -- whole documents, as the gateway sends them --------------------------------


class CreditReportFields(Fields):
    accounts: list[CreditAccountFields] = Field(max_length=500)
    queries: list[CreditQueryFields] = Field(max_length=500)
    notes: list[LongText] = Field(default_factory=list, max_length=50)

    def to_content(self, holder: Holder) -> CreditReport:
        return CreditReport(
            holder=holder,
            accounts=tuple(a.to_content() for a in self.accounts),
            queries=tuple(q.to_content() for q in self.queries),
            notes=tuple(self.notes),
        )


class BusinessLicenseDocumentFields(BusinessLicenseFields):
    legal_representative: Name

    def to_license(self, holder: Holder) -> BusinessLicense:
        return self.to_content(holder, self.legal_representative)


class SocialInsuranceFields(Fields):
    insured_since: IsoDate | None
    months: list[ContributionMonthFields] = Field(max_length=600)

    def to_content(self, holder: Holder) -> SocialInsuranceRecord:
        ordered = sorted(self.months, key=lambda m: (m.month, m.employer))
        return SocialInsuranceRecord(
            holder=holder, insured_since=self.insured_since, months=tuple(m.to_content() for m in ordered)
        )


class TaxRecordFields(Fields):
    payments: list[TaxPaymentFields] = Field(max_length=1000)

    def to_content(self, holder: Holder) -> TaxRecord:
        ordered = sorted(self.payments, key=lambda p: (p.period, p.paid_on))
        return TaxRecord(holder=holder, payments=tuple(p.to_content() for p in ordered))


class RealEstateFields(Fields):
    rights: list[RealEstateRightFields] = Field(max_length=200)

    def to_content(self, holder: Holder) -> RealEstateRecord:
        return RealEstateRecord(holder=holder, rights=tuple(r.to_content() for r in self.rights))


def error_text(error: Any) -> str:
    """One pydantic error as a short phrase, without the refused value."""
    kind, msg = str(error.get("type", "")), str(error.get("msg", ""))
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return "unknown field"
    if kind == "literal_error":
        return msg.replace("Input should be", "expected one of")
    return msg.removeprefix("Value error, ").replace("Input should be", "expected")


def error_field(loc: tuple[int | str, ...]) -> str:
    """``("repayment", 3, "code")`` → ``repayment[3].code``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
