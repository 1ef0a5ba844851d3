"""Marker people for the privacy sweep: made-up citizens whose every personal datum is unique, so a
search of everything the kiosk wrote can tell whether any of it was kept.

Each has a name, an ID number (with a valid check digit), an address, a card photo and a face picture
found nowhere else; their documents are served by the soak's gateway only (never imported into the
kiosk's local registry, whose tables hold the people the hall gave it — that is no leak).
"""

from __future__ import annotations

import copy
import json
import random
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np

from devices.camera.base import Image
from devices.id_reader.base import CardPhoto, CardType, IdentityRecord
from kiosk.demo.people import CARD_VALID_UNTIL, ZHANG_WEI, ZHAO_JIANGUO
from kiosk.identity import credit_code_check_char, id_check_char
from kiosk.registry.demo import DEMO_FILE

# Rare enough together that no other text of the kiosk holds them.
SURNAMES = ["欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐"]
GIVEN = ["翀", "彧", "琰", "玥", "翊", "珩", "璟", "瑾", "禛", "骞", "骅", "锴", "暻", "炘", "玗", "昶"]
STREETS = ["琉璃", "翡翠", "玳瑁", "珊瑚", "琥珀", "玛瑙", "砗磲", "珍珠"]
PHOTO_TAG = b"MARKER-CARD-PHOTO"
FACE_TAG = b"MARKER-FACE-FRAME"


@dataclass(frozen=True)
class Marker:
    """One marker person: what the sweep looks for, and what the soak's citizen carries."""

    index: int
    name: str
    id_number: str
    address: str
    birth_date: date
    photo: bytes  # the card's photo: a unique run of bytes
    business_code: str  # the business they represent (the license service)
    phone: str  # the number they leave for a call back after a poor rating

    @property
    def secrets(self) -> dict[str, bytes]:
        """Every byte string that must never be found, by what it is."""
        found: dict[str, bytes] = {"photo": self.photo[:48]}
        texts = (
            ("name", self.name),
            ("id_number", self.id_number),
            ("address", self.address),
            ("phone", self.phone),
        )
        for label, text in texts:
            for encoding in ("utf-8", "utf-16-le", "utf-16-be", "gb18030"):
                found[f"{label} ({encoding})"] = text.encode(encoding)
        return found

    def card(self) -> IdentityRecord:
        return IdentityRecord(
            card_type=CardType.RESIDENT_ID,
            name=self.name,
            id_number=self.id_number,
            sex="男" if int(self.id_number[16]) % 2 else "女",
            nation="汉",
            birth_date=self.birth_date,
            address=self.address,
            issuer="北京市公安局东城分局",
            valid_from=date(2016, 5, 1),
            valid_until=CARD_VALID_UNTIL,
            photo=CardPhoto("wlt", self.photo),
        )


def make_markers(count: int, seed: int) -> list[Marker]:
    rng = random.Random(seed)
    markers: list[Marker] = []
    names: set[str] = set()
    while len(markers) < count:
        name = rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, 2))
        if name in names:
            continue
        names.add(name)
        index = len(markers)
        born = date(rng.randint(1950, 2000), rng.randint(1, 12), rng.randint(1, 28))
        body = f"110101{born:%Y%m%d}{rng.randint(0, 999):03d}"
        address = f"北京市东城区{rng.choice(STREETS)}胡同{9000 + index}号院{rng.randint(1, 99)}室"
        photo = PHOTO_TAG + index.to_bytes(2, "big") + rng.randbytes(1024 - len(PHOTO_TAG) - 2)
        code17 = f"9111010{rng.randint(0, 10**10 - 1):010d}"
        markers.append(
            Marker(
                index,
                name,
                body + id_check_char(body),
                address,
                born,
                photo,
                code17 + credit_code_check_char(code17),
                f"139{index:04d}{rng.randint(0, 9999):04d}",
            )
        )
    return markers


def face_picture(width: int = 640, height: int = 480) -> Image:
    """What the camera sees: a grey picture whose first row carries the face tag, over and over."""
    picture = np.full((height, width, 3), 128, dtype=np.uint8)
    row = np.frombuffer((FACE_TAG * (width * 3 // len(FACE_TAG) + 1))[: width * 3], dtype=np.uint8)
    picture[0] = row.reshape(width, 3)
    return picture


def gateway_data(markers: list[Marker]) -> dict[str, Any]:
    """The demo registry, and each marker person with a copy of a demo person's records: what the
    soak's gateway answers from."""
    data: dict[str, Any] = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    people = {person["id_number"]: person for person in data["people"]}
    template, representative = people[ZHANG_WEI], people[ZHAO_JIANGUO]
    business = next(b for b in data["businesses"] if b["legal_representative_id"] == ZHAO_JIANGUO)
    for marker in markers:
        person = copy.deepcopy(template)
        person.update(
            id_number=marker.id_number,
            name=marker.name,
            address=marker.address,
            birth_date=marker.birth_date.isoformat(),
            sex="男" if int(marker.id_number[16]) % 2 else "女",
        )
        data["people"].append(person)
        for section in ("credit_accounts", "credit_queries", "contributions", "tax_payments", "real_estate"):
            rows = [copy.deepcopy(row) for row in data[section] if row["id_number"] == ZHANG_WEI]
            for row in rows:
                row["id_number"] = marker.id_number
            data[section].extend(rows)
        own = copy.deepcopy(business)
        own.update(
            credit_code=marker.business_code,
            legal_representative_id=marker.id_number,
            name=f"{marker.name[:2]}第{marker.index + 1}商贸有限公司",
        )
        data["businesses"].append(own)
    assert representative  # the license's template person is in the demo file
    return data
