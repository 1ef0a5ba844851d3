"""The kiosk window and ``kiosk run``.

:class:`KioskWindow` is the whole touchscreen: header, router (the screens),
the idle and help overlays. It follows the journey through
:class:`~ui.bridge.JourneyBridge` and applies each view's theme (长辈模式) and
language before the screens render it. :func:`run_kiosk` adds what only the
real app needs: full screen, lockdown, the fault hook, the systemd watchdog.
"""

from __future__ import annotations

import logging
import os
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import replace
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QLayout, QVBoxLayout, QWidget

from kiosk.config import KioskConfig
from kiosk.journey.states import DIAGNOSTICS_FROM, JourneyState
from kiosk.journey.view import JourneyView, OutOfServiceView, opening_view
from ui.bridge import JourneyBridge
from ui.fullscreen import ScreenFiller
from ui.i18n import Translations
from ui.router import Router
from ui.screens.base import Screen, ScreenContext
from ui.systemd import StopSignals, Watchdog
from ui.theme import FONT_FAMILY, Theme
from ui.voice import ScreenVoice
from ui.widgets.corner_hold import CornerHold
from ui.widgets.end_confirm import EndConfirmOverlay
from ui.widgets.header import Header
from ui.widgets.overlays import HelpOverlay, IdleOverlay

if TYPE_CHECKING:  # the database, devices and journey are loaded after the first paint
    from kiosk.composition import Kiosk
    from kiosk.health import Unavailability
    from kiosk.journey import Journey
    from ui.widgets.pin_pad import PinPad

log = logging.getLogger(__name__)

S = JourneyState
FAULT_REPEAT_SECONDS = 10.0  # the same fault again within this is not recorded twice (a failing poll loop)
NO_HEADER = frozenset({S.ATTRACT, S.DIAGNOSTICS})  # the attract screen is all poster; diagnostics: no citizen


_IMPORTED_AT = time.perf_counter()


def process_age() -> float:
    """Seconds since this process started, interpreter start-up included.

    From /proc: the process's start in clock ticks since boot against /proc/uptime — both
    counted from the same boot instant, to 10 ms. (psutil's create_time adds the boot time,
    which /proc gives in whole seconds: up to a second off.) Elsewhere: since ui.app was imported.
    """
    try:
        with open("/proc/self/stat", encoding="ascii") as stat, open("/proc/uptime", encoding="ascii") as up:
            fields = stat.read().rsplit(")", 1)[1].split()
            uptime = float(up.read().split()[0])
        started = int(fields[19]) / os.sysconf("SC_CLK_TCK")  # field 22 of stat; 20 after "pid (comm)"
        return max(0.0, uptime - started)
    except (OSError, ValueError, IndexError):
        return time.perf_counter() - _IMPORTED_AT


