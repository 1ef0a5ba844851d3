"""个人信用报告: identity summary, accounts, 24-month repayment status, queries, notes."""

from __future__ import annotations

from decimal import Decimal

from kiosk.documents.content import CreditReport
from kiosk.documents.page import DocumentPdf, cn_date, ymd, yuan

TITLE = "个人信用报告"
REPAYMENT_MONTHS = 24
LEGEND = "N—正常还款；1—7—逾期月数；C—结清；*—当月无需还款；/—未开立。按月份先后从左至右排列。"
OPEN_STATUSES = ("正常", "逾期", "呆账")


def lay_out(pdf: DocumentPdf, report: CreditReport) -> None:
    pdf.title_block(TITLE, "（本人查询版）")
    pdf.section("一、个人基本信息")
    pdf.field_table(
        [
            ("姓名", report.holder.name),
            ("证件类型", "居民身份证"),
            ("证件号码", report.holder.id_number),
            ("报告时间", f"{cn_date(pdf.issue.issued_at.date())} {pdf.issue.issued_at:%H:%M}"),
        ],
        size=10,
    )

    pdf.section("二、信贷记录概要")
    if not report.accounts:
        pdf.paragraph("截至报告时间，未发现本人的信贷交易记录（无贷款、无信用卡账户）。", indent=True)
    else:
        open_accounts = [a for a in report.accounts if a.status in OPEN_STATUSES]
        overdue = [a for a in report.accounts if a.overdue_amount > 0]
        pdf.data_table(
            ("账户总数", "未结清/未销户账户数", "当前逾期账户数", "当前逾期总额（元）", "余额合计（元）"),
            [(
                str(len(report.accounts)), str(len(open_accounts)), str(len(overdue)),
                yuan(sum((a.overdue_amount for a in report.accounts), Decimal(0))),
                yuan(sum((a.balance for a in report.accounts), Decimal(0))),
            )],
            widths=(1, 1.3, 1.1, 1.3, 1.3),
            size=9,
        )  # fmt: skip

        pdf.section("三、信贷账户明细")
        pdf.data_table(
            ("序号", "授信机构", "业务种类", "开立日期", "币种", "金额", "余额", "账户状态", "逾期金额"),
            [
                (
                    str(i), a.institution, a.kind, ymd(a.opened_on), a.currency,
                    yuan(a.amount), yuan(a.balance), a.status, yuan(a.overdue_amount),
                )
                for i, a in enumerate(report.accounts, start=1)
            ],
            widths=(8, 36, 21, 18, 12, 21, 19, 12, 16),
            aligns=("CENTER", "LEFT", "LEFT", "CENTER", "CENTER", "RIGHT", "RIGHT", "CENTER", "RIGHT"),
        )  # fmt: skip

        pdf.section(f"四、近{REPAYMENT_MONTHS}个月还款记录")
        pdf.paragraph(LEGEND, size=8.5)
        pdf.ln(1)
        rows = []
        for i, account in enumerate(report.accounts, start=1):
            months = account.repayment[-REPAYMENT_MONTHS:]
            span = f"{months[0][0]} 至 {months[-1][0]}" if months else "—"
            codes = "".join(code for _month, code in months)
            grouped = " ".join(codes[k : k + 6] for k in range(0, len(codes), 6)) or "—"
            rows.append((str(i), account.institution, span, grouped))
        pdf.data_table(
            ("序号", "授信机构", "月份区间", "还款状态（逐月）"),
            rows,
            widths=(8, 40, 36, 77),
            aligns=("CENTER", "LEFT", "CENTER", "LEFT"),
        )

    pdf.section("五、查询记录" if report.accounts else "三、查询记录")
    if report.queries:
        pdf.data_table(
            ("序号", "查询日期", "查询机构", "查询原因"),
            [
                (str(i), ymd(q.queried_on), q.institution, q.reason)
                for i, q in enumerate(report.queries, start=1)
            ],
            widths=(8, 24, 90, 38),
            aligns=("CENTER", "CENTER", "LEFT", "CENTER"),
        )
    else:
        pdf.paragraph("近两年无查询记录。", indent=True)

    pdf.section("六、异议标注及本人声明" if report.accounts else "四、异议标注及本人声明")
    if report.notes:
        for i, note in enumerate(report.notes, start=1):
            pdf.paragraph(f"{i}. {note}", size=10)
    else:
        pdf.paragraph("无。", indent=True)

    pdf.section("说明")
    pdf.paragraph(
        "本报告仅供本人了解自己的信用状况，请妥善保管。本报告由自助终端根据信用信息数据库记录生成，"
        "页面右上角二维码含电子签名，可到政务服务大厅人工窗口扫码核验真伪。如对报告内容有异议，"
        "可向征信中心或数据提供机构提出。",
        size=9,
    )
    pdf.issuer_lines(
        [f"出具终端：{pdf.issue.kiosk_name}", f"出具日期：{cn_date(pdf.issue.issued_at.date())}"]
    )
