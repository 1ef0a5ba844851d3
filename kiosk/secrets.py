"""The kiosk's own secrets, created on first start and kept in its data directory.

Written atomically with 0600 permissions: a power cut during the first start
leaves either no file or a whole one, never a half-written secret.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically, readable by the owner only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def identity_hash_secret(data_dir: Path) -> bytes:
    """The HMAC key for counting repeat use without storing ID numbers (32 random bytes)."""
    path = data_dir / "identity-hash.key"
    try:
        secret = path.read_bytes()
        if len(secret) >= 32:
            return secret
    except FileNotFoundError:
        pass
    secret = secrets.token_bytes(32)
    write_private(path, secret)
    return secret
