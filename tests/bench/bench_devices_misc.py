"""A4 printer, camera and voice: what the citizen waits for.

- A4 status check (asked before each service is offered): lpstat -H + one ipptool run
  against a private cupsd; a print of one page on a cups-pdf queue, from submission
  to "completed" and purged, beside bare ``lp`` followed by ``lpstat`` polling.
- Camera: how late a frame is when read_frame hands it over (the reader thread's cost).
- Voice: how long say() keeps the caller (it must return at once), and how long
  espeak-ng takes to make a 10-syllable Mandarin prompt.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from devices.camera.base import Frame
from devices.camera.opencv_camera import OpenCvCamera
from devices.document_printer.base import JobState, PrintJob
from devices.document_printer.cups_printer import CupsDocumentPrinter
from devices.voice.espeak import EspeakVoice, WavFiles
from tests.bench import BenchReport, p95, timings_ms
from tests.devices.camera.conftest import HEIGHT, WIDTH, picture, write_video
from tests.devices.cups.cupsd import Cupsd, cups_pdf_output_dir, make_pdf

PROMPT = "请把身份证放在读卡区"


def run(report: BenchReport) -> None:
    _a4(report)
    _camera(report)
    _voice(report)


def _a4(report: BenchReport) -> None:
    if os.geteuid() != 0 or shutil.which("cupsd") is None:
        print("  (A4 figures skipped: a private cupsd needs root and Debian cups)")
        return
    root = Path(tempfile.mkdtemp(prefix="kiosk-cupsd-"))
    cupsd = Cupsd(root)
    before = os.environ.get("CUPS_SERVER")
    try:
        cupsd.start()
        os.environ["CUPS_SERVER"] = cupsd.socket
        queue = cupsd.add_queue("cups-pdf")
        printer = CupsDocumentPrinter(queue, poll_interval=0.05)
        times = timings_ms(printer.status, repeat=50, warmup=2)
        report.figure("A4 status check, local cupsd (median)", statistics.median(times), "ms", budget=100.0)
        report.figure("A4 status check, local cupsd (p95)", p95(times), "ms", budget=100.0)

        pdf = make_pdf(1)
        kiosk, bare = [], []
        for n in range(5):
            start = time.perf_counter()
            result = printer.print_pdf(PrintJob(f"bench-{n}", pdf, pages=1))
            kiosk.append(time.perf_counter() - start)
            assert result.state is JobState.COMPLETED, result
            start = time.perf_counter()
            env = {**os.environ, "LC_ALL": "C"}
            command = ["lp", "-d", queue, "-t", f"bench-bare-{n}", "-"]
            out = subprocess.run(command, input=pdf, capture_output=True, env=env, check=True)
            job = out.stdout.decode().split("request id is ")[1].split()[0]
            while job in cupsd.unfinished_jobs(queue):
                time.sleep(0.05)
            bare.append(time.perf_counter() - start)
        report.figure(
            "A4 one page on cups-pdf, submit to completed (median)",
            statistics.median(kiosk),
            "s",
            baseline=statistics.median(bare),
            baseline_name="bare lp + lpstat polling",
        )
    finally:
        cupsd.stop()
        shutil.rmtree(root, ignore_errors=True)
        if before is None:
            os.environ.pop("CUPS_SERVER", None)
        else:
            os.environ["CUPS_SERVER"] = before
        for path in cups_pdf_output_dir("root").glob("bench-*.pdf"):
            path.unlink()


def _camera(report: BenchReport) -> None:
    with tempfile.TemporaryDirectory() as folder:
        video = write_video(Path(folder) / "bench.avi", [picture(n) for n in range(200)], fps=30)
        camera = OpenCvCamera(str(video), width=WIDTH, height=HEIGHT, frozen_after=2.0)
        lateness = []
        try:
            for _ in range(100):
                frame = camera.read_frame(timeout=1.0)
                if isinstance(frame, Frame):
                    lateness.append((time.monotonic() - frame.taken_at) * 1000)
        finally:
            camera.close()
    report.figure(
        "camera frame hand-over delay, 320x240 (median)", statistics.median(lateness), "ms", budget=5.0
    )
    report.figure("camera frame hand-over delay, 320x240 (p95)", p95(lateness), "ms", budget=5.0)


def _voice(report: BenchReport) -> None:
    if shutil.which("espeak-ng") is None:
        print("  (voice figures skipped: espeak-ng is not installed)")
        return
    with tempfile.TemporaryDirectory() as folder:
        voice = EspeakVoice(volume=100, muted=False, words_per_minute=150, output=WavFiles(Path(folder)))
        says = timings_ms(lambda: voice.say(PROMPT), repeat=30, warmup=2)
        voice.stop()
        report.figure("voice say() returns (median)", statistics.median(says), "ms", budget=20.0)
        report.figure("voice say() returns (p95)", p95(says), "ms", budget=20.0)

        def synthesize() -> None:
            voice.say(PROMPT)
            voice.wait(10)

        made = timings_ms(synthesize, repeat=10, warmup=1)
        by_hand = ["espeak-ng", "-v", "cmn-latn-pinyin", "-w", os.path.join(folder, "direct.wav"), PROMPT]
        direct = timings_ms(lambda: subprocess.run(by_hand, check=True), repeat=10, warmup=1)
        report.figure(
            "voice 10-syllable prompt made as WAV (median)",
            statistics.median(made),
            "ms",
            baseline=statistics.median(direct),
            baseline_name="espeak-ng run by hand",
        )
