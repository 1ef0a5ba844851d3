"""Choosing the business, fetching, printing, receipt, reminders and rating, each from views."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.documents.base import BusinessChoice
from kiosk.journey import JourneyState as S
from kiosk.journey.view import Reminder
from tests.ui.conftest import PANEL_HEIGHT, RecordingIntents, ShowScreen, visible_texts
from tests.ui.views import CONFIG, make_view
from ui.screens.choose_business_screen import ChooseBusinessScreen
from ui.screens.fetching_screen import FetchingScreen
from ui.screens.printing_screen import PrintingScreen
from ui.screens.rating_screen import RatingScreen
from ui.screens.receipt_screen import ReceiptScreen
from ui.screens.reminders_screen import RemindersScreen

BUSINESSES = (
    BusinessChoice("91630100MA7XXXXX1A", "西宁高原蓝莓农业科技有限公司"),
    BusinessChoice("91630100MA7YYYYY2B", "青海湖畔文化旅游发展有限公司"),
)


def test_choose_business_lists_them_and_a_tap_chooses(
    show_screen: ShowScreen, intents: RecordingIntents, qtbot: QtBot
) -> None:
    screen = show_screen(ChooseBusinessScreen, make_view(S.CHOOSE_BUSINESS, businesses=BUSINESSES))
    texts = visible_texts(screen)
    assert "西宁高原蓝莓农业科技有限公司" in texts and "青海湖畔文化旅游发展有限公司" in texts
    assert "统一社会信用代码 91630100MA7YYYYY2B" in texts
    qtbot.mouseClick(screen.tiles[1], Qt.MouseButton.LeftButton)
    assert intents.calls == [("choose_business", ("91630100MA7YYYYY2B",))]


def test_choose_business_shows_only_this_views_businesses(show_screen: ShowScreen) -> None:
    screen = show_screen(ChooseBusinessScreen, make_view(S.CHOOSE_BUSINESS, businesses=BUSINESSES))
    screen.show_view(make_view(S.CHOOSE_BUSINESS, businesses=BUSINESSES[:1]))
    assert "青海湖畔文化旅游发展有限公司" not in visible_texts(screen)
    screen.wipe()
    assert not any("公司" in text for text in visible_texts(screen) + [t.credit_code for t in screen.tiles])


def test_fetching_names_the_service(show_screen: ShowScreen) -> None:
    screen = show_screen(FetchingScreen, make_view(S.FETCHING))
    title = CONFIG.services[0].title_zh
    assert any(title in text for text in visible_texts(screen))
    assert screen.ring.turning
    screen.hide()
    assert not screen.ring.turning  # the ring's timer runs only while it is shown


PAGES_SHOWN = [
    (0, 0, "正在准备打印…"),
    (0, 6, "第 1 页 / 共 6 页"),
    (2, 6, "第 3 页 / 共 6 页"),
    (6, 6, "第 6 页 / 共 6 页"),
]


@pytest.mark.parametrize(("done", "total", "text"), PAGES_SHOWN)
def test_printing_shows_page_x_of_y(show_screen: ShowScreen, done: int, total: int, text: str) -> None:
    screen = show_screen(PrintingScreen, make_view(S.PRINTING, sheets_done=done, sheets_total=total))
    assert text in visible_texts(screen)
    assert screen.bar.value() == done


def test_printing_in_english(show_screen: ShowScreen) -> None:
    screen = show_screen(PrintingScreen, make_view(S.PRINTING, sheets_done=1, sheets_total=4, language="en"))
    assert "Page 2 of 4" in visible_texts(screen)


def test_receipt_says_the_slip_is_printing(show_screen: ShowScreen) -> None:
    screen = show_screen(ReceiptScreen, make_view(S.RECEIPT))
    assert "文件已打印，正在打印凭条" in visible_texts(screen)


def test_reminders_take_card_then_papers(show_screen: ShowScreen) -> None:
    screen = show_screen(
        RemindersScreen, make_view(S.REMINDERS, reminder=Reminder.TAKE_CARD, receipt_printed=True)
    )
    assert "请取走您的身份证" in visible_texts(screen)
    screen.show_view(make_view(S.REMINDERS, reminder=Reminder.TAKE_PAPERS, receipt_printed=True))
    texts = visible_texts(screen)
    assert "请取走打印好的文件和凭条" in texts and "请取走您的身份证" not in texts
    assert not screen.note.isVisible()


def test_reminders_say_when_the_slip_did_not_print(show_screen: ShowScreen) -> None:
    view = make_view(S.REMINDERS, reminder=Reminder.TAKE_PAPERS, receipt_printed=False)
    screen = show_screen(RemindersScreen, view)
    assert screen.note.isVisible()
    assert any("凭条没有打印出来" in text for text in visible_texts(screen))
    assert "凭条" not in screen.body.text()  # "the slip is in the right tray" would be wrong
    # Nor "take your papers and slip" when there is no slip: the title and the voice say papers only.
    assert screen.title.text() == "请取走打印好的文件"
    assert screen.spoken(view).startswith("请取走打印好的文件。")


def test_reminders_ask_for_no_slip_when_none_was_tried(show_screen: ShowScreen) -> None:
    view = make_view(S.REMINDERS, reminder=Reminder.TAKE_PAPERS, receipt_printed=None)
    screen = show_screen(RemindersScreen, view)
    assert "凭条" not in " ".join(visible_texts(screen)) and "凭条" not in screen.spoken(view)


def test_the_receipt_screen_promises_only_what_the_slip_carries(show_screen: ShowScreen) -> None:
    # The slip has the document number and the verification QR code; it has no 查验码.
    screen = show_screen(ReceiptScreen, make_view(S.RECEIPT))
    assert "查验码" not in " ".join(visible_texts(screen))


def test_reminders_keep_their_height_over_many_visits(show_screen: ShowScreen) -> None:
    # The note's wrapped height was measured with the label's own minimum height in it, plus a
    # margin: each view shown raised it again, until the screen and the window outgrew the panel.
    failed = make_view(S.REMINDERS, reminder=Reminder.TAKE_PAPERS, receipt_printed=False)
    screen = show_screen(RemindersScreen, failed)
    first = screen.note_text.minimumHeight()
    assert first > 0  # the note has the height its wrapped lines need
    for _ in range(30):
        screen.show_view(make_view(S.REMINDERS, reminder=Reminder.TAKE_CARD, receipt_printed=True))
        screen.show_view(failed)
    assert screen.note_text.minimumHeight() == first
    assert screen.minimumSizeHint().height() <= PANEL_HEIGHT


def test_rating_has_five_levels_best_first(
    show_screen: ShowScreen, intents: RecordingIntents, qtbot: QtBot
) -> None:
    screen = show_screen(RatingScreen, make_view(S.RATING))
    labels = [screen.levels[level].words.text() for level in (5, 4, 3, 2, 1)]
    assert labels == ["非常满意", "满意", "基本满意", "不满意", "非常不满意"]
    qtbot.mouseClick(screen.levels[4], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(screen.skip, Qt.MouseButton.LeftButton)
    assert intents.calls == [("rate", (4,)), ("dismiss", ())]


def test_rating_in_english(show_screen: ShowScreen) -> None:
    screen = show_screen(RatingScreen, make_view(S.RATING, language="en"))
    assert [screen.levels[level].words.text() for level in (5, 1)] == ["Very satisfied", "Very dissatisfied"]


@pytest.mark.parametrize(
    ("cls", "state"),
    [(ChooseBusinessScreen, S.CHOOSE_BUSINESS), (FetchingScreen, S.FETCHING), (PrintingScreen, S.PRINTING),
     (ReceiptScreen, S.RECEIPT), (RemindersScreen, S.REMINDERS), (RatingScreen, S.RATING)],
)  # fmt: skip
def test_every_screen_has_a_spoken_instruction(show_screen: ShowScreen, cls: type, state: S) -> None:
    step_fields = {
        S.CHOOSE_BUSINESS: {"businesses": BUSINESSES},
        S.REMINDERS: {"reminder": Reminder.TAKE_CARD},
    }
    view = make_view(state, **step_fields.get(state, {}))
    screen = show_screen(cls, view)
    assert screen.spoken(view).strip()
