"""Which business's license to print: one big button per business the card holder represents."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.documents.base import BusinessChoice
from kiosk.journey import JourneyView
from kiosk.journey.view import BusinessesView
from ui import strings
from ui.screens.base import Screen
from ui.strings import t
from ui.widgets.basic import Label, touch_scroll_area
from ui.widgets.cards import CardButton


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
        self.area = touch_scroll_area(self.list, self)
        self.column.addWidget(self.area, 1)
        self.end = self.button("secondary", self.intents.cancel)
        self.button_row(self.end)
        self.tiles: list[BusinessButton] = []

    def themed(self) -> None:
        self.list_layout.setSpacing(self.theme.px(self.theme.sizes.gap))
        px = self.theme.px
        height = px(200 if self.theme.elderly else 150)
        for tile in self.tiles:
            tile.theme = self.theme
            tile.setFixedHeight(height)
            tile.inner.setContentsMargins(px(36), px(12), px(36), px(12))
            tile.inner.setSpacing(px(6))

    def show_view(self, view: JourneyView) -> None:
        self.title.setText(t(strings.CHOOSE_BUSINESS_TITLE))
        self.body.setText(t(strings.CHOOSE_BUSINESS_BODY))
        self.end.setText(t(strings.END_SESSION))
        shown = view.step_as(BusinessesView)
        businesses = shown.businesses if shown else ()
        while len(self.tiles) < len(businesses):
            tile = BusinessButton(self)
            self.list_layout.insertWidget(len(self.tiles), tile)
            self.tiles.append(tile)
        for index, tile in enumerate(self.tiles):
            if index < len(businesses):
                tile.set_business(businesses[index])
                tile.show()
            else:
                tile.hide()
                tile.name.clear()
                tile.code.clear()
                tile.credit_code = ""
        self.themed()

    def spoken(self, view: JourneyView) -> str:
        return t(strings.CHOOSE_BUSINESS_SPOKEN)

    def wipe(self) -> None:
        super().wipe()
        for tile in self.tiles:
            tile.credit_code = ""
