"""Typed document content for the tests and the bench, built directly (no registry)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.documents.base import DocumentKind, IssueContext, SourceDocument
from kiosk.documents.content import (
    BusinessLicense,
    ContributionMonth,
    CreditAccount,
    CreditQuery,
    CreditReport,
    Holder,
    RealEstateRecord,
    RealEstateRight,
    SocialInsuranceRecord,
    TaxPayment,
    TaxRecord,
)
from kiosk.documents.numbers import KIND_LETTERS, new_document_number
from kiosk.documents.signing import PublicKey, SigningKey, key_id_of

CST = timezone(timedelta(hours=8))
ISSUED_AT = datetime(2026, 11, 21, 21, 35, 12, tzinfo=CST)
LI_YAN = Holder(name="李䶮", id_number="11010519491231002X")
JI_XIANG = Holder(name="𠮷祥", id_number="440305199003071234")
ZHANG = Holder(name="张伟", id_number="630102198512301235")

BANKS = (
    "中国工商银行北京市分行",
    "招商银行股份有限公司信用卡中心",
    "中国建设银行深圳市分行",
    "北京银行股份有限公司",
    "平安银行股份有限公司",
    "交通银行太平洋信用卡中心",
    "某某消费金融有限公司",
)
KINDS = ("个人住房贷款", "贷记卡", "个人消费贷款", "个人经营性贷款", "贷记卡")


def months(last: str, count: int) -> list[str]:
    year, month = (int(p) for p in last.split("-"))
    out = []
    for _ in range(count):
        out.append(f"{year:04d}-{month:02d}")
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return out[::-1]


def account(i: int) -> CreditAccount:
    codes = ["N"] * 24
    if i % 7 == 3:
        codes[15:18] = ["1", "2", "N"]
    if i % 11 == 5:
        codes[:6] = ["/"] * 6
    status = "逾期" if i % 13 == 4 else ("结清" if i % 5 == 0 else "正常")
    if status == "结清":
        codes[-3:] = ["C", "C", "C"]
    return CreditAccount(
        institution=BANKS[i % len(BANKS)],
        kind=KINDS[i % len(KINDS)],
        opened_on=date(2015 + i % 10, 1 + i % 12, 1 + i % 28),
        currency="人民币",
        amount=Decimal(50000 + 37000 * i),
        balance=Decimal(0) if status == "结清" else Decimal(12345.67 + 1000 * i).quantize(Decimal("0.01")),
        status=status,
        overdue_amount=Decimal("3200.00") if status == "逾期" else Decimal(0),
        repayment=tuple(zip(months("2026-10", 24), codes, strict=True)),
    )


def credit_report(holder: Holder = LI_YAN, accounts: int = 6, queries: int = 4) -> CreditReport:
    return CreditReport(
        holder=holder,
        accounts=tuple(account(i) for i in range(accounts)),
        queries=tuple(
            CreditQuery(
                date(2026, 10, 1) - timedelta(days=17 * i),
                BANKS[(i + 2) % len(BANKS)],
                ("贷款审批", "信用卡审批", "贷后管理", "本人查询")[i % 4],
            )
            for i in range(queries)
        ),
        notes=(
            "本人对第3笔贷款的逾期记录有异议，已于2026年5月向数据提供机构提出，该逾期系银行系统扣款失败所致。",
        )
        if accounts
        else (),
    )


def no_history() -> CreditReport:
    return CreditReport(holder=JI_XIANG, accounts=(), queries=(), notes=())


def big_credit_report() -> CreditReport:
    """Enough accounts and queries for five pages (the bench's document)."""
    return credit_report(accounts=46, queries=24)


def business_license(until: date | None = None) -> BusinessLicense:
    return BusinessLicense(
        holder=LI_YAN,
        credit_code="91110105MA01ABCD2X",
        name="北京䶮𠮷科技有限公司",
        type="有限责任公司（自然人投资或控股）",
        legal_representative="李䶮",
        registered_capital="壹佰万元整",
        established_on=date(2015, 3, 2),
        term_from=date(2015, 3, 2),
        term_until=until,
        address="北京市朝阳区建国路88号院3号楼15层1502室",
        business_scope=(
            "技术开发、技术咨询、技术交流、技术转让、技术推广、技术服务；软件开发；计算机系统服务；"
            "数据处理（数据处理中的银行卡中心、PUE值在1.4以上的云计算数据中心除外）；基础软件服务；应用软件服务；"
            "销售计算机、软件及辅助设备、电子产品、通讯设备。（市场主体依法自主选择经营项目，开展经营活动；"
            "依法须经批准的项目，经相关部门批准后依批准的内容开展经营活动。）"
        ),
        authority="北京市朝阳区市场监督管理局",
        approved_on=date(2024, 6, 18),
    )


def social_insurance(insured: bool = True) -> SocialInsuranceRecord:
    if not insured:
        return SocialInsuranceRecord(holder=ZHANG, insured_since=None, months=())
    rows = tuple(
        ContributionMonth(
            m,
            "深圳市南山区某某科技有限公司",
            Decimal("12000.00"),
            Decimal("960.00"),
            Decimal("240.00"),
            Decimal("24.00"),
            paid=(m != "2026-07"),
        )
        for m in months("2026-10", 18)
    )
    return SocialInsuranceRecord(holder=JI_XIANG, insured_since=date(2012, 7, 1), months=rows)


def tax_record(count: int = 12) -> TaxRecord:
    return TaxRecord(
        holder=LI_YAN,
        payments=tuple(
            TaxPayment(
                m,
                "个人所得税",
                "工资薪金所得",
                "北京䶮𠮷科技有限公司",
                Decimal("18500.00"),
                Decimal("1245.00"),
                date(int(m[:4]), int(m[5:]), 15),
                f"3211012026{i:08d}",
            )
            for i, m in enumerate(months("2026-10", count))
        ),
    )


def real_estate(rights: int = 2) -> RealEstateRecord:
    return RealEstateRecord(
        holder=ZHANG,
        rights=tuple(
            RealEstateRight(
                certificate_number=f"京（2019）朝阳区不动产权第00{i}8765号",
                location=f"朝阳区望京西园{i + 2}区{i + 10}号楼2单元{i + 5}01",
                right_type="国有建设用地使用权/房屋所有权",
                usage="住宅" if i % 2 == 0 else "商业",
                area_m2=Decimal("89.37") + i,
                share="单独所有" if i % 2 == 0 else "共同共有",
                registered_on=date(2019, 8, 12 + i),
                mortgaged=i == 0,
                seized=False,
            )
            for i in range(rights)
        ),
    )


CONTENT_BY_KIND = {
    DocumentKind.CREDIT_REPORT: credit_report,
    DocumentKind.BUSINESS_LICENSE: business_license,
    DocumentKind.SOCIAL_INSURANCE: social_insurance,
    DocumentKind.TAX_PAYMENT: tax_record,
    DocumentKind.REAL_ESTATE: real_estate,
}


def source(kind: DocumentKind, content: object | None = None) -> SourceDocument:
    return SourceDocument(kind=kind, content=content if content is not None else CONTENT_BY_KIND[kind]())  # type: ignore[arg-type]


def issue(kind: DocumentKind, at: datetime = ISSUED_AT, kiosk_id: str = "KSK-DEMO-01") -> IssueContext:
    return IssueContext(
        number=new_document_number(kind, at),
        kiosk_id=kiosk_id,
        kiosk_name="市民中心政务服务自助终端",
        issued_at=at,
    )


SERIALS = {
    DocumentKind.CREDIT_REPORT: "7KQ3M9XA2B",
    DocumentKind.BUSINESS_LICENSE: "0ZZ9WXYM4P",
    DocumentKind.SOCIAL_INSURANCE: "H8R2TQ6VNE",
    DocumentKind.TAX_PAYMENT: "3C5D7F9G1K",
    DocumentKind.REAL_ESTATE: "ZYXWVTSRQP",
}


def fixed_issue(kind: DocumentKind, kiosk_id: str = "KSK-DEMO-01") -> IssueContext:
    """An issue with a fixed number: with :func:`fixed_signing_key`, the same QR code every run."""
    return IssueContext(
        number=f"{ISSUED_AT:%Y%m%d}-{KIND_LETTERS[kind]}-{SERIALS[kind]}",
        kiosk_id=kiosk_id,
        kiosk_name="市民中心政务服务自助终端",
        issued_at=ISSUED_AT,
    )


def fixed_signing_key(kiosk_id: str = "KSK-DEMO-01") -> SigningKey:
    """A key from the private bytes 00 01 … 1f (Ed25519 signs deterministically), valid from 2026-10-22."""
    private = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
    raw = private.public_key().public_bytes_raw()
    start = ISSUED_AT - timedelta(days=30)
    return SigningKey(PublicKey(key_id_of(raw), kiosk_id, raw, start, start + timedelta(days=730)), private)


__all__ = ["UTC"]
