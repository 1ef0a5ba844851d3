"""The kiosk's own secrets: where they are found, and how they are written.

The identity hash's secret (:class:`kiosk.identity.IdentityHasher`) is best kept apart from the
data directory and its backups: a systemd credential (``civic-kiosk-identity-hash.service``
makes one, encrypted for this machine, and ``civic-kiosk.service`` hands it over in
``$CREDENTIALS_DIRECTORY``). Without one — a developer's machine, the demo — it is made on
first start in the data directory. Either way it is 32 random bytes; losing it only starts
repeat-use counting over.

Files are written atomically with 0600 permissions: a power cut during the first start leaves
either no file or a whole one, never a half-written secret.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

IDENTITY_HASH_KEY = "identity-hash-2.key"
"""The identity hash secret's file in the data directory (the second: see :data:`OLD_IDENTITY_KEY`)."""
IDENTITY_HASH_CREDENTIAL = "identity-hash"
"""Its name as a systemd credential."""
CREDENTIALS_ENV = "CREDENTIALS_DIRECTORY"
OLD_IDENTITY_KEY = "identity-hash.key"
"""The key of the plain HMACs kept before (a number was recovered from one in seconds): removed."""
SECRET_BYTES = 32


def write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically, readable by the owner only."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(fd, 0o600)  # a leftover .tmp from a cut-short start keeps its old mode otherwise
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
    """The identity hash's secret: the systemd credential if there is one, else the data directory's."""
    secret = _kept_apart(data_dir, IDENTITY_HASH_CREDENTIAL, IDENTITY_HASH_KEY)
    _forget_old_key(data_dir)
    return secret


def _kept_apart(data_dir: Path, credential: str, file_name: str) -> bytes:
    credentials = os.environ.get(CREDENTIALS_ENV)
    if credentials:
        try:
            secret = (Path(credentials) / credential).read_bytes()
        except FileNotFoundError:
            secret = b""
        if len(secret) >= SECRET_BYTES:
            return secret
    path = data_dir / file_name
    try:
        secret = path.read_bytes()
    except FileNotFoundError:
        secret = b""
    if len(secret) < SECRET_BYTES:
        secret = secrets.token_bytes(SECRET_BYTES)
        write_private(path, secret)
    else:
        os.chmod(path, 0o600)  # a copy restored from a backup by hand may have come back readable
    return secret


def _forget_old_key(data_dir: Path) -> None:
    # Migration 0004 clears the sessions' old HMACs before any secret is asked for; their key
    # now serves only to recover numbers from old backups of the database, so it goes too.
    (data_dir / OLD_IDENTITY_KEY).unlink(missing_ok=True)
