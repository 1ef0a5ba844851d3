"""Kiosk configuration: a TOML file read into plain frozen dataclasses.

With no file the kiosk runs on built-in defaults: mock devices, SQLite under
the user data directory, the demo registry and the default service catalog.
An invalid file is never half-used: :func:`load_config` raises
:class:`ConfigError`, whose message names every problem with its key and line.

The types are plain dataclasses. A field's limits are ``Annotated`` metadata: the
bounds of :mod:`annotated_types` (``Ge(320)``, ``Le(5)`` …) and checks, functions that
raise ValueError with a sentence; :mod:`kiosk.config_check` applies them when a file is
read, with every problem's key and line. The rules that tie fields together run in
``__post_init__``, so a bad combination built in code fails too. Each device's ``spec``
is checked by the one parser of its kind (:mod:`kiosk.device_specs`), the same the
composition root builds the device from.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Annotated, Literal

from annotated_types import Ge, Gt, Le, MaxLen, MinLen

from kiosk.config_check import ConfigError, ConfigProblem, validate_text
from kiosk.config_visit import (
    DeviceName,
    FaceCheckConfig,
    HelpConfig,
    IdentityKind,
    RatingConfig,
    ReprintConfig,
    ServiceConfig,
    SourceName,
    default_services,
    matching,
)
from kiosk.device_specs import (
    CameraSpec,
    DocumentPrinterSpec,
    IdReaderSpec,
    ReceiptPrinterSpec,
    VoiceSpec,
    parse_camera_spec,
    parse_document_printer_spec,
    parse_id_reader_spec,
    parse_receipt_printer_spec,
    parse_voice_spec,
)
from kiosk.panels import PanelConfig, PanelName
from kiosk.technician_pin import check_pin_hash

# ConfigError and ConfigProblem are defined by the check, and read from here by the rest of the kiosk.
__all__ = [
    "CONFIG_ENV",
    "DATA_DIR_ENV",
    "RENAMED_TABLES",
    "CalendarConfig",
    "CameraConfig",
    "CheckedConfig",
    "ConfigError",
    "ConfigProblem",
    "DeviceConfig",
    "DeviceName",
    "DevicesConfig",
    "DocumentPrinterConfig",
    "FaceCheckConfig",
    "GatewayConfig",
    "HelpConfig",
    "IdReaderConfig",
    "IdentityKind",
    "KioskConfig",
    "KioskIdentity",
    "PanelConfig",
    "PanelName",
    "RatingConfig",
    "ReceiptPrinterConfig",
    "ReprintConfig",
    "ServiceConfig",
    "SourceName",
    "SourcesConfig",
    "StorageConfig",
    "TechnicianConfig",
    "VoiceConfig",
    "check_config",
    "check_text",
    "default_services",
    "load_config",
    "parse_config",
]

log = logging.getLogger(__name__)

CONFIG_ENV = "KIOSK_CONFIG"
DATA_DIR_ENV = "KIOSK_DATA_DIR"

RENAMED_TABLES = {"maintenance": "technician"}
"""Tables under their old names (old → new), still read until the next release, with a note."""


_kiosk_id = matching(
    r"^[A-Za-z0-9][A-Za-z0-9_-]{1,31}$",
    "2 to 32 letters, digits, '-' or '_', beginning with a letter or digit",
)
_web_address = matching(r"^https?://", "an address beginning with https:// (or http://)")


@dataclass(frozen=True, slots=True, kw_only=True)
class KioskIdentity:
    id: Annotated[str, _kiosk_id] = "KSK-DEMO-01"
    # Printed on slips and shown in headers: a few words each (a receipt is 32 to 48 characters wide).
    name: Annotated[str, MaxLen(200)] = "市民中心政务服务自助终端"
    name_en: Annotated[str, MaxLen(200)] = "City Service Centre self-service kiosk"
    hall: Annotated[str, MaxLen(200)] = "市民中心一楼 24 小时自助服务区"
    hall_en: Annotated[str, MaxLen(200)] = "City Service Centre, ground floor, 24-hour self-service area"
    hotline: Annotated[str, MaxLen(40)] = "12345"
    opening_hours: Annotated[str, MaxLen(200)] = "全天 24 小时"
    opening_hours_en: Annotated[str, MaxLen(200)] = "Open 24 hours"
    panel: PanelConfig = field(default_factory=PanelConfig)  # see kiosk/panels.py
    hide_cursor: bool = True


_database_url = matching(
    r"^[A-Za-z][A-Za-z0-9]*(\+[A-Za-z0-9_]+)?://",
    "a database URL such as postgresql+psycopg://kiosk@db.hall.local/kiosk or sqlite:////var/lib/kiosk/k.db",
)


@dataclass(frozen=True, slots=True, kw_only=True)
class StorageConfig:
    url: Annotated[str, _database_url, MaxLen(2000)] | None = None
    """Any SQLAlchemy URL; default: SQLite in the data dir. Its driver must be installed (``kiosk config
    check`` says so)."""
    min_free_mb: Annotated[int, Ge(1), Le(1_000_000)] = 64
    """Below this much free space on the data directory's disk the kiosk goes out of service: a visit
    is not begun that could not be written down (a year of visits takes a few tens of MB)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class DeviceConfig:
    spec: str = "mock"
    """Which device: ``mock`` or an adapter spec such as ``ga467:/dev/ttyUSB0@115200``; each kind
    below reads it with its own parser (:mod:`kiosk.device_specs`)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class IdReaderConfig(DeviceConfig):
    spec: Annotated[str, parse_id_reader_spec] = "mock"
    poll_seconds: Annotated[float, Gt(0), Le(5)] = 0.3

    @property
    def parsed_spec(self) -> IdReaderSpec:
        """The device ``spec`` names (:class:`~kiosk.device_specs.SpecError` if it names none)."""
        return parse_id_reader_spec(self.spec)


@dataclass(frozen=True, slots=True, kw_only=True)
class ReceiptPrinterConfig(DeviceConfig):
    spec: Annotated[str, parse_receipt_printer_spec] = "mock"
    paper_width_mm: Literal[58, 80] = 80
    status_timeout_seconds: Annotated[float, Gt(0), Le(30)] = 1.0

    @property
    def parsed_spec(self) -> ReceiptPrinterSpec:
        """The device ``spec`` names (:class:`~kiosk.device_specs.SpecError` if it names none)."""
        return parse_receipt_printer_spec(self.spec)


@dataclass(frozen=True, slots=True, kw_only=True)
class DocumentPrinterConfig(DeviceConfig):
    spec: Annotated[str, parse_document_printer_spec] = "mock"
    job_timeout_seconds: Annotated[float, Gt(0), Le(3600)] = 120.0

    @property
    def parsed_spec(self) -> DocumentPrinterSpec:
        """The device ``spec`` names (:class:`~kiosk.device_specs.SpecError` if it names none)."""
        return parse_document_printer_spec(self.spec)


@dataclass(frozen=True, slots=True, kw_only=True)
class CameraConfig(DeviceConfig):
    spec: Annotated[str, parse_camera_spec] = "mock"
    width: Annotated[int, Ge(160), Le(7680)] = 640  # up to 8K: no kiosk camera is larger
    height: Annotated[int, Ge(120), Le(4320)] = 480
    frozen_after_seconds: Annotated[float, Gt(0), Le(60)] = 3.0

    @property
    def parsed_spec(self) -> CameraSpec:
        """The device ``spec`` names (:class:`~kiosk.device_specs.SpecError` if it names none)."""
        return parse_camera_spec(self.spec)


def _player_command(command: tuple[str, ...]) -> None:
    if command and not command[0].strip():
        raise ValueError("the player's first word must name a program, such as aplay or paplay")


@dataclass(frozen=True, slots=True, kw_only=True)
class VoiceConfig(DeviceConfig):
    spec: Annotated[str, parse_voice_spec] = "mock"
    volume: Annotated[int, Ge(0), Le(200)] = 100
    muted: bool = False
    words_per_minute: Annotated[int, Ge(80), Le(400)] = 150
    player: Annotated[tuple[str, ...], _player_command] = ()
    """The program that plays a WAV stream from its standard input, with its arguments, such as
    ``["aplay", "-q", "-D", "plughw:CARD=Device"]``; empty: ``paplay``, else ``aplay``."""

    @property
    def parsed_spec(self) -> VoiceSpec:
        """The device ``spec`` names (:class:`~kiosk.device_specs.SpecError` if it names none)."""
        return parse_voice_spec(self.spec)


@dataclass(frozen=True, slots=True, kw_only=True)
class DevicesConfig:
    id_reader: IdReaderConfig = IdReaderConfig()
    receipt_printer: ReceiptPrinterConfig = ReceiptPrinterConfig()
    document_printer: DocumentPrinterConfig = DocumentPrinterConfig()
    camera: CameraConfig = CameraConfig()
    voice: VoiceConfig = VoiceConfig()


@dataclass(frozen=True, slots=True, kw_only=True)
class GatewayConfig:
    url: Annotated[str, _web_address]
    token: str | None = field(default=None, repr=False)  # a secret: kept out of logs and tracebacks
    client_cert: Path | None = None
    client_key: Path | None = None
    ca_bundle: Path | None = None
    timeout_seconds: Annotated[float, Gt(0), Le(120)] = 8.0
    retries: Annotated[int, Ge(0), Le(5)] = 2


@dataclass(frozen=True, slots=True, kw_only=True)
class SourcesConfig:
    demo_registry: bool = True
    """Load the demo registry into an empty database on start (set false in a real hall)."""
    gateway: GatewayConfig | None = None


def _no_date_twice(days: tuple[date, ...]) -> None:
    repeated = sorted({day for day in days if days.count(day) > 1})
    if repeated:
        raise ValueError(f"a day is listed twice: {', '.join(map(str, repeated))}")


@dataclass(frozen=True, slots=True, kw_only=True)
class CalendarConfig:
    """Which days are days off, for the statistics by time band. China's public holidays and the
    weekends made working days to bridge them come from the ``holidays`` package; a hall adds a
    year's arrangements before the package knows them, or its own local days."""

    rest_days: Annotated[tuple[date, ...], MaxLen(2000), _no_date_twice] = ()
    """Days off besides weekends and the public holidays the package knows."""
    working_days: Annotated[tuple[date, ...], MaxLen(2000), _no_date_twice] = ()
    """Days worked although they fall on a weekend or holiday (调休 working days)."""

    def __post_init__(self) -> None:
        both = sorted(set(self.rest_days) & set(self.working_days))
        if both:
            raise ValueError(f"{', '.join(map(str, both))}: listed both as a rest day and as a working day")


