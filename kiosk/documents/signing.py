"""The kiosk's Ed25519 keys and the signed payload in each document's QR code.

Keys. Each key has a signing period (``not_before`` … ``not_after``). On
start the kiosk signs with the newest key valid now and creates a new one
when none is, so keys rotate by themselves (every :data:`KEY_LIFETIME`); old
public keys stay in the published key set so that documents they signed still
verify. A verifier accepts a payload only if a published key of the same kiosk
signed it and the key's period covers the stated issue time.

Files, under ``<data dir>/keys`` (folder 0700):

- ``<key id>.pem`` — the private key, PKCS#8, created 0600 and never rewritten;
- ``public-keys.json`` — the key set to publish (``kiosk keys show --json``).

Payload. The QR's text is a compact signed code (:mod:`kiosk.documents.qr_payload`): the
Ed25519 signature and only what a verifier cannot read from the published key set — a key mark,
the document's kind, issue time and serial, and a 128-bit digest of its canonical data
(:func:`kiosk.documents.render.canonical_data`, not of the PDF: the QR is printed on the page, so
the page cannot contain its own hash). Codes of the first, longer format still verify.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import enum
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from kiosk import strict_json
from kiosk.documents import qr_payload
from kiosk.documents.base import DocumentKind

KEY_LIFETIME = timedelta(days=730)
"""How long a key signs. Two years: long enough that a key's publication is rare work, short
enough that a key leaked from a kiosk's disk stops being accepted for new documents."""
KEY_BACKDATE = timedelta(days=2)
"""A new key's signing period starts this long before it is made. A wall clock stepped back (NTP,
a time-zone mistake: hours) must still find a key valid, or the kiosk would make a new key that no
verifier has, and every document it signs would fail verification elsewhere. The kiosk's own clock
check (kiosk.health.ClockCheck) refuses a clock more than a day behind its newest visit."""
CLOCK_SKEW = timedelta(minutes=10)
"""A payload may claim an issue time this far in the verifier's future (unsynchronised clocks)."""
KEY_SET_FILE = "public-keys.json"


class KeyFileError(Exception):
    """The key folder or the key set cannot be read or written (one plain sentence)."""


class ClockBehindKeyError(KeyFileError):
    """The clock is before the start of this kiosk's newest key: a key made now would be one no
    verifier has (the clock was stepped back; set it right)."""


@dataclass(frozen=True, slots=True)
class PublicKey:
    key_id: str  # 16 hex digits: the start of SHA-256 of the raw public key
    kiosk_id: str
    public_key: bytes  # raw 32 bytes
    not_before: datetime
    not_after: datetime

    def to_json(self) -> dict[str, str]:
        return {
            "key_id": self.key_id,
            "kiosk_id": self.kiosk_id,
            "algorithm": "Ed25519",
            "public_key": base64.b64encode(self.public_key).decode("ascii"),
            "not_before": self.not_before.isoformat(),
            "not_after": self.not_after.isoformat(),
        }

    @staticmethod
    def from_json(data: dict[str, str]) -> PublicKey:
        raw = base64.b64decode(data["public_key"], validate=True)
        if len(raw) != 32:
            raise ValueError("an Ed25519 public key is 32 bytes")
        key = PublicKey(
            key_id=data["key_id"],
            kiosk_id=data["kiosk_id"],
            public_key=raw,
            not_before=_aware(datetime.fromisoformat(data["not_before"])),
            not_after=_aware(datetime.fromisoformat(data["not_after"])),
        )
        if key_id_of(raw) != key.key_id:
            raise ValueError(f"key {key.key_id} does not match its public key")
        return key

    def valid_at(self, when: datetime) -> bool:
        return self.not_before <= when <= self.not_after


@dataclass(frozen=True, slots=True)
class SigningKey:
    public: PublicKey
    private: Ed25519PrivateKey

    def __repr__(self) -> str:
        return f"SigningKey(key_id={self.public.key_id}, <private key hidden>)"


def key_id_of(raw_public_key: bytes) -> str:
    return hashlib.sha256(raw_public_key).hexdigest()[:16]


def _aware(when: datetime) -> datetime:
    # A naive time is the kiosk's local wall-clock time (what the journey's clock gives).
    return when if when.tzinfo is not None else when.astimezone()


def _raw(public: Ed25519PublicKey) -> bytes:
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def new_signing_key(kiosk_id: str, not_before: datetime, lifetime: timedelta = KEY_LIFETIME) -> SigningKey:
    private = Ed25519PrivateKey.generate()
    raw = _raw(private.public_key())
    not_before = _aware(not_before).replace(microsecond=0)
    public = PublicKey(key_id_of(raw), kiosk_id, raw, not_before, not_before + lifetime)
    return SigningKey(public, private)


# -- the key folder ----------------------------------------------------------------


