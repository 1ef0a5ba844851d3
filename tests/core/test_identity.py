"""Identity rules: GB 11643 check digit, card validity, age, masking, keyed hash, GB 32100 credit codes."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from devices.id_reader.base import CardType, IdentityRecord
from kiosk.identity import (
    CREDIT_CODE_ALPHABET,
    IdentityHasher,
    Problem,
    age_on,
    birth_date_of,
    card_problems,
    credit_code_check_char,
    credit_code_valid,
    id_check_char,
    id_number_valid,
    mask_id_number,
    mask_name,
    sex_of,
)

bodies = st.text(alphabet="0123456789", min_size=17, max_size=17)


@pytest.mark.parametrize("number", ["11010519491231002X", "440524188001010014"])
def test_published_examples_are_valid(number: str) -> None:
    assert id_number_valid(number)
    assert id_number_valid(number.lower())


@given(bodies)
def test_the_check_character_makes_a_valid_number(body: str) -> None:
    assert id_number_valid(body + id_check_char(body))


@given(bodies, st.integers(0, 16), st.integers(1, 9))
def test_changing_any_one_digit_is_caught(body: str, position: int, delta: int) -> None:
    number = body + id_check_char(body)
    changed = number[:position] + str((int(number[position]) + delta) % 10) + number[position + 1 :]
    assert not id_number_valid(changed)


@given(bodies, st.integers(0, 15))
def test_swapping_two_different_neighbours_is_caught(body: str, position: int) -> None:
    number = body + id_check_char(body)
    a, b = number[position], number[position + 1]
    if a == b:
        return
    swapped = number[:position] + b + a + number[position + 2 :]
    assert not id_number_valid(swapped)


@pytest.mark.parametrize("bad", ["", "123", "11010519491231002", "11010519491231002Y", "1101051949123100 X"])
def test_malformed_numbers_are_invalid(bad: str) -> None:
    assert not id_number_valid(bad)


@given(st.text(min_size=9, max_size=30))
def test_masking_keeps_four_at_each_end_and_the_length(number: str) -> None:
    masked = mask_id_number(number)
    assert len(masked) == len(number)
    assert masked[:4] == number[:4] and masked[-4:] == number[-4:]
    assert set(masked[4:-4]) <= {"*"}


def test_masking_matches_the_documented_form() -> None:
    assert mask_id_number("63010219850312123X") == "6301**********123X"


@given(st.text(min_size=1, max_size=8))
def test_a_masked_name_shows_only_its_first_character(name: str) -> None:
    masked = mask_name(name)
    assert masked[0] == name[0] and set(masked[1:]) == {"*"}


def test_masking_names_outside_the_basic_block() -> None:
    assert mask_name("李䶮") == "李*"
    assert mask_name("𠮷") == "𠮷*"  # one code point, never split


def test_birth_date_sex_and_age_come_from_the_number() -> None:
    number = "11010519491231002X"
    assert birth_date_of(number) == date(1949, 12, 31)
    assert sex_of(number) == "女"
    assert age_on(date(1949, 12, 31), date(2009, 12, 30)) == 59
    assert age_on(date(1949, 12, 31), date(2009, 12, 31)) == 60


def record(**changes: object) -> IdentityRecord:
    base = IdentityRecord(
        card_type=CardType.RESIDENT_ID,
        name="王芳",
        id_number="11010519491231002X",
        sex="女",
        birth_date=date(1949, 12, 31),
        valid_from=date(2015, 1, 1),
        valid_until=date(2035, 1, 1),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


TODAY = date(2026, 11, 22)


def test_a_good_card_has_no_problems() -> None:
    assert card_problems(record(), TODAY) == []


def test_long_term_card_never_expires() -> None:
    assert card_problems(record(valid_until=None), date(2099, 1, 1)) == []


# The sentence the citizen reads for each problem is the screen's (tests/ui/test_strings.py).
def test_an_expired_card_is_found() -> None:
    assert card_problems(record(valid_until=date(2026, 11, 21)), TODAY) == [Problem.EXPIRED]


def test_a_card_valid_until_today_is_still_valid() -> None:
    assert card_problems(record(valid_until=TODAY), TODAY) == []


def test_disagreements_are_found() -> None:
    assert Problem.BIRTH_DATE_DISAGREES in card_problems(record(birth_date=date(1950, 1, 1)), TODAY)
    assert Problem.SEX_DISAGREES in card_problems(record(sex="男"), TODAY)
    assert card_problems(record(id_number="110105194912310021"), TODAY) == [Problem.BAD_CHECK_DIGIT]


# ---------------------------------------------------------------- the foreigner's permanent residence card
def foreign_2017(**changes: object) -> IdentityRecord:
    base = IdentityRecord(
        card_type=CardType.FOREIGN_PERMANENT_2017,
        name="SMITH, JOHN",
        id_number="USA110079052811",
        sex="男",
        birth_date=date(1979, 5, 28),
        valid_from=date(2017, 6, 1),
        valid_until=date(2027, 6, 1),
        english_name="SMITH, JOHN",
        nationality="USA",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def foreign_2023(**changes: object) -> IdentityRecord:
    number = "93325019860214002" + id_check_char("93325019860214002")
    base = replace(
        foreign_2017(), card_type=CardType.FOREIGN_PERMANENT_2023, id_number=number, nationality="FRA"
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_good_foreigners_cards_of_both_versions_have_no_problems() -> None:
    # Before, the 15-character 2017 number failed the resident ID's check digit.
    assert card_problems(foreign_2017(), TODAY) == []
    assert card_problems(foreign_2023(), TODAY) == []


def test_the_2017_number_must_be_the_nationality_and_twelve_digits() -> None:
    for bad in ("USA11007905281", "USA1100790528X", "11010519491231002X", "GBR110079052811"):
        assert card_problems(foreign_2017(id_number=bad), TODAY) == [Problem.NUMBER_NOT_OF_ITS_CARD], bad


def test_the_2023_number_starts_with_9_and_has_a_gb_11643_check_digit() -> None:
    good = foreign_2023().id_number
    wrong_check = good[:17] + ("0" if good[17] != "0" else "1")
    assert card_problems(foreign_2023(id_number=wrong_check), TODAY) == [Problem.BAD_CHECK_DIGIT]
    resident = "11010519491231002X"  # a valid resident ID number is not a 2023 foreigner's number
    assert card_problems(foreign_2023(id_number=resident), TODAY) == [Problem.NUMBER_NOT_OF_ITS_CARD]
    # A resident ID card is not judged by the foreigner's rules either way.
    assert card_problems(record(id_number=good), TODAY) != []


def test_an_expired_foreigners_card_is_found() -> None:
    assert card_problems(foreign_2017(valid_until=date(2026, 1, 1)), TODAY) == [Problem.EXPIRED]


def test_keyed_hash_is_stable_per_secret_and_hides_the_number() -> None:
    a, b = IdentityHasher(b"a" * 32), IdentityHasher(b"b" * 32)
    number = "11010519491231002X"
    assert a.hash(number) == a.hash(number.lower())
    assert a.hash(number) != b.hash(number)
    assert number not in a.hash(number) and "secret" in repr(a) and "aaaa" not in repr(a)
    with pytest.raises(ValueError):
        IdentityHasher(b"short")


credit_bodies = st.text(alphabet=CREDIT_CODE_ALPHABET, min_size=17, max_size=17)


@given(credit_bodies)
def test_credit_code_check_character(body: str) -> None:
    code = body + credit_code_check_char(body)
    assert credit_code_valid(code)


@given(credit_bodies, st.integers(0, 16), st.integers(1, 30))
def test_credit_code_single_changes_are_caught(body: str, position: int, delta: int) -> None:
    code = body + credit_code_check_char(body)
    index = CREDIT_CODE_ALPHABET.index(code[position])
    changed = code[:position] + CREDIT_CODE_ALPHABET[(index + delta) % 31] + code[position + 1 :]
    assert not credit_code_valid(changed)


@pytest.mark.parametrize("bad", ["", "91350100M000100Y4", "91350100M000100Y4O", "9135010OM000100Y43"])
def test_malformed_credit_codes(bad: str) -> None:
    assert not credit_code_valid(bad)
