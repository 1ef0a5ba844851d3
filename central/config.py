"""The central service's configuration: a small TOML file, checked with pydantic.

```toml
database_url = "postgresql://central@db.hall.example/central"

[server]
host = "0.0.0.0"
port = 8470
tls_cert = "/etc/civic-central/server.pem"
tls_key = "/etc/civic-central/server.key"
client_ca = "/etc/civic-central/kiosks-ca.pem"   # optional: every kiosk must show a certificate

[calendar]   # the same section as a kiosk's: the days the statistics count as worked or off
rest_days = [2027-02-03]

[console]    # the web console (docs/console.md); every key has a default
timezone = "Asia/Shanghai"
silent_minutes = 15                  # a kiosk unheard this long raises an alert
contact_key = "/etc/civic-central/contact.key"   # opens the contacts kiosks seal
metrics_token = "…"                  # Prometheus' bearer token for /metrics (unset: no /metrics)
```

``$CENTRAL_DATABASE_URL`` overrides ``database_url`` (a secret is better kept out of the file).
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from kiosk.config import CalendarConfig
from kiosk.wire import MAX_BATCH_BYTES

CONFIG_ENV = "CENTRAL_CONFIG"
DATABASE_ENV = "CENTRAL_DATABASE_URL"
DEFAULT_PORT = 8470


class CentralConfigError(Exception):
    """The configuration cannot be used; the message names the problems."""


class ServerConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    host: str = "127.0.0.1"
    port: int = Field(default=DEFAULT_PORT, ge=0, le=65535)
    tls_cert: Path | None = None
    tls_key: Path | None = None
    client_ca: Path | None = None
    """A CA file: with it, a kiosk must present a certificate it signed (and its token)."""
    max_batch_bytes: int = Field(default=MAX_BATCH_BYTES, ge=1024, le=MAX_BATCH_BYTES)
    workers: int = Field(default=1, ge=1, le=64)
    """Service processes. A batch is Python work, and one process uses one core at most: give a
    centre with cores to spare one worker per core that PostgreSQL leaves. Sessions, alerts and
    metrics live in the database, so every worker answers alike (docs/fleet.md)."""


class ConsoleConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    timezone: str = "Asia/Shanghai"
    """Where the halls are: the console shows the centre's own times (log-ins, alerts) in it."""
    session_idle_minutes: int = Field(default=30, ge=1, le=24 * 60)
    session_max_hours: int = Field(default=12, ge=1, le=7 * 24)
    max_failed_logins: int = Field(default=5, ge=1, le=100)
    lockout_minutes: int = Field(default=15, ge=1, le=24 * 60)
    silent_minutes: int = Field(default=15, ge=2, le=7 * 24 * 60)
    contact_key: Path | None = None
    """The X25519 private key (PEM) whose public half the kiosks seal contacts for."""
    metrics_token: str | None = Field(default=None, min_length=16)
    secure_cookies: bool | None = None
    """Cookies only over HTTPS; unset: when the service itself speaks TLS. Set it behind a TLS proxy."""


class CentralConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    database_url: str = "postgresql:///central"
    server: ServerConfig = ServerConfig()
    calendar: CalendarConfig = CalendarConfig()
    console: ConsoleConfig = ConsoleConfig()


def load_central_config(path: Path | None = None) -> CentralConfig:
    if path is None and os.environ.get(CONFIG_ENV):
        path = Path(os.environ[CONFIG_ENV])
    data: dict[str, object] = {}
    if path is not None:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise CentralConfigError(f"{path}: cannot be read: {exc}") from None
    if os.environ.get(DATABASE_ENV):
        data["database_url"] = os.environ[DATABASE_ENV]
    try:
        return CentralConfig.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors(include_url=False)
        )
        raise CentralConfigError(f"{path or '(defaults)'}: {problems}") from None
