"""The resident ID card reader: a GA/T 467 reader on a serial port (pyserial).

One read is find card (polled until a card is there) → select card → read
text + photo; the caller's ``on_card`` runs between finding the card and
selecting it, as the slow part (the SAM's authentication and the 1295-byte
reply) begins. Every expected failure comes back as a :class:`ReadFailure`
with a plain sentence; the port is (re)opened on demand, so a reader that is
unplugged and plugged back in recovers by itself. See docs/id-reader-ga467.md.
"""

from __future__ import annotations

import contextlib
import logging
import os
import termios
import time
from collections.abc import Callable

import serial

from devices.id_reader.base import IdentityRecord, ReaderStatus, ReadFailure, ReadResult
from devices.id_reader.ga467_protocol import (
    BadFrame,
    Command,
    FrameAssembler,
    Reply,
    ReplyError,
    Sw3Action,
    Sw3Code,
    encode_command,
    parse_reply,
)
from devices.id_reader.ga467_text import (
    TextBlockError,
    UnsupportedCardError,
    decode_text_block,
    parse_read_data,
)

log = logging.getLogger(__name__)

SW3_SUCCESS = 0x90
SW3_FIND_SUCCESS = 0x9F
FOUND = frozenset({SW3_FIND_SUCCESS, SW3_SUCCESS})  # readers answer find with 9F; some with 90
DONE = frozenset({SW3_SUCCESS})

NO_CARD_SENTENCE = "No card was placed on the reader."
PULLED_SENTENCE = "The card was taken away before it was read."
UNPLUGGED_SENTENCE = "The card reader is not connected."
BUSY_SENTENCE = "The card reader's port cannot be opened; another program may be using it."
LOST_SENTENCE = "The card reader was disconnected."
SILENT_SENTENCE = "The card reader does not answer."
GARBLED_SENTENCE = "The card reader's answers arrive damaged; check the cable."
CLOSED_SENTENCE = "The card reader has been shut down."
UNREADABLE_TEXT_SENTENCE = "The card's details could not be understood."
UNSUPPORTED_SENTENCE = "This kind of card cannot be used here."


