"""JSON from outside, read strictly: a repeated key, NaN or too deep a nesting is refused, with where.

Python's ``json`` keeps the last of two equal keys (``{"people": [...], "people": []}`` would
silently import nothing), accepts ``NaN`` and ``Infinity``, and recurses as deep as the input
nests. Everything the kiosk reads from outside — registry files, the gateway's answers, key
sets — goes through :func:`loads` (or, a value at a time, :func:`value_end`) instead: a scan
over the text's strings and brackets, in C-speed regular expressions, finds repeated keys and
the depth with their path and line; ``json`` then builds the value, numbers as exact decimals.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

MAX_DEPTH = 32
"""Far deeper than any file the kiosk reads (a registry row is 4 levels down), far short of
the interpreter's recursion limit."""

# A string (its escapes included), a quote that opens no whole string (the text stops inside
# one), or one structural character. Everything else — numbers, true/false/null, white space —
# lies between the tokens and is left to json.
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|"|[{}\[\],:]', re.DOTALL)
_COLON = re.compile(r"\s*:")


class StrictJsonError(ValueError):
    """Why the text is refused, and where: a path such as ``people[3].name`` and a line (from 1)."""

    def __init__(self, message: str, *, path: str = "", line: int | None = None) -> None:
        self.message = message
        self.path = path
        self.line = line
        where = " ".join(
            part for part in (f"at {path}" if path else "", f"(line {line})" if line else "") if part
        )
        super().__init__(f"{message} {where}".strip())


def _key_text(token: str) -> str:
    if "\\" not in token:
        return token[1:-1]
    try:
        key: str = json.loads(token)
    except ValueError:
        return token[1:-1]  # a malformed escape: json itself will say so, with its line
    return key


def _path(frames: list[list[Any]]) -> str:
    out = ""
    for kind, at, _keys in frames:
        if kind == "[":
            out += f"[{at}]"
        elif at is not None:
            out += f".{at}" if out else str(at)
    return out


def value_end(
    text: str,
    start: int,
    *,
    max_depth: int = MAX_DEPTH,
    path: str = "",
    first_line: int = 1,
) -> int | None:
    """Where the object or array starting at ``text[start]`` ends (one past its closing bracket).

    None when the text stops before it does (read more and ask again). Raises
    :class:`StrictJsonError` for a repeated key or too deep a nesting, naming the path (``path``
    is put in front) and the line (``first_line`` is the line of ``text[0]``).
    """
    frames: list[list[Any]] = []  # [bracket, key or index, keys seen]

    def problem(message: str, at: int) -> StrictJsonError:
        here = _path(frames)
        full = f"{path}.{here}" if path and here and not here.startswith("[") else path + here
        return StrictJsonError(message, path=full, line=first_line + text.count("\n", 0, at))

    for match in _TOKEN.finditer(text, start):
        token = match.group()
        if token in "{[":
            if len(frames) >= max_depth:
                raise problem(f"nested more than {max_depth} deep", match.start())
            frames.append([token, 0 if token == "[" else None, set() if token == "{" else None])
        elif token in "}]":
            if not frames:
                return match.end()  # unbalanced: json will say where
            frames.pop()
            if not frames:
                return match.end()
        elif token == '"':
            return None  # a string still open: whatever brackets follow are inside it
        elif token == ",":
            if frames and frames[-1][0] == "[":
                frames[-1][1] += 1
        elif token != ":" and frames and frames[-1][0] == "{" and _COLON.match(text, match.end()):
            key = _key_text(token)
            frames[-1][1] = key
            if key in frames[-1][2]:
                raise problem(f'the key "{key}" appears twice in one object', match.start())
            frames[-1][2].add(key)
        if not frames:
            return match.end()  # a bare string at the top: not this function's kind of value
    return None


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


DECODER = json.JSONDecoder(parse_float=Decimal, parse_constant=_no_constant)
"""Exact decimals, no NaN or Infinity; ``raw_decode`` reads one value out of a longer text."""


def decode(text: str) -> Any:
    """``json.loads`` with exact decimals and without NaN or Infinity (after :func:`value_end`)."""
    return DECODER.decode(text)


def loads(text: str | bytes, *, max_depth: int = MAX_DEPTH) -> Any:
    """Parse a whole JSON text strictly (see the module). A syntax error is ``json``'s own."""
    if isinstance(text, bytes):
        text = text.decode("utf-8")
    stripped = len(text) - len(text.lstrip())
    if text[stripped : stripped + 1] in ("{", "["):
        value_end(text, stripped, max_depth=max_depth)
    return decode(text)
