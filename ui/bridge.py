"""The only bridge between Qt and the core: a QTimer polls the journey and pushes new views.

The journey is driven from the GUI thread only (its intents and ``poll()``);
device work runs on the devices' own worker threads and comes back through
``poll()``, so nothing here ever waits on a device (DESIGN.md: no device I/O on
the GUI thread).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.journey import Journey, JourneyView

log = logging.getLogger(__name__)

POLL_INTERVAL_MS = 30  # a tap's answer lands within one poll; 30 ms is under one frame at 30 fps


class JourneyBridge(QObject):
    view_changed = Signal(object)
    """A new :class:`JourneyView` (only when the journey's version changed)."""

    def __init__(
        self,
        journey: Journey,
        parent: QObject | None = None,
        *,
        interval_ms: int = POLL_INTERVAL_MS,
        on_error: Callable[[str, BaseException], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.journey = journey
        self._seen_version = -1
        self._on_error = on_error
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.refresh)
        self.intents = JourneyIntents(journey, self)

    def start(self) -> None:
        self.refresh(force=True)
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def refresh(self, force: bool = False) -> JourneyView | None:
        """Poll the journey; emit and return the view if it changed (or ``force``)."""
        try:
            self.journey.poll()
            version = self.journey.version
            if not force and version == self._seen_version:
                return None
            self._seen_version = version
            view = self.journey.view()
        except Exception as exc:  # handed to the fault handler: out of service, recorded
            if self._on_error is None:
                raise
            self._on_error("journey.poll", exc)
            return None
        self.view_changed.emit(view)
        return view

    def close(self) -> None:
        self._timer.stop()
        self._timer.deleteLater()


class JourneyIntents:
    """The citizen's intents (ui.screens.base.Intents): each goes to the journey, then the new
    view is pushed at once instead of on the next poll, so a tap repaints in the same event."""

    def __init__(self, journey: Journey, bridge: JourneyBridge) -> None:
        self._journey = journey
        self._bridge = bridge

    def touch(self) -> None:
        self._journey.touch()
        self._bridge.refresh()

    def choose_service(self, service_id: str) -> bool:
        started = self._journey.choose_service(service_id)
        self._bridge.refresh()
        return started

    def back(self) -> None:
        self._journey.back()
        self._bridge.refresh()

    def accept_consent(self) -> None:
        self._journey.accept_consent()
        self._bridge.refresh()

    def answer_elderly_offer(self, accept: bool) -> None:
        self._journey.answer_elderly_offer(accept)
        self._bridge.refresh()

    def choose_business(self, credit_code: str) -> None:
        self._journey.choose_business(credit_code)
        self._bridge.refresh()

    def set_copies(self, copies: int) -> None:
        self._journey.set_copies(copies)
        self._bridge.refresh()

    def confirm_print(self) -> None:
        self._journey.confirm_print()
        self._bridge.refresh()

    def cancel(self) -> None:
        self._journey.cancel()
        self._bridge.refresh()

    def more_time(self) -> None:
        self._journey.more_time()
        self._bridge.refresh()

    def rate(self, level: int) -> None:
        self._journey.rate(level)
        self._bridge.refresh()

    def dismiss(self) -> None:
        self._journey.dismiss()
        self._bridge.refresh()

    def request_help(self) -> None:
        self._journey.request_help()
        self._bridge.refresh()

    def dismiss_help(self) -> None:
        self._journey.dismiss_help()
        self._bridge.refresh()

    def set_elderly(self, on: bool) -> None:
        self._journey.set_elderly(on)
        self._bridge.refresh()

    def set_language(self, language: str) -> None:
        self._journey.set_language(language)
        self._bridge.refresh()