class Ga467Reader:
    """A GA/T 467 resident ID card reader on ``port`` (``/dev/ttyUSB0``, a udev symlink, …)."""

    COMMAND_SECONDS = 0.5
    """How long to wait for the answer to find, select or SAM status. Readers
    answer these in a few tens of milliseconds; 0.5 s tells a dead line from a
    slow one without making the idle poll sluggish."""

    READ_SECONDS = 3.0
    """How long to wait for the answer to a read. The SAM authenticates the
    card and decrypts 1.3 KB, about 0.5–1 s on common readers, and the reply
    itself takes 0.11 s on the wire at 115200 baud."""

    LINK_ATTEMPTS = 3
    """Sends of one command when the line damages the frame (bad checksum, no
    answer, SW3 10/11) before the reader counts as not answering."""

    READ_ATTEMPTS = 3
    """Find → select → read rounds after a card-side failure (authentication,
    read failed) before the card counts as unreadable."""

    REOPEN_FIRST_SECONDS = 0.25
    REOPEN_MAX_SECONDS = 5.0
    """Back-off between attempts to reopen a port that is gone: quick to pick
    up a replugged reader, without hammering udev when it stays away."""

    def __init__(self, port: str, baud: int = 115200, *, poll_seconds: float = 0.3) -> None:
        if poll_seconds <= 0:
            raise ValueError("poll_seconds must be positive")
        self._port_name = port
        self._baud = baud
        self._poll_seconds = poll_seconds
        self._serial: serial.Serial | None = None
        self._assembler = FrameAssembler()
        self._open_failures = 0
        self._next_open_at = 0.0
        self._absent_sentence = UNPLUGGED_SENTENCE
        self._closed = False

    # -- IdReader -----------------------------------------------------------------
    @property
    def description(self) -> str:
        return f"GA/T 467 on {self._port_name}"

    @property
    def senses_presence(self) -> bool:
        # False on purpose: after a card has been selected and read it leaves the
        # idle state, and a find-card (REQB) no longer sees it until it is lifted
        # and placed again. So "find failed" does not prove the card is gone.
        return False

    def status(self) -> ReaderStatus:
        sam = self._exchange(Command.SAM_STATUS, self.COMMAND_SECONDS)
        if isinstance(sam, ReadFailure):
            return sam.status
        if sam.code.action is not Sw3Action.OK:
            return sam.code.status
        found = self._exchange(Command.FIND_CARD, self.COMMAND_SECONDS)
        if isinstance(found, ReadFailure):
            return found.status
        if found.sw3 in FOUND:
            return ReaderStatus.READY
        if found.code.action is Sw3Action.OK:
            return ReaderStatus.NO_CARD  # "no content" to a find: nothing found
        return found.code.status

    def card_present(self) -> bool:
        found = self._exchange(Command.FIND_CARD, self.COMMAND_SECONDS)
        return isinstance(found, Reply) and found.sw3 in FOUND

    def read(self, timeout: float, on_card: Callable[[], None] | None = None) -> ReadResult:
        deadline = time.monotonic() + timeout
        waiting: ReadFailure | None = None
        while True:
            found = self._exchange(Command.FIND_CARD, self.COMMAND_SECONDS)
            if isinstance(found, ReadFailure):
                return found
            if found.sw3 in FOUND:
                break
            action = found.code.action
            if action is Sw3Action.FAIL:
                return _failure(found.code)
            if action is Sw3Action.RETRY_CARD:
                # A card half in the field can make find stumble: keep polling.
                waiting = _failure(found.code)
            left = deadline - time.monotonic()
            if left <= 0:
                return waiting or ReadFailure(ReaderStatus.NO_CARD, NO_CARD_SENTENCE)
            time.sleep(min(self._poll_seconds, left))
        if on_card is not None:
            on_card()
        return self._select_and_read()

    def close(self) -> None:
        self._closed = True
        self._drop_port()

    # -- one read -------------------------------------------------------------------
    def _select_and_read(self) -> ReadResult:
        find = (Command.FIND_CARD, self.COMMAND_SECONDS, FOUND)
        select = (Command.SELECT_CARD, self.COMMAND_SECONDS, DONE)
        read = (Command.READ_TEXT_PHOTO, self.READ_SECONDS, DONE)
        last: ReadFailure | None = None
        for attempt in range(self.READ_ATTEMPTS):
            reply: Reply | None = None
            for command, seconds, success in ([find] if attempt else []) + [select, read]:
                answer = self._exchange(command, seconds)
                if isinstance(answer, ReadFailure):
                    return answer  # the reader itself is gone or garbled: no card retry helps
                if answer.sw3 not in success:
                    reply = None
                    if answer.code.action is Sw3Action.NO_CARD:
                        return _pulled()  # a card was found a moment ago
                    last = _failure(answer.code)
                    if answer.code.action is Sw3Action.FAIL:
                        return last
                    break
                reply = answer
            if reply is not None:
                # A text block that does not decode arrived with a good checksum, so
                # reading it again would give the same bytes: no retry.
                return _decode(reply)
        assert last is not None
        return last

    # -- the line -------------------------------------------------------------------
    def _exchange(self, command: Command, seconds: float) -> Reply | ReadFailure:
        """Send one command and wait for its reply, resending when the line damages either."""
        frame = encode_command(command)
        damaged = False
        for _ in range(self.LINK_ATTEMPTS):
            port = self._open_port()
            if isinstance(port, ReadFailure):
                return port
            try:
                port.reset_input_buffer()
                self._assembler.clear()
                port.write(frame)
                outcome = self._await_reply(port, seconds)
            except (serial.SerialException, OSError, termios.error):
                # termios.error (not an OSError) is what flushing a vanished tty raises.
                log.warning("the card reader on %s went away", self._port_name)
                self._lose_port()
                return ReadFailure(ReaderStatus.NO_DEVICE, LOST_SENTENCE)
            if isinstance(outcome, Reply):
                if outcome.code.action is not Sw3Action.RESEND:
                    return outcome
                damaged = True
            elif isinstance(outcome, BadFrame):
                damaged = True
            log.info("resending %s to the card reader on %s", command.name, self._port_name)
        if damaged:
            return ReadFailure(ReaderStatus.NO_DEVICE, GARBLED_SENTENCE)
        log.warning("the card reader on %s does not answer", self._port_name)
        # Reopen next time: a USB serial adapter that stopped answering often
        # comes back after a close and open.
        self._lose_port()
        return ReadFailure(ReaderStatus.NO_DEVICE, SILENT_SENTENCE)

    def _await_reply(self, port: serial.Serial, seconds: float) -> Reply | BadFrame | None:
        deadline = time.monotonic() + seconds
        while True:
            frame = self._assembler.next_frame()
            if isinstance(frame, BadFrame):
                return frame
            if frame is not None:
                try:
                    return parse_reply(frame)
                except ReplyError:
                    return BadFrame("short")
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            port.timeout = left
            # Block for as many bytes as the frame in progress still needs, so a
            # 1295-byte reply costs a handful of system calls, not hundreds.
            self._assembler.feed(port.read(max(self._assembler.wanted(), port.in_waiting)))

    def _open_port(self) -> serial.Serial | ReadFailure:
        if self._closed:
            return ReadFailure(ReaderStatus.NO_DEVICE, CLOSED_SENTENCE)
        if self._serial is not None:
            return self._serial
        now = time.monotonic()
        if now < self._next_open_at:
            return ReadFailure(ReaderStatus.NO_DEVICE, self._absent_sentence)
        try:
            port = serial.Serial(self._port_name, self._baud, timeout=self.COMMAND_SECONDS, exclusive=True)
        except (serial.SerialException, OSError, ValueError):
            self._open_failures += 1
            delay = self.REOPEN_FIRST_SECONDS * 2 ** min(self._open_failures - 1, 8)
            self._next_open_at = now + min(delay, self.REOPEN_MAX_SECONDS)
            self._absent_sentence = BUSY_SENTENCE if os.path.exists(self._port_name) else UNPLUGGED_SENTENCE
            if self._open_failures == 1:
                log.warning("cannot open the card reader on %s", self._port_name)
            return ReadFailure(ReaderStatus.NO_DEVICE, self._absent_sentence)
        if self._open_failures:
            log.info("the card reader on %s is back", self._port_name)
        self._open_failures = 0
        self._serial = port
        return port

    def _lose_port(self) -> None:
        self._drop_port()
        self._next_open_at = 0.0  # try again at once; the back-off starts if that fails

    def _drop_port(self) -> None:
        port, self._serial = self._serial, None
        self._assembler.clear()
        if port is not None:
            # A port whose device is gone may fail to close; there is nothing left to release.
            with contextlib.suppress(serial.SerialException, OSError, termios.error):
                port.close()


def _failure(code: Sw3Code) -> ReadFailure:
    if code.status is ReaderStatus.READY:
        # A success code that is not the one this step answers with (say "no
        # content" to a read) leaves the card unread.
        return ReadFailure(ReaderStatus.CARD_ERROR, UNREADABLE_TEXT_SENTENCE)
    return ReadFailure(code.status, code.sentence)


def _pulled() -> ReadFailure:
    return ReadFailure(ReaderStatus.NO_CARD, PULLED_SENTENCE, card_pulled=True)


def _decode(answer: Reply) -> IdentityRecord | ReadFailure:
    try:
        data = parse_read_data(answer.data)
        return decode_text_block(data.text, data.photo)
    except UnsupportedCardError:
        return ReadFailure(ReaderStatus.CARD_ERROR, UNSUPPORTED_SENTENCE)
    except (ReplyError, TextBlockError):
        return ReadFailure(ReaderStatus.CARD_ERROR, UNREADABLE_TEXT_SENTENCE)
