"""补打's screens: the home screen's tile, greyed with why; the keypad of the characters codes are made
of; why a code was not taken and what to do next, in both languages; what a reprint's visit says of
itself; and the whole of it tapped through the real window."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from devices.document_printer.base import DocumentPrinterStatus
from kiosk.demo.people import ZHANG_WEI
from kiosk.health import Unavailability
from kiosk.journey import JourneyState as S
from kiosk.journey.view import ReprintCodeView, ReprintOf, ReprintProblem, ReprintTile
from kiosk.parts import Part
from kiosk.print_journal import REPRINT_ALPHABET
from kiosk.storage.records import ReprintRefusal
from tests.ui.conftest import visible_texts
from tests.ui.test_journey_by_taps import print_until_the_paper_runs_out
from tests.ui.ui_rig import UiRig, open_rig
from tests.ui.views import make_view
from ui.i18n import Translations
from ui.screens.home_screen import HomeScreen
from ui.screens.intro_screen import IntroScreen
from ui.screens.reprint_code_screen import ReprintCodeScreen

CODE = "K7Q42M9X"


@pytest.fixture
def rig(qtbot: QtBot, tmp_path: Path, translations: Translations) -> Iterator[UiRig]:
    yield from open_rig(qtbot, tmp_path, translations)


def test_the_home_screen_has_a_reprint_tile_after_the_services(show_screen: Any, intents: Any) -> None:
    screen = show_screen(HomeScreen, make_view(S.HOME))
    tile = screen.reprint_tile
    assert tile.isVisible() and tile.isEnabled() and tile.title.text() == "补打"
    assert "凭补打码" in tile.summary.text()
    tile.click()
    assert intents.calls[-1] == ("start_reprint", ())
    assert tile not in screen.tiles  # the services' tiles are the services'


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_reprint_tile_is_greyed_with_why_when_it_cannot_print(show_screen: Any, language: str) -> None:
    down = Unavailability(Part.DOCUMENT_PRINTER, DocumentPrinterStatus.PAPER_OUT)
    screen = show_screen(HomeScreen, make_view(S.HOME, language=language, reprint_tile=ReprintTile((down,))))
    tile = screen.reprint_tile
    assert not tile.isEnabled() and tile.reason.isVisible()
    assert ("A4" in tile.reason.text()) and (("缺纸" in tile.reason.text()) == (language == "zh_CN"))
    assert tile.title.text() == ("补打" if language == "zh_CN" else "Reprint")


def test_the_keypad_offers_the_codes_characters_and_types_a_code(show_screen: Any, intents: Any) -> None:
    screen = show_screen(ReprintCodeScreen, make_view(S.REPRINT_CODE))
    assert "".join(sorted(screen.keypad.keys)) == "".join(sorted(REPRINT_ALPHABET))
    assert not set("01IO") & set(screen.keypad.keys)  # nothing that reads as another
    assert screen.code.text() == "____ ____"
    for character in CODE + "ZZ":  # two too many: a code has eight
        screen.keypad.keys[character].click()
    assert screen.code.text() == "K7Q4 2M9X"
    screen.delete_key.click()
    assert screen.code.text() == "K7Q4 2M9_"
    screen.keypad.keys["X"].click()
    screen.confirm.click()
    assert intents.calls[-1] == ("submit_reprint_code", (CODE,))
    screen.back.click()
    assert intents.calls[-1] == ("back", ())
    screen.wipe()  # left: the code goes with the screen
    assert screen.code.text() == "____ ____"


@pytest.mark.parametrize(
    ("problem", "zh", "en"),
    [
        (ReprintProblem.UNKNOWN, ("没有找到", "逐位核对"), ("not found", "character by character")),
        (
            ReprintProblem.USED,
            ("只能用一次", "09:00 至 17:00", "12345"),
            ("works once", "09:00 to 17:00", "12345"),
        ),
        (ReprintProblem.EXPIRED, ("有效期是 7 天", "人工窗口"), ("7 days", "service window")),
        (ReprintProblem.NOTHING_LEFT, ("全部打印出来了",), ("nothing to reprint",)),
        (ReprintProblem.NOT_NOW, ("摄像头", "仍然有效"), ("camera", "still works")),
        (ReprintProblem.NOT_HERE, ("不能在本机补打", "12345"), ("cannot be used at this kiosk", "12345")),
    ],
)
@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_a_refused_code_says_why_and_what_to_do_in_both_languages(
    show_screen: Any,
    intents: Any,
    problem: ReprintProblem,
    zh: tuple[str, ...],
    en: tuple[str, ...],
    language: str,
) -> None:
    from devices.camera.base import CameraStatus  # noqa: PLC0415 - this case's device only

    stopped = (
        Unavailability(Part.CAMERA, CameraStatus.NO_DEVICE) if problem is ReprintProblem.NOT_NOW else None
    )
    view = make_view(S.REPRINT_CODE, language=language, step=ReprintCodeView(problem, stopped, 7))
    screen = show_screen(ReprintCodeScreen, view)
    shown = " ".join(visible_texts(screen))
    for words in zh if language == "zh_CN" else en:
        assert words in shown, (words, shown)
    # on its own: the keypad comes back with 重新输入
    assert screen.refusal.isVisible() and not screen.keypad.isVisible() and not screen.confirm.isVisible()
    spoken = screen.spoken(view)
    assert (zh if language == "zh_CN" else en)[0] in spoken
    screen.retype.click()
    assert intents.calls[-1] == ("dismiss", ())
    screen.show_view(make_view(S.REPRINT_CODE, language=language))
    assert not screen.refusal.isVisible() and screen.keypad.isVisible() and screen.confirm.isVisible()


def test_every_refusal_of_the_records_has_its_words() -> None:
    assert {problem.value for problem in ReprintProblem} >= {refusal.value for refusal in ReprintRefusal}
    from ui import reprint_strings  # noqa: PLC0415 - the words under test

    assert set(reprint_strings.PROBLEM_WHAT) == set(ReprintProblem)


def test_a_hall_never_staffed_sends_the_citizen_to_the_hotline(show_screen: Any, kiosk_config: Any) -> None:
    from dataclasses import replace  # noqa: PLC0415

    config = replace(kiosk_config, help=replace(kiosk_config.help, staffed_on="never"))
    view = make_view(S.REPRINT_CODE, step=ReprintCodeView(ReprintProblem.USED))
    shown = " ".join(visible_texts(show_screen(ReprintCodeScreen, view, config=config)))
    assert "请拨打服务热线 12345 咨询。" in shown and "人工服务时间" not in shown


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_reprints_intro_says_what_it_prints_and_asks_for_the_same_card(
    show_screen: Any, language: str
) -> None:
    view = make_view(S.INTRO, language=language, reprint=ReprintOf(sheets=5, sheets_total=6))
    shown = " ".join(visible_texts(show_screen(IntroScreen, view)))
    if language == "zh_CN":
        assert "补打：个人信用报告 没有打印出来的页（共 5 页）" in shown and "同一张证件" in shown
    else:
        assert "(5 in all)" in shown and "the same card" in shown


def test_a_reprint_tapped_through_the_real_window(rig: UiRig) -> None:
    """A job cut short by the paper, then 补打 with its code on the keypad: the rest comes out."""
    code = print_until_the_paper_runs_out(rig)
    rig.tap(rig.screen().close_button)  # type: ignore[attr-defined]
    rig.mocks.reader.remove()
    rig.wait_for(lambda: rig.state is S.RATING)
    rig.tap(rig.screen().skip)  # type: ignore[attr-defined]
    rig.tap(rig.screen().done)  # type: ignore[attr-defined]
    rig.mocks.document_printer.set_status(DocumentPrinterStatus.READY)  # the paper refilled
    rig.kiosk.health.check_now()
    rig.kiosk.health.wait_first_round()
    rig.tap(rig.screen())  # wake
    home = rig.screen()
    assert isinstance(home, HomeScreen) and home.reprint_tile.isEnabled()
    rig.tap(home.reprint_tile)
    pad = rig.screen()
    assert isinstance(pad, ReprintCodeScreen)
    for character in "ABCD2345":
        rig.tap(pad.keypad.keys[character])
    rig.tap(pad.confirm)
    assert rig.state is S.REPRINT_CODE and pad.refusal.isVisible()
    assert any("ABCD 2345" in text for text in visible_texts(pad))  # what was typed, to compare
    rig.tap(pad.retype)
    for _ in range(8):
        rig.tap(pad.delete_key)
    for character in code:
        rig.tap(pad.keypad.keys[character])
    rig.tap(pad.confirm)
    assert rig.state is S.INTRO
    assert any("没有打印出来的页" in text for text in visible_texts(rig.screen()))
    rig.tap(rig.screen().agree)  # type: ignore[attr-defined]
    rig.place_card(ZHANG_WEI)
    assert rig.settle(until=S.REMINDERS) is S.REMINDERS
    printed = rig.mocks.document_printer.printed[-1]
    first = rig.kiosk.records.print_jobs()[0]
    assert (printed.pages, printed.copies) == (first.pages * first.copies - 1, 1)
