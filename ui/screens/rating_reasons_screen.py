"""A poor rating: why (the configuration's reasons, several may be chosen), then send it — or send it
and ask for a call back. Leaving without a reason still keeps the level given."""

from __future__ import annotations

from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGridLayout

from kiosk.journey import JourneyView
from kiosk.journey.view import RatingReasonsView
from ui import rating_strings
from ui.screens.base import Screen
from ui.strings import t
from ui.widgets.basic import Button

COLUMNS = 3  # at most; fewer where the reasons' words do not fit side by side (a narrow panel)
CHOSEN_MARK = "✓ "  # a chosen reason shows a tick, not only another colour


class RatingReasonsScreen(Screen):
    def build(self) -> None:
        self.title = self.label("title")
        self.body = self.label("muted")
        self.grid = QGridLayout()
        self.reasons: dict[str, Button] = {}
        self._columns = 0
        self.column.addWidget(self.title)
        self.column.addWidget(self.body)
        self.column.addLayout(self.grid)
        self.column.addStretch(1)
        self.callback = self.button("secondary", lambda: self.intents.submit_reasons(True))
        self.send = self.button("primary", lambda: self.intents.submit_reasons(False))
        self.button_row(self.callback, self.send)
        for reason in self.config.rating.reasons:  # every reason's button, built once with the screen
            self._button(reason.value)

    def themed(self) -> None:
        self.grid.setSpacing(self.theme.px(self.theme.sizes.gap))
        self._arrange()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._arrange()

    def _arrange(self) -> None:
        """As many columns as the widest reason allows, up to three."""
        margins = self.column.contentsMargins()
        width = self.width() - margins.left() - margins.right()
        gap = self.grid.spacing()
        widest = max((button.sizeHint().width() for button in self.reasons.values()), default=1)
        columns = max(1, min(COLUMNS, (width + gap) // (widest + gap)))
        if columns == self._columns:
            return
        self._columns = columns
        for index, button in enumerate(self.reasons.values()):
            self.grid.removeWidget(button)
            self.grid.addWidget(button, index // columns, index % columns)

    def _button(self, reason: str) -> Button:
        button = self.reasons.get(reason)
        if button is None:
            button = Button("secondary", lambda: self.intents.toggle_reason(reason), self)
            button.setObjectName(f"reason_{reason}")
            self.reasons[reason] = button
            self._columns = 0
        return button

    def show_view(self, view: JourneyView) -> None:
        shown = view.step_as(RatingReasonsView)
        offered = shown.offered if shown else ()
        chosen = set(shown.chosen) if shown else set()
        self.title.setText(t(rating_strings.RATING_REASONS_TITLE))
        self.body.setText(t(rating_strings.RATING_REASONS_BODY))
        for reason in offered:
            button = self._button(reason.value)
            picked = reason in chosen
            words = t(rating_strings.RATING_REASON_LABELS[reason.value])
            button.setText(CHOSEN_MARK + words if picked else words)
            button.setAccessibleName(words)
            kind = "primary" if picked else "secondary"
            if button.kind != kind:
                button.setProperty("kind", kind)
                button.style().unpolish(button)
                button.style().polish(button)
            button.setVisible(True)
        for value, button in self.reasons.items():
            if value not in {r.value for r in offered}:
                button.setVisible(False)
        self.callback.setText(t(rating_strings.RATING_REASONS_CALLBACK))
        self.callback.setVisible(bool(shown and shown.callback_offered))
        self.send.setText(t(rating_strings.RATING_REASONS_SEND))
        self._columns = 0  # the words' widths change with the language and the ticks
        self._arrange()

    def spoken(self, view: JourneyView) -> str:
        return t(rating_strings.RATING_REASONS_SPOKEN)
