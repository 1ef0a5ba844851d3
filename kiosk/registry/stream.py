"""A registry file read a row at a time: memory stays the size of one row, whatever the file's.

The file is one JSON object with a list per section. This reader walks that outer object
itself and hands out each row as soon as it is whole (:class:`Row`, decoded by
:mod:`kiosk.strict_json`: exact decimals, no repeated key, bounded depth), so a 200 MB file
never sits in memory as one tree. A section that appears twice, a repeated key in a row, a
row larger than :data:`MAX_ROW_CHARS` or a syntax error stops the reading with a
:class:`FileProblem` naming the line. The bytes read are hashed as they go by, so a second
reading can tell whether the file changed in between.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

from kiosk.strict_json import DECODER, StrictJsonError, decode, value_end

CHUNK_BYTES = 1024 * 1024
MAX_ROW_CHARS = 4 * 1024 * 1024
"""A row's largest size: a person with a 2 MiB photo (2.8 million characters of base64) and
all their text fits; anything larger is not a row of this format."""
_SPACE = re.compile(r"\s*")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_SCALAR_ROOM = 64  # a number, true, false or null is never longer: read on until this much is there


class FileProblem(Exception):  # noqa: N818 - a problem of the file, said to the operator as one
    """The file cannot be read on: one sentence, and where (section, row from 1, field)."""

    def __init__(
        self, message: str, section: str | None = None, row: int | None = None, field: str | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.section = section
        self.row = row
        self.field = field


@dataclass(frozen=True, slots=True)
class Row:
    section: str
    index: int  # from 1 within its section
    line: int
    value: Any


@dataclass(frozen=True, slots=True)
class Entry:
    """A key of the outer object that is not a list of rows: ``format``, an unknown name, a non-list."""

    name: str
    line: int
    value: Any = None
    is_list: bool = False


class _Text:
    """The file's text, a window at a time: ``buf[pos:]`` is what is still to read."""

    def __init__(self, handle: BinaryIO) -> None:
        self._handle = handle
        self._decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self.digest = hashlib.sha256()
        self.buf = ""
        self.pos = 0
        self.line = 1  # the line of buf[0]
        self._column = 0  # characters before buf[0] on its line
        self._counted = (0, 1)  # (a place in buf, its line): where line_at counts on from
        self.eof = False
        self._bytes = 0

    def more(self) -> bool:
        """Read the next chunk; False at the end of the file."""
        if self.eof:
            return False
        data = self._handle.read(CHUNK_BYTES)
        self.digest.update(data)
        try:
            text = self._decoder.decode(data, final=not data)
        except UnicodeDecodeError as exc:
            byte = self._bytes + exc.start + 1 - len(self._decoder.getstate()[0])
            raise FileProblem(
                f"the file is not UTF-8 text (byte {max(1, byte)} cannot be decoded)."
            ) from None
        self._bytes += len(data)
        self.eof = not data
        if self.pos:
            newlines = self.buf.count("\n", 0, self.pos)
            self.line += newlines
            last = self.buf.rfind("\n", 0, self.pos)
            self._column = self.pos - last - 1 if newlines else self._column + self.pos
            self.buf = self.buf[self.pos :]
            self.pos = 0
            self._counted = (0, self.line)
        self.buf += text
        return bool(data)

    def line_at(self, at: int) -> int:
        # Counted on from the last place asked about: rows are asked about in order, and
        # counting from the window's start each time would make a window's rows quadratic.
        known_at, known_line = self._counted
        if at < known_at:
            known_at, known_line = 0, self.line
        line = known_line + self.buf.count("\n", known_at, at)
        self._counted = (at, line)
        return line

    def column_at(self, at: int) -> int:
        """From 1, as json counts."""
        last = self.buf.rfind("\n", 0, at)
        return at - last if last >= 0 else self._column + at + 1

    def peek(self) -> str:
        """The next character that is not white space ("" at the end of the file)."""
        while True:
            self.pos = _SPACE.match(self.buf, self.pos).end()  # type: ignore[union-attr]
            if self.pos < len(self.buf) or not self.more():
                return self.buf[self.pos : self.pos + 1]

    def syntax(self, expected: str) -> FileProblem:
        line, column = self.line_at(self.pos), self.column_at(self.pos)
        return FileProblem(f"not valid JSON: expecting {expected} at line {line}, column {column}.")

    def take(self, char: str, expected: str) -> None:
        if self.peek() != char:
            raise self.syntax(expected)
        self.pos += 1

    def string(self, expected: str = "property name enclosed in double quotes") -> Any:
        if self.peek() != '"':
            raise self.syntax(expected)
        while (match := _STRING.match(self.buf, self.pos)) is None:
            if len(self.buf) - self.pos > MAX_ROW_CHARS or not self.more():
                raise self.syntax("a closed string")
        self.pos = match.end()
        at = match.start()
        return _decoded(match.group(), self.line_at(at), self.column_at(at))

    def value(self, section: str, row: int | None = None) -> Any:
        """The next value, whole; objects and arrays at most :data:`MAX_ROW_CHARS` long."""
        start_char = self.peek()
        if start_char == '"':
            return self.string("value")
        if start_char not in ("{", "["):
            while len(self.buf) - self.pos < _SCALAR_ROOM and self.more():
                pass
            try:
                value, after = DECODER.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as exc:
                self.pos = exc.pos
                raise self.syntax("value") from None
            except ValueError as exc:
                raise FileProblem(f"not valid JSON: {exc} (line {self.line_at(self.pos)}).") from None
            self.pos = after
            return value
        try:
            while (end := value_end(self.buf, self.pos, first_line=self.line)) is None:
                if len(self.buf) - self.pos > MAX_ROW_CHARS:
                    break
                if not self.more():
                    raise self.syntax("a closing bracket")
            if end is None or end - self.pos > MAX_ROW_CHARS:
                line = self.line_at(self.pos)
                raise FileProblem(f"larger than {MAX_ROW_CHARS:,} characters (line {line}).", section, row)
        except StrictJsonError as exc:
            raise FileProblem(f"{exc.message} (line {exc.line}).", section, row, exc.path or None) from None
        text, line, column = self.buf[self.pos : end], self.line_at(self.pos), self.column_at(self.pos)
        self.pos = end
        return _decoded(text, line, column)


