"""What each kind of document says, as typed values.

Sources fill these in (the local registry from its tables, the gateway from its
JSON); the renderer sets them on A4. Amounts are :class:`~decimal.Decimal`
yuan, dates are :class:`~datetime.date`. Everything here is personal data: it
lives in memory for one session.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class Holder:
    """The citizen the document is about, exactly as printed on it."""

    name: str
    id_number: str

    def __repr__(self) -> str:
        return f"Holder(id_number=…{self.id_number[-4:]}, name=<hidden>)"


# -- 个人信用报告 ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CreditAccount:
    institution: str  # 授信机构
    kind: str  # 个人住房贷款, 个人消费贷款, 贷记卡 …
    opened_on: date
    currency: str  # 人民币
    amount: Decimal  # loan amount or card limit, yuan
    balance: Decimal
    status: str  # 正常, 结清, 逾期, 呆账, 销户
    overdue_amount: Decimal
    repayment: tuple[tuple[str, str], ...]
    """Month by month, oldest first: ("2025-11", code). Codes as the PBOC report uses them:
    N normal, 1–7 months overdue, C closed, * nothing due, / not yet opened."""


@dataclass(frozen=True, slots=True)
class CreditQuery:
    queried_on: date
    institution: str
    reason: str  # 贷款审批, 信用卡审批, 贷后管理, 本人查询


@dataclass(frozen=True, slots=True)
class CreditReport:
    holder: Holder
    accounts: tuple[CreditAccount, ...]
    queries: tuple[CreditQuery, ...]
    notes: tuple[str, ...]  # 异议标注 and 本人声明, in the holder's words


# -- 营业执照 -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BusinessLicense:
    holder: Holder  # the legal representative who asked for the copy
    credit_code: str  # 统一社会信用代码
    name: str  # 名称
    type: str  # 类型
    legal_representative: str  # 法定代表人
    registered_capital: str  # 注册资本, as registered: "壹佰万元整"
    established_on: date  # 成立日期
    term_from: date  # 营业期限 from
    term_until: date | None  # None: 长期
    address: str  # 住所
    business_scope: str  # 经营范围
    authority: str  # 登记机关
    approved_on: date  # 核准日期


# -- 社保参保证明 ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ContributionMonth:
    month: str  # "2026-09"
    employer: str  # 参保单位
    base: Decimal  # 缴费基数
    pension: Decimal  # 养老保险个人缴费
    medical: Decimal  # 医疗保险个人缴费
    unemployment: Decimal  # 失业保险个人缴费
    paid: bool  # False: 欠缴


@dataclass(frozen=True, slots=True)
class SocialInsuranceRecord:
    holder: Holder
    insured_since: date | None  # 首次参保日期; None: never insured here
    months: tuple[ContributionMonth, ...]  # oldest first


# -- 纳税证明 -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TaxPayment:
    period: str  # 所属期, "2026-09"
    tax_type: str  # 税种: 个人所得税
    item: str  # 品目: 工资薪金所得 …
    withholding_agent: str  # 扣缴义务人
    taxable_income: Decimal  # 计税收入
    tax_paid: Decimal  # 实缴税额
    paid_on: date  # 入库日期
    voucher_number: str  # 原凭证号


@dataclass(frozen=True, slots=True)
class TaxRecord:
    holder: Holder
    payments: tuple[TaxPayment, ...]  # oldest first


# -- 不动产登记信息 -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RealEstateRight:
    certificate_number: str  # 不动产权证书号
    location: str  # 坐落
    right_type: str  # 权利类型: 国有建设用地使用权/房屋所有权
    usage: str  # 用途: 住宅, 商业 …
    area_m2: Decimal  # 建筑面积
    share: str  # 共有情况: 单独所有, 共同共有 …
    registered_on: date  # 登记日期
    mortgaged: bool  # 抵押
    seized: bool  # 查封


@dataclass(frozen=True, slots=True)
class RealEstateRecord:
    holder: Holder
    rights: tuple[RealEstateRight, ...]  # empty: 未查询到登记信息 (itself a certificate)


DocumentContent = CreditReport | BusinessLicense | SocialInsuranceRecord | TaxRecord | RealEstateRecord
