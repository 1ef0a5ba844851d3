"""The configuration of the citizen's visit: the services, the face check, who answers 一键求助 and
when, 好差评 and reprint codes. Read into :class:`kiosk.config.KioskConfig` (which re-exports these
names); apart from it so neither file grows past what a reader holds in mind.

The same conventions as :mod:`kiosk.config`: frozen dataclasses whose limits are ``Annotated``
metadata, checked by :mod:`kiosk.config_check` when a file is read, and rules that tie fields
together in ``__post_init__``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from annotated_types import Ge, Gt, Le, Lt, MaxLen, MinLen

from kiosk.ratings import RatingReason

__all__ = [
    "DeviceName",
    "FaceCheckConfig",
    "HelpConfig",
    "IdentityKind",
    "RatingConfig",
    "ReprintConfig",
    "ServiceConfig",
    "SourceName",
    "default_services",
    "matching",
]


def matching(pattern: str, sentence: str) -> Callable[[str], None]:
    """A check that the text matches ``pattern``, saying ``sentence`` when it does not."""
    compiled = re.compile(pattern)

    def check(value: str) -> None:
        if not compiled.match(value):
            raise ValueError(sentence)

    return check


_service_id = matching(
    r"^[a-z][a-z0-9_]{1,31}$", "2 to 32 lower-case letters, digits or '_', beginning with a letter"
)
_sha256 = matching(r"^[0-9a-f]{64}$", "64 lower-case hexadecimal digits, as sha256sum prints them")
_clock_time = matching(r"^(?:[01][0-9]|2[0-3]):[0-5][0-9]$", "a time of day as HH:MM, such as 08:30")
_phone = matching(
    r"^[0-9][0-9 -]{2,23}$", "a telephone number: digits, spaces or '-', such as 0871-6461 2345"
)
_item_code = matching(r"^[A-Za-z0-9_.-]{1,64}$", "the service item's code: letters, digits, '.', '-' or '_'")
_version = matching(r"^[A-Za-z0-9_.-]{1,16}$", "a short version word, such as 2026-12")

DeviceName = Literal["id_reader", "receipt_printer", "document_printer", "camera", "voice"]
SourceName = Literal["registry", "gateway"]
IdentityKind = Literal["resident_id", "id_or_social_security"]


@dataclass(frozen=True, slots=True, kw_only=True)
class ServiceConfig:
    id: Annotated[str, _service_id]
    title_zh: Annotated[str, MinLen(1), MaxLen(40)]
    title_en: Annotated[str, MinLen(1), MaxLen(80)]
    summary_zh: Annotated[str, MaxLen(200)] = ""
    summary_en: Annotated[str, MaxLen(400)] = ""
    identity: IdentityKind = "resident_id"
    face_check: bool = True
    source: SourceName = "registry"
    template: Literal["credit_report", "business_license", "social_insurance", "tax_payment", "real_estate"]
    copy_limit: Annotated[int, Ge(1), Le(10)] = 3
    item_code: Annotated[str, _item_code] | None = None
    """The service item's code (政务服务事项编码) in the province's catalogue: ratings are filed under it."""
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
class FaceCheckConfig:
    recognizer: Literal["dlib", "sface"] = "dlib"
    threshold: Annotated[float, Gt(0), Lt(2)] | None = None
    """Distance at or under which two faces match; None: the recognizer's documented default."""
    sface_model: Path | None = None
    sface_model_sha256: Annotated[str, _sha256] | None = None
    attempts: Annotated[int, Ge(1), Le(5)] = 3

    def __post_init__(self) -> None:
        if self.recognizer == "sface" and (self.sface_model is None or self.sface_model_sha256 is None):
            raise ValueError("the sface recognizer needs sface_model and sface_model_sha256")


@dataclass(frozen=True, slots=True, kw_only=True)
class HelpConfig:
    """Who answers 一键求助, and when. The help card says exactly this, nothing more: a promise that
    staff will come is made only where the hall has said someone watches for the requests.

    In staffed hours (``staffed_on`` and ``staffed_from``–``staffed_until``) someone is in the hall:
    with ``staff_alerted`` the request reaches them (the hall's console watches the help requests
    the kiosk sends; it needs ``[sync]``), without it the card sends the citizen to the windows.
    Outside them the card gives ``duty_phone`` when there is one, else the hotline alone."""

    staffed_on: Literal["workdays", "every_day", "never"] = "workdays"
    """``workdays``: China's working days with the hall's own (``[calendar]``); ``never``: no staff."""
    staffed_from: Annotated[str, _clock_time] = "09:00"
    staffed_until: Annotated[str, _clock_time] = "17:00"
    staff_alerted: bool = False
    """The hall's staff watch the help requests this kiosk sends (the central console)."""
    duty_phone: Annotated[str, _phone] | None = None
    """Answered after hours by someone who can come or call the hall's duty technician."""

    def __post_init__(self) -> None:
        if self.staffed_on != "never" and self.staffed_from >= self.staffed_until:
            raise ValueError("staffed_from must come before staffed_until (hours past midnight are not kept)")


DEFAULT_RATING_REASONS = (
    RatingReason.DEVICE_FAULT,
    RatingReason.FACE_CHECK_FAILED,
    RatingReason.NOT_DONE,
    RatingReason.HARD_TO_USE,
    RatingReason.TOO_SLOW,
    RatingReason.OTHER,
)


def _no_reason_twice(reasons: tuple[RatingReason, ...]) -> None:
    if len(set(reasons)) != len(reasons):
        raise ValueError("a reason is listed twice")


@dataclass(frozen=True, slots=True, kw_only=True)
class RatingConfig:
    """好差评 (GB/T 39734, 国办发〔2019〕51号): the reasons a poor rating may give, and the call back."""

    reasons: Annotated[tuple[RatingReason, ...], MinLen(1), MaxLen(12), _no_reason_twice] = (
        DEFAULT_RATING_REASONS
    )
    """The reasons offered for 不满意 / 非常不满意, in the screen's order."""
    reasons_version: Annotated[str, _version] = "2026-12"
    """Sent with each rating, so the province reads its reasons against the list that was offered."""
    callback: bool = True
    """Offer a call back (回访) after a poor rating: the citizen may leave a phone number. Offered only
    with ``contact_key``: a number is never kept in a form the kiosk itself could read."""
    contact_key: Path | None = None
    """The centre's public contact key (PEM; ``kiosk-central contact-key`` makes the pair): each
    number is sealed for it the moment it is typed, and only the centre's console opens it."""
    contact_days: Annotated[int, Ge(1), Le(30)] = 30
    """The most a call-back number is kept, encrypted, when the follow-up is never closed."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ReprintConfig:
    """Reprint codes: a job cut short keeps one, for its undelivered pages."""

    valid_days: Annotated[int, Ge(1), Le(90)] = 7
    """How long a code can be used at the kiosk (the 补打 tile) or a window."""
