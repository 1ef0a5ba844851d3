"""The headless demo: every scenario played, and what the kiosk showed written down.

:func:`play_all` writes ``transcript.json`` (every view each scenario passed, as
:func:`_describe` puts it), ``transcript.txt`` (one line per scenario), the PDF of every document
printed and a PNG of every receipt slip. The touchscreen demo (``ui.demo``) plays the same
scenarios and adds a screenshot of every screen.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from devices.receipt_printer.escpos_layout import receipt_bytes
from devices.receipt_printer.escpos_render import render
from kiosk.composition import Kiosk
from kiosk.config import KioskConfig
from kiosk.demo.player import DemoPlayer, Hook
from kiosk.demo.rig import Mocks, printed_dir, start_scenario
from kiosk.demo.scenarios import Scenario, ScenarioResult, scenarios
from kiosk.documents.signing import KEY_SET_FILE
from kiosk.journey import JourneyView
from kiosk.journey.view import (
    CallbackView,
    DiagnosticsView,
    FaceView,
    GoodbyeView,
    IdentifyView,
    NoticeView,
    PreviewView,
    PrintingView,
    RatingReasonsView,
    RemindersView,
    ReprintCodeView,
)

WORK = "work"
"""The demo kiosks' data folder inside the output folder (the command removes it at the end)."""


def play_all(
    config: KioskConfig, out_dir: Path, *, log: Callable[[str], None] = print
) -> list[ScenarioResult]:
    """Play every scenario headless; write the transcript, the PDFs and the receipt images.

    ``out_dir``: a folder the demo may write into (``kiosk demo`` claims it with
    :func:`~kiosk.demo.out_dir.claim_out_dir` first)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    transcript: list[dict[str, Any]] = []
    lines: list[str] = []
    results = []
    for scenario in scenarios(config):
        steps: list[dict[str, Any]] = []
        work = out_dir / WORK
        kiosk, clock = start_scenario(scenario, config, work)
        try:
            result = DemoPlayer(kiosk, clock, scenario, transcript_hook(steps)).play()
            save_outputs(scenario, kiosk, work, out_dir)
        finally:
            kiosk.close()
        results.append(result)
        line = result_line(result)
        lines.append(line)
        log(line)
        transcript.append(
            {"scenario": scenario.name, "title": scenario.title, "expected": scenario.expect,
             "outcome": result.outcome, "steps": steps}
        )  # fmt: skip
    (out_dir / "transcript.json").write_text(json.dumps(transcript, ensure_ascii=False, indent=1), "utf-8")
    (out_dir / "transcript.txt").write_text("\n".join(lines) + "\n", "utf-8")
    return results


def result_line(result: ScenarioResult) -> str:
    """A scenario's line of ``transcript.txt``: ``ok`` or ``!!``, its outcome and its states."""
    mark = "ok " if result.as_expected else "!! "
    return f"{mark}{result.scenario.name:<28} {result.outcome:<18} {' → '.join(result.states)}"


def save_outputs(scenario: Scenario, kiosk: Kiosk, work_dir: Path, out_dir: Path) -> None:
    """Copy the PDFs the scenario printed to ``out_dir/documents`` and draw its receipt slips
    into ``out_dir/receipts`` (the headless and the touchscreen demo both write them), with the
    demo kiosk's published key set, so ``kiosk verify --pdf FILE --public-key
    out/public-keys.json`` checks every document."""
    published = kiosk.keys.folder / KEY_SET_FILE
    if published.exists():
        out_dir.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(published, out_dir / KEY_SET_FILE)

    (out_dir / "documents").mkdir(parents=True, exist_ok=True)
    (out_dir / "receipts").mkdir(parents=True, exist_ok=True)
    printed = printed_dir(work_dir, scenario)
    pdfs = sorted(printed.glob("*.pdf")) if printed.exists() else []
    for index, pdf in enumerate(pdfs, 1):
        (out_dir / "documents" / f"{scenario.name}-{index}.pdf").write_bytes(pdf.read_bytes())
    for index, receipt in enumerate(Mocks.of(kiosk).receipt_printer.printed, 1):
        rendered = render(receipt_bytes(receipt), receipt.paper_width_mm)
        (out_dir / "receipts" / f"{scenario.name}-{index}.png").write_bytes(rendered.png())


def transcript_hook(steps: list[dict[str, Any]]) -> Hook:
    """A player's hook that writes each view it sees into ``steps``, as the transcript does."""

    def hook(scenario: Scenario, view: JourneyView) -> None:
        steps.append(_describe(view))

    return hook


def _describe(view: JourneyView) -> dict[str, Any]:
    """A step of the transcript: what the screen shows, without anyone's personal data.

    The one place that knows the view's shape: the transcript's keys stay as they are when it
    changes."""
    step: dict[str, Any] = {"state": view.state.value, "elderly": view.elderly, "language": view.language}
    if view.service:
        step["service"] = view.service.id
    shown = view.step
    if isinstance(shown, NoticeView):
        # a field at its default (no sheets came out, no slip) is left out, as None is
        step["notice"] = {
            k: v
            for k, v in dataclasses.asdict(shown.notice).items()
            if v is not None and v is not False and v != 0
        }
    if isinstance(shown, IdentifyView):
        if shown.hint:
            step["hint"] = shown.hint.value
        if shown.card_reading:
            step["reading"] = True
    if isinstance(shown, FaceView):
        step["face"] = {"prompt": shown.guide.prompt.value, "attempt": shown.attempt}
    if isinstance(shown, PreviewView):
        step["preview"] = {"title": shown.title, "pages": len(shown.pages), "copies": shown.copies}
    if isinstance(shown, PrintingView) and shown.sheets_total:
        step["sheets"] = f"{shown.sheets_done}/{shown.sheets_total}"
    if isinstance(shown, RemindersView):
        step["reminder"] = shown.reminder.value
        if shown.sheets_out:
            step["sheets_out"] = shown.sheets_out
    if isinstance(shown, FaceView) and shown.waiting_retry:
        step["face"]["waiting_retry"] = True
    if isinstance(shown, RatingReasonsView):
        step["reasons"] = [reason.value for reason in shown.chosen]
    if isinstance(shown, CallbackView) and shown.problem:
        step["callback_problem"] = shown.problem.value  # never the number
    if isinstance(shown, GoodbyeView) and shown.outcome is not None:
        step["goodbye"] = {"outcome": shown.outcome.value, "callback": shown.callback}
    if isinstance(shown, ReprintCodeView):  # why a code was not taken; never the code typed
        step["reprint_code"] = shown.problem.value if shown.problem else "typing"
    if view.reprint is not None:
        step["reprint"] = {"sheets": view.reprint.sheets, "of": view.reprint.sheets_total}
    if view.help is not None:
        step["help"] = {
            "answer": view.help.answer.value,
            "phone": view.help.phone,
            "kiosk": view.help.kiosk_id,
        }
    if view.idle_countdown is not None:
        step["idle_countdown"] = view.idle_countdown
    unavailable = [t.service.id for t in view.services if not t.available]
    if unavailable:
        step["unavailable"] = unavailable
    if isinstance(shown, DiagnosticsView):  # the tests and how they went; not their detail (a masked number)
        step["diagnostics"] = {
            "report": None if shown.report is None else ("ready" if shown.report.ready else "not_ready"),
            "running": shown.running.value if shown.running else None,
            "results": [{"test": r.test.value, "passed": r.passed} for r in shown.results],
        }
    return step
