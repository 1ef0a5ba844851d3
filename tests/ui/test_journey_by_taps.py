"""Whole journeys through the real window: taps on the real buttons, the journey with mock devices."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractButton
from pytestqt.qtbot import QtBot

from devices.document_printer.mock import DocumentFault
from kiosk.demo.people import LIU_XIUYING, ZHANG_WEI, ZHAO_JIANGUO
from kiosk.journey import JourneyState as S
from kiosk.journey.view import NoticeView, Reminder, RemindersView
from tests.ui.conftest import visible_texts
from tests.ui.ui_rig import UiRig, open_rig
from ui.i18n import Translations
from ui.screens.choose_business_screen import ChooseBusinessScreen
from ui.screens.preview_screen import PreviewScreen
from ui.screens.rating_screen import RatingScreen
from ui.widgets.pictograms import Picture

SERVICES = ["credit_report", "business_license", "social_insurance", "tax_payment", "real_estate"]


@pytest.fixture
def rig(qtbot: QtBot, tmp_path: Path, translations: Translations) -> Iterator[UiRig]:
    yield from open_rig(qtbot, tmp_path, translations)


def outcome(rig: UiRig) -> str:
    rows = (
        rig.kiosk.engine.connect()
        .exec_driver_sql("select outcome from sessions order by started_at desc, rowid desc limit 1")
        .all()
    )
    return str(rows[0][0])


def reminder_of(rig: UiRig) -> Reminder | None:
    shown = rig.kiosk.journey.view().step_as(RemindersView)
    return shown.reminder if shown else None


def tap_to_identify(rig: UiRig, service: str) -> None:
    assert rig.state is S.ATTRACT
    rig.tap(rig.screen())  # the attract screen wakes on a tap anywhere
    assert rig.state is S.HOME
    tile = next(t for t in rig.screen().tiles if t.service_id == service)  # type: ignore[attr-defined]
    rig.tap(tile)
    assert rig.state is S.INTRO
    rig.tap(rig.screen().agree)  # type: ignore[attr-defined]
    assert rig.state is S.IDENTIFY


def print_until_the_paper_runs_out(rig: UiRig) -> str:
    """A credit report for Zhang Wei whose paper runs out mid-job: the notice's reprint code."""
    rig.mocks.document_printer.inject(DocumentFault.PAPER_OUT_MID_JOB)
    tap_to_identify(rig, "credit_report")
    rig.place_card(ZHANG_WEI)
    assert rig.settle(until=S.PREVIEW) is S.PREVIEW
    rig.tap(rig.screen().print_button)  # type: ignore[attr-defined]
    assert rig.settle(until=S.NOTICE) is S.NOTICE
    shown = rig.kiosk.journey.view().step_as(NoticeView)
    code = shown.notice.reprint_code if shown else None
    assert code
    return code


def finish_after_preview(rig: UiRig, copies: int) -> None:
    preview = rig.screen()
    assert isinstance(preview, PreviewScreen)
    assert preview.shown_pages, "the preview shows the pages of the real PDF"
    for _ in range(copies - 1):
        rig.tap(preview.more)
    assert preview.count.text() == str(copies)
    rig.tap(preview.print_button)
    assert rig.settle(until=S.REMINDERS) is S.REMINDERS
    assert reminder_of(rig) is Reminder.TAKE_CARD
    rig.mocks.reader.remove()  # the citizen takes the card: the reader feels it gone
    rig.wait_for(lambda: reminder_of(rig) is Reminder.TAKE_PAPERS)
    assert rig.state is S.REMINDERS
    rig.wait_for(lambda: rig.state is S.RATING, step=1.0)
    rating = rig.screen()
    assert isinstance(rating, RatingScreen)
    rig.tap(rating.levels[5])
    assert rig.state is S.GOODBYE
    rig.tap(rig.screen().done)  # type: ignore[attr-defined]
    assert rig.state is S.ATTRACT


