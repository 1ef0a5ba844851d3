"""What the touchscreen demo writes about its run, apart from the screenshots themselves.

:class:`DemoRun` is the run's record: every :class:`Shot` the camera of :mod:`ui.demo` took, the
audit of each and how each journey ended. :func:`write_outputs` turns it into ``transcript.txt``,
``audit.json`` (the panel, the floors, every screen's audit and a per screen/mode summary) and
``index.html``, the contact sheet; :func:`write_panels_sheet` writes the ``index.html`` over one
demo per panel (``kiosk demo --panel a --panel b``) from what each of them wrote.
"""

from __future__ import annotations

import dataclasses
import html
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.config import PanelConfig
from kiosk.demo.scenarios import Scenario, ScenarioResult
from ui.accessibility_check import Thresholds, thresholds

MODES = (False, True)
LANGUAGES = ("zh_CN", "en")
MEASURES = ("text_mm", "target_mm", "spacing_mm", "contrast")  # the audit's, weakest first in the summary


def mode_name(elderly: bool) -> str:
    return "elderly" if elderly else "normal"


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


def write_outputs(
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
