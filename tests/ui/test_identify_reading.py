"""Identify while a card is being read: the screen from a state object in both modes and languages,
and the real window over a mock kiosk whose reader takes its time (speaking it in 长辈模式)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.demo.people import ZHANG_WEI
from kiosk.journey import JourneyState as S
from kiosk.journey.view import IdentifyHint, IdentifyView
from tests.ui.conftest import ShowScreen, visible_texts
from tests.ui.ui_rig import UiRig, open_rig
from tests.ui.views import make_view
from ui.i18n import Translations
from ui.screens.identify_screen import IdentifyScreen
from ui.voice import SETTLE_MS

READING = {"zh_CN": "正在读取证件，请不要移动", "en": "Reading your card — please keep it still"}
NEXT = {
    "zh_CN": "读取完成后会自动进入下一步。",
    "en": "When it has been read, the next step opens by itself.",
}
PLACE = {"zh_CN": "请将身份证放在感应区", "en": "Place your ID card on the reader"}


def card_reading(rig: UiRig) -> bool:
    shown = rig.kiosk.journey.view().step_as(IdentifyView)
    return shown is not None and shown.card_reading


@pytest.mark.parametrize("language", ["zh_CN", "en"])
@pytest.mark.parametrize("elderly", [False, True], ids=["normal", "elderly"])
def test_reading_changes_the_instruction_and_the_animation(
    show_screen: ShowScreen, elderly: bool, language: str
) -> None:
    view = make_view(S.IDENTIFY, elderly=elderly, language=language, card_reading=True)
    screen = show_screen(IdentifyScreen, view)
    assert isinstance(screen, IdentifyScreen)
    texts = visible_texts(screen)
    assert READING[language] in texts and NEXT[language] in texts
    assert PLACE[language] not in texts
    assert screen.animation.reading and screen.animation._timer.isActive()
    assert screen.spoken(view) == READING[language]

    waiting = make_view(S.IDENTIFY, elderly=elderly, language=language)
    screen.show_view(waiting)  # the read is over (here: nothing was found) — back to "place your card"
    texts = visible_texts(screen)
    assert PLACE[language] in texts and READING[language] not in texts and NEXT[language] not in texts
    assert not screen.animation.reading
    assert screen.spoken(waiting) != READING[language]


def test_while_reading_the_last_reads_hint_is_put_away_and_comes_back_after(show_screen: ShowScreen) -> None:
    pulled = make_view(S.IDENTIFY, identify_hint=IdentifyHint.CARD_PULLED)
    screen = show_screen(IdentifyScreen, make_view(S.IDENTIFY, identify_hint=IdentifyHint.CARD_PULLED))
    assert isinstance(screen, IdentifyScreen)
    assert screen.hint_panel.isVisible()
    reading = make_view(S.IDENTIFY, identify_hint=IdentifyHint.CARD_PULLED, card_reading=True)
    screen.show_view(reading)
    assert not screen.hint_panel.isVisible()
    assert screen.spoken(reading) == READING["zh_CN"]
    screen.show_view(pulled)  # pulled again mid-read
    assert screen.hint_panel.isVisible() and screen.hint.text().startswith("证件被移开了")
    assert screen.spoken(pulled) == screen.hint.text()


def test_the_reading_screen_is_painted_with_the_sweep(show_screen: ShowScreen) -> None:
    # Drawn, not only flagged: the bar under the reader appears in the picture while reading.
    screen = show_screen(IdentifyScreen, make_view(S.IDENTIFY))
    assert isinstance(screen, IdentifyScreen)
    animation = screen.animation
    bar_row = int(animation.height() * 0.97)
    before = animation.grab().toImage()
    screen.show_view(make_view(S.IDENTIFY, card_reading=True))
    after = animation.grab().toImage()
    changed = sum(before.pixel(x, bar_row) != after.pixel(x, bar_row) for x in range(animation.width()))
    assert changed > animation.width() // 2


# ---------------------------------------------------------------- the real window, a slow reader
@pytest.fixture
def rig(qtbot: QtBot, tmp_path: Path, translations: Translations) -> Iterator[UiRig]:
    for rig in open_rig(qtbot, tmp_path, translations):
        rig.mocks.reader.set_read_seconds(60.0)  # held until the test lets the read finish
        try:
            yield rig
        finally:
            rig.mocks.reader.set_read_seconds(0.0)


def refresh_until_reading(rig: UiRig, seconds: float = 5.0) -> None:
    """Poll as the window's timer does until the reader's thread has found the card (bounded)."""
    deadline = time.monotonic() + seconds
    while not card_reading(rig):
        assert time.monotonic() < deadline, "the journey never showed the card being read"
        rig.refresh()
        time.sleep(0.005)
    rig.refresh()


def said(rig: UiRig) -> list[tuple[str, str]]:
    """What the voice has been asked to say, once its thread has caught up. (Not rig.settle(): with no
    card on the reader, identify always has a read pending.)"""
    rig.kiosk.devices.voice.submit(lambda device: None).result(timeout=5)
    return rig.mocks.voice.said


def to_identify(rig: UiRig, *, elderly: bool) -> None:
    rig.tap(rig.screen())
    if elderly:
        rig.tap(rig.window.header.elderly)
    rig.tap_text("个人信用报告")
    rig.tap(rig.screen().agree)  # type: ignore[attr-defined]
    assert rig.state is S.IDENTIFY


def test_elderly_mode_speaks_reading_then_moves_on(rig: UiRig) -> None:
    to_identify(rig, elderly=True)
    assert said(rig)[-1][1].startswith("请将身份证放在屏幕下方的感应区")
    rig.place_card(ZHANG_WEI)
    refresh_until_reading(rig)
    screen = rig.screen()
    assert isinstance(screen, IdentifyScreen)
    assert READING["zh_CN"] in visible_texts(screen)
    rig.qtbot.wait(SETTLE_MS + 150)  # a sentence on the same screen is said once it has stayed
    assert said(rig)[-1] == ("zh_CN", READING["zh_CN"])
    rig.mocks.reader.set_read_seconds(0.0)
    assert rig.settle(until=S.FACE_CHECK) is S.FACE_CHECK
    assert not card_reading(rig)
    assert said(rig)[-1][1] != READING["zh_CN"]  # the next screen's instruction


def test_a_card_pulled_mid_read_shows_and_says_the_hint(rig: UiRig) -> None:
    to_identify(rig, elderly=True)
    rig.place_card(ZHANG_WEI)
    refresh_until_reading(rig)
    rig.mocks.reader.remove()
    rig.kiosk.journey.wait()
    rig.refresh()
    screen = rig.screen()
    assert isinstance(screen, IdentifyScreen)
    texts = visible_texts(screen)
    assert READING["zh_CN"] not in texts and PLACE["zh_CN"] in texts
    assert screen.hint_panel.isVisible()
    rig.qtbot.wait(SETTLE_MS + 150)
    assert said(rig)[-1][1] == screen.hint.text()
    assert not screen.animation.reading


def test_a_read_over_in_a_blink_is_not_begun_aloud_and_cut_off(rig: UiRig) -> None:
    """A GA/T 467 read takes ~0.12 s: "正在读取…" would be cut off after a syllable by the next screen."""
    to_identify(rig, elderly=True)
    voice = rig.window.voice
    assert voice is not None and voice.settle_ms == SETTLE_MS
    voice.settle_ms = 3000  # far beyond the moment below, however slow the machine
    rig.place_card(ZHANG_WEI)  # the read is held until reading is shown, then let go at once
    refresh_until_reading(rig)
    assert READING["zh_CN"] in visible_texts(rig.screen())  # shown, as it should be
    rig.mocks.reader.set_read_seconds(0.0)
    assert rig.settle(until=S.FACE_CHECK) is S.FACE_CHECK
    rig.qtbot.wait(100)
    spoken = [text for _, text in said(rig)]
    assert READING["zh_CN"] not in spoken
    assert spoken[-1] == rig.window.instruction()  # the face check's instruction, said at once and whole


def test_normal_mode_shows_reading_without_speaking(rig: UiRig) -> None:
    to_identify(rig, elderly=False)
    rig.place_card(ZHANG_WEI)
    refresh_until_reading(rig)
    assert READING["zh_CN"] in visible_texts(rig.screen())
    assert said(rig) == []
