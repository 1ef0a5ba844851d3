"""Kiosk configuration: a TOML file validated with pydantic.

With no file the kiosk runs on built-in defaults: mock devices, SQLite under
the user data directory, the demo registry and the default service catalog.
An invalid file is never half-used: :func:`load_config` raises
:class:`ConfigError`, whose message names every problem with its key and line.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import platformdirs
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

CONFIG_ENV = "KIOSK_CONFIG"
DATA_DIR_ENV = "KIOSK_DATA_DIR"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PanelConfig(Strict):
    """The touch panel, so sizes can be set in millimetres."""

    width_px: int = Field(1920, ge=320)
    height_px: int = Field(1080, ge=320)
    diagonal_inch: float = Field(21.5, gt=5, lt=120)


class KioskIdentity(Strict):
    id: str = Field("KSK-DEMO-01", pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{1,31}$")
    name: str = "市民中心政务服务自助终端"
    name_en: str = "City Service Centre self-service kiosk"
    hall: str = "市民中心一楼 24 小时自助服务区"
    hall_en: str = "City Service Centre, ground floor, 24-hour self-service area"
    hotline: str = "12345"
    opening_hours: str = "全天 24 小时"
    opening_hours_en: str = "Open 24 hours"
    panel: PanelConfig = PanelConfig()
    hide_cursor: bool = True


class StorageConfig(Strict):
    url: str | None = None  # any SQLAlchemy URL; default: SQLite in the data dir


DEVICE_SPEC = re.compile(r"^(mock|ga467:.+|pcsc(:.+)?|escpos:.+|cups:.+|opencv:.+|espeak)$")


class DeviceConfig(Strict):
    spec: str = "mock"
    """Which device: ``mock`` or an adapter spec such as ``ga467:/dev/ttyUSB0@115200``."""

    @field_validator("spec")
    @classmethod
    def _known_spec(cls, value: str) -> str:
        if not DEVICE_SPEC.match(value):
            raise ValueError(
                "expected mock, ga467:PORT[@BAUD], pcsc[:NAME], escpos:TRANSPORT, cups:QUEUE, "
                "opencv:DEVICE or espeak"
            )
        return value


class IdReaderConfig(DeviceConfig):
    poll_seconds: float = Field(0.3, gt=0, le=5)


class ReceiptPrinterConfig(DeviceConfig):
    paper_width_mm: Literal[58, 80] = 80
    status_timeout_seconds: float = Field(1.0, gt=0, le=30)


class DocumentPrinterConfig(DeviceConfig):
    job_timeout_seconds: float = Field(120.0, gt=0, le=3600)


class CameraConfig(DeviceConfig):
    width: int = Field(640, ge=160)
    height: int = Field(480, ge=120)
    frozen_after_seconds: float = Field(3.0, gt=0, le=60)


class VoiceConfig(DeviceConfig):
    volume: int = Field(100, ge=0, le=200)
    muted: bool = False
    words_per_minute: int = Field(150, ge=80, le=400)


class DevicesConfig(Strict):
    id_reader: IdReaderConfig = IdReaderConfig()
    receipt_printer: ReceiptPrinterConfig = ReceiptPrinterConfig()
    document_printer: DocumentPrinterConfig = DocumentPrinterConfig()
    camera: CameraConfig = CameraConfig()
    voice: VoiceConfig = VoiceConfig()


class GatewayConfig(Strict):
    url: str = Field(pattern=r"^https?://")
    token: str | None = None
    client_cert: Path | None = None
    client_key: Path | None = None
    ca_bundle: Path | None = None
    timeout_seconds: float = Field(8.0, gt=0, le=120)
    retries: int = Field(2, ge=0, le=5)


class SourcesConfig(Strict):
    demo_registry: bool = True
    """Load the demo registry into an empty database on start (set false in a real hall)."""
    gateway: GatewayConfig | None = None


DeviceName = Literal["id_reader", "receipt_printer", "document_printer", "camera", "voice"]
SourceName = Literal["registry", "gateway"]
IdentityKind = Literal["resident_id", "id_or_social_security"]


class ServiceConfig(Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]{1,31}$")
    title_zh: str
    title_en: str
    summary_zh: str = ""
    summary_en: str = ""
    identity: IdentityKind = "resident_id"
    face_check: bool = True
    source: SourceName = "registry"
    template: Literal["credit_report", "business_license", "social_insurance", "tax_payment", "real_estate"]
    copy_limit: int = Field(3, ge=1, le=10)
    devices: tuple[DeviceName, ...] = ("id_reader", "camera", "document_printer", "receipt_printer")

    @model_validator(mode="after")
    def _face_check_needs_camera(self) -> ServiceConfig:
        if self.face_check and "camera" not in self.devices:
            raise ValueError("a service with face_check needs the camera in its devices")
        if "id_reader" not in self.devices:
            raise ValueError("every service identifies the citizen: id_reader must be in its devices")
        return self


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


class FaceCheckConfig(Strict):
    recognizer: Literal["dlib", "sface"] = "dlib"
    threshold: float | None = Field(None, gt=0, lt=2)
    """Distance at or under which two faces match; None: the recognizer's documented default."""
    sface_model: Path | None = None
    sface_model_sha256: str | None = Field(None, pattern=r"^[0-9a-f]{64}$")
    attempts: int = Field(3, ge=1, le=5)

    @model_validator(mode="after")
    def _sface_needs_model(self) -> FaceCheckConfig:
        if self.recognizer == "sface" and (self.sface_model is None or self.sface_model_sha256 is None):
            raise ValueError("the sface recognizer needs sface_model and sface_model_sha256")
        return self


