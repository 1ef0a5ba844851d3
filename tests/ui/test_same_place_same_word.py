"""One layout and one wording on every screen of a visit: leaving at the bottom left (secondary), going
on at the bottom right (primary), and one word — 结束办理 — for ending the visit."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QPushButton

from kiosk.documents.base import BusinessChoice
from kiosk.journey import JourneyState as S
from kiosk.journey.view import PreviewView
from tests.ui.test_preview_screen import PAGES
from tests.ui.views import make_view
from ui.router import screen_class
from ui.widgets.basic import Button

THREE = (
    BusinessChoice("91630100MA7XXXXX1A", "西宁高原蓝莓农业科技有限公司"),
    BusinessChoice("91630100MA7YYYYY2B", "城东区建国便利店"),
    BusinessChoice("91630100MA7ZZZZZ3C", "湟中区赵记牛肉面馆"),
)
PAGE_BUTTONS = ("previousPage", "nextPage")  # the pager turns pages: neither leaving nor going on
VISIT: dict[S, dict[str, Any]] = {
    S.INTRO: {},
    S.IDENTIFY: {},
    S.FACE_CHECK: {},
    S.CHOOSE_BUSINESS: {"businesses": THREE},
    S.PREVIEW: {"preview": PreviewView("个人信用报告", "XN-2025-0001", PAGES, 1, 3)},
    S.ELDERLY_OFFER: {"holder_masked_name": "刘*"},
}


def _shown_buttons(screen: Any) -> list[Button]:
    return [
        b
        for b in screen.findChildren(Button)
        if b.isVisible() and b.kind in ("primary", "secondary") and b.objectName() not in PAGE_BUTTONS
    ]


@pytest.mark.parametrize("elderly", [False, True], ids=["normal", "elderly"])
@pytest.mark.parametrize("state", list(VISIT))
def test_leaving_is_bottom_left_and_going_on_bottom_right(show_screen: Any, state: S, elderly: bool) -> None:
    screen = show_screen(screen_class(state), make_view(state, elderly=elderly, **VISIT[state]))
    middle = screen.width() / 2
    bottom = screen.height() * 0.8
    for button in _shown_buttons(screen):
        centre = button.mapTo(screen, button.rect().center())
        if button.kind == "secondary" and centre.y() > bottom:
            assert centre.x() < middle, f"{button.text()} should be at the bottom left"
        if button.kind == "primary":
            assert centre.x() > middle and centre.y() > bottom, (
                f"{button.text()} should be at the bottom right"
            )


@pytest.mark.parametrize("state", [S.INTRO, S.IDENTIFY, S.FACE_CHECK, S.CHOOSE_BUSINESS, S.PREVIEW])
def test_one_word_ends_the_visit_and_it_cancels(show_screen: Any, intents: Any, state: S) -> None:
    screen = show_screen(screen_class(state), make_view(state, **VISIT[state]))
    texts = {b.text() for b in screen.findChildren(QPushButton) if b.isVisible()}
    assert not texts & {"返回首页", "回到首页"}
    ends = [b for b in _shown_buttons(screen) if b.text() == "结束办理"]
    assert len(ends) == 1
    ends[0].click()
    assert intents.names()[-1] == "cancel"


# ---------------------------------------------------------------- 长辈模式 helps, never less
def _picture_sizes(show_screen: Any, state: S, elderly: bool) -> list[tuple[int, int]]:
    from ui.screens.preview_screen import PageThumb  # noqa: PLC0415 - the screen under test
    from ui.widgets.card_animation import CardAnimation  # noqa: PLC0415 - the widget under test
    from ui.widgets.pictograms import Pictogram  # noqa: PLC0415 - the widget under test

    screen = show_screen(screen_class(state), make_view(state, elderly=elderly, **VISIT.get(state, {})))
    kinds = (PageThumb, CardAnimation, Pictogram)
    return [(w.width(), w.height()) for kind in kinds for w in screen.findChildren(kind) if w.isVisible()]


@pytest.mark.parametrize("state", [S.IDENTIFY, S.PREVIEW, S.PRINTING, S.RECEIPT])
def test_pictures_are_no_smaller_in_elderly_mode(show_screen: Any, state: S) -> None:
    normal = _picture_sizes(show_screen, state, False)
    elderly = _picture_sizes(show_screen, state, True)
    assert normal and len(normal) == len(elderly)
    for (nw, nh), (ew, eh) in zip(normal, elderly, strict=True):
        assert ew >= nw and eh >= nh, (state, (nw, nh), (ew, eh))
