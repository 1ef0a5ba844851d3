"""The composition root: the one place that turns config into real or mock devices and wires the kiosk.

The devices are opened in :mod:`kiosk.composition.adapters`, which names the concrete adapters (an
import-linter contract checks that no part of the kiosk outside the composition root does); here
:func:`assemble` adds storage, secrets, keys, sources, the face check and the journey to them and
gives back the :class:`Kiosk`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy.engine import Engine

from devices.receipt_printer.base import Receipt
from kiosk.clock import Clock, SystemClock
from kiosk.composition.adapters import open_devices, plain_reason
from kiosk.config import KioskConfig, ServiceConfig
from kiosk.device_set import DeviceSet
from kiosk.documents.base import DocumentRenderer, DocumentSource
from kiosk.documents.signing import KeyFileError, KeyStore
from kiosk.face.base import FaceChecker
from kiosk.parts import ClockStatus, FaceCheckStatus, StorageStatus
from kiosk.storage.check import StorageReading, StorageUnusableError, check_storage, storage_reading
from kiosk.storage.reconcile import reconcile_print_jobs

if TYPE_CHECKING:
    from kiosk.contact_seal import ContactSeal
    from kiosk.health import KioskHealth
    from kiosk.journey import Journey
    from kiosk.readiness import ReadinessReport
    from kiosk.storage.records import Records

log = logging.getLogger(__name__)

T = TypeVar("T")


# -- the whole kiosk --------------------------------------------------------------------


@dataclass
class Kiosk:
    """A running kiosk's parts, for the app, the demo and the diagnostics."""

    config: KioskConfig
    engine: Engine
    records: Records
    devices: DeviceSet
    health: KioskHealth
    journey: Journey
    keys: KeyStore
    sources: dict[str, DocumentSource]
    clock: Clock
    face_checker: FaceChecker  # whether it could be set up is the face-check part's status in health

    def close(self) -> None:
        self.journey.close()
        self.health.close()
        self.devices.close()
        for source in self.sources.values():
            close = getattr(source, "close", None)
            if callable(close):
                close()
        self.engine.dispose()


def _contact_seal(config: KioskConfig) -> ContactSeal | None:
    """What seals call-back numbers for the centre; None (no call back offered) without a usable
    ``[rating] contact_key``, which the log says in a sentence — the kiosk serves either way."""
    from kiosk.contact_seal import ContactKeyError, ContactSeal, load_public

    rating = config.rating
    if not rating.callback or rating.contact_key is None:
        return None
    try:
        return ContactSeal(load_public(rating.contact_key))
    except ContactKeyError as error:
        log.warning("no call back is offered after a poor rating: [rating] contact_key %s", error)
        return None


