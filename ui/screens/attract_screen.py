"""The attract screen: what the kiosk does, when it is open, "touch to start".

Its content drifts slowly around the panel so no bright shape stays in one
place for hours (LCD image retention); a tap anywhere wakes the kiosk.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFont, QFontMetrics, QHideEvent, QMouseEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QWidget

from kiosk.journey import JourneyView
from ui import strings
from ui.screens.base import Screen
from ui.strings import t
from ui.widgets.basic import Button, Label, centred
from ui.widgets.icons import icon_pixmap

DRIFT_MS = 20_000  # a new position every 20 s: too slow to notice, fast enough against retention
DRIFT_STEPS = 24  # positions on one loop (8 minutes)


def _height_at(widget: QWidget, width: int) -> int:
    """The height ``widget`` needs at ``width``, shown or not."""
    if widget.hasHeightForWidth():
        return max(widget.heightForWidth(width), widget.minimumSizeHint().height())
    return widget.sizeHint().height()


class AttractScreen(Screen):
    def build(self) -> None:
        self._step = 0
        self._drift = QTimer(self)
        self._drift.setInterval(DRIFT_MS)
        self._drift.timeout.connect(self._move_on)
        self.block = QWidget(self)
        inner = self.block_layout = QGridLayout(self.block)
        self.name = Label("caption", self.block)
        self.title = Label("title", self.block)
        self.touch_hint = Label("heading", self.block)
        self.touch_hint.setProperty("accent", True)
        self.hours = Label("body", self.block)
        self.bring = Label("body", self.block)
        self.services_caption = Label("muted", self.block)
        self.services = QWidget(self.block)
        self.services_row = QGridLayout(self.services)
        self.services_row.setContentsMargins(0, 0, 0, 0)
        self.hotline = Label("muted", self.block)
        # 长辈模式 and another language from the first touch: a citizen who needs either should not
        # have to get through a screen without it first.
        self.entries = QWidget(self.block)
        entries = self.entries_row = QGridLayout(self.entries)
        entries.setContentsMargins(0, 0, 0, 0)
        self.elderly_entry = Button("secondary", self._start_elderly, self.entries)
        self.elderly_entry.setObjectName("attractElderly")
        self.language_entry = Button("secondary", self._start_in_other_language, self.entries)
        self.language_entry.setObjectName("attractLanguage")
        # "Touch to start", then the two other ways to start: beside it, or below it where the
        # panel is narrow (_fit).
        entries.addWidget(self.touch_hint, 0, 0)
        entries.setColumnStretch(3, 1)
        self._entries_below: bool | None = None
        self._service_columns = 0
        self._title_px = 0
        self._has_services = False
        self._language = "zh_CN"
        self._service_labels: list[tuple[QLabel, Label]] = []
        for row, widget in enumerate(
            (self.name, self.title, self.hours, self.bring, self.services_caption, self.services,
             self.entries, self.hotline)
        ):  # fmt: skip
            inner.addWidget(widget, row, 0)
        self.column.addStretch(1)
        self.column.addLayout(centred(self.block))
        self.column.addStretch(1)

    def themed(self) -> None:
        theme = self.theme
        self.block_layout.setSpacing(theme.px(28))
        self.services_row.setSpacing(theme.px(40))
        self.entries_row.setSpacing(theme.px(theme.sizes.gap))  # a finger that misses lands on neither
        c = theme.colours
        # "Touch to start" is the one call to action: a wide pill in the primary colour.
        self.touch_hint.setStyleSheet(
            f"color: {c.on_primary}; background: {c.primary}; border-radius: {theme.px(48)}px;"
            f"padding: {theme.px(20)}px {theme.px(56)}px;"
        )
        self._entries_below = None
        self._service_columns = 0
        self._place()
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        """The block as wide as the reference panel's lines (1400 px there), or as the panel allows
        with the drift; the services in as many columns as their names fit; the other two ways to
        start beside "touch to start", or below it."""
        theme = self.theme
        width = max(0, self.width() - 2 * theme.px(theme.sizes.margin))
        self.block.setMinimumWidth(min(theme.px(1400), width))
        # The poster's one big line: 88 px on the reference panel, smaller where that would wrap it
        # (English on a narrow panel), never below the theme's title.
        inner = self.block_layout.contentsMargins()
        line = width - inner.left() - inner.right()
        font = QFont(self.title.font())
        font.setPixelSize(theme.px(88))
        one_line = QFontMetrics(font).horizontalAdvance(self.title.text()) + 1
        size = max(theme.font_px("title"), min(theme.px(88), theme.px(88) * line // max(1, one_line)))
        if size != self._title_px:
            self._title_px = size
            self.title.setStyleSheet(f"font-size: {size}px;")
        gap = theme.px(theme.sizes.gap)
        entries = (self.touch_hint, self.elderly_entry, self.language_entry)
        beside = sum(widget.sizeHint().width() for widget in entries)
        below = beside + 2 * gap > width
        if below != self._entries_below:
            self._entries_below = below
            for button in (self.elderly_entry, self.language_entry):
                self.entries_row.removeWidget(button)
            self.entries_row.addWidget(self.elderly_entry, 1 if below else 0, 0 if below else 1)
            self.entries_row.addWidget(self.language_entry, 1 if below else 0, 1 if below else 2)
            self.entries_row.removeWidget(self.touch_hint)
            self.entries_row.addWidget(self.touch_hint, 0, 0, 1, 3 if below else 1)
        shown = [name for icon, name in self._service_labels if not name.isHidden() or not name.text()]
        pair = max((name.sizeHint().width() for _, name in self._service_labels), default=0)
        pair += theme.px(theme.sizes.icon // 2) + theme.px(10)
        spacing = theme.px(40)
        columns = max(1, min(3, (width + spacing) // (pair + spacing)))
        if columns != self._service_columns and shown is not None:
            self._service_columns = columns
            for index, (icon, _name) in enumerate(self._service_labels):
                holder = icon.parentWidget()
                if holder is not None:
                    self.services_row.removeWidget(holder)
                    self.services_row.addWidget(holder, index // columns, index % columns)
        # What is offered here gives way where the poster would not fit the panel (长辈模式 in English
        # on a 5:4 panel): the home screen lists it, one tap away.
        rows = (self.name, self.title, self.hours, self.bring, self.services_caption, self.services,
                self.entries, self.hotline)  # fmt: skip
        needed = sum(_height_at(row, line) for row in rows if row not in self._gone())
        needed += self.block_layout.spacing() * (len(rows) - 1) + inner.top() + inner.bottom()
        room = self.height() - 2 * theme.px(theme.sizes.margin)
        fits = needed <= room or self.height() <= 0
        for widget in (self.services_caption, self.services):
            widget.setVisible(self._has_services and fits)

    def _gone(self) -> tuple[QWidget, ...]:
        """Rows that take no room: the hall's name may be empty, and so may the services."""
        return () if self._has_services else (self.services_caption, self.services)

    def show_view(self, view: JourneyView) -> None:
        identity = self.config.kiosk
        language = view.language
        self.name.setText(strings.kiosk_text(identity, "hall", language))
        self.title.setText(t(strings.ATTRACT_TITLE))
        self._title_px = 0
        self.touch_hint.setText(t(strings.ATTRACT_TOUCH))
        self.hours.setText(t(strings.ATTRACT_HOURS, strings.kiosk_text(identity, "opening_hours", language)))
        self.bring.setText(t(strings.ATTRACT_BRING_CARD))
        self.services_caption.setText(t(strings.ATTRACT_SERVICES))
        self.hotline.setText(t(strings.ATTRACT_HOTLINE, identity.hotline))
        self._language = language
        self.elderly_entry.setText(t(strings.ATTRACT_ELDERLY))
        self.language_entry.setText(
            t(strings.SWITCH_TO_CHINESE if language == "en" else strings.ATTRACT_ENGLISH)
        )
        self._show_services(view)

    def _show_services(self, view: JourneyView) -> None:
        tiles = [tile for tile in view.services if tile.available]
        while len(self._service_labels) < len(tiles):
            pair = QWidget(self.services)
            pair_row = QHBoxLayout(pair)
            pair_row.setContentsMargins(0, 0, 0, 0)
            pair_row.setSpacing(self.theme.px(10))
            icon, name = QLabel(pair), Label("body", pair, wrap=False)
            pair_row.addWidget(icon)
            pair_row.addWidget(name, 1)
            index = len(self._service_labels)
            self.services_row.addWidget(pair, index // 3, index % 3)
            self._service_labels.append((icon, name))
            self._service_columns = 0
        size = self.theme.px(self.theme.sizes.icon // 2)
        for index, (icon, name) in enumerate(self._service_labels):
            shown = index < len(tiles)
            holder = icon.parentWidget()
            if holder is not None:
                holder.setVisible(shown)
            if shown:
                service = tiles[index].service
                icon.setPixmap(icon_pixmap(service.template, size, self.theme.colours.primary))
                name.setText(strings.service_title(service, view.language))
        self._has_services = bool(tiles)
        self._service_columns = 0  # the names' widths change with the language
        self._fit()

    def spoken(self, view: JourneyView) -> str:
        return t(strings.ATTRACT_SPOKEN)

    def _start_elderly(self) -> None:
        self.intents.set_elderly(True)
        self.intents.touch()

    def _start_in_other_language(self) -> None:
        self.intents.set_language("zh_CN" if self._language == "en" else "en")
        self.intents.touch()

    # ---------------------------------------------------------------- burn-in drift
    def _move_on(self) -> None:
        self._step = (self._step + 1) % DRIFT_STEPS
        self._place()

    def _place(self) -> None:
        # As far as the room around the block allows, up to 120 × 70 px on the reference panel: a
        # narrow panel's block drifts less rather than being pushed off the glass.
        margin = self.theme.px(self.theme.sizes.margin)
        hint = self.block.sizeHint()
        spare_x = max(0, self.width() - 2 * margin - max(hint.width(), self.block.minimumWidth())) // 2
        spare_y = max(0, self.height() - 2 * margin - self.block.heightForWidth(self.block.width())) // 2
        angle = 2 * math.pi * self._step / DRIFT_STEPS
        dx = round(min(self.theme.px(120), spare_x) * math.sin(angle))
        dy = round(min(self.theme.px(70), spare_y) * math.sin(2 * angle))
        self.column.setContentsMargins(margin + max(0, dx), margin + max(0, dy), margin - min(0, dx) + 0,
                                       margin - min(0, dy))  # fmt: skip

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        self._drift.start()
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt's name
        self._drift.stop()
        super().hideEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        self.intents.touch()
        event.accept()
