"""Every screen on every panel of the catalogue, in both modes and both languages, passes the audit.

The whole window is audited (header, screen, overlays), at the panel's logical size and density, as
the demo photographs it: a screen laid out for the desk panel alone shows here as text cut or
overlapped on the upright panel, or as a box left half empty. A panel at a device-pixel ratio of
2 is laid out at its logical size (what Qt lays widgets out in) and audited in logical pixels per
millimetre; the ratio changes how sharp the text is, not how large (kiosk/panels.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import QCoreApplication, QSize
from PySide6.QtWidgets import QApplication

from devices.camera.base import CameraStatus, Frame
from devices.document_printer.base import DocumentPrinterStatus
from kiosk.config import KioskConfig
from kiosk.documents.base import BusinessChoice
from kiosk.face.base import FaceGuide, FacePrompt, FaceVerdict
from kiosk.health import Unavailability
from kiosk.journey import JourneyState as S
from kiosk.journey.states import Notice, NoticeReason
from kiosk.journey.view import (
    DiagnosticsView,
    FaceView,
    HelpAnswer,
    HelpView,
    IdentifyHint,
    PreviewView,
    Reminder,
    RemindersView,
    ReprintProblem,
    visit_progress,
)
from kiosk.panels import PANELS, PanelConfig, PanelName
from kiosk.parts import Part
from tests.ui.test_diagnostics_screen import report
from tests.ui.test_preview_screen import PAGES
from tests.ui.views import make_view
from ui.accessibility_check import audit_widget
from ui.app import KioskWindow
from ui.i18n import Translations
from ui.screens.attract_screen import DRIFT_STEPS, AttractScreen
from ui.widgets.pin_pad import PinPad

MODES = (False, True)
LANGUAGES = ("zh_CN", "en")
NORMAL_ONLY = ("diagnostics", "diagnostics-making", "pin_pad")  # the technician's: never in 长辈模式


def _panel_views() -> dict[str, dict[str, Any]]:
    """Every screen, and every overlay over the screens it shows on (the demo's matrix)."""
    frame = Frame(np.full((480, 640, 3), 120, dtype=np.uint8), 1, 0.0)
    print_failed = Notice(NoticeReason.PRINT_FAILED, "document_printer", "paper_out", reprint_code="7K3M9Q")
    face = FaceView(
        FaceGuide(FacePrompt.TURN_LEFT, (240, 140, 170, 200), True, 1, 2), 2, 3, FaceVerdict.NO_MATCH, frame
    )
    views: dict[str, dict[str, Any]] = {
        "attract": {"state": S.ATTRACT},
        "home": {"state": S.HOME},
        "intro": {"state": S.INTRO},
        "identify": {"state": S.IDENTIFY},
        "identify_reading": {"state": S.IDENTIFY, "card_reading": True},
        "elderly_offer": {"state": S.ELDERLY_OFFER, "holder_masked_name": "刘*"},
        "face_check": {"state": S.FACE_CHECK, "face": face},
        "choose_business": {"state": S.CHOOSE_BUSINESS, "businesses": (
            BusinessChoice("91630100MA7XXXXX1A", "西宁高原蓝莓农业科技有限公司"),
            BusinessChoice("91630100MA7YYYYY2B", "城东区建国便利店"))},
        # Three: in 长辈模式 the third lay below the edge of a drag-only list, unseen.
        "choose_business_three": {"state": S.CHOOSE_BUSINESS, "businesses": (
            BusinessChoice("91630100MA7XXXXX1A", "西宁高原蓝莓农业科技有限公司"),
            BusinessChoice("91630100MA7YYYYY2B", "城东区建国便利店"),
            BusinessChoice("91630100MA7ZZZZZ3C", "湟中区赵记牛肉面馆"))},
        "fetching": {"state": S.FETCHING},
        "preview": {"state": S.PREVIEW, "preview": PreviewView("个人信用报告", "XN-2025-0001", PAGES, 2, 3)},
        "printing": {"state": S.PRINTING, "sheets_done": 2, "sheets_total": 6},
        "receipt": {"state": S.RECEIPT},
        "reminders": {"state": S.REMINDERS, "reminder": Reminder.TAKE_PAPERS, "receipt_printed": False},
        "rating": {"state": S.RATING},
        "goodbye": {"state": S.GOODBYE},
        "notice": {"state": S.NOTICE, "notice": print_failed},
        "out_of_service": {"state": S.OUT_OF_SERVICE},
    }  # fmt: skip
    views.update(
        {
            "home-help": {"state": S.HOME, "help_requested": True},
            "face_check-help": {**views["face_check"], "help_requested": True},
            "face_check-retry": {"state": S.FACE_CHECK, "face": replace(face, waiting_retry=True)},
            "intro-idle": {"state": S.INTRO, "idle_countdown": 12},
            "preview-idle": {**views["preview"], "idle_countdown": 12},
            "preview-end": {**views["preview"], "confirm_end": True},
            "identify-card_pulled": {"state": S.IDENTIFY, "identify_hint": IdentifyHint.CARD_PULLED},
            "identify-wrong_card": {"state": S.IDENTIFY, "identify_hint": IdentifyHint.WRONG_CARD},
            "reminders-take_card": {"state": S.REMINDERS, "reminder": Reminder.TAKE_CARD},
            "reminders-sheets_out": {
                "step": RemindersView(Reminder.TAKE_PAPERS, True, sheets_out=2),
                "state": S.REMINDERS,
            },
            "home-help-duty_phone": {
                "state": S.HOME,
                "help_requested": True,
                "help": HelpView(
                    HelpAnswer.DUTY_PHONE, "KSK-DEMO-01", "0971-8800 1234", "12345", "08:30", "17:30"
                ),
            },
            "rating_reasons": {"state": S.RATING_REASONS},
            "reprint_code": {"state": S.REPRINT_CODE},
            # the longest refusal: what happened, and the window's hours and the hotline
            "reprint_code_used": {"state": S.REPRINT_CODE, "problem": ReprintProblem.USED},
            "reprint_code_not_now": {
                "state": S.REPRINT_CODE,
                "problem": ReprintProblem.NOT_NOW,
                "stopped": Unavailability(Part.CAMERA, CameraStatus.NO_DEVICE),
            },
            "callback": {"state": S.CALLBACK},
            "diagnostics": {"state": S.DIAGNOSTICS, "diagnostics": DiagnosticsView(report())},
            "diagnostics-making": {"state": S.DIAGNOSTICS, "diagnostics": DiagnosticsView(report=None)},
            "pin_pad": {"state": S.HOME},
        }
    )
    for reason in NoticeReason:  # every notice: their sentences differ in length
        if reason is not NoticeReason.PRINT_FAILED:
            notice = Notice(reason, Part.DOCUMENT_PRINTER, DocumentPrinterStatus.OFFLINE)
            views[f"notice-{reason.value}"] = {"state": S.NOTICE, "notice": notice}
    return views


VIEWS = _panel_views()


@pytest.fixture(scope="module", params=list(PanelName), ids=[name.value for name in PanelName])
def panel_window(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[KioskWindow]:
    """One window per panel, at the panel's logical size, following no journey: views are shown to it."""
    panel = PanelConfig(name=request.param)
    config = replace(KioskConfig(), kiosk=replace(KioskConfig().kiosk, panel=panel))
    translations = Translations()
    window = KioskWindow(config, translations=translations)
    window.resize(panel.logical_width_px, panel.logical_height_px)
    window.show()
    QCoreApplication.processEvents()
    yield window
    window.shutdown()
    window.deleteLater()
    QCoreApplication.processEvents()
    translations.close()


def _show(window: KioskWindow, name: str, elderly: bool, language: str) -> None:
    fields = dict(VIEWS[name])
    state = fields.pop("state")
    if elderly and isinstance(fields.get("preview"), PreviewView):  # 长辈模式 asks nothing about copies
        fields["preview"] = replace(fields["preview"], copies=1, copy_limit=1)
    view = make_view(state, elderly=elderly, language=language, **fields)
    view = replace(view, progress=visit_progress(state, face_check=True))
    window.show_view(view)
    for _ in range(3):  # a relayout can ask for another (a wrapped title in a centred block)
        QCoreApplication.processEvents()
    # As the compositor holds a full-screen window: a screen that needed more room on the way (the
    # larger theme applied before the screen had its new view) has not grown it for good.
    window.resize(glass(window))
    QCoreApplication.processEvents()


def audit_on_panel(window: KioskWindow, name: str) -> list[str]:
    """Every problem of screen ``name`` on the window's panel, in every mode and language it has."""
    problems: list[str] = []
    for elderly in (False,) if name in NORMAL_ONLY else MODES:
        for language in LANGUAGES:
            _show(window, name, elderly, language)
            pad = _open_pin_pad(window) if name == "pin_pad" else None
            audit = audit_widget(
                window, px_per_mm=window.theme.px_per_mm, elderly=elderly, name=name, glass=glass(window)
            )
            if pad is not None:
                pad.close_pad()
            mode = "elderly" if elderly else "normal"
            problems += [f"{mode} {language}: {problem}" for problem in audit.problems]
            if audit.texts == 0:
                problems.append(f"{mode} {language}: no text at all")
    _show(window, "out_of_service", False, "zh_CN")  # a still screen: the animated ones stop their timers
    return problems


def glass(window: KioskWindow) -> QSize:
    panel = window.config.kiosk.panel
    return QSize(panel.logical_width_px, panel.logical_height_px)


def _open_pin_pad(window: KioskWindow) -> PinPad:
    """The pad over the home screen as the corner opens it, four digits typed."""
    if window.pin_pad is None:
        window.pin_pad = PinPad(window, window.bridge.intents)
        window.pin_pad.apply_theme(window.theme)
    pad = window.pin_pad
    pad.open()
    for digit in "2468":
        pad.type_digit(digit)
    QCoreApplication.processEvents()
    return pad


@pytest.mark.parametrize("name", list(VIEWS))
def test_every_screen_passes_the_audit_on_every_panel(panel_window: KioskWindow, name: str) -> None:
    problems = audit_on_panel(panel_window, name)
    panel = panel_window.config.kiosk.panel
    assert not problems, f"{name} on {panel.label()}:\n" + "\n".join(problems)


def test_the_catalogue_has_the_panels_of_the_kiosks_in_the_halls() -> None:
    shapes = {(m.width_px, m.height_px, m.diagonal_inch, m.device_pixel_ratio) for m in PANELS.values()}
    assert {
        (1920, 1080, 21.5, 1.0), (1920, 1080, 23.8, 1.0), (1080, 1920, 32.0, 1.0), (1080, 1920, 43.0, 1.0),
        (1280, 1024, 19.0, 1.0), (1366, 768, 15.6, 1.0), (3840, 2160, 43.0, 2.0),
    } <= shapes  # fmt: skip
    four_k = PanelConfig(name=PanelName.WALL_43_4K)
    assert (four_k.logical_width_px, four_k.logical_height_px) == (1920, 1080)
    # 1920 × 1080 logical pixels over 43" instead of 21.5": half the reference panel's density.
    assert four_k.px_per_mm == pytest.approx(PanelConfig().px_per_mm * 21.5 / 43)


def test_the_attract_screen_drifts_within_the_glass(panel_window: KioskWindow) -> None:
    # Against image retention the poster moves a little every 20 s: on a narrow panel, only as far
    # as the room around it allows, never off the glass.
    for elderly, language in ((False, "en"), (True, "en")):
        _show(panel_window, "attract", elderly, language)
        screen = panel_window.router.current
        assert isinstance(screen, AttractScreen)
        for _ in range(DRIFT_STEPS):
            screen._move_on()
            QCoreApplication.processEvents()
            block = screen.block.geometry()
            assert screen.rect().contains(block), (panel_window.config.kiosk.panel.label(), block)
            assert panel_window.size() == glass(panel_window)
    _show(panel_window, "out_of_service", False, "zh_CN")
