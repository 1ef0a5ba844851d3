"""The A4 page frame every document shares, and the drawing and formatting pieces its layouts use.

Every page carries the document number, the verification QR (top right, with
"扫码验证" under it), "x / y" at the foot, and a light diagonal watermark
"自助打印 <date time> <kiosk id>" drawn before the page's text so it never
hides it. Tables repeat their headings on every page they run onto.

The QR is one filled path in module units (every dark module a square of it, the
squares of a row merged): a rasteriser covers one shape, so no hairline seams
open between neighbouring modules, as they do when each square is drawn (and
anti-aliased) on its own. Around it, four modules of white that nothing else
enters: not the caption, not the header rule, not the watermark.

The layouts (:mod:`kiosk.documents.layouts`) draw on this frame and the renderer
(:mod:`kiosk.documents.render`) picks a layout: both import this module, and it
imports neither.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

import segno
from fpdf import FPDF
from fpdf.drawing import GraphicsContext, PaintedPath
from fpdf.drawing_primitives import Transform
from fpdf.enums import (
    Align,
    PathPaintRule,
    TableBordersLayout,
    TableCellFillMode,
    TableHeadingsDisplay,
    XPos,
    YPos,
)
from fpdf.fonts import FontFace

from kiosk.documents.base import IssueContext
from kiosk.documents.fonts import DocumentFaces

PAGE_W, PAGE_H = 210.0, 297.0
MARGIN_X = 20.0
TOP = 42.0  # below the header band with the QR
BOTTOM = 20.0  # above the foot with "x / y"
CONTENT_W = PAGE_W - 2 * MARGIN_X
QR_SIZE = 24.0
"""The code's side: a version 6 code (41 modules) gets 0.59 mm modules, which a phone resolves at 30 cm."""
QR_TOP = 7.0
QR_LEFT = PAGE_W - MARGIN_X - QR_SIZE
QR_QUIET_MODULES = 4
"""The quiet zone the QR standard asks for (ISO/IEC 18004), in modules."""
HEADER_RULE_Y = 38.0
"""Below the caption, which sits below the quiet zone."""

INK = (20, 20, 20)
RULE = (60, 60, 60)
SHADE = (236, 236, 236)
WATERMARK = (226, 226, 226)


# -- formatting ---------------------------------------------------------------------


def yuan(amount: Decimal) -> str:
    return f"{amount:,.2f}"


def ymd(day: date) -> str:
    return f"{day:%Y-%m-%d}"


def cn_date(day: date) -> str:
    return f"{day.year}年{day.month:02d}月{day.day:02d}日"


# -- the page frame -----------------------------------------------------------------


