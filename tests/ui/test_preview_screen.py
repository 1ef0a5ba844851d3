"""The preview screen, from views: the real page images, tap to enlarge, copies within the limit, print."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from kiosk.journey import JourneyState as S
from kiosk.journey.view import PreviewView
from tests.ui.conftest import RecordingIntents, ShowScreen, visible_texts
from tests.ui.views import make_view
from ui.screens.preview_screen import PreviewScreen


def page_png(colour: str) -> bytes:
    image = QImage(210, 297, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


PAGES = (page_png("#ff0000"), page_png("#00ff00"), page_png("#0000ff"))


def _view(copies: int = 1, limit: int = 3, **fields: object):  # type: ignore[no-untyped-def]
    return make_view(
        S.PREVIEW, preview=PreviewView("个人信用报告", "XN-2025-000123", PAGES, copies, limit), **fields
    )


def test_shows_every_page_of_the_document(show_screen: ShowScreen) -> None:
    screen = show_screen(PreviewScreen, _view())
    assert len(screen.shown_pages) == 3
    # The thumbnails are the page images themselves (red, green, blue here).
    middle = screen.thumbs[1].grab().toImage()
    centre = middle.pixelColor(middle.width() // 2, middle.height() // 2)
    assert centre.green() > 200 and centre.red() < 50
    texts = visible_texts(screen)
    assert "个人信用报告" in texts and "文件编号 XN-2025-000123" in texts
    assert any("共 3 页" in text for text in texts)


def test_tapping_a_page_enlarges_it_and_a_tap_closes_it(show_screen: ShowScreen, qtbot: QtBot) -> None:
    screen = show_screen(PreviewScreen, _view())
    qtbot.mouseClick(screen.thumbs[2], Qt.MouseButton.LeftButton)
    assert screen.viewer.isVisible()
    assert screen.viewer.caption.text() == "第 3 页，共 3 页"
    assert screen.viewer.width() == screen.width()
    big = screen.viewer.page.pixmap()
    assert big.width() > screen.thumbs[2].width()
    qtbot.mouseClick(screen.viewer.close_button, Qt.MouseButton.LeftButton)
    assert not screen.viewer.isVisible()


def test_copies_go_up_and_down_within_the_limit(
    show_screen: ShowScreen, intents: RecordingIntents, qtbot: QtBot
) -> None:
    screen = show_screen(PreviewScreen, _view(copies=2, limit=3))
    assert screen.count.text() == "2"
    qtbot.mouseClick(screen.more, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(screen.fewer, Qt.MouseButton.LeftButton)
    assert intents.calls == [("set_copies", (3,)), ("set_copies", (1,))]
    assert "本业务每次最多打印 3 份" in visible_texts(screen)


def test_the_buttons_stop_at_the_limits(show_screen: ShowScreen) -> None:
    screen = show_screen(PreviewScreen, _view(copies=1, limit=2))
    assert not screen.fewer.isEnabled() and screen.more.isEnabled()
    screen.show_view(_view(copies=2, limit=2))
    assert screen.fewer.isEnabled() and not screen.more.isEnabled()
    assert screen.print_button.text() == "打印 2 份"


def test_print_and_end(show_screen: ShowScreen, intents: RecordingIntents, qtbot: QtBot) -> None:
    screen = show_screen(PreviewScreen, _view())
    qtbot.mouseClick(screen.print_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(screen.end, Qt.MouseButton.LeftButton)
    assert intents.names() == ["confirm_print", "cancel"]


def test_pages_are_decoded_once_per_document(show_screen: ShowScreen) -> None:
    screen = show_screen(PreviewScreen, _view(copies=1))
    first = [thumb.pixmap.cacheKey() for thumb in screen.shown_pages]
    screen.show_view(_view(copies=2))  # same document, new view (copies changed)
    assert [thumb.pixmap.cacheKey() for thumb in screen.shown_pages] == first
    other = make_view(S.PREVIEW, preview=PreviewView("纳税证明", "XN-2", (page_png("#000000"),), 1, 3))
    screen.show_view(other)
    assert len(screen.shown_pages) == 1
    assert [thumb.isVisible() for thumb in screen.thumbs] == [True, False, False]


def test_pages_that_do_not_fit_are_turned_by_buttons_with_a_count(show_screen: ShowScreen) -> None:
    # Before, the pages that did not fit lay beyond the edge of a strip that only dragging moved.
    many = PAGES * 3  # a nine-page report
    screen = show_screen(
        PreviewScreen, make_view(S.PREVIEW, preview=PreviewView("个人信用报告", "XN-1", many, 1, 3))
    )
    shown = [thumb for thumb in screen.thumbs if thumb.isVisible()]
    assert 1 <= len(shown) < len(many)
    assert screen.pager.isVisible()
    assert screen.pager.where.text() == f"第 1–{len(shown)} 页，共 {len(many)} 页"
    assert not screen.pager.previous.isEnabled()
    screen.pager.next.click()
    after = [thumb.index for thumb in screen.thumbs if thumb.isVisible()]
    assert after and after[0] == len(shown)
    assert screen.pager.previous.isEnabled()
    assert f"共 {len(many)} 页" in screen.pager.where.text()


def test_elderly_mode_asks_nothing_about_copies(show_screen: ShowScreen) -> None:
    screen = show_screen(PreviewScreen, _view(copies=1, limit=1, elderly=True))
    assert not screen.stepper.isVisible()
    assert screen.print_button.isVisible() and screen.end.isVisible()


def test_leaving_drops_the_pages(show_screen: ShowScreen, qtbot: QtBot) -> None:
    screen = show_screen(PreviewScreen, _view())
    qtbot.mouseClick(screen.thumbs[0], Qt.MouseButton.LeftButton)
    screen.wipe()
    assert screen.shown_pages == [] and screen._pixmaps == []
    assert not screen.viewer.isVisible() and screen.viewer.page.pixmap().isNull()
    assert screen.document.text() == "" and screen.number.text() == ""


def test_english(show_screen: ShowScreen) -> None:
    screen = show_screen(PreviewScreen, _view(copies=2, language="en"))
    texts = visible_texts(screen)
    assert "Copies" in texts
    assert screen.print_button.text() == "Print (2)"
