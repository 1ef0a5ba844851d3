"""Draw the ESC/POS bytes the kiosk sends as the printer would print them (Pillow).

Nothing on the reachable package registries renders ESC/POS, so this is a small
interpreter of exactly the subset :mod:`escpos_layout` emits — initialise,
Chinese mode, alignment, bold, character size, text (GB18030 in Chinese mode),
line feeds, feeds, line spacing, native QR codes (``GS ( k``), cut, and the
status queries, which print nothing. Anything else raises :class:`ValueError`,
so a test notices bytes it did not expect. It feeds the receipt tests (the QR
code is read back from the picture with OpenCV) and the demo's output.

Geometry is a 203 dpi printer's: Font A cells of 12 × 24 dots (Latin) and
24 × 24 (Chinese), a default line feed of 30 dots, one image pixel per dot.
Glyphs come from Noto Sans CJK SC, which has 䶮 and 𠮷.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass, field
from pathlib import Path

import segno
from PIL import Image, ImageDraw, ImageFont

from devices.receipt_printer.escpos_layout import HALF_WIDTH_DOTS, PRINTABLE_DOTS

NOTO_SANS_CJK = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
NOTO_SANS_CJK_BOLD = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc")
NOTO_SC_INDEX = 2
"""In the Noto CJK collections, face 2 is the simplified-Chinese one."""

CELL_HEIGHT = 24
DEFAULT_LINE_SPACING = 30
MARGIN = 16
"""Blank paper drawn round the printable area (the printer's own margins)."""

ESC, FS, GS, DLE = 0x1B, 0x1C, 0x1D, 0x10
_QR_ERROR = {48: "l", 49: "m", 50: "q", 51: "h"}


@dataclass
class RenderedReceipt:
    image: Image.Image
    cuts: int
    text_lines: list[str] = field(default_factory=list)
    """The printed text, line by line (what a reader of the slip sees, for tests)."""
    qr_boxes: list[tuple[int, int, int, int]] = field(default_factory=list)
    """Where each QR code symbol is in the image: left, top, right, bottom (exclusive), in pixels."""

    def png(self) -> bytes:
        out = io.BytesIO()
        self.image.save(out, format="PNG")
        return out.getvalue()


@dataclass
class _Glyph:
    char: str
    width: int  # in dots, after scaling
    height: int
    bold: bool
    scale_w: int
    scale_h: int


@dataclass
class _State:
    align: int = 0
    bold: bool = False
    scale_w: int = 1
    scale_h: int = 1
    chinese: bool = False
    line_spacing: int = DEFAULT_LINE_SPACING
    qr_data: bytes = b""
    qr_size: int = 3
    qr_error: str = "l"


class _Painter:
    def __init__(self, paper_width_mm: int) -> None:
        self.width = PRINTABLE_DOTS[paper_width_mm]
        self.state = _State()
        self.line: list[_Glyph] = []
        self.y = 0
        self.ops: list[tuple[str, int, int, object]] = []
        self.cuts = 0
        self.text_lines: list[str] = []

    # --- text -------------------------------------------------------------

    def add_char(self, char: str, wide: bool) -> None:
        s = self.state
        glyph = _Glyph(
            char,
            (2 if wide else 1) * HALF_WIDTH_DOTS * s.scale_w,
            CELL_HEIGHT * s.scale_h,
            s.bold,
            s.scale_w,
            s.scale_h,
        )
        if sum(g.width for g in self.line) + glyph.width > self.width:
            self.print_line()  # the printer wraps a line that is too long
        self.line.append(glyph)

    def print_line(self) -> None:
        if not self.line:
            self.y += self.state.line_spacing
            self.text_lines.append("")
            return
        used = sum(g.width for g in self.line)
        height = max(g.height for g in self.line)
        x = {0: 0, 1: (self.width - used) // 2, 2: self.width - used}[self.state.align]
        for glyph in self.line:
            # characters of different heights on one line share the baseline
            self.ops.append(("glyph", x, self.y + height - glyph.height, glyph))
            x += glyph.width
        self.text_lines.append("".join(g.char for g in self.line))
        self.y += max(self.state.line_spacing, height)
        self.line = []

    def feed(self, lines: int) -> None:
        if self.line:
            self.print_line()
            lines -= 1
        self.y += max(0, lines) * self.state.line_spacing

    def feed_dots(self, dots: int) -> None:
        top = self.y
        if self.line:
            self.print_line()  # the buffered line prints, and the paper moves n dots instead of a line
            self.y = top
        self.y += dots

    # --- other blocks -----------------------------------------------------

    def print_qr(self) -> None:
        s = self.state
        if self.line:
            self.print_line()
        if not s.qr_data:
            return
        qr = segno.make_qr(s.qr_data.decode("utf-8"), error=s.qr_error, boost_error=False)
        side = int(qr.symbol_size(scale=s.qr_size, border=0)[0])
        x = {0: 0, 1: (self.width - side) // 2, 2: self.width - side}[s.align]
        self.ops.append(("qr", x, self.y, (qr, s.qr_size)))
        self.y += side

    def cut(self) -> None:
        if self.line:
            self.print_line()
        self.ops.append(("cut", 0, self.y, None))
        self.cuts += 1
        self.y += 2 * MARGIN

    # --- output -----------------------------------------------------------

    def paint(self) -> Image.Image:
        image = Image.new("L", (self.width + 2 * MARGIN, self.y + 2 * MARGIN), 255)
        draw = ImageDraw.Draw(image)
        for kind, op_x, op_y, what in self.ops:
            x, y = op_x + MARGIN, op_y + MARGIN
            if kind == "glyph":
                assert isinstance(what, _Glyph)
                cell = _glyph_image(what.char, what.width // what.scale_w, what.bold)
                if what.scale_w != 1 or what.scale_h != 1:
                    cell = cell.resize((what.width, what.height), Image.Resampling.NEAREST)
                image.paste(0, (x, y), cell)
            elif kind == "qr":
                assert isinstance(what, tuple)
                qr, scale = what
                image.paste(_qr_image(qr, scale), (x, y))
            else:
                for start in range(0, image.width, 12):
                    draw.line([(start, y + MARGIN // 2), (start + 6, y + MARGIN // 2)], fill=160)
        return image


def render(data: bytes, paper_width_mm: int = 80) -> RenderedReceipt:
    """Interpret ``data`` and draw it on paper ``paper_width_mm`` wide (58 or 80)."""
    painter = _Painter(paper_width_mm)
    s = painter.state
    i = 0
    n = len(data)

    def need(count: int) -> bytes:
        if i + count > n:
            raise ValueError(f"the data ends inside a command at byte {i}")
        return data[i : i + count]

    while i < n:
        byte = data[i]
        if byte == 0x0A:
            painter.print_line()
            i += 1
        elif byte == 0x0D:
            i += 1  # CR does nothing when LF follows
        elif byte == ESC:
            command = need(2)[1]
            if command == ord("@"):
                painter.line = []
                painter.state = s = _State()
                i += 2
            elif command == ord("a"):
                s.align = need(3)[2] % 48
                i += 3
            elif command == ord("E"):
                s.bold = bool(need(3)[2] & 1)
                i += 3
            elif command == ord("!"):
                mode = need(3)[2]
                s.bold = bool(mode & 0x08)
                s.scale_h = 2 if mode & 0x10 else 1
                s.scale_w = 2 if mode & 0x20 else 1
                i += 3
            elif command == ord("d"):
                painter.feed(need(3)[2])
                i += 3
            elif command == ord("J"):
                painter.feed_dots(need(3)[2])
                i += 3
            elif command == ord("2"):
                s.line_spacing = DEFAULT_LINE_SPACING
                i += 2
            elif command == ord("3"):
                s.line_spacing = need(3)[2]
                i += 3
            elif command == ord("t"):
                i += 3  # code table: only used outside Chinese mode, for the bytes 0x80 and up
            else:
                raise ValueError(f"unsupported command ESC {command:#04x} at byte {i}")
        elif byte == FS:
            command = need(2)[1]
            if command == ord("&"):
                s.chinese = True
                i += 2
            elif command == ord("."):
                s.chinese = False
                i += 2
            else:
                raise ValueError(f"unsupported command FS {command:#04x} at byte {i}")
        elif byte == GS:
            command = need(2)[1]
            if command == ord("!"):
                size = need(3)[2]
                s.scale_w = min(8, (size >> 4) + 1)
                s.scale_h = min(8, (size & 0x0F) + 1)
                i += 3
            elif command == ord("V"):
                mode = need(3)[2]
                i += 4 if mode in (65, 66, 97, 98, 103, 104) else 3
                painter.cut()
            elif command == ord("r"):
                i += 3  # status query: prints nothing
            elif command == ord("(") and need(3)[2] == ord("k"):
                head = need(7)
                length = head[3] + 256 * head[4]
                body = need(5 + length)[5:]
                i += 5 + length
                _qr_function(painter, body)
            else:
                raise ValueError(f"unsupported command GS {command:#04x} at byte {i}")
        elif byte == DLE:
            if need(2)[1] == 0x04:
                i += 3  # DLE EOT n, a real-time status query: prints nothing
            else:
                raise ValueError(f"unsupported command DLE {data[i + 1]:#04x} at byte {i}")
        elif byte < 0x20 or byte == 0x7F:
            raise ValueError(f"unsupported control byte {byte:#04x} at byte {i}")
        elif byte < 0x80:
            painter.add_char(chr(byte), wide=False)
            i += 1
        elif s.chinese and byte != 0xFF:
            size = 4 if i + 1 < n and 0x30 <= data[i + 1] <= 0x39 else 2
            painter.add_char(need(size).decode("gb18030"), wide=True)
            i += size
        else:
            painter.add_char(bytes([byte]).decode("cp437"), wide=False)
            i += 1
    if painter.line:
        painter.print_line()  # a printer prints what is left when the job ends with a cut or a feed
    boxes = [
        (x + MARGIN, y + MARGIN, x + MARGIN + _qr_side(*what), y + MARGIN + _qr_side(*what))
        for kind, x, y, what in painter.ops
        if kind == "qr" and isinstance(what, tuple)
    ]
    return RenderedReceipt(painter.paint(), painter.cuts, painter.text_lines, boxes)


def _qr_function(painter: _Painter, body: bytes) -> None:
    """One ``GS ( k`` function for the QR code symbol (cn = 49)."""
    if len(body) < 2 or body[0] != 49:
        raise ValueError("only QR code 2D symbols (GS ( k cn=49) are supported")
    fn, params = body[1], body[2:]
    s = painter.state
    if fn == 65:  # model
        return
    if fn == 67:
        s.qr_size = params[0]
    elif fn == 69:
        s.qr_error = _QR_ERROR[params[0]]
    elif fn == 80:
        s.qr_data = params[1:]  # after m = 48
    elif fn == 81:
        painter.print_qr()
    else:
        raise ValueError(f"unsupported QR function {fn}")


def _qr_side(qr: segno.QRCode, scale: int) -> int:
    return len(qr.matrix) * scale


def _qr_image(qr: segno.QRCode, scale: int) -> Image.Image:
    side = len(qr.matrix)
    pixels = bytes(0 if dark else 255 for row in qr.matrix for dark in row)
    symbol = Image.frombytes("L", (side, side), pixels)
    return symbol.resize((side * scale, side * scale), Image.Resampling.NEAREST)


@functools.lru_cache(maxsize=4)
def _font(bold: bool) -> ImageFont.FreeTypeFont:
    path = NOTO_SANS_CJK_BOLD if bold else NOTO_SANS_CJK
    if not path.exists():
        raise FileNotFoundError(
            f"the receipt renderer needs the Noto CJK fonts ({path}): install fonts-noto-cjk"
        )
    return ImageFont.truetype(str(path), CELL_HEIGHT, index=NOTO_SC_INDEX)


@functools.lru_cache(maxsize=4096)
def _glyph_image(char: str, width: int, bold: bool) -> Image.Image:
    """A mask of one character in its cell (12 or 24 dots wide, 24 high)."""
    font = _font(bold)
    drawn = max(width, int(font.getlength(char)) + 1)
    cell = Image.new("L", (drawn, CELL_HEIGHT), 0)
    ImageDraw.Draw(cell).text((drawn / 2, 21), char, font=font, fill=255, anchor="ms")
    if drawn > width:  # Noto's Latin letters are proportional: squeeze a wide one (M, W) into its cell
        cell = cell.resize((width, CELL_HEIGHT), Image.Resampling.LANCZOS)
    return cell