def _pin_hash(value: str | None) -> None:
    if value is not None:
        check_pin_hash(value)


@dataclass(frozen=True, slots=True, kw_only=True)
class TechnicianConfig:
    """The technician: the person who opens the diagnostics screen on the touchscreen."""

    pin_hash: Annotated[str | None, _pin_hash] = field(default=None, repr=False)
    """The technician's PIN as ``kiosk technician-pin`` writes it (an scrypt hash, never the PIN).
    Unset: the diagnostics screen cannot be opened from the touchscreen."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SyncConfig:
    """Shipping the outbox to the hall's central service (docs/fleet.md). Off by default: the kiosk
    alone needs no network and no central database; its outbox is still written, and pruned."""

    enabled: bool = False
    url: Annotated[str, _web_address] = "https://central.invalid"
    """The central service's base URL (its ingest endpoint is /v1/ingest under it)."""
    token: str | None = field(default=None, repr=False)  # a secret: `kiosk-central kiosk add` prints it
    client_cert: Path | None = None
    client_key: Path | None = None
    ca_bundle: Path | None = None
    timeout_seconds: Annotated[float, Gt(0), Le(300)] = 15.0
    batch_rows: Annotated[int, Ge(1), Le(1000)] = 1000
    """Rows per request: at most the centre's MAX_BATCH_ROWS, about 0.45 MB of visits. Each request
    costs the centre a fixed amount besides its rows (``make bench``, fleet), so fewer suit only a
    link too slow to carry half a megabyte within ``timeout_seconds``."""
    heartbeat_seconds: Annotated[float, Ge(5), Le(3600)] = 60.0
    retry_max_seconds: Annotated[float, Ge(1), Le(3600)] = 300.0
    """The longest wait between two tries while the centre cannot be reached (it doubles up to this)."""
    keep_acknowledged_days: Annotated[float, Ge(0), Le(3650)] = 14.0
    """How long a row stays on the kiosk after the centre acknowledged it."""
    keep_unsent_days: Annotated[float, Gt(0), Le(3650)] = 90.0
    """With sync off: how long a row stays at all (nothing acknowledges it)."""

    def __post_init__(self) -> None:
        if self.enabled and self.token is None and self.client_cert is None:
            raise ValueError("sync is enabled but neither a token nor a client certificate is set")


