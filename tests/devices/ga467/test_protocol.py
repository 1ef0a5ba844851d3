"""The pure protocol: framing, reassembly, resynchronisation, the SW3 table, the text block."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from devices.id_reader.base import CardPhoto, CardType, ReaderStatus
from devices.id_reader.ga467_protocol import (
    PREAMBLE,
    SW3_CODES,
    BadFrame,
    Command,
    FrameAssembler,
    ReplyError,
    Sw3Action,
    checksum,
    encode_command,
    encode_reply,
    parse_reply,
    sw3_code,
)
from devices.id_reader.ga467_text import (
    TextBlockError,
    UnsupportedCardError,
    decode_text_block,
    parse_read_data,
)
from devices.id_reader.nations import NATIONS, nation_name
from tests.devices.ga467.cards import FOREIGN_2017, FOREIGN_2023, LI_YAN, LONG_TERM, PERMIT_HK
from tests.devices.ga467.sam_emulator import TestCard, reply_frame


def test_find_card_frame_is_the_published_one() -> None:
    assert encode_command(Command.FIND_CARD) == bytes.fromhex("AAAAAA9669 0003 2001 22")


def test_every_command_frames_with_len_and_xor() -> None:
    for command in Command:
        frame = encode_command(command)
        assert frame[:5] == PREAMBLE
        assert int.from_bytes(frame[5:7], "big") == len(frame) - 7
        assert frame[7:9] == bytes(command.value)
        assert frame[-1] == checksum(frame[5:-1])


def test_reply_encoding_agrees_with_the_emulators_own() -> None:
    data = LI_YAN.read_data()
    assert encode_reply(0x90, data) == reply_frame(0x90, data)
    assert len(encode_reply(0x90, data)) == 1295


def _frames(assembler: FrameAssembler) -> list[bytes | BadFrame]:
    out: list[bytes | BadFrame] = []
    while (frame := assembler.next_frame()) is not None:
        out.append(frame)
    return out


def test_a_reply_fed_byte_by_byte_comes_out_once() -> None:
    frame = encode_reply(0x9F)
    assembler = FrameAssembler()
    seen: list[bytes | BadFrame] = []
    for byte in frame:
        assert assembler.wanted() >= 1
        assembler.feed(bytes([byte]))
        seen += _frames(assembler)
    assert seen == [bytes([0, 0, 0x9F])]


def test_noise_with_a_false_preamble_start_before_the_reply_is_skipped() -> None:
    noise = b"\x00\xff\xaa\xaa\xaa\x96\x13\xaa\xaa"
    assembler = FrameAssembler()
    assembler.feed(noise + encode_reply(0x90, b"abc"))
    assert _frames(assembler) == [bytes([0, 0, 0x90]) + b"abc"]
    assert assembler.discarded >= len(noise) - 4


def test_an_implausible_length_makes_the_assembler_look_for_the_next_preamble() -> None:
    assembler = FrameAssembler()
    assembler.feed(PREAMBLE + b"\xff\xff" + encode_reply(0x80))
    assert _frames(assembler) == [bytes([0, 0, 0x80])]


def test_a_bad_checksum_is_reported_and_the_next_frame_still_comes_through() -> None:
    bad = bytearray(encode_reply(0x90, b"xyz"))
    bad[-1] ^= 0x01
    assembler = FrameAssembler()
    assembler.feed(bytes(bad) + encode_reply(0x9F))
    assert _frames(assembler) == [BadFrame("checksum"), bytes([0, 0, 0x9F])]


def test_wanted_never_asks_for_more_than_the_reply_still_owes() -> None:
    frame = encode_reply(0x90, LI_YAN.read_data())
    assembler = FrameAssembler()
    position = 0
    while position < len(frame):
        wanted = assembler.wanted()
        assert position + wanted <= len(frame)
        assembler.feed(frame[position : position + wanted])
        position += wanted
    assert _frames(assembler) == [frame[7:-1]]


@given(
    noise=st.binary(max_size=40).filter(lambda b: PREAMBLE[:3] not in b),
    cuts=st.lists(st.integers(min_value=1, max_value=1400), max_size=12),
    payload=st.binary(max_size=300),
)
def test_any_chunking_after_any_noise_gives_back_the_frame(
    noise: bytes, cuts: list[int], payload: bytes
) -> None:
    stream = noise + encode_reply(0x90, payload)
    assembler = FrameAssembler()
    out: list[bytes | BadFrame] = []
    previous = 0
    for cut in [*sorted(c for c in cuts if c < len(stream)), len(stream)]:
        assembler.feed(stream[previous:cut])
        previous = cut
        out += _frames(assembler)
    assert out == [bytes([0, 0, 0x90]) + payload]


def test_a_reply_body_shorter_than_three_status_bytes_is_refused() -> None:
    with pytest.raises(ReplyError):
        parse_reply(b"\x00\x00")


# -- SW3 --------------------------------------------------------------------------------

# Every SW3 of the protocol table, with the status the kiosk shows for it.
EXPECTED_STATUS = {
    0x90: ReaderStatus.READY,
    0x91: ReaderStatus.READY,
    0x9F: ReaderStatus.READY,
    0x10: ReaderStatus.NO_DEVICE,
    0x11: ReaderStatus.NO_DEVICE,
    0x21: ReaderStatus.SAM_FAULT,
    0x23: ReaderStatus.SAM_FAULT,
    0x24: ReaderStatus.SAM_FAULT,
    0x31: ReaderStatus.CARD_ERROR,
    0x32: ReaderStatus.CARD_ERROR,
    0x33: ReaderStatus.CARD_ERROR,
    0x40: ReaderStatus.CARD_ERROR,
    0x41: ReaderStatus.CARD_ERROR,
    0x47: ReaderStatus.CARD_ERROR,
    0x60: ReaderStatus.SAM_FAULT,
    0x66: ReaderStatus.SAM_FAULT,
    0x80: ReaderStatus.NO_CARD,
    0x81: ReaderStatus.CARD_ERROR,
}


def test_the_sw3_table_is_exactly_the_protocols() -> None:
    assert set(SW3_CODES) == set(EXPECTED_STATUS)


@pytest.mark.parametrize("code", sorted(EXPECTED_STATUS), ids=lambda c: f"SW3={c:02X}")
def test_every_sw3_maps_to_a_reader_status_and_a_plain_sentence(code: int) -> None:
    entry = sw3_code(code)
    assert entry.status is EXPECTED_STATUS[code]
    assert entry.sentence.endswith(".") and entry.sentence[0].isupper()
    assert (entry.action is Sw3Action.OK) == (entry.status is ReaderStatus.READY)


def test_an_unknown_sw3_is_a_reader_fault_not_a_crash() -> None:
    entry = sw3_code(0x55)
    assert entry.status is ReaderStatus.SAM_FAULT
    assert entry.action is Sw3Action.FAIL
    assert "55" in entry.meaning


# -- the text block ----------------------------------------------------------------------


def test_every_field_of_the_text_block_is_decoded() -> None:
    record = decode_text_block(LI_YAN.text_block(), LI_YAN.photo)
    assert record.card_type is CardType.RESIDENT_ID
    assert record.name == "李䶮"
    assert record.sex == "男"
    assert record.nation == "汉"
    assert record.birth_date == date(1990, 3, 7)
    assert record.address == LI_YAN.address
    assert record.id_number == LI_YAN.id_number
    assert record.issuer == "北京市公安局朝阳分局"
    assert record.valid_from == date(2015, 6, 1)
    assert record.valid_until == date(2035, 6, 1)
    assert record.photo == CardPhoto("wlt", LI_YAN.photo)
    assert record.permit_number is None and record.issue_count is None


def test_a_name_outside_the_basic_multilingual_plane_survives() -> None:
    card = TestCard(**{**LI_YAN.__dict__, "name": "𠮷田"})
    assert decode_text_block(card.text_block()).name == "𠮷田"


def test_long_term_means_no_expiry() -> None:
    record = decode_text_block(LONG_TERM.text_block())
    assert record.valid_until is None
    assert record.valid_from == date(2012, 4, 10)
    assert (record.sex, record.nation) == ("女", "回")


def test_the_residence_permit_layout_is_recognised() -> None:
    record = decode_text_block(PERMIT_HK.text_block())
    assert record.card_type is CardType.RESIDENCE_PERMIT_HMT
    assert record.permit_number == "H12345678"
    assert record.issue_count == 1
    assert record.nation is None
    assert record.id_number.startswith("810000")


@pytest.mark.parametrize(
    ("code", "word"), [("0", "未知的性别"), ("1", "男"), ("2", "女"), ("9", "未说明的性别")]
)
def test_sex_codes_become_words(code: str, word: str) -> None:
    card = TestCard(**{**LI_YAN.__dict__, "sex_code": code})
    assert decode_text_block(card.text_block()).sex == word


def test_the_nation_table_is_all_of_gb_3304() -> None:
    expected_codes = {f"{n:02d}" for n in range(1, 57)} | {"97", "98"}
    assert set(NATIONS) == expected_codes
    assert len(set(NATIONS.values())) == len(NATIONS)
    assert (nation_name("01"), nation_name("56"), nation_name("97"), nation_name("98")) == (
        "汉",
        "基诺",
        "其他",
        "外国血统",
    )
    assert nation_name("57") is None


@pytest.mark.parametrize("code", sorted(NATIONS))
def test_every_nation_code_decodes(code: str) -> None:
    card = TestCard(**{**LI_YAN.__dict__, "nation_code": code})
    assert decode_text_block(card.text_block()).nation == NATIONS[code]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"valid_until": "2035X601"}, "expiry"),
        ({"valid_until": "20350231"}, "expiry"),
        ({"valid_until": ""}, "expiry"),
        ({"birth": "1990037"}, "birth"),
        ({"sex_code": "5"}, "sex"),
        ({"nation_code": "77"}, "nation"),
        ({"name": ""}, "name"),
        ({"id_number": ""}, "ID number"),
    ],
)
def test_a_garbled_field_is_an_error_that_names_the_field_not_its_content(
    change: dict[str, str], field: str
) -> None:
    card = TestCard(**{**LI_YAN.__dict__, **change})
    with pytest.raises(TextBlockError) as caught:
        decode_text_block(card.text_block())
    assert field in str(caught.value)
    assert LI_YAN.name not in str(caught.value) and LI_YAN.id_number not in str(caught.value)


def test_the_2017_foreigners_card_is_read_in_its_own_layout() -> None:
    record = decode_text_block(FOREIGN_2017.text_block(), FOREIGN_2017.photo)
    assert record.card_type is CardType.FOREIGN_PERMANENT_2017
    assert record.english_name == "SMITH, JOHN WILLIAM"
    assert record.name == "SMITH, JOHN WILLIAM"  # no Chinese name on this card: the English one
    assert record.id_number == "USA110079052811"
    assert record.nationality == "USA"
    assert record.sex == "男"
    assert record.birth_date == date(1979, 5, 28)
    assert record.valid_from == date(2017, 6, 1) and record.valid_until == date(2027, 6, 1)
    assert record.nation is None and record.address is None
    assert record.photo == CardPhoto("wlt", FOREIGN_2017.photo)


def test_the_2023_foreigners_card_is_read_with_its_english_name_in_two_parts() -> None:
    record = decode_text_block(FOREIGN_2023.text_block(), FOREIGN_2023.photo)
    assert record.card_type is CardType.FOREIGN_PERMANENT_2023
    assert record.name == "玛丽"
    assert record.english_name == FOREIGN_2023.english_name  # characters 36–46 from their own field
    assert len(record.english_name) == 46
    assert record.id_number == FOREIGN_2023.number and record.id_number.startswith("9")
    assert record.nationality == "FRA"
    assert record.sex == "女"
    assert record.birth_date == date(1986, 2, 14)
    assert record.issue_count == 0


@pytest.mark.parametrize(
    "card,change,field",
    [
        (FOREIGN_2017, {"number": "USA11007905281"}, "card number"),
        (FOREIGN_2017, {"number": "usa110079052811"}, "card number"),
        (FOREIGN_2017, {"nationality": "U1A"}, "nationality"),
        (FOREIGN_2017, {"english_name": ""}, "English name"),
        (FOREIGN_2017, {"birth": "19790230"}, "birth date"),
        (FOREIGN_2023, {"number": "133250198602140021"}, "card number"),
        (FOREIGN_2023, {"number": "9332501986021400"}, "card number"),
        (FOREIGN_2023, {"sex_code": "5"}, "sex code"),
        (FOREIGN_2023, {"renewals": "x"}, "renewal count"),
    ],
)
def test_a_garbled_foreigners_card_is_an_error_naming_the_field(
    card: Any, change: dict[str, str], field: str
) -> None:
    spoiled = replace(card, **change)
    with pytest.raises(TextBlockError) as caught:
        decode_text_block(spoiled.text_block())
    assert field in str(caught.value)
    assert card.number not in str(caught.value)


def test_an_unknown_card_type_flag_is_still_refused_as_unsupported() -> None:
    card = TestCard(**{**LI_YAN.__dict__, "type_flag": "Q"})
    with pytest.raises(UnsupportedCardError):
        decode_text_block(card.text_block())


def test_the_read_reply_lengths_must_add_up() -> None:
    data = LI_YAN.read_data()
    split = parse_read_data(data)
    assert split.text == LI_YAN.text_block() and split.photo == LI_YAN.photo
    with pytest.raises(ReplyError):
        parse_read_data(data[:-1])
    with pytest.raises(ReplyError):
        parse_read_data(b"\x00\x80\x04\x00" + data[4:])


def test_the_record_repr_hides_personal_fields() -> None:
    record = decode_text_block(LI_YAN.text_block(), LI_YAN.photo)
    for text in (repr(record), str(record), repr(record.photo)):
        assert LI_YAN.name not in text
        assert LI_YAN.id_number not in text
        assert "北京" not in text
