"""The kiosk's cold start and its clean stop, measured from outside as fresh processes.

``kiosk run --quit-when-ready`` (offscreen, a temp data dir) against a bare QApplication +
QWidget that exits at its first paint; the runs are interleaved so all see the same machine
load, and each figure is the median. Budgets (DESIGN.md): home painted ≤ 2.5 × the bare
window, kiosk ready ≤ 6 × the bare window, a clean stop after ready ≤ 0.5 s.

- painted: spawn to the "home screen painted" line;
- ready: spawn to the "kiosk ready" line (database, devices, journey);
- stop: the "kiosk ready" line to the process's exit (closing everything, Qt and Python's own
  teardown included).

Run alone with ``python -m tests.bench start``.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.bench import BenchReport

COLD_RUNS = 15
PAINTED_RATIO_BUDGET = 2.5
READY_RATIO_BUDGET = 6.0
STOP_BUDGET_MS = 500.0

BARE_WINDOW = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication(sys.argv)
class Window(QWidget):
    def paintEvent(self, event):
        super().paintEvent(event)
        print("painted", flush=True)
        QTimer.singleShot(0, app.quit)
window = Window()
window.resize(1920, 1080)
window.show()
app.exec()
"""

# For scale, not a budget: the least a real home screen costs over the bare window — CJK text in
# the kiosk's font, a style sheet, a grid of buttons (what any home screen needs, nothing of ours).
STYLED_WINDOW = """
import sys
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget
app = QApplication(sys.argv)
app.setFont(QFont("Noto Sans CJK SC"))
class Window(QWidget):
    def paintEvent(self, event):
        super().paintEvent(event)
        print("painted", flush=True)
        QTimer.singleShot(0, app.quit)
window = Window()
window.setStyleSheet("QPushButton { font-size: 32px; border-radius: 12px; background: #fff; padding: 20px; }"
                     " QLabel { font-size: 48px; color: #111; }")
column = QVBoxLayout(window)
column.addWidget(QLabel("请选择要办理的业务"), alignment=Qt.AlignmentFlag.AlignLeft)
grid = QGridLayout()
for i, title in enumerate(["个人信用报告", "营业执照", "社保缴费证明", "纳税证明", "不动产登记"]):
    grid.addWidget(QPushButton(title), i // 3, i % 3)
column.addLayout(grid)
window.resize(1920, 1080)
window.show()
app.exec()
"""


def timed_start(command: list[str], env: dict[str, str]) -> tuple[float, float | None, float]:
    """Seconds from spawning ``command`` to its first "painted" line on stdout (read as it comes),
    to its "kiosk ready" line (None if it prints none) and to its exit. Every process is timed
    the same way, from outside."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None
    painted = ready = None
    for line in process.stdout:
        now = time.perf_counter() - started
        if painted is None and "painted" in line:
            painted = now
        if ready is None and "kiosk ready" in line:
            ready = now
    process.wait(timeout=120)
    exited = time.perf_counter() - started
    stderr = process.stderr.read() if process.stderr else ""
    if process.returncode != 0 or painted is None:
        raise RuntimeError(f"{command[-2:]} failed ({process.returncode}): {stderr.strip()[-500:]}")
    return painted, ready, exited


def cold_start(report: BenchReport) -> None:
    python = sys.executable
    kiosk = str(Path(python).parent / "kiosk")
    with tempfile.TemporaryDirectory() as data:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", KIOSK_DATA_DIR=data)
        env.pop("KIOSK_CONFIG", None)
        # As installed: the kiosk's modules compiled to bytecode (else each start compiles ~30 of them).
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        root = Path(__file__).resolve().parents[2]
        subprocess.run([python, "-m", "compileall", "-q", "kiosk", "devices", "ui"], cwd=root, check=True,
                       capture_output=True)  # fmt: skip
        bare_script = Path(data) / "bare_window.py"
        bare_script.write_text(BARE_WINDOW, "utf-8")
        styled_script = Path(data) / "styled_window.py"
        styled_script.write_text(STYLED_WINDOW, "utf-8")
        config = Path(data) / "kiosk.toml"
        config.write_text('[kiosk]\nhotline = "0571-12345"\n', "utf-8")
        bare_cmd = [python, str(bare_script)]
        styled_cmd = [python, str(styled_script)]
        kiosk_cmd = [kiosk, "run", "--quit-when-ready"]
        file_cmd = [kiosk, "--config", str(config), "run", "--quit-when-ready"]
        # Warm the file cache; the kiosk's first run also creates the database.
        for command in (bare_cmd, kiosk_cmd, file_cmd):
            timed_start(command, env)
        bare, styled, painted, ready, stop, painted_file, ready_file = [], [], [], [], [], [], []
        for _ in range(COLD_RUNS):  # interleaved, so all see the same machine load
            bare.append(timed_start(bare_cmd, env)[0])
            styled.append(timed_start(styled_cmd, env)[0])
            home, up, exited = timed_start(kiosk_cmd, env)
            assert up is not None
            painted.append(home)
            ready.append(up)
            stop.append(exited - up)
            home, up, _ = timed_start(file_cmd, env)
            assert up is not None
            painted_file.append(home)
            ready_file.append(up)
    bare_ms = statistics.median(bare) * 1000
    side_by_side = {"baseline": bare_ms, "baseline_name": "bare PySide6 window"}
    report.figure(
        "a minimal styled screen (CJK text, style sheet, 5 buttons)",
        statistics.median(styled) * 1000,
        "ms",
        **side_by_side,
        note="for scale: what any real home screen costs, before any kiosk code",
    )
    for name, runs, ratio in (
        ("cold start to home painted, built-in config", painted, PAINTED_RATIO_BUDGET),
        ("cold start to home painted, a config file", painted_file, PAINTED_RATIO_BUDGET),
        ("cold start to kiosk ready (database, devices, journey)", ready, READY_RATIO_BUDGET),
        ("cold start to kiosk ready, a config file", ready_file, READY_RATIO_BUDGET),
    ):
        report.figure(
            name,
            statistics.median(runs) * 1000,
            "ms",
            budget=bare_ms * ratio,
            **side_by_side,
            note=f"median of {COLD_RUNS}, spawn to the line; budget {ratio:g} × the bare window",
        )
    report.figure(
        "clean stop after ready (kiosk ready line to exit)",
        statistics.median(stop) * 1000,
        "ms",
        budget=STOP_BUDGET_MS,
        note=f"median of {COLD_RUNS}; worst {max(stop) * 1000:.0f} ms",
    )


def run(report: BenchReport) -> None:
    cold_start(report)
