"""The social security card (社会保障卡) on a PC/SC reader, through pyscard and pcscd.

A watcher thread keeps one PC/SC context open and blocks in
``SCardGetStatusChange`` on the chosen reader and on pcscd's reader-list
notification, so :meth:`PcscReader.card_present` follows the card (for "please
take your card") and a reader plugged in later is picked up. When pcscd goes
away (restart, crash, upgrade) every call on the old context fails with
``SCARD_E_NO_SERVICE`` for good: the watcher drops the context and
establishes a new one, backing off from 0.1 s to 5 s.

Why not pyscard's ``CardMonitor``: it is a process-wide singleton whose thread
stops for good on ``SCARD_E_NO_SERVICE`` (so it does not survive a pcscd
restart), prints tracebacks to stderr, and cannot be stopped before its 60 s
wait ends. The watcher here uses the same pyscard calls (``smartcard.scard``)
with a lifetime the adapter controls: :meth:`close` cancels the wait and joins
the thread.

Each read uses a fresh context of its own, so a read is never given a context
that a pcscd restart has already broken. The caller's ``on_card`` runs as soon
as the watcher reports a card in the reader, before the connection and the
APDUs (a few records at a time; a slow card takes a second or more).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any, cast

from smartcard import scard

from devices.id_reader import ssse
from devices.id_reader.base import IdentityRecord, ReaderStatus, ReadFailure, ReadResult

log = logging.getLogger(__name__)

PNP = "\\\\?PnP?\\Notification"
"""pcscd's pseudo reader that changes when readers come and go."""

BACKOFF_FIRST = 0.1
BACKOFF_MAX = 5.0
WAIT_MS = 10_000  # a bound on each blocking wait, in case a cancel is lost
REMOVAL_GRACE = 1.0
"""After a broken exchange, how long to wait for the reader to report the card gone.

Readers (and pcscd's polling of drivers without interrupts) report a removal a
little after the connection to the card breaks; a card still there after this
is a card that answers wrongly, not a card that was pulled.
"""

SERVICE_DOWN = "The card reader service (pcscd) is not running."
READER_MISSING = "The card reader is not connected."
CARD_PULLED = "The card was taken away before it was read."
UNREADABLE = "The card could not be read."

_SERVICE_GONE = {
    scard.SCARD_E_NO_SERVICE & 0xFFFFFFFF,
    scard.SCARD_E_SERVICE_STOPPED & 0xFFFFFFFF,
    scard.SCARD_E_INVALID_HANDLE & 0xFFFFFFFF,
    scard.SCARD_F_COMM_ERROR & 0xFFFFFFFF,
}
_CARD_GONE = {scard.SCARD_W_REMOVED_CARD & 0xFFFFFFFF, scard.SCARD_E_NO_SMARTCARD & 0xFFFFFFFF}
_READER_GONE = {
    scard.SCARD_E_UNKNOWN_READER & 0xFFFFFFFF,
    scard.SCARD_E_READER_UNAVAILABLE & 0xFFFFFFFF,
    scard.SCARD_E_NO_READERS_AVAILABLE & 0xFFFFFFFF,
}


def _code(hresult: Any) -> int:
    return int(hresult) & 0xFFFFFFFF


def _message(hresult: int) -> str:
    return cast(str, scard.SCardGetErrorMessage(hresult)).strip().rstrip(".")


class _ServiceGoneError(Exception):
    """pcscd does not answer on this context (internal: the watcher re-establishes)."""


class _ExchangeBrokenError(Exception):
    """An APDU got no usable answer: the card left, or it answers nonsense."""

    def __init__(self, hresult: int) -> None:
        super().__init__(f"exchange failed ({hresult:08X})")
        self.hresult = hresult