def _unique_ids(services: tuple[ServiceConfig, ...]) -> None:
    ids = [s.id for s in services]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise ValueError(f"service ids must be unique; repeated: {', '.join(dupes)}")


@dataclass(frozen=True, slots=True, kw_only=True)
class KioskConfig:
    kiosk: KioskIdentity = KioskIdentity()
    storage: StorageConfig = StorageConfig()
    devices: DevicesConfig = DevicesConfig()
    sources: SourcesConfig = SourcesConfig()
    face_check: FaceCheckConfig = FaceCheckConfig()
    calendar: CalendarConfig = CalendarConfig()
    technician: TechnicianConfig = TechnicianConfig()
    sync: SyncConfig = SyncConfig()
    help: HelpConfig = HelpConfig()
    rating: RatingConfig = RatingConfig()
    reprint: ReprintConfig = ReprintConfig()
    # the Rule names the services key when a file repeats an id; __post_init__ catches it in code
    services: Annotated[tuple[ServiceConfig, ...], MinLen(1), MaxLen(50), _unique_ids] = field(
        default_factory=default_services
    )
    data_dir: Path | None = None
    """Where the database, keys and secrets live; default: the user data dir."""

    def __post_init__(self) -> None:
        _unique_ids(self.services)
        if self.help.staff_alerted and not self.sync.enabled:
            raise ValueError(
                "[help] staff_alerted needs [sync] enabled: the help requests reach the staff through it"
            )
        if self.sources.gateway is None:
            for service in self.services:
                if service.source == "gateway":
                    raise ValueError(
                        f"service {service.id} uses the gateway, but [sources.gateway] is not set"
                    )

    def resolved_data_dir(self) -> Path:
        if self.data_dir is not None:
            return self.data_dir
        env = os.environ.get(DATA_DIR_ENV)
        if env:
            return Path(env)
        import platformdirs  # noqa: PLC0415 - only when no data dir is given: it costs the start ~10 ms

        return Path(platformdirs.user_data_dir("civic-kiosk", appauthor=False))

    def database_url(self) -> str:
        if self.storage.url:
            return self.storage.url
        return f"sqlite:///{self.resolved_data_dir() / 'kiosk.db'}"

    def service(self, service_id: str) -> ServiceConfig:
        for service in self.services:
            if service.id == service_id:
                return service
        raise KeyError(service_id)


