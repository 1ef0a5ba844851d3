"""Import a registry file: every row checked first, then all of it written or none of it.

The file (schema in ``docs/registry-import.md`` and ``kiosk/assets/registry/schema.json``)
has one list per table. It is read a row at a time (:mod:`kiosk.registry.stream`), so memory
holds one row and the keys seen so far, never the whole file. Each row is checked with the
content models of :mod:`kiosk.registry.schema` (the same rules the gateway's answers pass);
across rows, a natural key may appear once, and every ID number a row refers to must belong
to a person in the file or already in the registry.

Three readings of the file: the first checks everything and writes nothing; only if it found
no problem does the second write, in one transaction, section by section (people first, so a
record's person is there before it); the file's SHA-256 must be the same both times, or the
transaction is rolled back. (A third reading happens only to name the rows whose person is
missing.) So the guarantee is unchanged: all of the file, or nothing.

Importing is an upsert by natural key: a row whose key is already in the registry replaces
that record, a new key adds one, and records the file does not mention stay as they are.
Importing the same file twice therefore leaves the registry exactly as after the first time.

Problems name the section, the row (counted from 1) and the field, never the value: the
values are personal data.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from kiosk.registry.models import RegistryPerson
from kiosk.registry.rows import SECTION_NAMES, SECTIONS, CreditAccountRow, RegistryFile, Section
from kiosk.registry.schema import Fields, error_field, error_text, loads
from kiosk.registry.stream import Entry, FileProblem, RegistryReader, Row
from kiosk.strict_json import StrictJsonError

FORMAT = "civic-kiosk-registry/1"
MAX_PROBLEMS_SHOWN = 50
MAX_PROBLEMS_KEPT = 1000
"""Problems kept in a report; beyond these, only counted."""
MAX_ROWS = 2_000_000
"""Rows in one file: the keys seen so far are kept to find repeats (about 100 bytes a row). A
larger replica is imported as several files: each is all-or-nothing, and rows may refer to
people already imported."""
WRITE_BATCH = 500
"""Rows written at a time, then let go: what the transaction holds in memory stays this small."""

Opener = Callable[[], BinaryIO]


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
    problem_count: int = 0
    """Every problem found; :attr:`problems` keeps the first :data:`MAX_PROBLEMS_KEPT`."""
    sha256: str = ""
    """The file's hash: which file this was, for the audit trail."""

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        """One sentence for the operator."""
        if self.problems:
            n = max(self.problem_count, len(self.problems))
            return f"{n} problem{'s' if n != 1 else ''} found; nothing was imported."
        parts = [
            f"{name.replace('_', ' ')} {c.new + c.updated} ({c.new} new, {c.updated} updated)"
            for name, c in self.counts.items()
            if c.new or c.updated
        ]
        verb = "imported" if self.written else "would import"
        return f"{verb}: " + ("; ".join(parts) if parts else "nothing (the file has no rows)") + "."


class _Problems:
    def __init__(self) -> None:
        self.kept: list[ImportProblem] = []
        self.count = 0

    def add(self, problem: ImportProblem) -> None:
        self.count += 1
        if len(self.kept) < MAX_PROBLEMS_KEPT:
            self.kept.append(problem)

    def report(self, sha256: str = "") -> ImportReport:
        return ImportReport(tuple(self.kept), problem_count=self.count, sha256=sha256)


_SECTIONS_BY_NAME = {s.name: s for s in SECTIONS}


def _from_file_problem(problem: FileProblem) -> ImportProblem:
    return ImportProblem(problem.message, problem.section, problem.row, problem.field)


def _validated(section: Section, row: Row, problems: _Problems) -> Fields | None:
    if not isinstance(row.value, dict):
        problems.add(ImportProblem("expected an object", section.name, row.index))
        return None
    try:
        return section.row.model_validate(row.value)
    except ValidationError as exc:
        for error in exc.errors(include_url=False, include_input=False):
            where = error_field(tuple(error["loc"])) or None
            problems.add(ImportProblem(error_text(error), section.name, row.index, where))
        return None


# -- the first reading: check ------------------------------------------------------


@dataclass
class _Checked:
    problems: _Problems = field(default_factory=_Problems)
    sha256: str = ""
    people: set[str] = field(default_factory=set)
    referenced: set[str] = field(default_factory=set)
    order: list[str] = field(default_factory=list)  # sections with rows, as the file has them


