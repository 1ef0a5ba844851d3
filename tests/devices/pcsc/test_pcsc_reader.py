"""PcscReader against a real pcscd, the vpcd driver and a virtual social security card."""

from __future__ import annotations

import argparse
import json
import logging
import threading
from collections.abc import Callable
from datetime import date

import pytest

from devices.id_reader.base import CardType, IdentityRecord, IdReader, ReaderStatus, ReadFailure
from devices.id_reader.pcsc import PcscReader
from devices.worker import DeviceWorker
from kiosk.identity import card_problems
from tests.devices.pcsc.conftest import PcscStack, eventually
from tests.devices.pcsc.virtual_card import SELECT_SSSE, Holder, VirtualCard

pytestmark = pytest.mark.realstack

OpenReader = Callable[..., PcscReader]
MAN = Holder(
    name="张三",
    id_number="440306198503151234",
    sex_code="1",
    nation_code="03",
    birth_date=date(1985, 3, 15),
    institution="440300000000000000000000",
)


def test_reads_the_public_records_into_an_identity_record(open_reader: OpenReader, card: VirtualCard) -> None:
    reader = open_reader()
    assert isinstance(reader, IdReader)
    card.insert()

    record = reader.read(5.0)

    assert isinstance(record, IdentityRecord), record
    assert record.card_type is CardType.SOCIAL_SECURITY
    assert record.name == "王䶮"  # U+4DAE: not in GBK, so the name field is decoded as GB18030
    assert record.id_number == "11010519491231002X"
    assert record.sex == "女"
    assert record.nation == "汉"
    assert record.birth_date == date(1949, 12, 31)
    assert record.issuer == "110000000000000000000000"
    assert (record.valid_from, record.valid_until) == (date(2020, 5, 1), date(2030, 5, 1))
    assert record.address is None and record.photo is None
    assert card_problems(record, date(2025, 1, 1)) == []
    assert card.apdus[0] == SELECT_SSSE


def test_senses_insertion_and_removal(open_reader: OpenReader, card: VirtualCard) -> None:
    reader = open_reader()
    assert reader.senses_presence
    assert reader.status() is ReaderStatus.NO_CARD
    assert not reader.card_present()

    card.insert()
    assert eventually(reader.card_present)
    assert reader.status() is ReaderStatus.READY

    card.remove()
    assert eventually(lambda: not reader.card_present())
    assert reader.status() is ReaderStatus.NO_CARD

    card.insert()  # and again: the watcher keeps following the reader
    assert eventually(reader.card_present)


def test_no_card_within_the_timeout_is_no_card(open_reader: OpenReader, card: VirtualCard) -> None:
    result = open_reader().read(0.3)

    assert result == ReadFailure(ReaderStatus.NO_CARD, "No card was placed on the reader.")


def test_a_card_placed_while_waiting_is_read_through_the_device_worker(
    open_reader: OpenReader, card: VirtualCard
) -> None:
    worker: DeviceWorker[IdReader] = DeviceWorker(open_reader(), "id_reader")
    try:
        future = worker.submit(lambda device: device.read(10.0))
        threading.Timer(0.2, card.insert).start()
        result = future.result(timeout=15)
    finally:
        worker.close()

    assert isinstance(result, IdentityRecord)


@pytest.mark.parametrize(
    "answer",
    [
        pytest.param(b"\x6a\x82", id="file-not-found"),
        pytest.param(b"\x42", id="one-byte"),
        pytest.param(b"\xde\xad\xbe\xef\x90\x00", id="ok-with-nonsense"),
    ],
)
def test_a_card_that_answers_garbage_is_a_card_error(
    open_reader: OpenReader, card: VirtualCard, answer: bytes
) -> None:
    reader = open_reader()
    card.garbage = answer
    card.insert()

    result = reader.read(5.0)

    assert isinstance(result, ReadFailure)
    assert result.status is ReaderStatus.CARD_ERROR
    assert not result.card_pulled
    assert reader.card_present()


def test_a_card_pulled_mid_read_is_no_card_pulled(open_reader: OpenReader, card: VirtualCard) -> None:
    reader = open_reader()
    card.pull_after = 4  # SELECT SSSE, SELECT EF05, one record, then gone
    card.insert()

    result = reader.read(5.0)

    assert isinstance(result, ReadFailure)
    assert (result.status, result.card_pulled) == (ReaderStatus.NO_CARD, True)
    assert eventually(lambda: not reader.card_present())


