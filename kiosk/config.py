"""Kiosk configuration: a TOML file read into plain frozen dataclasses.

With no file the kiosk runs on built-in defaults: mock devices, SQLite under
the user data directory, the demo registry and the default service catalog.
An invalid file is never half-used: :func:`load_config` raises
:class:`ConfigError`, whose message names every problem with its key and line.

The touchscreen has to paint its home screen fast, so this module never
imports pydantic (and platformdirs only when no folder is given). The types carry their limits as
``Annotated`` metadata that pydantic reads when a file is checked
(:mod:`kiosk.config_check`, imported only then), and the rules that tie
fields together run in ``__post_init__``, so a bad combination built in code
fails too. A file that passed the check is remembered (a pickle keyed by the
file's bytes and this code), so the next start with the same file skips pydantic.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal

import kiosk

if TYPE_CHECKING:
    from collections.abc import Callable

    from pydantic import GetCoreSchemaHandler
    from pydantic_core import CoreSchema

CONFIG_ENV = "KIOSK_CONFIG"
DATA_DIR_ENV = "KIOSK_DATA_DIR"
CACHE_DIR_ENV = "KIOSK_CACHE_DIR"
"""Where validated configurations are remembered (its ``config`` folder); default: the user cache dir."""


@dataclass(frozen=True, slots=True)
class Matches:
    """``Annotated`` metadata: the text must match ``pattern`` (checked when a file is validated)."""

    pattern: str

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        schema = handler(source)
        if schema["type"] != "str":
            raise TypeError(f"Matches applies to text, not {source!r}")
        return {**schema, "pattern": self.pattern}


@dataclass(frozen=True, slots=True)
class Limits:
    """``Annotated`` metadata: bounds of a number, or the least length of a list, checked when a
    file is validated (set as pydantic's own constraints on the field's schema, so its messages
    are pydantic's). Written here rather than taken from annotated_types, whose import alone
    costs ~12 ms of the touchscreen's start."""

    ge: float | None = None
    gt: float | None = None
    le: float | None = None
    lt: float | None = None
    min_length: int | None = None

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        schema: dict[str, Any] = dict(handler(source))
        for key in ("ge", "gt", "le", "lt", "min_length"):
            value = getattr(self, key)
            if value is not None:
                schema[key] = value
        return schema


@dataclass(frozen=True, slots=True)
class Rule:
    """``Annotated`` metadata: a check of one field that raises ValueError with a plain sentence."""

    check: Callable[[Any], object]

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        from pydantic_core import core_schema

        return core_schema.no_info_after_validator_function(self._checked, handler(source))

    def _checked(self, value: Any) -> Any:
        self.check(value)
        return value


class _Strict:
    # Read by pydantic when a file is validated: a key the types do not know is a problem.
    __slots__ = ()
    __pydantic_config__: ClassVar[dict[str, object]] = {"extra": "forbid"}


@dataclass(frozen=True, slots=True, kw_only=True)
class PanelConfig(_Strict):
    """The touch panel, so sizes can be set in millimetres."""

    width_px: Annotated[int, Limits(ge=320)] = 1920
    height_px: Annotated[int, Limits(ge=320)] = 1080
    diagonal_inch: Annotated[float, Limits(gt=5, lt=120)] = 21.5


@dataclass(frozen=True, slots=True, kw_only=True)
class KioskIdentity(_Strict):
    id: Annotated[str, Matches(r"^[A-Za-z0-9][A-Za-z0-9_-]{1,31}$")] = "KSK-DEMO-01"
    name: str = "市民中心政务服务自助终端"
    name_en: str = "City Service Centre self-service kiosk"
    hall: str = "市民中心一楼 24 小时自助服务区"
    hall_en: str = "City Service Centre, ground floor, 24-hour self-service area"
    hotline: str = "12345"
    opening_hours: str = "全天 24 小时"
    opening_hours_en: str = "Open 24 hours"
    panel: PanelConfig = PanelConfig()
    hide_cursor: bool = True


@dataclass(frozen=True, slots=True, kw_only=True)
class StorageConfig(_Strict):
    url: str | None = None  # any SQLAlchemy URL; default: SQLite in the data dir


DEVICE_SPEC = re.compile(r"^(mock|ga467:.+|pcsc(:.+)?|escpos:.+|cups:.+|opencv:.+|espeak)$")


def _known_spec(value: str) -> None:
    if not DEVICE_SPEC.match(value):
        raise ValueError(
            "expected mock, ga467:PORT[@BAUD], pcsc[:NAME], escpos:TRANSPORT, cups:QUEUE, "
            "opencv:DEVICE or espeak"
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class DeviceConfig(_Strict):
    spec: Annotated[str, Rule(_known_spec)] = "mock"
    """Which device: ``mock`` or an adapter spec such as ``ga467:/dev/ttyUSB0@115200``."""


@dataclass(frozen=True, slots=True, kw_only=True)
class IdReaderConfig(DeviceConfig):
    poll_seconds: Annotated[float, Limits(gt=0, le=5)] = 0.3


@dataclass(frozen=True, slots=True, kw_only=True)
class ReceiptPrinterConfig(DeviceConfig):
    paper_width_mm: Literal[58, 80] = 80
    status_timeout_seconds: Annotated[float, Limits(gt=0, le=30)] = 1.0


@dataclass(frozen=True, slots=True, kw_only=True)
class DocumentPrinterConfig(DeviceConfig):
    job_timeout_seconds: Annotated[float, Limits(gt=0, le=3600)] = 120.0


@dataclass(frozen=True, slots=True, kw_only=True)
class CameraConfig(DeviceConfig):
    width: Annotated[int, Limits(ge=160)] = 640
    height: Annotated[int, Limits(ge=120)] = 480
    frozen_after_seconds: Annotated[float, Limits(gt=0, le=60)] = 3.0


def _player_command(command: tuple[str, ...]) -> None:
    if command and not command[0].strip():
        raise ValueError("the player's first word must name a program, such as aplay or paplay")


@dataclass(frozen=True, slots=True, kw_only=True)
class VoiceConfig(DeviceConfig):
    volume: Annotated[int, Limits(ge=0, le=200)] = 100
    muted: bool = False
    words_per_minute: Annotated[int, Limits(ge=80, le=400)] = 150
    player: Annotated[tuple[str, ...], Rule(_player_command)] = ()
    """The program that plays a WAV stream from its standard input, with its arguments, such as
    ``["aplay", "-q", "-D", "plughw:CARD=Device"]``; empty: ``paplay``, else ``aplay``."""


@dataclass(frozen=True, slots=True, kw_only=True)
class DevicesConfig(_Strict):
    id_reader: IdReaderConfig = IdReaderConfig()
    receipt_printer: ReceiptPrinterConfig = ReceiptPrinterConfig()
    document_printer: DocumentPrinterConfig = DocumentPrinterConfig()
    camera: CameraConfig = CameraConfig()
    voice: VoiceConfig = VoiceConfig()


@dataclass(frozen=True, slots=True, kw_only=True)
class GatewayConfig(_Strict):
    url: Annotated[str, Matches(r"^https?://")]
    token: str | None = field(default=None, repr=False)  # a secret: kept out of logs and tracebacks
    client_cert: Path | None = None
    client_key: Path | None = None
    ca_bundle: Path | None = None
    timeout_seconds: Annotated[float, Limits(gt=0, le=120)] = 8.0
    retries: Annotated[int, Limits(ge=0, le=5)] = 2


@dataclass(frozen=True, slots=True, kw_only=True)
class SourcesConfig(_Strict):
    demo_registry: bool = True
    """Load the demo registry into an empty database on start (set false in a real hall)."""
    gateway: GatewayConfig | None = None


def _no_date_twice(days: tuple[date, ...]) -> None:
    repeated = sorted({day for day in days if days.count(day) > 1})
    if repeated:
        raise ValueError(f"a day is listed twice: {', '.join(map(str, repeated))}")


@dataclass(frozen=True, slots=True, kw_only=True)
class CalendarConfig(_Strict):
    """Which days are days off, for the statistics by time band. China's public holidays and the
    weekends made working days to bridge them come from the ``holidays`` package; a hall adds a
    year's arrangements before the package knows them, or its own local days."""

    rest_days: Annotated[tuple[date, ...], Rule(_no_date_twice)] = ()
    """Days off besides weekends and the public holidays the package knows."""
    working_days: Annotated[tuple[date, ...], Rule(_no_date_twice)] = ()
    """Days worked although they fall on a weekend or holiday (调休 working days)."""

    def __post_init__(self) -> None:
        both = sorted(set(self.rest_days) & set(self.working_days))
        if both:
            raise ValueError(f"{', '.join(map(str, both))}: listed both as a rest day and as a working day")


def _pin_hash(value: str | None) -> None:
    if value is not None:
        from kiosk.maintenance import check_pin_hash  # hashlib and friends: only when a file is checked

        check_pin_hash(value)


@dataclass(frozen=True, slots=True, kw_only=True)
class MaintenanceConfig(_Strict):
    pin_hash: Annotated[str | None, Rule(_pin_hash)] = field(default=None, repr=False)
    """The technicians' PIN as ``kiosk maintenance-pin`` writes it (an scrypt hash, never the PIN).
    Unset: the diagnostics screen cannot be opened from the touchscreen."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SyncConfig(_Strict):
    """Shipping the outbox to the hall's central service (docs/fleet.md). Off by default: the kiosk
    alone needs no network and no central database; its outbox is still written, and pruned."""

    enabled: bool = False
    url: Annotated[str, Matches(r"^https?://")] = "https://central.invalid"
    """The central service's base URL (its ingest endpoint is /v1/ingest under it)."""
    token: str | None = field(default=None, repr=False)  # a secret: `kiosk-central kiosk add` prints it
    client_cert: Path | None = None
    client_key: Path | None = None
    ca_bundle: Path | None = None
    timeout_seconds: Annotated[float, Limits(gt=0, le=300)] = 15.0
    batch_rows: Annotated[int, Limits(ge=1, le=1000)] = 500
    heartbeat_seconds: Annotated[float, Limits(ge=5, le=3600)] = 60.0
    retry_max_seconds: Annotated[float, Limits(ge=1, le=3600)] = 300.0
    """The longest wait between two tries while the centre cannot be reached (it doubles up to this)."""
    keep_acknowledged_days: Annotated[float, Limits(ge=0, le=3650)] = 14.0
    """How long a row stays on the kiosk after the centre acknowledged it."""
    keep_unsent_days: Annotated[float, Limits(gt=0, le=3650)] = 90.0
    """With sync off: how long a row stays at all (nothing acknowledges it)."""

    def __post_init__(self) -> None:
        if self.enabled and self.token is None and self.client_cert is None:
            raise ValueError("sync is enabled but neither a token nor a client certificate is set")


DeviceName = Literal["id_reader", "receipt_printer", "document_printer", "camera", "voice"]
SourceName = Literal["registry", "gateway"]
IdentityKind = Literal["resident_id", "id_or_social_security"]


@dataclass(frozen=True, slots=True, kw_only=True)
class ServiceConfig(_Strict):
    id: Annotated[str, Matches(r"^[a-z][a-z0-9_]{1,31}$")]
    title_zh: str
    title_en: str
    summary_zh: str = ""
    summary_en: str = ""
    identity: IdentityKind = "resident_id"
    face_check: bool = True
    source: SourceName = "registry"
    template: Literal["credit_report", "business_license", "social_insurance", "tax_payment", "real_estate"]
    copy_limit: Annotated[int, Limits(ge=1, le=10)] = 3
    devices: tuple[DeviceName, ...] = ("id_reader", "camera", "document_printer", "receipt_printer")

    def __post_init__(self) -> None:
        if self.face_check and "camera" not in self.devices:
            raise ValueError("a service with face_check needs the camera in its devices")
        if "id_reader" not in self.devices:
            raise ValueError("every service identifies the citizen: id_reader must be in its devices")


def default_services() -> tuple[ServiceConfig, ...]:
    return (
        ServiceConfig(
            id="credit_report",
            title_zh="个人信用报告",
            title_en="Personal credit report",
            summary_zh="本人信用记录，含信贷账户、还款和查询记录",
            summary_en="Your own credit record: accounts, repayments and queries",
            template="credit_report",
            copy_limit=2,
        ),
        ServiceConfig(
            id="business_license",
            title_zh="营业执照",
            title_en="Business license copy",
            summary_zh="本人作为法定代表人的企业营业执照复印件",
            summary_en="A copy of the license of a business you represent",
            template="business_license",
            copy_limit=5,
        ),
        ServiceConfig(
            id="social_insurance",
            title_zh="社保参保证明",
            title_en="Social insurance certificate",
            summary_zh="个人社会保险参保缴费记录",
            summary_en="Your social insurance contributions by month",
            identity="id_or_social_security",
            template="social_insurance",
            copy_limit=3,
        ),
        ServiceConfig(
            id="tax_payment",
            title_zh="纳税证明",
            title_en="Tax payment certificate",
            summary_zh="个人所得税纳税记录",
            summary_en="Your individual income tax payments",
            template="tax_payment",
            copy_limit=3,
        ),
        ServiceConfig(
            id="real_estate",
            title_zh="不动产登记信息",
            title_en="Real estate registration",
            summary_zh="本人名下不动产登记信息查询结果",
            summary_en="Real estate registered in your name",
            template="real_estate",
            copy_limit=3,
        ),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class FaceCheckConfig(_Strict):
    recognizer: Literal["dlib", "sface"] = "dlib"
    threshold: Annotated[float, Limits(gt=0, lt=2)] | None = None
    """Distance at or under which two faces match; None: the recognizer's documented default."""
    sface_model: Path | None = None
    sface_model_sha256: Annotated[str, Matches(r"^[0-9a-f]{64}$")] | None = None
    attempts: Annotated[int, Limits(ge=1, le=5)] = 3

    def __post_init__(self) -> None:
        if self.recognizer == "sface" and (self.sface_model is None or self.sface_model_sha256 is None):
            raise ValueError("the sface recognizer needs sface_model and sface_model_sha256")


def _unique_ids(services: tuple[ServiceConfig, ...]) -> None:
    ids = [s.id for s in services]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise ValueError(f"service ids must be unique; repeated: {', '.join(dupes)}")


@dataclass(frozen=True, slots=True, kw_only=True)
class KioskConfig(_Strict):
    kiosk: KioskIdentity = KioskIdentity()
    storage: StorageConfig = StorageConfig()
    devices: DevicesConfig = DevicesConfig()
    sources: SourcesConfig = SourcesConfig()
    face_check: FaceCheckConfig = FaceCheckConfig()
    calendar: CalendarConfig = CalendarConfig()
    maintenance: MaintenanceConfig = MaintenanceConfig()
    sync: SyncConfig = SyncConfig()
    # the Rule names the services key when a file repeats an id; __post_init__ catches it in code
    services: Annotated[tuple[ServiceConfig, ...], Limits(min_length=1), Rule(_unique_ids)] = field(
        default_factory=default_services
    )
    data_dir: Path | None = None
    """Where the database, keys and secrets live; default: the user data dir."""

    def __post_init__(self) -> None:
        _unique_ids(self.services)
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
        import platformdirs  # only when no data dir is given: it costs the start ~10 ms

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
class ConfigProblem:
    key: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}: " if self.line else ""
        return f"{where}{self.key}: {self.message}"


class ConfigError(Exception):
    """The configuration cannot be used. ``str()`` lists every problem, one per line."""

    def __init__(self, path: Path | None, problems: list[ConfigProblem]) -> None:
        self.path = path
        self.problems = problems
        head = f"{path}: " if path else ""
        count = len(problems)
        lines = [f"{head}{count} problem{'s' if count != 1 else ''} in the configuration:"]
        lines += [f"  {problem}" for problem in problems]
        super().__init__("\n".join(lines))


def load_config(path: Path | None = None, *, remembered: bool = True) -> KioskConfig:
    """Read and validate the configuration; ``None`` means ``$KIOSK_CONFIG`` or the defaults.

    With ``remembered`` (the default) a file whose exact bytes validated before,
    under this same code, is taken from the cache instead of being checked again;
    ``remembered=False`` always checks it and leaves the cache alone.
    """
    if path is None:
        env = os.environ.get(CONFIG_ENV)
        if not env:
            return KioskConfig()
        path = Path(env)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(path, [ConfigProblem("(file)", None, "the file does not exist")]) from None
    except OSError as exc:
        raise ConfigError(path, [ConfigProblem("(file)", None, f"cannot be read: {exc}")]) from None
    entry = _cache_entry(data) if remembered else None
    if entry is not None and (config := _recall(entry)) is not None:
        return config
    try:
        # universal newlines, as reading the file as text would give
        text = data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError as exc:
        raise ConfigError(path, [ConfigProblem("(file)", None, f"cannot be read: {exc}")]) from None
    config = parse_config(text, path)
    if entry is not None:
        _remember(entry, config)
    return config


def parse_config(text: str, path: Path | None = None) -> KioskConfig:
    """Validate TOML text; :class:`ConfigError` lists every problem with its key and line."""
    from kiosk.config_check import validate_text

    return validate_text(text, path)


def _debug(message: str, *args: object) -> None:
    import logging  # only on the rare path that has something to say

    logging.getLogger(__name__).debug(message, *args)


def _cache_folder() -> Path:
    base = os.environ.get(CACHE_DIR_ENV)
    if not base:
        import platformdirs  # only when $KIOSK_CACHE_DIR is not set: it costs the start ~10 ms

        base = platformdirs.user_cache_dir("civic-kiosk", appauthor=False)
    return Path(base) / "config"


def _cache_entry(data: bytes) -> Path | None:
    """The one file a configuration with these bytes is remembered in, under this code
    (None: this code's own files cannot be read, so there is no key: validate)."""
    import hashlib

    digest = hashlib.sha256()
    here = Path(__file__)
    try:
        # the types and the checks decide what a file means: new code, new key
        parts = (here.read_bytes(), here.with_name("config_check.py").read_bytes())
    except OSError as exc:
        _debug("config cache has no key (%s); validating", exc)
        return None
    for part in (data, *parts, kiosk.__version__.encode(), sys.version.encode()):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return _cache_folder() / f"{digest.hexdigest()}.pickle"


# A cache that cannot be read or written only costs the time to validate the
# file, so its failures are debug lines, never a problem for the technician.


def _recall(entry: Path) -> KioskConfig | None:
    """The configuration remembered in ``entry``, if there is one."""
    import pickle

    try:
        with entry.open("rb") as stream:
            owner = os.fstat(stream.fileno())
            # unpickling runs code: only a file this user wrote and nobody else can change
            if owner.st_uid != os.getuid() or owner.st_mode & 0o022:
                _debug("config cache %s is not private to this user; validating", entry)
                return None
            config = pickle.load(stream)
    except FileNotFoundError:
        return None
    # A damaged pickle can raise almost anything (EOFError, UnpicklingError,
    # AttributeError, ...); each means the same: validate the file instead.
    except Exception as exc:  # noqa: BLE001
        _debug("config cache unreadable (%s); validating", type(exc).__name__)
        return None
    if not isinstance(config, KioskConfig):
        _debug("config cache holds a %s; validating", type(config).__name__)
        return None
    return config


def _remember(entry: Path, config: KioskConfig) -> None:
    """Keep the configuration a file validated to in ``entry``, as the only entry."""
    import pickle
    import tempfile

    try:
        entry.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        # mkstemp makes the file 0600; os.replace swaps it in whole, so a reader sees
        # the old entry or the new one. An entry cut short by a power cut fails to
        # unpickle and the file is validated again.
        handle, temporary = tempfile.mkstemp(dir=entry.parent, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as stream:
                pickle.dump(config, stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, entry)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        for stale in (*entry.parent.glob("*.pickle"), *entry.parent.glob(".*.tmp")):
            if stale != entry:
                stale.unlink(missing_ok=True)
    except (OSError, pickle.PicklingError) as exc:
        _debug("config cache not written (%s); the next start validates again", exc)
