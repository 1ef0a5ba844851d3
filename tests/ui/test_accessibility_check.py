"""The accessibility check measures what is on screen: it catches small text, small targets, weak contrast."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from ui.accessibility_check import ELDERLY, NORMAL, audit_widget, contrast_ratio, px_per_mm

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
    assert result.text_mm is not None and result.text_mm.value == pytest.approx(40 / PX_PER_MM, abs=0.01)
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
    assert result.text_mm is not None and result.text_mm.value == pytest.approx(20 / PX_PER_MM, abs=0.01)
    assert "instruction" in result.text_mm.widget and "(20 px)" in result.text_mm.widget
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
    assert result.text_mm is not None and result.text_mm.value == pytest.approx(40 / PX_PER_MM, abs=0.01)
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


def test_text_cut_by_a_scroll_area_is_measured_where_it_shows(qtbot: QtBot) -> None:
    # A list in a scroll area whose second line shows only its top few pixels (no text yet) above
    # the screen's grey: that line must not be measured against the grey beyond the viewport's edge.
    root = QWidget()
    root.setObjectName("screen")
    root.setStyleSheet("QWidget#screen { background: #eef2f6; } QScrollArea, #list { background: #ffffff; }")
    area = QScrollArea(root)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setGeometry(0, 0, 800, 66)
    content = QWidget()
    content.setObjectName("list")
    layout = QVBoxLayout(content)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    for index in range(3):
        label = QLabel(f"第 {index + 1} 行 line {index + 1}", content)
        label.setStyleSheet("color: #16202b; font-size: 40px; background: #ffffff;")
        label.setFixedSize(800, 60)
        layout.addWidget(label)
    area.setWidget(content)
    qtbot.addWidget(root)
    root.resize(800, 300)
    root.show()
    qtbot.waitExposed(root)
    result = audit_widget(root, px_per_mm=PX_PER_MM, elderly=True)
    assert result.texts == 2  # the first line, and the second one's top edge
    assert result.contrast is not None and result.contrast.value > 12, result.contrast


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


# ---------------------------------------------------------------- what is cut off or out of view
def _drag_only_list(qtbot: QtBot, items: int, *, bar: bool = False) -> tuple[QWidget, QScrollArea]:
    """A list of tall cards in a scroll area that scrolls by dragging only, as the elderly business
    list was: two cards fit, the third lies below the edge with nothing saying so."""
    root = QWidget()
    root.setObjectName("screen")
    root.setStyleSheet("QWidget#screen { background: #ffffff; } QLabel { font-size: 40px; color: #111111; }")
    area = QScrollArea(root)
    area.setWidgetResizable(True)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    policy = Qt.ScrollBarPolicy.ScrollBarAlwaysOn if bar else Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    area.setVerticalScrollBarPolicy(policy)
    area.setGeometry(0, 0, 800, 480)
    content = QWidget()
    layout = QVBoxLayout(content)
    for index in range(items):
        card = QPushButton(f"企业 {index + 1}")
        card.setFixedHeight(200)
        layout.addWidget(card)
    area.setWidget(content)
    qtbot.addWidget(root)
    root.resize(800, 600)
    root.show()
    qtbot.waitExposed(root)
    return root, area


def test_items_out_of_view_with_no_cue_are_a_problem(qtbot: QtBot) -> None:
    root, _ = _drag_only_list(qtbot, 3)
    result = audit_widget(root, px_per_mm=PX_PER_MM, elderly=True)
    assert result.out_of_view == ["QScrollArea"]
    assert any("out of view" in problem for problem in result.problems)


def test_a_list_that_fits_or_shows_its_scroll_bar_or_a_cue_passes(qtbot: QtBot) -> None:
    root, _ = _drag_only_list(qtbot, 2)
    assert audit_widget(root, px_per_mm=PX_PER_MM, elderly=True).out_of_view == []
    root, _ = _drag_only_list(qtbot, 3, bar=True)
    assert audit_widget(root, px_per_mm=PX_PER_MM, elderly=True).out_of_view == []
    root, area = _drag_only_list(qtbot, 3)
    cue = QLabel("下面还有 1 家", root)
    cue.setObjectName("moreBelow")
    cue.setGeometry(0, 500, 800, 60)
    cue.show()
    area.setProperty("auditCue", "moreBelow")
    assert audit_widget(root, px_per_mm=PX_PER_MM, elderly=True).out_of_view == []
    cue.hide()  # a cue that is not on screen tells nobody anything
    assert audit_widget(root, px_per_mm=PX_PER_MM, elderly=True).out_of_view == ["QScrollArea"]


def _one_label(qtbot: QtBot, text: str, size: tuple[int, int], *, wrap: bool) -> tuple[QWidget, QLabel]:
    root = QWidget()
    root.setObjectName("screen")
    root.setStyleSheet("QWidget#screen { background: #ffffff; }")
    label = QLabel(text, root)
    label.setObjectName("line")
    label.setWordWrap(wrap)
    label.setStyleSheet("font-size: 40px; color: #111111;")
    label.setGeometry(10, 10, *size)
    qtbot.addWidget(root)
    root.resize(1000, 400)
    root.show()
    qtbot.waitExposed(root)
    return root, label


def test_text_wider_or_taller_than_its_box_is_cut(qtbot: QtBot) -> None:
    root, _ = _one_label(qtbot, "Civic Kiosk — Xining Government Service Hall", (300, 60), wrap=False)
    cut = audit_widget(root, px_per_mm=PX_PER_MM, elderly=True).cut
    assert len(cut) == 1 and cut[0].startswith("QLabel#line 'Civic Kiosk"), cut
    root, _ = _one_label(qtbot, "请将身份证放在感应区，放好后请不要移动证件。" * 3, (500, 60), wrap=True)
    assert len(audit_widget(root, px_per_mm=PX_PER_MM, elderly=True).cut) == 1
    root, _ = _one_label(qtbot, "请将身份证放在感应区", (900, 80), wrap=False)
    result = audit_widget(root, px_per_mm=PX_PER_MM, elderly=True)
    assert result.cut == [] and result.passed, result.problems


def test_text_shortened_with_an_ellipsis_is_cut(qtbot: QtBot) -> None:
    root, label = _one_label(qtbot, "Civic Kiosk…", (900, 80), wrap=False)
    label.setProperty("auditFullText", "Civic Kiosk — Xining Government Service Hall")
    assert audit_widget(root, px_per_mm=PX_PER_MM, elderly=True).cut == ["QLabel#line 'Civic Kiosk…'"]


def test_text_clipped_by_its_parent_is_cut(qtbot: QtBot) -> None:
    # A panel at the bottom of a screen, taller than the room left: its last line is cut away.
    root = QWidget()
    root.setObjectName("screen")
    root.setStyleSheet("QWidget#screen { background: #ffffff; } QLabel { font-size: 40px; color: #111; }")
    panel = QWidget(root)
    panel.setGeometry(0, 0, 800, 100)
    label = QLabel("最近的警告和错误", panel)
    label.setObjectName("last")
    label.setGeometry(0, 60, 800, 60)
    qtbot.addWidget(root)
    root.resize(800, 300)
    root.show()
    qtbot.waitExposed(root)
    assert audit_widget(root, px_per_mm=PX_PER_MM, elderly=True).cut == ["QLabel#last '最近的警告和错误'"]


# ---------------------------------------------------------------- millimetres, spacing, overlap, empty boxes
def test_the_floors_are_millimetres_on_the_panel(qtbot: QtBot) -> None:
    # 18 px is 4.5 mm on the 21.5" desk panel, too small; on the 32" upright panel it is 6.6 mm, and
    # that is what a citizen reads.
    root = _screen(
        qtbot,
        "font-size: 18px; color: #111111; background: #ffffff;",
        "font-size: 18px; color: #ffffff; background: #0b3d91; border: none;",
        (300, 80),
    )
    desk = audit_widget(root, px_per_mm=PX_PER_MM, elderly=False)
    upright = audit_widget(root, px_per_mm=px_per_mm(1080, 1920, 32), elderly=False)
    assert any(problem.startswith("text 4.46 mm < 5.94 mm") for problem in desk.problems), desk.problems
    assert upright.text_mm is not None and upright.text_mm.value == pytest.approx(6.64, abs=0.01)
    assert upright.passed, upright.problems
    assert NORMAL.text_mm * PX_PER_MM <= 24 < (NORMAL.text_mm + 0.01) * PX_PER_MM  # 24 px on the reference
    assert ELDERLY.text_mm * PX_PER_MM <= 36 < (ELDERLY.text_mm + 0.01) * PX_PER_MM


def _two_buttons(qtbot: QtBot, gap: int, *, over: bool = False) -> QWidget:
    root = QWidget()
    root.setObjectName("screen")
    root.setStyleSheet("QWidget#screen { background: #ffffff; } QPushButton { font-size: 40px; }")
    first = QPushButton("结束办理", root)
    first.setObjectName("first")
    first.setGeometry(10, 10, 300, 100)
    second = QPushButton("继续办理", root)
    second.setObjectName("second")
    second.setGeometry(310 + gap if not over else 200, 10, 300, 100)
    qtbot.addWidget(root)
    root.resize(1000, 200)
    root.show()
    qtbot.waitExposed(root)
    return root


def test_targets_closer_than_the_floor_are_caught(qtbot: QtBot) -> None:
    close = audit_widget(_two_buttons(qtbot, 8), px_per_mm=PX_PER_MM, elderly=False)  # 2 mm
    assert close.spacing_mm is not None and close.spacing_mm.value == pytest.approx(1.9, abs=0.1)
    assert any(problem.startswith("targets 1.9 mm apart < 3 mm") for problem in close.problems)
    apart = audit_widget(_two_buttons(qtbot, 24), px_per_mm=PX_PER_MM, elderly=True)  # 6 mm
    assert apart.passed, apart.problems


def test_targets_lying_over_one_another_are_caught(qtbot: QtBot) -> None:
    result = audit_widget(_two_buttons(qtbot, 0, over=True), px_per_mm=PX_PER_MM, elderly=False)
    assert result.overlapped == ["QPushButton#first '结束办理' and QPushButton#second '继续办理'"]


def test_a_card_stretched_far_past_its_words_is_half_empty(qtbot: QtBot) -> None:
    root = QWidget()
    root.setObjectName("screen")
    root.setStyleSheet("QWidget#screen { background: #ffffff; } QLabel { font-size: 40px; color: #111; }")
    card = QPushButton(root)
    card.setObjectName("tile")
    layout = QVBoxLayout(card)
    layout.addWidget(QLabel("个人信用报告"))
    layout.addStretch(1)
    card.setGeometry(10, 10, 600, 500)
    qtbot.addWidget(root)
    root.resize(800, 600)
    root.show()
    qtbot.waitExposed(root)
    assert audit_widget(root, px_per_mm=PX_PER_MM, elderly=True).half_empty == ["QPushButton#tile"]
    card.setGeometry(10, 10, 600, 100)
    assert audit_widget(root, px_per_mm=PX_PER_MM, elderly=True).half_empty == []


def test_a_window_larger_than_its_glass_is_out_of_view(qtbot: QtBot) -> None:
    root = _screen(qtbot, "font-size: 40px; color: #111;", "font-size: 40px;", (300, 100))
    result = audit_widget(root, px_per_mm=PX_PER_MM, elderly=True, glass=QSize(800, 500))
    assert result.out_of_view == ["QWidget#screen needs 800 × 600 px, the panel has 800 × 500"]
