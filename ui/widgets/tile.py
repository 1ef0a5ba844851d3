"""A tile on the home screen: icon, title, one line of summary; greyed with the reason when a device
or source it needs is down. One per service, and one for 补打."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from kiosk.journey.view import ReprintTile, ServiceTile
from ui import reprint_strings, strings
from ui.strings import t
from ui.theme import Theme
from ui.widgets.basic import Button, Label
from ui.widgets.icons import icon_pixmap

if TYPE_CHECKING:
    from kiosk.health import Unavailability


class TileButton(Button):
    """A tile; a tap calls ``on_tap``."""

    def __init__(self, on_tap: Callable[[], object], parent: QWidget | None = None) -> None:
        super().__init__("tile", None, parent)
        self._on_tap = on_tap
        self._icon_name = ""
        self._theme: Theme | None = None
        # As tall as what it holds (at least the theme's tile height), never stretched past it: a tile
        # stretched to fill an upright panel is a box left mostly empty.
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.icon_label = QLabel(self)
        self.icon_label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.icon_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title = Label("heading", self)
        self.summary = Label("muted", self)
        self.reason = Label("danger", self)
        text = QVBoxLayout()
        text.setSpacing(8)
        text.addWidget(self.title)
        text.addWidget(self.summary)
        text.addWidget(self.reason)
        text.addStretch(1)
        row = self.row = QHBoxLayout(self)
        row.addWidget(self.icon_label, 0, Qt.AlignmentFlag.AlignTop)
        row.addLayout(text, 1)
        self.clicked.connect(lambda _checked=False: self._on_tap())

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt's name
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt's name
        floor = self._theme.min_touch_px if self._theme is not None else 0
        return max(floor, self.row.totalHeightForWidth(width))

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        width = max(self.width(), self.row.totalMinimumSize().width())
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(self.row.totalMinimumSize().width(), self.heightForWidth(self.width()))

    def apply_theme(self, theme: Theme) -> None:
        self._theme = theme
        pad = theme.px(32)
        self.row.setContentsMargins(pad, pad, pad, pad)
        self.row.setSpacing(theme.px(28))
        self._draw_icon()

    def show_parts(
        self, title: str, summary: str, icon: str, unavailable: tuple[Unavailability, ...], *, elderly: bool
    ) -> None:
        self._icon_name = icon
        self.title.setText(title)
        self.summary.setText(summary)
        # One decision per screen in 长辈模式: the title says enough.
        self.summary.setVisible(not elderly and bool(summary))
        self.setEnabled(not unavailable)
        if unavailable:
            self.reason.setText(t(strings.TILE_UNAVAILABLE, strings.unavailable_sentence(unavailable[0])))
            self.reason.show()
        else:
            self.reason.clear()
            self.reason.hide()
        self.setAccessibleName(title)
        self._draw_icon()

    def _draw_icon(self) -> None:
        theme = self._theme
        if theme is None or not self._icon_name:
            return
        size = theme.px(theme.sizes.icon)
        colour = theme.colours.primary if self.isEnabled() else theme.colours.disabled_text
        self.icon_label.setPixmap(icon_pixmap(self._icon_name, size, colour))
        self.icon_label.setFixedSize(size + theme.px(24), size + theme.px(24))
        self.icon_label.setStyleSheet(
            f"background: {theme.colours.primary_soft if self.isEnabled() else theme.colours.surface};"
            f"border-radius: {(size + theme.px(24)) // 2}px;"
        )


class ServiceTileButton(TileButton):
    """A service's tile: a tap chooses it."""

    def __init__(self, on_choose: Callable[[str], object], parent: QWidget | None = None) -> None:
        super().__init__(self._chosen, parent)
        self._on_choose = on_choose
        self.service_id = ""

    def _chosen(self) -> None:
        if self.service_id:
            self._on_choose(self.service_id)

    def show_tile(self, tile: ServiceTile, language: str, *, elderly: bool) -> None:
        service = tile.service
        self.service_id = service.id
        self.show_parts(
            strings.service_title(service, language),
            strings.service_summary(service, language),
            service.template,
            tile.unavailable,
            elderly=elderly,
        )


class ReprintTileButton(TileButton):
    """补打: a tap opens the code's keypad."""

    def show_tile(self, tile: ReprintTile, *, elderly: bool) -> None:
        self.show_parts(
            t(reprint_strings.TILE_TITLE),
            t(reprint_strings.TILE_SUMMARY),
            "reprint",
            tile.unavailable,
            elderly=elderly,
        )
