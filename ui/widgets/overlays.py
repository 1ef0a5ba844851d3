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
from kiosk.journey.view import HelpAnswer, HelpView
from ui import strings, technician_strings
from ui.intents import Intents
from ui.strings import t
from ui.theme import Theme
from ui.widgets.basic import Button, Label, Panel, centred


class Overlay(QWidget):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._theme: Theme | None = None
        self.setProperty("auditLayer", True)  # over the screen on purpose: the audit's overlap is within it
        self._dim = QColor("#B3101820")
        self.card = Panel("surface", self)
        self.inner = QVBoxLayout(self.card)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addStretch(1)
        outer.addLayout(centred(self.card))
        outer.addStretch(2)
        parent.installEventFilter(self)
        self.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        parent = self.parentWidget()
        if watched is parent and parent is not None and event.type() == QEvent.Type.Resize:
            self.setGeometry(parent.rect())
            self._fit_card()
        return False

    def apply_theme(self, theme: Theme) -> None:
        self._theme = theme
        self._dim = QColor(theme.colours.overlay)
        pad = theme.px(56)
        self.inner.setContentsMargins(pad, pad, pad, pad)
        self.inner.setSpacing(theme.px(theme.sizes.gap))
        self._fit_card()

    def _fit_card(self) -> None:
        """1000 px wide on the reference panel (1200 in 长辈模式). On a shorter panel, whose sizes are
        drawn smaller, the card keeps its width in millimetres where the window has it: its words,
        which keep their size, then need no more lines than on the reference panel."""
        theme, parent = self._theme, self.parentWidget()
        if theme is None:
            return
        width = theme.text_px(1200 if theme.elderly else 1000)
        if parent is not None and parent.width() > 0:
            width = min(width, parent.width() - 2 * theme.px(theme.sizes.margin))
        self.card.setFixedWidth(width)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.fillRect(self.rect(), self._dim)
        painter.end()

    def present(self, on: bool) -> None:
        parent = self.parentWidget()
        if on and parent is not None:
            self.setGeometry(parent.rect())
            self._fit_card()
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
    """一键求助: who answers now (the journey's ``HelpView``: staff coming, a window, the duty phone, the
    hotline), the number to call and the kiosk's own number in large type, the staffed hours. The
    journey records the request and holds the visit's timers until the card is closed."""

    def __init__(self, parent: QWidget, intents: Intents, config: KioskConfig) -> None:
        super().__init__(parent)
        self._config = config
        self._view: JourneyView | None = None
        self.title = Label("title", self.card)
        self.body = Label("body", self.card)
        self.hotline = Label("code", self.card)  # the number to call now
        self.hotline.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.kiosk_number = Label("heading", self.card)
        self.kiosk_number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hours = Label("body", self.card)
        self.kept = Label("muted", self.card)
        self.where = Label("muted", self.card)
        self.close_button = Button("primary", intents.dismiss_help, self.card)
        for widget in (self.title, self.body, self.hotline, self.kiosk_number, self.hours, self.kept):
            self.inner.addWidget(widget)
        # Where the kiosk stands, beside 关闭: on a short panel (15.6") the card has no line to spare.
        row = QHBoxLayout()
        row.addWidget(self.where, 1)
        row.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignBottom)
        self.inner.addLayout(row)

    def _answer(self, view: JourneyView) -> HelpView:
        if view.help is not None:
            return view.help
        identity = self._config.kiosk  # a view made without the journey (a test, the demo's matrix)
        return HelpView(HelpAnswer.HOTLINE_ONLY, identity.id, identity.hotline, identity.hotline, None, None)

    def show_view(self, view: JourneyView) -> None:
        self._view = view
        if not view.help_requested:
            self.present(False)
            return
        shown = self._answer(view)
        identity = self._config.kiosk
        self.title.setText(t(strings.HELP_TITLE))
        self.body.setText(t(HELP_SAYS[shown.answer]))
        coming = shown.answer is HelpAnswer.STAFF_COMING
        self.hotline.setText(shown.phone)
        self.hotline.setVisible(not coming)
        self.kiosk_number.setText(t(strings.HELP_KIOSK_NUMBER, shown.kiosk_id))
        staffed = shown.staffed_from is not None and shown.staffed_until is not None
        self.hours.setText(
            t(strings.HELP_STAFFED_HOURS, shown.staffed_from, shown.staffed_until) if staffed else ""
        )
        self.hours.setVisible(staffed and not coming)
        self.kept.setText(t(strings.HELP_KEPT))
        self.where.setText(t(strings.HELP_WHERE, strings.kiosk_text(identity, "hall", view.language)))
        self.close_button.setText(t(strings.CLOSE_HELP))
        self.present(True)

    def spoken(self) -> str:
        view = self._view
        if view is None:
            return t(strings.HELP_TITLE)
        shown = self._answer(view)
        if shown.answer is HelpAnswer.STAFF_COMING:
            return t(strings.HELP_STAFF_COMING)
        return t(strings.HELP_SPOKEN_CALL, t(HELP_SAYS[shown.answer]), shown.phone, shown.kiosk_id)


HELP_SAYS = {
    HelpAnswer.STAFF_COMING: strings.HELP_STAFF_COMING,
    HelpAnswer.STAFF_AT_WINDOW: strings.HELP_STAFF_AT_WINDOW,
    HelpAnswer.DUTY_PHONE: strings.HELP_DUTY_PHONE,
    HelpAnswer.HOTLINE_ONLY: strings.HELP_HOTLINE_ONLY,
}
