"""`kiosk config check` is the start's own check: what would stop the kiosk serving is found there,
with its key and line, and the start itself says the same in a sentence — never "internal error"."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.config import ConfigError, parse_config
from kiosk.config_check import MAX_BYTES, MAX_DEPTH

HEAD = '[kiosk]\nid = "KSK-HALL-07"\n'


def check(tmp_path: Path, text: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    file = tmp_path / "kiosk.toml"
    file.write_text(text, encoding="utf-8")
    code = main(["config", "check", str(file)])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err and "internal error" not in captured.err
    return code, captured.err


def test_a_storage_url_that_is_no_url_is_refused_with_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = check(tmp_path, HEAD + '\n[storage]\nurl = "not a url"\n', capsys)
    assert code == 1
    assert "line 5: storage.url: a database URL such as postgresql+psycopg://" in err


def test_a_database_driver_that_is_not_installed_is_found(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = f'data_dir = "{tmp_path}"\n' + HEAD + '[storage]\nurl = "mysql://k@db/k"\n'
    code, err = check(tmp_path, text, capsys)
    assert code == 1
    assert "line 5: storage.url: its driver MySQLdb is not installed" in err


def test_a_data_dir_that_is_a_file_is_found_and_the_start_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a_file = tmp_path / "a-file"
    a_file.write_text("")
    text = f'data_dir = "{a_file}"\n' + HEAD
    code, err = check(tmp_path, text, capsys)
    assert code == 1
    assert f"line 1: data_dir: {a_file} is a file, not a directory" in err

    assert main(["--config", str(tmp_path / "kiosk.toml"), "diag"]) == 3
    out = capsys.readouterr().out
    assert f"The data directory {a_file} is a file, not a directory." in out
    # The window in a process of its own: the touchscreen, as systemd starts it.
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    run = subprocess.run(
        [sys.executable, "-m", "kiosk", "--config", str(tmp_path / "kiosk.toml"), "run", "--quit-when-ready"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 1
    assert f"The kiosk cannot start: The data directory {a_file} is a file, not a directory." in run.stderr
    assert "internal error" not in run.stderr and "Traceback" not in run.stderr


@pytest.fixture
def read_only_dir(tmp_path: Path) -> Iterator[Path]:
    if os.geteuid() != 0:
        pytest.skip("a read-only mount needs root")
    mount = tmp_path / "ro"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m,ro", "tmpfs", str(mount)], check=True)
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=True)


def test_a_data_dir_that_cannot_be_written_is_found(
    tmp_path: Path, read_only_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = check(tmp_path, f'data_dir = "{read_only_dir}"\n' + HEAD, capsys)
    assert code == 1
    assert f"line 1: data_dir: {read_only_dir} cannot be written by this user" in err
    code, err = check(tmp_path, f'data_dir = "{read_only_dir}/kiosk"\n' + HEAD, capsys)
    assert code == 1
    assert f"{read_only_dir} cannot be written to make it" in err


def test_absurd_sizes_are_refused_with_their_keys() -> None:
    text = HEAD + "[kiosk.panel]\nwidth_px = 99999999999999999999\n[devices.camera]\nheight = 100000\n"
    with pytest.raises(ConfigError) as refused:
        parse_config(text)
    problems = {(problem.key, problem.line) for problem in refused.value.problems}
    assert problems == {("kiosk.panel.width_px", 4), ("devices.camera.height", 6)}


def test_the_parse_is_bounded_in_size_and_depth(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = check(tmp_path, HEAD + 'name = "' + "a" * MAX_BYTES + '"\n', capsys)
    assert code == 1 and f"a configuration is at most {MAX_BYTES // 1024} KB" in err
    nested = "[" * (MAX_DEPTH + 2) + "1" + "]" * (MAX_DEPTH + 2)
    code, err = check(tmp_path, f"{HEAD}name = {nested}\n", capsys)
    assert code == 1 and f"line 3: kiosk.name: tables and arrays nest more than {MAX_DEPTH} deep" in err
    very = "[" * 5000 + "]" * 5000  # the parser itself would run out of stack
    code, err = check(tmp_path, f"{HEAD}name = {very}\n", capsys)
    assert code == 1 and "nest more than" in err


def test_a_contact_key_that_cannot_be_used_is_said_and_the_kiosk_serves_without_a_call_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    missing = tmp_path / "contact.pub"
    code, err = check(tmp_path, HEAD + f'\n[rating]\ncontact_key = "{missing}"\n', capsys)
    assert code == 0 and f"rating.contact_key: {missing}: cannot be read" in err and "no call back" in err
    from kiosk.composition import assemble  # noqa: PLC0415 - the start under test
    from kiosk.config import KioskConfig, RatingConfig  # noqa: PLC0415
    from kiosk.demo.rig import demo_config  # noqa: PLC0415

    config = demo_config(KioskConfig(rating=RatingConfig(contact_key=missing)), tmp_path / "data")
    kiosk = assemble(config)
    try:
        assert kiosk.journey._context.parts.contact_seal is None
    finally:
        kiosk.close()
    assert "no call back is offered after a poor rating" in caplog.text


def test_a_face_threshold_looser_than_the_shipped_one_is_said_with_what_it_admits(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = check(tmp_path, HEAD + "\n[face_check]\nthreshold = 0.55\n", capsys)
    assert code == 0  # the kiosk serves: the sentence is for whoever set it
    assert "face_check.threshold: 0.55 accepts pairs further apart than the 0.5" in err
    assert "East Asian" in err and "kiosk face-calibrate" in err
    for quiet in ("threshold = 0.5\n", "threshold = 0.45\n", 'recognizer = "dlib"\n'):
        code, err = check(tmp_path, HEAD + "\n[face_check]\n" + quiet, capsys)
        assert code == 0 and "face_check.threshold" not in err, quiet
