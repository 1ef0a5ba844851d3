"""A citizen's contact beside a poor rating, sealed on the kiosk and opened only in the console.

The kiosk seals the number (given with consent) for the centre's X25519 public key, in the format
:mod:`kiosk.contact_seal` describes; the centre keeps the private key (``[console] contact_key``)
and opens a contact only to show it to the person handling that rating's follow-up. Nothing else
of the citizen travels with it.
"""

from __future__ import annotations

import base64
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from kiosk.contact_seal import PREFIX, derive_key, raw_key


class ContactError(ValueError):
    """The sealed contact cannot be opened (another key, altered, or not a sealed contact)."""


def unseal(private: X25519PrivateKey, sealed: str) -> str:
    if not sealed.startswith(PREFIX):
        raise ContactError("not a sealed contact")
    body = sealed.removeprefix(PREFIX)
    try:
        raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except ValueError:
        raise ContactError("not a sealed contact") from None
    if len(raw) < 32 + 12 + 16 + 1:
        raise ContactError("too short to be a sealed contact")
    public, nonce, ciphertext = raw[:32], raw[32:44], raw[44:]
    key = derive_key(
        private.exchange(X25519PublicKey.from_public_bytes(public)), public, raw_key(private.public_key())
    )
    try:
        return AESGCM(key).decrypt(nonce, ciphertext, public).decode()
    except (InvalidTag, UnicodeDecodeError):
        raise ContactError("the contact was sealed for another key, or altered") from None


def load_private(path: Path) -> X25519PrivateKey:
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, X25519PrivateKey):
        raise ContactError(f"{path}: not an X25519 private key")
    return key


def new_key_pair(private_path: Path, public_path: Path) -> None:
    """The centre's contact key (0600) and its public half for the kiosks' configuration."""
    key = X25519PrivateKey.generate()
    private_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    private_path.chmod(0o600)
    public_path.write_bytes(
        key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
