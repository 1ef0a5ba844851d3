"""The identity card reader interface.

A reader waits for a card, reads it, and returns either an
:class:`IdentityRecord` or a :class:`ReadFailure`. Expected failures (no card,
a card pulled mid-read, a SAM fault, the reader unplugged) are values, never
exceptions.

Identity data is personal data: an ``IdentityRecord`` lives in memory for one
session. Its ``repr`` is masked so it cannot leak into a log or a traceback.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Protocol, TypeAlias, runtime_checkable

if TYPE_CHECKING:  # numpy is imported by whoever makes images, not by everyone naming the type
    import numpy as np
    import numpy.typing as npt


class ReaderStatus(enum.StrEnum):
    READY = "ready"
    NO_CARD = "no_card"
    CARD_ERROR = "card_error"
    SAM_FAULT = "sam_fault"
    NO_DEVICE = "no_device"


class CardType(enum.StrEnum):
    """The kind of card read: carried as this enum from the reader to the screens."""

    RESIDENT_ID = "resident_id"
    RESIDENCE_PERMIT_HMT = "residence_permit_hmt"
    SOCIAL_SECURITY = "social_security"
    # 外国人永久居留身份证: the 2017 card (15-character number, no check digit) and the 2023 card
    # (18-character number starting with 9, GB 11643 check digit).
    FOREIGN_PERMANENT_2017 = "foreign_permanent_2017"
    FOREIGN_PERMANENT_2023 = "foreign_permanent_2023"

    @property
    def foreign(self) -> bool:
        """A foreigner's permanent residence card (either version)."""
        return self in (CardType.FOREIGN_PERMANENT_2017, CardType.FOREIGN_PERMANENT_2023)


@dataclass(frozen=True, slots=True)
class CardPhoto:
    """The photo stored on the card, kept as opaque bytes (WLT on resident IDs)."""

    format: str
    data: bytes = field(repr=False)

    def __repr__(self) -> str:
        return f"CardPhoto(format={self.format!r}, bytes={len(self.data)})"


@dataclass(frozen=True, slots=True)
class IdentityRecord:
    """What a card says about its holder. Fields a card does not carry are None."""

    card_type: CardType
    name: str
    id_number: str
    sex: str | None = None  # in words: 男, 女, 未知的性别, 未说明的性别
    nation: str | None = None  # in words: 汉, 蒙古 …
    birth_date: date | None = None
    address: str | None = None
    issuer: str | None = None
    valid_from: date | None = None
    valid_until: date | None = None  # None means 长期 (no expiry) when valid_from is set
    photo: CardPhoto | None = None
    permit_number: str | None = None  # residence permit for HK/Macao/Taiwan residents
    issue_count: int | None = None
    # The foreigner's permanent residence card: the name in Latin letters (``name`` is the Chinese
    # name when the card has one, else this) and the nationality (ISO 3166 alpha-3).
    english_name: str | None = None
    nationality: str | None = None

    def __repr__(self) -> str:
        tail = self.id_number[-4:] if len(self.id_number) >= 4 else "?"
        return (
            f"IdentityRecord(card_type={self.card_type.value}, id_number=…{tail}, <personal fields hidden>)"
        )

    __str__ = __repr__


@dataclass(frozen=True, slots=True)
class ReadFailure:
    """A read that did not give a record: why, as a status and a plain sentence."""

    status: ReaderStatus
    detail: str
    card_pulled: bool = False  # the card left the reader part-way through


ReadResult = IdentityRecord | ReadFailure


@runtime_checkable
class IdReader(Protocol):
    """A card reader. Blocking; always used through a DeviceWorker."""

    @property
    def description(self) -> str:
        """Where the reader is, for the diagnostics screen: 'GA/T 467 on /dev/ttyUSB0'."""
        ...

    @property
    def senses_presence(self) -> bool:
        """True when :meth:`card_present` reflects the card really being there."""
        ...

    def status(self) -> ReaderStatus: ...

    def read(self, timeout: float, on_card: Callable[[], None] | None = None) -> ReadResult:
        """Wait up to ``timeout`` seconds for a card, then read it.

        No card before the timeout is ``ReadFailure(NO_CARD)``.

        ``on_card`` is called once, on the calling (worker) thread, as soon as a
        card is there and reading it begins, before the slow part (the SAM's
        authentication, the APDUs): the kiosk shows "reading your card" from
        then on. It is not called when no card came. It must be quick and must
        not call the reader; it is given nothing, so no personal data can pass
        through it.
        """
        ...

    def card_present(self) -> bool: ...

    def close(self) -> None: ...


FaceImage: TypeAlias = "npt.NDArray[np.uint8]"


class PhotoDecoder(Protocol):
    """Turns a card's photo bytes into an image (BGR, uint8).

    The resident ID photo is in the vendor's WLT format and only a vendor
    library decodes it; with no decoder installed the face check uses another
    reference (the registered photo from the document source).
    """

    def decode(self, photo: CardPhoto) -> FaceImage | None: ...
