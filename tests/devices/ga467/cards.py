"""Synthetic test cards. The holders do not exist; the ID numbers are valid unless a test says otherwise."""

from __future__ import annotations

from kiosk.identity import id_check_char
from tests.devices.ga467.sam_emulator import ForeignCard2017, ForeignCard2023, TestCard


def id_number(first17: str) -> str:
    return first17 + id_check_char(first17)


# 李䶮: 䶮 (U+4DAE) lies in CJK extension A, outside the basic block.
LI_YAN = TestCard(
    name="李䶮",
    sex_code="1",
    nation_code="01",
    birth="19900307",
    address="北京市朝阳区建国路88号院3号楼1单元501室",
    id_number=id_number("11010519900307123"),
    issuer="北京市公安局朝阳分局",
    valid_from="20150601",
    valid_until="20350601",
)

# A card that never expires (长期), as issued to people over 46.
LONG_TERM = TestCard(
    name="王秀英",
    sex_code="2",
    nation_code="03",
    birth="19581120",
    address="宁夏回族自治区银川市兴庆区解放西街12号",
    id_number=id_number("64010419581120242"),
    issuer="银川市公安局兴庆区分局",
    valid_from="20120410",
    valid_until="长期",
)

EXPIRED = TestCard(
    name="张伟",
    sex_code="1",
    nation_code="02",
    birth="19850115",
    address="内蒙古自治区呼和浩特市新城区中山东路5号",
    id_number=id_number("15010219850115301"),
    issuer="呼和浩特市公安局新城区分局",
    valid_from="20100201",
    valid_until="20200201",
)

_good = id_number("44030419920822456")
BAD_CHECK_DIGIT = TestCard(
    name="刘洋",
    sex_code="2",
    nation_code="08",
    birth="19920822",
    address="广东省深圳市福田区福华路100号",
    id_number=_good[:17] + ("0" if _good[17] != "0" else "1"),
    issuer="深圳市公安局福田分局",
    valid_from="20180301",
    valid_until="20380301",
)

# Residence permit for Hong Kong residents: 810000 region, pass number, issue count, flag J, no nation.
PERMIT_HK = TestCard(
    name="陈大文",
    sex_code="1",
    nation_code="",
    birth="19880512",
    address="广东省深圳市南山区科技园路1号",
    id_number=id_number("81000019880512135"),
    issuer="深圳市公安局",
    valid_from="20230501",
    valid_until="20280501",
    permit_number="H12345678",
    issue_count="01",
    type_flag="J",
)

# Foreigners' permanent residence cards (外国人永久居留身份证), both versions.
FOREIGN_2017 = ForeignCard2017(
    english_name="SMITH, JOHN WILLIAM",
    sex_code="1",
    number="USA110079052811",
    nationality="USA",
    chinese_name="",  # many holders have no Chinese name
    valid_from="20170601",
    valid_until="20270601",
    birth="19790528",
)
FOREIGN_2023 = ForeignCard2023(
    chinese_name="玛丽",
    sex_code="2",
    renewals="00",
    birth="19860214",
    english_name="MARTIN-GARCIA, MARIE CLAIRE ELISABETH JOSEPHIN",  # 46: both parts used
    number=id_number("93325019860214002"),
    valid_from="20231201",
    valid_until="20331201",
    nationality="FRA",
)

ALL_CARDS = (LI_YAN, LONG_TERM, EXPIRED, BAD_CHECK_DIGIT, PERMIT_HK)
