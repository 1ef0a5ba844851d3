"""The Screen base class: state in, intents out (STYLE.md rule 3).

A screen is built once (``build``) and then shown many times: every call of
``show_view(view)`` sets *every* text and value on it from the
:class:`~kiosk.journey.JourneyView` alone, so a screen never shows what it
showed for an earlier view or an earlier citizen. Taps call the citizen's
intents on ``self.intents``; the journey answers with a new view.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QVBoxLayout, QWidget

from ui.intents import Intents
from ui.theme import Theme
from ui.widgets.basic import Button, Label, Panel

if TYPE_CHECKING:
    from kiosk.config import KioskConfig
    from kiosk.journey.view import JourneyView


@dataclass
class ScreenContext:
    """What every screen is given: where to send intents, the configuration, the current theme."""

    intents: Intents
    config: KioskConfig
    theme: Theme


class Screen(QWidget):
    """Base of every screen. Subclasses implement :meth:`build`, :meth:`show_view` and :meth:`spoken`."""

    painted = Signal()
    """Emitted after each paint (start-up timing and the UI bench)."""

    def __init__(self, context: ScreenContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.intents = context.intents
        self.config = context.config
        self.theme = context.theme
        self.setObjectName(type(self).__name__)
        self.setProperty("screen", True)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.column = QVBoxLayout(self)
        self.build()
        self.apply_theme(context.theme)

    # ---------------------------------------------------------------- what a screen implements
    def build(self) -> None:
        """Create the widgets (no texts yet: those come from the view in :meth:`show_view`)."""

    def show_view(self, view: JourneyView) -> None:
        """Set every text and value from ``view``. Called for every new view while shown."""
        raise NotImplementedError

    def spoken(self, view: JourneyView) -> str:
        """The screen's instruction, read aloud (elderly mode: on arrival; normal: the 朗读 button).

        One or two short sentences in the current language, from ui.strings. Empty: nothing to say.
        """
        return ""

    def themed(self) -> None:
        """Called after the theme changed (sizes that are not in the style sheet: icons, grids)."""

    def wipe(self) -> None:
        """Forget anything personal shown (called when the screen is left). Default: clear labels."""
        for label in self.findChildren(Label):
            if label.property("personal"):
                label.clear()

    # ---------------------------------------------------------------- the frame
    def apply_theme(self, theme: Theme) -> None:
        self.theme = theme
        margin = theme.px(theme.sizes.margin)
        self.column.setContentsMargins(margin, theme.px(40), margin, margin)
        self.column.setSpacing(theme.px(theme.sizes.gap))
        self.themed()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        super().paintEvent(event)
        self.painted.emit()

    # ---------------------------------------------------------------- helpers that keep screens short
    def label(self, role: str = "body", *, personal: bool = False, centred: bool = False) -> Label:
        """A new label (not yet placed). ``personal``: cleared by :meth:`wipe` when the screen is left."""
        label = Label(role, self)
        if personal:
            label.setProperty("personal", True)
        if centred:
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        return label

    def button(self, kind: str, on_click: Callable[[], object]) -> Button:
        return Button(kind, on_click, self)

    def panel(self, kind: str = "surface") -> tuple[Panel, QVBoxLayout]:
        panel = Panel(kind, self)
        inner = QVBoxLayout(panel)
        pad = self.theme.px(36)
        inner.setContentsMargins(pad, pad, pad, pad)
        inner.setSpacing(self.theme.px(self.theme.sizes.gap))
        return panel, inner

    def button_row(self, *buttons: QWidget, layout: QBoxLayout | None = None) -> QHBoxLayout:
        """The bottom row, by the one rule of every screen: leaving or going back (a ``secondary``
        button: 结束办理, 跳过评价, 不用) at the bottom left; going on (the ``primary`` button, the
        last) at the bottom right — so the same corner never means "continue" on one screen and
        "end the visit" on the next."""
        row = QHBoxLayout()
        row.setSpacing(self.theme.px(self.theme.sizes.gap))
        leaving: list[QWidget] = [b for b in buttons if isinstance(b, Button) and b.kind == "secondary"]
        for widget in leaving:
            row.addWidget(widget)
        row.addStretch(1)
        for widget in buttons:
            if widget not in leaving:
                row.addWidget(widget)
        (layout or self.column).addLayout(row)
        return row
