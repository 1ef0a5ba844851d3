"""Checking configuration values against their types: every problem with its key and line.

The types live in :mod:`kiosk.config`, which reads a file with :func:`validate_text`; this
module takes the type to check against, so it sits below the configuration and imports nothing
of it. The types are frozen dataclasses whose fields are plain types (``str``, ``int``,
``float``, ``bool``, ``date``, ``Path``, ``Literal``, ``tuple[X, ...]``, ``X | None``, nested
dataclasses) with ``Annotated`` metadata: the bounds of :mod:`annotated_types` (``Ge``, ``Gt``,
``Le``, ``Lt``, ``MinLen``) and checks, functions that raise ValueError with a sentence.

They are checked by pydantic-core, the validator under pydantic, from a schema built here
from the types (:func:`_schema`, once per type). Importing pydantic itself and building its
schema costs the touchscreen about 0.8 × a bare window's whole start on every start with a
file (``python -m tests.bench start``); pydantic-core alone costs a fifth of that, with the same
messages. Every problem is reported with its dotted key and the TOML line it was written on.
"""

from __future__ import annotations

import dataclasses
import enum
import re
import tomllib
import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar, get_args, get_origin

import annotated_types
from pydantic_core import SchemaValidator, ValidationError
from pydantic_core import core_schema as cs

Section = TypeVar("Section")

MAX_BYTES = 256 * 1024
"""A kiosk's configuration is a few kilobytes; a file far larger is a mistake (a log written over it,
a binary), refused before it is read."""
MAX_DEPTH = 8
"""Tables and arrays nest four deep in the kiosk's types; deeper is a mistake, refused with this
sentence rather than with the parser running out of stack."""


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
        value: Section = _validator(kind).validate_python(data)
    except ValidationError as exc:
        raise ConfigError(path, _problems(exc, data, lines, used_old)) from None
    return value, notes


def validate_section(kind: type[Section], data: Mapping[str, object]) -> Section:
    """One part of the configuration (say a :class:`~kiosk.config.CameraConfig`) from plain values.

    For commands that let a technician override settings: a bad value is the
    same :class:`ConfigError` a file would give, keyed by the setting's name.
    """
    try:
        section: Section = _validator(kind).validate_python(dict(data))
    except ValidationError as exc:
        raise ConfigError(None, _problems(exc, data, None, {})) from None
    return section


def _toml(text: str, path: Path | None) -> dict[str, Any]:
    if len(text) > MAX_BYTES:
        size = f"{len(text) // 1024} KB"
        raise ConfigError(
            path,
            [ConfigProblem("(file)", None, f"is {size}; a configuration is at most {MAX_BYTES // 1024} KB")],
        )
    try:
        data = tomllib.loads(text)
    except RecursionError:
        raise ConfigError(path, [_too_deep(None)]) from None
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        line = int(match.group(1)) if match else max(1, text.count("\n"))
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise ConfigError(path, [ConfigProblem("(syntax)", line, f"not valid TOML: {message}")]) from None
    deep = _deepest(data)
    if deep is not None:
        named = tuple(key for key in deep if isinstance(key, str))  # the keys, without array indexes
        raise ConfigError(path, [_too_deep(_KeyLines(text).line_of(deep), ".".join(named))])
    return data


def _too_deep(line: int | None, key: str = "") -> ConfigProblem:
    return ConfigProblem(key or "(nesting)", line, f"tables and arrays nest more than {MAX_DEPTH} deep")


def _deepest(value: object, at: tuple[object, ...] = ()) -> tuple[object, ...] | None:
    """Where the data nests deeper than MAX_DEPTH (its key path), or None."""
    if len(at) > MAX_DEPTH:
        return at
    items: list[tuple[object, object]] = []
    if isinstance(value, dict):
        items = list(value.items())
    elif isinstance(value, list):
        items = list(enumerate(value))
    for key, inner in items:
        found = _deepest(inner, (*at, key))
        if found is not None:
            return found
    return None


def key_line(text: str, loc: tuple[object, ...]) -> int | None:
    """The line of ``text`` a key path (``("storage", "url")``) was written on, if it was."""
    return _KeyLines(text).line_of(loc)


