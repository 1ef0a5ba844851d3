"""The diagnostics screen's report, line by line: a section (a heading and its lines) and a line
(a mark that is a shape — a tick or a cross in a ring — what it is about, its word, what to know)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QGridLayout, QSizePolicy, QVBoxLayout, QWidget

from ui.theme import Theme
from ui.widgets.basic import Label, Panel


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a section. ``ok``: True (tick, 正常), False (cross, 故障), None (no mark)."""

    ok: bool | None
    name: str
    word: str = ""
    detail: str = ""
    note: str = ""


class ReadyMark(QWidget):
    """A tick in a ring (ready) or a cross in a ring (not): readable without the colour."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme
        self.ok: bool | None = None
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        policy = QSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        policy.setRetainSizeWhenHidden(True)  # a line without a mark stays in line with the others
        self.setSizePolicy(policy)
        self.apply_theme(theme)

    def apply_theme(self, theme: Theme) -> None:
        self.theme = theme
        side = theme.px(40)
        self.setFixedSize(side, side)
        self.update()

    def set_ok(self, ok: bool | None) -> None:
        self.ok = ok
        self.setVisible(ok is not None)
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        side = self.theme.px(40)
        return QSize(side, side)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        if self.ok is None:
            return
        c = self.theme.colours
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        side = float(min(self.width(), self.height()))
        painter.scale(side / 100, side / 100)
        pen = QPen(QColor(c.success if self.ok else c.danger), 9)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.drawEllipse(QRectF(6, 6, 88, 88))
        if self.ok:
            painter.drawPolyline([QPointF(30, 52), QPointF(44, 66), QPointF(70, 36)])
        else:
            painter.drawLine(34, 34, 66, 66)
            painter.drawLine(66, 34, 34, 66)
        painter.end()


class StatusLine(QWidget):
    """A line of the report: mark, what it is about, its word (正常 / 故障 …), then what to know."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mark = ReadyMark(theme, self)
        self.name = Label("strong", self)
        self.word = Label("strong", self, wrap=False)
        self.detail = Label("body", self)
        self.detail.setProperty("personal", True)  # a card test's masked number: cleared on leaving
        self.note = Label("caption", self)
        for label in (self.detail, self.note):
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        grid = self.grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.mark, 0, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.name, 0, 1)
        grid.addWidget(self.word, 0, 2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.detail, 1, 1, 1, 2)
        grid.addWidget(self.note, 2, 1, 1, 2)
        grid.setColumnStretch(1, 1)
        self.apply_theme(theme)

    def apply_theme(self, theme: Theme) -> None:
        self.mark.apply_theme(theme)
        self.grid.setHorizontalSpacing(theme.px(16))
        self.grid.setVerticalSpacing(theme.px(4))

    def show_line(self, line: Line) -> None:
        self.mark.set_ok(line.ok)
        self.name.setText(line.name)
        self.word.setText(line.word)
        self.word.set_role("strong" if line.ok is None else "success" if line.ok else "danger")
        self.word.setVisible(bool(line.word))
        self.detail.setText(line.detail)
        self.detail.setVisible(bool(line.detail))
        self.note.setText(line.note)
        self.note.setVisible(bool(line.note))

    def clear(self) -> None:
        for label in (self.name, self.word, self.detail, self.note):
            label.clear()
        self.mark.set_ok(None)


class Section(Panel):
    """A heading and its lines (or one sentence when there are none)."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__("surface", parent)
        self.theme = theme
        self.heading = Label("heading", self)
        self.empty = Label("muted", self)
        self.lines: list[StatusLine] = []
        layout = self.layout_ = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.empty)
        self.lines_layout = QVBoxLayout()
        self.lines_layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.lines_layout)
        # As tall as its lines at the width it gets (a heading wraps on a narrow panel); the column's
        # stretch below takes what is left.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.apply_theme(theme)

    def apply_theme(self, theme: Theme) -> None:
        self.theme = theme
        pad = theme.px(32)
        self.layout_.setContentsMargins(pad, pad, pad, pad)
        self.layout_.setSpacing(theme.px(16))
        self.lines_layout.setSpacing(theme.px(20))
        for line in self.lines:
            line.apply_theme(theme)

    def show_lines(self, heading: str, lines: Sequence[Line], empty: str = "") -> None:
        self.heading.setText(heading)
        while len(self.lines) < len(lines):
            widget = StatusLine(self.theme, self)
            self.lines_layout.addWidget(widget)
            self.lines.append(widget)
        for index, widget in enumerate(self.lines):
            if index < len(lines):
                widget.show_line(lines[index])
                widget.show()
            else:
                widget.clear()  # a shorter list: nothing of the earlier one stays behind, hidden or not
                widget.hide()
        self.empty.setText(empty if not lines else "")
        self.empty.setVisible(not lines and bool(empty))
