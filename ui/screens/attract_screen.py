"""The attract screen: what the kiosk does, when it is open, "touch to start".

Its content drifts slowly around the panel so no bright shape stays in one
place for hours (LCD image retention); a tap anywhere wakes the kiosk.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QTimer
from PySide6.QtGui import QHideEvent, QMouseEvent, QShowEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QWidget

from kiosk.journey import JourneyView
from ui import strings
from ui.screens.base import Screen
from ui.strings import t
from ui.widgets.basic import Button, Label, centred
from ui.widgets.icons import icon_pixmap

DRIFT_MS = 20_000  # a new position every 20 s: too slow to notice, fast enough against retention
DRIFT_STEPS = 24  # positions on one loop (8 minutes)


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
        entries = self.entries_row = QHBoxLayout(self.entries)
        entries.setContentsMargins(0, 0, 0, 0)
        self.elderly_entry = Button("secondary", self._start_elderly, self.entries)
        self.elderly_entry.setObjectName("attractElderly")
        self.language_entry = Button("secondary", self._start_in_other_language, self.entries)
        self.language_entry.setObjectName("attractLanguage")
        entries.addWidget(self.touch_hint)  # "touch to start", then the two other ways to start
        entries.addWidget(self.elderly_entry)
        entries.addWidget(self.language_entry)
        entries.addStretch(1)
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
        self.block.setMinimumWidth(theme.px(1400))
        c = theme.colours
        # "Touch to start" is the one call to action: a wide pill in the primary colour.
        self.touch_hint.setStyleSheet(
            f"color: {c.on_primary}; background: {c.primary}; border-radius: {theme.px(48)}px;"
            f"padding: {theme.px(20)}px {theme.px(56)}px;"
        )
        self.title.setStyleSheet(f"font-size: {theme.px(88)}px;")
        self._place()

    def show_view(self, view: JourneyView) -> None:
        identity = self.config.kiosk
        language = view.language
        self.name.setText(strings.kiosk_text(identity, "hall", language))
        self.title.setText(t(strings.ATTRACT_TITLE))
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
        self.services_caption.setVisible(bool(tiles))

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
        angle = 2 * math.pi * self._step / DRIFT_STEPS
        dx = round(self.theme.px(120) * math.sin(angle))
        dy = round(self.theme.px(70) * math.sin(2 * angle))
        margin = self.theme.px(self.theme.sizes.margin)
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
