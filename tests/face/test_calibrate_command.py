"""``kiosk face-calibrate``: real photos in folders, bad folders, and nothing written anywhere."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pytest

from kiosk.cli import face_calibrate_command, main
from kiosk.face.calibration import Calibration
from tests.face import photos
from tests.face.test_calibration import ISSUE_KEYS
from tests.face.test_privacy import held_face_data, recording_writes


def _write(folder: Path, person: str, name: str, picture: photos.Image) -> None:
    (folder / person).mkdir(parents=True, exist_ok=True)
    ok, encoded = cv2.imencode(Path(name).suffix, picture)
    assert ok
    (folder / person / name).write_bytes(encoded.tobytes())


@pytest.fixture
def hall(tmp_path: Path, sdist_photos: dict[str, photos.Image]) -> Path:
    """Three people: Obama (3 photos), Biden (1), Collins (1), and a file that is not a picture."""
    folder = tmp_path / "hall"
    for name in ("obama.jpg", "obama2.jpg", "obama3.jpg"):
        _write(folder, "obama", name, sdist_photos[name])
    _write(folder, "biden", "biden.jpg", sdist_photos["biden.jpg"])
    _write(folder, "collins", "astronaut.png", photos.astronaut())
    (folder / "collins" / "notes.txt").write_text("consent forms are kept elsewhere", encoding="utf-8")
    (folder / ".DS_Store").write_bytes(b"\0")
    return folder


def test_json_report_on_real_photos_writes_nothing_and_wipes_the_descriptors(
    hall: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    runs: list[tuple[Calibration, list[np.ndarray]]] = []

    class Watched(Calibration):
        def wipe(self) -> None:
            held = [d.live for d in self._described] + [d.reference for d in self._described]
            runs.append((self, held))
            super().wipe()

    monkeypatch.setattr(face_calibrate_command, "Calibration", Watched)
    monkeypatch.setattr(cv2, "imwrite", lambda *a, **k: pytest.fail("cv2.imwrite called"))
    with recording_writes() as writes:
        code = main(["face-calibrate", str(hall), "--json"])
    assert writes == []
    out, err = capsys.readouterr()
    assert code == 0, err
    data = json.loads(out)
    assert set(data) >= ISSUE_KEYS
    assert data["recognizer"] == "dlib" and data["threshold"] == 0.5
    assert (data["photos"], data["no_face"], data["people"], data["unreadable"]) == (5, 0, 3, 1)
    assert data["genuine_pairs"] == 6  # each Obama photo against the two others
    assert data["impostor_pairs"] == 2 * (3 * 2 + 2 * 4)  # photos and cards, against everyone else's photos
    assert data["fnmr"] == 0.0 and data["fmr"] == 0.0 and 0.0 <= data["card_fnmr"] <= 1.0
    assert all(set(p) >= {"threshold", "fnmr", "fmr"} for p in data["sweep"])
    assert "collins/notes.txt" in err
    [(calibration, held)] = runs
    assert held_face_data(calibration) == [] and all(not d.any() for d in held)


def test_not_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["face-calibrate", str(tmp_path / "missing")]) == 1
    assert "is not a folder" in capsys.readouterr().err


def test_a_folder_without_person_folders(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "photo.jpg").write_bytes(b"not really")
    assert main(["face-calibrate", str(tmp_path)]) == 2
    out = capsys.readouterr().out
    assert "holds no folders: put each person's photos in a folder of their own" in out
    assert "Skipped, directly in" in out and "photo.jpg" in out


def test_one_person_cannot_measure_impostors(
    tmp_path: Path, sdist_photos: dict[str, photos.Image], capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("obama.jpg", "obama2.jpg"):
        _write(tmp_path, "obama", name, sdist_photos[name])
    assert main(["face-calibrate", str(tmp_path)]) == 2
    out = capsys.readouterr().out
    assert "Only one person (obama) has photos with a usable face" in out
    assert "of 2 genuine pairs" in out  # each photo as the reference against the other
    assert "Accepted impostors: — (0 of 0 pairs)" in out


def test_unreadable_files_and_no_faces(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write(tmp_path, "a", "wall.png", np.full((200, 200, 3), 128, dtype=np.uint8))
    _write(tmp_path, "b", "not-a-face.png", photos.lfw_picture(150))
    (tmp_path / "b" / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0 truncated")
    assert main(["face-calibrate", str(tmp_path), "--json"]) == 2
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert (data["photos"], data["no_face"], data["unreadable"]) == (2, 2, 1)
    assert data["fnmr"] is None and data["fmr"] is None
    assert "No photo showed a usable face" in captured.err
    assert "Skipped, not a picture: 1 file (b/broken.jpg)" in captured.err
    assert "No usable face: 2 photos (a/wall.png, b/not-a-face.png)" in captured.err


def test_no_pictures_at_all(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "readme.txt").write_text("x", encoding="utf-8")
    assert main(["face-calibrate", str(tmp_path)]) == 2
    assert "No file under" in capsys.readouterr().out


@pytest.mark.parametrize("value", ["0", "1", "x", "-0.1"])
def test_target_fmr_must_be_a_fraction(value: str, tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["face-calibrate", str(tmp_path), "--target-fmr", value])
    assert caught.value.code == 2
