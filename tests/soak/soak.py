"""The soak: the real window (offscreen) over a mock kiosk, through N visits of random citizens, with
device faults injected at random moments and healed again.

It asserts, as it goes: every visit ends with exactly one recorded outcome (never internal_error),
within what its timeouts allow; no screen outstays its timeout (the soak's own watchdog), and the
window always shows the journey's state; no exception goes unhandled and no error is logged
anywhere. It samples RSS, threads, file descriptors and Qt objects, and copies the database with
its WAL at random moments, as a power cut would leave them, for :mod:`tests.soak.power_cut`.
``make soak`` runs it long (``KIOSK_SOAK_VISITS``), ``make test`` short (tests/soak/test_soak.py).
"""

from __future__ import annotations

import contextlib
import logging
import random
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from kiosk.clock import FakeClock
from kiosk.composition import Kiosk, assemble
from kiosk.config import GatewayConfig, KioskConfig, SourcesConfig, default_services
from kiosk.demo.rig import Mocks
from kiosk.journey import JourneyState as S
from kiosk.journey.context import IDLE_WARNING
from kiosk.journey.states import Outcome, TimeoutKind
from kiosk.journey.steps import step_type
from kiosk.journey.steps.face_check import FACE_CHECK_ATTEMPT
from kiosk.journey.steps.printing import PRINTING_MARGIN
from kiosk.journey.steps.reminders import TAKE_PAPERS
from kiosk.storage.models import SessionRow
from tests.soak.citizen import Citizen, Driver, make_plan
from tests.soak.faults import Faults
from tests.soak.gateway import SoakGateway
from tests.soak.markers import Marker, face_picture, gateway_data, make_markers
from tests.soak.power_cut import copy_as_a_power_cut
from tests.soak.watch import GrowthTrace, Problems, Sample, StuckError, Watchdog, sample, slope
from ui.app import KioskWindow
from ui.i18n import Translations

log = logging.getLogger(__name__)

WARM_UP = 20  # the fewest visits before the first resource sample
WARM_UP_SHARE = 0.1
"""A long soak warms up for this share of its visits instead: the caches of glyphs and fonts and the
screens' reused widgets (a tile per business, a thumbnail per page) grow until the visits have
brought every name and the longest list they will bring, and a longer soak has more marker people
(one per 100 visits), the last of them first seen later. In the 1,000-visit soak the lists were
longest from visit 45 on, and the RSS settled by visit 170."""
DEVICES_IDLE = 5.0
"""Seconds a sample waits for each device to finish what it was given: a sample taken while a card's
memory-hard hash was still running on the reader's thread counted its 64 MiB, gone a moment later,
and turned the slope. A read ends within its slice of a second and the hash within another; a device
still busy after this (a slow card left on the reader) is sampled as it is."""
GATEWAY_TIMEOUT = 0.5  # seconds: a slow gateway fails fast, and the soak goes on


@dataclass
class SoakSettings:
    visits: int
    work: Path
    seed: int = 15
    markers: int = 20
    fault_chance: float = 0.04  # per citizen action: a fault at a random moment
    heal_chance: float = 0.05  # per citizen action: some faults healed
    samples: int = 20
    power_cuts: int = 4
    trace: bool = False  # what grew, from the first sample to the last (watch.GrowthTrace)


@dataclass
class SoakReport:
    settings: SoakSettings
    visits: int = 0
    sessions: int = 0
    seconds: float = 0.0
    faults: Counter[str] = field(default_factory=Counter)
    outcomes: Counter[str] = field(default_factory=Counter)
    samples: list[Sample] = field(default_factory=list)
    power_cuts: list[Path] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    longest: dict[str, float] = field(default_factory=dict)
    markers: list[Marker] = field(default_factory=list)
    marker_visits: int = 0
    growth: list[str] = field(default_factory=list)

    @property
    def visits_per_hour(self) -> float:
        return 3600 * self.visits / self.seconds if self.seconds else 0.0

    def figures(self) -> str:
        lines = [
            f"soak: {self.visits} visits ({self.sessions} sessions) in {self.seconds:.0f} s: "
            f"{self.visits_per_hour:.0f} visits per hour",
            f"  marker people: {len(self.markers)}, in {self.marker_visits} visits",
            "  faults injected: " + _counts(self.faults),
            "  outcomes: " + _counts(self.outcomes),
            f"  power-cut copies of the database and its WAL: {len(self.power_cuts)}",
        ]
        if self.samples:
            first, last = self.samples[0], self.samples[-1]
            lines.append(f"  resources from visit {first.visits} to {last.visits} (slope per 1000 visits):")
            for name, unit, value in (
                ("RSS", " MB", lambda s: s.rss_mb),
                ("threads", "", lambda s: float(s.threads)),
                ("file descriptors", "", lambda s: float(s.fds)),
                ("Qt objects under the window, the reused lists apart", "", lambda s: float(s.qt_objects)),
                ("widgets, the reused lists apart", "", lambda s: float(s.widgets)),
                ("business tiles and page thumbnails kept for reuse", "", lambda s: float(s.reused)),
            ):
                lines.append(
                    f"    {name}: {value(first):.1f}{unit} -> {value(last):.1f}{unit} "
                    f"(slope {slope(self.samples, value):+.2f}{unit})"
                )
        lines += [f"  {line}" for line in self.growth]
        slowest = sorted(self.longest.items(), key=lambda item: -item[1])[:3]
        lines.append("  longest real time in one state: " + ", ".join(f"{s} {t:.1f} s" for s, t in slowest))
        return "\n".join(lines)


