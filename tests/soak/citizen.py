"""The soak's citizens: each visit a random one, tapping the real window's real buttons.

Every service, both modes and both languages; idle at any step (sometimes asking for more time
first), cancelling, asking for help, pulling the card, choosing copies, rating from 非常满意 to
非常不满意 or not at all. The journey's clock is the kiosk's fake clock: a citizen who walks away
moves it to the step's deadline, so a visit takes the time its timeouts allow, in no time.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QScrollArea, QWidget

from devices.id_reader.base import IdentityRecord, ReaderStatus
from kiosk.clock import FakeClock
from kiosk.composition import Kiosk
from kiosk.demo.people import (
    LI_YAN,
    LIU_XIUYING,
    MA_XIAOYAN,
    NOT_IN_REGISTRY,
    ZHANG_WEI,
    ZHAO_JIANGUO,
    card_of,
)
from kiosk.demo.rig import Mocks
from kiosk.face.base import FaceVerdict
from kiosk.face.scripted import ScriptedFaceChecker, failing_script, passing_script
from kiosk.journey import JourneyState as S
from kiosk.journey.context import IDLE_WARNING
from kiosk.journey.steps.out_of_service import RECHECK
from kiosk.journey.view import FaceView, IdentifyView
from tests.soak.markers import Marker
from tests.soak.watch import StuckError, Watchdog
from ui.app import KioskWindow

DEMO_PEOPLE = (ZHANG_WEI, ZHAO_JIANGUO, LIU_XIUYING, LI_YAN, MA_XIAOYAN, NOT_IN_REGISTRY)
MAX_ACTIONS = 400  # a visit is a few dozen taps and waits; hundreds is a journey going round in circles
FRAMES_PER_PROMPT = 2  # the scripted face check's pace: the soak needs its verdicts, not its frames

# The states a citizen can walk away from, ask for help in, or end the visit from.
IDLE_STATES = (S.HOME, S.INTRO, S.IDENTIFY, S.ELDERLY_OFFER, S.CHOOSE_BUSINESS, S.PREVIEW, S.RATING)
CANCEL_STATES = (S.INTRO, S.IDENTIFY, S.FACE_CHECK, S.CHOOSE_BUSINESS, S.PREVIEW)


class Driver:
    """The real window over the kiosk, driven the way a finger and the clock would."""

    def __init__(self, kiosk: Kiosk, clock: FakeClock, window: KioskWindow, watchdog: Watchdog) -> None:
        self.kiosk = kiosk
        self.journey = kiosk.journey
        self.clock = clock
        self.window = window
        self.mocks = Mocks.of(kiosk)
        self.watchdog = watchdog
        self.on_action: Callable[[], None] = lambda: None  # the soak's random moments

    @property
    def state(self) -> S:
        return self.journey.state

    def refresh(self) -> None:
        self.window.bridge.refresh()
        QCoreApplication.processEvents()
        self.check()

    def check(self) -> None:
        """The window shows what the journey is at, and no timeout is overdue."""
        view = self.window.view
        if view is None or view.state is not self.journey.state:
            raise StuckError(
                f"the window shows {view.state if view else None}, the journey is at {self.state}"
            )
        deadline = self.journey.deadline
        self.watchdog.watch(self.state, self.clock.monotonic(), deadline.at if deadline else None)

    def settle(self) -> None:
        """Let device and document work finish and the window follow; the clock moves only a little
        (a scripted face check needs frames), never past a deadline."""
        journey = self.journey
        for _ in range(2000):
            # The reader waits for a card: the citizen's move. Not when it is unplugged with the card
            # on it: the journey waits for the reader's answer to the read it asked for, and so does
            # the citizen (who otherwise went round in a loop faster than the reader's thread could
            # answer, and the soak stopped as stuck at identify).
            if self.state is S.IDENTIFY and self.mocks.reader.status() is ReaderStatus.NO_CARD:
                self.refresh()
                return
            if journey.working:
                journey.wait(timeout=10)
            self.refresh()
            if journey.working:
                continue
            if self.state is not S.FACE_CHECK or self.waiting_retry():
                return  # a face check waiting for 重新核验 waits for the citizen
            self.clock.advance(0.05)
        raise StuckError(f"{self.state}: the work never settled")

    def waiting_retry(self) -> bool:
        face = self.journey.view().step_as(FaceView)
        return face is not None and face.waiting_retry

    def elapse(self, seconds: float) -> None:
        self.on_action()
        self.clock.advance(seconds)
        self.refresh()
        self.settle()

    def walk_away(self) -> None:
        """Nobody taps: the step's timeout fires (after the idle countdown, for an idle one)."""
        deadline = self.journey.deadline
        if deadline is None:
            self.elapse(RECHECK)
            return
        self.elapse(max(0.0, deadline.at - self.clock.monotonic()) + 0.1)

    def tap(self, widget: QWidget) -> None:
        if not widget.isVisible():
            raise StuckError(f"{type(widget).__name__} is not on the {self.state} screen")
        self.on_action()
        if not widget.isVisible():  # what happened at this moment changed the screen
            return
        scrolled = widget.parentWidget()
        while scrolled is not None and not isinstance(scrolled, QScrollArea):
            scrolled = scrolled.parentWidget()
        if scrolled is not None:  # the citizen scrolls the tile into view first
            scrolled.ensureWidgetVisible(widget)
            QCoreApplication.processEvents()
        QTest.mouseClick(widget, Qt.MouseButton.LeftButton)
        self.refresh()

    def screen(self) -> QWidget:
        current = self.window.router.current
        assert current is not None
        return current


