"""A scriptable ID card reader for the demo, the UI and fault injection.

A developer (or a test) places and removes cards and queues faults while the
kiosk runs; the reader behaves like a real one would. A read can be made to
take a while (``read_seconds``, a slow card or a retried read): taking the card
away during that time is a card pulled mid-read, as on a real reader.
"""

from __future__ import annotations

import enum
import threading
import time
from collections import deque
from collections.abc import Callable

import numpy as np

from devices.id_reader.base import CardPhoto, FaceImage, IdentityRecord, ReaderStatus, ReadFailure, ReadResult


class ReaderFault(enum.Enum):
    CARD_PULLED_MID_READ = "card_pulled_mid_read"
    CARD_ERROR = "card_error"  # the card does not answer properly
    SAM_FAULT = "sam_fault"
    UNPLUGGED = "unplugged"  # the reader vanishes (until replug())


class MockIdReader:
    def __init__(self, *, senses_presence: bool = True, read_seconds: float = 0.0) -> None:
        """``read_seconds``: how long reading a card takes once it is there. 0 (the default) keeps
        the tests and the demo quick; a GA/T 467 read takes about 0.12 s, a slow PC/SC card a second."""
        self._lock = threading.Condition()
        self._card: IdentityRecord | None = None
        self._placings = 0  # counts every insert and remove, so a read can tell the card moved
        self._faults: deque[ReaderFault] = deque()
        self._unplugged = False
        self._senses_presence = senses_presence
        self._read_seconds = read_seconds
        self.reads = 0

    # -- scripting -----------------------------------------------------------
    def insert(self, record: IdentityRecord) -> None:
        with self._lock:
            self._card = record
            self._placings += 1
            self._lock.notify_all()

    def remove(self) -> None:
        with self._lock:
            self._card = None
            self._placings += 1
            self._lock.notify_all()

    def inject(self, fault: ReaderFault) -> None:
        """Make the next read fail this way (faults queue up, one per read)."""
        with self._lock:
            if fault is ReaderFault.UNPLUGGED:
                self._unplugged = True
            else:
                self._faults.append(fault)
            self._lock.notify_all()

    def replug(self) -> None:
        with self._lock:
            self._unplugged = False
            self._lock.notify_all()

    def set_read_seconds(self, seconds: float) -> None:
        """How long a read takes from now on; a read under way ends by the new time (0: at once)."""
        with self._lock:
            self._read_seconds = seconds
            self._lock.notify_all()

    # -- IdReader ------------------------------------------------------------
    @property
    def description(self) -> str:
        return "mock ID reader"

    @property
    def senses_presence(self) -> bool:
        return self._senses_presence

    def status(self) -> ReaderStatus:
        with self._lock:
            if self._unplugged:
                return ReaderStatus.NO_DEVICE
            return ReaderStatus.READY if self._card is not None else ReaderStatus.NO_CARD

    def card_present(self) -> bool:
        with self._lock:
            return self._card is not None and not self._unplugged

    def read(self, timeout: float, on_card: Callable[[], None] | None = None) -> ReadResult:
        deadline = time.monotonic() + timeout
        with self._lock:
            while self._card is None and not self._unplugged:
                left = deadline - time.monotonic()
                if left <= 0:
                    return ReadFailure(ReaderStatus.NO_CARD, "No card was placed on the reader.")
                self._lock.wait(left)
            if self._unplugged:
                return ReadFailure(ReaderStatus.NO_DEVICE, "The card reader does not answer.")
            self.reads += 1
            fault = self._faults.popleft() if self._faults else None
            card, placing = self._card, self._placings
        if on_card is not None:
            on_card()  # outside the lock: the callback may look at the reader's scripting state
        with self._lock:
            started = time.monotonic()
            # The read takes its time; the card leaving (or the reader going) ends it early.
            while self._placings == placing and not self._unplugged:
                left = started + self._read_seconds - time.monotonic()
                if left <= 0:
                    break
                self._lock.wait(left)
            pulled = self._placings != placing
            unplugged = self._unplugged
        if unplugged:
            return ReadFailure(ReaderStatus.NO_DEVICE, "The card reader does not answer.")
        if fault is ReaderFault.CARD_PULLED_MID_READ:
            self.remove()
            pulled = True
        if pulled:
            return ReadFailure(
                ReaderStatus.NO_CARD, "The card was taken away before it was read.", card_pulled=True
            )
        if fault is ReaderFault.CARD_ERROR:
            return ReadFailure(ReaderStatus.CARD_ERROR, "The card could not be read.")
        if fault is ReaderFault.SAM_FAULT:
            return ReadFailure(ReaderStatus.SAM_FAULT, "The reader's security module failed.")
        assert card is not None
        return card

    def close(self) -> None:
        pass


class MockPhotoDecoder:
    """Stands for a vendor WLT decoder in the demo: any card photo becomes a plain 102×126 picture.

    The demo's face check is scripted too, so the picture's content never matters.
    """

    def decode(self, photo: CardPhoto) -> FaceImage | None:
        return np.full((126, 102, 3), 180, dtype=np.uint8)
