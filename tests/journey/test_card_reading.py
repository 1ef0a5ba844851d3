"""Identify: "reading your card" from the moment the reader finds a card until the read's result
is handled, with a slow mock read (a slow PC/SC card, a retried GA/T 467 read)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest

from devices.id_reader.base import CardType
from devices.id_reader.mock import ReaderFault
from kiosk.journey import JourneyState as S
from kiosk.journey.states import NoticeReason
from kiosk.journey.view import ElderlyOfferView, IdentifyHint, IdentifyView
from tests.journey.conftest import Rig, identify_of, notice_of
from tests.journey.fakes import card


@pytest.fixture
def slow(rig: Rig) -> Iterator[Rig]:
    """A read that lasts until the test ends it (set_read_seconds(0)) or the card is taken away."""
    rig.reader.set_read_seconds(60.0)
    yield rig
    rig.reader.set_read_seconds(0.0)  # no read left hanging on the reader's thread


def poll_until(rig: Rig, condition: Callable[[], bool], seconds: float = 5.0) -> None:
    """Poll (as the GUI thread does) until the reader's thread has done its part; not a timing test."""
    deadline = time.monotonic() + seconds
    while True:
        rig.journey.poll()
        if condition():
            return
        assert time.monotonic() < deadline, f"gave up waiting in {rig.journey.state}"
        time.sleep(0.005)


def reading(rig: Rig) -> bool:
    shown = rig.journey.view().step_as(IdentifyView)
    return shown is not None and shown.card_reading


def place_and_see_reading(rig: Rig, placed: object) -> None:
    view = rig.journey.view()
    assert view.state is S.IDENTIFY and not identify_of(view).card_reading
    rig.reader.insert(placed)  # type: ignore[arg-type]
    poll_until(rig, lambda: reading(rig))
    view = rig.journey.view()
    assert view.state is S.IDENTIFY and identify_of(view).card_reading
    assert view.step_as(ElderlyOfferView) is None  # nothing from the card yet, not even masked


def test_reading_shows_while_the_card_is_read_and_not_after(slow: Rig) -> None:
    rig = slow
    rig.start()
    rig.journey.poll()
    assert not reading(rig)  # waiting for a card is not reading one
    place_and_see_reading(rig, card())
    for _ in range(3):  # it stays on while the read goes on
        rig.journey.poll()
        assert reading(rig) and rig.journey.working
    rig.reader.set_read_seconds(0.0)
    rig.journey.wait()
    assert rig.journey.state is S.FACE_CHECK
    assert not reading(rig)


def test_a_card_pulled_mid_read_clears_reading_and_asks_again(slow: Rig) -> None:
    rig = slow
    rig.start()
    place_and_see_reading(rig, card())
    rig.reader.remove()  # the citizen lifts the card half-way through
    rig.journey.wait()
    view = rig.journey.view()
    assert view.state is S.IDENTIFY
    assert identify_of(view).hint is IdentifyHint.CARD_PULLED
    assert not identify_of(view).card_reading
    rig.journey.poll()
    assert not reading(rig)  # the next read waits for a card: nothing to read yet
    place_and_see_reading(rig, card())  # placed again: reading again, the hint stays underneath
    assert identify_of(rig.journey.view()).hint is IdentifyHint.CARD_PULLED
    rig.reader.set_read_seconds(0.0)
    rig.run_to(S.PREVIEW)


def test_an_unreadable_card_clears_reading_and_shows_the_hint(slow: Rig) -> None:
    rig = slow
    rig.reader.inject(ReaderFault.CARD_ERROR)
    rig.start()
    place_and_see_reading(rig, card())
    rig.reader.set_read_seconds(0.0)
    pending = rig.journey._context.pending
    assert pending is not None
    pending.future.result(timeout=5)  # the read has ended, unreadable; the journey has not looked yet
    rig.reader.remove()  # the citizen lifts the card to place it again: the next read waits for it
    rig.journey.poll()
    view = rig.journey.view()
    assert view.state is S.IDENTIFY and not identify_of(view).card_reading
    assert identify_of(view).hint is IdentifyHint.CARD_UNREADABLE


def test_a_wrong_card_clears_reading_and_is_not_read_again_while_it_lies_there(slow: Rig) -> None:
    rig = slow
    rig.start("credit_report")  # needs the resident ID card
    place_and_see_reading(rig, card(card_type=CardType.SOCIAL_SECURITY))
    rig.reader.set_read_seconds(0.0)
    rig.journey.wait()
    view = rig.journey.view()
    assert view.state is S.IDENTIFY and identify_of(view).hint is IdentifyHint.WRONG_CARD
    assert not identify_of(view).card_reading
    reads = rig.reader.reads
    for _ in range(5):
        rig.settle()
        rig.elapse(1.0)  # the journey looks every 0.5 s whether the card has been taken
    assert rig.reader.reads == reads
    assert not reading(rig) and identify_of(rig.journey.view()).hint is IdentifyHint.WRONG_CARD
    wrong = [e for e in rig.records.events() if e.type == "card_read" and e.outcome == "wrong_card"]
    assert len(wrong) == 1
    rig.reader.remove()
    for _ in range(2):  # the journey's next look sees it gone, and it waits for a card again
        rig.elapse(1.0)
        rig.journey.wait()
    assert rig.reader.reads == reads
    rig.reader.insert(card())  # the resident ID card, this time
    rig.run_to(S.FACE_CHECK)


def test_a_reader_fault_mid_read_clears_reading_and_explains(slow: Rig) -> None:
    rig = slow
    rig.reader.inject(ReaderFault.SAM_FAULT)
    rig.start()
    place_and_see_reading(rig, card())
    rig.reader.set_read_seconds(0.0)
    rig.journey.wait()
    view = rig.journey.view()
    assert view.state is S.NOTICE and view.step_as(IdentifyView) is None  # nothing shows as reading
    assert notice_of(view).reason is NoticeReason.DEVICE_FAULT


def test_ending_the_session_mid_read_leaves_nothing_reading(slow: Rig) -> None:
    rig = slow
    rig.start()
    place_and_see_reading(rig, card())
    rig.journey.cancel()
    assert rig.journey.state is S.GOODBYE and not reading(rig)
    rig.reader.set_read_seconds(0.0)  # the abandoned read ends; its result finds nothing to land in
    rig.journey._context.devices.id_reader.submit(lambda device: None).result(timeout=5)
    rig.elapse(7)
    assert rig.journey.state is S.ATTRACT
    rig.reader.remove()
    rig.start()
    rig.journey.poll()
    assert not reading(rig)  # the old read's "card found" does not carry into the next visit


def test_placing_the_card_restarts_the_idle_time(slow: Rig) -> None:
    rig = slow
    rig.start()
    rig.clock.advance(55)  # 45 s + 20 s of warning: 10 s left
    place_and_see_reading(rig, card())
    rig.clock.advance(30)
    rig.journey.poll()
    assert rig.journey.state is S.IDENTIFY and reading(rig)
    assert rig.journey.view().idle_countdown is None
