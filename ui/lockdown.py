"""Kiosk behaviour: the window cannot be closed or left from the keyboard, no context menus, no
cursor (by config). The compositor (cage) does the rest: one full-screen app, no task switcher."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

# Key combinations that would close, quit or switch away from the window.
_BLOCKED = {
    (Qt.KeyboardModifier.AltModifier, Qt.Key.Key_F4),
    (Qt.KeyboardModifier.AltModifier, Qt.Key.Key_Tab),
    (Qt.KeyboardModifier.AltModifier, Qt.Key.Key_Backtab),
    (Qt.KeyboardModifier.ControlModifier, Qt.Key.Key_Q),
    (Qt.KeyboardModifier.ControlModifier, Qt.Key.Key_W),
    (Qt.KeyboardModifier.MetaModifier, Qt.Key.Key_Tab),
    (Qt.KeyboardModifier.NoModifier, Qt.Key.Key_Escape),
    (Qt.KeyboardModifier.NoModifier, Qt.Key.Key_F11),
}
_MODIFIERS = (
    Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.MetaModifier
    | Qt.KeyboardModifier.ShiftModifier
)


def is_blocked(event: QKeyEvent) -> bool:
    modifiers = event.modifiers() & _MODIFIERS
    key = Qt.Key(event.key())
    if key in (Qt.Key.Key_Super_L, Qt.Key.Key_Super_R, Qt.Key.Key_Meta):
        return True
    return (Qt.KeyboardModifier(modifiers), key) in _BLOCKED or (
        bool(modifiers & Qt.KeyboardModifier.AltModifier) and key in (Qt.Key.Key_F4, Qt.Key.Key_Tab)
    )


class Lockdown(QObject):
    """An application-wide event filter: swallows the escape keys and every context menu."""

    def __init__(self, app: QApplication, *, hide_cursor: bool) -> None:
        super().__init__(app)
        self._app = app
        self._cursor_hidden = hide_cursor
        app.installEventFilter(self)
        if hide_cursor:
            app.setOverrideCursor(Qt.CursorShape.BlankCursor)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        if kind == QEvent.Type.ContextMenu:
            return True
        if kind in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride) and isinstance(event, QKeyEvent):
            return is_blocked(event)
        return False

    def release(self) -> None:
        self._app.removeEventFilter(self)
        if self._cursor_hidden:
            self._app.restoreOverrideCursor()
            self._cursor_hidden = False
