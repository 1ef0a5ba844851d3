"""Overlays over the whole window: the idle countdown and the help card.

Each is a child of the window that covers it, dims what is behind and takes
every tap, so nothing under it can be pressed by accident.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.config import KioskConfig
from kiosk.journey import JourneyState, JourneyView
from ui import strings, technician_strings
from ui.intents import Intents
from ui.strings import t
from ui.theme import Theme
from ui.widgets.basic import Button, Label, Panel, centred


class Overlay(QWidget):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._dim = QColor("#B3101820")
        self.card = Panel("surface", self)
        self.inner = QVBoxLayout(self.card)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(centred(self.card))
        outer.addStretch(2)
        parent.installEventFilter(self)
        self.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        parent = self.parentWidget()
        if watched is parent and parent is not None and event.type() == QEvent.Type.Resize:
            self.setGeometry(parent.rect())
        return False

    def apply_theme(self, theme: Theme) -> None:
        self._dim = QColor(theme.colours.overlay)
        pad = theme.px(56)
        self.inner.setContentsMargins(pad, pad, pad, pad)
        self.inner.setSpacing(theme.px(theme.sizes.gap))
        self.card.setFixedWidth(theme.px(1200 if theme.elderly else 1000))

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.fillRect(self.rect(), self._dim)
        painter.end()

    def present(self, on: bool) -> None:
        parent = self.parentWidget()
        if on and parent is not None:
            self.setGeometry(parent.rect())
            self.raise_()
        self.setVisible(on)


class IdleOverlay(Overlay):
    """ "您还在吗？" with the seconds left, 需要更多时间 and 结束办理 (which, on the diagnostics screen,
    leaves it: the journey's cancel does that there)."""

    def __init__(self, parent: QWidget, intents: Intents) -> None:
        super().__init__(parent)
        self.title = Label("title", self.card)
        self.body = Label("body", self.card)
        self.end = Button("secondary", intents.cancel, self.card)
        self.more = Button("primary", intents.more_time, self.card)
        self.inner.addWidget(self.title)
        self.inner.addWidget(self.body)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.end)
        row.addWidget(self.more)
        self.inner.addLayout(row)

    def show_view(self, view: JourneyView) -> None:
        seconds = view.idle_countdown
        if seconds is None:
            self.present(False)
            return
        self.title.setText(t(strings.IDLE_TITLE))
        self.more.setText(t(strings.MORE_TIME))
        if view.state is JourneyState.DIAGNOSTICS:  # a technician: nothing personal to clear
            self.body.setText(strings.diagnostics_idle_body(seconds))
            self.end.setText(t(technician_strings.DIAG_LEAVE))
        else:
            self.body.setText(strings.idle_body(seconds))
            self.end.setText(t(strings.END_SESSION))
        self.present(True)

    def spoken(self) -> str:
        return t(strings.IDLE_TITLE)


class HelpOverlay(Overlay):
    """一键求助: the hall's hotline, in large digits; the request is recorded by the journey."""

    def __init__(self, parent: QWidget, intents: Intents, config: KioskConfig) -> None:
        super().__init__(parent)
        self._config = config
        self.title = Label("title", self.card)
        self.body = Label("body", self.card)
        self.hotline = Label("code", self.card)
        self.hotline.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.where = Label("muted", self.card)
        self.close_button = Button("primary", intents.dismiss_help, self.card)
        for widget in (self.title, self.body, self.hotline, self.where):
            self.inner.addWidget(widget)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.close_button)
        self.inner.addLayout(row)

    def show_view(self, view: JourneyView) -> None:
        if not view.help_requested:
            self.present(False)
            return
        identity = self._config.kiosk
        self.title.setText(t(strings.HELP_TITLE))
        self.body.setText(t(strings.HELP_BODY))
        self.hotline.setText(identity.hotline)
        self.where.setText(t(strings.HELP_WHERE, strings.kiosk_text(identity, "hall", view.language)))
        self.close_button.setText(t(strings.CLOSE_HELP))
        self.present(True)

    def spoken(self) -> str:
        return t(strings.HELP_SPOKEN, self._config.kiosk.hotline)