class KeyStore:
    """The kiosk's keys in ``<data dir>/keys``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @staticmethod
    def in_data_dir(data_dir: Path) -> KeyStore:
        return KeyStore(data_dir / "keys")

    def public_keys(self) -> list[PublicKey]:
        path = self.folder / KEY_SET_FILE
        if not path.exists():
            return []
        return read_key_set(path)

    def signing_key(self, kiosk_id: str, now: datetime) -> SigningKey:
        """The key to sign with now; creates (and publishes) a new one when no key of this kiosk is valid.

        Never when the clock is before a key of this kiosk began: that clock was stepped back, and a
        key made on it is one nobody has published (:class:`ClockBehindKeyError`)."""
        now = _aware(now)
        mine = [k for k in self.public_keys() if k.kiosk_id == kiosk_id]
        usable = [k for k in mine if k.valid_at(now)]
        for public in sorted(usable, key=lambda k: k.not_before, reverse=True):
            private = self._load_private(public)
            if private is not None:
                return SigningKey(public, private)
        later = [k for k in mine if k.not_before > now]
        if later:
            start = min(k.not_before for k in later)
            raise ClockBehindKeyError(
                f"The clock says {now:%Y-%m-%d %H:%M}, before this kiosk's signing key {later[0].key_id} "
                f"began ({start:%Y-%m-%d %H:%M}): set the clock right; no new key is made on it."
            )
        return self.add_key(new_signing_key(kiosk_id, now - KEY_BACKDATE))

    def add_key(self, key: SigningKey) -> SigningKey:
        self._ensure_folder()
        pem = key.private.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        path = self.folder / f"{key.public.key_id}.pem"
        try:
            # O_EXCL with 0600 from the start: the key is never readable by others, not even briefly.
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(pem)
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as exc:
            raise KeyFileError(f"The signing key could not be written to {path}: {exc.strerror}.") from None
        keys = [k for k in self.public_keys() if k.key_id != key.public.key_id] + [key.public]
        write_key_set(self.folder / KEY_SET_FILE, keys)
        return key

    def _load_private(self, public: PublicKey) -> Ed25519PrivateKey | None:
        path = self.folder / f"{public.key_id}.pem"
        try:
            private = serialization.load_pem_private_key(path.read_bytes(), password=None)
        except (OSError, ValueError):
            return None
        if not isinstance(private, Ed25519PrivateKey) or _raw(private.public_key()) != public.public_key:
            return None
        return private

    def _ensure_folder(self) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            os.chmod(self.folder, 0o700)
        except OSError as exc:
            raise KeyFileError(f"The key folder {self.folder} cannot be created: {exc.strerror}.") from None


MAX_KEY_SET_BYTES = 256 * 1024
"""A key set's largest file: a key is about 250 bytes, so room for far more than a kiosk's
lifetime of keys (one every two years), and nothing a reader need hold that is larger."""
MAX_KEYS = 256
_KEY_FIELDS = frozenset(("key_id", "kiosk_id", "algorithm", "public_key", "not_before", "not_after"))
_FIELD_CHARS = 64  # the longest field is the base64 public key (44) or an ISO time (32)


def read_key_set(path: Path) -> list[PublicKey]:
    """The keys in a published key set; :class:`KeyFileError` with a sentence for anything else.

    Bounded before anything is parsed (:data:`MAX_KEY_SET_BYTES`) and read strictly: one JSON
    object holding ``keys``, a list of at most :data:`MAX_KEYS` objects with exactly the six
    fields :meth:`PublicKey.to_json` writes, each a short string; a repeated key, deeper
    nesting or anything else is refused with what and where.
    """
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_KEY_SET_BYTES + 1)
    except FileNotFoundError:
        raise KeyFileError(f"The key set {path} does not exist.") from None
    except OSError as exc:
        raise KeyFileError(f"The key set {path} cannot be read: {exc.strerror}.") from None
    if len(raw) > MAX_KEY_SET_BYTES:
        raise KeyFileError(
            f"The key set {path} is larger than {MAX_KEY_SET_BYTES // 1024} KiB: not a key set."
        )
    try:
        data = strict_json.loads(raw, max_depth=3)
        return [PublicKey.from_json(item) for item in _key_items(data)]
    except (ValueError, KeyError, TypeError, binascii.Error) as exc:
        raise KeyFileError(f"The key set {path} is not a valid key set ({exc}).") from None


def _key_items(data: object) -> list[dict[str, str]]:
    if not isinstance(data, dict) or set(data) != {"keys"} or not isinstance(data["keys"], list):
        raise ValueError('expected one object holding "keys", a list')
    items: list[object] = data["keys"]
    if len(items) > MAX_KEYS:
        raise ValueError(f"more than {MAX_KEYS} keys")
    for index, item in enumerate(items):
        if not isinstance(item, dict) or set(item) != _KEY_FIELDS:
            raise ValueError(f"keys[{index}] must have exactly the fields {', '.join(sorted(_KEY_FIELDS))}")
        if not all(isinstance(value, str) and len(value) <= _FIELD_CHARS for value in item.values()):
            raise ValueError(f"keys[{index}]: every field is a string of at most {_FIELD_CHARS} characters")
        if item["algorithm"] != "Ed25519":
            raise ValueError(f"keys[{index}]: only Ed25519 keys are used")
    return items  # type: ignore[return-value]


def write_key_set(path: Path, keys: list[PublicKey]) -> None:
    text = json.dumps({"keys": [k.to_json() for k in keys]}, indent=2, ensure_ascii=False) + "\n"
    # Written beside and renamed over: a power cut leaves the old set or the new one, never half.
    try:
        with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False, encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(handle.name, 0o644)
        os.replace(handle.name, path)
    except OSError as exc:
        raise KeyFileError(f"The key set {path} cannot be written: {exc.strerror}.") from None


# -- payloads ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Payload:
    """What a genuine code says, with the kiosk and key id filled in from the key that signed it."""

    key_id: str  # the signing key's id; for a key that is not published, the start the code carries
    kind: DocumentKind
    issued_at: datetime
    data_digest: str  # hex: SHA-256 of the canonical data, or its first 16 bytes (the compact code)
    number: str
    kiosk_id: str  # "" when the code names its kiosk only through a key that is not published

    def covers(self, data: bytes) -> bool:
        """Whether ``data`` is what the code's digest was taken of."""
        return len(self.data_digest) >= 32 and hashlib.sha256(data).hexdigest().startswith(self.data_digest)


