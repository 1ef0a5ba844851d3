"""营业执照 (副本) copy: the registration fields in a framed single page."""

from __future__ import annotations

from kiosk.documents.content import BusinessLicense
from kiosk.documents.page import CONTENT_W, MARGIN_X, PAGE_H, PAGE_W, TOP, DocumentPdf, cn_date

TITLE = "营业执照"


def lay_out(pdf: DocumentPdf, license: BusinessLicense) -> None:
    # A double rule round the body, as on the printed license.
    pdf.set_line_width(0.8)
    pdf.rect(MARGIN_X - 4, TOP - 2, PAGE_W - 2 * MARGIN_X + 8, PAGE_H - TOP - 18)
    pdf.set_line_width(0.25)
    pdf.rect(MARGIN_X - 2.5, TOP - 0.5, PAGE_W - 2 * MARGIN_X + 5, PAGE_H - TOP - 21)
    pdf.set_line_width(0.2)

    pdf.set_font("serif-bold", size=30)
    pdf.set_y(TOP + 6)
    pdf.cell(0, 16, "营 业 执 照", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("serif", size=12)
    pdf.cell(0, 7, "（副　本）（复印件）", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font("serif", size=10.5)
    pdf.cell(CONTENT_W, 6, f"统一社会信用代码　{license.credit_code}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)

    term = f"{cn_date(license.term_from)} 至 {cn_date(license.term_until) if license.term_until else '长期'}"
    pdf.field_table(
        [
            ("名　　称", license.name),
            ("类　　型", license.type),
            ("法定代表人", license.legal_representative),
            ("注册资本", license.registered_capital),
            ("成立日期", cn_date(license.established_on)),
            ("营业期限", term),
            ("住　　所", license.address),
            ("经营范围", license.business_scope),
        ],
        label_w=30,
        size=10.5,
    )

    pdf.ln(4)
    pdf.set_font("serif", size=11)
    pdf.cell(0, 7, f"登记机关：{license.authority}", align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 7, f"核准日期：{cn_date(license.approved_on)}", align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.paragraph(
        "本复印件由自助终端根据市场主体登记信息打印，与登记机关登记信息一致，仅供办理相关事务使用，"
        "扫描右上角二维码可核验真伪。市场主体应当于每年1月1日至6月30日通过国家企业信用信息公示系统报送"
        "上一年度年度报告。",
        size=9,
    )
