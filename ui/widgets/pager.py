"""Page buttons for a list or a set of pictures that does not fit the screen: 上一页, where we are
(第 1 页，共 2 页 · 共 3 家), 下一页. Touch screens hide what lies below a scroll area's edge from
anyone who does not know to drag; a page turned by a button, with a count, hides nothing."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QWidget

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
        row = self.row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.previous = Button("secondary", lambda: self._turn(-1), self)
        self.previous.setObjectName("previousPage")
        self.where = Label("body", self)  # wraps rather than squeeze the buttons on a narrow panel
        self.where.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.next = Button("secondary", lambda: self._turn(1), self)
        self.next.setObjectName("nextPage")
        row.addWidget(self.previous)
        row.addWidget(self.where, 1)
        row.addWidget(self.next)

    def apply_theme(self, theme: Theme) -> None:
        self.row.setSpacing(theme.px(theme.sizes.gap))

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

    def _turn(self, step: int) -> None:
        page = min(max(0, self.page + step), self.pages - 1)
        if page != self.page:
            self._on_page(page)
