"""The small pieces every screen is made of: a text label with a role, a button with a kind,
a panel, and a scroll area that scrolls by dragging a finger (QScroller)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QScroller,
    QSizePolicy,
    QWidget,
)

from ui.widgets.taps import keep_taps

# Roles a label can have (theme.stylesheet gives each its size and colour).
ROLES = ("title", "heading", "body", "strong", "muted", "caption", "danger", "success", "code")
# Kinds a button can have.
KINDS = ("primary", "secondary", "danger", "header", "help", "tile", "key")


class Label(QLabel):
    """A text with a role (title, heading, body, strong, muted, caption, danger, success, code).
    Wraps by default."""

    def __init__(self, role: str = "body", parent: QWidget | None = None, *, wrap: bool = True) -> None:
        super().__init__(parent)
        if role not in ROLES:
            raise ValueError(f"unknown text role {role!r}")
        self.setProperty("role", role)
        self.setWordWrap(wrap)
        self.setTextFormat(Qt.TextFormat.PlainText)  # citizens' data is never interpreted as markup
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)

    @property
    def role(self) -> str:
        return str(self.property("role"))

    def set_role(self, role: str) -> None:
        """Another role (a status word turning from 正常 to 故障): the style sheet is applied again."""
        if role not in ROLES:
            raise ValueError(f"unknown text role {role!r}")
        if role != self.role:
            self.setProperty("role", role)
            self.style().unpolish(self)
            self.style().polish(self)


class Button(QPushButton):
    """A touch button of a kind (primary, secondary, danger …); its label starts with a verb."""

    def __init__(
        self,
        kind: str = "secondary",
        on_click: Callable[[], object] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        if kind not in KINDS:
            raise ValueError(f"unknown button kind {kind!r}")
        self.setProperty("kind", kind)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # touch only: no focus rectangles
        self.setAutoDefault(False)
        self.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        if on_click is not None:
            self.clicked.connect(lambda _checked=False: on_click())

    @property
    def kind(self) -> str:
        return str(self.property("kind"))


class Panel(QFrame):
    """A rounded card: ``surface`` (white) or ``warning`` (the notice screen's amber)."""

    def __init__(self, kind: str = "surface", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("panel", kind)


def centred(widget: QWidget) -> QHBoxLayout:
    """A row with ``widget`` in its middle. Not an alignment flag: an aligned widget gets its size
    hint's height, too short once its text wraps to more lines (English, 长辈模式)."""
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(widget)
    row.addStretch(1)
    return row


def touch_scroll_area(content: QWidget, parent: QWidget | None = None) -> QScrollArea:
    """A scroll area that scrolls by dragging (kinetic, QScroller). When its content does not fit,
    a wide scroll bar shows beside it: the cue that there is more below, for a citizen who would
    not think of dragging (its handle is there to see, not to aim at)."""
    area = QScrollArea(parent)
    area.setWidget(content)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    # Shown, not aimed at: a drag anywhere scrolls, so the bar takes no taps (nor needs a touch size).
    area.verticalScrollBar().setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
    area.viewport().setAutoFillBackground(False)
    content.setAutoFillBackground(False)
    QScroller.grabGesture(area.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)
    keep_taps(area)  # the scroller keeps the press of a tap: hand the tap to the button under it
    return area