def assemble(
    config: KioskConfig,
    *,
    clock: Clock | None = None,
    devices: DeviceSet | None = None,
    face_checker: FaceChecker | None = None,
    recover: bool = True,
) -> Kiosk:
    """Build the kiosk from its configuration: storage (checked and migrated), secrets, devices,
    sources, journey. :class:`~kiosk.storage.check.StorageUnusableError` when the records cannot be
    kept, with its sentence.

    ``recover``: this is the kiosk starting, so what an earlier run left unfinished is settled —
    visits closed as interrupted, print jobs reconciled with the printer, the first signing key
    made. ``kiosk diag`` looks without settling anything: the kiosk may be running beside it.

    A mock camera gets the scripted face check and a mock card reader the
    stand-in photo decoder: the demo's faces are scripted, a real camera's are checked.
    """
    from devices.id_reader.mock import MockIdReader, MockPhotoDecoder
    from kiosk.documents.numbers import new_document_number
    from kiosk.documents.receipt import build_receipt
    from kiosk.health import ClockCheck, KioskHealth
    from kiosk.identity import IdentityHasher
    from kiosk.journey import Journey
    from kiosk.journey.desk import DocumentDesk
    from kiosk.journey.journey import JourneyParts
    from kiosk.registry.source import RegistrySource, registry_is_empty
    from kiosk.secrets import identity_hash_secret
    from kiosk.storage.check import check_storage, open_storage
    from kiosk.storage.db import make_sessionmaker
    from kiosk.storage.records import Records

    clock = clock or SystemClock()
    data_dir = config.resolved_data_dir()
    min_free_mb = config.storage.min_free_mb
    # Storage first: a kiosk that cannot write its records does not serve. StorageUnusableError carries a
    # sentence for the technician; `kiosk run` shows out of service with it and tries again.
    engine = open_storage(config.database_url(), data_dir, min_free_mb)
    try:
        records = Records(engine)
        interrupted = _start_step(data_dir, records.close_interrupted_sessions) if recover else []
        if interrupted:
            log.warning(
                "%d visits cut short by a crash or a power cut were closed as interrupted", len(interrupted)
            )
        sessions = make_sessionmaker(engine)
        if config.sources.demo_registry and _start_step(data_dir, lambda: registry_is_empty(sessions)):
            # The importer (and pydantic behind it) loads only on the start that fills the registry.
            from kiosk.registry.demo import load_demo

            _start_step(data_dir, lambda: load_demo(sessions))
        hash_secret = _start_step(data_dir, lambda: identity_hash_secret(data_dir))
        if recover:  # call-back numbers past their days go, whether or not a rating comes
            _start_step(data_dir, lambda: records.forget_old_contacts(clock.now()))
        clock_check = ClockCheck(_start_step(data_dir, records.newest_visit), clock.monotonic())
    except BaseException:
        engine.dispose()
        raise
    sources: dict[str, DocumentSource] = {"registry": RegistrySource(sessions)}
    if config.sources.gateway is not None:
        from kiosk.gateway.client import GatewaySource

        sources["gateway"] = GatewaySource(config.sources.gateway)

    devices = devices or open_devices(config.devices)
    keys = KeyStore.in_data_dir(data_dir)
    try:
        if recover:
            # Before anything new is printed (the printer's worker takes jobs in order): jobs an earlier
            # run left on the printer are withdrawn, and the journal says what came out of them.
            _start_step(data_dir, lambda: reconcile_print_jobs(records, devices.document_printer, clock))
            # First start: create and publish the key pair. Never on a clock not believed: the key
            # would start at a wrong time, and no one would have published it.
            if clock_check.judge(clock.now(), clock.monotonic())[0] is ClockStatus.PLAUSIBLE:
                _start_step(data_dir, lambda: keys.signing_key(config.kiosk.id, clock.now()))
    except BaseException:
        devices.close()
        engine.dispose()
        raise
    face_problem = ""
    if face_checker is None:
        if config.devices.camera.spec == "mock":
            from kiosk.face.scripted import ScriptedFaceChecker

            face_checker = ScriptedFaceChecker()
        else:
            face_checker, face_problem = _live_face_checker(config)
    photo_decoder = MockPhotoDecoder() if isinstance(devices.id_reader.device, MockIdReader) else None

    # A face check without its models is a part that is down: the services that need it are greyed
    # on the home screen before anyone consents and places a card.
    health = KioskHealth(
        devices,
        sources,
        records,
        clock,
        face_check=FaceCheckStatus.NO_MODEL if face_problem else FaceCheckStatus.READY,
        face_check_detail=face_problem,
        storage=lambda: check_storage(data_dir, min_free_mb, engine),
        clock_check=clock_check,
    )
    kiosk_identity = config.kiosk
    paper_width = config.devices.receipt_printer.paper_width_mm

    def compose_receipt(
        *, service: ServiceConfig, document_number: str, pages: int, copies: int, verification: str,
        masked_name: str, masked_id: str, issued_at: datetime,
    ) -> Receipt:  # fmt: skip
        return build_receipt(
            kiosk_identity,
            service_title=service.title_zh,
            issued_at=issued_at,
            holder_name=masked_name,
            holder_id_number=masked_id,
            document_number=document_number,
            pages=pages,
            verification=verification,
            paper_width_mm=paper_width,
            copies=copies,
        )

    journey = Journey(
        JourneyParts(
            config=config,
            devices=devices,
            desk=DocumentDesk(sources, lambda: _pdf_renderer(keys), photo_decoder),
            face_checker=face_checker,
            records=records,
            hasher=IdentityHasher(hash_secret),
            health=health,
            clock=clock,
            numbers=new_document_number,
            receipt_composer=compose_receipt,
            readiness=lambda: _readiness(kiosk),
            contact_seal=_contact_seal(config),
        )
    )
    kiosk = Kiosk(config, engine, records, devices, health, journey, keys, sources, clock, face_checker)
    return kiosk


def _readiness(kiosk: Kiosk) -> ReadinessReport:
    # The report checks the document fonts through the font loader, which imports fpdf2 (≈ 1 s): loaded
    # when a technician first asks for a report, on the diagnostics screen's thread, never on the way
    # to ready.
    from kiosk.readiness import readiness

    return readiness(kiosk)


def _start_step(data_dir: Path, act: Callable[[], T]) -> T:
    """One write of the start; storage refusing it is :class:`StorageUnusableError`, with its sentence."""
    try:
        return act()
    except KeyFileError as exc:  # the key folder: a sentence of its own, the status from a fresh look
        found = check_storage(data_dir, 0)
        status = found.status if not found.usable else StorageStatus.READ_ONLY
        raise StorageUnusableError(StorageReading(status, str(exc))) from None
    except Exception as exc:
        reading = storage_reading(exc, str(data_dir))
        if reading is None:
            raise
        raise StorageUnusableError(reading) from None


def _pdf_renderer(keys: KeyStore) -> DocumentRenderer:
    from kiosk.documents.render import PdfRenderer

    return PdfRenderer(keys)


class _UnavailableFaceCheck:
    """Stands in when the face-check models cannot load: every attempt ends at once.

    Health reports the face-check part down with the reason, so the face-checked services are
    greyed on the home screen and this is not reached; should a citizen get here all the same, the
    service ends with "no reference" rather than skipping the check.
    """

    def __init__(self, reason: str) -> None:
        self.reason = reason

    @property
    def threshold(self) -> float:
        return 0.0

    def begin(self, reference: Any, started_at: float) -> Any:
        from kiosk.face.base import ReferenceProblem

        return ReferenceProblem.UNREADABLE

    def observe(self, frame: Any) -> Any:
        raise RuntimeError(self.reason)

    def wipe(self) -> None:
        pass


def _live_face_checker(config: KioskConfig) -> tuple[FaceChecker, str]:
    """The configured face check, and why it cannot check faces (empty when it can)."""
    from kiosk.face.checker import build_face_checker

    try:
        return build_face_checker(config.face_check), ""
    except Exception as exc:  # noqa: BLE001 - a missing model costs the face check, not the kiosk
        reason = plain_reason(exc)
        return _UnavailableFaceCheck(reason), reason
