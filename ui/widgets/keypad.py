"""A keypad of touch keys, in rows, with a delete key where the owner puts it: the call-back
number's digits and the 补打 code's digits and letters are typed on it.

The pad keeps nothing: each key hands its character to the screen that owns the pad (which keeps
what was typed, and forgets it when the screen is left). A key's text is the character it types,
in either language; the delete key's word comes from the owner, translated."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import QGridLayout, QSizePolicy, QWidget

from ui.theme import Theme
from ui.widgets.basic import Button

DELETE = "\b"
"""Where a row holds the delete key (``"\\b0"``: delete, then 0)."""


class Keypad(QWidget):
    """``rows`` of characters (a space leaves a gap, :data:`DELETE` places the delete key).
    ``square``: every key a square of the theme's button height, however many to a row — a pad of
    many keys leaves the rest of the screen its room; otherwise the keys share the pad's width."""

    def __init__(
        self,
        rows: Sequence[str],
        on_key: Callable[[str], None],
        on_delete: Callable[[], None] | None = None,
        parent: QWidget | None = None,
        *,
        square: bool = False,
    ) -> None:
        super().__init__(parent)
        self.square = square
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.keys: dict[str, Button] = {}
        self.delete: Button | None = None
        for row, characters in enumerate(rows):
            for column, character in enumerate(characters):
                if character == " ":
                    continue  # a gap
                if character == DELETE:
                    self.delete = Button("key", on_delete, self)
                    self.grid.addWidget(self.delete, row, column)
                    continue
                key = Button("key", _typing(on_key, character), self)
                key.setText(character)
                key.setAccessibleName(character)
                self.keys[character] = key
                self.grid.addWidget(key, row, column)

    def apply_theme(self, theme: Theme) -> None:
        # The theme's gap where the panel has the room, down to the spacing floor on a short one.
        self.grid.setSpacing(theme.spacing_px(theme.sizes.gap * theme.room))
        # Keys as tall as the theme's buttons where the panel has the room, down to the touch floor
        # where it has not (a short or narrow panel in 长辈模式); a square key (one character, no
        # side padding: it would leave the character no room) as wide as it is tall. In the style
        # sheet, which a widget's own size limits would not outlast: the window's sheet sets the
        # buttons' size when it polishes.
        floor = theme.min_touch_px
        side = max(theme.px(theme.sizes.button_height), floor)
        across = f"padding: 0px; min-width: {floor}px; max-width: {side}px;" if self.square else ""
        self.setStyleSheet(f"QPushButton {{ {across} min-height: {floor}px; max-height: {side}px; }}")
        # Square keys take the room the rows leave them (the code's words beside them need theirs);
        # a pad of a few keys shares out its width.
        grow = QSizePolicy.Policy.Preferred if self.square else QSizePolicy.Policy.Expanding
        for key in (*self.keys.values(), *([self.delete] if self.delete else [])):
            key.setSizePolicy(grow, QSizePolicy.Policy.Expanding)

    def set_delete_text(self, text: str) -> None:
        if self.delete is not None:
            self.delete.setText(text)


def _typing(on_key: Callable[[str], None], character: str) -> Callable[[], None]:
    return lambda: on_key(character)
