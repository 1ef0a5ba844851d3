"""The technicians' PIN pad on its own: dots not digits, its answers, when it closes, its size."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiosk.config import KioskConfig
from kiosk.journey import JourneyState as S
from kiosk.technician_pin import PinCheck
from tests.ui.conftest import RecordingIntents, visible_texts
from tests.ui.test_wipe_ui import every_text
from tests.ui.views import make_view
from ui.accessibility_check import audit_widget
from ui.i18n import Translations
from ui.theme import Theme
from ui.widgets.pin_pad import DOT, MAX_DIGITS, PinPad

PIN = "24681357"


@pytest.fixture
def host(qtbot: QtBot) -> QWidget:
    """A window-sized parent for the pad, styled as the kiosk's window is."""
    window = QWidget()
    window.setObjectName("KioskWindow")
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    window.show()
    return window


def open_pad(host: QWidget, intents: RecordingIntents, *, elderly: bool = False, **kwargs: float) -> PinPad:
    theme = Theme.for_panel(KioskConfig().kiosk.panel, elderly=elderly)
    host.setStyleSheet(theme.stylesheet())
    pad = PinPad(host, intents, **kwargs)
    pad.apply_theme(theme)
    pad.open()
    QCoreApplication.processEvents()
    return pad


def type_pin(pad: PinPad, pin: str) -> None:
    for digit in pin:
        pad.keys[digit].click()


@pytest.fixture
def pad(host: QWidget, intents: RecordingIntents) -> Iterator[PinPad]:
    pad = open_pad(host, intents)
    yield pad
    pad.close_pad()


def test_digits_show_as_dots_never_as_digits(pad: PinPad, host: QWidget) -> None:
    type_pin(pad, PIN)
    assert pad.typed == len(PIN) and pad.dots.text() == DOT * len(PIN)
    assert not [text for text in every_text(host) if PIN in text or PIN[:4] in text]
    pad.delete.click()
    assert pad.dots.text() == DOT * (len(PIN) - 1)
    type_pin(pad, "9" * 20)
    assert pad.typed == MAX_DIGITS == 12  # a PIN has at most 12 digits: more are not taken


def test_confirm_hands_the_pin_over_and_a_wrong_one_is_said(pad: PinPad, intents: RecordingIntents) -> None:
    intents.pin_answers = [PinCheck.WRONG]
    type_pin(pad, PIN)
    pad.confirm.click()
    assert intents.calls == [("open_diagnostics", (PIN,))]
    assert pad.is_open and pad.message.isVisible() and not pad.body.isVisible()
    assert pad.message.text() == "密码不正确，请重新输入。"
    assert pad.typed == 0 and pad.dots.text() == ""  # the next try starts empty
    pad.confirm.click()  # nothing typed: nothing sent
    assert len(intents.calls) == 1


def test_locked_says_for_how_many_minutes_in_both_languages(
    host: QWidget, intents: RecordingIntents, translations: Translations
) -> None:
    intents.pin_answers = [PinCheck.LOCKED]
    intents.locked_seconds = 541.0
    pad = open_pad(host, intents)
    try:
        assert pad.message.text() == "密码错误次数过多，请 10 分钟后再试。"  # locked already: said on opening
        type_pin(pad, PIN)
        assert pad.submit() is PinCheck.LOCKED
        translations.use("en")
        pad.show_view(make_view(S.HOME, language="en"))
        assert pad.message.text() == "Too many wrong PINs. Try again in 10 minutes."
        assert "Technician sign-in" in visible_texts(pad)
        intents.locked_seconds = 30.0
        pad.open()
        assert pad.message.text() == "Too many wrong PINs. Try again in 1 minute."
    finally:
        translations.use("zh_CN")
        pad.close_pad()


def test_the_right_pin_and_cancel_close_the_pad(pad: PinPad, intents: RecordingIntents) -> None:
    intents.pin_answers = [PinCheck.ACCEPTED]
    type_pin(pad, PIN)
    assert pad.submit() is PinCheck.ACCEPTED
    assert not pad.is_open and not pad.isVisible()
    pad.open()
    type_pin(pad, "12")
    pad.cancel.click()
    assert not pad.is_open and pad.typed == 0


def test_it_closes_after_its_idle_time_and_each_tap_gives_more(
    host: QWidget, intents: RecordingIntents, qtbot: QtBot
) -> None:
    pad = open_pad(host, intents, idle_seconds=1.0)
    qtbot.wait(600)
    pad.keys["5"].click()  # a tap: the time starts again
    qtbot.wait(600)  # 1.2 s since it opened: closed by now, had the tap not counted
    assert pad.is_open
    qtbot.waitUntil(lambda: not pad.is_open, timeout=3000)
    assert pad.typed == 0 and not pad.isVisible()


def test_it_closes_when_the_journey_moves_away_from_the_way_in(pad: PinPad) -> None:
    type_pin(pad, "123")
    for state in (S.ATTRACT, S.HOME, S.OUT_OF_SERVICE):
        pad.show_view(make_view(state))
        assert pad.is_open and pad.typed == 3
    pad.show_view(make_view(S.INTRO))  # a citizen's session began (or the diagnostics screen opened)
    assert not pad.is_open and pad.typed == 0


@pytest.mark.parametrize("language", ["zh_CN", "en"])
@pytest.mark.parametrize("elderly", [False, True], ids=["normal", "elderly"])
def test_keys_are_large_enough_and_the_pad_passes_the_audit(
    host: QWidget, intents: RecordingIntents, translations: Translations, elderly: bool, language: str
) -> None:
    # The pad keeps the window's mode: a technician may find 长辈模式 left on at the home screen.
    translations.use(language)
    intents.pin_answers = [PinCheck.WRONG]
    pad = open_pad(host, intents, elderly=elderly)
    try:
        type_pin(pad, PIN)
        pad.submit()
        type_pin(pad, PIN + "0000")  # the longest PIN's dots, with the answer above them
        pad.show_view(make_view(S.HOME, language=language, elderly=elderly))
        QCoreApplication.processEvents()
        theme = Theme.for_panel(KioskConfig().kiosk.panel, elderly=elderly)
        keys = [*pad.keys.values(), pad.delete, pad.cancel, pad.confirm]
        smallest = min(min(key.width(), key.height()) for key in keys) / theme.px_per_mm
        assert smallest >= (20.0 if elderly else 12.7)
        result = audit_widget(pad, px_per_mm=theme.px_per_mm, elderly=elderly, name="pin_pad")
        assert result.passed, result.problems
        assert pad.card.geometry().bottom() <= host.height()  # the whole pad is on the panel
        assert pad.dots.width() >= pad.dots.sizeHint().width()  # twelve dots are not cut off
    finally:
        translations.use("zh_CN")
        pad.close_pad()
