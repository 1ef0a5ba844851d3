"""The top bar: the kiosk's name, and the buttons that are there on every screen that needs them —
朗读 (normal mode), 长辈模式 and language (home screen only), 一键求助 (during a visit)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QIcon, QResizeEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QSizePolicy, QVBoxLayout, QWidget

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
    in English, an upright panel) it wraps onto as many lines as the bar's height holds, and a name
    that needs more is left out rather than shown cut."""

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
        self.setText(self.full_text)
        if self.width() <= 0 or self.height() <= 0:
            return  # not laid out yet: fitted when it is
        if self.heightForWidth(self.width()) > self.height():
            # More lines than the bar has room for beside the buttons: left out, never shown cut
            # ("City Service …" reads as another name). The attract screen and the hall's signs
            # carry it.
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
        self.buttons = (self.read_aloud, self.elderly, self.language, self.help)
        # One bar on a desk panel, where the name gives way to the buttons when they need its room;
        # on an upright panel, which has height to spare, the name keeps the first line to itself
        # when the buttons would leave it too little, and they wrap onto the lines below it.
        self.lines = QVBoxLayout(self)
        self.row = QHBoxLayout()
        self.row.addWidget(self.name, 1)
        self.row.addWidget(self.steps, 1)
        self.steps.hide()
        self.lines.addLayout(self.row)
        self.more_rows = [QHBoxLayout(), QHBoxLayout()]
        for row in self.more_rows:
            row.addStretch(1)
            self.lines.addLayout(row)
        self._placed: tuple[tuple[Button, ...], ...] = ()  # the buttons on each line

    def _toggle_elderly(self) -> None:
        if self._view is not None:
            self._intents.set_elderly(not self._view.elderly)

    def _toggle_language(self) -> None:
        if self._view is not None:
            self._intents.set_language("zh_CN" if self._view.language == "en" else "en")

    def apply_theme(self, theme: Theme) -> None:
        self._theme = theme
        side = theme.px(theme.sizes.margin)
        self.lines.setContentsMargins(side, theme.px(12), side, theme.px(12))
        self.lines.setSpacing(theme.spacing_px(20))
        for row in (self.row, *self.more_rows):
            row.setSpacing(theme.spacing_px(20))
        self.steps.apply_theme(theme)
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
        self._placed = ()
        self._arrange()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._arrange()

    def _arrange(self) -> None:
        """The buttons on the name's line if they leave it room, else on lines of their own."""
        theme = self._theme
        if theme is None:
            return
        shown = [button for button in self.buttons if not button.isHidden()]
        spacing = theme.spacing_px(20)
        room = self.width() - 2 * theme.px(theme.sizes.margin)
        widths = [button.sizeHint().width() + spacing for button in shown]
        if self.progress_shown:
            beside = self.steps.sizeHint().width()
        elif theme.upright:  # height to spare: the name whole on its own line rather than left out
            beside = self.name.fontMetrics().horizontalAdvance(self.name.full_text)
        else:  # a desk panel's height is the screens': the name gives way before the bar grows
            beside = 0
        lines: list[list[Button]] = [[]]
        if sum(widths) + beside > room:
            lines.append([])
            used = 0
            for button, width in zip(shown, widths, strict=True):
                if used + width > room + spacing and lines[-1] and len(lines) <= len(self.more_rows):
                    lines.append([])
                    used = 0
                lines[-1].append(button)
                used += width
        else:
            lines[0] = list(shown)
        # The hidden ones stay in the bar's first line (taking no room), ready to be shown.
        lines[0] += [button for button in self.buttons if button.isHidden()]
        placed = tuple(tuple(line) for line in lines)
        if placed != self._placed:
            self._placed = placed
            for button in self.buttons:
                for row in (self.row, *self.more_rows):
                    row.removeWidget(button)
            for button in lines[0]:
                self.row.addWidget(button)
            for row, line in zip(self.more_rows, lines[1:], strict=False):
                for button in line:
                    row.addWidget(button)
        heights = [button.sizeHint().height() for button in shown]
        tallest = max([theme.target_px(theme.sizes.header_height - 28), *heights])
        count = len(lines)
        height = 2 * theme.px(12) + count * tallest + (count - 1) * spacing
        self.setFixedHeight(max(theme.px(theme.sizes.header_height), height))

    @property
    def progress_shown(self) -> bool:
        return not self.steps.isHidden()

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
        self._arrange()
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