_VALIDATORS: dict[type[Any], SchemaValidator] = {}


def _validator(kind: type[Any]) -> SchemaValidator:
    validator = _VALIDATORS.get(kind)
    if validator is None:
        validator = _VALIDATORS[kind] = SchemaValidator(_schema(kind))
    return validator


_BOUNDS = {
    annotated_types.Ge: "ge",
    annotated_types.Gt: "gt",
    annotated_types.Le: "le",
    annotated_types.Lt: "lt",
    annotated_types.MinLen: "min_length",
    annotated_types.MaxLen: "max_length",
}


def _schema(hint: Any, metadata: tuple[object, ...] = ()) -> cs.CoreSchema:
    """pydantic-core's schema for a field's type and its ``Annotated`` metadata."""
    if get_origin(hint) is Annotated:
        inner, *more = get_args(hint)
        return _schema(inner, (*metadata, *more))
    bounds: dict[str, Any] = {}
    checks: list[Callable[[Any], object]] = []
    for meta in metadata:
        if type(meta) in _BOUNDS:
            name = _BOUNDS[type(meta)]
            bounds[name] = getattr(meta, name)
        elif callable(meta):
            checks.append(meta)
        else:
            raise TypeError(f"{meta!r} is neither a bound nor a check")
    schema = _plain_schema(hint, bounds)
    for check in checks:
        schema = cs.no_info_after_validator_function(_keeping(check), schema)
    return schema


def _plain_schema(hint: Any, bounds: dict[str, Any]) -> cs.CoreSchema:
    origin, args = get_origin(hint), get_args(hint)
    if origin in (typing.Union, types.UnionType) and len(args) == 2 and type(None) in args:
        (inner,) = (arg for arg in args if arg is not type(None))
        return cs.nullable_schema(_schema(inner))
    if origin is Literal:
        return cs.literal_schema(list(args))
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return cs.tuple_schema([_schema(args[0])], variadic_item_index=0, **bounds)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _dataclass_schema(hint)
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return cs.enum_schema(
            hint, list(hint.__members__.values()), sub_type="str" if issubclass(hint, str) else None
        )
    simple: dict[Any, Callable[..., cs.CoreSchema]] = {
        str: cs.str_schema,
        int: cs.int_schema,
        float: cs.float_schema,
        bool: cs.bool_schema,
        date: cs.date_schema,
    }
    if hint in simple:
        return simple[hint](**bounds)
    if hint is Path:
        return cs.no_info_plain_validator_function(_path)
    raise TypeError(f"no schema for {hint!r}")


def _dataclass_schema(kind: type[Any]) -> cs.CoreSchema:
    hints = typing.get_type_hints(kind, include_extras=True)
    fields = [f for f in dataclasses.fields(kind) if f.init]
    arguments = [
        cs.dataclass_field(
            field.name, _with_default(_schema(hints[field.name]), field), kw_only=field.kw_only is True
        )
        for field in fields
    ]
    return cs.dataclass_schema(
        kind,
        cs.dataclass_args_schema(kind.__name__, arguments, extra_behavior="forbid"),
        [field.name for field in fields],
        post_init=hasattr(kind, "__post_init__"),
        slots=hasattr(kind, "__slots__"),
        frozen=kind.__dataclass_params__.frozen,
    )


def _with_default(schema: cs.CoreSchema, field: dataclasses.Field[Any]) -> cs.CoreSchema:
    if field.default is not dataclasses.MISSING:
        return cs.with_default_schema(schema, default=field.default)
    if field.default_factory is not dataclasses.MISSING:
        return cs.with_default_schema(schema, default_factory=field.default_factory)
    return schema


def _path(value: object) -> Path:
    if isinstance(value, str | Path) and str(value):
        return Path(value)
    raise ValueError("expected a path, as text")


def _keeping(check: Callable[[Any], object]) -> Callable[[Any], Any]:
    def checked(value: Any) -> Any:
        check(value)
        return value

    return checked


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
    if kind == "enum":  # a closed set (a panel's name): say what was written and what there is
        return f"{error.get('input')!r} is not one of {error.get('ctx', {}).get('expected', '')}"
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
