"""Import a registry JSON file: every row checked first, then all of it written or none of it.

The file (schema in ``docs/registry-import.md`` and ``assets/registry/schema.json``)
has one list per table. Each row is checked with the content models of
:mod:`kiosk.registry.schema` (the same rules the gateway's answers pass), then
across rows: a natural key may appear once, and every ID number a row refers
to must belong to a person in the file or already in the registry.

Importing is an upsert by natural key: a row whose key is already in the
registry replaces that record, a new key adds one, and records the file does
not mention stay as they are. Importing the same file twice therefore leaves
the registry exactly as after the first time.

Problems name the section, the row (counted from 1) and the field, never the
value: the values are personal data.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, Field, ValidationError, WithJsonSchema, model_validator
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

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
    error_field,
    error_text,
    loads,
)
from kiosk.storage.db import Base

FORMAT = "civic-kiosk-registry/1"
PHOTO_LIMIT_BYTES = 2 * 1024 * 1024
MAX_PROBLEMS_SHOWN = 50


def _photo(value: object) -> object:
    if value is None or isinstance(value, bytes):
        return value
    if not isinstance(value, str):
        raise ValueError("expected a base64 string")
    try:
        data = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("not valid base64") from None
    if not (data.startswith(b"\xff\xd8\xff") or data.startswith(b"\x89PNG\r\n\x1a\n")):
        raise ValueError("the photo must be a JPEG or PNG image")
    if len(data) > PHOTO_LIMIT_BYTES:
        raise ValueError(f"the photo is larger than {PHOTO_LIMIT_BYTES // 1024} KiB")
    return data


Photo = Annotated[
    bytes,
    BeforeValidator(_photo),
    WithJsonSchema(
        {
            "type": "string",
            "contentEncoding": "base64",
            "description": "a JPEG or PNG image, base64, at most 2 MiB",
        }
    ),
]


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


@dataclass(frozen=True, slots=True)
class ImportProblem:
    """What is wrong and where: ``people row 3, id_number: not a valid ID number …``."""

    message: str
    section: str | None = None
    row: int | None = None  # counted from 1 within the section
    field: str | None = None

    def __str__(self) -> str:
        where = self.section or ""
        if self.row is not None:
            where += f" row {self.row}"
        if self.field:
            where += f", {self.field}" if where else self.field
        return f"{where}: {self.message}" if where else self.message


@dataclass(frozen=True, slots=True)
class SectionCount:
    new: int = 0
    updated: int = 0


@dataclass(frozen=True, slots=True)
class ImportReport:
    """The outcome: problems (nothing was written) or the counts of what was written."""

    problems: tuple[ImportProblem, ...] = ()
    counts: dict[str, SectionCount] = field(default_factory=dict)
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        """One sentence for the operator."""
        if self.problems:
            n = len(self.problems)
            return f"{n} problem{'s' if n != 1 else ''} found; nothing was imported."
        parts = [
            f"{name.replace('_', ' ')} {c.new + c.updated} ({c.new} new, {c.updated} updated)"
            for name, c in self.counts.items()
            if c.new or c.updated
        ]
        verb = "imported" if self.written else "would import"
        return f"{verb}: " + ("; ".join(parts) if parts else "nothing (the file has no rows)") + "."


@dataclass(frozen=True, slots=True)
class CheckedFile:
    """Rows that passed their own checks, per section, with their position in the file."""

    rows: dict[str, list[tuple[int, Fields]]]


# -- reading --------------------------------------------------------------------


def read_file(path: Path) -> Any | ImportProblem:
    """The parsed JSON of ``path``, or one problem saying in a sentence why it cannot be read."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return ImportProblem("the file does not exist.")
    except OSError as exc:
        return ImportProblem(f"the file cannot be read ({exc.strerror or type(exc).__name__}).")
    return parse_text(raw)


def parse_text(raw: bytes | str) -> Any | ImportProblem:
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            return ImportProblem(f"the file is not UTF-8 text (byte {exc.start + 1} cannot be decoded).")
    try:
        return loads(raw)
    except json.JSONDecodeError as exc:
        return ImportProblem(f"not valid JSON: {exc.msg.lower()} at line {exc.lineno}, column {exc.colno}.")
    except (ValueError, RecursionError) as exc:
        return ImportProblem(f"not valid JSON: {exc}.")


# -- checking -------------------------------------------------------------------


