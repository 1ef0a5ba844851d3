"""The SSSE record reading and decoding, without a reader: the virtual card's APDU handler is the card."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from devices.id_reader import ssse
from devices.id_reader.base import CardType, IdentityRecord
from tests.devices.pcsc.virtual_card import Holder, VirtualCard


def transmit_to(card: VirtualCard) -> ssse.Transmit:
    def transmit(apdu: bytes) -> tuple[bytes, int]:
        answer = card.respond(apdu)
        return answer[:-2], int.from_bytes(answer[-2:], "big")

    return transmit


def read(holder: Holder) -> IdentityRecord:
    return ssse.read_identity(transmit_to(VirtualCard(0, holder)))


def test_decodes_every_public_field() -> None:
    record = read(Holder())

    assert record.card_type is CardType.SOCIAL_SECURITY
    assert (record.name, record.id_number) == ("王䶮", "11010519491231002X")
    assert (record.sex, record.nation) == ("女", "汉")
    assert record.birth_date == date(1949, 12, 31)
    assert (record.issuer, record.valid_from, record.valid_until) == (
        "110000000000000000000000",
        date(2020, 5, 1),
        date(2030, 5, 1),
    )


def test_names_are_gbk_decoded_as_gb18030() -> None:
    with pytest.raises(UnicodeEncodeError):
        "䶮".encode("gbk")  # why GBK alone would not do
    card = VirtualCard(0, Holder(name="欧阳娜娜"))
    card.records[0xEF06][0x09] = "欧阳娜娜".encode("gbk").ljust(30, b" ")  # a GBK card, space-padded

    assert ssse.read_identity(transmit_to(card)).name == "欧阳娜娜"


@pytest.mark.parametrize(
    ("code", "words"), [("0", "未知的性别"), ("1", "男"), ("2", "女"), ("9", "未说明的性别")]
)
def test_sex_codes_become_words(code: str, words: str) -> None:
    assert read(Holder(sex_code=code)).sex == words


def test_a_nation_code_outside_the_table_is_none() -> None:
    assert read(Holder(nation_code="77")).nation is None


def test_follows_61_and_6c_status_words() -> None:
    sent: list[bytes] = []

    def t0_card(apdu: bytes) -> tuple[bytes, int]:
        sent.append(apdu)
        if apdu[1] == 0xB2 and apdu[4] == 0:
            return b"", 0x6C05  # wrong Le: ask again with 5
        if apdu[1] == 0xB2:
            return b"\x0b\x03ab", 0x6102  # three bytes now, two more waiting
        return b"cd", 0x9000

    assert ssse.exchange(t0_card, ssse.read_record(0x0B)) == b"\x0b\x03abcd"
    assert sent == [bytes.fromhex("00B20B0400"), bytes.fromhex("00B20B0405"), bytes.fromhex("00C0000002")]


@pytest.mark.parametrize(
    ("field", "value", "why"),
    [
        (0x08, b"1101051949123100\xd5\xc5", "the social security number is not an ID number"),
        (0x09, b"\x00" * 30, "the name is empty"),
        (0x09, b"\xd5\xc5\xff\x30", "a text field is not GBK text"),
        (0x0A, b"7", "the sex field holds no GB/T 2261.1 code"),
        (0x0D, bytes.fromhex("20230230"), "a date field is not a date"),
    ],
)
def test_a_field_that_makes_no_sense_is_an_answer_error(field: int, value: bytes, why: str) -> None:
    card = VirtualCard(0)
    card.records[0xEF06][field] = value

    with pytest.raises(ssse.CardAnswerError) as error:
        ssse.read_identity(transmit_to(card))

    assert str(error.value) == why  # the sentence names the field, never its content


def test_unset_dates_are_none() -> None:
    card = VirtualCard(0)
    card.records[0xEF05][0x06] = b"\xff" * 4
    card.records[0xEF06][0x0D] = b"\x00" * 4

    record = ssse.read_identity(transmit_to(card))

    assert (record.valid_until, record.birth_date) == (None, None)


def test_a_missing_record_or_another_application_is_an_answer_error() -> None:
    card = VirtualCard(0)
    del card.records[0xEF05][0x05]
    with pytest.raises(ssse.CardAnswerError, match="status 6A83"):
        ssse.read_identity(transmit_to(card))

    with pytest.raises(ssse.CardAnswerError, match="status 6D00"):
        ssse.read_identity(lambda apdu: (b"", 0x6D00))


def test_records_hide_their_values() -> None:
    records = ssse.read_public_records(transmit_to(VirtualCard(0, replace(Holder(), name="李四"))))

    assert "李" not in repr(records) and "1101" not in repr(records)
