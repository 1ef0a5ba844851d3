"""The demo: every journey, played by a scripted citizen against the mock devices.

Headless, :func:`play_all` writes a transcript of every scenario, the PDF of
every document printed and a PNG of every receipt slip. The touchscreen demo
(``ui``) plays the same scenarios and adds a screenshot of every screen.

The demo's citizens are the demo registry's people (assets/registry/demo.json):
made-up names with valid numbers, never real people.
"""

from __future__ import annotations

import functools
import json
import shutil
from collections.abc import Callable
from concurrent.futures import wait as wait_for_futures
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from devices.camera.mock import CameraFault, MockCamera
from devices.document_printer.base import DocumentPrinterStatus
from devices.document_printer.mock import DocumentFault, MockDocumentPrinter
from devices.id_reader.base import CardPhoto, CardType, IdentityRecord
from devices.id_reader.mock import MockIdReader, ReaderFault
from devices.receipt_printer.mock import MockReceiptPrinter, ReceiptFault
from devices.voice.mock import MockVoice
from kiosk.clock import FakeClock
from kiosk.composition import Kiosk, assemble
from kiosk.config import KioskConfig
from kiosk.documents.signing import KEY_SET_FILE
from kiosk.face.base import FaceVerdict
from kiosk.journey import JourneyState, JourneyView
from kiosk.journey.states import TimeoutKind
from kiosk.maintenance import CARD_TEST_SECONDS, PinCheck, SelfTest, hash_pin
from kiosk.registry.demo import DEMO_FILE

S = JourneyState