class KioskConfig(Strict):
    kiosk: KioskIdentity = KioskIdentity()
    storage: StorageConfig = StorageConfig()
    devices: DevicesConfig = DevicesConfig()
    sources: SourcesConfig = SourcesConfig()
    face_check: FaceCheckConfig = FaceCheckConfig()
    services: tuple[ServiceConfig, ...] = Field(default_factory=default_services, min_length=1)
    data_dir: Path | None = None
    """Where the database, keys and secrets live; default: the user data dir."""

    @field_validator("services")
    @classmethod
    def _unique_ids(cls, services: tuple[ServiceConfig, ...]) -> tuple[ServiceConfig, ...]:
        ids = [s.id for s in services]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"service ids must be unique; repeated: {', '.join(dupes)}")
        return services

    @model_validator(mode="after")
    def _gateway_services_need_gateway(self) -> KioskConfig:
        if self.sources.gateway is None:
            for service in self.services:
                if service.source == "gateway":
                    raise ValueError(
                        f"service {service.id} uses the gateway, but [sources.gateway] is not set"
                    )
        return self

    def resolved_data_dir(self) -> Path:
        if self.data_dir is not None:
            return self.data_dir
        env = os.environ.get(DATA_DIR_ENV)
        if env:
            return Path(env)
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


def load_config(path: Path | None = None) -> KioskConfig:
    """Read and validate the configuration; ``None`` means ``$KIOSK_CONFIG`` or the defaults."""
    if path is None:
        env = os.environ.get(CONFIG_ENV)
        if not env:
            return KioskConfig()
        path = Path(env)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(path, [ConfigProblem("(file)", None, "the file does not exist")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(path, [ConfigProblem("(file)", None, f"cannot be read: {exc}")]) from None
    return parse_config(text, path)


def parse_config(text: str, path: Path | None = None) -> KioskConfig:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        line = int(match.group(1)) if match else max(1, text.count("\n"))
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise ConfigError(path, [ConfigProblem("(syntax)", line, f"not valid TOML: {message}")]) from None
    try:
        return KioskConfig.model_validate(data)
    except ValidationError as exc:
        locator = _KeyLines(text)
        problems = []
        errors = exc.errors(include_url=False)
        failed_items = {tuple(e["loc"][:1]) for e in errors if len(e["loc"]) > 1}
        for error in errors:
            loc = tuple(error["loc"])
            if error["type"] == "too_short" and loc in failed_items:
                continue  # the list is short only because its items were refused
            key = _dotted(loc, data)
            problems.append(ConfigProblem(key or "(top level)", locator.line_of(loc, data), _message(error)))
        raise ConfigError(path, problems) from None


def _message(error: object) -> str:
    assert isinstance(error, dict)
    kind, msg = error.get("type", ""), str(error.get("msg", ""))
    if kind == "extra_forbidden":
        return "unknown key"
    if kind == "missing":
        return "required key is missing"
    return msg.removeprefix("Value error, ")


def _dotted(loc: tuple[object, ...], data: object) -> str:
    parts: list[str] = []
    node = data
    for item in loc:
        if isinstance(item, int):
            label = f"[{item}]"
            if (
                isinstance(node, list)
                and item < len(node)
                and isinstance(node[item], dict)
                and "id" in node[item]
            ):
                label = f"[{item}] ({node[item]['id']})"
            parts.append(label)
            node = node[item] if isinstance(node, list) and item < len(node) else None
        else:
            parts.append(("." if parts else "") + str(item))
            node = node.get(item) if isinstance(node, dict) else None
    return "".join(parts)


class _KeyLines:
    """Finds the line a key path was written on (TOML tables, arrays of tables, dotted keys)."""

    _HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
    _KEY = re.compile(r"^\s*([A-Za-z0-9_\-\"'.]+)\s*=")

    def __init__(self, text: str) -> None:
        # (table path with array indexes, key) -> line
        self.lines: dict[tuple[object, ...], int] = {}
        counts: dict[tuple[str, ...], int] = {}
        table: tuple[object, ...] = ()
        for number, raw in enumerate(text.splitlines(), start=1):
            header = self._HEADER.match(raw)
            if header:
                names = tuple(p.strip().strip("\"'") for p in header.group(2).split("."))
                if header.group(1) == "[[":
                    index = counts.get(names, 0)
                    counts[names] = index + 1
                    table = (*names, index)
                else:
                    table = self._with_indexes(names, counts)
                self.lines.setdefault(table, number)
                continue
            key = self._KEY.match(raw)
            if key:
                names = tuple(p.strip().strip("\"'") for p in key.group(1).split("."))
                self.lines.setdefault((*table, *names), number)

    @staticmethod
    def _with_indexes(names: tuple[str, ...], counts: dict[tuple[str, ...], int]) -> tuple[object, ...]:
        # [services.x] after [[services]] belongs to the last services entry
        out: list[object] = []
        for i, name in enumerate(names):
            out.append(name)
            prefix = names[: i + 1]
            if prefix in counts and i < len(names) - 1:
                out.append(counts[prefix] - 1)
        return tuple(out)

    def line_of(self, loc: tuple[object, ...], data: object) -> int | None:
        path = tuple(loc)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return None
