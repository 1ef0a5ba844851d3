"""Checking configuration values against their types, with pydantic: every problem with its key and line.

The types themselves live in :mod:`kiosk.config`, which reads a file with :func:`validate_text`.
This module knows nothing of them: it takes the type to check against, so it sits below
the configuration and nothing here imports it back. Every problem is reported with its dotted
key and the TOML line it was written on, in a plain sentence.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import TypeAdapter, ValidationError

Section = TypeVar("Section")


@dataclass(frozen=True, slots=True)
class ConfigProblem:
    key: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}: " if self.line else ""
        return f"{where}{self.key}: {self.message}"


class ConfigError(Exception):
    """The configuration cannot be used. ``str()`` lists every problem, one per line."""

    def __init__(self, path: Path | None, problems: list[ConfigProblem]) -> None:
        self.path = path
        self.problems = problems
        head = f"{path}: " if path else ""
        count = len(problems)
        lines = [f"{head}{count} problem{'s' if count != 1 else ''} in the configuration:"]
        lines += [f"  {problem}" for problem in problems]
        super().__init__("\n".join(lines))


def validate_text(
    kind: type[Section], text: str, path: Path | None = None, *, renamed: Mapping[str, str] | None = None
) -> tuple[Section, list[ConfigProblem]]:
    """The value of type ``kind`` written in TOML ``text``, and a note for each renamed table the
    text still uses; or :class:`ConfigError` naming every problem.

    ``renamed`` maps a table's old name to its new one: a table under its old name is read as the
    new one, and its problems are reported under the name the file uses.
    """
    data = _toml(text, path)
    lines = _KeyLines(text)
    notes: list[ConfigProblem] = []
    used_old: dict[str, str] = {}  # new name -> the old name the file uses for it
    problems: list[ConfigProblem] = []
    for old, new in (renamed or {}).items():
        if old not in data:
            continue
        line = lines.line_of((old,))
        if new in data:
            problems.append(ConfigProblem(old, line, f"[{old}] is the old name of [{new}], which is set too"))
            continue
        data[new] = data.pop(old)
        used_old[new] = old
        sentence = f"[{old}] is now [{new}]; the old name is read until the next release"
        notes.append(ConfigProblem(old, line, sentence))
    if problems:
        raise ConfigError(path, problems)
    try:
        value: Section = _adapter(kind).validate_python(data)
    except ValidationError as exc:
        raise ConfigError(path, _problems(exc, data, lines, used_old)) from None
    return value, notes


def validate_section(kind: type[Section], data: Mapping[str, object]) -> Section:
    """One part of the configuration (say a :class:`~kiosk.config.CameraConfig`) from plain values.

    For commands that let a technician override settings: a bad value is the
    same :class:`ConfigError` a file would give, keyed by the setting's name.
    """
    try:
        section: Section = _adapter(kind).validate_python(dict(data))
    except ValidationError as exc:
        raise ConfigError(None, _problems(exc, data, None, {})) from None
    return section


def _toml(text: str, path: Path | None) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        line = int(match.group(1)) if match else max(1, text.count("\n"))
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise ConfigError(path, [ConfigProblem("(syntax)", line, f"not valid TOML: {message}")]) from None


_ADAPTERS: dict[type[Any], TypeAdapter[Any]] = {}


def _adapter(kind: type[Any]) -> TypeAdapter[Any]:
    # building the validator takes tens of milliseconds: once per type and process
    adapter = _ADAPTERS.get(kind)
    if adapter is None:
        adapter = _ADAPTERS[kind] = TypeAdapter(kind)
    return adapter


def _problems(
    exc: ValidationError, data: object, locator: _KeyLines | None, used_old: Mapping[str, str]
) -> list[ConfigProblem]:
    problems = []
    errors = exc.errors(include_url=False)
    failed_items = {tuple(e["loc"][:1]) for e in errors if len(e["loc"]) > 1}
    for error in errors:
        loc = tuple(error["loc"])
        if error["type"] == "too_short" and loc in failed_items:
            continue  # the list is short only because its items were refused
        if loc and loc[0] in used_old:  # say it the way the file says it
            loc = (used_old[str(loc[0])], *loc[1:])
        key = _dotted(loc, data)
        line = locator.line_of(loc) if locator else None
        problems.append(ConfigProblem(key or "(top level)", line, _message(error)))
    return problems


def _message(error: Mapping[str, Any]) -> str:
    kind, msg = error.get("type", ""), str(error.get("msg", ""))
    if kind in ("unexpected_keyword_argument", "extra_forbidden"):  # a key the types have no field for
        return "unknown key"
    if kind == "missing":
        return "required key is missing"
    return msg.removeprefix("Value error, ")


def _dotted(loc: tuple[object, ...], data: object) -> str:
    parts: list[str] = []
    node = data
    for item in loc:
        if isinstance(item, int):
            label = f"[{item}]"
            if (
                isinstance(node, list)
                and item < len(node)
                and isinstance(node[item], dict)
                and "id" in node[item]
            ):
                label = f"[{item}] ({node[item]['id']})"
            parts.append(label)
            node = node[item] if isinstance(node, list) and item < len(node) else None
        else:
            parts.append(("." if parts else "") + str(item))
            node = node.get(item) if isinstance(node, Mapping) else None
    return "".join(parts)


class _KeyLines:
    """Finds the line a key path was written on (TOML tables, arrays of tables, dotted keys)."""

    _HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
    _KEY = re.compile(r"^\s*([A-Za-z0-9_\-\"'.]+)\s*=")

    def __init__(self, text: str) -> None:
        # (table path with array indexes, key) -> line
        self.lines: dict[tuple[object, ...], int] = {}
        counts: dict[tuple[str, ...], int] = {}
        table: tuple[object, ...] = ()
        for number, raw in enumerate(text.splitlines(), start=1):
            header = self._HEADER.match(raw)
            if header:
                names = tuple(p.strip().strip("\"'") for p in header.group(2).split("."))
                if header.group(1) == "[[":
                    index = counts.get(names, 0)
                    counts[names] = index + 1
                    table = (*names, index)
                else:
                    table = self._with_indexes(names, counts)
                self.lines.setdefault(table, number)
                continue
            key = self._KEY.match(raw)
            if key:
                names = tuple(p.strip().strip("\"'") for p in key.group(1).split("."))
                self.lines.setdefault((*table, *names), number)

    @staticmethod
    def _with_indexes(names: tuple[str, ...], counts: dict[tuple[str, ...], int]) -> tuple[object, ...]:
        # [services.x] after [[services]] belongs to the last services entry
        out: list[object] = []
        for i, name in enumerate(names):
            out.append(name)
            prefix = names[: i + 1]
            if prefix in counts and i < len(names) - 1:
                out.append(counts[prefix] - 1)
        return tuple(out)

    def line_of(self, loc: tuple[object, ...]) -> int | None:
        path = tuple(loc)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return None
