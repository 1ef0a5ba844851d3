"""The wire format between a kiosk and the central service: one versioned module both sides import.

A kiosk writes each record the centre needs into its outbox (:mod:`kiosk.storage.outbox`) as one of
the payloads below; the shipper sends them in a :class:`Batch`; the centre answers with an
:class:`Acknowledgement` (the highest sequence number it holds with none missing below it) or a
:class:`Refusal`. The shapes are plain dataclasses whose limits are ``Annotated`` metadata, the way
:mod:`kiosk.config` does it: the kiosk builds them without importing pydantic (the touchscreen's
start does not pay for it), and the centre validates what arrives against the same types with
pydantic (:mod:`central.ingest`).

Versions: every outbox row carries the :data:`SCHEMA_VERSION` its payload was written in. A centre
refuses a row whose version is newer than its own instead of guessing what it means; the kiosk keeps
the row and sends it again once the centre is upgraded. Change a shape only together with a new
version, and keep reading the old one.

Data policy: no payload has a field for a name, an ID number (full or masked), an address, a photo
or a face. Repeat visitors are counted by ``id_hash``, the keyed hash the kiosk already stores
(docs/fleet.md says what a per-kiosk or per-hall key allows).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal, TypeAlias

from annotated_types import Ge, Le, MinLen

from kiosk.audit import AuditEvent
from kiosk.parts import Part
from kiosk.print_journal import PrintJobState
from kiosk.ratings import CHANNEL, RatingReason

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler
    from pydantic_core import CoreSchema

SCHEMA_VERSION = 2
"""The newest payload shapes this code writes and reads. 2: a rating carries what a provincial
好差评 system files it under (item code, channel, kiosk, times, outcome, reasons' version) and,
when the citizen asked for a call back, the number sealed for the centre; a version 1 rating is read as before
(the new fields have defaults)."""
WIRE_VERSION = 1
"""The batch envelope's version (a :class:`Batch` says ``wire: 1``)."""

INGEST_PATH = "/v1/ingest"
MAX_BATCH_ROWS = 1000
"""The most rows one batch may carry (a kiosk sends fewer: ``[sync] batch_rows``)."""
MAX_BATCH_BYTES = 4_000_000
"""The largest request body the centre reads; a batch of MAX_BATCH_ROWS sessions is ≈ 0.5 MB."""
MAX_DETAIL_KEYS = 16
"""An audit event's detail is a few words and numbers (a score, a status, a test's name)."""


class _Closed:
    # Read by pydantic on the centre: a field the wire has no place for is refused, not dropped,
    # so a kiosk can never slip a name or a number past the shapes below.
    __slots__ = ()
    __pydantic_config__: ClassVar[dict[str, object]] = {"extra": "forbid"}


@dataclass(frozen=True, slots=True)
class MaxItems:
    """``Annotated`` metadata: the most items a list or mapping may hold (checked by the centre)."""

    count: int

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return {**handler(source), "max_length": self.count}


@dataclass(frozen=True, slots=True)
class Matches:
    """``Annotated`` metadata: the text must match ``pattern`` (checked by the centre)."""

    pattern: str

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return {**handler(source), "pattern": self.pattern}


@dataclass(frozen=True, slots=True)
class TaggedBy:
    """``Annotated`` metadata on a union of payloads: ``key`` names the member, so the centre
    checks a row against its own kind only, and says what is wrong with it in those terms."""

    key: str
    tags: tuple[str, ...]  # the members' tags, in the union's order

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        union: Any = handler(source)
        choices = dict(zip(self.tags, union["choices"], strict=True))
        return {"type": "tagged-union", "choices": choices, "discriminator": self.key}


UUID_TEXT = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
Uuid = Annotated[str, Matches(UUID_TEXT)]
RecordId = Annotated[str, Matches(r"^[A-Za-z0-9_.:-]{1,48}$")]
"""A session's, a print job's or an audit event's id on the kiosk (a UUID where the kiosk makes it)."""
Word = Annotated[str, Matches(r"^[A-Za-z0-9_.:-]{1,48}$")]
"""An identifier from a closed set or the configuration: a service id, an outcome, a status."""
Sentence = Annotated[str, Matches(r"^[^\x00]{0,300}$")]
"""A device's or the kiosk's own short sentence (why a part is down). Never a citizen's data."""
KioskId = Annotated[str, Matches(r"^[A-Za-z0-9][A-Za-z0-9_-]{1,31}$")]
ItemCode = Annotated[str, Matches(r"^[A-Za-z0-9_.-]{1,64}$")]
SealedContact = Annotated[str, Matches(r"^ck1\.[A-Za-z0-9_-]{60,700}$")]
"""A call-back number (回访), given with consent beside a poor rating, sealed on the kiosk for the
centre's contact key (:mod:`kiosk.contact_seal`): ``ck1.`` and base64url (unpadded) of an ephemeral
X25519 public key (32 bytes), a nonce (12) and the AES-256-GCM ciphertext, the key from HKDF-SHA256
over the shared secret. The kiosk cannot open it; only the centre's console can, for the one person
handling that rating's follow-up, and it deletes it when the follow-up closes (docs/console.md)."""
Seq = Annotated[int, Ge(1)]


class RecordKind(enum.StrEnum):
    """What an outbox row is. The values are stored on both sides: they never change."""

    SESSION = "session"  # a citizen's visit, once it ended: service, band, mode, language, outcome
    RATING = "rating"  # 好差评: the level, for a poor one its reasons, and an encrypted call-back number
    PRINT_JOB = "print_job"  # a print job entering a state
    DEVICE_STATUS = "device_status"  # a part's status, when it changed
    AUDIT = "audit"  # an audit event: help requests and self-test results among them
    HEARTBEAT = "heartbeat"  # the readiness summary, every minute


@dataclass(frozen=True, slots=True, kw_only=True)
class SessionPayload(_Closed):
    """A citizen's visit, written once when it ends (a visit cut short by a crash never ends)."""

    kind: Literal["session"] = "session"
    session_id: RecordId
    service_id: Word
    started_at: datetime  # the kiosk's local wall time, as ``kiosk stats`` counts it
    ended_at: datetime
    outcome: Word  # kiosk.journey's Outcome values
    fault_part: Part | None = None
    elderly: bool = False
    language: Word = "zh_CN"
    card_type: Word | None = None
    id_hash: Annotated[str, Matches(r"^(?:t1:[0-9a-f]{5}|[0-9a-f]{64})$")] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class RatingPayload(_Closed):
    kind: Literal["rating"] = "rating"
    session_id: RecordId
    service_id: Word
    level: Annotated[int, Ge(1), Le(5)]  # 5 非常满意 … 1 非常不满意
    reasons: Annotated[tuple[RatingReason, ...], MaxItems(len(RatingReason))] = ()
    # schema 2: what a provincial 好差评 system files a rating under (GB/T 39734)
    service_item_code: ItemCode | None = None  # the service's 政务服务事项编码, from the configuration
    channel: Annotated[str, Matches(r"^[^\x00]{1,16}$")] = CHANNEL  # 评价渠道
    kiosk_id: KioskId | None = None
    outcome: Word | None = None  # how the visit ended: failed visits are rated too
    started_at: datetime | None = None  # the visit's times (local wall time)
    ended_at: datetime | None = None
    rated_at: datetime | None = None
    reasons_version: Word | None = None  # the configured list of reasons the screen offered
    with_contact: bool = False  # the citizen asked for a call back (回访)
    contact: SealedContact | None = None  # the number, sealed for the centre: never in clear on the wire


@dataclass(frozen=True, slots=True, kw_only=True)
class PrintJobPayload(_Closed):
    kind: Literal["print_job"] = "print_job"
    job_id: RecordId
    session_id: RecordId
    service_id: Word
    state: PrintJobState
    pages: Annotated[int, Ge(0), Le(10_000)]
    copies: Annotated[int, Ge(1), Le(100)]
    reprint_code: Word  # random: it names the job at a window, not the citizen
    detail: Sentence | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class DeviceStatusPayload(_Closed):
    kind: Literal["device_status"] = "device_status"
    part: Part
    status: Word  # the part's own status enum's value
    detail: Sentence | None = None


DetailValue: TypeAlias = Annotated[str, Matches(r"^[^\x00]{0,120}$")] | int | float | bool | None


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditPayload(_Closed):
    kind: Literal["audit"] = "audit"
    event_id: RecordId
    type: AuditEvent
    phase: Literal["start", "finish", "once"]
    session_id: RecordId | None = None
    pairs_with: RecordId | None = None  # a finish names its start
    outcome: Word | None = None
    detail: Annotated[dict[Word, DetailValue], MaxItems(MAX_DETAIL_KEYS)] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class UnavailableService(_Closed):
    service_id: Word
    part: Part
    status: Word


@dataclass(frozen=True, slots=True, kw_only=True)
class HeartbeatPayload(_Closed):
    """The readiness summary, from what the kiosk's database knows: each part's last status,
    the services those statuses stop, print jobs cut short, and the outbox's backlog."""

    kind: Literal["heartbeat"] = "heartbeat"
    ready: bool
    parts: Annotated[dict[Part, Word], MaxItems(len(Part))]
    unavailable: Annotated[tuple[UnavailableService, ...], MaxItems(200)] = ()
    unfinished_print_jobs: Annotated[int, Ge(0)] = 0
    backlog: Annotated[int, Ge(0)] = 0  # outbox rows not yet acknowledged when it was written
    disk_free_mb: Annotated[int, Ge(0)] | None = None
    version: Word = "0"


Payload: TypeAlias = (
    SessionPayload | RatingPayload | PrintJobPayload | DeviceStatusPayload | AuditPayload | HeartbeatPayload
)
PAYLOAD_TYPES: dict[RecordKind, type[Payload]] = {
    RecordKind.SESSION: SessionPayload,
    RecordKind.RATING: RatingPayload,
    RecordKind.PRINT_JOB: PrintJobPayload,
    RecordKind.DEVICE_STATUS: DeviceStatusPayload,
    RecordKind.AUDIT: AuditPayload,
    RecordKind.HEARTBEAT: HeartbeatPayload,
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Row(_Closed):
    """One outbox row as sent: the kiosk's sequence number (gap-free), the record's UUID, the
    version its payload was written in, the wall time and the boot it happened in."""

    seq: Seq
    uuid: Uuid
    schema: Annotated[int, Ge(1)]
    at: datetime  # local wall time
    boot_id: Uuid
    payload: Annotated[Payload, TaggedBy("kind", tuple(kind.value for kind in PAYLOAD_TYPES))]


@dataclass(frozen=True, slots=True, kw_only=True)
class Batch(_Closed):
    """Rows ``seq`` contiguous, starting at most one past what the centre acknowledged."""

    wire: Literal[1] = 1
    kiosk_id: KioskId
    rows: Annotated[tuple[Row, ...], MinLen(1), MaxItems(MAX_BATCH_ROWS)]
    pruned_through: Annotated[int, Ge(0)] = 0
    """Rows up to here that this kiosk pruned before any was sent (sync was off): they never
    come, so the centre's unbroken sequence may step over them."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Acknowledgement:
    kiosk_id: KioskId
    acknowledged: Annotated[int, Ge(0)]  # every row up to here is stored, none missing
    stored: Annotated[int, Ge(0)] = 0  # rows of this batch that were new


class RefusalCode(enum.StrEnum):
    """Why the centre stored nothing of a batch. The HTTP status says whether to retry."""

    UNAUTHENTICATED = "unauthenticated"  # 401: no or unknown credentials
    NOT_YOURS = "not_yours"  # 403: the credentials belong to another kiosk
    MALFORMED = "malformed"  # 422: not a valid batch
    TOO_LARGE = "too_large"  # 413: more bytes than MAX_BATCH_BYTES
    NEWER_SCHEMA = "newer_schema"  # 422: a row is newer than this centre understands
    SEQUENCE = "sequence"  # 409: a gap before the batch, or a row that differs from the one stored
    UNAVAILABLE = "unavailable"  # 503: the database cannot be reached; try again later


@dataclass(frozen=True, slots=True, kw_only=True)
class Refusal:
    error: RefusalCode
    message: str
    acknowledged: int | None = None  # what the centre holds, when it knows
