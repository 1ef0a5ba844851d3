"""The receipt slip: what it says, that it never carries a full name or ID number, and that it prints
with a verification QR that ZBar and OpenCV both read, as printed and after a scan."""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pytest

from devices.receipt_printer.base import QrCode, Receipt, TextLine
from devices.receipt_printer.escpos_layout import QR_QUIET_MODULES, receipt_bytes
from devices.receipt_printer.escpos_render import render
from kiosk.config import KioskIdentity
from kiosk.documents.base import DocumentKind
from kiosk.documents.qr_reading import read_qr
from kiosk.documents.receipt import QR_MODULE_DOTS, TAKE_YOUR_THINGS, build_receipt, build_test_receipt
from kiosk.documents.signing import sign_payload, verify_payload
from tests.documents import samples
from tests.qr import DECODER_FAMILIES, decode_qr, print_and_scan

KIOSK = KioskIdentity(id="KSK-HALL-07", hotline="0571-12345")
ID_NUMBER = "11010519491231002X"
KEY = samples.fixed_signing_key(KIOSK.id)
PAYLOAD = sign_payload(
    KEY,
    DocumentKind.CREDIT_REPORT,
    samples.fixed_issue(DocumentKind.CREDIT_REPORT).number,
    samples.ISSUED_AT,
    "5e" * 32,
)
PRINTER_DPI = 203


def slip(name: str, id_number: str = ID_NUMBER, width: int = 80) -> Receipt:
    return build_receipt(
        KIOSK,
        service_title="个人信用报告",
        issued_at=datetime(2025, 1, 2, 18, 30, 5),
        holder_name=name,
        holder_id_number=id_number,
        document_number="KSK-HALL-07-20250102-000123",
        pages=5,
        verification=PAYLOAD,
        paper_width_mm=width,  # type: ignore[arg-type]
    )


def texts(receipt: Receipt) -> list[str]:
    return [block.text for block in receipt.blocks if isinstance(block, TextLine)]


def test_the_slip_says_what_the_issue_asks() -> None:
    lines = "\n".join(texts(slip("张三")))
    for expected in (
        KIOSK.name,
        "KSK-HALL-07",
        "个人信用报告",
        "2025-01-02 18:30:05",
        "张*",
        "1101**********002X",
        "KSK-HALL-07-20250102-000123",
        "5 页",
        TAKE_YOUR_THINGS,
        KIOSK.hall,
        "0571-12345",
    ):
        assert expected in lines
    assert TAKE_YOUR_THINGS == "请取走您的身份证和文件"
    assert [b for b in slip("张三").blocks if isinstance(b, QrCode)] == [QrCode(PAYLOAD, QR_MODULE_DOTS)]


@pytest.mark.parametrize(("name", "masked"), [("䶮明", "䶮*"), ("𠮷祥", "𠮷*"), ("欧阳䶮", "欧**")])
def test_the_slip_never_carries_the_full_name_or_number(name: str, masked: str) -> None:
    receipt = slip(name)
    data = receipt_bytes(receipt)
    everything = "\n".join(texts(receipt)) + "".join(b.data for b in receipt.blocks if isinstance(b, QrCode))
    assert masked in everything
    assert name not in everything and name[1:] not in everything
    assert ID_NUMBER not in everything and ID_NUMBER[4:-4] not in everything
    assert name.encode("gb18030") not in data
    assert ID_NUMBER.encode() not in data and ID_NUMBER[4:-4].encode() not in data
    assert name not in repr(receipt) and ID_NUMBER not in repr(receipt)


def test_already_masked_values_give_the_same_slip() -> None:
    assert slip("张*", "1101**********002X") == slip("张三", ID_NUMBER)


@pytest.mark.parametrize("width", [58, 80])
@pytest.mark.parametrize(("name", "masked"), [("䶮明", "䶮*"), ("𠮷祥", "𠮷*")])
def test_the_slip_prints_rare_surnames_and_its_qr_code_reads_back(width: int, name: str, masked: str) -> None:
    receipt = slip(name, width=width)
    assert receipt.paper_width_mm == width
    rendered = render(receipt_bytes(receipt), width)
    assert f"姓\u3000\u3000名：{masked}" in rendered.text_lines
    assert rendered.cuts == 1
    decoded = decode_qr(rendered.image)
    assert decoded == PAYLOAD


@pytest.mark.parametrize("scanned", [False, True], ids=["printed", "scanned"])
@pytest.mark.parametrize("width", [58, 80])
def test_both_decoders_read_and_verify_the_slips_code(width: int, scanned: bool) -> None:
    """The slip as the ESC/POS renderer draws it at the printer's 203 dpi, one pixel a dot; and the
    same after a scan (2° tilt, blur, grey paper, noise). The printed slip is decoded whole."""
    image = np.asarray(render(receipt_bytes(slip("张三", width=width)), width).image.convert("L"))
    if scanned:
        image = print_and_scan(image, PRINTER_DPI)
    for family, decoders in DECODER_FAMILIES.items():
        text = read_qr(image, decoders)
        assert text == PAYLOAD, f"{family} did not read the slip's code"
        verdict = verify_payload(text, [KEY.public], samples.ISSUED_AT)
        assert verdict.valid, verdict.reason


@pytest.mark.parametrize("width", [58, 80])
def test_the_slips_code_has_four_modules_of_white_round_it(width: int) -> None:
    rendered = render(receipt_bytes(slip("张三", width=width)), width)
    [(left, top, right, bottom)] = rendered.qr_boxes
    assert right - left == 41 * QR_MODULE_DOTS  # version 6: 26 mm at 203 dpi
    quiet = QR_QUIET_MODULES * QR_MODULE_DOTS
    image = np.asarray(rendered.image.convert("L")).copy()
    around = image[top - quiet : bottom + quiet, left - quiet : right + quiet].copy()
    around[quiet:-quiet, quiet:-quiet] = 255
    assert around.min() == 255, "ink within four modules of the code"
    assert (image[bottom + quiet : bottom + quiet + 40] < 128).any(), "the caption follows the code"


def test_copies_show_on_the_slip() -> None:
    receipt = build_receipt(
        KIOSK,
        service_title="营业执照",
        issued_at=datetime(2025, 1, 2, 9, 0),
        holder_name="李四",
        holder_id_number=ID_NUMBER,
        document_number="N-1",
        pages=1,
        verification="x",
        copies=3,
    )
    assert "页\u3000\u3000数：1 页 × 3 份" in texts(receipt)


def test_the_test_slip_has_rare_characters_and_a_qr_code() -> None:
    receipt = build_test_receipt(KIOSK, printed_at=datetime(2025, 1, 2, 3, 4, 5), paper_width_mm=58)
    data = receipt_bytes(receipt)
    assert "䶮".encode("gb18030") in data and "𠮷".encode("gb18030") in data
    rendered = render(data, 58)
    decoded = decode_qr(rendered.image)
    assert decoded == "CIVIC-KIOSK PRINT TEST KSK-HALL-07 2025-01-02 03:04:05"
