"""Build the demo registry (``kiosk/assets/registry/demo.json``) deterministically.

``python -m tests.registry.make_demo`` rewrites the asset (and the import
file's JSON schema, ``kiosk/assets/registry/schema.json``); tests check the committed
files are exactly what this builds. Every ID number has the right check
character and agrees with its birth date and sex; every credit code has the
right GB 32100 check character (and a GB 11714 organisation code inside).

The people the tests and the demo rely on:

- 张伟 — a full history: mortgage, consumer loan, a credit card with overdue months.
- 李䶮 — a name with a character outside the basic CJK block (U+4DAE, Extension A).
- 陈𠮷 — a name with an Extension B character (U+20BB7), for render tests.
- 刘秀英 — elderly (born 1944): retired, insured since 1984, an old flat, a settled loan.
- 赵建国 — legal representative of three businesses.
- 马晓燕 — no credit accounts, no credit queries, no real estate.
- 玛丽 — a foreigner's permanent residence card (2023), visits in English.
"""

from __future__ import annotations

import json
import random
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from kiosk.identity import credit_code_check_char, id_check_char
from kiosk.registry.demo import DEMO_FILE

ASSET = DEMO_FILE
CENT = Decimal("0.01")

REGIONS = {
    "630102": "青海省西宁市城东区",
    "630103": "青海省西宁市城中区",
    "630104": "青海省西宁市城西区",
    "630105": "青海省西宁市城北区",
    "630121": "青海省西宁市大通回族土族自治县",
}
STREETS = (
    "八一中路",
    "南山路",
    "五四大街",
    "昆仑路",
    "柴达木路",
    "七一路",
    "长江路",
    "胜利路",
    "湟光南路",
    "朝阳东路",
)

# (name, sex, birth date, nation, region) — the first six are the people named in the module docstring.
NAMED = (
    ("张伟", "男", date(1985, 3, 12), "汉", "630102"),
    ("李䶮", "男", date(1990, 7, 21), "汉", "630103"),
    ("陈𠮷", "女", date(1993, 2, 14), "汉", "630104"),
    ("刘秀英", "女", date(1944, 5, 3), "回", "630102"),
    ("赵建国", "男", date(1972, 11, 8), "汉", "630105"),
    ("马晓燕", "女", date(2001, 9, 30), "回", "630121"),
)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐韩冯"
GIVEN_MALE = ("志强", "建华", "海涛", "国庆", "明", "磊", "军", "德才", "永福", "宏伟", "俊杰", "文斌")
GIVEN_FEMALE = ("丽娟", "桂兰", "秀兰", "静", "婷婷", "玉珍", "海燕", "晓梅", "芳", "雪梅", "慧", "红霞")
NATIONS = ("汉", "汉", "汉", "汉", "回", "藏", "土", "撒拉", "蒙古")

EMPLOYERS = (
    "青海高原牧业发展有限公司",
    "西宁市城东区人民医院",
    "青海昆仑建设工程有限公司",
    "西宁湟水物流有限公司",
    "青海雪域电子科技有限公司",
    "西宁市第十四中学",
)
BANKS = (
    ("ICBC", "中国工商银行西宁分行"),
    ("CCB", "中国建设银行青海省分行"),
    ("QHB", "青海银行股份有限公司"),
    ("ABC", "中国农业银行西宁分行"),
    ("CMB", "招商银行西宁分行"),
)
CAPITALS = ("壹佰万元整", "伍拾万元整", "贰佰万元整", "叁拾万元整", "伍佰万元整", "壹仟万元整", "捌拾万元整")
BUSINESS_NAMES = (
    ("青海建国商贸有限公司", "有限责任公司(自然人投资或控股)", "日用百货、五金交电、建材的批发零售"),
    ("西宁建国餐饮管理有限公司", "有限责任公司(自然人独资)", "餐饮服务；餐饮管理；食品销售"),
    (
        "青海高原建国农牧科技有限公司",
        "有限责任公司(自然人投资或控股)",
        "牦牛、藏羊养殖技术研发；农畜产品收购",
    ),
    ("西宁昆仑山泉饮品有限公司", "有限责任公司(自然人投资或控股)", "饮料生产、销售"),
    ("青海湖畔文化旅游有限公司", "有限责任公司(自然人独资)", "旅游信息咨询；会议及展览服务"),
    ("西宁市城西区晓梅便利店", "个体工商户", "预包装食品、日用品零售"),
    ("青海三江源生态科技有限公司", "有限责任公司(自然人投资或控股)", "生态环境监测；环保技术推广服务"),
    ("西宁河湟装饰工程有限公司", "有限责任公司(自然人投资或控股)", "室内外装饰装修工程施工"),
    ("青海祁连牧歌乳业有限公司", "有限责任公司(自然人投资或控股)", "乳制品生产、销售"),
    ("西宁市城北区永福汽车修理部", "个体工商户", "机动车维修；汽车配件零售"),
    ("青海柴达木新能源有限公司", "有限责任公司(自然人投资或控股)", "光伏发电项目开发；新能源技术服务"),
    ("西宁雪域电子商务有限公司", "有限责任公司(自然人独资)", "互联网销售；电子产品零售"),
)
MONTHS = [f"{y}-{m:02d}" for y in (2024, 2025, 2026) for m in range(1, 13)]
HISTORY = MONTHS[MONTHS.index("2024-11") : MONTHS.index("2026-10") + 1]  # 24 months of repayment history
RECENT = MONTHS[MONTHS.index("2025-11") : MONTHS.index("2026-10") + 1]  # 12 months of contributions
TAX_MONTHS = MONTHS[MONTHS.index("2026-01") : MONTHS.index("2026-10") + 1]


