"""Page buttons for a list or a set of pictures that does not fit the screen: 上一页, where we are
(第 1 页，共 2 页 · 共 3 家), 下一页. Touch screens hide what lies below a scroll area's edge from
anyone who does not know to drag; a page turned by a button, with a count, hides nothing."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGridLayout, QWidget

from ui import strings
from ui.strings import t
from ui.theme import Theme
from ui.widgets.basic import Button, Label


def page_count(items: int, per_page: int) -> int:
    return max(1, -(-items // max(1, per_page)))


class Pager(QWidget):
    """上一页 · 第 x 页，共 y 页 (and what the list holds) · 下一页. Hidden when everything fits."""

    def __init__(self, on_page: Callable[[int], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Pager")
        self._on_page = on_page
        self.page = 0
        self.pages = 1
        # 上一页 · where · 下一页 on one line; where that is too narrow (English in 长辈模式 beside a
        # document), where we are stands above the two buttons.
        grid = self.row = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.previous = Button("secondary", lambda: self._turn(-1), self)
        self.previous.setObjectName("previousPage")
        self.where = Label("body", self)
        self.where.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.next = Button("secondary", lambda: self._turn(1), self)
        self.next.setObjectName("nextPage")
        self._stacked: bool | None = None
        self._place(stacked=False)

    def apply_theme(self, theme: Theme) -> None:
        self.row.setSpacing(theme.spacing_px(theme.sizes.gap))

    def _place(self, *, stacked: bool) -> None:
        if stacked == self._stacked:
            return
        self._stacked = stacked
        for widget in (self.previous, self.where, self.next):
            self.row.removeWidget(widget)
        if stacked:
            self.row.addWidget(self.where, 0, 0, 1, 3)
            self.row.addWidget(self.previous, 1, 0)
            self.row.addWidget(self.next, 1, 2)
        else:
            self.row.addWidget(self.previous, 0, 0)
            self.row.addWidget(self.where, 0, 1)
            self.row.addWidget(self.next, 0, 2)
        self.row.setColumnStretch(1, 1)

    def _one_line(self) -> int:
        """The width the buttons and where we are need side by side."""
        words = self.where.fontMetrics().horizontalAdvance(self.where.text())
        buttons = self.previous.sizeHint().width() + self.next.sizeHint().width()
        return buttons + words + 2 * self.row.spacing()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        # On one line, whatever the line it stands on now: a layout with the room gives it that.
        return QSize(self._one_line(), super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        # As narrow as the two buttons: where we are then goes above them.
        hint = super().minimumSizeHint()
        buttons = self.previous.sizeHint().width() + self.next.sizeHint().width() + 2 * self.row.spacing()
        return QSize(buttons, hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._place(stacked=self.width() < self._one_line())

    def show_pages(self, page: int, pages: int, total: str = "", *, where: str = "") -> None:
        """Page ``page`` (from 0) of ``pages``; ``total`` says what the whole list holds (共 3 家);
        ``where``, when given, says it in the list's own words (第 1–2 页，共 3 页 for a document)."""
        self.page, self.pages = page, pages
        where = where or t(strings.PAGE_OF, page + 1, pages)
        self.where.setText(t(strings.PAGE_OF_TOTAL, where, total) if total else where)
        self.previous.setText(t(strings.PAGE_PREVIOUS))
        self.next.setText(t(strings.PAGE_NEXT))
        self.previous.setEnabled(page > 0)
        self.next.setEnabled(page < pages - 1)
        self.setVisible(pages > 1)
        if self.width() > 0:
            self._place(stacked=self.width() < self._one_line())

    def _turn(self, step: int) -> None:
        page = min(max(0, self.page + step), self.pages - 1)
        if page != self.page:
            self._on_page(page)
