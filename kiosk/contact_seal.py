"""A call-back number, sealed: the phone number a citizen leaves with a poor rating (回访), sealed
for the centre's contact key the moment it is typed.

The kiosk holds only the public half (``[rating] contact_key``, made by ``kiosk-central
contact-key``): it can seal a number and never open one, so nothing on a kiosk — its disk, its
database, its outbox — gives a number back. The centre's console opens it for the one person
handling that rating's follow-up (:mod:`central.console.contact`). The sealed text is ``ck1.`` and
base64url (unpadded) of:

    ephemeral X25519 public key (32 bytes) ‖ nonce (12 bytes) ‖ AES-256-GCM ciphertext and tag

with the AES key HKDF-SHA256(shared secret, salt = ephemeral key ‖ centre's key, info = :data:`INFO`)
and the ephemeral key as associated data. The number itself lives in memory for the few
milliseconds between the keypad and :meth:`ContactSeal.seal`; it never reaches a log, a file or a
screen in full.
"""

from __future__ import annotations

import base64
import os
import re
from pathlib import Path

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

PREFIX = "ck1."
INFO = b"civic-kiosk rating contact v1"
MAX_CONTACT = 64
MOBILE = re.compile(r"^1[3-9][0-9]{9}$")
LANDLINE = re.compile(r"^0[1-9][0-9]{8,10}$")


class ContactKeyError(ValueError):
    """``[rating] contact_key`` is not a public key the kiosk can seal for; the sentence says why."""


def valid_number(digits: str) -> bool:
    """A mainland mobile number (11 digits from 13…19) or a landline with its area code."""
    return bool(MOBILE.match(digits) or LANDLINE.match(digits))


def masked_number(digits: str) -> str:
    """What a screen may show of a number being typed: the first three and last two digits."""
    if len(digits) <= 5:
        return digits[:3] + "•" * max(0, len(digits) - 3)
    return digits[:3] + "•" * (len(digits) - 5) + digits[-2:]


def raw_key(key: X25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def derive_key(shared: bytes, ephemeral: bytes, recipient: bytes) -> bytes:
    """The AES-256-GCM key of one sealed contact (both the kiosk and the centre derive it)."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=ephemeral + recipient, info=INFO).derive(shared)


def seal(recipient: X25519PublicKey, contact: str) -> str:
    """``contact`` sealed for ``recipient``: only the holder of its private half opens it."""
    data = contact.encode()
    if not 0 < len(data) <= MAX_CONTACT:
        raise ValueError(f"a contact is 1 to {MAX_CONTACT} bytes")
    ephemeral = X25519PrivateKey.generate()
    public = raw_key(ephemeral.public_key())
    key = derive_key(ephemeral.exchange(recipient), public, raw_key(recipient))
    nonce = os.urandom(12)
    sealed = AESGCM(key).encrypt(nonce, data, public)
    return PREFIX + base64.urlsafe_b64encode(public + nonce + sealed).decode().rstrip("=")


def load_public(path: Path) -> X25519PublicKey:
    """The centre's public contact key from its PEM file, or :class:`ContactKeyError` saying why not."""
    try:
        key = serialization.load_pem_public_key(path.read_bytes())
    except OSError as error:
        raise ContactKeyError(f"{path}: cannot be read ({error.strerror or error})") from None
    except ValueError:
        raise ContactKeyError(f"{path}: not a PEM public key (kiosk-central contact-key makes one)") from None
    if not isinstance(key, X25519PublicKey):
        raise ContactKeyError(f"{path}: not an X25519 public key (kiosk-central contact-key makes one)")
    return key


class ContactSeal:
    """Seals telephone numbers for the centre; it cannot open them."""

    def __init__(self, recipient: X25519PublicKey) -> None:
        self._recipient = recipient

    def seal(self, digits: str) -> str:
        if not valid_number(digits):
            raise ValueError("not a telephone number")
        return seal(self._recipient, digits)

    def __repr__(self) -> str:
        return "ContactSeal(for the centre's key)"