def _decoded(text: str, line: int, column: int) -> Any:
    try:
        return decode(text)
    except json.JSONDecodeError as exc:
        at_column = exc.colno + (column - 1 if exc.lineno == 1 else 0)
        raise FileProblem(
            f"not valid JSON: {exc.msg.lower()} at line {line + exc.lineno - 1}, column {at_column}."
        ) from None
    except (ValueError, RecursionError) as exc:
        raise FileProblem(f"not valid JSON: {exc}.") from None


class RegistryReader:
    """The rows of the named sections as they come, and every other key of the outer object.

    Iterating raises :class:`FileProblem` where the file cannot be read on; :attr:`sha256` is the
    hash of the bytes read, once iteration has ended.
    """

    def __init__(self, handle: BinaryIO, sections: tuple[str, ...]) -> None:
        self._text = _Text(handle)
        self._sections = sections

    @property
    def sha256(self) -> str:
        return self._text.digest.hexdigest()

    def __iter__(self) -> Iterator[Row | Entry]:
        text = self._text
        if text.peek() != "{":
            if text.peek() == "":
                raise text.syntax("value")
            raise FileProblem("the file must hold one JSON object with a list per table.")
        text.pos += 1
        seen: dict[str, int] = {}
        if text.peek() == "}":
            text.pos += 1
        else:
            while True:
                text.peek()
                line = text.line_at(text.pos)
                name = str(text.string())
                text.take(":", "':' delimiter")
                if name in seen:
                    raise FileProblem(f"appears twice in the file (lines {seen[name]} and {line}).", name)
                seen[name] = line
                if text.peek() == "[":
                    yield from self._rows(name, line)
                else:
                    yield Entry(name, line, text.value(name))
                if text.peek() == "}":
                    text.pos += 1
                    break
                text.take(",", "',' delimiter")
        if text.peek() != "":
            raise text.syntax("the end of the file")

    def _rows(self, name: str, line: int) -> Iterator[Row | Entry]:
        text = self._text
        text.pos += 1
        wanted = name in self._sections
        if not wanted:
            yield Entry(name, line, is_list=True)
        if text.peek() == "]":
            text.pos += 1
            return
        index = 0
        while True:
            index += 1
            text.peek()
            at = text.line_at(text.pos)
            value = text.value(name, index)
            if wanted:
                yield Row(name, index, at, value)
            if text.peek() == "]":
                text.pos += 1
                return
            text.take(",", "',' delimiter")