class VerifyFailure(enum.StrEnum):
    MALFORMED = "malformed"
    UNKNOWN_KEY = "unknown_key"
    BAD_SIGNATURE = "bad_signature"
    WRONG_KIOSK = "wrong_kiosk"
    KEY_NOT_VALID = "key_not_valid"
    FUTURE = "issued_in_future"
    OTHER_DOCUMENT = "other_document"
    NO_QR = "no_qr"


@dataclass(frozen=True, slots=True)
class Verdict:
    payload: Payload | None
    failure: VerifyFailure | None = None
    reason: str = ""  # one plain sentence

    @property
    def valid(self) -> bool:
        return self.failure is None


def sign_payload(
    key: SigningKey, kind: DocumentKind, number: str, issued_at: datetime, data_sha256: str
) -> str:
    """The QR text (:mod:`kiosk.documents.qr_payload`); ``number`` is of the kiosk's form and date."""
    return qr_payload.encode(
        key.public.key_id,
        key.public.kiosk_id,
        kind,
        number,
        _aware(issued_at),
        data_sha256,
        key.private.sign,
    )


def verify_payload(text: str, keys: list[PublicKey], now: datetime) -> Verdict:
    """Check a payload's signature against the published ``keys``; the reason names what failed."""
    claim = qr_payload.decode(text)
    if isinstance(claim, str):
        return Verdict(None, VerifyFailure.MALFORMED, claim)
    candidates = [k for k in keys if k.key_id.startswith(claim.key_mark)]
    payload = Payload(
        key_id=claim.key_mark,
        kind=claim.kind,
        issued_at=claim.issued_at,
        data_digest=claim.digest.hex(),
        number=claim.number,
        kiosk_id=claim.kiosk_id or "",
    )
    if not candidates:
        return Verdict(
            payload, VerifyFailure.UNKNOWN_KEY,
            f"It was signed with key {claim.key_mark}…, which is not among the published keys.",
        )  # fmt: skip
    key = next((k for k in candidates if _signed_by(k, claim)), None)
    if key is None:
        return Verdict(
            payload, VerifyFailure.BAD_SIGNATURE,
            "The signature does not match: the code was altered after it was signed.",
        )  # fmt: skip
    payload = dataclasses.replace(payload, key_id=key.key_id, kiosk_id=claim.kiosk_id or key.kiosk_id)
    if payload.kiosk_id != key.kiosk_id:
        return Verdict(
            payload, VerifyFailure.WRONG_KIOSK,
            f"The code names kiosk {payload.kiosk_id}, but its key belongs to kiosk {key.kiosk_id}.",
        )  # fmt: skip
    if not key.valid_at(payload.issued_at):
        return Verdict(
            payload, VerifyFailure.KEY_NOT_VALID,
            f"Key {key.key_id} may sign only from {key.not_before:%Y-%m-%d} to {key.not_after:%Y-%m-%d}, "
            f"but the document says it was issued on {payload.issued_at:%Y-%m-%d}: the key had expired "
            "or was not yet valid.",
        )  # fmt: skip
    if payload.issued_at > _aware(now) + CLOCK_SKEW:
        when = f"{payload.issued_at.astimezone(UTC):%Y-%m-%d %H:%M} UTC"
        return Verdict(payload, VerifyFailure.FUTURE, f"The code says it was issued in the future ({when}).")
    return Verdict(payload)


def _signed_by(key: PublicKey, claim: qr_payload.Claim) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(key.public_key).verify(
            claim.signature, claim.message(key.kiosk_id)
        )
    except InvalidSignature:
        return False
    return True
