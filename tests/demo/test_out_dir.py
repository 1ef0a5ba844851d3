"""``kiosk demo --out DIR`` writes only into a new or empty folder, or one it made itself.

It once emptied whatever ``--out`` named: ``--out .`` in a kiosk's data folder took its signing
key and its database with it."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.demo import ScenarioResult

REFUSAL = "the demo writes only into a new or empty folder, or one it made itself"


@pytest.fixture(autouse=True)
def _played(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Playing every journey is tested elsewhere; here the demo only leaves a file behind."""
    played: list[Path] = []

    def play_all(config: object, out_dir: Path, **_: object) -> list[ScenarioResult]:
        played.append(out_dir)
        out_dir.mkdir(parents=True, exist_ok=True)
        (out_dir / "transcript.txt").write_text("ok\n", "utf-8")
        return []

    monkeypatch.setattr("kiosk.demo.play_all", play_all)
    return played


def _kiosk_folder(folder: Path) -> dict[Path, bytes]:
    """What a kiosk keeps in its data folder, which the demo must never touch."""
    (folder / "keys").mkdir(parents=True)
    files = {folder / "keys" / "signing.key": b"secret key", folder / "kiosk.db": b"SQLite format 3\0"}
    for path, content in files.items():
        path.write_bytes(content)
    return files


@pytest.mark.parametrize("named_as", ["path", "dot"])
def test_a_folder_the_demo_did_not_make_is_left_alone(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    _played: list[Path],
    named_as: str,
) -> None:
    data = tmp_path / "data"
    files = _kiosk_folder(data)
    out = str(data)
    if named_as == "dot":
        monkeypatch.chdir(data)
        out = "."
    assert main(["demo", "--headless", "--out", out]) == 2
    assert {path: path.read_bytes() for path in files} == files
    assert sorted(p.name for p in data.iterdir()) == ["keys", "kiosk.db"]
    err = capsys.readouterr().err
    assert REFUSAL in err and "Traceback" not in err
    assert _played == []


def test_a_file_is_not_a_folder_to_write_into(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], _played: list[Path]
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("mine", "utf-8")
    assert main(["demo", "--headless", "--out", str(notes)]) == 2
    assert notes.read_text("utf-8") == "mine"
    assert REFUSAL in capsys.readouterr().err
    assert _played == []


def test_an_empty_folder_becomes_the_demos(tmp_path: Path, _played: list[Path]) -> None:
    out = tmp_path / "empty"
    out.mkdir()
    assert main(["demo", "--headless", "--out", str(out)]) == 0
    assert (out / ".civic-kiosk-demo").is_file() and (out / "transcript.txt").is_file()


def test_the_demo_plays_again_into_its_own_folder(tmp_path: Path, _played: list[Path]) -> None:
    out = tmp_path / "build" / "demo"
    assert main(["demo", "--headless", "--out", str(out)]) == 0
    (out / "screens").mkdir()
    (out / "screens" / "old.png").write_bytes(b"from the last run")
    (out / "stale.txt").write_text("from the last run", "utf-8")
    assert main(["demo", "--headless", "--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == [".civic-kiosk-demo", "transcript.txt"]
    assert _played == [out, out]