def _check(opener: Opener) -> _Checked:
    checked = _Checked()
    problems = checked.problems
    keys: dict[str, set[bytes]] = {s.name: set() for s in SECTIONS}
    first_row: dict[str, dict[bytes, int]] = {s.name: {} for s in SECTIONS}
    format_seen, rows = False, 0
    with opener() as handle:
        reader = RegistryReader(handle, SECTION_NAMES)
        try:
            for item in reader:
                if isinstance(item, Entry):
                    format_seen |= item.name == "format"
                    _check_entry(item, problems)
                    continue
                rows += 1
                if rows > MAX_ROWS:
                    raise FileProblem(
                        f"the file has more than {MAX_ROWS:,} rows; split it into several files."
                    )
                section = _SECTIONS_BY_NAME[item.section]
                if item.section not in checked.order:
                    checked.order.append(item.section)
                row = _validated(section, item, problems)
                if row is None:
                    continue
                key = hashlib.blake2b(
                    repr(tuple(getattr(row, k) for k in section.key)).encode(), digest_size=16
                )
                digest = key.digest()
                if digest in keys[section.name]:
                    earlier = first_row[section.name].get(digest)
                    problems.add(
                        ImportProblem(
                            f"repeats the record of row {earlier} (same {', '.join(section.key)})",
                            section.name,
                            item.index,
                        )
                    )
                    continue
                keys[section.name].add(digest)
                if len(first_row[section.name]) < MAX_PROBLEMS_KEPT:
                    first_row[section.name][digest] = item.index
                person = getattr(row, section.person_field)
                (checked.people if section.name == "people" else checked.referenced).add(person)
        except FileProblem as exc:
            problems.add(_from_file_problem(exc))
            format_seen = True  # the file could not be read to its end: the format is not the point
        checked.sha256 = reader.sha256
    if not format_seen:
        problems.add(ImportProblem(f'expected "{FORMAT}"', field="format"))
    return checked


def _check_entry(entry: Entry, problems: _Problems) -> None:
    if entry.name == "format":
        if entry.value != FORMAT:
            problems.add(ImportProblem(f'expected "{FORMAT}"', field="format"))
    elif entry.name in SECTION_NAMES:
        problems.add(ImportProblem("expected a list of rows", entry.name))
    else:
        names = ", ".join(SECTION_NAMES)
        problems.add(ImportProblem(f"unknown section (expected one of: {names})", entry.name))


def _known_people(session: Session, wanted: Iterable[str]) -> set[str]:
    found: set[str] = set()
    ordered = sorted(wanted)
    for start in range(0, len(ordered), 500):
        chunk = ordered[start : start + 500]
        found.update(
            session.scalars(select(RegistryPerson.id_number).where(RegistryPerson.id_number.in_(chunk)))
        )
    return found


def _missing_people(opener: Opener, missing: set[str], problems: _Problems) -> None:
    """Name the rows whose person is neither in the file nor in the registry (a third reading)."""
    with opener() as handle:
        for item in RegistryReader(handle, SECTION_NAMES[1:]):
            if isinstance(item, Row) and isinstance(item.value, dict):
                section = _SECTIONS_BY_NAME[item.section]
                person = item.value.get(section.person_field)
                if isinstance(person, str) and person.upper() in missing:
                    problems.add(
                        ImportProblem(
                            "no person with this ID number in the file or in the registry",
                            section.name,
                            item.index,
                            section.person_field,
                        )
                    )


# -- the second reading: write -------------------------------------------------------


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


def _write(opener: Opener, session: Session, checked: _Checked) -> dict[str, SectionCount] | ImportProblem:
    """Write every row, people first; a problem when the file is not the one checked."""
    rest = tuple(name for name in SECTION_NAMES[1:])
    # One reading when the people come first (or not at all); two when records come before them.
    people_first = "people" not in checked.order or checked.order[0] == "people"
    phases = [SECTION_NAMES] if people_first else [("people",), rest]
    totals = {s.name: SectionCount() for s in SECTIONS}
    for wanted in phases:
        with opener() as handle:
            reader = RegistryReader(handle, wanted)
            batch: list[tuple[int, Fields]] = []
            current: Section | None = None
            try:
                for item in reader:
                    if not isinstance(item, Row):
                        continue
                    section = _SECTIONS_BY_NAME[item.section]
                    if section is not current or len(batch) >= WRITE_BATCH:
                        _flush(session, current, batch, totals)
                        current = section
                    batch.append((item.index, section.row.model_validate(item.value)))
                _flush(session, current, batch, totals)
            except (FileProblem, ValidationError):
                return ImportProblem(_CHANGED)
        if reader.sha256 != checked.sha256:
            return ImportProblem(_CHANGED)
    return totals