@dataclass(frozen=True, slots=True)
class CheckedConfig:
    """A configuration file read, with what in it still works but should change."""

    config: KioskConfig
    notes: tuple[ConfigProblem, ...] = ()
    """Old names still read (each with its key and line), to be changed before the next release."""


def check_config(path: Path) -> CheckedConfig:
    """Read and validate the file at ``path``; :class:`ConfigError` lists every problem with its
    key and line."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(path, [ConfigProblem("(file)", None, "the file does not exist")]) from None
    except OSError as exc:
        raise ConfigError(path, [ConfigProblem("(file)", None, f"cannot be read: {exc}")]) from None
    try:
        # universal newlines, as reading the file as text would give
        text = data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError as exc:
        raise ConfigError(path, [ConfigProblem("(file)", None, f"cannot be read: {exc}")]) from None
    return check_text(text, path)


def check_text(text: str, path: Path | None = None) -> CheckedConfig:
    """Validate TOML text; :class:`ConfigError` lists every problem with its key and line."""
    config, notes = validate_text(KioskConfig, text, path, renamed=RENAMED_TABLES)
    return CheckedConfig(config, tuple(notes))


def load_config(path: Path | None = None) -> KioskConfig:
    """Read and validate the configuration; ``None`` means ``$KIOSK_CONFIG`` or the defaults.

    Every start checks the file itself (nothing is remembered between starts), so what runs is
    always what the file says. An old name still read is a warning in the log.
    """
    if path is None:
        env = os.environ.get(CONFIG_ENV)
        if not env:
            return KioskConfig()
        path = Path(env)
    return _noted(check_config(path), path)


def parse_config(text: str, path: Path | None = None) -> KioskConfig:
    """Validate TOML text; :class:`ConfigError` lists every problem with its key and line."""
    return _noted(check_text(text, path), path)


def _noted(checked: CheckedConfig, path: Path | None) -> KioskConfig:
    for note in checked.notes:
        log.warning("%s%s", f"{path}: " if path else "", note)
    return checked.config