class PcscReader:
    """An :class:`~devices.id_reader.base.IdReader` for social security cards on a PC/SC reader.

    ``reader_name`` is a substring (case-insensitive) of the reader's PC/SC
    name, to choose among several readers; None takes the first reader.
    """

    def __init__(self, reader_name: str | None = None) -> None:
        self._wanted = reader_name
        self._lock = threading.Condition()
        # Shared with the watcher thread; guarded by _lock.
        self._service_up = False
        self._reader: str | None = None
        self._present = False
        self._scanned = False  # the watcher has looked at least once
        self._watch_context: int | None = None
        self._stopping = threading.Event()
        self._watcher = threading.Thread(target=self._watch, name="pcsc-watch", daemon=True)
        self._watcher.start()

    # -- IdReader --------------------------------------------------------------
    @property
    def description(self) -> str:
        with self._lock:
            reader, service_up = self._reader, self._service_up
        if reader is not None:
            return f"PC/SC reader '{reader}'"
        wanted = f"matching '{self._wanted}'" if self._wanted else "(first found)"
        return f"PC/SC reader {wanted}, " + ("not found" if service_up else "pcscd not running")

    @property
    def senses_presence(self) -> bool:
        return True

    def status(self) -> ReaderStatus:
        with self._lock:
            self._lock.wait_for(lambda: self._scanned, timeout=2.0)
            if not self._service_up or self._reader is None:
                return ReaderStatus.NO_DEVICE
            return ReaderStatus.READY if self._present else ReaderStatus.NO_CARD

    def card_present(self) -> bool:
        with self._lock:
            return self._present

    def read(self, timeout: float, on_card: Callable[[], None] | None = None) -> ReadResult:
        with self._lock:
            # A reader that is missing (or pcscd restarting) may come back within the timeout.
            self._lock.wait_for(lambda: self._present or self._stopping.is_set(), timeout=max(0.0, timeout))
            if not self._present:
                if not self._service_up:
                    return ReadFailure(ReaderStatus.NO_DEVICE, SERVICE_DOWN)
                if self._reader is None:
                    return ReadFailure(ReaderStatus.NO_DEVICE, READER_MISSING)
                return ReadFailure(ReaderStatus.NO_CARD, "No card was placed on the reader.")
            reader = self._reader
        assert reader is not None
        if on_card is not None:
            on_card()  # outside the lock, which the watcher thread needs to report a removal
        return self._read_card(reader)

    def close(self) -> None:
        self._stopping.set()
        with self._lock:
            self._lock.notify_all()
        # Cancel until the watcher is out: a cancel that lands between two waits is lost.
        deadline = time.monotonic() + 5.0
        while self._watcher.is_alive() and time.monotonic() < deadline:
            with self._lock:
                context = self._watch_context
            if context is not None:
                scard.SCardCancel(context)
            self._watcher.join(timeout=0.1)

    # -- reading ---------------------------------------------------------------
    def _read_card(self, reader: str) -> ReadResult:
        hresult, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
        if _code(hresult) != scard.SCARD_S_SUCCESS:
            return ReadFailure(ReaderStatus.NO_DEVICE, SERVICE_DOWN)
        try:
            hresult, card, protocol = scard.SCardConnect(
                context, reader, scard.SCARD_SHARE_SHARED, scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1
            )
            code = _code(hresult)
            if code != scard.SCARD_S_SUCCESS:
                return self._connect_failure(code)
            try:
                return self._read_connected(card, int(protocol))
            finally:
                scard.SCardDisconnect(card, scard.SCARD_RESET_CARD)
        finally:
            scard.SCardReleaseContext(context)

    def _connect_failure(self, code: int) -> ReadFailure:
        if code in _CARD_GONE:
            return ReadFailure(ReaderStatus.NO_CARD, CARD_PULLED, card_pulled=True)
        if code in _SERVICE_GONE:
            return ReadFailure(ReaderStatus.NO_DEVICE, SERVICE_DOWN)
        if code in _READER_GONE:
            return ReadFailure(ReaderStatus.NO_DEVICE, READER_MISSING)
        log.info("the card did not take a connection: %s", _message(code))
        return ReadFailure(ReaderStatus.CARD_ERROR, UNREADABLE)

    def _read_connected(self, card: int, protocol: int) -> ReadResult:
        def transmit(apdu: bytes) -> tuple[bytes, int]:
            hresult, response = scard.SCardTransmit(card, protocol, list(apdu))
            code = _code(hresult)
            if code != scard.SCARD_S_SUCCESS or len(response) < 2:
                raise _ExchangeBrokenError(code)
            return bytes(response[:-2]), response[-2] << 8 | response[-1]

        try:
            record: IdentityRecord = ssse.read_identity(transmit)
        except ssse.CardAnswerError as exc:
            log.info("the card is not a readable social security card: %s", exc)
            return ReadFailure(ReaderStatus.CARD_ERROR, UNREADABLE)
        except _ExchangeBrokenError as exc:
            if exc.hresult in _SERVICE_GONE:
                return ReadFailure(ReaderStatus.NO_DEVICE, SERVICE_DOWN)
            if exc.hresult in _CARD_GONE or self._removed_within(REMOVAL_GRACE):
                return ReadFailure(ReaderStatus.NO_CARD, CARD_PULLED, card_pulled=True)
            log.info("the card gave no usable answer (%08X)", exc.hresult)
            return ReadFailure(ReaderStatus.CARD_ERROR, UNREADABLE)
        return record

    def _removed_within(self, seconds: float) -> bool:
        with self._lock:
            return self._lock.wait_for(lambda: not self._present, timeout=seconds)

    # -- watching --------------------------------------------------------------
    def _watch(self) -> None:
        backoff = BACKOFF_FIRST
        reported_down = False
        while not self._stopping.is_set():
            hresult, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
            if _code(hresult) == scard.SCARD_S_SUCCESS:
                with self._lock:
                    self._watch_context = context
                    self._service_up = True
                if reported_down:
                    log.info("pcscd answers again")
                reported_down = False
                try:
                    self._watch_readers(context)
                    backoff = BACKOFF_FIRST
                except _ServiceGoneError:
                    pass
                except Exception:  # a bug here must not stop presence sensing for good
                    log.exception("the PC/SC watcher failed; starting over")
                finally:
                    with self._lock:
                        self._watch_context = None
                    scard.SCardReleaseContext(context)
            if self._stopping.is_set():
                break
            if not reported_down:
                log.warning("pcscd does not answer; retrying with back-off up to %.0f s", BACKOFF_MAX)
                reported_down = True
            self._publish(service_up=False, reader=None, present=False)
            self._stopping.wait(backoff)
            backoff = min(backoff * 2, BACKOFF_MAX)

    def _watch_readers(self, context: int) -> None:
        """Follow the chosen reader until pcscd goes away (raises _ServiceGoneError) or close()."""
        states: dict[str, int] = {PNP: scard.SCARD_STATE_UNAWARE}
        while not self._stopping.is_set():
            hresult, names = scard.SCardListReaders(context, [])
            code = _code(hresult)
            if code in _READER_GONE:
                names = []
            elif code != scard.SCARD_S_SUCCESS:
                raise _ServiceGoneError
            reader = self._choose(list(names))
            states = {name: state for name, state in states.items() if name in (PNP, reader)}
            if reader is not None:
                states.setdefault(reader, scard.SCARD_STATE_UNAWARE)
            self._wait_for_change(context, states, 0)  # learn the state of a reader new to us
            present = reader is not None and self._card_in(states[reader])
            self._publish(service_up=True, reader=reader, present=present)
            self._wait_for_change(context, states, WAIT_MS)

    def _wait_for_change(self, context: int, states: dict[str, int], timeout_ms: int) -> None:
        hresult, changed = scard.SCardGetStatusChange(context, timeout_ms, list(states.items()))
        code = _code(hresult)
        if code in (scard.SCARD_E_TIMEOUT, scard.SCARD_E_CANCELLED) or code in _READER_GONE:
            return  # nothing new, closing, or the reader left: the caller lists the readers again
        if code != scard.SCARD_S_SUCCESS:
            raise _ServiceGoneError
        for name, event_state, _atr in changed:
            # Acknowledge the change so the next wait blocks until something new happens.
            states[name] = event_state & ~scard.SCARD_STATE_CHANGED

    @staticmethod
    def _card_in(state: int) -> bool:
        # A mute card (no ATR: upside down, dirty contacts) is still a card: reading it says so.
        return bool(state & scard.SCARD_STATE_PRESENT)

    def _choose(self, names: list[str]) -> str | None:
        if self._wanted is None:
            return names[0] if names else None
        wanted = self._wanted.casefold()
        return next((name for name in names if wanted in name.casefold()), None)

    def _publish(self, *, service_up: bool, reader: str | None, present: bool) -> None:
        with self._lock:
            news = (service_up, reader, present)
            if not self._scanned or news != (self._service_up, self._reader, self._present):
                self._service_up, self._reader, self._present = news
                self._scanned = True
                self._lock.notify_all()
