"""The notice screen: what happened and what to do — every refusal, fault and timeout ends here.

The first line says what happened (per NoticeReason), the second names the device
or source and its state when there is one ("A4 打印机缺纸"), or the card's problem;
then what to do, and the reprint code when a print job was cut short.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.journey import JourneyView
from kiosk.journey.states import Notice, NoticeReason
from kiosk.journey.view import NoticeView
from ui import reprint_strings, strings
from ui.screens.base import Screen
from ui.strings import t
from ui.widgets.basic import Label, touch_scroll_area
from ui.widgets.icons import icon_pixmap

R = NoticeReason
# Reasons whose notice names a device or source in its state.
_NAMES_PART = {R.DEVICE_FAULT, R.SOURCE_FAULT, R.PRINT_FAILED}


def detail_of(notice: Notice) -> str:
    """The second line: the card's problem, or the device in its state; empty when there is none."""
    if notice.reason is R.CARD_REFUSED:
        return strings.card_problem(notice.card_problem)
    if notice.reason in _NAMES_PART and notice.part is not None:
        return strings.status_sentence(notice.part, notice.status)
    return ""


class NoticeScreen(Screen):
    def build(self) -> None:
        head = QHBoxLayout()
        self.icon = QLabel(self)
        self.what = self.label("title")
        head.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        head.addWidget(self.what, 1)
        head.setSpacing(self.theme.px(32))
        panel, inner = self.panel("warning")
        self.detail = Label("heading", panel)
        self.to_do_caption = Label("muted", panel)
        self.to_do = Label("body", panel)
        for widget in (self.detail, self.to_do_caption, self.to_do):
            inner.addWidget(widget)
        # The reprint code sits in the same panel as what to do with it.
        self.code_panel = QWidget(panel)
        code_row = QHBoxLayout(self.code_panel)
        code_row.setContentsMargins(0, 0, 0, 0)
        self.code_caption = Label("heading", self.code_panel, wrap=False)
        self.code = Label("code", self.code_panel, wrap=False)
        code_row.addWidget(self.code_caption)
        code_row.addWidget(self.code)
        code_row.addStretch(1)
        inner.addWidget(self.code_panel)
        self.slip = Label("body", panel)  # the code on its slip, or: take a photo of it
        self.sheets = Label("heading", panel)  # the pages that came out before the fault
        inner.addWidget(self.slip)
        inner.addWidget(self.sheets)
        self.wiped = self.label("muted")
        self.close_button = self.button("primary", self.intents.dismiss)
        self.column.addLayout(head)
        # What happened and what to do: on a short panel in 长辈模式 it can need more lines than the
        # screen has; then it scrolls, with its scroll bar showing that there is more.
        holder = QWidget(self)
        held = QVBoxLayout(holder)
        held.setContentsMargins(0, 0, 0, 0)
        held.addWidget(panel)
        held.addStretch(1)  # the panel as tall as its words, at the top
        self.column.addWidget(touch_scroll_area(holder, self), 1)
        # "Your details have been erased" beside 完成, not on a line of its own: a short panel (5:4,
        # 15.6") has no line to spare under a long notice.
        row = self.button_row(self.close_button)
        row.insertWidget(0, self.wiped, 1)

    def themed(self) -> None:
        self.icon.setPixmap(icon_pixmap("warning", self.theme.px(96), self.theme.colours.danger))

    def show_view(self, view: JourneyView) -> None:
        notice = _notice(view)
        self.what.setText(t(strings.NOTICE_WHAT[notice.reason]))
        detail = detail_of(notice)
        self.detail.setText(detail)
        # 长辈模式 with a reprint code: the code and what to do with it take the room; which device
        # failed is for the technician (the diagnostics screen), not a line more to read.
        self.detail.setVisible(bool(detail) and not (view.elderly and notice.reprint_code))
        self.to_do_caption.setText(t(strings.NOTICE_WHAT_TO_DO))
        self.to_do_caption.setVisible(not view.elderly)  # 长辈模式: fewer lines, the same sentences
        self.to_do.setText(t(strings.NOTICE_DO[notice.reason]))
        code = notice.reprint_code
        self.code_caption.setText(t(reprint_strings.NOTICE_CODE))
        self.code.setText(code or "")
        self.code_panel.setVisible(bool(code))
        self.slip.setText(
            t(
                reprint_strings.NOTICE_SLIP_PRINTED
                if notice.reprint_slip
                else reprint_strings.NOTICE_SLIP_MISSING
            )
        )
        self.slip.setVisible(bool(code))
        self.sheets.setText(t(strings.NOTICE_SHEETS_OUT, notice.sheets_printed))
        self.sheets.setVisible(notice.sheets_printed > 0)
        self.wiped.setText(t(strings.NOTICE_WIPED))
        self.close_button.setText(t(strings.DONE))

    def spoken(self, view: JourneyView) -> str:
        notice = _notice(view)
        return t(
            strings.NOTICE_SPOKEN, t(strings.NOTICE_WHAT[notice.reason]), t(strings.NOTICE_DO[notice.reason])
        )


def _notice(view: JourneyView) -> Notice:
    shown = view.step_as(NoticeView)
    return shown.notice if shown is not None else Notice(R.INTERNAL_ERROR)
