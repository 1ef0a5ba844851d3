"""State → screen: one QStackedWidget, one screen instance per state, built on first use.

The mapping is one ``match`` over :class:`JourneyState` ending in
``typing.assert_never``: mypy fails the build when a state is added to the
journey without a screen, and an unknown value fails loudly at run time.
"""

from __future__ import annotations

import importlib
import logging
from typing import assert_never

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import QStackedWidget, QWidget

from kiosk.journey import JourneyState, JourneyView
from ui.screens.base import Screen, ScreenContext
from ui.theme import Theme

log = logging.getLogger(__name__)

S = JourneyState


def screen_location(state: JourneyState) -> tuple[str, str]:
    """The module (under ui.screens) and class of the screen that shows ``state``."""
    match state:
        case S.ATTRACT:
            return "attract_screen", "AttractScreen"
        case S.HOME:
            return "home_screen", "HomeScreen"
        case S.INTRO:
            return "intro_screen", "IntroScreen"
        case S.IDENTIFY:
            return "identify_screen", "IdentifyScreen"
        case S.ELDERLY_OFFER:
            return "elderly_offer_screen", "ElderlyOfferScreen"
        case S.FACE_CHECK:
            return "face_check_screen", "FaceCheckScreen"
        case S.CHOOSE_BUSINESS:
            return "choose_business_screen", "ChooseBusinessScreen"
        case S.FETCHING:
            return "fetching_screen", "FetchingScreen"
        case S.PREVIEW:
            return "preview_screen", "PreviewScreen"
        case S.PRINTING:
            return "printing_screen", "PrintingScreen"
        case S.RECEIPT:
            return "receipt_screen", "ReceiptScreen"
        case S.REMINDERS:
            return "reminders_screen", "RemindersScreen"
        case S.RATING:
            return "rating_screen", "RatingScreen"
        case S.RATING_REASONS:
            return "rating_reasons_screen", "RatingReasonsScreen"
        case S.CALLBACK:
            return "callback_screen", "CallbackScreen"
        case S.GOODBYE:
            return "goodbye_screen", "GoodbyeScreen"
        case S.NOTICE:
            return "notice_screen", "NoticeScreen"
        case S.OUT_OF_SERVICE:
            return "out_of_service_screen", "OutOfServiceScreen"
        case S.DIAGNOSTICS:
            return "diagnostics_screen", "DiagnosticsScreen"
        case S.REPRINT_CODE:
            return "reprint_code_screen", "ReprintCodeScreen"
        case _:
            assert_never(state)


def screen_class(state: JourneyState) -> type[Screen]:
    module_name, class_name = screen_location(state)
    module = importlib.import_module(f"ui.screens.{module_name}")
    cls = getattr(module, class_name)
    if not (isinstance(cls, type) and issubclass(cls, Screen)):
        raise TypeError(f"ui.screens.{module_name}.{class_name} is not a Screen")
    return cls


class Router(QStackedWidget):
    """Shows the screen of each view's state and hands it the view."""

    screen_changed = Signal(object, object)
    """(screen, view) after the stack switched to another screen."""

    def __init__(self, context: ScreenContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Router")
        self._context = context
        self._screens: dict[JourneyState, Screen] = {}
        # Not currentWidget(): the first page added becomes current by itself.
        self._shown: Screen | None = None
        self.view: JourneyView | None = None

    # A QStackedWidget is as large as its largest page. A kiosk window cannot grow past the
    # panel, so the stack asks only for what the page on show needs (a page that needed more
    # than the panel in 长辈模式 pushed the whole window past 1080 px before).
    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        widget = self.currentWidget()
        return widget.minimumSizeHint() if widget is not None else super().minimumSizeHint()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        widget = self.currentWidget()
        return widget.sizeHint() if widget is not None else super().sizeHint()

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt's name
        # A window's layout sizes a top-level window to the height its content needs at its
        # *narrowest* (words wrapped onto many lines): the window would grow past the panel. The
        # screen lays its words out at the panel's width; what does not fit there, the audit sees.
        return False

    @property
    def current(self) -> Screen | None:
        widget = self.currentWidget()
        return widget if isinstance(widget, Screen) else None

    def screen_for(self, state: JourneyState) -> Screen:
        """The screen for ``state``, built the first time it is needed."""
        screen = self._screens.get(state)
        if screen is None:
            screen = screen_class(state)(self._context, self)
            self._screens[state] = screen
            self.addWidget(screen)
        return screen

    def built(self) -> dict[JourneyState, Screen]:
        return dict(self._screens)

    def build_all(self) -> None:
        """Build every screen now (after start-up, so the first tap onto each screen is fast)."""
        for state in JourneyState:
            self.screen_for(state)

    def show_view(self, view: JourneyView) -> None:
        screen = self.screen_for(view.state)
        previous = self._shown
        self.view = view
        screen.show_view(view)
        if previous is not screen:
            self._shown = screen
            self.setCurrentWidget(screen)
            self.updateGeometry()
            if previous is not None:
                previous.wipe()
            self.screen_changed.emit(screen, view)

    def apply_theme(self, theme: Theme) -> None:
        self._context.theme = theme
        for screen in self._screens.values():
            screen.apply_theme(theme)
