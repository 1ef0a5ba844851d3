"""The home screen: one tile per service, and 补打 after them (a job cut short, printed by its code); a
tile whose device or source is down is greyed, with the reason. 长辈模式, language and 一键求助 are in
the header."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QGridLayout, QSizePolicy, QVBoxLayout, QWidget

from kiosk.journey import JourneyView
from ui import strings
from ui.screens.base import Screen
from ui.strings import t
from ui.widgets.basic import touch_scroll_area
from ui.widgets.tile import ReprintTileButton, ServiceTileButton


class HomeScreen(Screen):
    def build(self) -> None:
        self.title = self.label("title")
        self.subtitle = self.label("muted")
        self.none_available = self.label("danger")
        self.grid_host = QWidget()
        host = QVBoxLayout(self.grid_host)
        host.setContentsMargins(0, 0, 0, 0)
        self.grid = QGridLayout()
        self.grid.setContentsMargins(0, 0, 0, 0)
        host.addLayout(self.grid)
        host.addStretch(1)  # the tiles stand at the top, as tall as they need; the room below stays empty
        self.tiles: list[ServiceTileButton] = []
        self.reprint_tile = ReprintTileButton(self.intents.start_reprint, self.grid_host)
        self.column.addWidget(self.title)
        self.column.addWidget(self.subtitle)
        self.column.addWidget(self.none_available)
        # The grid becomes scrollable just after the first paint: the process's first QScrollArea
        # costs ~45 ms of one-time Qt set-up, a third of the start budget, and the home screen is
        # what the kiosk paints first. Until then a long grid is clipped rather than stretching
        # the window past the panel.
        self.grid_host.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)
        self.column.addWidget(self.grid_host, 1)
        self.scrolls = False
        self._columns = 0
        self._placed = 0  # the services laid out: 补打 follows them
        self._view: JourneyView | None = None

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        super().paintEvent(event)
        if not self.scrolls:
            self.scrolls = True
            QTimer.singleShot(0, self, self._make_scrollable)

    def _make_scrollable(self) -> None:
        index = self.column.indexOf(self.grid_host)
        self.column.removeWidget(self.grid_host)
        self.grid_host.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        area = touch_scroll_area(self.grid_host, self)
        self.column.insertWidget(index, area, 1)
        area.show()  # a child added to a shown widget stays hidden until shown
        self.grid_host.show()

    def themed(self) -> None:
        gap = self.theme.px(self.theme.sizes.gap)
        self.grid.setSpacing(gap)
        for tile in self.tiles:
            tile.apply_theme(self.theme)
        self.reprint_tile.apply_theme(self.theme)
        self._columns = 0  # lay the grid out again: 长辈模式 has fewer, larger columns

    def _columns_for(self, count: int) -> int:
        desk = (2 if count > 1 else 1) if self.theme.elderly else (3 if count > 4 else max(1, min(count, 2)))
        # No narrower than a title of a few words beside its icon: a narrow panel (upright, 5:4)
        # has fewer columns, and the tiles grow downwards, where it has room.
        narrowest = self.theme.px(640 if self.theme.elderly else 500)
        width = self.width() - self.column.contentsMargins().left() - self.column.contentsMargins().right()
        gap = self.theme.px(self.theme.sizes.gap)
        return max(1, min(desk, (width + gap) // (narrowest + gap)))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if self._view is not None and self._columns_for(len(self._view.services)) != self._columns:
            self.show_view(self._view)

    def show_view(self, view: JourneyView) -> None:
        self._view = view
        self.title.setText(t(strings.HOME_TITLE))
        self.subtitle.setText(t(strings.HOME_SUBTITLE))
        self.subtitle.setVisible(not view.elderly)
        while len(self.tiles) < len(view.services):
            tile = ServiceTileButton(self.intents.choose_service, self.grid_host)
            tile.apply_theme(self.theme)
            self.tiles.append(tile)
            self._columns = 0
        columns = self._columns_for(len(view.services) + 1)
        if (columns, len(view.services)) != (self._columns, self._placed):
            self._columns, self._placed = columns, len(view.services)
            placed: list[QWidget] = [*self.tiles[: len(view.services)], self.reprint_tile]
            for index, widget in enumerate(placed):
                self.grid.removeWidget(widget)
                self.grid.addWidget(widget, index // columns, index % columns)
            for column in range(3):
                self.grid.setColumnStretch(column, 1 if column < columns else 0)
        for index, tile in enumerate(self.tiles):
            if index < len(view.services):
                tile.show_tile(view.services[index], view.language, elderly=view.elderly)
                tile.show()
            else:
                tile.hide()
        self.reprint_tile.show_tile(view.reprint_tile, elderly=view.elderly)
        nothing = bool(view.services) and not any(tile.available for tile in view.services)
        self.none_available.setText(t(strings.HOME_NONE_AVAILABLE) if nothing else "")
        self.none_available.setVisible(nothing)

    def spoken(self, view: JourneyView) -> str:
        return t(strings.HOME_SPOKEN)
