"""The diagnostics screen: drawn from a hand-made view of the typed readiness report, and reached the
whole way by taps (hold the corner, the PIN pad, a self-test, leave) on the real window over mock devices."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QPoint, QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton
from pytestqt.qtbot import QtBot

from devices.camera.base import CameraStatus
from devices.document_printer.base import DocumentPrinterStatus
from devices.id_reader.base import ReaderStatus
from devices.receipt_printer.base import ReceiptPrinterStatus
from devices.voice.base import VoiceStatus
from kiosk.config import KioskConfig
from kiosk.demo.people import DEMO_TECHNICIAN_PIN, DEMO_WRONG_PIN, ZHANG_WEI, demo_people
from kiosk.health import Unavailability
from kiosk.identity import mask_id_number
from kiosk.journey import JourneyState as S
from kiosk.journey.view import DiagnosticsView
from kiosk.parts import FaceCheckStatus, Part, RendererStatus, SourceStatus, Unanswered
from kiosk.readiness import (
    DatabaseSection,
    DeviceSection,
    DiskSection,
    FaceCheckSection,
    ReadinessReport,
    RendererSection,
    ServiceSection,
    SourceSection,
    UnfinishedJob,
)
from kiosk.recent_log import LogEntry
from kiosk.self_tests import SelfTest, SelfTestResult
from tests.ui.conftest import RecordingIntents, ShowScreen, visible_texts
from tests.ui.test_wipe_ui import every_text
from tests.ui.ui_rig import UiRig, open_rig
from tests.ui.views import make_view
from ui.accessibility_check import audit_widget
from ui.app import KioskWindow
from ui.i18n import Translations
from ui.screens.diagnostics_screen import DiagnosticsScreen
from ui.technician_strings import DASH
from ui.theme import Theme
from ui.widgets.report_lines import Section

HOLD = 0.05  # seconds: the corner's 3 s, shortened for the tests
IN_CORNER = QPoint(20, 20)
AT = datetime(2026, 12, 6, 19, 41, 2)


FONTS = ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",)


def report(**changes: Any) -> ReadinessReport:
    """A kiosk with its A4 printer out of paper, one service stopped for it, one job cut short."""
    fields: dict[str, Any] = {
        "kiosk_id": "KSK-HALL-07",
        "devices": (
            DeviceSection(Part.ID_READER, "mock", "mock ID reader", ReaderStatus.NO_CARD),
            DeviceSection(Part.RECEIPT_PRINTER, "mock", "mock receipt printer", ReceiptPrinterStatus.READY),
            DeviceSection(
                Part.DOCUMENT_PRINTER, "cups:HALL_A4", "CUPS queue HALL_A4", DocumentPrinterStatus.PAPER_OUT
            ),
            DeviceSection(Part.CAMERA, "mock", "mock camera", CameraStatus.READY),
            DeviceSection(Part.VOICE, "mock", "mock voice", VoiceStatus.READY),
        ),
        "sources": (SourceSection(Part.REGISTRY, SourceStatus.AVAILABLE),),
        "services": (
            ServiceSection("credit_report"),
            ServiceSection(
                "business_license", (Unavailability(Part.DOCUMENT_PRINTER, DocumentPrinterStatus.PAPER_OUT),)
            ),
        ),
        "face_check": FaceCheckSection("dlib", 0.5, FaceCheckStatus.READY),
        "renderer": RendererSection(RendererStatus.READY, FONTS),
        "database": DatabaseSection("sqlite:////var/lib/civic-kiosk/kiosk.db", "0002", "0002"),
        "disk": DiskSection("/var/lib/civic-kiosk", 18234),
        "unfinished_print_jobs": (
            UnfinishedJob("7K3M9Q", "business_license", "failed", datetime(2026, 12, 6, 19, 12),
                          "paper out after sheet 2 of 3"),
        ),
    }  # fmt: skip
    fields.update(changes)
    return ReadinessReport(**fields)


def diagnostics(visit: DiagnosticsView, language: str = "zh_CN") -> Any:
    return make_view(S.DIAGNOSTICS, diagnostics=visit, language=language)


def line_of(section: Section, name: str) -> Any:
    """The shown line of ``section`` about ``name``."""
    lines = [line for line in section.lines if line.isVisibleTo(section) and line.name.text() == name]
    assert lines, f"no line {name!r} in {section.heading.text()}: {visible_texts(section)}"
    return lines[0]


# ---------------------------------------------------------------- the screen, from a hand-made view
def test_the_report_says_what_is_not_ready_and_why(show_screen: ShowScreen) -> None:
    visit = DiagnosticsView(report(), sessions_today=(("completed", 12), ("timed_out", 1)))
    screen = show_screen(DiagnosticsScreen, diagnostics(visit))
    assert isinstance(screen, DiagnosticsScreen)
    texts = visible_texts(screen)
    assert "本机有故障，部分业务可能无法办理" in texts and screen.overall_mark.ok is False
    printer = line_of(screen.devices, "A4 打印机")
    assert printer.mark.ok is False and printer.word.text() == "故障" and printer.word.role == "danger"
    assert printer.detail.text() == "A4 打印机缺纸" and "CUPS queue HALL_A4" in printer.note.text()
    reader = line_of(screen.devices, "身份证读卡器")
    assert reader.mark.ok is True and reader.word.text() == "正常"  # no_card: a reader waiting is ready
    stopped = line_of(screen.services, "营业执照")
    assert stopped.word.text() == "暂停服务" and stopped.detail.text() == "A4 打印机缺纸"
    assert line_of(screen.services, "个人信用报告").word.text() == "可以办理"
    job = line_of(screen.jobs, "补打码 7K3M9Q")
    assert job.detail.text() == "营业执照：打印失败，2026-12-06 19:12"
    assert line_of(screen.today, "办理完成").word.text() == "12 次"
    assert screen.spoken(diagnostics(visit)) == ""  # nothing is read aloud for technicians
    theme = Theme.for_panel(KioskConfig().kiosk.panel)
    audit = audit_widget(screen, px_per_mm=theme.px_per_mm, elderly=False, name="diagnostics")
    assert audit.passed, audit.problems


def test_the_latest_warnings_and_errors_are_listed_with_their_part(
    show_screen: ShowScreen, translations: Translations
) -> None:
    problems = (
        LogEntry(AT, "ERROR", "devices.document_printer.cups_printer", "CUPS job 41 on HALL_A4 was aborted"),
        LogEntry(AT.replace(hour=18), "WARNING", "kiosk.gateway.client", "the gateway did not answer"),
    )
    screen = show_screen(DiagnosticsScreen, diagnostics(DiagnosticsView(report(), problems=problems)))
    assert isinstance(screen, DiagnosticsScreen)
    error = line_of(screen.problems, "错误")
    assert error.detail.text() == "CUPS job 41 on HALL_A4 was aborted"
    assert (
        error.note.text() == "devices.document_printer.cups_printer" and error.word.text() == "12-06 19:41:02"
    )
    assert line_of(screen.problems, "警告").detail.text() == "the gateway did not answer"

    screen.show_view(diagnostics(DiagnosticsView(report())))
    assert "本次开机以来没有警告或错误。" in visible_texts(screen)
    translations.use("en")
    try:
        screen.show_view(diagnostics(DiagnosticsView(report(), problems=problems), "en"))
        assert screen.problems.heading.text() == "Recent warnings and errors"
        assert line_of(screen.problems, "Error").detail.text() == "CUPS job 41 on HALL_A4 was aborted"
    finally:
        translations.use("zh_CN")


def test_until_the_first_report_it_says_the_report_is_being_made(show_screen: ShowScreen) -> None:
    screen = show_screen(DiagnosticsScreen, diagnostics(DiagnosticsView(report=None)))
    assert isinstance(screen, DiagnosticsScreen)
    assert "正在生成诊断报告，请稍候…" in visible_texts(screen)
    assert not screen.devices.isVisible() and not screen.jobs.isVisible() and not screen.overall.isVisible()
    assert all(button.isEnabled() for button in screen.test_buttons.values())  # the tests need no report
    assert "还没有自检结果。" in visible_texts(screen)


def test_a_test_under_way_disables_every_test_and_results_come_newest_first(
    show_screen: ShowScreen, intents: RecordingIntents
) -> None:
    results = (
        SelfTestResult(SelfTest.A4_PAGE, False, "paper_out", "The A4 printer is out of paper.", AT),
        SelfTestResult(SelfTest.RECEIPT, True, "ready", "A test slip was printed.", AT.replace(minute=40)),
    )
    visit = DiagnosticsView(report(), running=SelfTest.CARD, results=results)
    screen = show_screen(DiagnosticsScreen, diagnostics(visit))
    assert isinstance(screen, DiagnosticsScreen)
    assert not any(button.isEnabled() for button in screen.test_buttons.values())
    card = screen.test_buttons[SelfTest.CARD]
    assert card.text() == "正在进行…" and card.property("running")
    assert screen.test_buttons[SelfTest.RECEIPT].text() == "打印测试凭条"
    assert screen.running.text() == "请在 15 秒内把证件放在感应区…"
    shown = [line for line in screen.results.lines if line.isVisibleTo(screen)]
    assert [line.name.text() for line in shown] == ["打印 A4 测试页", "打印测试凭条"]
    assert [line.mark.ok for line in shown] == [False, True] and shown[0].word.text() == "未通过"
    assert shown[0].detail.text() == "The A4 printer is out of paper." and shown[0].note.text() == "19:41:02"
    # the test ends: every button is back, and nothing is said to be under way
    screen.show_view(diagnostics(replace(visit, running=None)))
    assert all(button.isEnabled() for button in screen.test_buttons.values())
    assert card.text() == "测试读卡" and not card.property("running") and not screen.running.isVisible()


def test_the_buttons_ask_for_the_tests_and_to_leave(
    show_screen: ShowScreen, intents: RecordingIntents
) -> None:
    screen = show_screen(DiagnosticsScreen, diagnostics(DiagnosticsView(report())))
    assert isinstance(screen, DiagnosticsScreen)
    assert set(screen.test_buttons) == set(SelfTest)
    assert screen.test_buttons[SelfTest.RECEIPT_REFILLED].text() == "收据纸已补充"
    assert screen.test_buttons[SelfTest.A4_REFILLED].text() == "A4 纸已补充"
    for test, button in screen.test_buttons.items():
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)
        assert intents.calls[-1] == ("run_self_test", (test,))
    QTest.mouseClick(screen.leave, Qt.MouseButton.LeftButton)
    assert intents.calls[-1] == ("leave_diagnostics", ())
    assert screen.area.widget() is not None and screen.isAncestorOf(screen.area)  # the report scrolls


def test_a_device_not_answered_yet_shows_a_dash_and_one_silent_is_said_so(show_screen: ShowScreen) -> None:
    devices = (
        DeviceSection(Part.CAMERA, "opencv:0", "OpenCV camera 0", None),
        DeviceSection(Part.RECEIPT_PRINTER, "escpos:tcp://10.0.0.9:9100", "ESC/POS printer",
                      Unanswered.NO_ANSWER, "the status check did not come back"),
    )  # fmt: skip
    stopped = ServiceSection("no_such_service", (Unavailability(Part.RECEIPT_PRINTER, Unanswered.NO_ANSWER),))
    odd = report(
        devices=devices,
        services=(stopped,),
        database=DatabaseSection("sqlite://", None, "0002"),
        unfinished_print_jobs=(
            UnfinishedJob("7K3M9Q", "gone_service", "strange", datetime(2026, 12, 6), ""),
        ),
    )
    visit = DiagnosticsView(odd, sessions_today=(("strange", 2),))
    screen = show_screen(DiagnosticsScreen, diagnostics(visit))
    assert isinstance(screen, DiagnosticsScreen)
    camera = line_of(screen.devices, "摄像头")
    assert camera.mark.ok is None and camera.word.text() == DASH and "状态：—" in camera.note.text()
    printer = line_of(screen.devices, "凭条打印机")
    assert printer.mark.ok is False and printer.detail.text() == "凭条打印机没有响应"
    assert "no_answer" in printer.note.text()  # the stored word, for the technician
    assert line_of(screen.services, "no_such_service").detail.text() == "凭条打印机没有响应"
    database = line_of(screen.system, "数据库")
    assert database.mark.ok is False and database.detail.text() == "版本 —，最新版本 0002"
    assert line_of(screen.jobs, "补打码 7K3M9Q").detail.text() == "gone_service：strange，2026-12-06 00:00"
    assert line_of(screen.today, "strange").word.text() == "2 次"
    assert screen.overall_mark.ok is False


def test_a_face_check_without_its_model_and_a_missing_font_are_faults(show_screen: ShowScreen) -> None:
    why = "The SFace model file /var/lib/civic-kiosk/sface.onnx does not exist."
    broken = report(
        face_check=FaceCheckSection("sface", 0.637, FaceCheckStatus.NO_MODEL, why),
        renderer=RendererSection(RendererStatus.NO_FONTS, (), "Noto Sans CJK SC Bold is not installed."),
        services=(
            ServiceSection("credit_report", (Unavailability(Part.FACE_CHECK, FaceCheckStatus.NO_MODEL),)),
        ),
    )
    screen = show_screen(DiagnosticsScreen, diagnostics(DiagnosticsView(broken)))
    assert isinstance(screen, DiagnosticsScreen)
    face = line_of(screen.system, "人脸核验")
    assert face.mark.ok is False and face.word.text() == "故障" and face.note.text() == why
    renderer = line_of(screen.system, "文件生成")
    assert renderer.mark.ok is False and renderer.detail.text() == "文件字体：—"
    assert line_of(screen.services, "个人信用报告").detail.text() == "人脸核验程序无法加载识别模型"


def test_english_titles_and_back_to_chinese(show_screen: ShowScreen, translations: Translations) -> None:
    visit = DiagnosticsView(
        report(), results=(SelfTestResult(SelfTest.VOICE, True, "ready", "mock voice: ready.", AT),)
    )
    screen = show_screen(DiagnosticsScreen, diagnostics(visit, "en"))
    assert isinstance(screen, DiagnosticsScreen)
    texts = visible_texts(screen)
    for title in ("Diagnostics", "Leave diagnostics", "Devices", "Self-tests", "Test results", "Services"):
        assert title in texts, title
    assert "Receipt paper refilled" in texts and "Passed" in texts
    assert line_of(screen.services, "Business license copy").word.text() == "Stopped"
    assert line_of(screen.devices, "A4 printer").word.text() == "Fault"
    assert line_of(screen.devices, "Card reader").word.text() == "OK"  # a line starts with a capital
    theme = Theme.for_panel(KioskConfig().kiosk.panel)
    audit = audit_widget(screen, px_per_mm=theme.px_per_mm, elderly=False, name="diagnostics-en")
    assert audit.passed, audit.problems
    translations.use("zh_CN")
    screen.show_view(diagnostics(visit))
    texts = visible_texts(screen)
    assert "设备诊断" in texts and "自检" in texts and "Diagnostics" not in texts


# ---------------------------------------------------------------- the way in: the corner
@pytest.mark.parametrize("language", ["zh_CN", "en"])
@pytest.mark.parametrize("elderly", [False, True], ids=["normal", "elderly"])
def test_nothing_a_citizen_can_tap_lies_in_the_corner(
    qtbot: QtBot, translations: Translations, elderly: bool, language: str
) -> None:
    window = KioskWindow(KioskConfig(), translations=translations)
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    window.show()
    try:
        for state in (S.HOME, S.OUT_OF_SERVICE, S.ATTRACT):
            window.show_view(make_view(state, elderly=elderly, language=language))
            QCoreApplication.processEvents()
            zone = window.corner.zone()
            assert zone.width() == round(15 * window.theme.px_per_mm + 0.5)  # 15 mm, from the theme
            under = [
                button.text() or type(button).__name__
                for button in window.findChildren(QAbstractButton)
                if button.isVisible() and button.isEnabled()
                and QRect(button.mapTo(window, QPoint(0, 0)), button.size()).intersects(zone)
            ]  # fmt: skip
            assert under == [], (state, under)
    finally:
        window.shutdown()
        translations.use("zh_CN")


@pytest.fixture
def rig(qtbot: QtBot, tmp_path: Path, translations: Translations) -> Iterator[UiRig]:
    yield from open_rig(qtbot, tmp_path, translations)


def press_corner(rig: UiRig, hold: float = HOLD) -> None:
    rig.window.corner.hold_seconds = hold
    QTest.mousePress(rig.window.windowHandle(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     IN_CORNER)  # fmt: skip
    rig.refresh()


def release_corner(rig: UiRig) -> None:
    QTest.mouseRelease(rig.window.windowHandle(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                       IN_CORNER)  # fmt: skip
    rig.refresh()


def hold_corner(rig: UiRig) -> Any:
    """Hold the top-left corner until the PIN pad opens; the pad."""
    press_corner(rig)
    rig.qtbot.waitUntil(lambda: rig.window.pin_pad is not None and rig.window.pin_pad.is_open, timeout=2000)
    release_corner(rig)
    return rig.window.pin_pad


def tap_pin(rig: UiRig, pin: str) -> None:
    pad = rig.window.pin_pad
    assert pad is not None
    for digit in pin:
        rig.tap(pad.keys[digit])
    rig.tap(pad.confirm)


def wait_for_visit(rig: UiRig) -> DiagnosticsScreen:
    """Let the report (or the test under way) land and the screen show it."""
    rig.kiosk.journey.wait(timeout=20)
    rig.refresh()
    screen = rig.screen()
    assert isinstance(screen, DiagnosticsScreen)
    return screen


def test_hold_the_corner_type_the_pin_run_a_test_and_leave(rig: UiRig) -> None:
    assert rig.state is S.ATTRACT
    pad = hold_corner(rig)
    assert rig.state is S.HOME  # the press woke the attract screen as any press does; the hold went on
    tap_pin(rig, DEMO_WRONG_PIN)
    assert pad.is_open and pad.message.text() == "密码不正确，请重新输入。" and rig.state is S.HOME
    tap_pin(rig, DEMO_TECHNICIAN_PIN)
    assert rig.state is S.DIAGNOSTICS and not pad.is_open
    assert rig.window.header.isHidden() and not rig.window.theme.elderly
    screen = wait_for_visit(rig)
    assert screen.overall.text() == "本机可以正常服务"
    rig.tap(screen.test_buttons[SelfTest.RECEIPT])
    wait_for_visit(rig)
    result = line_of(screen.results, "打印测试凭条")
    assert result.word.text() == "通过" and result.detail.text()
    assert len(rig.mocks.receipt_printer.printed) == 1  # the slip really went to the (mock) printer
    rig.tap(screen.leave)
    assert rig.state is S.ATTRACT


def test_a_short_tap_in_the_corner_opens_nothing(rig: UiRig, qtbot: QtBot) -> None:
    # A hold of half a second here: the press and the slide below must come well within it on
    # however slow a machine (the window repaints between them).
    hold = 0.5
    rig.window.corner.hold_seconds = hold
    handle = rig.window.windowHandle()
    QTest.mouseClick(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, IN_CORNER)
    rig.refresh()
    assert rig.state is S.HOME  # the tap reached the attract screen, which woke
    QTest.mouseClick(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, IN_CORNER)
    qtbot.wait(round(hold * 1000 * 1.5))
    assert rig.window.pin_pad is None and not rig.window.corner.holding
    # a press that slides out of the corner is a drag, not a hold
    press_corner(rig, hold)
    QTest.mouseMove(handle, QPoint(400, 400))
    qtbot.wait(round(hold * 1000 * 1.5))
    release_corner(rig)
    assert rig.window.pin_pad is None


def test_without_a_pin_holding_the_corner_opens_nothing(
    qtbot: QtBot, tmp_path: Path, translations: Translations
) -> None:
    for rig in open_rig(qtbot, tmp_path, translations, technician_pin=None):
        rig.tap(rig.screen())
        assert rig.state is S.HOME
        press_corner(rig)
        qtbot.wait(round(HOLD * 1000 * 3))
        release_corner(rig)
        assert rig.window.pin_pad is None and rig.window.open_pin_pad() is None
        assert rig.window.bridge.intents.open_diagnostics(DEMO_TECHNICIAN_PIN).value == "not_set"
        assert rig.state is S.HOME


def test_the_pin_and_a_card_tests_number_are_never_left_on_screen_or_in_the_log(
    rig: UiRig, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    masked = mask_id_number(demo_people()[ZHANG_WEI]["id_number"])
    pad = hold_corner(rig)
    for digit in DEMO_TECHNICIAN_PIN:
        rig.tap(pad.keys[digit])
    typed = every_text(rig.window)
    assert not [text for text in typed if DEMO_TECHNICIAN_PIN in text or DEMO_TECHNICIAN_PIN[:4] in text]
    rig.tap(pad.confirm)
    screen = wait_for_visit(rig)
    rig.tap(screen.test_buttons[SelfTest.CARD])  # the reader waits for a card: the test is under way
    assert screen.test_buttons[SelfTest.CARD].text() == "正在进行…"
    assert not any(button.isEnabled() for button in screen.test_buttons.values())
    rig.place_card(ZHANG_WEI)
    wait_for_visit(rig)
    assert masked in line_of(screen.results, "测试读卡").detail.text()  # the test did show it
    rig.tap(screen.leave)
    assert rig.state is S.ATTRACT
    leaks = [text for text in every_text(rig.window) if masked in text or DEMO_TECHNICIAN_PIN in text]
    assert leaks == []
    assert DEMO_TECHNICIAN_PIN not in caplog.text and masked not in caplog.text
    events = " ".join(f"{e.type} {e.outcome} {e.detail}" for e in rig.kiosk.records.events())
    assert "maintenance_pin accepted" in events and DEMO_TECHNICIAN_PIN not in events


def test_the_idle_warning_on_the_diagnostics_screen_leaves_it(rig: UiRig) -> None:
    hold_corner(rig)
    tap_pin(rig, DEMO_TECHNICIAN_PIN)
    wait_for_visit(rig)
    rig.elapse(305)  # 300 s without a tap, then the 20 s countdown
    overlay = rig.window.idle
    assert overlay.isVisible()
    # said to a technician: nothing about clearing a citizen's details
    assert overlay.end.text() == "退出维护" and "清除" not in overlay.body.text()
    rig.tap(overlay.end)
    assert rig.state is S.ATTRACT and not overlay.isVisible()
