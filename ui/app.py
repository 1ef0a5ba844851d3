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
from types import TracebackType

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from kiosk.composition import Kiosk
from kiosk.config import KioskConfig
from kiosk.journey import JourneyState, JourneyView
from ui.bridge import JourneyBridge
from ui.i18n import Translations
from ui.router import Router
from ui.screens.base import Screen, ScreenContext
from ui.theme import FONT_FAMILY, Theme
from ui.voice import ScreenVoice
from ui.widgets.header import Header
from ui.widgets.overlays import HelpOverlay, IdleOverlay

log = logging.getLogger(__name__)

S = JourneyState
FAULT_REPEAT_SECONDS = 10.0  # the same fault again within this is not recorded twice (a failing poll loop)


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

    def __init__(self, kiosk: Kiosk, *, translations: Translations | None = None) -> None:
        super().__init__()
        self.setObjectName("KioskWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.kiosk = kiosk
        self.journey = kiosk.journey
        config = kiosk.config
        self.translations = translations or Translations()
        self.theme = Theme.for_panel(config.kiosk.panel)
        self.bridge = JourneyBridge(kiosk.journey, self, on_error=self.fault)
        intents = self.bridge.intents
        self.context = ScreenContext(intents, config, self.theme)
        self.voice = ScreenVoice(kiosk.devices.voice)
        self.header = Header(intents, config, self.read_aloud, self)
        self.router = Router(self.context, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.router, 1)
        self.idle = IdleOverlay(self, intents)
        self.help = HelpOverlay(self, intents, config)
        self.view: JourneyView | None = None
        self._allow_close = False
        self._last_fault: tuple[str, float] | None = None
        self._home_seen = False
        self._apply_theme(self.theme, force=True)
        self.bridge.view_changed.connect(self.show_view)
        self.router.screen_changed.connect(self._screen_changed)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    # ---------------------------------------------------------------- following the journey
    def start(self) -> None:
        """Start following the journey (the first view is rendered at once)."""
        self.bridge.start()

    def show_view(self, view: JourneyView) -> None:
        self.view = view
        if view.elderly != self.theme.elderly:
            self._apply_theme(self.theme.with_elderly(view.elderly))
        if view.language != self.translations.language:
            self.translations.use(view.language)
        self.header.show_view(view)
        self.header.setVisible(view.state is not S.ATTRACT)
        self.router.show_view(view)
        self.idle.show_view(view)
        self.help.show_view(view)
        self.voice.view_shown(view, self.instruction())

    def instruction(self) -> str:
        """What the screen asks of the citizen now (an overlay's question comes first)."""
        if self.view is None:
            return ""
        if self.help.isVisible():
            return self.help.spoken()
        if self.idle.isVisible():
            return self.idle.spoken()
        screen = self.router.current
        return screen.spoken(self.view) if screen is not None else ""

    def read_aloud(self) -> None:
        if self.view is not None:
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
        if pressed and watched is self.windowHandle() and self.journey.state is not S.ATTRACT:
            self.journey.touch()
        return False

    # ---------------------------------------------------------------- faults
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


class Watchdog(QObject):
    """systemd's watchdog (Type=notify, WatchdogSec=): pinged from the event loop, so a hung GUI
    thread stops the pings and systemd restarts the kiosk."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._notifier = None
        self._timer = QTimer(self)
        if not os.environ.get("NOTIFY_SOCKET"):
            return
        import sdnotify

        self._notifier = sdnotify.SystemdNotifier()
        usec = int(os.environ.get("WATCHDOG_USEC", "0") or 0)
        interval_ms = max(1000, usec // 2000) if usec else 10_000
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.ping)

    @property
    def active(self) -> bool:
        return self._notifier is not None

    def ready(self) -> None:
        if self._notifier is not None:
            self._notifier.notify("READY=1")
            self._timer.start()

    def ping(self) -> None:
        if self._notifier is not None:
            self._notifier.notify("WATCHDOG=1")

    def stop(self) -> None:
        self._timer.stop()
        if self._notifier is not None:
            self._notifier.notify("STOPPING=1")


def prepare_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with the kiosk's font. Reuses one that exists (tests, the demo)."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or [sys.argv[0]])
    app.setApplicationName("civic-kiosk")
    if FONT_FAMILY not in QFontDatabase.families():
        log.error(
            "the font %s is missing: install fonts-noto-cjk (rare characters would show as boxes)",
            FONT_FAMILY,
        )
    font = QFont(FONT_FAMILY)
    font.setStyleStrategy(QFont.StyleStrategy.PreferAntialias)
    app.setFont(font)
    return app


QUIT_WHEN_READY_LIMIT = 30.0
"""Seconds ``kiosk run --quit-when-ready`` waits for the home screen before it gives up."""


def run_kiosk(config: KioskConfig, *, quit_when_ready: bool = False, windowed: bool = False) -> int:
    """``kiosk run``: the touchscreen until the process is stopped. 0 on a clean stop."""
    from kiosk.composition import assemble
    from ui.lockdown import Lockdown

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
    kiosk = assemble(config)
    window = KioskWindow(kiosk)
    lockdown = Lockdown(app, hide_cursor=config.kiosk.hide_cursor and not windowed)
    hook = FaultHook(window.fault)
    watchdog = Watchdog(window)
    ready_at: list[float] = []

    def home_painted() -> None:
        if not ready_at:
            ready_at.append(process_age())
            watchdog.ready()
            if quit_when_ready:
                print(f"home screen painted {ready_at[0]:.2f} s after the process started", flush=True)
                app.exit(0)  # not quit(): Qt 6's quit() asks the windows to close, and ours refuses

    window.home_painted.connect(home_painted)
    from ui.dev_dock import install_dev_dock

    install_dev_dock(window, kiosk)  # mock devices only; Ctrl+Alt+Shift+D or KIOSK_DEV_DOCK=1
    if windowed:
        panel = config.kiosk.panel
        window.resize(min(panel.width_px, 1600), min(panel.height_px, 900))
        window.show()
    else:
        window.setWindowFlags(Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint)
        window.showFullScreen()
    window.start()
    if quit_when_ready:
        # Nobody will tap the attract screen: wake it, so the home screen is what gets painted.
        QTimer.singleShot(0, window.bridge.intents.touch)
        # With no service available the kiosk stays out of service and home never comes: say so.
        QTimer.singleShot(int(QUIT_WHEN_READY_LIMIT * 1000), lambda: app.exit(1))
    try:
        code = app.exec()
    finally:
        watchdog.stop()
        hook.release()
        lockdown.release()
        window.shutdown()
        window.deleteLater()
        kiosk.close()
    if quit_when_ready and not ready_at:
        print(
            f"The home screen was not painted within {QUIT_WHEN_READY_LIMIT:.0f} s"
            " (is any service available? see `kiosk diag`).",
            file=sys.stderr,
        )
        return 1
    return int(code)
