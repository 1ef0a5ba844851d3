"""``kiosk demo`` with the touchscreen: every scenario played through the real window, offscreen.

It plays the scenarios of :mod:`kiosk.demo.scenarios` (every service in normal and
elderly mode, every fault path) against the mock devices, shows each new view
in the real :class:`~ui.app.KioskWindow` and writes a PNG of every distinct
screen it passes. Each screen is also drawn once in both modes and both
languages (the same view with ``elderly`` and ``language`` switched), and with
the help and idle overlays, so the contact sheet shows all of them. Every PNG
is audited from the live widgets (:mod:`ui.accessibility_check`) into ``audit.json``.

The technician's scenario types its PINs on the real PIN pad (a wrong one, then
the demo PIN, :data:`kiosk.demo.people.DEMO_TECHNICIAN_PIN`), so the pad is
photographed with its dots and its "wrong PIN" sentence; the pad and the
diagnostics screen are normal-mode only, so the matrix has them in both
languages but not in 长辈模式.

Out: ``screens/<scenario>/<step>-<state>-<mode>-<language>.png``,
``matrix/<screen>-<mode>-<language>.png``, ``documents/*.pdf``,
``receipts/*.png``, ``index.html`` (the contact sheet), ``audit.json``,
``transcript.txt``; the last three are written from the run's record by :mod:`ui.demo_sheet`.

The demo's people are made up and the mock camera shows a grey test picture, so
the screenshots hold no real person's data.
"""

from __future__ import annotations

import dataclasses
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication

from kiosk.config import KioskConfig, PanelConfig
from kiosk.demo.player import DemoPlayer
from kiosk.demo.rig import start_scenario
from kiosk.demo.scenarios import Scenario, scenarios
from kiosk.demo.transcript import WORK, save_outputs
from kiosk.journey import JourneyState, JourneyView
from kiosk.journey.view import (
    DiagnosticsView,
    FaceView,
    IdentifyView,
    NoticeView,
    PreviewView,
    PrintingView,
    RemindersView,
    ReprintCodeView,
)
from kiosk.technician_pin import PinCheck
from ui.accessibility_check import audit_widget
from ui.app import KioskWindow, prepare_application
from ui.demo_sheet import LANGUAGES, MODES, DemoRun, Shot, mode_name, write_outputs
from ui.i18n import Translations
from ui.screens.reprint_code_screen import BLANK, ReprintCodeScreen

S = JourneyState
# Overlays drawn over these screens in the matrix (help on the first screen of a session, the idle
# countdown where a citizen most often walks away).
HELP_ON = (S.HOME, S.FACE_CHECK)
IDLE_ON = (S.INTRO, S.PREVIEW)
PIN_PAD = "pin_pad"  # the PIN pad over the screen it was opened on: "home-pin_pad", "home-pin_pad-wrong"


def modes_of(key: str) -> tuple[bool, ...]:
    """The modes a screen is drawn in: the technician's pad and screen are normal-mode only."""
    normal_only = key.startswith(S.DIAGNOSTICS.value) or PIN_PAD in key.split("-")
    return (False,) if normal_only else MODES


def screen_key(view: JourneyView) -> str:
    """What makes a screen look different, without the mode and language: the state and its variant."""
    parts = [view.state.value]
    shown = view.step
    if isinstance(shown, NoticeView):
        parts.append(shown.notice.reason.value)
    if isinstance(shown, IdentifyView):
        if shown.card_reading:
            parts.append("reading")  # the last read's hint is put away while a card is read
        elif shown.hint is not None:
            parts.append(shown.hint.value)
    if isinstance(shown, FaceView):
        if shown.last_verdict is not None:
            parts.append("retry")
        elif shown.guide.challenge_steps:
            parts.append("challenge")
    if isinstance(shown, PrintingView) and shown.sheets_done:
        parts.append("pages")
    if isinstance(shown, RemindersView):
        parts.append(shown.reminder.value)
        if shown.receipt_printed is False:
            parts.append("no_receipt")
    if view.state is S.HOME and any(not tile.available for tile in view.services):
        parts.append("unavailable")
    if isinstance(shown, ReprintCodeView) and shown.problem is not None:
        parts.append(shown.problem.value)
    if isinstance(shown, DiagnosticsView):
        if shown.report is None:
            parts.append("making")
        elif shown.running is not None:
            parts.append("running")
    if view.reprint is not None and view.state in (S.INTRO, S.IDENTIFY):
        parts.append("reprint")  # what it prints, the same card; the step bar from 补打码
    if view.idle_countdown is not None:
        parts.append("idle")
    if view.help_requested:
        parts.append("help")
    return "-".join(parts)


