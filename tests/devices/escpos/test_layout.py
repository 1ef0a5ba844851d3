"""Golden bytes: exactly what goes to the printer for a receipt on 58 mm and on 80 mm paper."""

from __future__ import annotations

import pytest
from escpos.printer import Dummy

from devices.receipt_printer.base import Align, Feed, QrCode, Receipt, Rule, TextLine
from devices.receipt_printer.escpos_layout import columns, display_width, receipt_bytes, wrap

INIT = b"\x1b@"
CHINESE = b"\x1c&"
PLAIN_LEFT = b"\x1d!\x00" + b"\x1bE\x00" + b"\x1ba\x00"  # GS ! size 1×1, ESC E bold off, ESC a left
LARGE_BOLD_CENTER = b"\x1d!\x11" + b"\x1bE\x01" + b"\x1ba\x01"
PLAIN_CENTER = b"\x1d!\x00" + b"\x1bE\x00" + b"\x1ba\x01"
FEED_AND_CUT = b"\x1bd\x06" + b"\x1dV\x00"  # ESC d 6 (past the cutter), GS V 0 (full cut)

NAME = bytes.fromhex("d0d5 c3fb a3ba 9534b235 2a")  # 姓名：𠮷* — 𠮷 is a 4-byte GB18030 character
YAN = bytes.fromhex("fe9f")  # 䶮
TAKE_1 = bytes.fromhex("c7eb c8a1 d7df c4fa b5c4 c9ed b7dd d6a4")  # 请取走您的身份证
TAKE_2 = bytes.fromhex("bacd cec4 bcfe")  # 和文件


def qr_bytes(size: int) -> bytes:
    """ESC J: four modules of paper; GS ( k: model 2, module size, error level M, store "HELLO",
    print; ESC J: four modules of paper again — the quiet zone, whatever the blocks around."""
    quiet = b"\x1bJ" + bytes([4 * size])
    return (
        quiet
        + b"\x1d(k\x04\x001A2\x00"
        + b"\x1d(k\x03\x001C"
        + bytes([size])
        + b"\x1d(k\x03\x001E1"
        + b"\x1d(k\x08\x001P0HELLO"
        + b"\x1d(k\x03\x001Q0"
        + quiet
    )


def sample(paper_width_mm: int) -> Receipt:
    return Receipt(
        (
            TextLine("姓名：𠮷*", Align.CENTER, bold=True, large=True),
            TextLine("䶮"),
            Rule(),
            TextLine("请取走您的身份证和文件", Align.CENTER, bold=True, large=True),
            QrCode("HELLO", module_size=16),
            Feed(2),
        ),
        paper_width_mm=paper_width_mm,
    )


def test_golden_bytes_58mm() -> None:
    expected = (
        INIT
        + CHINESE
        + LARGE_BOLD_CENTER
        + NAME
        + b"\n"
        + PLAIN_LEFT
        + YAN
        + b"\n"
        + PLAIN_LEFT
        + b"-" * 32
        + b"\n"
        # 16 columns at double width: eight Chinese characters, then the rest
        + LARGE_BOLD_CENTER
        + TAKE_1
        + b"\n"
        + TAKE_2
        + b"\n"
        # version 1 (21 modules + 8 quiet) fits 13 dots a module on 384 dots, not the 16 asked for
        + PLAIN_CENTER
        + qr_bytes(13)
        + b"\x1bd\x02"
        + FEED_AND_CUT
    )
    assert receipt_bytes(sample(58)) == expected


def test_golden_bytes_80mm() -> None:
    expected = (
        INIT
        + CHINESE
        + LARGE_BOLD_CENTER
        + NAME
        + b"\n"
        + PLAIN_LEFT
        + YAN
        + b"\n"
        + PLAIN_LEFT
        + b"-" * 48
        + b"\n"
        + LARGE_BOLD_CENTER
        + TAKE_1
        + TAKE_2
        + b"\n"
        + PLAIN_CENTER
        + qr_bytes(16)
        + b"\x1bd\x02"
        + FEED_AND_CUT
    )
    assert receipt_bytes(sample(80)) == expected


def test_no_cut_when_the_receipt_says_so() -> None:
    data = receipt_bytes(Receipt((TextLine("x"),), paper_width_mm=80, cut=False))
    assert data == INIT + CHINESE + PLAIN_LEFT + b"x\n"


def test_python_escpos_own_text_turns_rare_characters_into_question_marks() -> None:
    """Why the layout encodes text itself: the library's encoder loses 䶮 and 𠮷."""
    printer = Dummy()
    printer.text("䶮𠮷\n")
    assert YAN not in printer.output
    assert b"?" in printer.output
    assert YAN in receipt_bytes(Receipt((TextLine("䶮"),)))


def test_control_characters_in_text_cannot_become_commands() -> None:
    data = receipt_bytes(Receipt((TextLine("a\x1bd\x09b\nc"),), cut=False))
    assert data.endswith(b"a d\tb c\n".replace(b"\t", b" "))


def test_a_qr_code_too_big_for_the_paper_is_refused() -> None:
    with pytest.raises(ValueError, match="does not fit"):
        receipt_bytes(Receipt((QrCode("x" * 2000),), paper_width_mm=58))
    assert b"\x1d(k" in receipt_bytes(Receipt((QrCode("x" * 2000),), paper_width_mm=80))


def test_columns_and_display_width() -> None:
    assert columns(58) == 32 and columns(80) == 48
    assert columns(58, large=True) == 16
    assert display_width("䶮𠮷ab") == 6


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        ("文件编号：KSK-DEMO-01-20250102-000123", 32, ["文件编号：", "KSK-DEMO-01-20250102-000123"]),
        ("hello world again", 11, ["hello world", "again"]),
        ("abcdefghijkl", 5, ["abcde", "fghij", "kl"]),
        ("一二三四五", 4, ["一二", "三四", "五"]),
        ("", 10, [""]),
    ],
)
def test_wrap_by_columns(text: str, width: int, lines: list[str]) -> None:
    assert wrap(text, width) == lines
    assert all(display_width(line) <= width for line in lines)
