"""``make soak``: the long soak, its figures, the power cuts opened, the privacy sweep, and the crash
harness at every point.

    KIOSK_SOAK_VISITS=10000 python -m tests.soak [WORK_DIR]
    KIOSK_SOAK_TRACE=1 python -m tests.soak     # and what grew from the first sample to the last

The work directory (default: a new one under /tmp) keeps the kiosk's data, its log and the power-cut
copies for a look afterwards. Exit 0 when every check held; the figures are printed either way.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before Qt is loaded

import sys
import tempfile
from pathlib import Path

from tests.soak.crash import run_crashes
from tests.soak.power_cut import open_power_cut
from tests.soak.soak import Soak, SoakSettings
from tests.soak.sweep import sweep
from tests.soak.watch import slope
from ui.app import prepare_application
from ui.i18n import Translations

RSS_PER_1000_VISITS_MB = 2.0  # DESIGN.md: ≤ 10 MB over 5,000 journeys


def main() -> int:
    visits = int(os.environ.get("KIOSK_SOAK_VISITS", "1000"))
    work = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="kiosk-soak-"))
    work.mkdir(parents=True, exist_ok=True)
    prepare_application()
    translations = Translations()
    markers = max(10, visits // 100)
    settings = SoakSettings(
        visits=visits,
        work=work,
        markers=markers,
        samples=40,
        power_cuts=max(4, visits // 500),
        trace=os.environ.get("KIOSK_SOAK_TRACE") == "1",
    )
    print(f"soak: {visits} visits in {work}", flush=True)
    report = Soak(settings, translations).run(progress=lambda line: print(f"  {line}", flush=True))
    print(report.figures())
    failures = list(report.problems)
    opened = [open_power_cut(copy) for copy in report.power_cuts]
    bad = [
        str(copy) for copy, result in zip(report.power_cuts, opened, strict=True) if result.integrity != "ok"
    ]
    print(f"power cuts: {len(opened)} copies opened, {len(bad)} failed their integrity check")
    failures += [f"power-cut copy damaged: {path}" for path in bad]
    found = sweep([work / "data", work / "kiosk.log", work / "tmp"], report.markers)
    print(found.figures())
    failures += found.found
    if "in_progress" in report.outcomes or "internal_error" in report.outcomes:
        failures.append(f"outcomes: {dict(report.outcomes)}")
    if len(report.samples) > 2:
        first, last = report.samples[0], report.samples[-1]
        rss = slope(report.samples, lambda s: s.rss_mb)
        if (
            last.threads > first.threads + 2
            or last.fds > first.fds + 4
            or last.qt_objects > first.qt_objects + 10
        ):
            failures.append(f"resources grew: {first} -> {last}")
        if visits >= 1000 and rss > RSS_PER_1000_VISITS_MB:
            failures.append(f"RSS grows {rss:.2f} MB per 1000 visits (at most {RSS_PER_1000_VISITS_MB})")
    translations.close()
    crashes = run_crashes(work / "crashes")
    print(crashes.figures())
    failures += crashes.problems
    for failure in failures:
        print(f"FAILED: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