def _counts(counter: Counter[str]) -> str:
    return ", ".join(f"{name} {count}" for name, count in counter.most_common()) or "none"


def visit_limit(config: KioskConfig) -> float:
    """The longest a visit may take on the journey's clock: every step at its timeout, doubled for
    长辈模式, once more for 需要更多时间, with every idle countdown and each face-check attempt."""
    total = 0.0
    for state in S:
        timeout = step_type(state).timeout
        if timeout is None or state is S.DIAGNOSTICS:
            continue
        seconds = timeout.seconds + (IDLE_WARNING if timeout.kind is TimeoutKind.IDLE else 0.0)
        total += 2 * 2 * seconds
    total += config.face_check.attempts * FACE_CHECK_ATTEMPT.seconds
    total += config.devices.document_printer.job_timeout_seconds + PRINTING_MARGIN + 2 * TAKE_PAPERS.seconds
    return total


def devices_idle(kiosk: Kiosk) -> None:
    """Wait until every device has finished the calls it was given (each worker runs them in turn)."""
    for worker in kiosk.devices.all().values():
        with contextlib.suppress(TimeoutError):
            worker.submit(lambda _device: None).result(timeout=DEVICES_IDLE)


def soak_config(data_dir: Path, gateway_url: str) -> KioskConfig:
    """The default kiosk on mocks, its five services from the local registry and the same five from
    the provincial gateway (``<id>_gw``), which alone knows the marker people."""
    services = default_services()
    by_gateway = tuple(
        replace(s, id=f"{s.id}_gw", title_zh=f"{s.title_zh}（省平台）", title_en=f"{s.title_en} (gateway)",
                source="gateway")
        for s in services
    )  # fmt: skip
    return KioskConfig(
        data_dir=data_dir,
        sources=SourcesConfig(
            demo_registry=True,
            gateway=GatewayConfig(url=gateway_url, timeout_seconds=GATEWAY_TIMEOUT, retries=1),
        ),
        services=(*services, *by_gateway),
    )


def evening() -> datetime:
    """An evening visit, never in the future (documents signed in the future would not verify)."""
    at = datetime.now().replace(hour=19, minute=40, second=0, microsecond=0)
    return at if at <= datetime.now() else at - timedelta(days=1)


