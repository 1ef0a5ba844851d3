"""The command line: each command imports only its own module; errors are sentences."""

from __future__ import annotations

import argparse
import subprocess
import sys

import pytest

from kiosk.cli import COMMAND_HOMES, COMMAND_MODULES, build_parser, main


def test_every_command_is_found_in_its_module() -> None:
    parser = build_parser()
    [subparsers] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    assert set(subparsers.choices) == set(COMMAND_HOMES)
    assert set(COMMAND_HOMES.values()) == set(COMMAND_MODULES)
    for command, home in COMMAND_HOMES.items():
        [only] = [a for a in build_parser(home)._actions if isinstance(a, argparse._SubParsersAction)]
        assert command in only.choices


def test_a_command_does_not_import_the_others() -> None:
    code = (
        "import sys; from kiosk.cli import main; main(['config', 'check', '/nonexistent.toml']);"
        "print(sorted(m for m in ('fpdf', 'cv2', 'alembic', 'PySide6') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert out.stdout.strip().splitlines()[-1] == "[]"
    assert "does not exist" in out.stderr


def test_unknown_command_is_argparse_usage(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["fly"])
    assert caught.value.code == 2
    assert "invalid choice" in capsys.readouterr().err
