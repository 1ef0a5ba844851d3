"""The audit measures what is on screen: it must catch small text, small targets and weak contrast."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from ui.audit import ELDERLY, NORMAL, audit_widget, contrast_ratio, px_per_mm

PX_PER_MM = px_per_mm(1920, 1080, 21.5)


def test_px_per_mm_of_the_reference_panel() -> None:
    # 1920×1080 on 21.5": 2203 px over 546 mm of diagonal.
    assert pytest.approx(4.03, abs=0.01) == PX_PER_MM


def test_wcag_contrast_ratios() -> None:
    assert contrast_ratio(QColor("#000000"), QColor("#ffffff")) == pytest.approx(21.0)
    assert contrast_ratio(QColor("#777777"), QColor("#ffffff")) == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio(QColor("#ffffff"), QColor("#ffffff")) == pytest.approx(1.0)


def _screen(qtbot: QtBot, label_css: str, button_css: str, button_size: tuple[int, int]) -> QWidget:
    root = QWidget()
    root.setObjectName("screen")
    root.setStyleSheet("QWidget#screen { background: #ffffff; }")
    layout = QVBoxLayout(root)
    label = QLabel("请放置身份证")
    label.setObjectName("instruction")
    label.setStyleSheet(label_css)
    button = QPushButton("确定")
    button.setObjectName("ok")
    button.setStyleSheet(button_css)
    button.setFixedSize(*button_size)
    layout.addWidget(label)
    layout.addWidget(button)
    qtbot.addWidget(root)
    root.resize(800, 600)
    root.show()
    qtbot.waitExposed(root)
    return root


def test_a_good_screen_passes_in_elderly_mode(qtbot: QtBot) -> None:
    root = _screen(
        qtbot,
        "font-size: 48px; color: #111111; background: #ffffff;",
        "font-size: 40px; color: #ffffff; background: #0b3d91; border: none;",
        (400, 100),
    )
    result = audit_widget(root, px_per_mm=PX_PER_MM, elderly=True, name="good")
    assert result.passed, result.problems
    assert result.text_px is not None and result.text_px.value == 40
    assert result.target_mm is not None and result.target_mm.value == pytest.approx(100 / PX_PER_MM, abs=0.1)
    assert result.contrast is not None and result.contrast.value >= ELDERLY.contrast
    assert result.texts == 2 and result.targets == 1


def test_small_text_small_target_and_grey_text_are_caught(qtbot: QtBot) -> None:
    root = _screen(
        qtbot,
        "font-size: 20px; color: #999999; background: #ffffff;",
        "font-size: 30px; color: #ffffff; background: #0b3d91; border: none;",
        (300, 40),
    )
    result = audit_widget(root, px_per_mm=PX_PER_MM, elderly=False, name="bad")
    assert not result.passed
    assert result.text_px is not None and result.text_px.value == 20
    assert "instruction" in result.text_px.widget
    assert result.target_mm is not None and result.target_mm.value < NORMAL.target_mm
    assert "ok" in result.target_mm.widget
    # #999 on white is 2.85:1
    assert result.contrast is not None and result.contrast.value == pytest.approx(2.85, abs=0.05)
    assert len(result.problems) == 3


def test_background_is_read_from_the_rendered_window(qtbot: QtBot) -> None:
    # The label has no background of its own: it sits on its parent's dark card, which the palette
    # of the label does not know about. Light text on that card must pass, not fail against white.
    root = QWidget()
    root.setObjectName("card")
    root.setStyleSheet("QWidget#card { background: #102a43; }")
    label = QLabel("Light text on a dark card", root)
    label.setStyleSheet("color: #f0f4f8; font-size: 40px;")
    label.setGeometry(10, 10, 700, 80)
    qtbot.addWidget(root)
    root.resize(800, 200)
    root.show()
    qtbot.waitExposed(root)
    result = audit_widget(root, px_per_mm=PX_PER_MM, elderly=True)
    assert result.contrast is not None and result.contrast.value > 12


def test_hidden_and_disabled_widgets_are_not_counted(qtbot: QtBot) -> None:
    root = _screen(
        qtbot,
        "font-size: 40px; color: #111111;",
        "font-size: 40px; color: #ffffff; background: #0b3d91;",
        (400, 100),
    )
    hidden = QLabel("tiny", root)
    hidden.setStyleSheet("font-size: 8px;")
    hidden.hide()
    disabled = QPushButton("x", root)
    disabled.setFixedSize(10, 10)
    disabled.setEnabled(False)
    disabled.setStyleSheet("font-size: 40px;")
    disabled.move(600, 500)
    disabled.show()
    result = audit_widget(root, px_per_mm=PX_PER_MM, elderly=True)
    assert result.text_px is not None and result.text_px.value == 40
    assert result.targets == 1


def test_a_pseudo_state_colour_is_read_from_the_screen(qtbot: QtBot) -> None:
    # A checked header button: the style sheet paints dark text on white, while the palette still
    # says white text. The audit must measure what is drawn, not 1:1.
    root = QWidget()
    root.setObjectName("bar")
    root.setStyleSheet(
        "QWidget#bar { background: #0a3a6b; }"
        "QPushButton { color: #ffffff; background: transparent; font-size: 40px; border: none; }"
        "QPushButton:checked { color: #0a3a6b; background: #ffffff; }"
    )
    button = QPushButton("退出长辈模式", root)
    button.setCheckable(True)
    button.setChecked(True)
    button.setGeometry(10, 10, 400, 100)
    qtbot.addWidget(root)
    root.resize(600, 140)
    root.show()
    qtbot.waitExposed(root)
    result = audit_widget(root, px_per_mm=PX_PER_MM, elderly=True)
    assert result.contrast is not None and result.contrast.value > 10


def test_text_under_an_overlay_is_not_measured(qtbot: QtBot) -> None:
    root = _screen(
        qtbot,
        "font-size: 40px; color: #111111; background: #ffffff;",
        "font-size: 40px; color: #ffffff; background: #0b3d91;",
        (400, 100),
    )
    overlay = QWidget(root)
    overlay.setStyleSheet("background: #333333;")
    overlay.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
    overlay.setGeometry(root.rect())
    overlay.show()
    result = audit_widget(root, px_per_mm=PX_PER_MM, elderly=True)
    assert result.texts == 0 and result.contrast is None