class Soak:
    def __init__(self, settings: SoakSettings, translations: Translations) -> None:
        self.settings = settings
        self.translations = translations
        self.rng = random.Random(settings.seed)
        self.report = SoakReport(settings)
        self.data_dir = settings.work / "data"
        self.temp_dir = settings.work / "tmp"
        self.log_file = settings.work / "kiosk.log"
        self._cut_due = False
        self._driver_state: Callable[[], S] = lambda: S.ATTRACT

    def run(self, progress: Callable[[str], None] | None = None) -> SoakReport:
        settings, report = self.settings, self.report
        self.temp_dir.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(self.log_file, encoding="utf-8")
        handler.setLevel(logging.DEBUG)
        root = logging.getLogger()
        root.addHandler(handler)
        temp_before, root_level = tempfile.tempdir, root.level
        tempfile.tempdir = str(self.temp_dir)  # the kiosk's temporary files, for the sweep
        root.setLevel(logging.INFO)  # what the journal of a kiosk in a hall holds
        report.markers = make_markers(settings.markers, settings.seed)
        gateway = SoakGateway(gateway_data(report.markers))
        problems = Problems(allowed_errors=("gateway TLS",))
        config = soak_config(self.data_dir, gateway.url)
        clock = FakeClock(evening())
        kiosk = assemble(config, clock=clock)
        window = KioskWindow.for_kiosk(kiosk, translations=self.translations)
        problems.install()
        try:
            self._play(kiosk, clock, window, gateway, problems, progress)
        finally:
            problems.release()
            window.shutdown()
            window.deleteLater()
            QCoreApplication.processEvents()
            kiosk.close()
            gateway.stop()
            tempfile.tempdir = temp_before
            root.setLevel(root_level)
            root.removeHandler(handler)
            handler.close()
        report.problems.extend(problems.found)
        return report

    def _play(
        self,
        kiosk: Kiosk,
        clock: FakeClock,
        window: KioskWindow,
        gateway: SoakGateway,
        problems: Problems,
        progress: Callable[[str], None] | None,
    ) -> None:
        settings, report, rng = self.settings, self.report, self.rng
        mocks = Mocks.of(kiosk)
        mocks.camera.set_fps(0)
        mocks.camera.show([face_picture()])
        panel = kiosk.config.kiosk.panel
        window.resize(panel.width_px, panel.height_px)
        window.show()
        kiosk.health.wait_first_round()
        for state in S:  # every screen built once, as `kiosk run` does after its start
            window.router.screen_for(state)
        window.bridge.refresh(force=True)
        watchdog = Watchdog()
        driver = Driver(kiosk, clock, window, watchdog)
        faults = Faults(mocks, gateway, rng)
        driver.on_action = lambda: self._at_random_moments(faults)
        self._driver_state = lambda: driver.state
        services = [s.id for s in kiosk.config.services]
        limit = visit_limit(kiosk.config)
        warm_up = max(WARM_UP, round(settings.visits * WARM_UP_SHARE))
        sample_every = max(1, (settings.visits - warm_up) // max(1, settings.samples - 1))
        cut_at = set(rng.sample(range(1, settings.visits + 1), min(settings.power_cuts, settings.visits)))
        marker_ids = {m.id_number for m in report.markers}
        trace = GrowthTrace() if settings.trace else None
        started = time.monotonic()
        for visit in range(1, settings.visits + 1):
            plan = make_plan(rng, services, report.markers)
            report.marker_visits += plan.card.id_number in marker_ids
            citizen = Citizen(driver, plan, rng)
            try:
                citizen.visit()
            except StuckError as stuck:
                raise StuckError(f"visit {visit} ({plan.service}): {stuck}") from None
            self._check_sessions(kiosk, citizen.sessions, limit, visit)
            if problems.found:
                raise AssertionError(f"visit {visit}: {problems.found[0]}")
            # A technician comes, or the device recovers: at once when nobody could be served.
            if faults.active and (
                not citizen.sessions or driver.state is S.OUT_OF_SERVICE or rng.random() < 0.3
            ):
                faults.heal_all()
            if visit == warm_up or (visit > warm_up and (visit - warm_up) % sample_every == 0):
                devices_idle(kiosk)
                report.samples.append(sample(visit, window))
                if trace is not None and visit == warm_up:
                    trace.start(window)
            # the power goes at a random moment of the next visit (or the one after, if it was short)
            self._cut_due = self._cut_due or visit + 1 in cut_at
            report.visits = visit
            if progress is not None and visit % 100 == 0:
                progress(f"{visit} visits, {time.monotonic() - started:.0f} s")
        report.seconds = time.monotonic() - started
        if trace is not None:
            report.growth = trace.lines(window)
        report.faults.update({kind.value: count for kind, count in faults.injected.items()})
        report.longest = dict(watchdog.longest)
        with kiosk.records.engine.connect() as connection:
            rows = connection.exec_driver_sql("select coalesce(outcome, 'in_progress') from sessions").all()
        report.outcomes.update(str(row[0]) for row in rows)
        report.sessions = len(rows)

    def _at_random_moments(self, faults: Faults) -> None:
        """Before a citizen's action: now and then a fault, a healing, or a power cut's copy."""
        if self._cut_due and self.rng.random() < 0.2:
            self._cut_due = False
            target = self.settings.work / "power-cuts"
            self.report.power_cuts.append(copy_as_a_power_cut(self.data_dir, target, self.rng))
        roll = self.rng.random()
        if self._driver_state() is S.OUT_OF_SERVICE and roll < 0.2:
            faults.heal_all()  # nothing can be offered: a technician is called
        elif roll < self.settings.fault_chance:
            faults.inject_random()
        elif roll < self.settings.fault_chance + self.settings.heal_chance:
            faults.heal_some()

    def _check_sessions(self, kiosk: Kiosk, sessions: list[str], limit: float, visit: int) -> None:
        """Each session of the visit: one outcome, recorded, never an internal error, within the limit."""
        for session_id in sessions:
            row: SessionRow | None = kiosk.records.session(session_id)
            where = f"visit {visit}, session {session_id}"
            assert row is not None, f"{where}: not recorded"
            assert row.outcome is not None, f"{where}: no outcome recorded"
            assert row.outcome in {o.value for o in Outcome}, f"{where}: outcome {row.outcome}"
            assert row.outcome != Outcome.INTERNAL_ERROR, f"{where}: ended in an internal error"
            assert row.ended_at is not None
            took = (row.ended_at - row.started_at).total_seconds()
            assert 0 <= took <= limit, f"{where}: took {took:.0f} s, its timeouts allow {limit:.0f} s"
