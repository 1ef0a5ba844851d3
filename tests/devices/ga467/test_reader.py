"""The adapter against an emulated SAM reader on a real pty pair, opened with pyserial."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from devices.id_reader.base import CardPhoto, CardType, IdentityRecord, IdReader, ReaderStatus, ReadFailure
from devices.id_reader.ga467 import Ga467Reader
from devices.id_reader.ga467_protocol import SW3_CODES, Sw3Action
from devices.worker import DeviceWorker
from tests.devices.ga467.cards import FOREIGN_2017, FOREIGN_2023, LI_YAN, LONG_TERM, PERMIT_HK
from tests.devices.ga467.conftest import open_reader
from tests.devices.ga467.sam_emulator import FIND, READ, SAM_STATUS, SELECT, SamEmulator


def _record(result: object) -> IdentityRecord:
    assert isinstance(result, IdentityRecord), result
    return result


def _failure(result: object) -> ReadFailure:
    assert isinstance(result, ReadFailure), result
    return result


def _wait_for(condition: object, seconds: float = 5.0) -> None:
    """Wait (bounded) for something another thread does; not a timing assertion."""
    deadline = time.monotonic() + seconds
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "gave up waiting"
        time.sleep(0.01)


def test_the_adapter_is_an_id_reader(reader: Ga467Reader) -> None:
    assert isinstance(reader, IdReader)
    assert reader.description.startswith("GA/T 467 on /dev/pts/")
    assert reader.senses_presence is False


def test_a_card_is_found_selected_and_read(emulator: SamEmulator, reader: Ga467Reader) -> None:
    emulator.insert(LI_YAN)
    record = _record(reader.read(2.0))
    assert record.name == "李䶮"
    assert record.id_number == LI_YAN.id_number
    assert record.valid_until == date(2035, 6, 1)
    assert record.photo == CardPhoto("wlt", LI_YAN.photo)
    assert len(record.photo.data) == 1024
    assert emulator.commands == [FIND, SELECT, READ]


def test_long_term_and_residence_permit_cards(emulator: SamEmulator, reader: Ga467Reader) -> None:
    emulator.insert(LONG_TERM)
    assert _record(reader.read(2.0)).valid_until is None
    emulator.insert(PERMIT_HK)
    permit = _record(reader.read(2.0))
    assert permit.card_type is CardType.RESIDENCE_PERMIT_HMT
    assert permit.permit_number == "H12345678"


def test_both_foreigners_cards_are_read_over_the_serial_line(
    emulator: SamEmulator, reader: Ga467Reader
) -> None:
    # Before, the 2017 card (flag I) came back as "This kind of card cannot be used here."
    emulator.insert(FOREIGN_2017)
    old = _record(reader.read(2.0))
    assert old.card_type is CardType.FOREIGN_PERMANENT_2017
    assert old.id_number == "USA110079052811" and old.nationality == "USA"
    emulator.insert(FOREIGN_2023)
    new = _record(reader.read(2.0))
    assert new.card_type is CardType.FOREIGN_PERMANENT_2023
    assert new.english_name == FOREIGN_2023.english_name and new.name == "玛丽"
    assert new.photo is not None and len(new.photo.data) == 1024


def test_a_card_of_an_unknown_layout_is_refused_in_a_plain_sentence(
    emulator: SamEmulator, reader: Ga467Reader
) -> None:
    emulator.insert(replace(FOREIGN_2017, type_flag="Q"))
    failure = reader.read(2.0)
    assert isinstance(failure, ReadFailure) and failure.status is ReaderStatus.CARD_ERROR
    assert failure.detail == "This kind of card cannot be used here."


def test_no_card_polls_find_until_the_timeout(emulator: SamEmulator, reader: Ga467Reader) -> None:
    failure = _failure(reader.read(0.2))
    assert failure.status is ReaderStatus.NO_CARD
    assert not failure.card_pulled
    assert len(emulator.commands) >= 3
    assert set(emulator.commands) == {FIND}


def test_a_card_placed_while_polling_is_read(emulator: SamEmulator, reader: Ga467Reader) -> None:
    placer = threading.Thread(
        target=lambda: (_wait_for(lambda: len(emulator.commands) >= 3), emulator.insert(LI_YAN))
    )
    placer.start()
    try:
        assert _record(reader.read(5.0)).name == "李䶮"
    finally:
        placer.join()
    assert emulator.commands[-3:] == [FIND, SELECT, READ]
    assert emulator.commands.count(FIND) >= 3


def test_replies_in_small_chunks_are_reassembled(emulator: SamEmulator, reader: Ga467Reader) -> None:
    emulator.behaviour.chunks = (1, 2, 7, 3, 50)
    emulator.behaviour.chunk_gap = 0.0005
    emulator.insert(LI_YAN)
    assert _record(reader.read(3.0)).id_number == LI_YAN.id_number
    assert emulator.commands == [FIND, SELECT, READ]


def test_noise_before_the_preamble_is_skipped(emulator: SamEmulator, reader: Ga467Reader) -> None:
    emulator.behaviour.noise = b"\x00\xaa\xaa\xaa\x96\x13\xff\xaa"
    emulator.insert(LI_YAN)
    assert _record(reader.read(2.0)).name == "李䶮"
    assert emulator.commands == [FIND, SELECT, READ]


def test_a_corrupted_checksum_is_asked_again(emulator: SamEmulator, reader: Ga467Reader) -> None:
    emulator.insert(LI_YAN)
    emulator.behaviour.corrupt = 1  # the first reply (to find) arrives damaged
    record = _record(reader.read(2.0))
    assert record.name == "李䶮"
    assert emulator.commands == [FIND, FIND, SELECT, READ]


def test_a_damaged_read_reply_is_read_again(emulator: SamEmulator, reader: Ga467Reader) -> None:
    emulator.insert(LI_YAN)
    emulator.force(FIND, 0x9F)
    emulator.force(SELECT, 0x90)
    # Damage the third reply on the line: the read's.
    original = emulator._send
    count = {"replies": 0}

    def send(reply: bytes) -> bool:
        count["replies"] += 1
        if count["replies"] == 3:
            reply = reply[:-1] + bytes([reply[-1] ^ 0xFF])
        return original(reply)

    emulator._send = send  # type: ignore[method-assign]
    record = _record(reader.read(2.0))
    assert record.id_number == LI_YAN.id_number
    assert emulator.commands == [FIND, SELECT, READ, READ]


def test_a_line_that_keeps_damaging_replies_is_reported_not_retried_forever(
    emulator: SamEmulator, reader: Ga467Reader
) -> None:
    emulator.insert(LI_YAN)
    emulator.behaviour.corrupt = 100
    failure = _failure(reader.read(2.0))
    assert failure.status is ReaderStatus.NO_DEVICE
    assert "damaged" in failure.detail
    assert emulator.commands == [FIND] * Ga467Reader.LINK_ATTEMPTS


def test_a_card_pulled_between_select_and_read(emulator: SamEmulator, reader: Ga467Reader) -> None:
    emulator.insert(LI_YAN)
    emulator.behaviour.pull_after_select = True
    failure = _failure(reader.read(2.0))
    assert failure.status is ReaderStatus.NO_CARD
    assert failure.card_pulled
    assert emulator.commands == [FIND, SELECT, READ, FIND]


def test_a_transient_read_failure_is_retried(emulator: SamEmulator, reader: Ga467Reader) -> None:
    emulator.insert(LI_YAN)
    emulator.force(READ, 0x41)
    assert _record(reader.read(2.0)).name == "李䶮"
    assert emulator.commands == [FIND, SELECT, READ, FIND, SELECT, READ]


CARD_STEP_CODES = sorted(code for code, entry in SW3_CODES.items() if code != 0x90)


@pytest.mark.parametrize("code", CARD_STEP_CODES, ids=lambda c: f"SW3={c:02X}")
def test_every_sw3_answer_to_a_read_ends_in_its_status(
    emulator: SamEmulator, reader: Ga467Reader, code: int
) -> None:
    entry = SW3_CODES[code]
    emulator.insert(LI_YAN)
    emulator.force(READ, *[code] * 10)
    failure = _failure(reader.read(2.0))
    if entry.action is Sw3Action.NO_CARD:
        assert failure.status is ReaderStatus.NO_CARD and failure.card_pulled
    elif entry.status is ReaderStatus.READY:
        # A success code that is not a read's success leaves the card unread.
        assert failure.status is ReaderStatus.CARD_ERROR
    else:
        assert failure.status is entry.status
        assert failure.detail == entry.sentence or entry.action is Sw3Action.RESEND
    reads = emulator.commands.count(READ)
    expected_reads = {
        Sw3Action.RESEND: Ga467Reader.LINK_ATTEMPTS,
        Sw3Action.RETRY_CARD: Ga467Reader.READ_ATTEMPTS,
        Sw3Action.OK: Ga467Reader.READ_ATTEMPTS,
        Sw3Action.FAIL: 1,
        Sw3Action.NO_CARD: 1,
    }[entry.action]
    assert reads == expected_reads


@pytest.mark.parametrize("code", sorted(SW3_CODES), ids=lambda c: f"SW3={c:02X}")
def test_every_sw3_answer_to_sam_status_shows_in_status(
    emulator: SamEmulator, reader: Ga467Reader, code: int
) -> None:
    entry = SW3_CODES[code]
    emulator.force(SAM_STATUS, *[code] * 10)
    status = reader.status()
    if entry.action is Sw3Action.OK:
        assert status is ReaderStatus.NO_CARD  # the SAM is fine; find says no card
    else:
        assert status is entry.status


def test_status_and_presence_follow_find_card(emulator: SamEmulator, reader: Ga467Reader) -> None:
    assert reader.status() is ReaderStatus.NO_CARD
    assert reader.card_present() is False
    emulator.insert(LI_YAN)
    assert reader.status() is ReaderStatus.READY
    assert reader.card_present() is True


def test_after_a_read_find_no_longer_sees_the_card_until_it_is_placed_again(
    emulator: SamEmulator, reader: Ga467Reader
) -> None:
    # Why senses_presence is False: a read card leaves the idle state.
    emulator.insert(LI_YAN)
    _record(reader.read(2.0))
    assert reader.card_present() is False
    assert _failure(reader.read(0.1)).status is ReaderStatus.NO_CARD
    emulator.insert(LI_YAN)
    assert _record(reader.read(2.0)).name == "李䶮"


def test_a_reader_that_never_answers_is_no_device(emulator: SamEmulator, reader: Ga467Reader) -> None:
    emulator.behaviour.silent = True
    reader.COMMAND_SECONDS = 0.1  # found out sooner; the production wait is 0.5 s
    failure = _failure(reader.read(1.0))
    assert failure.status is ReaderStatus.NO_DEVICE
    assert failure.detail == "The card reader does not answer."
    assert reader.status() is ReaderStatus.NO_DEVICE


def test_a_port_that_does_not_exist_is_no_device_and_construction_does_not_fail(tmp_path: Path) -> None:
    reader = Ga467Reader(str(tmp_path / "ttyUSB9"))
    try:
        assert reader.status() is ReaderStatus.NO_DEVICE
        failure = _failure(reader.read(0.5))
        assert failure.status is ReaderStatus.NO_DEVICE
        assert failure.detail == "The card reader is not connected."
        assert reader.card_present() is False
    finally:
        reader.close()


def test_the_reader_vanishing_while_polling(emulator: SamEmulator, reader: Ga467Reader) -> None:
    unplugger = threading.Thread(
        target=lambda: (_wait_for(lambda: len(emulator.commands) >= 2), emulator.unplug())
    )
    unplugger.start()
    try:
        failure = _failure(reader.read(10.0))
    finally:
        unplugger.join()
    assert failure.status is ReaderStatus.NO_DEVICE
    assert reader.status() is ReaderStatus.NO_DEVICE


def test_the_reader_vanishing_mid_read(emulator: SamEmulator, reader: Ga467Reader) -> None:
    emulator.insert(LI_YAN)
    emulator.behaviour.vanish_mid_reply = True  # half the read reply, then the reader is gone
    failure = _failure(reader.read(2.0))
    assert failure.status is ReaderStatus.NO_DEVICE
    assert emulator.gone
    assert emulator.commands == [FIND, SELECT, READ]


def test_unplugged_and_replugged_behind_a_stable_symlink_recovers(tmp_path: Path) -> None:
    link = tmp_path / "idreader"
    first = SamEmulator(link=link)
    reader = open_reader(str(link))
    second: SamEmulator | None = None
    try:
        first.insert(LI_YAN)
        assert _record(reader.read(2.0)).name == "李䶮"
        first.unplug()
        assert reader.status() is ReaderStatus.NO_DEVICE
        assert _failure(reader.read(1.0)).status is ReaderStatus.NO_DEVICE
        # A new pty (the kernel may reuse the number), the symlink re-pointed as udev would.
        second = SamEmulator(link=link)
        second.insert(LONG_TERM)
        _wait_for(lambda: reader.status() is not ReaderStatus.NO_DEVICE)
        assert _record(reader.read(2.0)).name == "王秀英"
    finally:
        reader.close()
        first.close()
        if second is not None:
            second.close()


def test_close_releases_the_port_and_later_calls_fail_plainly(emulator: SamEmulator) -> None:
    reader = open_reader(emulator.path)
    assert reader.status() is ReaderStatus.NO_CARD
    reader.close()
    reader.close()
    failure = _failure(reader.read(1.0))
    assert failure.status is ReaderStatus.NO_DEVICE
    # Released: another program can now take the port exclusively.
    other = open_reader(emulator.path)
    try:
        emulator.insert(LI_YAN)
        _record(other.read(2.0))
    finally:
        other.close()


def test_through_a_device_worker(emulator: SamEmulator) -> None:
    emulator.insert(LI_YAN)
    worker: DeviceWorker[Ga467Reader] = DeviceWorker(open_reader(emulator.path), "id_reader")
    try:
        result = worker.submit(Ga467Reader.read, 2.0).result(timeout=10)
        assert _record(result).name == "李䶮"
    finally:
        worker.close()  # returns once the device is closed and its thread has stopped


def test_nothing_personal_reaches_the_log(
    emulator: SamEmulator, reader: Ga467Reader, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    emulator.insert(LI_YAN)
    emulator.force(READ, 0x41)
    emulator.behaviour.corrupt = 1
    record = _record(reader.read(2.0))
    emulator.unplug()
    failure = _failure(reader.read(0.5))
    text = caplog.text + repr(record) + repr(failure) + failure.detail
    assert "went away" in caplog.text
    for personal in (LI_YAN.name, LI_YAN.id_number, LI_YAN.address, LI_YAN.id_number[6:14], "朝阳"):
        assert personal not in text


def test_on_card_is_called_once_when_find_succeeds_before_select(
    emulator: SamEmulator, reader: Ga467Reader
) -> None:
    seen: list[list[tuple[int, int]]] = []

    def on_card() -> None:
        seen.append(list(emulator.commands))  # what the reader had been sent by then

    assert _failure(reader.read(0.2, on_card)).status is ReaderStatus.NO_CARD
    assert seen == []  # no card, no "reading"
    emulator.commands.clear()
    emulator.insert(LI_YAN)
    emulator.behaviour.pull_after_select = True  # found, then gone: the read was under way all the same
    assert _failure(reader.read(2.0, on_card)).card_pulled
    assert seen == [[FIND]]  # once (not again for the find that noticed the card gone), before select
