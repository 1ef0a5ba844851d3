"""长辈模式 and English from the first touch; 再听一遍 and the step bar on every step of a visit; a
question before ending a visit in 长辈模式 — through the real window."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.journey import JourneyState as S
from tests.ui.ui_rig import UiRig, open_rig
from ui.i18n import Translations
from ui.screens.attract_screen import AttractScreen


@pytest.fixture
def rig(qtbot: QtBot, tmp_path: Path, translations: Translations) -> Iterator[UiRig]:
    yield from open_rig(qtbot, tmp_path, translations)


def _attract(rig: UiRig) -> AttractScreen:
    if rig.state is not S.ATTRACT:
        rig.kiosk.journey.cancel()
        rig.elapse(120)
    rig.refresh()
    screen = rig.screen()
    assert isinstance(screen, AttractScreen)
    return screen


def test_the_attract_screen_starts_elderly_mode_in_one_tap(rig: UiRig) -> None:
    screen = _attract(rig)
    assert screen.elderly_entry.isVisible() and screen.elderly_entry.text() == "使用长辈模式开始"
    rig.tap(screen.elderly_entry)
    assert rig.state is S.HOME and rig.kiosk.journey.elderly


def test_the_attract_screen_starts_in_english_in_one_tap(rig: UiRig) -> None:
    screen = _attract(rig)
    assert screen.language_entry.text() == "Start in English"
    rig.tap(screen.language_entry)
    assert rig.state is S.HOME and rig.kiosk.journey.language == "en"


def test_every_step_has_read_again_in_elderly_mode_and_the_step_bar(rig: UiRig) -> None:
    rig.tap(_attract(rig).elderly_entry)
    header = rig.window.header
    assert header.read_aloud.isVisible() and header.read_aloud.text() == "再听一遍"
    assert not header.steps.isVisible()  # home: no visit yet
    rig.kiosk.journey.choose_service("tax_payment")
    rig.refresh()
    assert header.read_aloud.isVisible() and header.read_aloud.text() == "再听一遍"
    assert header.steps.isVisible() and not header.name.isVisible()
    assert header.steps.accessibleName() == "第 1 步，共 5 步：身份核验"


def test_ending_in_elderly_mode_asks_first(rig: UiRig) -> None:
    rig.tap(_attract(rig).elderly_entry)
    rig.kiosk.journey.choose_service("tax_payment")
    rig.refresh()
    rig.tap_text("结束办理")
    question = rig.window.end_confirm
    assert question.isVisible() and rig.state is S.INTRO
    assert question.title.text() == "要结束本次办理吗？"
    rig.tap(question.keep)
    assert not question.isVisible() and rig.state is S.INTRO
    rig.tap_text("结束办理")
    rig.tap(question.end)
    assert rig.state is S.GOODBYE and not question.isVisible()


def test_nothing_is_cut_in_the_english_header_in_elderly_mode(rig: UiRig) -> None:
    # The header's name was shortened to "City Service …" at home in 长辈模式 in English.
    from ui.accessibility_check import audit_widget  # noqa: PLC0415 - the check under test

    screen = _attract(rig)
    rig.tap(screen.elderly_entry)
    rig.kiosk.journey.set_language("en")
    rig.refresh()
    header = rig.window.header
    assert header.name.isVisible()
    result = audit_widget(header, px_per_mm=rig.window.theme.px_per_mm, elderly=True, name="header")
    assert result.cut == [], result.cut
    assert header.name.text() in ("City Service Centre self-service kiosk", "")  # whole, or not at all
