"""The A4 PDFs: embedded fonts, selectable CJK text, pages, number, watermark, QR on every page."""

from __future__ import annotations

import hashlib
import io
import re
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from kiosk.documents.base import ATTACHMENT_NAME, DocumentKind, IssuedDocument, RenderError
from kiosk.documents.fonts import DocumentFaces
from kiosk.documents.pdf_verification import read_pdf_qr
from kiosk.documents.preview import attachment, page_texts
from kiosk.documents.render import PdfRenderer, canonical_data
from tests.documents import samples


def pdffonts(pdf: bytes, tmp_path: Path) -> list[list[str]]:
    path = tmp_path / "fonts.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    return [line.split() for line in out.splitlines()[2:] if line.strip()]


@pytest.mark.parametrize("name", [k.value for k in DocumentKind] + ["big_credit_report", "no_history"])
def test_every_font_is_an_embedded_subset(
    name: str, rendered: dict[str, IssuedDocument], tmp_path: Path
) -> None:
    rows = pdffonts(rendered[name].pdf, tmp_path)
    assert rows, "pdffonts listed no fonts"
    for row in rows:
        # name, type (CID Type 0C: 3 words), encoding, emb, sub, uni, object, id
        assert row[-5:-2] == ["yes", "yes", "yes"], f"not an embedded subset with a ToUnicode map: {row}"
        assert "NotoS" in row[0]


def test_rare_names_are_printed_as_selectable_text(rendered: dict[str, IssuedDocument]) -> None:
    credit = " ".join(page_texts(rendered["credit_report"].pdf))
    assert "李䶮" in credit
    insurance = " ".join(page_texts(rendered["social_insurance"].pdf))
    assert "𠮷祥" in insurance
    license_text = page_texts(rendered["business_license"].pdf)[0]
    assert "北京䶮𠮷科技有限公司" in license_text
    assert "统一社会信用代码" in license_text and "91110105MA01ABCD2X" in license_text


def test_business_license_has_every_field_and_a_long_term(rendered: dict[str, IssuedDocument]) -> None:
    text = page_texts(rendered["business_license"].pdf)[0].replace(" ", "").replace("\u3000", "")
    for label in (
        "名称",
        "类型",
        "法定代表人",
        "注册资本",
        "成立日期",
        "营业期限",
        "住所",
        "经营范围",
        "登记机关",
    ):
        assert label in text
    assert "2015年03月02日至长期" in text
    assert rendered["business_license"].pages == 1


def test_long_credit_report_spans_pages_with_headings_number_watermark_and_page_count(
    rendered: dict[str, IssuedDocument],
) -> None:
    document = rendered["big_credit_report"]
    texts = page_texts(document.pdf)
    assert document.pages == len(texts) >= 5
    for number, text in enumerate(texts, start=1):
        # pdfium may break the line where "{nb}" was filled in: compare without whitespace.
        assert f"{number}/{len(texts)}{document.number}" in re.sub(r"\s+", "", text)
        assert document.number in text
        assert "自助打印 2026-11-21 21:35 KSK-DEMO-01" in text
    # The account table runs onto page 2: its heading row is repeated there.
    assert "授信机构" in texts[1] and "序号" in texts[1]
    assert "N—正常还款" in " ".join(texts)


def test_person_without_credit_history_is_told_so(rendered: dict[str, IssuedDocument]) -> None:
    text = " ".join(page_texts(rendered["no_history"].pdf))
    assert "未发现本人的信贷交易记录" in text
    assert "信贷账户明细" not in text


def test_certificates_without_records_still_say_something(renderer: PdfRenderer) -> None:
    for kind, content, phrase in (
        (DocumentKind.SOCIAL_INSURANCE, samples.social_insurance(insured=False), "未发现"),
        (DocumentKind.TAX_PAYMENT, samples.tax_record(0), "未发现"),
        (DocumentKind.REAL_ESTATE, samples.real_estate(0), "未查询到"),
    ):
        document = renderer.render(samples.source(kind, content), samples.issue(kind))
        assert phrase in page_texts(document.pdf)[0]


def test_a_character_the_fonts_lack_fails_the_render_without_naming_the_person(
    renderer: PdfRenderer, faces: DocumentFaces
) -> None:
    lacking = next(chr(cp) for cp in range(0x30000, 0x3134B) if cp not in faces.faces["serif"].codepoints)
    holder = samples.Holder(name=f"王{lacking}明", id_number="110105194912310021")
    report = samples.credit_report(holder=holder, accounts=1, queries=0)
    with pytest.raises(RenderError) as caught:
        renderer.render(
            samples.source(DocumentKind.CREDIT_REPORT, report), samples.issue(DocumentKind.CREDIT_REPORT)
        )
    message = str(caught.value)
    assert f"U+{ord(lacking):04X}" in message
    assert holder.name not in message and "王" not in message and holder.id_number not in message


def test_qr_code_is_on_every_page_and_carries_the_payload(rendered: dict[str, IssuedDocument]) -> None:
    document = rendered["real_estate"]
    assert document.pages >= 2
    for page in range(document.pages):
        assert read_pdf_qr(document.pdf, page) == document.verification


def test_hash_is_of_the_canonical_data(rendered: dict[str, IssuedDocument]) -> None:
    document = rendered["tax_payment"]
    data = attachment(document.pdf, ATTACHMENT_NAME)
    assert data is not None and hashlib.sha256(data).hexdigest() == document.sha256
    issue = samples.issue(DocumentKind.TAX_PAYMENT)
    content = samples.tax_record()
    assert canonical_data(DocumentKind.TAX_PAYMENT, content, issue) == canonical_data(
        DocumentKind.TAX_PAYMENT, samples.tax_record(), issue
    )
    assert re.fullmatch(r"[0-9a-f]{64}", document.sha256)


def test_preview_is_the_pdf_pages_as_png(renderer: PdfRenderer, rendered: dict[str, IssuedDocument]) -> None:
    document = rendered["real_estate"]
    pngs = renderer.preview(document, 600)
    assert len(pngs) == document.pages
    for png in pngs:
        image = Image.open(io.BytesIO(png))
        assert image.format == "PNG" and image.width == 600 and 845 <= image.height <= 850  # A4 proportions
        # Not a blank page: the text and the QR code are dark.
        assert image.convert("L").getextrema()[0] < 60


def test_a_citizens_document_says_how_to_verify_it_without_naming_a_command(
    rendered: dict[str, IssuedDocument],
) -> None:
    # The credit report said "使用 kiosk verify 核验": a command line, meaningless to its holder.
    for kind, document in rendered.items():
        text = "".join(page_texts(document.pdf))
        assert "kiosk" not in text.lower(), kind
        assert "verify" not in text.lower(), kind
