"""长辈模式: "要结束本次办理吗？" before a visit is ended — one tap on 结束办理 must not throw away a
visit by mistake. The journey asks (``JourneyView.confirm_end``); this shows the question with the
layout of every screen: 结束办理 bottom left (secondary), 继续办理 bottom right (primary)."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QWidget

from kiosk.journey import JourneyView
from ui import strings
from ui.intents import Intents
from ui.strings import t
from ui.widgets.basic import Button, Label
from ui.widgets.overlays import Overlay


class EndConfirmOverlay(Overlay):
    def __init__(self, parent: QWidget, intents: Intents) -> None:
        super().__init__(parent)
        self.setObjectName("EndConfirm")
        self.title = Label("title", self.card)
        self.body = Label("body", self.card)
        self.end = Button("secondary", intents.cancel, self.card)
        self.end.setObjectName("confirmEnd")
        self.keep = Button("primary", intents.keep_going, self.card)
        self.keep.setObjectName("keepGoing")
        self.inner.addWidget(self.title)
        self.inner.addWidget(self.body)
        row = QHBoxLayout()
        row.addWidget(self.end)
        row.addStretch(1)
        row.addWidget(self.keep)
        self.inner.addLayout(row)

    def show_view(self, view: JourneyView) -> None:
        if not view.confirm_end:
            self.present(False)
            return
        self.title.setText(t(strings.END_CONFIRM_TITLE))
        self.body.setText(t(strings.END_CONFIRM_BODY))
        self.end.setText(t(strings.END_SESSION))
        self.keep.setText(t(strings.KEEP_GOING))
        self.present(True)

    def spoken(self) -> str:
        return f"{t(strings.END_CONFIRM_TITLE)}{t(strings.END_CONFIRM_BODY)}"
