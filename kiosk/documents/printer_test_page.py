"""The A4 printer's test page: Chinese text, rare characters and a QR code on one page.

Printed by ``kiosk print-test --printer cups:QUEUE`` and from the diagnostics screen
(after a paper refill too: CUPS clears a ``media-empty`` alert only when a job runs).
"""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

import segno

TEST_FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
TEST_FONT_INDEX = 2  # the simplified-Chinese face of the collection


def a4_test_page_pdf() -> bytes:
    """A one-page A4 PDF with Chinese text, 䶮 and 𠮷, and a QR code."""
    # fpdf takes about a second to import: the kiosk loads it on the documents thread after start
    # (the renderer's warm-up), never on the way to ready, which imports this module.
    from fpdf import FPDF  # noqa: PLC0415 - see above

    pdf = FPDF(format="A4")
    pdf.add_font("NotoSansSC", fname=str(TEST_FONT), collection_font_number=TEST_FONT_INDEX)
    pdf.add_page()
    pdf.set_font("NotoSansSC", size=28)
    pdf.cell(0, 16, "打印测试 Printer test", new_x="LMARGIN", new_y="NEXT", align="C")
    pdf.set_font("NotoSansSC", size=14)
    for line in (
        f"时间：{datetime.now():%Y-%m-%d %H:%M:%S}",
        "中文：政务服务自助终端",
        "生僻字：䶮 𠮷 龘",
        "ASCII: 0123456789 ABCxyz",
    ):
        pdf.cell(0, 10, line, new_x="LMARGIN", new_y="NEXT")
    qr = segno.make_qr("CIVIC-KIOSK PRINT TEST", error="m")
    png = io.BytesIO()
    qr.save(png, kind="png", scale=10, border=4)
    pdf.image(png, x=80, y=100, w=50)
    return bytes(pdf.output())