class KioskWindow(QWidget):
    home_painted = Signal()
    """The home screen was painted (``kiosk run --quit-when-ready``, the start-up bench)."""

    def __init__(self, config: KioskConfig, *, translations: Translations | None = None) -> None:
        """The window for ``config``, following no journey yet: :meth:`attach` gives it one.
        Until then it can show :func:`~kiosk.journey.view.opening_view` (``kiosk run`` paints
        that first, then loads the database, devices and journey)."""
        super().__init__()
        self.setObjectName("KioskWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.config = config
        self.kiosk: Kiosk | None = None
        self.journey: Journey | None = None
        self.voice: ScreenVoice | None = None
        self.translations = translations or Translations()
        self.theme = Theme.for_panel(config.kiosk.panel)
        self.bridge = JourneyBridge(None, self, on_error=self.fault)
        intents = self.bridge.intents
        self.context = ScreenContext(intents, config, self.theme)
        self.header = Header(intents, config, self.read_aloud, self)
        self.router = Router(self.context, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        # The window is as large as its panel, whatever a screen asks for: content that needs more
        # is squeezed inside it (and the accessibility check sees what is cut), never laid out past
        # the glass where nobody sees it.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        layout.addWidget(self.header)
        layout.addWidget(self.router, 1)
        self.idle = IdleOverlay(self, intents)
        self.help = HelpOverlay(self, intents, config)
        self.end_confirm = EndConfirmOverlay(self, intents)
        # The technicians' way in: hold the top-left corner, then the PIN pad (built on first use).
        self.corner = CornerHold(self, self.theme, self._corner_armed)
        self.corner.held.connect(self.open_pin_pad)
        self.pin_pad: PinPad | None = None
        self.view: JourneyView | None = None
        self._allow_close = False
        self._last_fault: tuple[str, float] | None = None
        self._home_seen = False
        self._apply_theme(self.theme, force=True)
        self.bridge.view_changed.connect(self.show_view)
        self.router.screen_changed.connect(self._screen_changed)

    @classmethod
    def for_kiosk(cls, kiosk: Kiosk, *, translations: Translations | None = None) -> KioskWindow:
        """A window already following ``kiosk``'s journey (tests, the demo, the benches)."""
        window = cls(kiosk.config, translations=translations)
        window.attach(kiosk)
        return window

    # ---------------------------------------------------------------- following the journey
    def attach(self, kiosk: Kiosk) -> None:
        """Follow ``kiosk``'s journey from now on; taps made before are replayed to it."""
        self.kiosk = kiosk
        self.journey = kiosk.journey
        self.voice = ScreenVoice(kiosk.devices.voice, self)
        app = QApplication.instance()
        if app is not None:  # every event then passes through Python: only once there is a journey to tell
            app.installEventFilter(self)
        self.bridge.attach(kiosk.journey)

    def start(self) -> None:
        """Start following the journey (the first view is rendered at once)."""
        self.bridge.start()

    def show_view(self, view: JourneyView) -> None:
        self.view = view
        elderly = view.elderly and view.state is not S.DIAGNOSTICS  # the diagnostics screen: normal only
        if elderly != self.theme.elderly:
            self._apply_theme(self.theme.with_elderly(elderly))
        if view.language != self.translations.language:
            self.translations.use(view.language)
        self.header.show_view(view)
        self.header.setVisible(view.state not in NO_HEADER)
        self.router.show_view(view)
        self.idle.show_view(view)
        self.help.show_view(view)
        self.end_confirm.show_view(view)
        if self.pin_pad is not None:
            self.pin_pad.show_view(view)
        if self.voice is not None:
            self.voice.view_shown(view, self.instruction())

    # ---------------------------------------------------------------- the technicians' way in
    def _corner_armed(self) -> bool:
        view = self.view
        return (
            view is not None and view.state in DIAGNOSTICS_FROM and self.bridge.intents.technician_pin_set()
        )

    def open_pin_pad(self) -> PinPad | None:
        """The PIN pad, opened (the corner was held); None where it cannot be opened now."""
        if not self._corner_armed():
            return None
        if self.pin_pad is None:
            from ui.widgets.pin_pad import PinPad  # noqa: PLC0415 - built when a technician first asks

            self.pin_pad = PinPad(self, self.bridge.intents)
            self.pin_pad.apply_theme(self.theme)
        self.pin_pad.open()
        return self.pin_pad

    def instruction(self) -> str:
        """What the screen asks of the citizen now (an overlay's question comes first)."""
        if self.view is None:
            return ""
        if self.help.isVisible():
            return self.help.spoken()
        if self.end_confirm.isVisible():
            return self.end_confirm.spoken()
        if self.idle.isVisible():
            return self.idle.spoken()
        screen = self.router.current
        return screen.spoken(self.view) if screen is not None else ""

    def read_aloud(self) -> None:
        if self.view is not None and self.voice is not None:
            text = self.instruction()
            if text:
                self.voice.say(text, self.view.language)

    def _apply_theme(self, theme: Theme, *, force: bool = False) -> None:
        if theme == self.theme and not force:
            return
        self.theme = theme
        self.setStyleSheet(theme.stylesheet())
        self.header.apply_theme(theme)
        self.router.apply_theme(theme)
        self.idle.apply_theme(theme)
        self.help.apply_theme(theme)
        self.end_confirm.apply_theme(theme)
        self.corner.apply_theme(theme)
        if self.pin_pad is not None:
            self.pin_pad.apply_theme(theme)

    def _screen_changed(self, screen: Screen, view: JourneyView) -> None:
        if view.state is S.HOME and not self._home_seen:
            self._home_seen = True
            screen.painted.connect(self._home_first_painted, Qt.ConnectionType.SingleShotConnection)

    def _home_first_painted(self) -> None:
        self.home_painted.emit()

    # ---------------------------------------------------------------- any tap restarts the idle time
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        pressed = event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin)
        # Once per tap (the window's QWindow sees it first); the attract screen wakes on its own tap.
        journey = self.journey
        if watched is not self.windowHandle():
            return False
        if pressed and journey and journey.state is not S.ATTRACT:
            journey.touch()
        self.corner.watch(event)  # never takes the event: a tap in the corner goes on as before
        return False

    # ---------------------------------------------------------------- faults
    def out_of_service(self, cause: Unavailability | None) -> None:
        """Out of service before there is a journey (a start that failed): the screen, and why."""
        view = replace(opening_view(self.config.services), state=S.OUT_OF_SERVICE)
        self.show_view(replace(view, step=OutOfServiceView(cause)))

    def fault(self, where: str, exc: BaseException | None = None) -> None:
        """An unexpected error: record it (no message text: it may hold personal data), go out of
        service; the journey comes back by itself when its devices answer again."""
        kind = type(exc).__name__ if exc is not None else "error"
        key = f"{where}:{kind}"
        now = time.monotonic()
        if (
            self._last_fault
            and self._last_fault[0] == key
            and now - self._last_fault[1] < FAULT_REPEAT_SECONDS
        ):
            return
        self._last_fault = (key, now)
        log.error("unexpected %s in %s; going out of service", kind, where)
        if self.journey is None:  # still starting: show it; the journey, once attached, decides
            self.out_of_service(None)
            return
        try:
            self.journey.fault(key)
        except Exception as second:  # noqa: BLE001 - the fault record itself failed: still show the screen
            log.error("could not record the fault: %s", type(second).__name__)
        try:
            self.bridge.refresh(force=True)
        except Exception as third:  # noqa: BLE001 - never let the fault path raise into Qt
            log.error("could not show the out-of-service screen: %s", type(third).__name__)

    # ---------------------------------------------------------------- closing
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        if self._allow_close:
            event.accept()
        else:
            event.ignore()  # Alt+F4 and the like: a kiosk window is never closed by a citizen

    def shutdown(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.corner.cancel()
        if self.pin_pad is not None:
            self.pin_pad.close_pad()
        self.bridge.close()
        self._allow_close = True
        self.close()


class FaultHook:
    """sys.excepthook while the app runs: a Python error in a slot goes to :meth:`KioskWindow.fault`
    instead of a traceback on screen. The traceback goes to the log without the message."""

    def __init__(self, on_fault: Callable[[str, BaseException], None]) -> None:
        self._on_fault = on_fault
        self._previous = sys.excepthook
        self._busy = False
        sys.excepthook = self

    def __call__(self, kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        frames = traceback.extract_tb(tb)
        where = f"{os.path.basename(frames[-1].filename)}:{frames[-1].name}" if frames else "unknown"
        log.error(
            "unexpected %s at %s\n%s", kind.__name__, where, "".join(traceback.format_list(frames)).rstrip()
        )
        if self._busy:
            return
        self._busy = True
        try:
            self._on_fault(where, exc)
        finally:
            self._busy = False

    def release(self) -> None:
        if sys.excepthook is self:
            sys.excepthook = self._previous


def prepare_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with the kiosk's font. Reuses one that exists (tests, the demo)."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or [sys.argv[0]])
    app.setApplicationName("civic-kiosk")
    if not QFontDatabase.hasFamily(FONT_FAMILY):  # not families(): listing them all costs ~10 ms
        log.error(
            "the font %s is missing: install fonts-noto-cjk (rare characters would show as boxes)",
            FONT_FAMILY,
        )
    font = QFont(FONT_FAMILY)
    font.setStyleStrategy(QFont.StyleStrategy.PreferAntialias)
    app.setFont(font)
    return app


QUIT_WHEN_READY_LIMIT = 30.0
"""Seconds ``kiosk run --quit-when-ready`` waits for the kiosk before it gives up."""
START_RETRY_SECONDS = 30.0
"""After a start that failed (the database could not be opened …), the next try."""


class KioskStart(QObject):
    """Brings the kiosk up behind its first painted screen.

    The window paints the home screen from the configuration alone; only then are the
    database, devices, documents and journey loaded (about a second of imports and opening),
    attached to the window, and the journey woken onto the home screen it already shows.
    A start that fails leaves the out-of-service screen up and is tried again.
    """

    def __init__(
        self, app: QApplication, window: KioskWindow, watchdog: Watchdog, *, quit_when_ready: bool
    ) -> None:
        super().__init__(window)
        self._app = app
        self._window = window
        self._watchdog = watchdog
        self._quit_when_ready = quit_when_ready
        self.kiosk: Kiosk | None = None
        self.painted_at: float | None = None
        self.ready_at: float | None = None
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.setInterval(int(START_RETRY_SECONDS * 1000))
        self._retry.timeout.connect(self.bring_up)
        self._unbuilt: list[JourneyState] = []
        self._builder = QTimer(self)  # owned, so it stops with the window
        self._builder.setInterval(0)
        self._builder.timeout.connect(self._build_next)
        window.home_painted.connect(self._home_painted)

    def _home_painted(self) -> None:
        if self.painted_at is not None:
            return
        self.painted_at = process_age()
        if self._quit_when_ready:
            print(f"home screen painted {self.painted_at:.2f} s after the process started", flush=True)
        QTimer.singleShot(0, self.bring_up)

    def bring_up(self) -> None:
        from kiosk.composition import assemble  # noqa: PLC0415 - the core loads after the first paint
        from kiosk.health import Unavailability  # noqa: PLC0415 - the core loads after the first paint
        from kiosk.parts import Part  # noqa: PLC0415 - the core loads after the first paint
        from kiosk.storage.check import StorageUnusableError  # noqa: PLC0415 - after the first paint

        try:
            kiosk = assemble(self._window.config)
        except StorageUnusableError as exc:
            # The records cannot be kept: out of service with the reason, and tried again (a disk
            # freed, a directory made writable, a lock let go: the kiosk comes back by itself).
            reading = exc.reading
            log.error(
                "the kiosk cannot start: %s (trying again in %.0f s)", reading.detail, START_RETRY_SECONDS
            )
            if self._quit_when_ready:
                print(f"The kiosk cannot start: {reading.detail}", file=sys.stderr)
                self._app.exit(1)
                return
            self._window.out_of_service(Unavailability(Part.STORAGE, reading.status, reading.detail))
            self._retry.start()
            return
        except Exception as exc:  # noqa: BLE001 - no traceback on the screen: out of service, try again
            log.error("the kiosk could not start (%s); trying again in %.0f s", type(exc).__name__,
                      START_RETRY_SECONDS)  # fmt: skip
            if self._quit_when_ready:
                print(f"The kiosk could not start ({type(exc).__name__}): see its log.", file=sys.stderr)
                self._app.exit(1)
                return
            self._window.fault("start", exc)
            self._retry.start()
            return
        self.kiosk = kiosk
        kiosk.journey.touch()  # it starts resting on the attract screen: wake it onto the home screen
        self._window.attach(kiosk)
        from ui.dev_dock import install_dev_dock  # noqa: PLC0415 - the demo's people: after the kiosk is up

        install_dev_dock(self._window, kiosk)  # mock devices only; Ctrl+Alt+Shift+D or KIOSK_DEV_DOCK=1
        self._window.start()
        self._watchdog.ready()
        self.ready_at = process_age()
        if self._quit_when_ready:
            if kiosk.journey.state is JourneyState.OUT_OF_SERVICE:
                print("The kiosk started, but no service is available (see `kiosk diag`).", file=sys.stderr)
                self._app.exit(1)
                return
            print(
                f"kiosk ready (database, devices and journey running) {self.ready_at:.2f} s"
                " after the process started",
                flush=True,
            )
            self._app.exit(0)  # not quit(): Qt 6's quit() asks the windows to close, and ours refuses
            return
        # Build the other screens one per event-loop turn, so the first tap onto each is fast; then
        # warm up the PDF library and fonts on the documents thread (about a second of Python that
        # would otherwise slow the screens being built, and the smoke test's stop, for nothing).
        self._unbuilt = [state for state in JourneyState if state not in self._window.router.built()]
        self._builder.start()

    def _build_next(self) -> None:
        if not self._unbuilt:
            self._builder.stop()
            if self.kiosk is not None:
                self.kiosk.journey.warm_up()
            return
        self._window.router.screen_for(self._unbuilt.pop(0))

    def close(self) -> None:
        self._retry.stop()
        self._builder.stop()
        if self.kiosk is not None:
            self.kiosk.close()


def run_kiosk(config: KioskConfig, *, quit_when_ready: bool = False, windowed: bool = False) -> int:
    """``kiosk run``: the touchscreen until the process is stopped. 0 on a clean stop."""
    from ui.lockdown import Lockdown  # noqa: PLC0415 - the full-screen lockdown: kiosk run only

    if not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or os.environ.get("QT_QPA_PLATFORM")
    ):
        if not quit_when_ready:
            print(
                "There is no display (DISPLAY and WAYLAND_DISPLAY are unset): run `kiosk demo` to see the"
                " screens, or set QT_QPA_PLATFORM (e.g. eglfs on a panel with no compositor).",
                file=sys.stderr,
            )
            return 2
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # the smoke test needs no screen
    app = prepare_application()
    window = KioskWindow(config)
    lockdown = Lockdown(app, hide_cursor=config.kiosk.hide_cursor and not windowed)
    hook = FaultHook(window.fault)
    stop_signals = StopSignals(app)
    watchdog = Watchdog(window)
    start = KioskStart(app, window, watchdog, quit_when_ready=quit_when_ready)
    filler = ScreenFiller(window)
    window.show_view(opening_view(config.services))
    if windowed:
        panel = config.kiosk.panel
        window.resize(min(panel.logical_width_px, 1600), min(panel.logical_height_px, 900))
        window.show()
    else:
        filler.show()
    if quit_when_ready:
        QTimer.singleShot(int(QUIT_WHEN_READY_LIMIT * 1000), lambda: app.exit(1))
    try:
        code = app.exec()
        if quit_when_ready and not windowed:
            print(filler.report(), flush=True)
    finally:
        watchdog.stop()
        stop_signals.release()
        hook.release()
        lockdown.release()
        window.shutdown()
        window.deleteLater()
        start.close()
    if quit_when_ready and (start.ready_at is None or code != 0):
        if start.painted_at is None:
            print(f"The home screen was not painted within {QUIT_WHEN_READY_LIMIT:.0f} s.", file=sys.stderr)
        return 1
    return int(code)
