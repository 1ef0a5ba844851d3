"""``kiosk camera-test`` on video files: a steady one, one that freezes, and a camera that is not there."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk.cli import main

from .conftest import picture, write_video

pytestmark = pytest.mark.realstack


def test_a_steady_camera_reports_its_frames_per_second(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    video = write_video(tmp_path / "steady.avi", [picture(n) for n in range(40)], fps=20)

    code = main(["camera-test", "--device", str(video), "--seconds", "1", "--frozen-after", "0.5"])

    out = capsys.readouterr().out
    assert code == 0, out
    assert "frames of 320x240" in out
    assert "frames per second." in out
    assert "Frames never froze." in out


def test_frames_that_freeze_are_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pictures = [picture(n) for n in range(6)] + [picture(99)] * 30
    video = write_video(tmp_path / "freezing.avi", pictures, fps=20)

    code = main(
        ["camera-test", "--device", str(video), "--seconds", "1.5", "--frozen-after", "0.4", "--json"]
    )

    report = json.loads(capsys.readouterr().out)
    assert code == 2
    assert report["exit_code"] == 2
    assert report["freezes"] >= 1
    assert report["frozen_seconds"] > 0
    assert report["frames"] >= 6
    assert 0 < report["frames_per_second"] <= 25  # paced at the file's 20 fps, not as fast as it decodes


def test_a_camera_that_is_not_there_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "no-camera.avi"

    code = main(["camera-test", "--device", str(missing), "--seconds", "0.5"])

    out = capsys.readouterr().out
    assert code == 3
    assert (
        out.splitlines()[-1] == f"The camera {missing} cannot be opened: check the cable and the device name."
    )