@pytest.mark.parametrize("service", SERVICES)
def test_each_service_by_taps(rig: UiRig, service: str) -> None:
    tap_to_identify(rig, service)
    rig.place_card(ZHAO_JIANGUO if service == "business_license" else ZHANG_WEI)
    state = rig.settle(until=S.PREVIEW if service != "business_license" else S.CHOOSE_BUSINESS)
    if service == "business_license":
        assert state is S.CHOOSE_BUSINESS
        screen = rig.screen()
        assert isinstance(screen, ChooseBusinessScreen)
        rig.tap(screen.tiles[-1 if len(screen.tiles) > 1 else 0])
        state = rig.settle(until=S.PREVIEW)
    assert state is S.PREVIEW
    finish_after_preview(rig, copies=2)
    assert outcome(rig) == "completed"
    printed = rig.mocks.document_printer.printed
    assert len(printed) == 1 and printed[0].copies == 2
    assert len(rig.mocks.receipt_printer.printed) == 1


def test_an_elderly_card_holder_accepts_the_offer_by_tap(rig: UiRig) -> None:
    tap_to_identify(rig, "tax_payment")
    rig.place_card(LIU_XIUYING)
    assert rig.settle(until=S.ELDERLY_OFFER) is S.ELDERLY_OFFER
    rig.tap(rig.screen().yes)  # type: ignore[attr-defined]
    assert rig.window.theme.elderly
    assert rig.settle(until=S.PREVIEW) is S.PREVIEW
    finish_after_preview(rig, copies=1)
    assert not rig.window.theme.elderly  # the mode resets with the session


def test_end_session_at_the_preview(rig: UiRig) -> None:
    tap_to_identify(rig, "credit_report")
    rig.place_card(ZHANG_WEI)
    assert rig.settle(until=S.PREVIEW) is S.PREVIEW
    rig.tap(rig.screen().end)  # type: ignore[attr-defined]
    assert rig.state is S.REMINDERS  # the card is still on the reader: never forgotten after a cancel
    assert "请取走您的身份证" in visible_texts(rig.screen())
    assert outcome(rig) == "cancelled"
    rig.mocks.reader.remove()
    rig.wait_for(lambda: rig.state is S.RATING)
    rig.tap(rig.screen().skip)  # type: ignore[attr-defined]
    assert rig.state is S.GOODBYE
    assert rig.screen().picture.picture is Picture.ENDED  # type: ignore[attr-defined]  # no tick


def test_language_switch_and_reset(rig: UiRig) -> None:
    rig.tap(rig.screen())
    header = rig.window.header
    english = next(b for b in header.findChildren(QAbstractButton) if b.isVisible() and b.text() == "English")
    rig.tap(english)
    assert rig.kiosk.journey.language == "en"
    assert "Choose what you would like to print" in visible_texts(rig.screen())
    tile = rig.screen().tiles[0]  # type: ignore[attr-defined]
    rig.tap(tile)
    rig.tap(rig.screen().agree)  # type: ignore[attr-defined]
    rig.place_card(ZHANG_WEI)
    assert rig.settle(until=S.PREVIEW) is S.PREVIEW
    preview = rig.screen()
    assert isinstance(preview, PreviewScreen)
    assert preview.print_button.text().startswith("Print")
    rig.tap(preview.end)
    rig.mocks.reader.remove()
    rig.wait_for(lambda: rig.state is S.RATING)
    rig.tap(rig.screen().skip)  # type: ignore[attr-defined]
    rig.tap(rig.screen().done)  # type: ignore[attr-defined]
    assert rig.state is S.ATTRACT
    assert rig.kiosk.journey.language == "zh_CN"  # the next citizen starts in Chinese
    rig.tap(rig.screen())
    assert any("请选择" in text for text in visible_texts(rig.screen()))


def test_a_failed_print_shows_the_notice_with_a_reprint_code(rig: UiRig) -> None:

    code = print_until_the_paper_runs_out(rig)
    assert any(code in text for text in visible_texts(rig.screen()))
    assert "补打码已打印在凭条上，请从右侧出纸口取走凭条。" in visible_texts(rig.screen())
    assert "已打印出 1 页，请从下方出纸口取走。" in visible_texts(rig.screen())
    rig.tap(rig.screen().close_button)  # type: ignore[attr-defined]
    assert rig.state is S.REMINDERS  # the card, then the page that came out
