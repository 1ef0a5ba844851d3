"""The receipt printer interface.

A receipt is a short list of blocks (text lines, a QR code, a rule, a feed)
that the kiosk composes; the adapter turns it into the printer's own bytes.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Protocol, runtime_checkable


class ReceiptPrinterStatus(enum.StrEnum):
    READY = "ready"
    PAPER_NEAR_END = "paper_near_end"
    PAPER_OUT = "paper_out"
    COVER_OPEN = "cover_open"
    OFFLINE = "offline"

    @property
    def can_print(self) -> bool:
        return self in (ReceiptPrinterStatus.READY, ReceiptPrinterStatus.PAPER_NEAR_END)


class Align(enum.StrEnum):
    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"


@dataclass(frozen=True, slots=True)
class TextLine:
    text: str
    align: Align = Align.LEFT
    bold: bool = False
    large: bool = False  # double width and height


@dataclass(frozen=True, slots=True)
class QrCode:
    data: str
    module_size: int = 4


@dataclass(frozen=True, slots=True)
class Rule:
    """A full-width dashed line."""


@dataclass(frozen=True, slots=True)
class Feed:
    lines: int = 1


ReceiptBlock = TextLine | QrCode | Rule | Feed


@dataclass(frozen=True, slots=True)
class Receipt:
    blocks: tuple[ReceiptBlock, ...]
    paper_width_mm: int = 80  # 58 or 80
    cut: bool = True

    def __post_init__(self) -> None:
        if self.paper_width_mm not in (58, 80):
            raise ValueError(f"paper width must be 58 or 80 mm, not {self.paper_width_mm}")


class ReceiptOutcome(enum.StrEnum):
    PRINTED = "printed"
    NOT_STARTED = "not_started"  # the printer was not ready: nothing was sent
    FAILED = "failed"  # something was sent but the job did not finish


@dataclass(frozen=True, slots=True)
class ReceiptResult:
    outcome: ReceiptOutcome
    status: ReceiptPrinterStatus
    detail: str = ""


@runtime_checkable
class ReceiptPrinter(Protocol):
    """A receipt printer. Blocking; always used through a DeviceWorker."""

    @property
    def description(self) -> str: ...

    def status(self) -> ReceiptPrinterStatus:
        """Ask the printer. No answer is OFFLINE, never 'paper OK'."""
        ...

    def print_receipt(self, receipt: Receipt) -> ReceiptResult:
        """Check status, then print. Never reports PRINTED for a job that failed."""
        ...

    def close(self) -> None: ...
