"""A :class:`Receipt` as the exact ESC/POS bytes the printer receives.

The commands come from python-escpos (on its ``Dummy`` printer, which only
collects bytes), except the text itself: python-escpos's encoder sends a string
as GB18030 only when it holds a character in U+4E00–U+9FA5, never sends
``FS &``, and turns anything else (䶮 U+4DAE, 𠮷 U+20BB7, a line of only
Chinese punctuation) into ``?``. A citizen's name must never print as ``?``, so
the job starts with ``ESC @`` and ``FS &`` (Chinese mode) and every line is
encoded to GB18030 here and sent raw.

Every text line restates its alignment, weight and size, so a line never
depends on the one before it (and the golden bytes in the tests stay readable).
Size is set with ``GS !``, which applies to Chinese and Latin characters alike;
``ESC !`` would only size the Latin ones on a Chinese printer.
"""

from __future__ import annotations

import unicodedata
from typing import Any

import qrcode
from escpos.constants import QR_ECLEVEL_M
from escpos.printer import Dummy

from devices.receipt_printer.base import Align, Feed, QrCode, Receipt, Rule, TextLine

FS_CHINESE_MODE = b"\x1c&"
"""FS & — Chinese character mode: bytes from 0x81 up start a GB18030 character."""

PRINTABLE_DOTS = {58: 384, 80: 576}
"""Printable width in dots at 203 dpi: 48 mm on 58 mm paper, 72 mm on 80 mm paper."""

HALF_WIDTH_DOTS = 12
"""Font A: a Latin character is 12 × 24 dots, a Chinese one 24 × 24."""

QR_QUIET_MODULES = 4
"""A QR code needs four blank modules round it (ISO/IEC 18004). Above and below, the code
feeds them itself (``ESC J``), whatever block is next to it; beside it, the width check
keeps room for them so a wide code never touches the paper's edge."""

ESC_J = b"\x1bJ"
"""ESC J n — print what is buffered and feed the paper n dots."""


MIN_QR_MODULE_DOTS = 3
"""Modules of 1 or 2 dots (0.125–0.25 mm) do not scan reliably from thermal paper."""


def columns(paper_width_mm: int, *, large: bool = False) -> int:
    """How many half-width columns fit on a line (a Chinese character takes two)."""
    count = PRINTABLE_DOTS[paper_width_mm] // HALF_WIDTH_DOTS
    return count // 2 if large else count


def display_width(text: str) -> int:
    """Columns ``text`` takes on the printer: wide (CJK) characters take two."""
    return sum(_char_width(char) for char in text)


def wrap(text: str, width: int) -> list[str]:
    """Break ``text`` into lines of at most ``width`` columns.

    Hand-written because :mod:`textwrap` counts characters, not columns, and
    never breaks between two Chinese characters. A line may break at a space or
    next to a wide character; a Latin run longer than a line (a long document
    number) is split where it must be.
    """
    lines: list[str] = []
    line = ""
    used = 0
    for whole in _tokens(text):
        token, token_width = whole, display_width(whole)
        if used + token_width > width and line:
            lines.append(line.rstrip())
            line, used = "", 0
            if token == " ":
                continue
        while token_width > width:  # longer than a whole line
            head, token = _split_at_width(token, width)
            lines.append(head)
            token_width = display_width(token)
        line += token
        used += token_width
    if line.strip() or not lines:
        lines.append(line.rstrip())
    return lines


def receipt_bytes(receipt: Receipt) -> bytes:
    """The whole job: initialise, Chinese mode, the blocks, then feed and cut."""
    printer: Any = Dummy()
    printer.hw("INIT")  # ESC @
    printer._raw(FS_CHINESE_MODE)
    for block in receipt.blocks:
        if isinstance(block, TextLine):
            _text(printer, block, receipt.paper_width_mm)
        elif isinstance(block, QrCode):
            _qr(printer, block, receipt.paper_width_mm)
        elif isinstance(block, Rule):
            _style(printer, Align.LEFT, bold=False, large=False)
            printer._raw(b"-" * columns(receipt.paper_width_mm) + b"\n")
        elif isinstance(block, Feed):
            printer.print_and_feed(block.lines)  # ESC d n
        else:  # pragma: no cover - ReceiptBlock is a closed union
            raise TypeError(f"not a receipt block: {type(block).__name__}")
    if receipt.cut:
        printer.cut()  # ESC d 6 (past the cutter), GS V 0
    output: bytes = printer.output
    return output


def _style(printer: Any, align: Align, *, bold: bool, large: bool) -> None:
    scale = 2 if large else 1
    printer.set(align=align.value, bold=bold, custom_size=True, width=scale, height=scale)


def _text(printer: Any, line: TextLine, paper_width_mm: int) -> None:
    _style(printer, line.align, bold=line.bold, large=line.large)
    text = _printable(line.text)
    for part in wrap(text, columns(paper_width_mm, large=line.large)):
        printer._raw(part.encode("gb18030") + b"\n")


def _qr(printer: Any, code: QrCode, paper_width_mm: int) -> None:
    modules = 17 + 4 * _qr_version(code.data)
    room = PRINTABLE_DOTS[paper_width_mm] // (modules + 2 * QR_QUIET_MODULES)
    if room < MIN_QR_MODULE_DOTS:
        raise ValueError(
            f"a QR code of {len(code.data)} characters does not fit on {paper_width_mm} mm paper"
        )
    size = min(code.module_size, room, 16)
    quiet = bytes([QR_QUIET_MODULES * size])  # at most 64 dots
    _style(printer, Align.CENTER, bold=False, large=False)
    printer._raw(ESC_J + quiet)
    # The printer builds the symbol itself (GS ( k): a few dozen bytes instead of a raster image.
    printer.qr(code.data, native=True, size=size, ec=QR_ECLEVEL_M)
    printer._raw(ESC_J + quiet)


def _qr_version(data: str) -> int:
    """The QR version the data needs at level M (the printer picks it the same way: the smallest).

    qrcode's fit is used rather than segno's: segno builds the whole symbol, mask
    selection included (≈ 35 ms for a verification payload), where only the size is needed.
    """
    symbol = qrcode.QRCode(version=None, error_correction=qrcode.constants.ERROR_CORRECT_M)
    symbol.add_data(data)
    version: int = symbol.best_fit()
    return version


def _printable(text: str) -> str:
    # A control character inside a line would be a command to the printer.
    return "".join(" " if unicodedata.category(char) == "Cc" else char for char in text)


def _char_width(char: str) -> int:
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def _tokens(text: str) -> list[str]:
    """Spaces, single wide characters, and runs of narrow non-space characters."""
    tokens: list[str] = []
    run = ""
    for char in text:
        if char == " " or _char_width(char) == 2:
            if run:
                tokens.append(run)
                run = ""
            tokens.append(char)
        else:
            run += char
    if run:
        tokens.append(run)
    return tokens


def _split_at_width(token: str, width: int) -> tuple[str, str]:
    used = 0
    for index, char in enumerate(token):
        used += _char_width(char)
        if used > width:
            return token[:index], token[index:]
    return token, ""
