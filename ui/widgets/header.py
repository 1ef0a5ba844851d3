"""The top bar: the kiosk's name, and the buttons that are there on every screen that needs them —
朗读 (normal mode), 长辈模式 and language (home screen only), 一键求助 (during a visit)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QIcon, QResizeEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QSizePolicy, QWidget

from kiosk.config import KioskConfig
from kiosk.journey import JourneyState, JourneyView
from ui import strings
from ui.intents import Intents
from ui.strings import t
from ui.theme import Theme
from ui.widgets.basic import Button, Label
from ui.widgets.icons import icon_pixmap
from ui.widgets.step_bar import StepBar

S = JourneyState
# Where the help button is offered: wherever a citizen may be stuck (the technician's diagnostics
# screen has no header at all).
HELP_STATES = frozenset(JourneyState) - {S.ATTRACT, S.OUT_OF_SERVICE, S.DIAGNOSTICS}


class KioskName(Label):
    """The kiosk's name in the header. It gives way to the buttons: when the header is full (长辈模式
    in English) it wraps onto a second line, and a name too long even for two lines is left out
    rather than shown cut."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("body", parent, wrap=True)
        self.full_text = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def set_name(self, text: str) -> None:
        self.full_text = text
        self.setProperty("auditFullText", text)  # shortened with "…" is cut: the audit says so
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit()  # 长辈模式's style sheet: a larger font

    def _fit(self) -> None:
        metrics = self.fontMetrics()
        if self.width() <= 0 or metrics.horizontalAdvance(self.full_text) <= 2 * self.width():
            self.setText(self.full_text)  # one line, or two
        else:
            # Too long even for two lines beside the buttons: left out, never shown cut ("City
            # Service …" reads as another name). The attract screen and the hall's signs carry it.
            self.setText("")


class Header(QFrame):
    def __init__(
        self,
        intents: Intents,
        config: KioskConfig,
        read_aloud: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("Header")
        self._intents = intents
        self._config = config
        self._view: JourneyView | None = None
        self._theme: Theme | None = None
        self.name = KioskName(self)
        self.steps = StepBar(Theme.for_panel(config.kiosk.panel), self)  # in the name's place during a visit
        self.read_aloud = Button("header", read_aloud, self)
        self.elderly = Button("header", self._toggle_elderly, self)
        self.elderly.setCheckable(True)
        self.language = Button("header", self._toggle_language, self)
        self.help = Button("help", intents.request_help, self)
        row = self.row = QHBoxLayout(self)
        row.addWidget(self.name, 1)
        row.addWidget(self.steps, 1)
        self.steps.hide()
        for button in (self.read_aloud, self.elderly, self.language, self.help):
            row.addWidget(button)

    def _toggle_elderly(self) -> None:
        if self._view is not None:
            self._intents.set_elderly(not self._view.elderly)

    def _toggle_language(self) -> None:
        if self._view is not None:
            self._intents.set_language("zh_CN" if self._view.language == "en" else "en")

    def apply_theme(self, theme: Theme) -> None:
        self._theme = theme
        side = theme.px(theme.sizes.margin)
        self.row.setContentsMargins(side, theme.px(12), side, theme.px(12))
        self.row.setSpacing(theme.px(20))
        self.steps.apply_theme(theme)
        self.setFixedHeight(theme.px(theme.sizes.header_height))
        icon = theme.px(theme.sizes.button)
        for button, name in (
            (self.read_aloud, "speaker"),
            (self.elderly, "elderly"),
            (self.language, "language"),
            (self.help, "help"),
        ):
            button.setIcon(QIcon(icon_pixmap(name, icon * 2, theme.colours.on_header)))
            button.setIconSize(QSize(icon, icon))
        self._restyle_checked()

    def _restyle_checked(self) -> None:
        # The checked 长辈模式 button is white: its icon turns the header's colour.
        theme = self._theme
        if theme is None:
            return
        colour = theme.colours.header if self.elderly.isChecked() else theme.colours.on_header
        size = theme.px(theme.sizes.button)
        self.elderly.setIcon(QIcon(icon_pixmap("elderly", size * 2, colour)))

    def show_view(self, view: JourneyView) -> None:
        self._view = view
        identity = self._config.kiosk
        self.name.set_name(strings.kiosk_text(identity, "name", view.language))
        at_home = view.state is S.HOME
        # 长辈模式 speaks each screen by itself; 再听一遍 says it again for whoever missed it.
        self.read_aloud.setText(t(strings.READ_AGAIN if view.elderly else strings.READ_ALOUD))
        self.read_aloud.setVisible(view.state in HELP_STATES)
        self.steps.show_progress(view.progress)
        self.name.setVisible(view.progress is None)
        self.elderly.setText(t(strings.ELDERLY_MODE_OFF if view.elderly else strings.ELDERLY_MODE))
        self.elderly.setChecked(view.elderly)
        self.elderly.setVisible(at_home)
        self.language.setText(
            t(strings.SWITCH_TO_CHINESE if view.language == "en" else strings.SWITCH_TO_ENGLISH)
        )
        self.language.setVisible(at_home)
        self.help.setText(t(strings.ASK_FOR_HELP))
        self.help.setVisible(view.state in HELP_STATES)
        self._restyle_checked()
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
