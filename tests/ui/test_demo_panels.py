"""`kiosk demo --panel`: the matrix played on a catalogue panel, the panel named on its contact sheet
and in its audit; with several panels, a sheet of the panels tried."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from kiosk.config import KioskConfig
from kiosk.panels import panel_named
from ui.demo import play_demo
from ui.demo_sheet import write_panels_sheet

SCENARIO = "reader-unplugged"  # the shortest journey: attract, home, intro, identify, a notice


def _play(panel: str, out: Path) -> int:
    config = KioskConfig()
    config = replace(config, kiosk=replace(config.kiosk, panel=panel_named(panel)))
    return play_demo(config, out, log=lambda line: None, only=(SCENARIO,))


def test_the_demo_lays_out_and_audits_on_the_panel_it_is_given(tmp_path: Path) -> None:
    panel = "upright-32"
    out = tmp_path / panel
    assert _play(panel, out) == 0
    audit = json.loads((out / "audit.json").read_text("utf-8"))
    assert audit["panel"]["name"] == panel
    assert audit["screens"] and all(entry["passed"] for entry in audit["screens"]), [
        (entry["file"], entry["problems"]) for entry in audit["screens"] if not entry["passed"]
    ]
    assert audit["thresholds"]["elderly"]["text_mm"] == pytest.approx(8.92)
    model = panel_named(panel)
    shot = QImage(str(out / "matrix" / "home-elderly-en.png"))
    assert (shot.width(), shot.height()) == (model.width_px, model.height_px)
    sheet = (out / "index.html").read_text("utf-8")
    assert f"Panel: <b>{model.label()}</b>" in sheet


def test_a_sheet_lists_each_panel_tried(tmp_path: Path) -> None:
    assert _play("desk-15", tmp_path / "desk-15") == 0
    write_panels_sheet(tmp_path, ["desk-15", "desk-19"])
    sheet = (tmp_path / "index.html").read_text("utf-8")
    assert "<a href='desk-15/index.html'>desk-15 · 1366 × 768 · 15.6″</a>" in sheet
    assert "<td>desk-19</td><td colspan='4'>no demo was written</td>" in sheet
