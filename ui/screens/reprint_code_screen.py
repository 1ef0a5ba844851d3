"""补打: the reprint code on a keypad of the characters codes are made of (2–9 and the letters
without I and O: nothing that reads as another), shown as typed, 删除 beside it; 返回 to the home
screen and 确认补打码. A code not taken is said on its own — why, and what to do next — with
重新输入 back to the keypad: one thing at a time.

What is typed lives in this object until 确认补打码 hands it to the journey; it stays after a
refusal, so one wrong character is put right with 删除, and goes when the screen is left."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QBoxLayout, QWidget

from kiosk.journey import JourneyView
from kiosk.journey.view import ReprintCodeView
from kiosk.print_journal import REPRINT_ALPHABET, REPRINT_CODE_LENGTH
from ui import reprint_strings, strings
from ui.screens.base import Screen
from ui.strings import t
from ui.widgets.basic import Button, Label
from ui.widgets.keypad import Keypad

ROWS = (REPRINT_ALPHABET[:8], REPRINT_ALPHABET[8:16], REPRINT_ALPHABET[16:24], REPRINT_ALPHABET[24:])
"""The digits, then the letters in their order: a citizen who does not type finds a letter by the
alphabet, not by a keyboard's rows."""
BLANK = "_"


def shown_code(typed: str) -> str:
    """The code as typed so far, its blanks still to fill, in two groups of four (as the slip and
    the notice show it)."""
    padded = typed.ljust(REPRINT_CODE_LENGTH, BLANK)
    return f"{padded[:4]} {padded[4:]}"


class ReprintCodeScreen(Screen):
    def build(self) -> None:
        self._typed = ""
        self.title = self.label("title")
        # Typing: where the code is, the code as typed and 删除, beside the keypad.
        self.typing = QWidget(self)
        # The code beside the keypad on a desk panel; above it on an upright one.
        row = self.typing_row = QBoxLayout(QBoxLayout.Direction.LeftToRight, self.typing)
        row.setContentsMargins(0, 0, 0, 0)
        side, inner = self.panel()
        self.where = Label("body", side)
        self.code = Label("code", side, wrap=False)
        self.code.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.delete_key = Button("secondary", self._delete, side)
        inner.addWidget(self.where)
        inner.addStretch(1)
        inner.addWidget(self.code)
        inner.addWidget(self.delete_key, 0, Qt.AlignmentFlag.AlignHCenter)
        inner.addStretch(1)
        self.keypad = Keypad(ROWS, self._type, parent=self.typing, square=True)
        row.addWidget(side, 1)
        row.addWidget(self.keypad, 0, Qt.AlignmentFlag.AlignTop)
        # Refused: what to do next, and the code that was typed.
        self.refusal, refused = self.panel("warning")
        self.problem_do = Label("body", self.refusal)
        self.typed = Label("heading", self.refusal)
        refused.addWidget(self.problem_do)
        refused.addWidget(self.typed)
        self.column.addWidget(self.title)
        self.column.addWidget(self.typing, 1)
        self.column.addWidget(self.refusal)
        self.column.addStretch(0)
        self.back = self.button("secondary", self.intents.back)
        self.retype = self.button("primary", self.intents.dismiss)
        self.confirm = self.button("primary", self._confirm)
        self.button_row(self.back, self.retype, self.confirm)

    def themed(self) -> None:
        self.keypad.apply_theme(self.theme)
        self.typing_row.setSpacing(self.theme.px(self.theme.sizes.gap))
        upright = self.theme.upright
        self.typing_row.setDirection(
            QBoxLayout.Direction.TopToBottom if upright else QBoxLayout.Direction.LeftToRight
        )
        self.typing_row.setAlignment(
            self.keypad, Qt.AlignmentFlag.AlignHCenter if upright else Qt.AlignmentFlag.AlignTop
        )

    def _type(self, character: str) -> None:
        if len(self._typed) < REPRINT_CODE_LENGTH:
            self._typed += character
        self.intents.touch()
        self.code.setText(shown_code(self._typed))

    def _delete(self) -> None:
        self._typed = self._typed[:-1]
        self.intents.touch()
        self.code.setText(shown_code(self._typed))

    def _confirm(self) -> None:
        self.intents.submit_reprint_code(self._typed)

    def show_view(self, view: JourneyView) -> None:
        shown = view.step_as(ReprintCodeView) or ReprintCodeView()
        refused = shown.problem is not None
        if refused:
            what, do = reprint_strings.problem_sentences(shown, self.config)
            self.title.setText(what)
            self.problem_do.setText(do)
        else:
            self.title.setText(t(reprint_strings.CODE_TITLE))
        self.typing.setVisible(not refused)
        self.refusal.setVisible(refused)
        self.column.setStretch(self.column.indexOf(self.refusal) + 1, 1 if refused else 0)
        self.where.setText(t(reprint_strings.CODE_WHERE))
        # 长辈模式 on a short panel: the keys and the code take the room; the voice says where the
        # code is (CODE_SPOKEN), as it does on every panel.
        self.where.setVisible(not (view.elderly and self.theme.room < 1))
        self.code.setText(shown_code(self._typed))
        self.typed.setText(t(reprint_strings.CODE_TYPED, shown_code(self._typed)))
        self.typed.setVisible(bool(self._typed))
        self.delete_key.setText(t(reprint_strings.CODE_DELETE))
        self.back.setText(t(strings.GO_BACK))
        self.retype.setText(t(reprint_strings.CODE_RETYPE))
        self.retype.setVisible(refused)
        self.confirm.setText(t(reprint_strings.CODE_CONFIRM))
        self.confirm.setVisible(not refused)

    def spoken(self, view: JourneyView) -> str:
        shown = view.step_as(ReprintCodeView) or ReprintCodeView()
        if shown.problem is not None:
            return t(strings.NOTICE_SPOKEN, *reprint_strings.problem_sentences(shown, self.config))
        return t(reprint_strings.CODE_SPOKEN)

    def wipe(self) -> None:
        super().wipe()
        self._typed = ""  # the code goes with the screen
        self.code.setText(shown_code(""))
