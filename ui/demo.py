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
``transcript.txt``.

The demo's people are made up and the mock camera shows a grey test picture, so
the screenshots hold no real person's data.
"""

from __future__ import annotations

import dataclasses
import html
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication

from kiosk.config import KioskConfig, PanelConfig
from kiosk.demo.player import DemoPlayer
from kiosk.demo.rig import start_scenario
from kiosk.demo.scenarios import Scenario, ScenarioResult, scenarios
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
from ui.accessibility_check import Thresholds, audit_widget, thresholds
from ui.app import KioskWindow, prepare_application
from ui.i18n import Translations
from ui.screens.reprint_code_screen import BLANK, ReprintCodeScreen

S = JourneyState
MODES = (False, True)
LANGUAGES = ("zh_CN", "en")
# Overlays drawn over these screens in the matrix (help on the first screen of a session, the idle
# countdown where a citizen most often walks away).
HELP_ON = (S.HOME, S.FACE_CHECK)
IDLE_ON = (S.INTRO, S.PREVIEW)
PIN_PAD = "pin_pad"  # the PIN pad over the screen it was opened on: "home-pin_pad", "home-pin_pad-wrong"
MEASURES = ("text_mm", "target_mm", "spacing_mm", "contrast")  # the audit's, weakest first in the summary


def mode_name(elderly: bool) -> str:
    return "elderly" if elderly else "normal"


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


@dataclass
class Shot:
    path: str  # relative to the output folder
    screen: str
    elderly: bool
    language: str
    scenario: str = ""
    step: int = 0


@dataclass
class DemoRun:
    out_dir: Path
    shots: list[Shot] = field(default_factory=list)
    audits: list[dict[str, Any]] = field(default_factory=list)
    matrix_done: set[str] = field(default_factory=set)
    results: list[ScenarioResult] = field(default_factory=list)


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
    _write_outputs(run, chosen, lines, time.monotonic() - started, panel)
    unexpected = [r for r in run.results if not r.as_expected]
    failed_audits = [a for a in run.audits if not a["passed"]]
    log(
        f"{len(run.results)} journeys played, {len(unexpected)} ended unexpectedly; "
        f"{len(run.shots)} screens written, {len(failed_audits)} with a finding of the audit."
    )
    for audit in failed_audits[:10]:
        log(f"  audit: {audit['file']}: {'; '.join(audit['problems'])}")
    return 1 if unexpected else 0


# ---------------------------------------------------------------- outputs
def _write_outputs(
    run: DemoRun, chosen: list[Scenario], lines: list[str], seconds: float, panel: PanelConfig
) -> None:
    out = run.out_dir
    (out / "transcript.txt").write_text("\n".join(lines) + "\n", "utf-8")
    audit = {
        "panel": panel_json(panel),
        "thresholds": {
            "normal": dataclasses.asdict(_thresholds(False)),
            "elderly": dataclasses.asdict(_thresholds(True)),
        },
        "screens": run.audits,
        "summary": _audit_summary(run.audits),
    }
    (out / "audit.json").write_text(json.dumps(audit, ensure_ascii=False, indent=1), "utf-8")
    (out / "index.html").write_text(_contact_sheet(run, chosen, seconds, panel), "utf-8")


def _thresholds(elderly: bool) -> Any:
    return thresholds(elderly)


def panel_json(panel: PanelConfig) -> dict[str, Any]:
    """The panel the screens were laid out and audited on."""
    width_mm, height_mm = panel.size_mm
    return {
        "name": panel.name.value if panel.name is not None else None,
        "label": panel.label(),
        "width_px": panel.width_px,
        "height_px": panel.height_px,
        "diagonal_inch": panel.diagonal_inch,
        "device_pixel_ratio": panel.device_pixel_ratio,
        "logical_px_per_mm": round(panel.px_per_mm, 3),
        "size_mm": [round(width_mm), round(height_mm)],
    }


def _audit_summary(audits: list[dict[str, Any]]) -> dict[str, Any]:
    """Per screen and mode: the smallest text, the smallest target and the lowest contrast seen."""
    summary: dict[str, dict[str, Any]] = {}
    for entry in audits:
        key = f"{entry['screen']} / {entry['mode']}"
        row = summary.setdefault(key, {"screen": entry["screen"], "mode": entry["mode"], "passed": True})
        for measure in MEASURES:
            finding = entry.get(measure)
            if finding is not None and (measure not in row or finding["value"] < row[measure]["value"]):
                row[measure] = finding
        row["passed"] = row["passed"] and entry["passed"]
    return {
        "screens": sorted(summary.values(), key=lambda r: (r["screen"], r["mode"])),
        "failed": sum(1 for r in summary.values() if not r["passed"]),
    }


def _contact_sheet(run: DemoRun, chosen: list[Scenario], seconds: float, panel: PanelConfig) -> str:
    e = html.escape
    by_scenario: dict[str, list[Shot]] = {}
    for shot in run.shots:
        if shot.scenario:
            by_scenario.setdefault(shot.scenario, []).append(shot)
    results = {r.scenario.name: r for r in run.results}
    parts = [
        "<!doctype html><html lang='zh-CN'><meta charset='utf-8'><title>Civic Kiosk demo</title>",
        "<style>body{font-family:'Noto Sans CJK SC',sans-serif;margin:24px;background:#f2f5f9;color:#16202b}"
        "h2{margin-top:40px}figure{display:inline-block;margin:6px;vertical-align:top;width:330px}"
        "img{width:320px;border:1px solid #c6d0db;background:#fff}figcaption{font-size:12px}"
        "table{border-collapse:collapse}td,th{border:1px solid #c6d0db;padding:4px 8px;font-size:13px}"
        ".bad{background:#fde2e0}.ok{color:#1c6b39}.no{color:#a8261c}nav a{margin-right:12px}</style>",
        "<h1>Civic Kiosk — every screen of the demo</h1>",
        f"<p class='panel'>Panel: <b>{e(panel.label())}</b> — {_glass(panel)}</p>",
        f"<p>{len(run.results)} journeys, {len(run.shots)} screens, {seconds:.0f} s. "
        "Made-up people, mock devices. <a href='audit.json'>audit.json</a> · "
        "<a href='transcript.txt'>transcript.txt</a></p>",
        "<nav><a href='#matrix'>Every screen × mode × language</a><a href='#audit'>Audit</a>"
        "<a href='#documents'>Documents and receipts</a></nav>",
        "<h2 id='journeys'>Journeys</h2>",
    ]
    for scenario in chosen:
        result = results.get(scenario.name)
        ok = result is not None and result.as_expected
        outcome = e(result.outcome) if result else "not played"
        parts.append(
            f"<h3 id='{e(scenario.name)}'>{e(scenario.name)} — {e(scenario.title)} "
            f"<span class='{'ok' if ok else 'no'}'>[{outcome}]</span></h3><div>"
        )
        for shot in by_scenario.get(scenario.name, []):
            name = Path(shot.path).stem
            parts.append(f"<figure><a href='{e(shot.path)}'><img loading='lazy' src='{e(shot.path)}'></a>"
                         f"<figcaption>{e(name)}</figcaption></figure>")  # fmt: skip
        parts.append("</div>")
    parts.append("<h2 id='matrix'>Every screen in both modes and both languages</h2><table>")
    parts.append("<tr><th>screen</th>" + "".join(
        f"<th>{mode_name(m)} · {lang}</th>" for m in MODES for lang in LANGUAGES) + "</tr>")  # fmt: skip
    matrix: dict[str, dict[tuple[bool, str], Shot]] = {}
    for shot in run.shots:
        if shot.path.startswith("matrix/"):
            base = shot.path.removeprefix("matrix/").rsplit("-", 2)[0]
            matrix.setdefault(base, {})[(shot.elderly, shot.language)] = shot
    for key in sorted(matrix):
        cells = []
        for m in MODES:
            for lang in LANGUAGES:
                cell_shot = matrix[key].get((m, lang))
                cells.append(_thumb(cell_shot.path, 240) if cell_shot else "<td></td>")
        parts.append(f"<tr><th>{e(key)}</th>{''.join(cells)}</tr>")
    parts.append("</table>")
    summary = _audit_summary(run.audits)
    parts.append(
        "<h2 id='audit'>Audit (measured from the live widgets, in millimetres on the panel)</h2>"
        f"<p>Floors — normal: {_floors(thresholds(False))}; elderly: {_floors(thresholds(True))}. "
        f"{summary['failed']} screen/mode pairs below a floor.</p><table><tr><th>screen</th><th>mode</th>"
        "<th>smallest text (mm)</th><th>smallest target (mm)</th><th>closest targets (mm)</th>"
        "<th>lowest contrast</th></tr>"
    )
    for row in summary["screens"]:

        def cell(measure: str, row: dict[str, Any] = row) -> str:
            finding = row.get(measure)
            return (
                f"<td title='{e(finding['widget'])}'>{finding['value']:g}</td>" if finding else "<td>—</td>"
            )

        css = "" if row["passed"] else "bad"
        measures = "".join(cell(measure) for measure in MEASURES)
        parts.append(f"<tr class='{css}'><td>{e(row['screen'])}</td><td>{row['mode']}</td>{measures}</tr>")
    parts.append("</table><h2 id='documents'>Documents and receipts</h2><ul>")
    for pdf in sorted((run.out_dir / "documents").glob("*.pdf")):
        parts.append(f"<li><a href='documents/{e(pdf.name)}'>{e(pdf.name)}</a></li>")
    parts.append("</ul><div>")
    for png in sorted((run.out_dir / "receipts").glob("*.png")):
        link = f"receipts/{e(png.name)}"
        image = f"<a href='{link}'><img src='{link}' style='width:190px'></a>"
        parts.append(f"<figure style='width:200px'>{image}<figcaption>{e(png.stem)}</figcaption></figure>")
    parts.append("</div></html>")
    return "\n".join(parts)


def _glass(panel: PanelConfig) -> str:
    width_mm, height_mm = panel.size_mm
    return f"{width_mm:.0f} × {height_mm:.0f} mm of glass, {panel.px_per_mm:.2f} logical px/mm"


def _floors(limits: Thresholds) -> str:
    return (
        f"text ≥ {limits.text_mm:g} mm, targets ≥ {limits.target_mm:g} mm and ≥ {limits.spacing_mm:g} mm "
        f"apart, contrast ≥ {limits.contrast:g}:1"
    )


def _thumb(path: str, width: int) -> str:
    link = html.escape(path)
    return f"<td><a href='{link}'><img loading='lazy' src='{link}' style='width:{width}px'></a></td>"


def write_panels_sheet(out: Path, names: list[str]) -> None:
    """``index.html`` over one demo per panel (``kiosk demo --panel a --panel b``): each panel tried,
    its glass, its journeys and what its audit found, with a link to its own contact sheet."""
    e = html.escape
    rows = []
    for name in names:
        audit_file = out / name / "audit.json"
        transcript = out / name / "transcript.txt"
        if not audit_file.exists():
            rows.append(f"<tr class='bad'><td>{e(name)}</td><td colspan='4'>no demo was written</td></tr>")
            continue
        audit = json.loads(audit_file.read_text("utf-8"))
        lines = transcript.read_text("utf-8").splitlines() if transcript.exists() else []
        unexpected = sum(1 for line in lines if line.startswith("!!"))
        failing = [entry for entry in audit["screens"] if not entry["passed"]]
        panel = audit["panel"]
        css = "bad" if failing or unexpected else ""
        rows.append(
            f"<tr class='{css}'><td><a href='{e(name)}/index.html'>{e(panel['label'])}</a></td>"
            f"<td>{panel['size_mm'][0]} × {panel['size_mm'][1]} mm, {panel['logical_px_per_mm']} px/mm</td>"
            f"<td>{len(lines) - unexpected} of {len(lines)} as expected</td>"
            f"<td>{len(audit['screens'])}</td><td>{len(failing)}</td></tr>"
        )
    page = (
        "<!doctype html><html lang='zh-CN'><meta charset='utf-8'><title>Civic Kiosk demo, every panel</title>"
        "<style>body{font-family:'Noto Sans CJK SC',sans-serif;margin:24px;background:#f2f5f9;color:#16202b}"
        "table{border-collapse:collapse}td,th{border:1px solid #c6d0db;padding:6px 10px}"
        ".bad{background:#fde2e0}</style><h1>Civic Kiosk — the demo on each panel tried</h1>"
        "<table><tr><th>panel</th><th>glass</th><th>journeys</th><th>screens audited</th>"
        f"<th>with a finding</th></tr>{''.join(rows)}</table></html>"
    )
    (out / "index.html").write_text(page, "utf-8")