_CHANGED = "the file changed while it was being imported; nothing was imported."


def _flush(
    session: Session,
    section: Section | None,
    batch: list[tuple[int, Fields]],
    totals: dict[str, SectionCount],
) -> None:
    if section is None or not batch:
        return
    count = _upsert(session, section, batch)
    before = totals[section.name]
    totals[section.name] = SectionCount(before.new + count.new, before.updated + count.updated)
    session.expunge_all()  # written and flushed: the transaction keeps them, memory need not
    batch.clear()


# -- the whole import ------------------------------------------------------------------


def import_source(opener: Opener, sessions: sessionmaker[Session], *, dry_run: bool = False) -> ImportReport:
    """Check the file ``opener`` opens, then write it in one transaction; on any problem write nothing."""
    try:
        checked = _check(opener)
    except FileNotFoundError:
        return ImportReport((ImportProblem("the file does not exist."),), problem_count=1)
    except OSError as exc:
        problem = ImportProblem(f"the file cannot be read ({exc.strerror or type(exc).__name__}).")
        return ImportReport((problem,), problem_count=1)
    if checked.problems.count:
        return checked.problems.report(checked.sha256)
    # One transaction: the references are checked against the registry as it is being written.
    with sessions() as session:
        try:
            missing = checked.referenced - checked.people
            missing -= _known_people(session, missing)
            if missing:
                _missing_people(opener, missing, checked.problems)
                session.rollback()
                return checked.problems.report(checked.sha256)
            counts = _write(opener, session, checked)
            if isinstance(counts, ImportProblem):
                session.rollback()
                return ImportReport((counts,), problem_count=1, sha256=checked.sha256)
            if dry_run:
                session.rollback()
                return ImportReport(counts=counts, written=False, sha256=checked.sha256)
            session.commit()
        except SQLAlchemyError as exc:
            session.rollback()
            problem = ImportProblem(f"the registry database refused the import ({type(exc).__name__}).")
            return ImportReport((problem,), problem_count=1, sha256=checked.sha256)
    return ImportReport(counts=counts, written=True, sha256=checked.sha256)


def import_file(path: Path, sessions: sessionmaker[Session], *, dry_run: bool = False) -> ImportReport:
    if path.is_dir():
        return ImportReport((ImportProblem("the file cannot be read (it is a folder)."),), problem_count=1)
    return import_source(lambda: path.open("rb"), sessions, dry_run=dry_run)


def import_data(data: Any, sessions: sessionmaker[Session], *, dry_run: bool = False) -> ImportReport:
    """Import parsed JSON (the demo, tests): written out and read back like a file."""
    raw = json.dumps(data, ensure_ascii=False, default=_json_value).encode("utf-8")
    return import_source(lambda: io.BytesIO(raw), sessions, dry_run=dry_run)


def _json_value(value: object) -> object:
    if isinstance(value, Decimal):
        return str(value)  # as a string, an amount keeps its exact decimal places
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")


def parse_text(raw: bytes | str) -> Any | ImportProblem:
    """A whole registry text, parsed strictly (small files and tests; imports stream instead)."""
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            return ImportProblem(f"the file is not UTF-8 text (byte {exc.start + 1} cannot be decoded).")
    try:
        return loads(raw)
    except json.JSONDecodeError as exc:
        return ImportProblem(f"not valid JSON: {exc.msg.lower()} at line {exc.lineno}, column {exc.colno}.")
    except StrictJsonError as exc:
        return ImportProblem(f"{exc.message} (line {exc.line}).", field=exc.path or None)
    except (ValueError, RecursionError) as exc:
        return ImportProblem(f"not valid JSON: {exc}.")


def shown(problems: Iterable[ImportProblem], limit: int = MAX_PROBLEMS_SHOWN, total: int = 0) -> list[str]:
    """The problems as lines for a terminal, at most ``limit`` of them and a line saying how many more."""
    problems = list(problems)
    total = max(total, len(problems))
    lines = [str(p) for p in problems[:limit]]
    if total > limit:
        lines.append(f"… and {total - limit} more.")
    return lines


def json_schema() -> dict[str, Any]:
    """The JSON schema of the import file (``kiosk/assets/registry/schema.json`` is this, written out)."""
    return RegistryFile.model_json_schema(mode="validation")