def test_a_reader_that_is_not_there_is_no_device(open_reader: OpenReader) -> None:
    reader = open_reader("no such reader")

    result = reader.read(0.3)

    assert isinstance(result, ReadFailure)
    assert result.status is ReaderStatus.NO_DEVICE
    assert reader.status() is ReaderStatus.NO_DEVICE
    assert "no such reader" in reader.description


def test_chooses_the_reader_by_name(
    open_reader: OpenReader, pcsc: PcscStack, card: VirtualCard, second_card: VirtualCard
) -> None:
    second = VirtualCard(second_card.port, MAN)
    try:
        second.insert()
        chosen = open_reader("pcd 00 01")  # case-insensitive substring of "Virtual PCD 00 01"
        first = open_reader()  # no name: the first reader pcscd lists

        record = chosen.read(5.0)

        assert isinstance(record, IdentityRecord)
        assert (record.name, record.sex, record.nation) == ("张三", "男", "回")
        assert chosen.description == f"PC/SC reader '{pcsc.readers[1]}'"
        assert first.read(0.3) == ReadFailure(ReaderStatus.NO_CARD, "No card was placed on the reader.")
    finally:
        second.remove()


def test_survives_a_pcscd_restart(open_reader: OpenReader, pcsc: PcscStack, card: VirtualCard) -> None:
    reader = open_reader()
    card.insert()
    assert isinstance(reader.read(5.0), IdentityRecord)

    pcsc.stop()
    card.remove()  # the daemon took the virtual card's connection with it
    assert eventually(lambda: reader.status() is ReaderStatus.NO_DEVICE)
    down = reader.read(0.2)
    assert isinstance(down, ReadFailure) and down.status is ReaderStatus.NO_DEVICE

    pcsc.start()
    card.insert()
    record = reader.read(15.0)  # the watcher re-establishes its context with back-off

    assert isinstance(record, IdentityRecord)
    assert reader.status() is ReaderStatus.READY


def test_starts_before_pcscd_and_finds_it_later(open_reader: OpenReader, pcsc: PcscStack) -> None:
    pcsc.stop()
    reader = open_reader()
    assert reader.status() is ReaderStatus.NO_DEVICE

    pcsc.start()

    assert eventually(lambda: reader.status() is ReaderStatus.NO_CARD, seconds=15)


def test_close_stops_the_watcher_thread(pcsc: PcscStack) -> None:
    before = set(threading.enumerate())
    reader = PcscReader()
    assert reader.status() is ReaderStatus.NO_CARD
    started = [t for t in set(threading.enumerate()) - before if t.name == "pcsc-watch"]
    assert len(started) == 1

    reader.close()

    assert not started[0].is_alive()


def test_personal_data_stays_out_of_logs_and_reprs(
    open_reader: OpenReader, card: VirtualCard, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    reader = open_reader()
    card.insert()
    record = reader.read(5.0)
    card.remove()
    card.garbage = "王䶮".encode("gb18030") + b"\x90\x00"
    card.insert()
    failure = reader.read(5.0)

    assert isinstance(record, IdentityRecord) and isinstance(failure, ReadFailure)
    shown = caplog.text + repr(record) + str(record) + repr(failure)
    for secret in ("王", "䶮", "11010519491231", "1949"):
        assert secret not in shown


def test_kiosk_read_id_reads_the_card_end_to_end(
    pcsc: PcscStack, card: VirtualCard, capsys: pytest.CaptureFixture[str]
) -> None:
    command = pytest.importorskip("kiosk.cli.read_id_command", reason="kiosk read-id is not in this tree yet")
    # Only this command's parser: the test must not depend on every other command being there.
    parser = argparse.ArgumentParser(prog="kiosk")
    command.register(parser.add_subparsers(required=True))
    args = parser.parse_args(["read-id", "--reader", "pcsc:PCD 00 00", "--timeout", "10", "--json"])

    card.insert()
    code = args.handler(args)

    out, err = capsys.readouterr()
    assert code == 0, err
    shown = json.loads(out)
    assert shown["card_type"] == "social_security"
    assert {"name", "id_number", "sex", "nation", "birth_date"} <= set(shown["fields_read"])
    for personal in ("王", "䶮", "1101", "002X", "1949"):
        assert personal not in out


def test_on_card_is_called_once_when_the_card_is_there_before_any_apdu(
    open_reader: OpenReader, card: VirtualCard
) -> None:
    reader = open_reader()
    seen: list[int] = []

    def on_card() -> None:
        seen.append(len(card.apdus))  # APDUs the card had been sent by then

    assert isinstance(reader.read(0.3, on_card), ReadFailure)
    assert seen == []  # no card, no "reading"
    card.insert()
    assert isinstance(reader.read(5.0, on_card), IdentityRecord)
    assert seen == [0]
