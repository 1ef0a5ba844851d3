"""Checking a configuration file against the types of :mod:`kiosk.config`, with pydantic.

Imported only when a file is validated (``kiosk config check``, or a start
whose file is not remembered yet), so the touchscreen does not pay for
pydantic when it starts on a known file. Every problem is reported with its
dotted key and the TOML line it was written on, in a plain sentence.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeVar

from pydantic import TypeAdapter, ValidationError

from kiosk.config import ConfigError, ConfigProblem, KioskConfig

Section = TypeVar("Section")


def validate_text(text: str, path: Path | None = None) -> KioskConfig:
    """The configuration in TOML ``text``, or :class:`ConfigError` naming every problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        line = int(match.group(1)) if match else max(1, text.count("\n"))
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise ConfigError(path, [ConfigProblem("(syntax)", line, f"not valid TOML: {message}")]) from None
    try:
        config: KioskConfig = _adapter(KioskConfig).validate_python(data)
    except ValidationError as exc:
        raise ConfigError(path, _problems(exc, data, _KeyLines(text))) from None
    return config


def validate_section(kind: type[Section], data: Mapping[str, object]) -> Section:
    """One part of the configuration (say a :class:`~kiosk.config.CameraConfig`) from plain values.

    For commands that let a technician override settings: a bad value is the
    same :class:`ConfigError` a file would give, keyed by the setting's name.
    """
    try:
        section: Section = _adapter(kind).validate_python(dict(data))
    except ValidationError as exc:
        raise ConfigError(None, _problems(exc, data, None)) from None
    return section


_ADAPTERS: dict[type[Any], TypeAdapter[Any]] = {}


def _adapter(kind: type[Any]) -> TypeAdapter[Any]:
    # building the validator takes tens of milliseconds: once per type and process
    adapter = _ADAPTERS.get(kind)
    if adapter is None:
        adapter = _ADAPTERS[kind] = TypeAdapter(kind)
    return adapter


def _problems(exc: ValidationError, data: object, locator: _KeyLines | None) -> list[ConfigProblem]:
    problems = []
    errors = exc.errors(include_url=False)
    failed_items = {tuple(e["loc"][:1]) for e in errors if len(e["loc"]) > 1}
    for error in errors:
        loc = tuple(error["loc"])
        if error["type"] == "too_short" and loc in failed_items:
            continue  # the list is short only because its items were refused
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