class ScreenCamera:
    """Shows views in one window, grabs it to PNG and audits the live widgets."""

    def __init__(self, run: DemoRun, window: Any, app: Any) -> None:
        self.run = run
        self.window = window
        self.app = app

    def show(self, view: JourneyView) -> None:
        self.window.show_view(view)
        # A language or mode switch changes text widths; the relayout it asks for can itself ask for
        # another (a wrapped title in a centred block). Grab only once the layout has settled.
        for _ in range(3):
            self.app.processEvents()
        # The compositor holds a full-screen window at the panel's size: a screen that needed more on
        # the way (the larger theme before the screen had its new view) has not grown it for good.
        panel = self.window.config.kiosk.panel
        self.window.resize(panel.logical_width_px, panel.logical_height_px)
        self.app.processEvents()

    def grab(
        self, view: JourneyView, relative: str, *, scenario: str = "", step: int = 0, key: str = ""
    ) -> None:
        """Write the window as it is now; ``key`` names what it shows when the view alone does not
        (the PIN pad over the home screen)."""

        path = self.run.out_dir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        image = self.window.grab().toImage()
        image.save(str(path), "PNG")
        key = key or screen_key(view)
        shot = Shot(relative, key, view.elderly, view.language, scenario, step)
        self.run.shots.append(shot)
        panel = self.window.config.kiosk.panel
        audit = audit_widget(
            self.window, px_per_mm=self.window.theme.px_per_mm, elderly=view.elderly, name=key, image=image,
            glass=QSize(panel.logical_width_px, panel.logical_height_px),
        )  # fmt: skip
        entry = audit.as_json()
        entry.update(language=view.language, mode=mode_name(view.elderly), file=relative, scenario=scenario)
        self.run.audits.append(entry)

    def matrix(self, view: JourneyView, key: str = "") -> None:
        """The screen of ``view`` in both modes and both languages, once per screen for the whole demo.
        With ``key``: what the window shows over it now (the PIN pad), in the languages only."""
        variants = [(view, key)]
        plain = not key and screen_key(view) == view.state.value  # overlays once, over the plain screen
        if plain and view.state in HELP_ON and not view.help_requested:
            variants.append((dataclasses.replace(view, help_requested=True), ""))
        if plain and view.state in IDLE_ON and view.idle_countdown is None:
            variants.append((dataclasses.replace(view, idle_countdown=12), ""))
        for base, shown in variants:
            name = shown or screen_key(dataclasses.replace(base, elderly=False, language="zh_CN"))
            if name in self.run.matrix_done:
                continue
            self.run.matrix_done.add(name)
            for elderly in modes_of(name):
                for language in LANGUAGES:
                    variant = dataclasses.replace(base, elderly=elderly, language=language)
                    if elderly and isinstance(variant.step, PreviewView):
                        # as the journey shows it: 长辈模式 prints one copy and asks nothing about copies
                        one = dataclasses.replace(variant.step, copies=1, copy_limit=1)
                        variant = dataclasses.replace(variant, step=one)
                    self.show(variant)
                    self.grab(variant, f"matrix/{name}-{mode_name(elderly)}-{language}.png", key=shown)
        self.show(view)  # back to what the journey shows


