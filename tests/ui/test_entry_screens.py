"""The screens before and around the document steps, each built from a state object:
attract, home, intro, identify, elderly offer, every notice, out of service, goodbye."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QPushButton

from devices.camera.base import CameraStatus
from devices.document_printer.base import DocumentPrinterStatus
from devices.id_reader.base import ReaderStatus
from devices.receipt_printer.base import ReceiptPrinterStatus
from kiosk.config import KioskConfig
from kiosk.documents.base import FetchFailure
from kiosk.health import Unavailability
from kiosk.identity import Problem
from kiosk.journey import JourneyState as S
from kiosk.journey.states import Notice, NoticeReason
from kiosk.journey.view import IdentifyHint
from kiosk.parts import FaceCheckStatus, Part
from tests.ui.conftest import RecordingIntents, ShowScreen, visible_texts
from tests.ui.views import CONFIG, make_view, tiles
from ui.screens.attract_screen import AttractScreen
from ui.screens.elderly_offer_screen import ElderlyOfferScreen
from ui.screens.goodbye_screen import GoodbyeScreen
from ui.screens.home_screen import HomeScreen
from ui.screens.identify_screen import IdentifyScreen
from ui.screens.intro_screen import IntroScreen
from ui.screens.notice_screen import NoticeScreen, detail_of
from ui.screens.out_of_service_screen import OutOfServiceScreen
from ui.widgets.tile import ServiceTileButton


def button(screen: object, text: str) -> QPushButton:
    for candidate in screen.findChildren(QPushButton):  # type: ignore[attr-defined]
        if candidate.isVisible() and candidate.text() == text:
            return candidate
    raise AssertionError(f"no visible button {text!r}")


def test_attract_shows_services_hours_and_hotline_and_wakes_on_a_tap(
    show_screen: ShowScreen, intents: RecordingIntents, qtbot: object
) -> None:
    screen = show_screen(AttractScreen, make_view(S.ATTRACT))
    texts = visible_texts(screen)
    assert "请触摸屏幕开始" in texts
    assert "服务时间：全天 24 小时" in texts
    assert "服务热线：12345" in texts
    assert "个人信用报告" in texts and "不动产登记信息" in texts
    qtbot.mouseClick(screen, Qt.MouseButton.LeftButton, pos=QPoint(20, 20))  # type: ignore[attr-defined]
    assert intents.names() == ["touch"]


def test_attract_content_drifts_so_the_panel_does_not_burn_in(show_screen: ShowScreen) -> None:
    screen = show_screen(AttractScreen, make_view(S.ATTRACT))
    assert isinstance(screen, AttractScreen)
    positions = set()
    for _ in range(6):
        screen._move_on()
        positions.add(screen.column.contentsMargins().left() - screen.column.contentsMargins().right())
    assert len(positions) > 3


def test_home_greys_a_tile_whose_device_is_down_with_the_reason(
    show_screen: ShowScreen, intents: RecordingIntents, qtbot: object
) -> None:
    down = {"credit_report": (Unavailability(Part.DOCUMENT_PRINTER, DocumentPrinterStatus.PAPER_OUT),)}
    screen = show_screen(HomeScreen, make_view(S.HOME, services=tiles(down)))
    tiles_shown = {t.service_id: t for t in screen.findChildren(ServiceTileButton)}
    assert not tiles_shown["credit_report"].isEnabled()
    assert tiles_shown["credit_report"].reason.text() == "暂停服务：A4 打印机缺纸"
    assert tiles_shown["tax_payment"].isEnabled() and tiles_shown["tax_payment"].reason.isHidden()
    qtbot.mouseClick(tiles_shown["credit_report"], Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    qtbot.mouseClick(tiles_shown["tax_payment"], Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    assert intents.calls == [("choose_service", ("tax_payment",))]


def test_home_greys_the_face_checked_tiles_when_the_face_check_has_no_model(show_screen: ShowScreen) -> None:
    why = "The 5-point face landmark model file does not exist."
    down = {
        s.id: (Unavailability(Part.FACE_CHECK, FaceCheckStatus.NO_MODEL, why),) for s in CONFIG.services[:2]
    }
    screen = show_screen(HomeScreen, make_view(S.HOME, services=tiles(down)))
    shown = {t.service_id: t for t in screen.findChildren(ServiceTileButton)}
    assert not shown["credit_report"].isEnabled() and not shown["business_license"].isEnabled()
    assert shown["credit_report"].reason.text() == "暂停服务：人脸核验程序无法加载识别模型"
    assert why not in visible_texts(screen)  # the model's own sentence is for the technician
    assert shown["tax_payment"].isEnabled()


def test_home_says_so_when_nothing_can_be_offered(show_screen: ShowScreen) -> None:
    down = {s.id: (Unavailability(Part.ID_READER, ReaderStatus.NO_DEVICE),) for s in CONFIG.services}
    screen = show_screen(HomeScreen, make_view(S.HOME, services=tiles(down)))
    assert "暂时没有可办理的业务，请到人工窗口办理。" in visible_texts(screen)


def test_home_in_english_and_elderly_mode(show_screen: ShowScreen) -> None:
    screen = show_screen(HomeScreen, make_view(S.HOME, language="en", elderly=True))
    texts = visible_texts(screen)
    assert "Choose what you would like to print" in texts
    assert "Personal credit report" in texts
    # 长辈模式: one decision, no summaries under the titles
    assert "Your own credit record: accounts, repayments and queries" not in texts


def test_intro_shows_consent_and_sends_back_or_agree(
    show_screen: ShowScreen, intents: RecordingIntents
) -> None:
    social = CONFIG.service("social_insurance")
    screen = show_screen(IntroScreen, make_view(S.INTRO, service=social))
    texts = visible_texts(screen)
    assert "您需要：本人居民身份证或社会保障卡。办理中需进行人脸核验。" in texts
    assert any("办理结束后立即从本机清除" in text for text in texts)
    button(screen, "结束办理").click()
    button(screen, "同意并继续").click()
    assert intents.names() == ["cancel", "accept_consent"]


@pytest.mark.parametrize("hint", list(IdentifyHint))
def test_identify_explains_what_went_wrong_with_the_last_read(
    show_screen: ShowScreen, hint: IdentifyHint
) -> None:
    screen = show_screen(IdentifyScreen, make_view(S.IDENTIFY, identify_hint=hint))
    assert isinstance(screen, IdentifyScreen)
    assert screen.hint_panel.isVisible() and screen.hint.text()
    assert screen.spoken(make_view(S.IDENTIFY, identify_hint=hint)) == screen.hint.text()


def test_identify_animates_only_while_shown(show_screen: ShowScreen, intents: RecordingIntents) -> None:
    screen = show_screen(IdentifyScreen, make_view(S.IDENTIFY))
    assert isinstance(screen, IdentifyScreen)
    assert not screen.hint_panel.isVisible()
    assert screen.animation._timer.isActive()
    button(screen, "结束办理").click()
    assert intents.names() == ["cancel"]
    screen.hide()
    assert not screen.animation._timer.isActive()


def test_elderly_offer_asks_one_question_and_forgets_the_name(
    show_screen: ShowScreen, intents: RecordingIntents
) -> None:
    screen = show_screen(ElderlyOfferScreen, make_view(S.ELDERLY_OFFER, holder_masked_name="刘*"))
    assert "刘*，您好。" in visible_texts(screen)
    buttons = [b for b in screen.findChildren(QPushButton) if b.isVisible()]
    assert len(buttons) == 2
    button(screen, "使用长辈模式").click()
    button(screen, "不用，继续").click()
    assert intents.calls == [("answer_elderly_offer", (True,)), ("answer_elderly_offer", (False,))]
    screen.wipe()
    assert not any("刘" in text for text in visible_texts(screen))


NOTICES = [
    Notice(NoticeReason.TIMED_OUT),
    Notice(NoticeReason.CARD_REFUSED, card_problem=Problem.EXPIRED),
    Notice(NoticeReason.CARD_REFUSED, card_problem=Problem.NOT_YET_VALID),
    Notice(NoticeReason.CARD_UNREADABLE),
    Notice(NoticeReason.DEVICE_FAULT, part=Part.ID_READER, status=ReaderStatus.NO_DEVICE),
    Notice(NoticeReason.DEVICE_FAULT, part=Part.CAMERA, status=CameraStatus.FROZEN),
    Notice(NoticeReason.SOURCE_FAULT, part=Part.GATEWAY, status=FetchFailure.TIMEOUT),
    Notice(NoticeReason.SOURCE_FAULT, part=Part.REGISTRY, status=FetchFailure.UNAVAILABLE),
    Notice(NoticeReason.NO_RECORD, part=Part.REGISTRY),
    Notice(NoticeReason.NO_BUSINESS),
    Notice(NoticeReason.FACE_CHECK_FAILED),
    Notice(NoticeReason.NO_FACE_REFERENCE),
    Notice(
        NoticeReason.PRINT_FAILED,
        part=Part.DOCUMENT_PRINTER,
        status=DocumentPrinterStatus.PAPER_OUT,
        reprint_code="K7Q4-2M9X",
    ),
    Notice(NoticeReason.INTERNAL_ERROR, part=Part.RENDERER),
]


@pytest.mark.parametrize(
    "notice", NOTICES, ids=lambda n: f"{n.reason.value}-{n.part or n.card_problem or ''}"
)
def test_every_notice_says_what_happened_and_what_to_do(
    show_screen: ShowScreen, intents: RecordingIntents, notice: Notice
) -> None:
    screen = show_screen(NoticeScreen, make_view(S.NOTICE, notice=notice))
    assert isinstance(screen, NoticeScreen)
    assert screen.what.text() and screen.to_do.text()
    assert screen.code_panel.isVisible() == bool(notice.reprint_code)
    if notice.reprint_code:
        assert screen.code.text() == notice.reprint_code
    texts = " ".join(visible_texts(screen))
    assert "Traceback" not in texts and "None" not in texts and "_" not in texts
    button(screen, "完成").click()
    assert intents.names() == ["dismiss"]


def test_notice_details_name_the_device_and_the_card_problem(qapp: object) -> None:
    printer = Notice(
        NoticeReason.PRINT_FAILED, part=Part.DOCUMENT_PRINTER, status=DocumentPrinterStatus.PAPER_OUT
    )
    assert detail_of(printer) == "A4 打印机缺纸"
    assert (
        detail_of(Notice(NoticeReason.CARD_REFUSED, card_problem=Problem.EXPIRED)) == "您的证件已过有效期。"
    )
    assert detail_of(Notice(NoticeReason.TIMED_OUT)) == ""


def test_notice_in_english(show_screen: ShowScreen) -> None:
    notice = Notice(
        NoticeReason.DEVICE_FAULT, part=Part.RECEIPT_PRINTER, status=ReceiptPrinterStatus.COVER_OPEN
    )
    screen = show_screen(NoticeScreen, make_view(S.NOTICE, notice=notice, language="en"))
    texts = visible_texts(screen)
    assert "A device failed, so your visit cannot continue." in texts
    assert "The receipt printer's cover is open" in texts


def test_out_of_service_gives_the_hotline(show_screen: ShowScreen, kiosk_config: KioskConfig) -> None:
    screen = show_screen(OutOfServiceScreen, make_view(S.OUT_OF_SERVICE))
    assert f"如需帮助，请拨打服务热线 {kiosk_config.kiosk.hotline}" in visible_texts(screen)
    assert not [b for b in screen.findChildren(QPushButton) if b.isVisible()]


def test_goodbye_ends_with_one_tap(show_screen: ShowScreen, intents: RecordingIntents) -> None:
    screen = show_screen(GoodbyeScreen, make_view(S.GOODBYE, rating=5))
    assert "您的信息已从本机清除。" in visible_texts(screen)
    button(screen, "完成").click()
    assert intents.names() == ["dismiss"]


@pytest.mark.parametrize(
    "cls,state",
    [
        (AttractScreen, S.ATTRACT),
        (HomeScreen, S.HOME),
        (IntroScreen, S.INTRO),
        (IdentifyScreen, S.IDENTIFY),
        (ElderlyOfferScreen, S.ELDERLY_OFFER),
        (NoticeScreen, S.NOTICE),
        (OutOfServiceScreen, S.OUT_OF_SERVICE),
        (GoodbyeScreen, S.GOODBYE),
    ],
)
def test_each_screen_has_a_spoken_instruction_in_both_languages(
    show_screen: ShowScreen, cls: type, state: S
) -> None:
    view = make_view(state, **({"notice": Notice(NoticeReason.TIMED_OUT)} if state is S.NOTICE else {}))
    screen = show_screen(cls, view)
    chinese = screen.spoken(view)
    screen_en = show_screen(cls, replace(view, language="en"))
    english = screen_en.spoken(replace(view, language="en"))
    assert chinese and english and chinese != english
