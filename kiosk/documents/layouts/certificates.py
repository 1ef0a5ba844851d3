"""The certificates in the catalog: 社保参保证明, 纳税证明, 不动产登记信息."""

from __future__ import annotations

from decimal import Decimal

from kiosk.documents.content import RealEstateRecord, SocialInsuranceRecord, TaxRecord
from kiosk.documents.page import DocumentPdf, cn_date, ymd, yuan

SOCIAL_INSURANCE_TITLE = "社会保险个人参保证明"
TAX_PAYMENT_TITLE = "纳税证明"
REAL_ESTATE_TITLE = "不动产登记信息查询结果"


def _holder_line(pdf: DocumentPdf, name: str, id_number: str) -> str:
    return f"{name}（公民身份号码：{id_number}）"


def _closing(pdf: DocumentPdf, issuer: str) -> None:
    pdf.paragraph(
        "本证明由自助终端根据业务系统记录生成，右上角二维码含电子签名，可扫码核验真伪。"
        "本证明仅证明出具时的记录状况。",
        size=9,
    )
    pdf.issuer_lines(
        [
            f"出具单位：{issuer}",
            f"出具终端：{pdf.issue.kiosk_name}",
            f"出具日期：{cn_date(pdf.issue.issued_at.date())}",
        ]
    )


def social_insurance(pdf: DocumentPdf, record: SocialInsuranceRecord) -> None:
    pdf.title_block(SOCIAL_INSURANCE_TITLE)
    who = _holder_line(pdf, record.holder.name, record.holder.id_number)
    if record.insured_since is None or not record.months:
        pdf.paragraph(
            f"经查询，截至{cn_date(pdf.issue.issued_at.date())}，未发现{who}在本统筹区的社会保险参保缴费记录。",
            indent=True,
        )
        pdf.ln(4)
        _closing(pdf, "社会保险经办机构")
        return
    first, last = record.months[0].month, record.months[-1].month
    pdf.paragraph(
        f"兹证明{who}自{cn_date(record.insured_since)}起在本统筹区参加社会保险。"
        f"{first}至{last}期间个人缴费记录如下：",
        indent=True,
    )
    pdf.ln(2)
    unpaid = sum(1 for m in record.months if not m.paid)
    pdf.data_table(
        ("月份", "参保单位", "缴费基数", "养老保险", "医疗保险", "失业保险", "缴费状态"),
        [
            (
                m.month,
                m.employer,
                yuan(m.base),
                yuan(m.pension),
                yuan(m.medical),
                yuan(m.unemployment),
                "已缴" if m.paid else "欠缴",
            )
            for m in record.months
        ],
        widths=(16, 52, 20, 18, 18, 18, 14),
        aligns=("CENTER", "LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "CENTER"),
    )
    total = sum((m.pension + m.medical + m.unemployment for m in record.months if m.paid), Decimal(0))
    pdf.paragraph(
        f"合计缴费月数 {len(record.months) - unpaid} 个月，个人缴费合计 {yuan(total)} 元"
        + (f"；欠缴 {unpaid} 个月。" if unpaid else "；无欠缴。"),
        size=10,
    )
    pdf.ln(3)
    _closing(pdf, "社会保险经办机构")


def tax_payment(pdf: DocumentPdf, record: TaxRecord) -> None:
    pdf.title_block(TAX_PAYMENT_TITLE, "（个人所得税）")
    who = _holder_line(pdf, record.holder.name, record.holder.id_number)
    if not record.payments:
        pdf.paragraph(
            f"经查询，截至{cn_date(pdf.issue.issued_at.date())}，未发现{who}的纳税记录。", indent=True
        )
        pdf.ln(4)
        _closing(pdf, "税务机关")
        return
    pdf.paragraph(f"兹证明{who}在以下所属期内缴纳税款，明细如下：", indent=True)
    pdf.ln(2)
    pdf.data_table(
        ("所属期", "税种", "品目", "扣缴义务人", "计税收入", "实缴税额", "入库日期", "原凭证号"),
        [
            (
                p.period,
                p.tax_type,
                p.item,
                p.withholding_agent,
                yuan(p.taxable_income),
                yuan(p.tax_paid),
                ymd(p.paid_on),
                p.voucher_number,
            )
            for p in record.payments
        ],
        widths=(14, 17, 18, 38, 19, 17, 18, 29),
        aligns=("CENTER", "CENTER", "CENTER", "LEFT", "RIGHT", "RIGHT", "CENTER", "CENTER"),
        size=8,
    )
    total = sum((p.tax_paid for p in record.payments), Decimal(0))
    pdf.paragraph(f"合计实缴税额：人民币 {yuan(total)} 元（共 {len(record.payments)} 笔）。", size=10)
    pdf.ln(3)
    _closing(pdf, "税务机关")


def real_estate(pdf: DocumentPdf, record: RealEstateRecord) -> None:
    pdf.title_block(REAL_ESTATE_TITLE)
    who = _holder_line(pdf, record.holder.name, record.holder.id_number)
    if not record.rights:
        pdf.paragraph(
            f"经查询不动产登记簿，截至{cn_date(pdf.issue.issued_at.date())}，未查询到{who}名下的不动产登记信息。",
            indent=True,
        )
        pdf.ln(4)
        _closing(pdf, "不动产登记机构")
        return
    pdf.paragraph(
        f"经查询不动产登记簿，{who}名下共有 {len(record.rights)} 处不动产登记信息，详情如下：", indent=True
    )
    pdf.ln(1)
    for i, right in enumerate(record.rights, start=1):
        pdf.section(f"第 {i} 处")
        pdf.field_table(
            [
                ("不动产权证书号", right.certificate_number),
                ("坐落", right.location),
                ("权利类型", right.right_type),
                ("用途", right.usage),
                ("建筑面积", f"{right.area_m2:.2f} ㎡"),
                ("共有情况", right.share),
                ("登记日期", cn_date(right.registered_on)),
                ("抵押状况", "已抵押" if right.mortgaged else "无抵押"),
                ("查封状况", "已查封" if right.seized else "无查封"),
            ],
            label_w=34,
            size=9.5,
        )
    _closing(pdf, "不动产登记机构")