def check(data: Any) -> tuple[CheckedFile, list[ImportProblem]]:
    """Check the shape and every row; also keys repeated within the file. References come later."""
    problems: list[ImportProblem] = []
    rows: dict[str, list[tuple[int, Fields]]] = {s.name: [] for s in SECTIONS}
    if not isinstance(data, dict):
        return CheckedFile(rows), [ImportProblem("the file must hold one JSON object with a list per table.")]
    if data.get("format") != FORMAT:
        problems.append(ImportProblem(f'expected "{FORMAT}"', field="format"))
    for key in data:
        if key != "format" and key not in SECTION_NAMES:
            problems.append(
                ImportProblem(f"unknown section (expected one of: {', '.join(SECTION_NAMES)})", key)
            )
    for section in SECTIONS:
        items = data.get(section.name, [])
        if not isinstance(items, list):
            problems.append(ImportProblem("expected a list of rows", section.name))
            continue
        seen: dict[tuple[Any, ...], int] = {}
        for index, item in enumerate(items, start=1):
            if not isinstance(item, dict):
                problems.append(ImportProblem("expected an object", section.name, index))
                continue
            try:
                row = section.row.model_validate(item)
            except ValidationError as exc:
                for error in exc.errors(include_url=False, include_input=False):
                    where = error_field(tuple(error["loc"])) or None
                    problems.append(ImportProblem(error_text(error), section.name, index, where))
                continue
            key = tuple(getattr(row, k) for k in section.key)
            if key in seen:
                problems.append(
                    ImportProblem(
                        f"repeats the record of row {seen[key]} (same {', '.join(section.key)})",
                        section.name,
                        index,
                    )
                )
                continue
            seen[key] = index
            rows[section.name].append((index, row))
    return CheckedFile(rows), problems


def _known_people(session: Session, wanted: set[str]) -> set[str]:
    found: set[str] = set()
    ordered = sorted(wanted)
    for start in range(0, len(ordered), 500):
        chunk = ordered[start : start + 500]
        found.update(
            session.scalars(select(RegistryPerson.id_number).where(RegistryPerson.id_number.in_(chunk)))
        )
    return found


def check_references(checked: CheckedFile, session: Session) -> list[ImportProblem]:
    """Every row's person must be in the file or already in the registry."""
    in_file = {row.id_number for _, row in checked.rows["people"] if isinstance(row, PersonRow)}
    wanted = {getattr(row, s.person_field) for s in SECTIONS[1:] for _, row in checked.rows[s.name]} - in_file
    known = in_file | _known_people(session, wanted)
    problems = []
    for section in SECTIONS[1:]:
        for index, row in checked.rows[section.name]:
            if getattr(row, section.person_field) not in known:
                problems.append(
                    ImportProblem(
                        "no person with this ID number in the file or in the registry",
                        section.name,
                        index,
                        section.person_field,
                    )
                )
    return problems


# -- writing --------------------------------------------------------------------


def _columns(row: Fields) -> dict[str, Any]:
    values = row.model_dump()
    if isinstance(row, CreditAccountRow):
        values["repayment"] = [[m.month, m.code] for m in row.repayment]
    return values


def _upsert(session: Session, section: Section, rows: Sequence[tuple[int, Fields]]) -> SectionCount:
    if not rows:
        return SectionCount()
    table = section.table
    existing: dict[tuple[Any, ...], Any] = {}
    # Every key starts with the column that narrows the search: the person's ID number or the credit code.
    ids = sorted({getattr(row, section.key[0]) for _, row in rows})
    column = getattr(table, section.key[0])
    for start in range(0, len(ids), 500):
        for found in session.scalars(select(table).where(column.in_(ids[start : start + 500]))):
            existing[tuple(getattr(found, k) for k in section.key)] = found
    new = updated = 0
    for _, row in rows:
        values = _columns(row)
        record = existing.get(tuple(values[k] for k in section.key))
        if record is None:
            session.add(table(**values))
            new += 1
        else:
            for name, value in values.items():
                setattr(record, name, value)
            updated += 1
    session.flush()
    return SectionCount(new, updated)


def import_data(data: Any, sessions: sessionmaker[Session], *, dry_run: bool = False) -> ImportReport:
    """Check ``data`` (parsed JSON) and write it in one transaction; on any problem write nothing."""
    checked, problems = check(data)
    if problems:
        return ImportReport(tuple(problems))
    # One transaction: the references are checked against the registry as it is being written.
    with sessions() as session:
        try:
            problems = check_references(checked, session)
            if problems:
                session.rollback()
                return ImportReport(tuple(problems))
            counts = {s.name: _upsert(session, s, checked.rows[s.name]) for s in SECTIONS}
            if dry_run:
                session.rollback()
                return ImportReport(counts=counts, written=False)
            session.commit()
        except SQLAlchemyError as exc:
            session.rollback()
            return ImportReport(
                (ImportProblem(f"the registry database refused the import ({type(exc).__name__})."),)
            )
    return ImportReport(counts=counts, written=True)


def import_file(path: Path, sessions: sessionmaker[Session], *, dry_run: bool = False) -> ImportReport:
    data = read_file(path)
    if isinstance(data, ImportProblem):
        return ImportReport((data,))
    return import_data(data, sessions, dry_run=dry_run)


def shown(problems: Iterable[ImportProblem], limit: int = MAX_PROBLEMS_SHOWN) -> list[str]:
    """The problems as lines for a terminal, at most ``limit`` of them and a line saying how many more."""
    problems = list(problems)
    lines = [str(p) for p in problems[:limit]]
    if len(problems) > limit:
        lines.append(f"… and {len(problems) - limit} more.")
    return lines


def json_schema() -> dict[str, Any]:
    """The JSON schema of the import file (``assets/registry/schema.json`` is this, written out)."""
    return RegistryFile.model_json_schema(mode="validation")
