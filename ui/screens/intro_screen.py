"""The service intro: what the citizen needs, and the consent text, before anything is read. A 补打
visit says what it prints, and that the card must be the one that printed it."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.journey import JourneyView
from ui import reprint_strings, strings
from ui.screens.base import Screen
from ui.strings import t
from ui.widgets.basic import Label, touch_scroll_area


class IntroScreen(Screen):
    def build(self) -> None:
        self.title = self.label("title")
        self.service = self.label("heading")
        panel, inner = self.panel()
        self.need = Label("body", panel)
        text = QWidget()
        text_layout = QVBoxLayout(text)
        text_layout.setContentsMargins(0, 0, 0, 0)
        self.consent = Label("body", text)
        text_layout.addWidget(self.consent)
        text_layout.addStretch(1)
        inner.addWidget(self.need)
        inner.addWidget(touch_scroll_area(text, panel), 1)
        self.back_button = self.button("secondary", self.intents.cancel)  # 结束办理, as everywhere
        self.agree = self.button("primary", self.intents.accept_consent)
        self.column.addWidget(self.title)
        self.column.addWidget(self.service)
        self.column.addWidget(panel, 1)
        self.button_row(self.back_button, self.agree)

    def show_view(self, view: JourneyView) -> None:
        service = view.service
        self.title.setText(t(strings.INTRO_TITLE))
        title = strings.service_title(service, view.language) if service else ""
        if view.reprint is not None:  # 补打: the sheets not printed, with the card that printed them
            self.service.setText(t(reprint_strings.INTRO_REPRINT, title, view.reprint.sheets))
        else:
            self.service.setText(t(strings.INTRO_SERVICE, title) if service else "")
        face = service is None or service.face_check
        if view.reprint is not None:
            need = reprint_strings.NEED_SAME_CARD if face else reprint_strings.NEED_SAME_CARD_NO_FACE
        elif not face:
            need = strings.INTRO_NEED_NO_FACE
        elif service is not None and service.identity == "id_or_social_security":
            need = strings.INTRO_NEED_SOCIAL
        else:
            need = strings.INTRO_NEED
        self.need.setText(t(need))
        self.consent.setText(t(strings.INTRO_CONSENT))
        self.back_button.setText(t(strings.END_SESSION))
        self.agree.setText(t(strings.INTRO_AGREE))

    def spoken(self, view: JourneyView) -> str:
        return t(strings.INTRO_SPOKEN)