def demo_people(path: Path = DEMO_FILE) -> dict[str, dict[str, Any]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return {person["id_number"]: person for person in data["people"]}


def demo_card(
    person: dict[str, Any],
    *,
    valid_until: date | None = date(2036, 5, 1),
    card_type: CardType = CardType.RESIDENT_ID,
) -> IdentityRecord:
    """The resident ID card a demo person would carry."""
    return IdentityRecord(
        card_type=card_type,
        name=person["name"],
        id_number=person["id_number"],
        sex=person.get("sex"),
        nation=person.get("nation"),
        birth_date=date.fromisoformat(person["birth_date"]),
        address=person.get("address"),
        issuer="西宁市公安局城东分局",
        valid_from=date(2016, 5, 1),
        valid_until=valid_until,
        photo=CardPhoto("wlt", bytes(1024)),
    )


# The demo people the scenarios use (see assets/registry/demo.json).
ZHANG_WEI = "630102198503121130"  # credit history with an overdue month, real estate
LI_YAN = "630103199007211250"  # 李䶮: a character outside the basic CJK block
LIU_XIUYING = "630102194405031483"  # 82 years old: offered elderly-assist mode
ZHAO_JIANGUO = "630105197211081514"  # legal representative of several businesses
MA_XIAOYAN = "630121200109301626"  # no credit history
NOT_IN_REGISTRY = "630104199901014637"  # a valid number the registry has never heard of

# The demo kiosk's technician PIN: it opens the diagnostics screen of a demo kiosk (and of the kiosk
# `kiosk demo` plays through the window), never a real one: a real kiosk's PIN is its own hash.
DEMO_TECHNICIAN_PIN = "13572468"
DEMO_WRONG_PIN = "000000"  # what the demo's technician types first


@dataclass(frozen=True)
class Scenario:
    """One visit: who comes, for what, and what goes wrong."""

    name: str
    title: str
    service: str
    person: str = ZHANG_WEI
    elderly: bool = False  # taps 长辈模式 on the home screen
    language: str = "zh_CN"
    card_valid_until: date | None = date(2036, 5, 1)
    card_type: CardType = CardType.RESIDENT_ID
    reader_faults: tuple[ReaderFault, ...] = ()
    card_read_seconds: float = 0.0  # a slow card: the identify screen shows "reading your card"
    camera_fault: CameraFault | None = None
    face_verdicts: tuple[FaceVerdict, ...] = ()  # scripted attempts that fail before one passes
    document_fault: DocumentFault | None = None
    document_printer_status: DocumentPrinterStatus | None = None
    receipt_fault: ReceiptFault | None = None
    idle_in: JourneyState | None = None  # the citizen walks away here
    cancel_in: JourneyState | None = None
    business_choice: int = 0
    copies: int = 1
    self_tests: tuple[SelfTest, ...] = ()  # a technician's visit: the PIN pad, then these self-tests
    expect: str = "completed"


def scenarios(config: KioskConfig) -> list[Scenario]:
    out: list[Scenario] = []
    for service in config.services:
        person = ZHAO_JIANGUO if service.template == "business_license" else ZHANG_WEI
        out.append(
            Scenario(f"{service.id}", f"{service.title_zh}: the whole journey", service.id, person, copies=2)
        )
        out.append(
            Scenario(
                f"{service.id}-elderly",
                f"{service.title_zh} in 长辈模式 (82-year-old card holder, offered automatically)",
                service.id,
                LIU_XIUYING if service.template != "business_license" else ZHAO_JIANGUO,
                elderly=service.template == "business_license",
            )
        )
    first = config.services[0].id
    out += [
        Scenario("english", "The whole journey in English, 李䶮", first, LI_YAN, language="en"),
        Scenario(
            "no-credit-history",
            "Credit report of someone with no credit history",
            "credit_report",
            MA_XIAOYAN,
        ),
        Scenario(
            "expired-card",
            "An expired ID card is refused",
            first,
            card_valid_until=date(2024, 1, 1),
            expect="refused_card",
        ),
        Scenario(
            "card-pulled",
            "A slow card is pulled mid-read, then placed again",
            first,
            reader_faults=(ReaderFault.CARD_PULLED_MID_READ,),
            card_read_seconds=0.3,
        ),
        Scenario(
            "reader-unplugged",
            "The card reader vanishes",
            first,
            reader_faults=(ReaderFault.UNPLUGGED,),
            expect="device_fault",
        ),
        Scenario(
            "camera-frozen",
            "The camera freezes during the face check",
            first,
            camera_fault=CameraFault.FROZEN,
            expect="device_fault",
        ),
        Scenario(
            "face-check-failed",
            "Three failed face checks: a polite refusal",
            first,
            face_verdicts=(FaceVerdict.NO_MATCH, FaceVerdict.LIVENESS_FAILED, FaceVerdict.NO_MATCH),
            expect="face_check_failed",
        ),
        Scenario(
            "face-check-second-try",
            "The face check passes on the second attempt",
            first,
            face_verdicts=(FaceVerdict.NO_MATCH,),
        ),
        Scenario(
            "not-in-registry",
            "Someone the registry has no record of",
            first,
            NOT_IN_REGISTRY,
            expect="no_record",
        ),
        Scenario(
            "a4-paper-out",
            "The A4 paper runs out mid-job: a reprint code",
            first,
            document_fault=DocumentFault.PAPER_OUT_MID_JOB,
            expect="device_fault",
        ),
        Scenario(
            "a4-offline",
            "The A4 printer is offline: its services are greyed out",
            first,
            document_printer_status=DocumentPrinterStatus.OFFLINE,
            expect="unavailable",
        ),
        Scenario(
            "receipt-silent",
            "The receipt printer stops answering: the documents still print",
            first,
            receipt_fault=ReceiptFault.SILENT,
        ),
        Scenario(
            "idle-at-intro",
            "The citizen walks away at the consent screen",
            first,
            idle_in=S.INTRO,
            expect="timed_out",
        ),
        Scenario(
            "idle-at-preview",
            "The citizen walks away at the preview",
            first,
            idle_in=S.PREVIEW,
            expect="timed_out",
        ),
        Scenario(
            "cancel-at-preview",
            "The citizen ends the session at the preview",
            first,
            cancel_in=S.PREVIEW,
            expect="cancelled",
        ),
        Scenario(
            "several-businesses",
            "Choosing which of several businesses",
            "business_license",
            ZHAO_JIANGUO,
            business_choice=1,
        ),
        Scenario(
            "technician",
            "A technician opens the diagnostics screen (a wrong PIN first) and runs three self-tests",
            first,
            self_tests=(SelfTest.CARD, SelfTest.RECEIPT, SelfTest.VOICE),
            expect="maintenance_left",
        ),
    ]
    return out


@functools.cache
def _demo_pin_hash(pin: str) -> str:
    # A fixed salt: the same line every run, and scrypt's ~50 ms paid once per process.
    return hash_pin(pin, salt=b"civic-kiosk-demo")


def demo_config(
    base: KioskConfig, data_dir: Path, *, technician_pin: str | None = DEMO_TECHNICIAN_PIN
) -> KioskConfig:
    """The demo's configuration: the given one with every device a mock, its own data dir, and
    ``technician_pin`` opening the diagnostics screen (None: no PIN, the screen stays closed)."""
    devices = replace(
        base.devices,
        **{
            name: replace(getattr(base.devices, name), spec="mock")
            for name in ("id_reader", "receipt_printer", "document_printer", "camera", "voice")
        },
    )
    return replace(
        base,
        devices=devices,
        data_dir=data_dir,
        storage=replace(base.storage, url=None),
        sources=replace(base.sources, demo_registry=True, gateway=None),
        services=tuple(s for s in base.services if s.source == "registry"),
        technician=replace(
            base.technician, pin_hash=_demo_pin_hash(technician_pin) if technician_pin else None
        ),
    )


@dataclass
class Mocks:
    reader: MockIdReader
    receipt_printer: MockReceiptPrinter
    document_printer: MockDocumentPrinter
    camera: MockCamera
    voice: MockVoice

    @staticmethod
    def of(kiosk: Kiosk) -> Mocks:
        devices = kiosk.devices
        parts = (
            devices.id_reader.device,
            devices.receipt_printer.device,
            devices.document_printer.device,
            devices.camera.device,
            devices.voice.device,
        )
        reader, receipt, document, camera, voice = parts
        assert isinstance(reader, MockIdReader) and isinstance(receipt, MockReceiptPrinter)
        assert isinstance(document, MockDocumentPrinter) and isinstance(camera, MockCamera)
        assert isinstance(voice, MockVoice)
        return Mocks(reader, receipt, document, camera, voice)


Hook = Callable[[Scenario, JourneyView], None]
PinEntry = Callable[[str], PinCheck]
"""Types a technician's PIN and says what the journey answered (the touchscreen demo uses the pad)."""


@dataclass
class ScenarioResult:
    scenario: Scenario
    outcome: str
    states: list[str] = field(default_factory=list)

    @property
    def as_expected(self) -> bool:
        return self.outcome == self.scenario.expect


class DemoPlayer:
    """Plays one scenario step by step, so a caller (the touchscreen demo) can look between steps."""

    def __init__(
        self,
        kiosk: Kiosk,
        clock: FakeClock,
        scenario: Scenario,
        hook: Hook | None = None,
        *,
        type_pin: PinEntry | None = None,
    ) -> None:
        self.kiosk = kiosk
        self.journey = kiosk.journey
        self.clock = clock
        self.scenario = scenario
        self.hook = hook
        self.type_pin: PinEntry = type_pin or kiosk.journey.open_maintenance
        self.mocks = Mocks.of(kiosk)
        self.result = ScenarioResult(scenario, "unfinished")
        self._left_attract = False
        self._seen_version = -1
        self._faults_set = False
        self._copies_set = False
        self._tests_left = list(scenario.self_tests)

    def _prepare_devices(self) -> None:
        scenario, mocks = self.scenario, self.mocks
        for fault in scenario.reader_faults:
            mocks.reader.inject(fault)
        mocks.reader.set_read_seconds(scenario.card_read_seconds)
        if scenario.camera_fault:
            mocks.camera.inject(scenario.camera_fault)
        if scenario.document_fault:
            mocks.document_printer.inject(scenario.document_fault)
        if scenario.receipt_fault:
            mocks.receipt_printer.inject(scenario.receipt_fault)
        checker = self.kiosk.journey._parts.face_checker
        from kiosk.face.scripted import ScriptedFaceChecker, failing_script, passing_script

        if isinstance(checker, ScriptedFaceChecker):
            checker.scripts = [failing_script(v) for v in scenario.face_verdicts] + [passing_script()]
            checker.begun = 0

    def _card(self) -> IdentityRecord:
        people = demo_people()
        person = people.get(self.scenario.person) or {
            "name": "王小明", "id_number": self.scenario.person, "sex": "男", "nation": "汉",
            "birth_date": "1999-01-01", "address": "西宁市城东区",
        }  # fmt: skip
        return demo_card(
            person, valid_until=self.scenario.card_valid_until, card_type=self.scenario.card_type
        )

    def _report(self) -> None:
        view = self.journey.view()
        if view.version != self._seen_version:
            self._seen_version = view.version
            if not self.result.states or self.result.states[-1] != view.state.value:
                self.result.states.append(view.state.value)
            if self.hook:
                self.hook(self.scenario, view)

    def step(self) -> bool:
        """One move of the citizen or the clock. False when the scenario is over."""
        journey, scenario = self.journey, self.scenario
        if not self._faults_set:
            self._faults_set = True
            self._prepare_devices()
        if journey.state is S.IDENTIFY and not self.mocks.reader.card_present():
            self.mocks.reader.insert(self._card())  # the citizen places the card (again, if it was pulled)
        if journey._pending is not None:
            if journey.state is S.IDENTIFY and scenario.card_read_seconds:
                self._watch_slow_read()
            journey.wait(timeout=10)
            self._report()
            return True
        if journey.state is S.MAINTENANCE:
            self._maintain()  # before any poll: it shows the technician's screen when it chooses
            self._report()
            return True
        journey.poll()
        self._report()
        state = journey.state
        if state is S.ATTRACT:
            if self._left_attract:
                self._finish()
                return False
            self._left_attract = True
            journey.touch()
        elif state is S.HOME:
            return self._at_home()
        elif state is scenario.idle_in:
            self._elapse_to_deadline()
        elif state is scenario.cancel_in:
            journey.cancel()
        elif state is S.INTRO:
            journey.accept_consent()
        elif state is S.ELDERLY_OFFER:
            journey.answer_elderly_offer(True)
        elif state is S.CHOOSE_BUSINESS:
            businesses = journey.view().businesses
            journey.choose_business(
                businesses[min(scenario.business_choice, len(businesses) - 1)].credit_code
            )
        elif state is S.PREVIEW:
            if not self._copies_set:
                self._copies_set = True
                journey.set_copies(scenario.copies)
            else:
                journey.confirm_print()
        elif state is S.REMINDERS:
            if self.mocks.reader.card_present():
                self.mocks.reader.remove()
                self.clock.advance(1.0)
            else:
                self._elapse_to_deadline()
        elif state is S.RATING:
            journey.rate(5 if scenario.expect == "completed" else 3)
        elif state in (
            S.GOODBYE,
            S.NOTICE,
            S.FACE_CHECK,
            S.FETCHING,
            S.PRINTING,
            S.RECEIPT,
            S.OUT_OF_SERVICE,
        ):
            self._elapse_to_deadline()
        self._report()
        return True

    def _watch_slow_read(self) -> None:
        """Poll while the reader works, as the window does, so "reading your card" is seen (and
        photographed by the touchscreen demo) before the read's result lands."""
        pending = self.journey._pending
        while pending is not None and not pending.future.done():
            self.journey.poll()
            if self.journey.view().card_reading:
                self._report()
                return
            wait_for_futures([pending.future], timeout=0.01)

    def _at_home(self) -> bool:
        journey, scenario = self.journey, self.scenario
        if scenario.self_tests:
            return self._sign_in()
        if scenario.elderly and not journey.elderly:
            journey.set_elderly(True)
            return True
        if journey.language != scenario.language:
            journey.set_language(scenario.language)
            return True
        if scenario.document_printer_status is not None:
            self.mocks.document_printer.set_status(scenario.document_printer_status)
            self.kiosk.health.check_now()
            self.kiosk.health.wait_first_round()
            journey.poll()
            self._report()
            if not journey.choose_service(scenario.service):
                self.result.outcome = "unavailable"
                self.mocks.document_printer.set_status(DocumentPrinterStatus.READY)
                self.kiosk.health.check_now()
                self.kiosk.health.wait_first_round()
                journey.cancel()
                self._report()
                return False
            return True
        journey.choose_service(scenario.service)
        return True

    def _sign_in(self) -> bool:
        """The technician at the PIN pad: a wrong PIN, then the right one."""
        wrong = self.type_pin(DEMO_WRONG_PIN)
        right = self.type_pin(DEMO_TECHNICIAN_PIN)
        if wrong is not PinCheck.WRONG or right is not PinCheck.ACCEPTED:
            self.result.outcome = f"pin_{wrong.value}_then_{right.value}"
            return False
        self._report()  # the diagnostics screen while its report is being made
        return True

    def _maintain(self) -> None:
        """On the diagnostics screen: wait for the report, run the self-tests one after the other,
        then leave. A finished test's result is not shown on its own: the next test starts at once,
        so the screens seen are the report being made, a test under way, and every result."""
        journey = self.journey
        visit = journey.view().maintenance
        if visit is None:
            return
        if visit.report is None or visit.running is not None:
            journey.wait(timeout=CARD_TEST_SECONDS + 5)  # the report, or the test under way
            visit = journey.view().maintenance
            if visit is None or visit.report is None or visit.running is not None or not self._tests_left:
                return
        if self._tests_left:
            test = self._tests_left.pop(0)
            if test is SelfTest.CARD:
                self.mocks.reader.insert(self._card())  # the technician's own test card
            elif self.mocks.reader.card_present():
                self.mocks.reader.remove()
            journey.run_self_test(test)
            return
        if self.mocks.reader.card_present():
            self.mocks.reader.remove()
        journey.leave_maintenance()

    def _elapse_to_deadline(self) -> None:
        deadline = self.journey._deadline
        step = 1.0
        if deadline is not None:
            left = deadline - self.clock.monotonic()
            timeout = self.journey._timeout
            if timeout is not None and timeout.kind is TimeoutKind.IDLE:
                # stop once inside the idle warning so the countdown can be seen
                countdown = self.journey.idle_countdown()
                step = max(0.5, left - 10) if countdown is None else left + 0.01
            else:
                step = max(0.05, min(left + 0.01, 2.0))
        self.clock.advance(step)

    def _finish(self) -> None:
        if self.scenario.self_tests:  # a technician's visit is no session: how it ended is an event
            left = self.kiosk.records.recent_outcomes("maintenance", datetime.min)
            self.result.outcome = f"maintenance_{left[-1][1]}" if left else "maintenance_not_left"
            return
        rows = (
            self.kiosk.engine.connect()
            .exec_driver_sql("select outcome from sessions order by started_at desc, rowid desc limit 1")
            .all()
        )
        self.result.outcome = rows[0][0] if rows else "none"

    def play(self, max_steps: int = 2000) -> ScenarioResult:
        for _ in range(max_steps):
            if not self.step():
                break
        return self.result


def start_scenario(
    scenario: Scenario,
    config: KioskConfig,
    work_dir: Path,
    *,
    technician_pin: str | None = DEMO_TECHNICIAN_PIN,
) -> tuple[Kiosk, FakeClock]:
    """A fresh mock kiosk for ``scenario``, ready to play (``technician_pin``: see
    :func:`demo_config`). The caller closes the kiosk."""
    # An evening visit — after hours is why the kiosk exists — and never in the future, or the
    # documents it signs could not be verified yet.
    evening = datetime.now().replace(hour=19, minute=40, second=0, microsecond=0)
    clock = FakeClock(evening if evening <= datetime.now() else evening - timedelta(days=1))
    kiosk = assemble(demo_config(config, work_dir, technician_pin=technician_pin), clock=clock)
    mocks = Mocks.of(kiosk)
    mocks.document_printer.output_dir = work_dir / "printed" / scenario.name
    mocks.camera.set_fps(0)  # the demo's clock is its own: no need to wait for frames
    kiosk.health.wait_first_round()
    return kiosk, clock


def play_scenario(
    scenario: Scenario, config: KioskConfig, work_dir: Path, hook: Hook | None = None
) -> tuple[ScenarioResult, Kiosk, FakeClock]:
    """Assemble a fresh mock kiosk for ``scenario`` and play it. The caller closes the kiosk."""
    kiosk, clock = start_scenario(scenario, config, work_dir)
    player = DemoPlayer(kiosk, clock, scenario, hook)
    return player.play(), kiosk, clock


def save_outputs(scenario: Scenario, kiosk: Kiosk, work_dir: Path, out_dir: Path) -> None:
    """Copy the PDFs the scenario printed to ``out_dir/documents`` and draw its receipt slips
    into ``out_dir/receipts`` (the headless and the touchscreen demo both write them), with the
    demo kiosk's published key set, so ``kiosk verify --pdf FILE --public-key
    out/public-keys.json`` checks every document."""
    from devices.receipt_printer.escpos_layout import receipt_bytes
    from devices.receipt_printer.escpos_render import render

    published = kiosk.keys.folder / KEY_SET_FILE
    if published.exists():
        out_dir.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(published, out_dir / KEY_SET_FILE)

    (out_dir / "documents").mkdir(parents=True, exist_ok=True)
    (out_dir / "receipts").mkdir(parents=True, exist_ok=True)
    printed = work_dir / "printed" / scenario.name
    pdfs = sorted(printed.glob("*.pdf")) if printed.exists() else []
    for index, pdf in enumerate(pdfs, 1):
        (out_dir / "documents" / f"{scenario.name}-{index}.pdf").write_bytes(pdf.read_bytes())
    for index, receipt in enumerate(Mocks.of(kiosk).receipt_printer.printed, 1):
        rendered = render(receipt_bytes(receipt), receipt.paper_width_mm)
        (out_dir / "receipts" / f"{scenario.name}-{index}.png").write_bytes(rendered.png())


def play_all(
    config: KioskConfig, out_dir: Path, *, log: Callable[[str], None] = print
) -> list[ScenarioResult]:
    """Play every scenario headless; write the transcript, the PDFs and the receipt images."""
    out_dir.mkdir(parents=True, exist_ok=True)
    transcript: list[dict[str, Any]] = []
    lines: list[str] = []
    results = []
    for scenario in scenarios(config):
        events: list[dict[str, Any]] = []

        def hook(sc: Scenario, view: JourneyView, events: list[dict[str, Any]] = events) -> None:
            events.append(_describe(view))

        work = out_dir / "work"
        result, kiosk, _ = play_scenario(scenario, config, work, hook)
        save_outputs(scenario, kiosk, work, out_dir)
        kiosk.close()
        results.append(result)
        mark = "ok " if result.as_expected else "!! "
        line = f"{mark}{scenario.name:<28} {result.outcome:<18} {' → '.join(result.states)}"
        lines.append(line)
        log(line)
        transcript.append(
            {"scenario": scenario.name, "title": scenario.title, "expected": scenario.expect,
             "outcome": result.outcome, "steps": events}
        )  # fmt: skip
    (out_dir / "transcript.json").write_text(json.dumps(transcript, ensure_ascii=False, indent=1), "utf-8")
    (out_dir / "transcript.txt").write_text("\n".join(lines) + "\n", "utf-8")
    return results


def _describe(view: JourneyView) -> dict[str, Any]:
    """A line of the transcript: what the screen shows, without anyone's personal data."""
    step: dict[str, Any] = {"state": view.state.value, "elderly": view.elderly, "language": view.language}
    if view.service:
        step["service"] = view.service.id
    if view.notice:
        step["notice"] = {k: v for k, v in vars_of(view.notice).items() if v is not None}
    if view.identify_hint:
        step["hint"] = view.identify_hint.value
    if view.card_reading:
        step["reading"] = True
    if view.face:
        step["face"] = {"prompt": view.face.guide.prompt.value, "attempt": view.face.attempt}
    if view.preview:
        step["preview"] = {
            "title": view.preview.title,
            "pages": len(view.preview.pages),
            "copies": view.preview.copies,
        }
    if view.sheets_total:
        step["sheets"] = f"{view.sheets_done}/{view.sheets_total}"
    if view.reminder:
        step["reminder"] = view.reminder.value
    if view.idle_countdown is not None:
        step["idle_countdown"] = view.idle_countdown
    unavailable = [t.service.id for t in view.services if not t.available]
    if unavailable:
        step["unavailable"] = unavailable
    if view.maintenance is not None:  # the tests and how they went; not their detail (a masked number)
        visit = view.maintenance
        step["maintenance"] = {
            "report": None if visit.report is None else ("ready" if visit.report.ready else "not_ready"),
            "running": visit.running.value if visit.running else None,
            "results": [{"test": r.test.value, "passed": r.passed} for r in visit.results],
        }
    return step


def vars_of(obj: Any) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in obj.__slots__}
