"""Preview: the pages of the real PDF, tap one to see it large, choose the copies, print.

As many pages as fit side by side are shown; the others are turned to with 上一页/下一页, which say
which pages are shown of how many — nothing is reached only by dragging. Where a service prints one
copy (and always in 长辈模式, one decision per screen) there is no copies stepper at all.

The page images are the PNGs the renderer made from exactly the PDF that will print
(``view.preview.pages``), decoded once per document and dropped when the screen is left.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QEvent, QObject, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QBoxLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.journey import JourneyView
from kiosk.journey.view import PreviewView
from ui import strings
from ui.screens.base import Screen
from ui.strings import t
from ui.theme import Theme
from ui.widgets.basic import Button, Label, touch_scroll_area
from ui.widgets.pager import Pager, page_count

A4_RATIO = 297 / 210
ANY_SIZE = 16_777_215  # Qt's QWIDGETSIZE_MAX: no upper limit


class PageThumb(QAbstractButton):
    """One page, drawn as a sheet on the desk; tapping it opens it large."""

    def __init__(self, pixmap: QPixmap, index: int, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pixmap = pixmap
        self.index = index
        self.theme = theme
        self.setObjectName(f"page{index + 1}")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return self.size()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        c = self.theme.colours
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        shadow = self.theme.px(6)
        sheet = QRectF(0, 0, self.width() - shadow, self.height() - shadow)
        painter.fillRect(sheet.translated(shadow, shadow), QColor(0, 0, 0, 40))
        painter.fillRect(sheet, QColor("#FFFFFF"))
        if not self.pixmap.isNull():
            # Keep the page's proportions inside the sheet.
            scale = min(sheet.width() / self.pixmap.width(), sheet.height() / self.pixmap.height())
            target = QRectF(0, 0, self.pixmap.width() * scale, self.pixmap.height() * scale)
            target.moveCenter(sheet.center())
            painter.drawPixmap(target, self.pixmap, QRectF(self.pixmap.rect()))
        border = QColor(c.primary) if self.isDown() else QColor(c.border)
        painter.setPen(QPen(border, self.theme.px(3 if self.isDown() else 1)))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(sheet)
        painter.end()


class PageViewer(QWidget):
    """One page large, over the whole screen, scrolled by dragging; closed by its button or a tap."""

    def __init__(self, screen: PreviewScreen) -> None:
        super().__init__(screen)
        self.owner = screen
        self.setObjectName("PageViewer")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        layout = QVBoxLayout(self)
        self.layout_ = layout
        top = QHBoxLayout()
        self.caption = Label("heading", self)
        self.close_button = Button("primary", self.close_page, self)
        top.addWidget(self.caption, 1)
        top.addWidget(self.close_button)
        layout.addLayout(top)
        self.page = QLabel()
        self.page.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.page.setProperty("auditSkip", True)  # the page's own small print is the document, not the UI
        self.area = touch_scroll_area(self.page, self)
        layout.addWidget(self.area, 1)
        self.page.installEventFilter(self)
        self.source: QPixmap | None = None
        self.hide()

    def apply_theme(self, theme: Theme) -> None:
        px = theme.px
        margin = px(theme.sizes.margin)
        self.layout_.setContentsMargins(margin, px(32), margin, px(32))
        self.layout_.setSpacing(px(theme.sizes.gap))
        self.setStyleSheet(f"QWidget#PageViewer {{ background: {theme.colours.background}; }}")

    def open_page(self, pixmap: QPixmap, index: int, count: int) -> None:
        self.source = pixmap
        self.caption.setText(t(strings.PREVIEW_PAGE, index + 1, count))
        self.close_button.setText(t(strings.PREVIEW_CLOSE_PAGE))
        self.setGeometry(self.owner.rect())
        self.show()
        self.raise_()
        self._fit()
        self.area.verticalScrollBar().setValue(0)

    def _fit(self) -> None:
        if self.source is None or self.source.isNull():
            return
        width = min(self.area.viewport().width() - 8, self.owner.theme.px(1400))
        self.page.setPixmap(
            self.source.scaledToWidth(max(1, width), Qt.TransformationMode.SmoothTransformation)
        )

    def close_page(self) -> None:
        self.hide()
        self.page.clear()
        self.source = None

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.page and event.type() == QEvent.Type.MouseButtonRelease:
            self.close_page()  # a tap on the big page puts it back
            return True
        return False


class PreviewScreen(Screen):
    def build(self) -> None:
        self.title = self.label("title")
        self.column.addWidget(self.title)
        # The pages beside their choices on a desk panel; on an upright one, the pages above them.
        row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.row = row
        left = self.left = QVBoxLayout()
        self.strip = QWidget(self)
        self.strip_layout = QHBoxLayout(self.strip)
        self.strip_layout.setContentsMargins(0, 0, 0, 0)
        self.strip_layout.addStretch(1)
        self.strip.installEventFilter(self)
        # The pages follow the strip's size, never the other way round: the strip takes the room
        # the screen leaves it (pages left at an earlier, larger size must not hold it wide).
        self.strip.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.strip_layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.hint = self.label("caption")
        self.pager = Pager(self._turn_to, self)
        left.addWidget(self.strip, 1)
        left.addWidget(self.pager)
        left.addWidget(self.hint)
        row.addLayout(left, 1)

        self.side, side = self.panel()
        self.document = self.label("heading", personal=True)
        self.number = self.label("muted", personal=True)
        self.in_chinese = self.label("muted")
        self.copies_title = self.label("body")
        stepper = QHBoxLayout()
        self.fewer = self.button("key", lambda: self.intents.set_copies(self._copies - 1))
        self.fewer.setObjectName("fewer")
        self.count = self.label("title", centred=True)
        self.count.setObjectName("copies")
        self.more = self.button("key", lambda: self.intents.set_copies(self._copies + 1))
        self.more.setObjectName("more")
        stepper.addWidget(self.fewer)
        stepper.addWidget(self.count, 1)
        stepper.addWidget(self.more)
        self.limit = self.label("caption")
        self.stepper = QWidget(self.side)  # the copies: hidden where one copy is all there is
        stepper_column = QVBoxLayout(self.stepper)
        stepper_column.setContentsMargins(0, 0, 0, 0)
        moved: tuple[QWidget, ...] = (self.copies_title, self.limit, self.fewer, self.count, self.more)
        for widget in moved:
            widget.setParent(self.stepper)
        stepper_column.addWidget(self.copies_title)
        stepper_column.addLayout(stepper)
        stepper_column.addWidget(self.limit)
        side.addWidget(self.document)
        side.addWidget(self.number)
        side.addWidget(self.in_chinese)
        side.addStretch(1)
        side.addWidget(self.stepper)
        row.addWidget(self.side)
        self.column.addLayout(row, 1)
        self.end = self.button("secondary", self.intents.cancel)
        self.print_button = self.button("primary", self.intents.confirm_print)
        self.print_button.setObjectName("print")
        self.button_row(self.end, self.print_button)

        self.viewer = PageViewer(self)
        self.thumbs: list[PageThumb] = []
        self._pages_source: tuple[bytes, ...] | None = None
        self._pixmaps: list[QPixmap] = []
        self._copies = 1
        self.first_page = 0  # the first page shown in the strip
        self._per_page = 1

    def themed(self) -> None:
        px = self.theme.px
        self.pager.apply_theme(self.theme)
        self.row.setSpacing(px(self.theme.sizes.gap))
        self.strip_layout.setSpacing(px(self.theme.sizes.gap))
        if self.theme.upright:
            self.row.setDirection(QBoxLayout.Direction.TopToBottom)
            self.side.setMinimumWidth(0)
            self.side.setMaximumWidth(ANY_SIZE)
        else:
            self.row.setDirection(QBoxLayout.Direction.LeftToRight)
            self._fit_side()
        self.print_button.setStyleSheet(f"min-width: {px(360)}px;")
        key = self.theme.target_px(self.theme.sizes.button_height)
        for button in (self.fewer, self.more):
            button.setFixedSize(key, key)
        for thumb in self.thumbs:
            thumb.theme = self.theme
        self.viewer.apply_theme(self.theme)
        self._fit_pages()

    # -------------------------------------------------------------- pages
    def _set_pages(self, pages: tuple[bytes, ...]) -> None:
        if pages is self._pages_source:
            return
        self._clear_pages()
        self._pages_source = pages
        # The page widgets are kept and reused: a kiosk shows thousands of documents, and widgets
        # made and dropped per document would wait for deferred deletion to give their memory back.
        while len(self.thumbs) < len(pages):
            index = len(self.thumbs)
            thumb = PageThumb(QPixmap(), index, self.theme, self.strip)
            thumb.clicked.connect(partial(self.open_page, index))
            self.strip_layout.insertWidget(len(self.thumbs), thumb)
            self.thumbs.append(thumb)
        for index, data in enumerate(pages):
            pixmap = QPixmap()
            pixmap.loadFromData(data)  # a PNG; the format is read from its header
            self._pixmaps.append(pixmap)
            self.thumbs[index].pixmap = pixmap
        self.first_page = 0
        self._fit_pages()

    def _clear_pages(self) -> None:
        self.viewer.close_page()
        for thumb in self.thumbs:
            thumb.pixmap = QPixmap()
            thumb.hide()
        self._pixmaps.clear()
        self._pages_source = None

    @property
    def shown_pages(self) -> list[PageThumb]:
        return [thumb for thumb in self.thumbs if not thumb.pixmap.isNull()]

    def _fit_pages(self) -> None:
        """Pages as tall as the strip; as many side by side as fit; the pager for the rest."""
        height = self.strip.height() - self.theme.px(8)
        count = len(self._pixmaps)
        if height > 0 and self.strip.width() > 0:
            width = min(round(height / A4_RATIO) + self.theme.px(6), self.strip.width())
            height = min(height, round((width - self.theme.px(6)) * A4_RATIO))
            for thumb in self.thumbs:
                thumb.setFixedSize(width, height)
            gap = self.theme.px(self.theme.sizes.gap)
            self._per_page = max(1, (self.strip.width() + gap) // (width + gap))
        per_page = self._per_page
        pages = page_count(count, per_page)
        self.first_page = min(self.first_page, (pages - 1) * per_page)
        last = min(count, self.first_page + per_page)
        for index, thumb in enumerate(self.thumbs):
            thumb.setVisible(self.first_page <= index < last and index < count)
        if last - self.first_page > 1:
            where = t(strings.PREVIEW_PAGES_SHOWN, self.first_page + 1, last, count)
        else:
            where = t(strings.PREVIEW_PAGE, self.first_page + 1, count)
        shown = self.pager.isVisibleTo(self)
        self.pager.show_pages(self.first_page // per_page, pages, where=where)
        if self.pager.isVisibleTo(self) != shown:
            # Shown or hidden from inside a layout pass (the strip's resize): the nested layout keeps
            # the minimum size it had, and a hidden pager's would hold the window wide.
            QTimer.singleShot(0, self, self.left.invalidate)

    def _turn_to(self, page: int) -> None:
        self.first_page = page * self._per_page
        self.intents.touch()  # turning a page is the citizen acting: the idle time starts again
        self._fit_pages()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.strip and event.type() == QEvent.Type.Resize:
            self._fit_pages()
        return False

    def _fit_side(self) -> None:
        """Beside the pages, the choices take their width (560 px on the reference panel), or what
        the page buttons would leave on a narrow panel; wider on a short one, where their words
        would need more lines than its height holds. Nothing here depends on how the pages fell
        (whether the page buttons show), so one layout pass settles it."""
        if self.theme.upright or self.width() <= 0:
            return
        px = self.theme.px
        margins = self.column.contentsMargins()
        width = self.width() - margins.left() - margins.right()
        widest = max(px(360), width - self.pager.minimumSizeHint().width() - self.row.spacing())
        side = max(px(360), min(px(640 if self.theme.elderly else 560), widest))
        buttons = max(self.end.sizeHint().height(), self.print_button.sizeHint().height())
        title = self.title.heightForWidth(width)
        room = self.height() - margins.top() - margins.bottom() - title - buttons - 2 * self.column.spacing()
        layout = self.side.layout()
        while side + px(40) <= widest and layout is not None and layout.totalHeightForWidth(side) > room:
            side += px(40)
        self.side.setFixedWidth(side)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit_side()
        if self.viewer.isVisible():
            self.viewer.setGeometry(self.rect())

    def open_page(self, index: int) -> None:
        if 0 <= index < len(self._pixmaps):
            self.viewer.open_page(self._pixmaps[index], index, len(self._pixmaps))

    # -------------------------------------------------------------- the view
    def show_view(self, view: JourneyView) -> None:
        self.title.setText(t(strings.PREVIEW_TITLE))
        self.end.setText(t(strings.END_SESSION))
        self.copies_title.setText(t(strings.PREVIEW_COPIES))
        self.fewer.setText("−")
        self.fewer.setAccessibleName(t(strings.PREVIEW_FEWER))
        self.more.setText("+")
        self.more.setAccessibleName(t(strings.PREVIEW_MORE))
        preview = view.step_as(PreviewView)
        if preview is None:
            self._clear_pages()
            for label in (self.document, self.number, self.limit, self.count, self.hint):
                label.clear()
            self.print_button.setEnabled(False)
            return
        self._set_pages(preview.pages)
        self.hint.setText(
            f"{strings.preview_pages(len(preview.pages))} · {t(strings.PREVIEW_TAP_TO_ENLARGE)}"
        )
        self._fit_pages()
        self.stepper.setVisible(preview.copy_limit > 1)
        english = view.language == "en" and view.service is not None
        # The document's own title is Chinese; in English the service's English title, and a line
        # saying the document itself is issued in Chinese.
        self.document.setText(strings.service_title(view.service, "en") if english else preview.title)
        self.in_chinese.setText(t(strings.PREVIEW_IN_CHINESE))
        self.in_chinese.setVisible(english)
        self.number.setText(t(strings.PREVIEW_NUMBER, preview.number))
        self._copies = preview.copies
        self.count.setText(str(preview.copies))
        self.limit.setText(t(strings.PREVIEW_COPY_LIMIT, preview.copy_limit))
        self.fewer.setEnabled(preview.copies > 1)
        self.more.setEnabled(preview.copies < preview.copy_limit)
        self.print_button.setEnabled(True)
        self.print_button.setText(t(strings.PREVIEW_PRINT, preview.copies))
        if self.viewer.isVisible():
            self.viewer.close_button.setText(t(strings.PREVIEW_CLOSE_PAGE))
        self._fit_side()  # the page buttons' words are longer in English

    def spoken(self, view: JourneyView) -> str:
        return t(strings.PREVIEW_SPOKEN)

    def wipe(self) -> None:
        super().wipe()
        self._clear_pages()  # the document's pages go with the screen
        self.count.clear()
