"""The last warnings and errors of the running kiosk, kept in memory for the diagnostics screen.

A technician at the kiosk sees what went wrong lately (a printer that stopped answering, a source
that timed out) without a keyboard or the system journal. Only the message is kept — never a
traceback — and anything shaped like an ID card number is masked before it is stored, although
the kiosk's own log lines never carry one (DESIGN.md's data policy: logs hold no identity data).
The entries live in this process only and go with it.
"""

from __future__ import annotations

import logging
import re
import sys
import threading
from collections import deque
from dataclasses import dataclass
from datetime import datetime

KEPT = 50
"""Enough for the screen's list and a little history; old ones fall off the end."""
LOG_FORMAT = "%(levelname)s %(name)s: %(message)s"
"""The kiosk's log lines on standard error (the system journal adds the time)."""

# 18-character resident ID numbers (the last may be X) and the old 15-digit ones, standing alone.
_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")


@dataclass(frozen=True, slots=True)
class LogEntry:
    at: datetime
    level: str  # WARNING, ERROR, CRITICAL
    where: str  # the logger's name: which part of the kiosk said it
    message: str


def redact(text: str) -> str:
    """``text`` with every ID-number-shaped run of digits masked (``6301**********123X``)."""

    def masked(match: re.Match[str]) -> str:
        number = match.group(1)
        return number[:4] + "*" * (len(number) - 8) + number[-4:]

    return _ID_NUMBER.sub(masked, text)


class RecentProblems(logging.Handler):
    """A logging handler that keeps the last :data:`KEPT` warnings and errors."""

    def __init__(self, kept: int = KEPT) -> None:
        super().__init__(logging.WARNING)
        self._entries: deque[LogEntry] = deque(maxlen=kept)
        self._guard = threading.Lock()

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a badly formatted log call must not break logging
            message = str(record.msg)
        entry = LogEntry(
            datetime.fromtimestamp(record.created), record.levelname, record.name, redact(message)
        )
        with self._guard:
            self._entries.append(entry)

    def entries(self) -> tuple[LogEntry, ...]:
        """The entries kept, the newest first."""
        with self._guard:
            return tuple(reversed(self._entries))

    def clear(self) -> None:
        with self._guard:
            self._entries.clear()


RECENT = RecentProblems()
"""The running kiosk's: installed on the root logger by :func:`install`."""


OWN_LOGGERS = ("kiosk", "devices", "ui")
"""The kiosk's own parts log from INFO (a job sent, a device back); the libraries from WARNING, so a
library's request lines (an HTTP client's URLs) never reach the journal."""


def install() -> None:
    """Log to standard error in the kiosk's format and keep the recent problems (once per process)."""
    root = logging.getLogger()
    if not any(isinstance(handler, RecentProblems) for handler in root.handlers):
        if not root.handlers:
            stream = logging.StreamHandler(sys.stderr)
            stream.setFormatter(logging.Formatter(LOG_FORMAT))
            root.addHandler(stream)
        root.addHandler(RECENT)
    if root.level == logging.NOTSET:
        root.setLevel(logging.WARNING)
    for name in OWN_LOGGERS:
        own = logging.getLogger(name)
        if own.level == logging.NOTSET:
            own.setLevel(logging.INFO)
