"""The window around the screens: theme and language follow the journey, header, overlays, voice,
the fault hook, lockdown, the watchdog, fonts, translations (start-up: test_start.py)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QPoint, Qt
from PySide6.QtGui import QContextMenuEvent, QFont, QFontMetrics, QKeyEvent
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from kiosk.config import PanelConfig
from kiosk.journey import JourneyState as S
from tests.ui.conftest import visible_texts
from tests.ui.ui_rig import UiRig, open_rig
from ui.app import FaultHook, Watchdog, prepare_application
from ui.i18n import I18N_DIR, Translations
from ui.lockdown import Lockdown, is_blocked
from ui.theme import FONT_FAMILY, NORMAL_COLOURS, Theme, contrast_ratio

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def rig(qtbot: QtBot, tmp_path: Path, translations: Translations) -> Iterator[UiRig]:
    yield from open_rig(qtbot, tmp_path, translations)


def wake(rig: UiRig) -> None:
    rig.qtbot.mouseClick(rig.screen(), Qt.MouseButton.LeftButton, pos=QPoint(30, 30))
    rig.refresh()
    assert rig.state is S.HOME


def test_tap_wakes_the_attract_screen_and_the_header_appears(rig: UiRig) -> None:
    assert rig.state is S.ATTRACT and rig.window.header.isHidden()
    wake(rig)
    header = rig.window.header
    assert header.isVisible() and header.elderly.isVisible() and header.language.isVisible()
    assert header.help.isVisible()


def test_elderly_mode_is_a_theme_and_speaks_every_screen(rig: UiRig) -> None:
    wake(rig)
    voice = rig.mocks.voice
    rig.tap(rig.window.header.elderly)
    rig.settle()
    assert rig.window.theme.elderly and rig.kiosk.journey.elderly
    assert "font-size: 52px" in rig.window.styleSheet()  # the elderly heading size
    said = [text for _, text in voice.said]
    assert said and said[-1].startswith("请选择要办理的业务")
    # 长辈模式 speaks by itself; 再听一遍 says it again for whoever missed it
    assert rig.window.header.read_aloud.isVisible() and rig.window.header.read_aloud.text() == "再听一遍"
    rig.tap_text("个人信用报告")
    rig.settle()
    assert rig.state is S.INTRO
    assert voice.said[-1][1].startswith("请阅读办理须知")


def test_normal_mode_speaks_only_when_asked(rig: UiRig) -> None:
    wake(rig)
    voice = rig.mocks.voice
    rig.settle()
    assert voice.said == []
    rig.tap(rig.window.header.read_aloud)
    rig.settle()
    assert voice.said == [("zh_CN", "请选择要办理的业务。点击屏幕上的业务名称即可开始。")]
    stops = voice.stops
    rig.tap_text("纳税证明")
    rig.settle()
    assert voice.stops > stops  # leaving the screen stops what was being said


def test_language_button_switches_everything_to_english(rig: UiRig) -> None:
    wake(rig)
    rig.tap(rig.window.header.language)
    texts = visible_texts(rig.window)
    assert "Choose what you would like to print" in texts and "Call for help" in texts
    assert rig.window.header.language.text() == "中文"
    rig.tap(rig.window.header.language)
    assert "请选择要办理的业务" in visible_texts(rig.window)


def test_help_shows_the_hotline_and_records_the_request(rig: UiRig) -> None:
    wake(rig)
    rig.tap(rig.window.header.help)
    overlay = rig.window.help
    # the demo kiosk's evening: after hours, its made-up duty phone answers
    assert overlay.isVisible() and overlay.hotline.text() == rig.kiosk.config.help.duty_phone
    assert "help_requested" in [event.type for event in rig.kiosk.records.events()]
    rig.tap(overlay.close_button)
    assert not overlay.isVisible()


def test_idle_countdown_offers_more_time_and_ending(rig: UiRig) -> None:
    wake(rig)
    rig.elapse(62)  # home: 60 s, then the 20 s warning
    overlay = rig.window.idle
    assert overlay.isVisible()
    assert overlay.more.text() == "需要更多时间" and overlay.end.text() == "结束办理"
    assert "秒后将结束本次办理" in overlay.body.text()
    rig.tap(overlay.more)
    assert not overlay.isVisible() and rig.state is S.HOME
    rig.elapse(62)
    rig.tap(rig.window.idle.end)
    assert rig.state is S.ATTRACT


def test_an_error_in_a_slot_goes_out_of_service_without_a_traceback_and_recovers(rig: UiRig) -> None:
    wake(rig)
    hook = FaultHook(rig.window.fault)
    try:
        try:
            raise RuntimeError("张三 110105198506121234")  # a message that must never reach a screen or log
        except RuntimeError as exc:
            sys.excepthook(type(exc), exc, exc.__traceback__)
    finally:
        hook.release()
    assert sys.excepthook is not hook
    rig.refresh()
    assert rig.state is S.OUT_OF_SERVICE
    texts = " ".join(visible_texts(rig.window))
    assert "Traceback" not in texts and "张三" not in texts and "本机暂停服务" in texts
    events = [e for e in rig.kiosk.records.events() if e.type == "internal_error"]
    assert events and "张三" not in str(events[0].detail)
    rig.elapse(11)  # the journey checks its devices again and comes back
    rig.settle()
    assert rig.state is S.ATTRACT


def test_a_failing_poll_is_a_fault_not_a_crash(rig: UiRig, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> bool:
        raise ValueError("broken")

    monkeypatch.setattr(rig.kiosk.journey, "poll", broken)
    rig.window.bridge.refresh()
    monkeypatch.undo()
    rig.refresh()
    assert rig.state is S.OUT_OF_SERVICE


def test_the_window_refuses_to_close_and_swallows_escape_keys(rig: UiRig, qapp: QApplication) -> None:
    assert rig.window.close() is False and rig.window.isVisible()
    lockdown = Lockdown(qapp, hide_cursor=True)
    try:
        assert (
            qapp.overrideCursor() is not None and qapp.overrideCursor().shape() == Qt.CursorShape.BlankCursor
        )
        alt_f4 = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier)
        assert lockdown.eventFilter(rig.window, alt_f4)
        menu = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, QPoint(5, 5), QPoint(5, 5))
        assert lockdown.eventFilter(rig.window, menu)
        letter = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier)
        assert not lockdown.eventFilter(rig.window, letter)
    finally:
        lockdown.release()
    assert qapp.overrideCursor() is None


@pytest.mark.parametrize(
    "key,modifiers,blocked",
    [
        (Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier, True),
        (Qt.Key.Key_Tab, Qt.KeyboardModifier.AltModifier, True),
        (Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier, True),
        (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier, True),
        (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier, True),
        (Qt.Key.Key_5, Qt.KeyboardModifier.NoModifier, False),
    ],
)
def test_escape_combinations(
    qapp: QApplication, key: Qt.Key, modifiers: Qt.KeyboardModifier, blocked: bool
) -> None:
    assert is_blocked(QKeyEvent(QEvent.Type.KeyPress, key, modifiers)) is blocked


def test_rare_name_characters_have_glyphs(qapp: QApplication) -> None:
    prepare_application()
    metrics = QFontMetrics(QFont(FONT_FAMILY))
    for char in ("䶮", "𠮷", "张"):
        assert metrics.inFontUcs4(ord(char)), f"{FONT_FAMILY} has no glyph for {char}"

    # And a label draws them, not the box it draws for a character no font has.
    def drawn(text: str) -> bytes:
        label = QLabel(text)
        label.setFont(QFont(FONT_FAMILY, 40))
        label.resize(120, 80)
        image = label.grab().toImage()
        label.deleteLater()
        return bytes(image.constBits())

    box = drawn("\U000e01ef")  # an unassigned code point: the replacement box
    assert drawn("䶮") != box and drawn("𠮷") != box and drawn("䶮") != drawn("𠮷")


def test_watchdog_pings_systemd_from_the_event_loop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "notify.sock"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    server.bind(str(path))
    server.settimeout(2)
    try:
        monkeypatch.setenv("NOTIFY_SOCKET", str(path))
        monkeypatch.setenv("WATCHDOG_USEC", "20000000")
        watchdog = Watchdog()
        assert watchdog.active and watchdog._timer.interval() == 10_000
        watchdog.ready()
        assert server.recv(100) == b"READY=1"
        watchdog.ping()
        assert server.recv(100) == b"WATCHDOG=1"
        watchdog.stop()
        assert server.recv(100) == b"STOPPING=1"
        watchdog.deleteLater()
    finally:
        server.close()


def test_no_watchdog_without_systemd(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NOTIFY_SOCKET", raising=False)
    watchdog = Watchdog()
    assert not watchdog.active
    watchdog.ready()
    watchdog.deleteLater()


def test_sizes_are_physical_on_any_panel() -> None:
    reference = Theme.for_panel(PanelConfig(), elderly=True)
    portrait = Theme.for_panel(PanelConfig(width_px=1080, height_px=1920, diagonal_inch=32), elderly=True)
    assert reference.min_body_px == 36 and reference.min_heading_px == 48
    assert reference.min_touch_px == 81 and Theme.for_panel(PanelConfig()).min_touch_px == 52
    # the same millimetres on the larger, coarser portrait panel
    assert abs(portrait.min_touch_px / portrait.px_per_mm - 20) < 0.3
    assert portrait.font_px("body") < reference.font_px("body")
    assert portrait.font_px("body") / portrait.px_per_mm == pytest.approx(
        reference.font_px("body") / reference.px_per_mm, rel=0.03
    )


@pytest.mark.parametrize("elderly", [False, True])
def test_every_text_colour_pair_meets_the_contrast(elderly: bool) -> None:
    theme = Theme.for_panel(PanelConfig(), elderly=elderly)
    for name, foreground, background in theme.colours.text_pairs():
        ratio = contrast_ratio(foreground, background)
        assert ratio >= theme.min_contrast, f"{name}: {ratio:.2f}"
    assert contrast_ratio(NORMAL_COLOURS.text, NORMAL_COLOURS.background) > 14


def test_every_string_is_translated_and_the_ts_is_up_to_date(tmp_path: Path) -> None:
    shipped = ET.parse(I18N_DIR / "kiosk_en.ts").getroot()

    def finished(message: ET.Element) -> bool:
        translation = message.find("translation")
        if translation is None or translation.get("type") == "unfinished":
            return False
        forms = [form.text or "" for form in translation.iter("numerusform")]  # a sentence with a count
        return all(f.strip() for f in forms) if forms else bool((translation.text or "").strip())

    unfinished = [m.findtext("source") for m in shipped.iter("message") if not finished(m)]
    assert unfinished == [], "write the English for these in kiosk/assets/i18n/kiosk_en.ts"
    fresh = tmp_path / "fresh.ts"
    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    subprocess.run(
        [str(lupdate), "-silent", "-extensions", "py", "-locations", "none", str(ROOT / "ui"),
         "-source-language", "zh_CN", "-target-language", "en", "-ts", str(fresh)],
        check=True, capture_output=True,
    )  # fmt: skip
    in_code = {m.findtext("source") for m in ET.parse(fresh).getroot().iter("message")}
    in_ts = {m.findtext("source") for m in shipped.iter("message")}
    assert in_code - in_ts == set(), "run `make translations` and translate the new strings"


def test_translator_switches_and_falls_back(qapp: QApplication, tmp_path: Path) -> None:
    translations = Translations()
    try:
        assert translations.use("en")
        assert QCoreApplication.translate("Kiosk", "结束办理") == "End visit"
        assert translations.use("zh_CN")
        assert QCoreApplication.translate("Kiosk", "结束办理") == "结束办理"
        with pytest.raises(ValueError):
            translations.use("fr")
    finally:
        translations.close()


def test_kiosk_run_without_a_display_says_so() -> None:

    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    done = subprocess.run(
        [sys.executable, "-m", "kiosk", "run"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "There is no display" in done.stderr and "Traceback" not in done.stderr