class ScenarioShots:
    """One scenario's photographs: every distinct screen once, in the order the journey passed them."""

    def __init__(self, camera: ScreenCamera, scenario: str, folder: str) -> None:
        self.camera = camera
        self.scenario = scenario
        self.folder = folder
        self.seen: set[str] = set()

    def take(self, view: JourneyView, key: str = "") -> None:
        """``view`` as the window shows it now, unless this scenario has a picture of it already."""
        name = key or screen_key(view)
        if name in self.seen:
            return
        self.seen.add(name)
        step = len(self.seen)
        self.camera.grab(
            view, f"{self.folder}/{step:02d}-{name}-{mode_name(view.elderly)}-{view.language}.png",
            scenario=self.scenario, step=step, key=key,
        )  # fmt: skip
        self.camera.matrix(view, key)

    def type_pin_on_pad(self, pin: str) -> PinCheck:
        """The technician holds the corner (the pad is opened as the hold would) and taps the PIN on
        the pad's keys: photographed with its dots, then with its answer when it stays open."""
        window = self.camera.window
        pad = window.open_pin_pad()
        view = window.view
        if pad is None or view is None:
            return PinCheck.NOT_SET
        for digit in pin:
            pad.keys[digit].click()
        base = screen_key(view)
        self.take(view, f"{base}-{PIN_PAD}")
        check = pad.submit()
        if pad.is_open and window.view is not None:
            self.take(window.view, f"{base}-{PIN_PAD}-{check.value if check else 'empty'}")
        return check or PinCheck.NOT_SET

    def type_code_on_keypad(self, code: str) -> None:
        """The citizen at the 补打 keypad: puts right what is typed already (删除), taps the rest on
        the keys, and is photographed with the code typed before 确认补打码."""
        window = self.camera.window
        screen = window.router.current
        if not isinstance(screen, ReprintCodeScreen):
            return
        typed = screen.code.text().replace(" ", "").rstrip(BLANK)
        same = next(
            (i for i, (a, b) in enumerate(zip(typed, code, strict=False)) if a != b),
            min(len(typed), len(code)),
        )
        for _ in range(len(typed) - same):
            screen.delete_key.click()
        for character in code[same:]:
            screen.keypad.keys[character].click()
        if window.view is not None:
            self.take(window.view, f"{screen_key(window.view)}-typed")
        screen.confirm.click()


def _offscreen_unless_display(panel: PanelConfig) -> None:
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        # Offscreen, a panel driven at a device-pixel ratio (a 4K panel shown as 1920 × 1080) is
        # emulated by scaling the whole app: the window is laid out at the logical size, and the
        # screenshots have the panel's own pixels. Only before the QApplication exists.
        if panel.device_pixel_ratio != 1.0 and QApplication.instance() is None:
            os.environ.setdefault("QT_SCALE_FACTOR", f"{panel.device_pixel_ratio:g}")


def play_demo(
    config: KioskConfig,
    out_dir: Path,
    *,
    log: Callable[[str], None] = print,
    only: tuple[str, ...] = (),
) -> int:
    """Play every scenario (or the ``only`` ones) through the window; 0 when each ended as expected.

    ``out_dir``: a folder the demo may write into (``kiosk demo`` claims it with
    :func:`kiosk.demo.out_dir.claim_out_dir` first)."""
    panel = config.kiosk.panel
    _offscreen_unless_display(panel)  # before the QApplication exists

    started = time.monotonic()
    app = prepare_application()
    translations = Translations()
    out_dir.mkdir(parents=True, exist_ok=True)
    run = DemoRun(out_dir)
    lines: list[str] = []
    work = out_dir / WORK
    log(f"panel: {panel.label()}")
    chosen = [s for s in scenarios(config) if not only or s.name in only]
    for number, scenario in enumerate(chosen, 1):
        kiosk, clock = start_scenario(scenario, config, work)
        window = KioskWindow.for_kiosk(kiosk, translations=translations)
        window.resize(panel.logical_width_px, panel.logical_height_px)
        window.show()
        camera = ScreenCamera(run, window, app)
        shots = ScenarioShots(camera, scenario.name, f"screens/{number:02d}-{scenario.name}")

        def hook(sc: Scenario, view: JourneyView, camera: ScreenCamera = camera,
                 shots: ScenarioShots = shots) -> None:  # fmt: skip
            camera.show(view)
            shots.take(view)

        try:
            player = DemoPlayer(
                kiosk,
                clock,
                scenario,
                hook,
                type_pin=shots.type_pin_on_pad,
                type_code=shots.type_code_on_keypad,
            )
            result = player.play()
            save_outputs(scenario, kiosk, work, out_dir)
        finally:
            window.shutdown()
            window.deleteLater()
            app.processEvents()
            kiosk.close()
        run.results.append(result)
        mark = "ok " if result.as_expected else "!! "
        line = f"{mark}{scenario.name:<28} {result.outcome:<18} {' → '.join(result.states)}"
        lines.append(line)
        log(line)
    translations.close()
    write_outputs(run, chosen, lines, time.monotonic() - started, panel)
    unexpected = [r for r in run.results if not r.as_expected]
    failed_audits = [a for a in run.audits if not a["passed"]]
    log(
        f"{len(run.results)} journeys played, {len(unexpected)} ended unexpectedly; "
        f"{len(run.shots)} screens written, {len(failed_audits)} with a finding of the audit."
    )
    for audit in failed_audits[:10]:
        log(f"  audit: {audit['file']}: {'; '.join(audit['problems'])}")
    return 1 if unexpected else 0