@dataclass
class Plan:
    """What this citizen will do."""

    service: str
    card: IdentityRecord
    elderly: bool = False
    english: bool = False
    idle_in: S | None = None
    more_time_first: bool = False
    cancel_in: S | None = None
    help_in: S | None = None
    pull_card: bool = False  # takes the card away while it is being read
    copies: int = 1
    rating: int | None = None  # None: skips it
    callback_number: str | None = None  # after a poor rating: the number left for a call back
    face_failures: tuple[FaceVerdict, ...] = ()
    done: set[str] = field(default_factory=set)  # the once-only actions already taken


def make_plan(rng: random.Random, services: list[str], markers: list[Marker]) -> Plan:
    service = rng.choice(services)
    marker = None
    if markers and (service.endswith("_gw") or rng.random() < 0.2):
        marker = rng.choice(markers)
        card = marker.card()
    else:
        license = service.startswith("business_license")
        card = card_of(ZHAO_JIANGUO if license and rng.random() < 0.8 else rng.choice(DEMO_PEOPLE))
    roll = rng.random()
    rating = rng.choice((5, 5, 4, 3, 2, 1, None))
    callback = rating is not None and rating <= 2 and rng.random() < 0.5
    return Plan(
        service=service,
        card=card,
        elderly=rng.random() < 0.2,
        english=rng.random() < 0.2,
        idle_in=rng.choice(IDLE_STATES) if roll < 0.15 else None,
        more_time_first=rng.random() < 0.5,
        cancel_in=rng.choice(CANCEL_STATES) if 0.15 <= roll < 0.25 else None,
        help_in=rng.choice(IDLE_STATES) if rng.random() < 0.1 else None,
        pull_card=rng.random() < 0.05,
        copies=rng.choice((1, 1, 1, 2, 3)),
        rating=rating,
        callback_number=(marker.phone if marker else "13800000000") if callback else None,
        face_failures=tuple(rng.choice(list(FaceVerdict)[1:]) for _ in range(rng.choice((0, 0, 0, 1, 3)))),
    )


