"""The diagnostics screen's card test on a GA/T 467 reader over a pty: it names the kind of card
and its masked number, never the name; no card within the time fails the test."""

from __future__ import annotations

from devices.id_reader.ga467 import Ga467Reader
from kiosk.self_tests import read_test_card
from tests.devices.ga467.cards import LI_YAN, PERMIT_HK
from tests.devices.ga467.sam_emulator import SamEmulator


def test_a_card_read_shows_its_kind_and_masked_number(emulator: SamEmulator, reader: Ga467Reader) -> None:
    emulator.insert(LI_YAN)
    passed, status, detail = read_test_card(reader, 2.0)

    assert (passed, status) == (True, "ready")
    masked = f"{LI_YAN.id_number[:4]}{'*' * 10}{LI_YAN.id_number[-4:]}"
    assert detail == f"Read a resident ID card, number {masked}."
    assert "李" not in detail and LI_YAN.id_number not in detail


def test_a_residence_permit_is_named_as_one(emulator: SamEmulator, reader: Ga467Reader) -> None:
    emulator.insert(PERMIT_HK)
    passed, _, detail = read_test_card(reader, 2.0)
    assert passed and "permit" in detail


def test_no_card_within_the_time_fails_the_test(reader: Ga467Reader) -> None:
    passed, status, detail = read_test_card(reader, 0.3)
    assert (passed, status) == (False, "no_card")
    assert detail
