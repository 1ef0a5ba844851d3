"""The short soak ``make test`` runs (``make soak`` runs the long one): the real window through
dozens of random visits with random device faults, its figures printed; then the power-cut copies
opened, and the privacy sweep over everything the kiosk wrote."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.soak.power_cut import open_power_cut
from tests.soak.soak import Soak, SoakSettings
from tests.soak.sweep import sweep
from ui.i18n import Translations

SHORT_VISITS = int(os.environ.get("KIOSK_SOAK_SHORT_VISITS", "40"))


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_a_short_soak_then_the_power_cuts_and_the_privacy_sweep(
    translations: Translations, tmp_path: Path
) -> None:
    settings = SoakSettings(visits=SHORT_VISITS, work=tmp_path, markers=8, samples=5, power_cuts=3)
    report = Soak(settings, translations).run()
    print(report.figures())

    assert report.problems == []
    assert report.visits == SHORT_VISITS
    assert report.outcomes and "in_progress" not in report.outcomes
    assert "internal_error" not in report.outcomes
    assert sum(report.faults.values()) > 0, "no fault was injected"
    assert report.marker_visits > 0
    first, last = report.samples[0], report.samples[-1]
    assert last.threads <= first.threads + 2, (first, last)
    assert last.fds <= first.fds + 4, (first, last)
    assert last.qt_objects <= first.qt_objects + 10, (first, last)  # every screen is built once

    assert report.power_cuts
    for copy in report.power_cuts:
        opened = open_power_cut(copy)
        assert opened.integrity == "ok", copy

    found = sweep([tmp_path / "data", tmp_path / "kiosk.log", tmp_path / "tmp"], report.markers)
    print(found.figures())
    assert found.files > 0 and found.secrets > 0
    assert found.found == []
