"""kill -9 at every state of the visit and every step of a print job: after each restart the database
is whole (and so is its image as the kill left it), the visit in flight is closed as interrupted, no
sheet comes out twice, a job cut short keeps its reprint code and says what came out, and the kiosk
is back at its attract screen."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.soak.crash import POINTS, run_crashes


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_kill_at_every_point_of_the_visit_and_the_print_job(tmp_path: Path) -> None:
    report = run_crashes(tmp_path)
    print(report.figures())
    assert report.problems == []
    assert report.points == list(POINTS)
    assert report.images == len(POINTS)
    assert report.outcomes["interrupted"] >= 10
    assert report.sheets > 0
