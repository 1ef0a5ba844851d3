"""The renderer draws what the printer would: text where it belongs, rare characters, a QR that scans."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from devices.receipt_printer.base import Align, Feed, QrCode, Receipt, Rule, TextLine
from devices.receipt_printer.escpos_layout import receipt_bytes
from devices.receipt_printer.escpos_render import MARGIN, _glyph_image, render
from tests.qr import decode_qr


def ink_columns(image: Image.Image, top: int, bottom: int) -> tuple[int, int]:
    """First and last column with ink between two rows."""
    band = np.array(image.convert("L"))[top:bottom] < 128
    cols = np.flatnonzero(band.any(axis=0))
    return int(cols[0]), int(cols[-1])


@pytest.mark.parametrize("width", [58, 80])
def test_the_qr_code_reads_back(width: int) -> None:
    payload = "CK1.eyJuIjoiS1NLLURFTU8tMDEtMjAyNTAxMDItMDAwMTIzIn0.c2lnbmF0dXJlLWJ5dGVzLWhlcmUtZm9yLWEtdGVzdA"
    receipt = Receipt((TextLine("核验"), Feed(1), QrCode(payload), Feed(1)), paper_width_mm=width)
    rendered = render(receipt_bytes(receipt), width)
    assert decode_qr(rendered.image) == payload
    assert rendered.image.width == {58: 384, 80: 576}[width] + 2 * MARGIN


def test_text_lines_cut_and_alignment() -> None:
    receipt = Receipt(
        (
            TextLine("左", Align.LEFT),
            TextLine("中", Align.CENTER),
            TextLine("右", Align.RIGHT),
            TextLine("大", Align.LEFT, large=True),
            Rule(),
        ),
        paper_width_mm=80,
    )
    rendered = render(receipt_bytes(receipt), 80)
    assert rendered.cuts == 1
    assert rendered.text_lines[:4] == ["左", "中", "右", "大"]
    assert rendered.text_lines[4] == "-" * 48
    image = rendered.image
    left, center, right = (ink_columns(image, MARGIN + 30 * i, MARGIN + 30 * i + 24) for i in range(3))
    assert left[0] < MARGIN + 24
    assert abs((center[0] + center[1]) / 2 - image.width / 2) < 12
    assert right[1] > image.width - MARGIN - 24
    large = ink_columns(image, MARGIN + 90, MARGIN + 90 + 48)
    assert large[1] - large[0] > 30  # drawn 48 dots wide, not 24


def test_bold_draws_more_ink() -> None:
    plain = render(receipt_bytes(Receipt((TextLine("政务服务"),), cut=False))).image
    bold = render(receipt_bytes(Receipt((TextLine("政务服务", bold=True),), cut=False))).image
    assert (np.array(bold) < 128).sum() > (np.array(plain) < 128).sum() * 1.1


@pytest.mark.parametrize("char", ["䶮", "𠮷"])
def test_rare_characters_have_real_glyphs(char: str) -> None:
    missing = _glyph_image("\u0378", 24, False)  # unassigned: the font draws its "missing" box
    glyph = _glyph_image(char, 24, False)
    assert np.array(glyph).max() > 128
    assert not np.array_equal(np.array(glyph), np.array(missing))


def test_four_byte_gb18030_is_read_as_one_character() -> None:
    rendered = render(b"\x1b@\x1c&" + "𠮷䶮A".encode("gb18030") + b"\n", 58)
    assert rendered.text_lines == ["𠮷䶮A"]


def test_a_line_too_long_wraps_like_the_printer() -> None:
    rendered = render(b"\x1b@\x1c&" + "一".encode("gb18030") * 20 + b"\n", 58)
    assert rendered.text_lines == ["一" * 16, "一" * 4]


@pytest.mark.parametrize("data", [b"\x1b@\x1b*\x00", b"\x1b@\x07", b"\x1d(k\x05\x00", b"\x1dv0\x00"])
def test_bytes_outside_the_subset_are_refused(data: bytes) -> None:
    with pytest.raises(ValueError):
        render(data)


def test_png_output() -> None:
    png = render(receipt_bytes(Receipt((TextLine("测试"),)))).png()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")


def test_esc_j_feeds_the_paper_by_dots() -> None:
    """ESC J n prints the line and moves the paper n dots: how a QR code keeps its quiet zone."""
    plain = render(b"\x1b@A\nB\n", 80).image.height
    fed = render(b"\x1b@A\x1bJ\x28B\n", 80).image.height
    assert fed - plain == 40 - 30  # A ended by ESC J 40 instead of LF: 40 dots instead of a 30-dot line
    assert render(b"\x1b@\x1bJ\x28A\n", 80).image.height - render(b"\x1b@A\n", 80).image.height == 40
