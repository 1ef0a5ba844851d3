"""The receipt slip: what it says, that it never carries a full name or ID number, and that it prints."""

from __future__ import annotations

from datetime import datetime

import pytest

from devices.receipt_printer.base import QrCode, Receipt, TextLine
from devices.receipt_printer.escpos_layout import receipt_bytes
from devices.receipt_printer.escpos_render import render
from kiosk.config import KioskIdentity
from kiosk.documents.receipt import TAKE_YOUR_THINGS, build_receipt, build_test_receipt
from tests.qr import decode_qr

KIOSK = KioskIdentity(id="KSK-HALL-07", hotline="0571-12345")
ID_NUMBER = "11010519491231002X"
PAYLOAD = "CK1.eyJuIjoiS1NLLUhBTEwtMDctMjAyNTAxMDItMDAwMTIzIiwidCI6ImNyZWRpdF9yZXBvcnQifQ.ZmFrZS1zaWduYXR1cmU"


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
    assert [b for b in slip("张三").blocks if isinstance(b, QrCode)] == [QrCode(PAYLOAD)]


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
