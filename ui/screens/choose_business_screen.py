"""Which business's license to print: one big button per business the card holder represents.

As many as fit are shown at once (three; two in 长辈模式; fewer on a short panel); more are on further
pages, turned by 上一页/下一页 with the count beside them (第 1 页，共 2 页（共 3 家）) — never below
the edge of a list that only a drag would reveal."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QSizePolicy, QVBoxLayout, QWidget

from kiosk.documents.base import BusinessChoice
from kiosk.journey import JourneyView
from kiosk.journey.view import BusinessesView
from ui import strings
from ui.screens.base import Screen
from ui.strings import t
from ui.widgets.basic import Label
from ui.widgets.cards import CardButton
from ui.widgets.pager import Pager, page_count

PER_PAGE = 3
PER_PAGE_ELDERLY = 2


class BusinessButton(CardButton):
    """A business as a card: its name large, its credit code below. The whole card is the target."""

    def __init__(self, screen: ChooseBusinessScreen) -> None:
        super().__init__(screen.theme, screen)
        self.credit_code = ""
        self.clicked.connect(lambda _checked=False: screen.intents.choose_business(self.credit_code))
        inner = self.inner
        self.name = Label("heading", self)
        self.name.setProperty("personal", True)
        self.code = Label("muted", self)
        self.code.setProperty("personal", True)
        inner.addWidget(self.name)
        inner.addWidget(self.code)
        inner.setAlignment(Qt.AlignmentFlag.AlignVCenter)

    def set_business(self, business: BusinessChoice) -> None:
        self.credit_code = business.credit_code
        self.name.setText(business.name)
        self.code.setText(t(strings.CHOOSE_BUSINESS_CODE, business.credit_code))


class ChooseBusinessScreen(Screen):
    def build(self) -> None:
        self.title = self.label("title")
        self.body = self.label("muted")
        self.column.addWidget(self.title)
        self.column.addWidget(self.body)
        self.list = QWidget(self)
        self.list_layout = QVBoxLayout(self.list)
        self.list_layout.setContentsMargins(0, 0, 0, 0)
        self.list_layout.setAlignment(Qt.AlignmentFlag.AlignTop)
        # The list takes the room the screen leaves it; how many businesses a page holds follows.
        self.list.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)
        self.column.addWidget(self.list, 1)
        self.list.installEventFilter(self)
        self.pager = Pager(self._turn_to, self)
        self.end = self.button("secondary", self.intents.cancel)
        self.button_row(self.end, self.pager)  # the pages beside 结束办理: no extra row
        self.tiles: list[BusinessButton] = []
        self.page = 0
        self._businesses: tuple[BusinessChoice, ...] = ()
        self._view: JourneyView | None = None
        self._shown_per_page = 0

    def themed(self) -> None:
        self.pager.apply_theme(self.theme)
        self.list_layout.setSpacing(self.theme.px(self.theme.sizes.gap))
        px = self.theme.px
        height = self._tile_height()
        for tile in self.tiles:
            tile.theme = self.theme
            tile.setMinimumHeight(height)
            tile.inner.setContentsMargins(px(36), px(12), px(36), px(12))
            tile.inner.setSpacing(px(6))

    def show_view(self, view: JourneyView) -> None:
        self.title.setText(t(strings.CHOOSE_BUSINESS_TITLE))
        self.body.setText(t(strings.CHOOSE_BUSINESS_BODY))
        self.end.setText(t(strings.END_SESSION))
        shown = view.step_as(BusinessesView)
        businesses = shown.businesses if shown else ()
        if businesses != self._businesses:
            self.page = 0  # another list (another citizen): from its first page
            self._businesses = businesses
        self._view = view
        per_page = self._per_page()
        self._shown_per_page = per_page
        pages = page_count(len(businesses), per_page)
        self.page = min(self.page, pages - 1)
        on_page = businesses[self.page * per_page : (self.page + 1) * per_page]
        self.pager.show_pages(self.page, pages, strings.businesses_count(len(businesses)))
        while len(self.tiles) < len(on_page):
            tile = BusinessButton(self)
            self.list_layout.insertWidget(len(self.tiles), tile)
            self.tiles.append(tile)
        for index, tile in enumerate(self.tiles):
            if index < len(on_page):
                tile.set_business(on_page[index])
                tile.show()
            else:
                tile.hide()
                tile.name.clear()
                tile.code.clear()
                tile.credit_code = ""
        self.themed()
        if self._per_page() != per_page:  # the first tiles were made just now: measured, they fit fewer
            self.show_view(view)

    def _tile_height(self) -> int:
        return self.theme.px(200 if self.theme.elderly else 150)

    def _per_page(self) -> int:
        wanted = PER_PAGE_ELDERLY if self.theme.elderly else PER_PAGE
        room = self.list.height()
        if room <= 0 or not self.tiles:
            return wanted
        gap = self.list_layout.spacing()
        tile = max(self.tiles[0].heightForWidth(self.list.width()), self._tile_height())
        return max(1, min(wanted, (room + gap) // (tile + gap)))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        resized = watched is self.list and event.type() == QEvent.Type.Resize
        if resized and self._view is not None and self._shown_per_page != self._per_page():
            self.show_view(self._view)
        return False

    def _turn_to(self, page: int) -> None:
        self.page = page
        self.intents.touch()  # turning a page is the citizen acting: the idle time starts again
        if self._view is not None:
            self.show_view(self._view)

    def spoken(self, view: JourneyView) -> str:
        return t(strings.CHOOSE_BUSINESS_SPOKEN)

    def wipe(self) -> None:
        super().wipe()
        for tile in self.tiles:
            tile.credit_code = ""
        self._businesses = ()
        self._view = None
        self.page = 0