def money(value: Decimal | float | int) -> str:
    return str(Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP))


def id_number(region: str, birth: date, sequence: int, sex: str) -> str:
    sex_digit = (sequence % 5) * 2 + (1 if sex == "男" else 0)
    body = f"{region}{birth:%Y%m%d}{sequence % 100:02d}{sex_digit}"
    return body + id_check_char(body)


def org_code(rng: random.Random) -> str:
    body = "".join(rng.choice("0123456789") for _ in range(8))
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    check = 11 - sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11
    return body + {10: "X", 11: "0"}.get(check, str(check))


def credit_code(rng: random.Random, individual: bool) -> str:
    body = ("92" if individual else "91") + "630100" + org_code(rng)
    return body + credit_code_check_char(body)


def flat(rng: random.Random) -> str:
    street, number, building = rng.choice(STREETS), rng.randint(1, 199), rng.randint(1, 20)
    return (
        f"{street}{number}号{building}号楼{rng.randint(1, 6)}单元{rng.randint(1, 28)}0{rng.randint(1, 4)}室"
    )


# 玛丽: a foreigner's permanent residence card (2023 layout, 933 … the nationality's code), who
# visits in English; a registry person without records of her own (kiosk.demo.people.MARIE).
MARIE: dict[str, Any] = {
    "id_number": "93325019860214002X",
    "name": "玛丽",
    "sex": "女",
    "birth_date": "1986-02-14",
    "nation": "其他",
    "address": "青海省西宁市城西区五四西路28号2单元401室",
    "insured_since": "2019-03-01",
    "credit_notes": [],
    "photo": None,
}