class Citizen:
    """Plays one :class:`Plan` through the window, from the attract screen back to it."""

    def __init__(self, driver: Driver, plan: Plan, rng: random.Random) -> None:
        self.driver = driver
        self.plan = plan
        self.rng = rng
        self.sessions: list[str] = []

    def visit(self) -> None:
        driver, plan = self.driver, self.plan
        checker = driver.kiosk.face_checker
        if isinstance(checker, ScriptedFaceChecker):
            failures = [failing_script(v, FRAMES_PER_PROMPT) for v in plan.face_failures]
            checker.scripts = [*failures, passing_script(FRAMES_PER_PROMPT)]
            checker.begun = 0
        left_attract = False
        for _ in range(MAX_ACTIONS):
            session = driver.journey.session
            if session is not None and (not self.sessions or self.sessions[-1] != session.id):
                self.sessions.append(session.id)
            state = driver.state
            if state is S.ATTRACT:
                if left_attract:
                    return
                left_attract = True
                driver.tap(driver.screen())
                continue
            self.act(state)
        raise StuckError(f"the visit did not end within {MAX_ACTIONS} actions (at {driver.state})")

    def once(self, action: str) -> bool:
        if action in self.plan.done:
            return False
        self.plan.done.add(action)
        return True

    def act(self, state: S) -> None:
        driver, plan = self.driver, self.plan
        window = driver.window
        if plan.help_in is state and self.once("help"):
            driver.tap(window.header.help)
            if window.help.isVisible():
                driver.tap(window.help.close_button)
            return
        if plan.idle_in is state and self.once("idle"):
            self.idle()
            return
        if plan.cancel_in is state and self.once("cancel"):
            end = getattr(driver.screen(), "end", None)
            if end is not None and end.isVisible():
                driver.tap(end)
                return
        handler = getattr(self, f"at_{state.value}", None)
        if handler is None:
            driver.walk_away()  # a step that moves on by itself (fetching, printing, goodbye …)
        else:
            handler()

    def idle(self) -> None:
        """Walk away; or, first, let the countdown show and tap 需要更多时间 once."""
        driver = self.driver
        deadline = driver.journey.deadline
        if self.plan.more_time_first and deadline is not None:
            warning = IDLE_WARNING * (2 if driver.journey.elderly else 1)
            driver.elapse(max(0.0, deadline.at - driver.clock.monotonic() - warning + 1))
            if driver.window.idle.isVisible():
                driver.tap(driver.window.idle.more)
                return
        driver.walk_away()

    # -- one method per screen -------------------------------------------------------------
    def at_home(self) -> None:
        driver, plan = self.driver, self.plan
        header = driver.window.header
        if plan.english and self.once("english"):
            driver.tap(header.language)
            return
        if plan.elderly and self.once("elderly"):
            driver.tap(header.elderly)
            return
        tiles = [t for t in driver.screen().tiles if t.isVisible()]  # type: ignore[attr-defined]
        offered = {tile.service_id: tile for tile in tiles if tile.isEnabled()}
        if not offered:
            driver.walk_away()  # nothing to offer: back to attract, or out of service
            return
        tile = offered.get(plan.service) or self.rng.choice(list(offered.values()))
        if tile.service_id != plan.service:
            plan.service = tile.service_id
        driver.mocks.reader.insert(plan.card)  # the card goes on the reader with the first taps
        driver.tap(tile)

    def at_intro(self) -> None:
        driver, plan = self.driver, self.plan
        reader = driver.mocks.reader
        if not reader.card_present():
            reader.insert(plan.card)
        if plan.pull_card:
            reader.set_read_seconds(30)  # a slow card: it will be taken away while it is read
        if self.rng.random() < 0.03:
            driver.tap(driver.screen().back_button)  # type: ignore[attr-defined]
            return
        driver.tap(driver.screen().agree)  # type: ignore[attr-defined]

    def at_identify(self) -> None:
        driver = self.driver
        reader = driver.mocks.reader
        if self.plan.pull_card and self.once("pull"):
            for _ in range(200):  # the screen says the card is being read (real time: the reader's)
                shown = driver.journey.view().step_as(IdentifyView)
                if shown is not None and shown.card_reading:
                    break
                driver.journey.poll()
                time.sleep(0.01)
            reader.remove()
            reader.set_read_seconds(0)
            driver.refresh()
            reader.insert(self.plan.card)  # and placed again, to be held still this time
            driver.settle()
            return
        reader.set_read_seconds(0)
        if not reader.card_present():
            reader.insert(self.plan.card)  # placed again
        driver.settle()
        if driver.state is S.IDENTIFY and not driver.journey.working:
            driver.elapse(0.6)  # a refused card: the reader is asked whether it has been taken

    def at_elderly_offer(self) -> None:
        screen = self.driver.screen()
        self.driver.tap(screen.yes if self.rng.random() < 0.7 else screen.no)  # type: ignore[attr-defined]

    def at_choose_business(self) -> None:
        tiles = [t for t in self.driver.screen().tiles if t.isVisible()]  # type: ignore[attr-defined]
        if not tiles:
            self.driver.walk_away()
            return
        self.driver.tap(self.rng.choice(tiles))

    def at_face_check(self) -> None:
        driver = self.driver
        driver.settle()
        if driver.state is S.FACE_CHECK and driver.waiting_retry():  # the tips, and 重新核验
            screen = driver.screen()
            driver.tap(screen.retry if self.rng.random() < 0.8 else screen.end)  # type: ignore[attr-defined]

    def at_preview(self) -> None:
        driver, plan = self.driver, self.plan
        screen = driver.screen()
        if self.once("copies"):
            for _ in range(plan.copies - 1):
                if screen.more.isEnabled():  # type: ignore[attr-defined]
                    driver.tap(screen.more)  # type: ignore[attr-defined]
            return
        driver.tap(screen.print_button)  # type: ignore[attr-defined]

    def at_reminders(self) -> None:
        driver = self.driver
        if driver.mocks.reader.card_present() and self.rng.random() < 0.9:
            driver.mocks.reader.remove()  # most take their card; some forget it
        driver.elapse(1.0)

    def at_rating(self) -> None:
        driver, rating = self.driver, self.plan.rating
        screen = driver.screen()
        driver.tap(screen.skip if rating is None else screen.levels[rating])  # type: ignore[attr-defined]

    def at_rating_reasons(self) -> None:
        driver, plan = self.driver, self.plan
        screen = driver.screen()
        reasons = [b for b in screen.reasons.values() if b.isVisible()]  # type: ignore[attr-defined]
        if reasons and self.once("reasons"):
            for button in self.rng.sample(reasons, self.rng.choice((1, 1, 2))):
                driver.tap(button)
            return
        call_back = screen.callback  # type: ignore[attr-defined]
        driver.tap(call_back if plan.callback_number and call_back.isVisible() else screen.send)  # type: ignore[attr-defined]

    def at_callback(self) -> None:
        driver, number = self.driver, self.plan.callback_number
        screen = driver.screen()
        if number is None or not self.once("number"):
            driver.tap(screen.skip)  # type: ignore[attr-defined]
            return
        for digit in number:
            driver.tap(screen.keys[digit])  # type: ignore[attr-defined]
        driver.tap(screen.send)  # type: ignore[attr-defined]

    def at_goodbye(self) -> None:
        if self.rng.random() < 0.5:
            self.driver.tap(self.driver.screen().done)  # type: ignore[attr-defined]
        else:
            self.driver.walk_away()

    def at_notice(self) -> None:
        if self.rng.random() < 0.5:
            self.driver.tap(self.driver.screen().close_button)  # type: ignore[attr-defined]
        else:
            self.driver.walk_away()

    def at_out_of_service(self) -> None:
        self.driver.elapse(RECHECK)
