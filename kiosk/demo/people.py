"""The demo's people: the demo registry's made-up citizens, the cards they carry, the demo PINs.

Every name and number here is invented (kiosk/assets/registry/demo.json): valid numbers, never a real
person's.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from devices.id_reader.base import CardPhoto, CardType, IdentityRecord
from kiosk.registry.demo import DEMO_FILE

# The demo people the scenarios use (see kiosk/assets/registry/demo.json).
ZHANG_WEI = "630102198503121130"  # credit history with an overdue month, real estate
LI_YAN = "630103199007211250"  # 李䶮: a character outside the basic CJK block
LIU_XIUYING = "630102194405031483"  # 82 years old: offered elderly-assist mode
ZHAO_JIANGUO = "630105197211081514"  # legal representative of several businesses
MA_XIAOYAN = "630121200109301626"  # no credit history
NOT_IN_REGISTRY = "630104199901014637"  # a valid number the registry has never heard of
MARIE = "93325019860214002X"  # 玛丽: a foreigner's permanent residence card (2023), visits in English

# What a foreigner's card carries beyond the registry's fields: the Latin name and the nationality.
FOREIGN_CARDS = {MARIE: ("MARTIN, MARIE CLAIRE", "FRA")}

# The demo kiosk's technician PIN: it opens the diagnostics screen of a demo kiosk (and of the kiosk
# `kiosk demo` plays through the window), never a real one: a real kiosk's PIN is its own hash.
DEMO_TECHNICIAN_PIN = "13572468"
DEMO_WRONG_PIN = "000000"  # what the demo's technician types first

CARD_VALID_UNTIL = date(2036, 5, 1)


def demo_people(path: Path = DEMO_FILE) -> dict[str, dict[str, Any]]:
    """The demo registry's people by ID number."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return {person["id_number"]: person for person in data["people"]}


def demo_card(
    person: dict[str, Any],
    *,
    valid_until: date | None = CARD_VALID_UNTIL,
    card_type: CardType = CardType.RESIDENT_ID,
) -> IdentityRecord:
    """The resident ID card a demo person would carry."""
    return IdentityRecord(
        card_type=card_type,
        name=person["name"],
        id_number=person["id_number"],
        sex=person.get("sex"),
        nation=person.get("nation"),
        birth_date=date.fromisoformat(person["birth_date"]),
        address=person.get("address"),
        issuer="西宁市公安局城东分局",
        valid_from=date(2016, 5, 1),
        valid_until=valid_until,
        photo=CardPhoto("wlt", bytes(1024)),
    )


def card_of(
    id_number: str, *, valid_until: date | None = CARD_VALID_UNTIL, card_type: CardType = CardType.RESIDENT_ID
) -> IdentityRecord:
    """The card of the demo person with ``id_number``; someone the registry has never heard of
    (:data:`NOT_IN_REGISTRY`) carries a card all the same."""
    person = demo_people().get(id_number) or {
        "name": "王小明", "id_number": id_number, "sex": "男", "nation": "汉",
        "birth_date": "1999-01-01", "address": "西宁市城东区",
    }  # fmt: skip
    card = demo_card(person, valid_until=valid_until, card_type=card_type)
    if card_type.foreign and id_number in FOREIGN_CARDS:
        english_name, nationality = FOREIGN_CARDS[id_number]
        card = replace(card, nation=None, issuer=None, english_name=english_name, nationality=nationality)
    return card


DEMO_CALLBACK_NUMBER = "13800000000"
"""The made-up number the demo's poor rating leaves for a call back (never a real person's)."""
