"""The QR as drawn on the page: one seamless shape, and four modules of white round it.

Checked on the pixels two rasterisers make of the page. The old code — a square per run of dark
modules, each anti-aliased on its own — showed white hairlines between rows wherever a row's edge
fell inside a pixel: at 300 dpi with the old 0.45 mm modules, which stopped ZBar reading it, and
at 600 dpi with poppler at today's 0.59 mm.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import segno

from kiosk.documents.base import IssuedDocument
from kiosk.documents.page import MARGIN_X, PAGE_W, QR_QUIET_MODULES, QR_SIZE, QR_TOP
from tests.qr import Rasteriser, rasterise

DPI = 300


def code_geometry(payload: str, dpi: int = DPI) -> tuple[list[list[bool]], float, float, float]:
    """The modules, and the code's left and top edges and module size in pixels at ``dpi``."""
    matrix = [[bool(dark) for dark in row] for row in segno.make_qr(payload, error="m").matrix]
    px_per_mm = dpi / 25.4
    left = (PAGE_W - MARGIN_X - QR_SIZE) * px_per_mm
    return matrix, left, QR_TOP * px_per_mm, QR_SIZE / len(matrix) * px_per_mm


@pytest.mark.parametrize("dpi", [150, 200, 300, 600])
@pytest.mark.parametrize("rasteriser", list(Rasteriser))
def test_no_light_seam_between_neighbouring_dark_modules(
    rasteriser: Rasteriser, dpi: int, rendered: dict[str, IssuedDocument], tmp_path: Path
) -> None:
    document = rendered["business_license"]
    page = rasterise(document.pdf, dpi, rasteriser, tmp_path, top_mm=45)
    matrix, left, top, module = code_geometry(document.verification, dpi)
    count = len(matrix)
    worst = 0
    for row in range(count):
        for col in range(count):
            if not matrix[row][col]:
                continue
            x0, y0 = left + col * module, top + row * module
            inner = slice(round(x0 + module * 0.3), round(x0 + module * 0.7))
            if row + 1 < count and matrix[row + 1][col]:  # the edge shared with the module below
                edge = round(y0 + module)
                worst = max(worst, int(page[edge - 1 : edge + 1, inner].max()))
            if col + 1 < count and matrix[row][col + 1]:  # and with the one to the right
                edge = round(x0 + module)
                rows = slice(round(y0 + module * 0.3), round(y0 + module * 0.7))
                worst = max(worst, int(page[rows, edge - 1 : edge + 1].max()))
    # Where a seam opens it is 100–255; whole dark modules sampled off-centre stay under 40.
    assert worst < 80, f"a light seam (grey level {worst}) runs between two dark modules"


@pytest.mark.parametrize("name", ["credit_report", "business_license", "big_credit_report"])
def test_four_modules_of_white_round_the_code_on_every_page(
    name: str, rendered: dict[str, IssuedDocument], tmp_path: Path
) -> None:
    document = rendered[name]
    _matrix, left, top, module = code_geometry(document.verification)
    size = QR_SIZE * DPI / 25.4
    quiet = QR_QUIET_MODULES * module
    for page_index in range(min(document.pages, 2)):  # the first page, and a continuation page
        page = rasterise(document.pdf, DPI, Rasteriser.PDFIUM, tmp_path, top_mm=45, page_index=page_index)
        # The band from one pixel off the code's edge to four modules out (the code's own edge is grey).
        outer = page[
            round(top - quiet) : round(top + size + quiet), round(left - quiet) : round(left + size + quiet)
        ].copy()
        outer[round(quiet - 1) : round(quiet + size + 1), round(quiet - 1) : round(quiet + size + 1)] = 255
        assert outer.min() > 245, f"page {page_index + 1}: ink within four modules of the code"
        assert np.count_nonzero(page[round(top + size + quiet) :, round(left) : round(left + size)] < 128), (
            "the caption is not under the code"
        )