class DocumentPdf(FPDF):
    """One document's pages: the shared frame plus the drawing helpers layouts use."""

    def __init__(self, faces: DocumentFaces, title: str, issue: IssueContext, payload: str) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.faces = faces
        self.doc_title = title
        self.issue = issue
        self.payload = payload
        self._qr = segno.make_qr(payload, error="m")  # make_qr: never a Micro QR
        # Built once, drawn on every page: fpdf2 would deep-copy a new path per page (50 ms).
        self._qr_path = _qr_path(self._qr.matrix, QR_LEFT, QR_TOP)
        faces.attach(self)
        self.set_margins(MARGIN_X, TOP, MARGIN_X)
        self.set_auto_page_break(True, margin=BOTTOM)
        self.set_creation_date(issue.issued_at)
        self.set_title(title)
        self.set_author(issue.kiosk_name)
        self.set_creator("Civic Kiosk")
        self.set_draw_color(*RULE)
        self.set_text_color(*INK)
        self.alias_nb_pages()

    # fpdf2 calls header() as each page starts: the watermark goes down first, under the text.
    def header(self) -> None:
        self._watermark()
        self._qr_code()
        self.set_text_color(*INK)
        self.set_font("serif", size=8.5)
        self.set_xy(MARGIN_X, 12.0)
        self.cell(0, 4.5, f"文件编号：{self.issue.number}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.cell(
            0, 4.5, f"出具时间：{self.issue.issued_at:%Y-%m-%d %H:%M}", new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        self.cell(0, 4.5, f"出具终端：{self.issue.kiosk_name}（{self.issue.kiosk_id}）")
        if self.page_no() > 1:
            self.set_font("sans-bold", size=10)
            self.set_xy(MARGIN_X, 28.0)
            self.cell(0, 6, f"{self.doc_title}（续）")
        self.set_line_width(0.5)
        self.line(MARGIN_X, HEADER_RULE_Y, PAGE_W - MARGIN_X, HEADER_RULE_Y)
        self.set_line_width(0.2)
        self.set_xy(MARGIN_X, TOP)

    def footer(self) -> None:
        self.set_y(-14.0)
        self.set_line_width(0.2)
        self.line(MARGIN_X, PAGE_H - 15.0, PAGE_W - MARGIN_X, PAGE_H - 15.0)
        self.set_font("serif", size=8)
        self.set_text_color(90, 90, 90)
        self.cell(CONTENT_W / 3, 6, "自助终端打印 · 扫码验证真伪", align=Align.L)
        self.set_font("serif", size=9.5)
        self.set_text_color(*INK)
        self.cell(CONTENT_W / 3, 6, f"{self.page_no()} / {{nb}}", align=Align.C)
        self.set_font("serif", size=8)
        self.set_text_color(90, 90, 90)
        self.cell(CONTENT_W / 3, 6, self.issue.number, align=Align.R)
        self.set_text_color(*INK)

    def _watermark(self) -> None:
        text = f"自助打印 {self.issue.issued_at:%Y-%m-%d %H:%M} {self.issue.kiosk_id}"
        self.set_font("sans-bold", size=22)
        self.set_text_color(*WATERMARK)
        width = self.get_string_width(text)
        for centre_y in (95.0, 165.0, 235.0):
            with self.rotation(angle=32, x=PAGE_W / 2, y=centre_y):
                self.text(PAGE_W / 2 - width / 2, centre_y + 3, text)
        self.set_text_color(*INK)

    def _qr_code(self) -> None:
        quiet = QR_QUIET_MODULES * QR_SIZE / len(self._qr.matrix)
        size = QR_SIZE + 2 * quiet
        self.set_fill_color(255, 255, 255)
        self.rect(QR_LEFT - quiet, QR_TOP - quiet, size, size, style="F")  # white over anything below
        self.draw_path(self._qr_path, copy=False)
        self.set_font("sans-bold", size=7.5)
        self.set_xy(QR_LEFT, QR_TOP + QR_SIZE + quiet + 0.2)
        self.cell(QR_SIZE, 3.2, "扫码验证", align=Align.C)

    # -- helpers for layouts --------------------------------------------------------

    def title_block(self, title: str, subtitle: str = "") -> None:
        self.set_font("serif-bold", size=20)
        self.set_y(TOP + 1)
        self.cell(0, 11, title, align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if subtitle:
            self.set_font("serif", size=10.5)
            self.cell(0, 6, subtitle, align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(4)

    def section(self, title: str) -> None:
        if self.will_page_break(22):
            self.add_page()
        self.ln(2)
        self.set_font("sans-bold", size=11)
        self.cell(0, 8, title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(0.5)

    def paragraph(self, text: str, size: float = 10.5, indent: bool = False) -> None:
        self.set_font("serif", size=size)
        self.multi_cell(
            0, size * 0.62, ("\u3000\u3000" if indent else "") + text, new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )

    def data_table(
        self,
        headings: Sequence[str],
        rows: Iterable[Sequence[str]],
        widths: Sequence[float],
        aligns: Sequence[str] | None = None,
        size: float = 8.5,
    ) -> None:
        """A ruled table whose heading row repeats on every page it runs onto."""
        self.set_font("serif", size=size)
        with self.table(
            col_widths=tuple(widths),
            width=CONTENT_W,
            text_align=tuple(aligns) if aligns else "CENTER",
            line_height=size * 0.55,
            padding=(1.0, 1.2),
            borders_layout=TableBordersLayout.ALL,
            headings_style=FontFace(family="sans-bold", size_pt=size, fill_color=SHADE),
            repeat_headings=TableHeadingsDisplay.ON_TOP_OF_EVERY_PAGE,
            cell_fill_mode=TableCellFillMode.NONE,
        ) as table:
            table.row(list(headings))
            for values in rows:
                table.row(list(values))
        self.ln(2)

    def field_table(
        self, pairs: Sequence[tuple[str, str]], label_w: float = 34.0, size: float = 10.0
    ) -> None:
        """Label / value rows, as on a certificate; values wrap."""
        self.set_font("serif", size=size)
        with self.table(
            col_widths=(label_w, CONTENT_W - label_w),
            width=CONTENT_W,
            text_align=("CENTER", "LEFT"),
            line_height=size * 0.6,
            padding=(2.0, 2.0),
            first_row_as_headings=False,
            borders_layout=TableBordersLayout.ALL,
        ) as table:
            for label, value in pairs:
                row = table.row()
                row.cell(label, style=FontFace(family="sans-bold", size_pt=size, fill_color=SHADE))
                row.cell(value)
        self.ln(2)

    def issuer_lines(self, lines: Sequence[str]) -> None:
        """The issuing block at the end, set right, as on a stamped certificate."""
        if self.will_page_break(6.5 * len(lines) + 6):
            self.add_page()
        self.ln(4)
        self.set_font("serif", size=10.5)
        for line in lines:
            self.cell(0, 6.5, line, align=Align.R, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _qr_path(matrix: Sequence[Sequence[int]], x: float, y: float) -> GraphicsContext:
    """The code's dark modules as one filled shape: each row's runs a rectangle of one path."""
    count = len(matrix)
    path = PaintedPath()
    path.style.fill_color = "#000000"
    path.style.paint_rule = PathPaintRule.FILL_NONZERO
    # Whole-number coordinates in module units: neighbouring squares share exact edges.
    path.transform = Transform.scaling(QR_SIZE / count).translate(x, y)
    for row_index, row in enumerate(matrix):
        start = None
        for col in range(count + 1):
            dark = col < count and bool(row[col])
            if dark and start is None:
                start = col
            elif not dark and start is not None:
                path.rectangle(start, row_index, col - start, 1)
                start = None
    drawing = GraphicsContext()
    drawing.add_item(path, clone=False)
    return drawing


# -- a layout -----------------------------------------------------------------------

Layout = Callable[[DocumentPdf, Any], None]
"""Sets one kind of document's content on the pages (its content type is the ``Any``)."""