def build() -> dict[str, Any]:
    rng = random.Random(20261122)
    people: list[dict[str, Any]] = []
    for index in range(36):
        if index < len(NAMED):
            name, sex, birth, nation, region = NAMED[index]
        else:
            sex = "男" if index % 2 else "女"
            name = rng.choice(SURNAMES) + rng.choice(GIVEN_MALE if sex == "男" else GIVEN_FEMALE)
            birth = date(rng.randint(1950, 2003), rng.randint(1, 12), rng.randint(1, 28))
            nation = rng.choice(NATIONS)
            region = rng.choice(sorted(REGIONS))
        if index == 10:
            birth = date(1948, 1, 17)  # a second elderly person, for elderly-mode demos
        number = id_number(region, birth, 11 + index, sex)
        address = REGIONS[region] + flat(rng)
        retired = birth.year < 1966
        young = birth.year > 2000
        insured_since = None
        if retired:
            insured_since = f"{max(birth.year + 20, 1984)}-07-01"
        elif birth.year <= 2002:
            insured_since = f"{max(birth.year + 22, 1995)}-{rng.randint(1, 12):02d}-01"
        notes = []
        if index == 0:
            notes = ["2025年3月贷记卡逾期系银行系统扣款失败所致，已于当月结清。——本人声明"]
        people.append(
            {
                "id_number": number,
                "name": name,
                "sex": sex,
                "birth_date": birth.isoformat(),
                "nation": nation,
                "address": address,
                "insured_since": insured_since,
                "credit_notes": notes,
                "photo": None,
                "_retired": retired,
                "_young": young,
            }
        )

    businesses = []
    representatives = [people[4]] * 3 + [people[i] for i in (0, 7, 9, 12, 15, 19, 22, 27, 30)]
    for n, ((bname, btype, scope), person) in enumerate(zip(BUSINESS_NAMES, representatives, strict=True)):
        established = date(rng.randint(2003, 2022), rng.randint(1, 12), rng.randint(1, 28))
        individual = btype == "个体工商户"
        businesses.append(
            {
                "credit_code": credit_code(rng, individual),
                "name": bname,
                "type": btype,
                "legal_representative_id": person["id_number"],
                "registered_capital": "——" if individual else CAPITALS[n % len(CAPITALS)],
                "established_on": established.isoformat(),
                "term_from": established.isoformat(),
                "term_until": None
                if n % 3
                else date(established.year + 30, established.month, 1).isoformat(),
                "address": REGIONS["630102" if n % 2 else "630104"]
                + f"{STREETS[n % len(STREETS)]}{10 + n * 7}号",
                "business_scope": scope + "。（依法须经批准的项目，经相关部门批准后方可开展经营活动）",
                "authority": "西宁市市场监督管理局",
                "approved_on": max(
                    established, date(2023, rng.randint(1, 12), rng.randint(1, 28))
                ).isoformat(),
            }
        )

    accounts: list[dict[str, Any]] = []
    queries: list[dict[str, Any]] = []
    contributions: list[dict[str, Any]] = []
    taxes: list[dict[str, Any]] = []
    estates: list[dict[str, Any]] = []

    def add_account(
        person: dict[str, Any],
        kind: str,
        opened: date,
        amount: int,
        *,
        status: str = "正常",
        overdue: dict[str, str] | None = None,
        closed_from: str | None = None,
    ) -> None:
        code, bank = rng.choice(BANKS)
        opened_month = f"{opened:%Y-%m}"
        history = []
        for month in HISTORY:
            if month < opened_month:
                history.append({"month": month, "code": "/"})
            elif closed_from and month >= closed_from:
                history.append({"month": month, "code": "C"})
            elif overdue and month in overdue:
                history.append({"month": month, "code": overdue[month]})
            elif kind == "贷记卡" and rng.random() < 0.2:
                history.append({"month": month, "code": "*"})
            else:
                history.append({"month": month, "code": "N"})
        settled = status in ("结清", "销户")
        balance = (
            0
            if settled
            else (amount * rng.randint(20, 90) // 100 if kind != "贷记卡" else rng.randint(0, amount // 2))
        )
        overdue_amount = 0
        if status == "逾期":
            overdue_amount = rng.randint(800, 6000)
        accounts.append(
            {
                "id_number": person["id_number"],
                "account_id": f"{code}{rng.randint(10**11, 10**12 - 1)}",
                "institution": bank,
                "kind": kind,
                "opened_on": opened.isoformat(),
                "currency": "人民币",
                "amount": money(amount),
                "balance": money(balance),
                "status": status,
                "overdue_amount": money(overdue_amount),
                "repayment": history,
            }
        )

    # 张伟: mortgage, consumer loan, a card overdue twice (the note explains one).
    zhang = people[0]
    add_account(zhang, "个人住房贷款", date(2016, 5, 20), 680000)
    add_account(zhang, "个人消费贷款", date(2025, 2, 10), 50000)
    add_account(zhang, "贷记卡", date(2014, 9, 3), 30000, overdue={"2025-03": "1", "2026-07": "1"})
    # 刘秀英 (elderly): a housing loan settled in June 2025 (C from then on).
    add_account(people[3], "个人住房贷款", date(2005, 4, 1), 120000, status="结清", closed_from="2025-06")
    # 赵建国: a business loan, currently overdue.
    add_account(
        people[4],
        "个人经营性贷款",
        date(2023, 8, 15),
        300000,
        status="逾期",
        overdue={"2026-08": "1", "2026-09": "2", "2026-10": "3"},
    )
    add_account(people[4], "贷记卡", date(2019, 1, 22), 50000)
    for person in people[6:]:
        if person["_young"] or rng.random() < 0.3:
            continue
        add_account(
            person,
            "贷记卡",
            date(rng.randint(2012, 2024), rng.randint(1, 12), rng.randint(1, 28)),
            rng.choice((10000, 20000, 30000, 50000)),
        )
        if rng.random() < 0.4:
            add_account(
                person,
                rng.choice(("个人住房贷款", "个人汽车消费贷款")),
                date(rng.randint(2015, 2024), rng.randint(1, 12), rng.randint(1, 28)),
                rng.choice((150000, 260000, 420000, 90000)),
            )
    people_with_accounts = {a["id_number"] for a in accounts}
    for person in people:
        if person is people[5]:
            continue  # 马晓燕: no credit history at all
        if person["id_number"] in people_with_accounts or person is people[3]:
            reasons = ("贷款审批", "信用卡审批", "贷后管理", "本人查询")
            for _ in range(rng.randint(1, 3)):
                queried = date(2026, rng.randint(1, 10), rng.randint(1, 28))
                _code, bank = rng.choice(BANKS)
                reason = "本人查询" if person is people[3] else rng.choice(reasons)
                entry = {
                    "id_number": person["id_number"],
                    "queried_on": queried.isoformat(),
                    "institution": "中国人民银行西宁中心支行" if reason == "本人查询" else bank,
                    "reason": reason,
                }
                if entry not in queries:
                    queries.append(entry)

    # Contributions and tax: everyone of working age with an employer.
    for n, person in enumerate(people):
        if person["_retired"] or person["insured_since"] is None:
            continue
        employer = EMPLOYERS[n % len(EMPLOYERS)]
        salary = Decimal(rng.choice((4200, 5600, 6800, 8500, 11000, 15800)))
        months = RECENT if not person["_young"] else RECENT[-6:]
        for month in months:
            contributions.append(
                {
                    "id_number": person["id_number"],
                    "month": month,
                    "employer": employer,
                    "base": money(salary),
                    "pension": money(salary * Decimal("0.08")),
                    "medical": money(salary * Decimal("0.02")),
                    "unemployment": money(salary * Decimal("0.005")),
                    "paid": not (n == 2 and month == "2026-08"),  # one person with an unpaid month
                }
            )
        for month in TAX_MONTHS:
            if months is not RECENT and month < months[0]:
                continue
            tax = max(Decimal(0), (salary - 5000 - 1000 - salary * Decimal("0.105")) * Decimal("0.03"))
            year, mon = int(month[:4]), int(month[5:])
            paid_on = date(year + (mon == 12), mon % 12 + 1, 15)
            taxes.append(
                {
                    "id_number": person["id_number"],
                    "period": month,
                    "tax_type": "个人所得税",
                    "item": "工资薪金所得",
                    "withholding_agent": employer,
                    "taxable_income": money(salary),
                    "tax_paid": money(tax),
                    "paid_on": paid_on.isoformat(),
                    "voucher_number": f"363260{month.replace('-', '')}{n:03d}1",
                }
            )
    taxes.append(
        {
            "id_number": people[1]["id_number"],
            "period": "2026-06",
            "tax_type": "个人所得税",
            "item": "劳务报酬所得",
            "withholding_agent": "青海雪域电子科技有限公司",
            "taxable_income": money(8000),
            "tax_paid": money(1280),
            "paid_on": "2026-07-15",
            "voucher_number": "3632602026060012",
        }
    )

    # Real estate.
    owners = [
        (people[0], "个人住房贷款"),
        (people[3], None),
        (people[4], None),
        (people[4], "商业"),
        (people[1], None),
        (people[9], None),
        (people[13], None),
        (people[18], None),
        (people[21], None),
        (people[26], None),
        (people[31], None),
    ]
    for n, (person, note) in enumerate(owners):
        registered = date(rng.randint(2008, 2025), rng.randint(1, 12), rng.randint(1, 28))
        usage = "商业" if note == "商业" else "住宅"
        estates.append(
            {
                "id_number": person["id_number"],
                "certificate_number": f"青({registered.year})西宁市不动产权第{rng.randint(1, 99999):07d}号",
                "location": "西宁市" + rng.choice(("城东区", "城中区", "城西区", "城北区")) + flat(rng),
                "right_type": "国有建设用地使用权/房屋所有权",
                "usage": usage,
                "area_m2": money(Decimal(rng.randint(4500, 16000)) / 100),
                "share": "单独所有" if n % 3 else "共同共有",
                "registered_on": registered.isoformat(),
                "mortgaged": note == "个人住房贷款",
                "seized": n == 7,  # one right under seizure
            }
        )

    for person in people:
        del person["_retired"], person["_young"]
    people.append(MARIE)  # last, so the records above are drawn as before: she has none of her own
    return {
        "format": "civic-kiosk-registry/1",
        "people": people,
        "businesses": businesses,
        "credit_accounts": accounts,
        "credit_queries": sorted(queries, key=lambda q: (q["id_number"], q["queried_on"])),
        "contributions": contributions,
        "tax_payments": taxes,
        "real_estate": estates,
    }


def dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


if __name__ == "__main__":
    from kiosk.registry.importer import json_schema

    ASSET.parent.mkdir(parents=True, exist_ok=True)
    ASSET.write_text(dumps(build()), encoding="utf-8")
    schema = ASSET.with_name("schema.json")
    schema.write_text(json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {ASSET} and {schema}")
