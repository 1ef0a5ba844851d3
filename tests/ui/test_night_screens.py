"""The screens of what a citizen meets at night: the help card that tells the truth, the reasons of a
poor rating, the call-back number that is never shown whole, the face check's tips, the notice
that names the pages to take."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiosk.face.base import FaceGuide, FacePrompt, FaceVerdict
from kiosk.journey import JourneyState as S
from kiosk.journey.states import Notice, NoticeReason
from kiosk.journey.view import CallbackProblem, CallbackView, FaceView, HelpAnswer, HelpView
from kiosk.parts import Part
from kiosk.ratings import RatingReason
from tests.ui.conftest import RecordingIntents, visible_texts
from tests.ui.ui_rig import UiRig, open_rig
from tests.ui.views import make_view
from ui.i18n import Translations
from ui.screens.callback_screen import CallbackScreen
from ui.screens.face_check_screen import FaceCheckScreen
from ui.screens.notice_screen import NoticeScreen
from ui.screens.rating_reasons_screen import RatingReasonsScreen
from ui.widgets.overlays import HelpOverlay

NUMBER = "13912345678"


@pytest.fixture
def rig(qtbot: QtBot, tmp_path: Path, translations: Translations) -> Iterator[UiRig]:
    yield from open_rig(qtbot, tmp_path, translations)


def test_the_help_card_after_hours_gives_the_duty_phone_and_the_kiosk_number(
    qtbot: Any, intents: RecordingIntents, kiosk_config: Any
) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    overlay = HelpOverlay(window, intents, kiosk_config)
    shown = HelpView(HelpAnswer.DUTY_PHONE, "KSK-DEMO-01", "0871-64612345", "12345", "09:00", "17:00")
    window.show()
    overlay.show_view(make_view(S.PREVIEW, help_requested=True, help=shown))
    texts = visible_texts(overlay)
    assert "0871-64612345" in texts and "本机编号：KSK-DEMO-01" in texts
    assert any("没有工作人员" in text for text in texts)
    assert not any("已收到" in text or "稍候" in text for text in texts)  # no promise nobody keeps
    assert "0871-64612345" in overlay.spoken() and "KSK-DEMO-01" in overlay.spoken()


def test_the_help_card_says_staff_come_only_when_they_do(
    qtbot: Any, intents: RecordingIntents, kiosk_config: Any
) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    overlay = HelpOverlay(window, intents, kiosk_config)
    window.show()
    coming = HelpView(HelpAnswer.STAFF_COMING, "KSK-DEMO-01", "12345", "12345", "09:00", "17:00")
    overlay.show_view(make_view(S.HOME, help_requested=True, help=coming))
    assert "已通知大厅工作人员，请在本机旁稍候。" in visible_texts(overlay)


def test_the_reasons_screen_marks_the_chosen_with_a_tick_and_sends_them(
    show_screen: Any, intents: Any
) -> None:
    view = make_view(S.RATING_REASONS, chosen=(RatingReason.TOO_SLOW,))
    screen = show_screen(RatingReasonsScreen, view)
    texts = visible_texts(screen)
    assert "✓ 等待时间长" in texts and "设备故障" in texts and "人脸核验不通过" in texts
    screen.reasons["device_fault"].click()
    screen.callback.click()
    screen.send.click()
    assert intents.calls[-3:] == [("toggle_reason", ("device_fault",)), ("submit_reasons", (True,)),
                                  ("submit_reasons", (False,))]  # fmt: skip


def test_the_call_back_number_is_never_shown_whole(show_screen: Any, intents: Any) -> None:
    screen = show_screen(CallbackScreen, make_view(S.CALLBACK))
    assert any("30 天后删除" in text for text in visible_texts(screen))
    for digit in NUMBER:
        screen.keys[digit].click()
    texts = visible_texts(screen)
    assert not any(NUMBER in text or NUMBER[3:9] in text for text in texts)
    assert "电话号码：139••••••78" in texts
    screen.send.click()
    assert intents.calls[-1] == ("submit_callback", (NUMBER,))
    assert not any(NUMBER[:5] in text for text in visible_texts(screen))  # gone from the pad too
    wrong = make_view(S.CALLBACK, step=CallbackView(30, CallbackProblem.NOT_A_NUMBER))
    screen.show_view(wrong)
    assert any("不是有效的电话号码" in text for text in visible_texts(screen))


def test_a_failed_face_attempt_gives_tips_and_a_retry_button_never_doubt(
    show_screen: Any, intents: Any
) -> None:
    face = FaceView(FaceGuide(FacePrompt.LOOK_AT_CAMERA), 1, 3, FaceVerdict.NO_MATCH, waiting_retry=True)
    screen = show_screen(FaceCheckScreen, make_view(S.FACE_CHECK, face=face))
    texts = visible_texts(screen)
    assert any("帽子" in text and "口罩" in text and "眼镜" in text and "光线" in text for text in texts)
    assert "重新核验" in texts
    assert not any("本人" in text for text in texts)
    screen.retry.click()
    assert intents.calls[-1] == ("retry_face_check", ())


def test_the_face_check_failure_notice_accuses_no_one(show_screen: Any) -> None:
    screen = show_screen(NoticeScreen, make_view(S.NOTICE, notice=Notice(NoticeReason.FACE_CHECK_FAILED)))
    texts = " ".join(visible_texts(screen))
    assert "本人" not in texts and "光线" in texts


def test_a_print_failure_names_the_pages_to_take_and_where_the_code_is(show_screen: Any) -> None:
    notice = Notice(
        NoticeReason.PRINT_FAILED, Part.DOCUMENT_PRINTER, None, reprint_code="ABCD2345", sheets_printed=1,
        reprint_slip=True,
    )  # fmt: skip
    texts = visible_texts(show_screen(NoticeScreen, make_view(S.NOTICE, notice=notice)))
    assert "ABCD2345" in texts and "已打印出 1 页，请从下方出纸口取走。" in texts
    assert "补打码已打印在凭条上，请从右侧出纸口取走凭条。" in texts


def test_help_on_the_window_pauses_the_visit_and_shows_the_kiosk_number(rig: UiRig) -> None:
    rig.tap(rig.screen())
    rig.tap(rig.window.header.help)
    overlay = rig.window.help
    assert overlay.isVisible() and overlay.kiosk_number.text() == "本机编号：KSK-DEMO-01"
    rig.elapse(600)
    assert rig.state is S.HOME and overlay.isVisible()
