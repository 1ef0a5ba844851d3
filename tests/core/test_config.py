"""Configuration: defaults, every problem reported with its key and line, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.config import ConfigError, KioskConfig, load_config, parse_config

BAD = """\
[kiosk]
id = "bad id!"
colour = "blue"

[devices.receipt_printer]
spec = "escpos:tcp://127.0.0.1:9100"
paper_width_mm = 70

[devices.camera]
spec = "webcam"

[[services]]
id = "credit_report"
title_zh = "个人信用报告"
title_en = "Credit report"
template = "credit_report"
copy_limit = 0

[[services]]
id = "x"
title_zh = "x"
title_en = "x"
template = "nothing"
"""


def test_defaults_are_a_working_kiosk() -> None:
    config = KioskConfig()
    assert {s.devices[0] for s in config.services} == {"id_reader"}
    assert config.devices.id_reader.spec == "mock"
    assert len(config.services) >= 5
    assert {"credit_report", "business_license"} <= {s.template for s in config.services}


def test_every_problem_has_its_key_and_line() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(BAD, Path("kiosk.toml"))
    found = {(p.key, p.line) for p in caught.value.problems}
    assert ("kiosk.id", 2) in found
    assert ("kiosk.colour", 3) in found
    assert ("devices.receipt_printer.paper_width_mm", 7) in found
    assert ("devices.camera.spec", 10) in found
    assert ("services[0] (credit_report).copy_limit", 17) in found
    assert any(key.startswith("services[1] (x).id") and line == 20 for key, line in found)
    assert any(key.startswith("services[1] (x).template") and line == 23 for key, line in found)
    text = str(caught.value)
    assert text.startswith("kiosk.toml: ") and "line 3: kiosk.colour: unknown key" in text


def test_syntax_errors_give_the_line() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config('[kiosk]\nid = "a"\nname = \n')
    [problem] = caught.value.problems
    assert problem.line == 3 and "not valid TOML" in problem.message


def test_a_missing_file_is_a_sentence(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_config(tmp_path / "nope.toml")


def test_gateway_services_need_a_gateway() -> None:
    text = """
[[services]]
id = "tax"
title_zh = "纳税证明"
title_en = "Tax"
template = "tax_payment"
source = "gateway"
"""
    with pytest.raises(ConfigError, match=r"\[sources.gateway\] is not set"):
        parse_config(text)


def test_config_check_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(BAD, encoding="utf-8")
    assert main(["config", "check", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "line 7: devices.receipt_printer.paper_width_mm" in err and "Traceback" not in err
    good = tmp_path / "good.toml"
    good.write_text('[kiosk]\nid = "KSK-HALL-07"\nhotline = "0971-12345"\n', encoding="utf-8")
    assert main(["config", "check", str(good)]) == 0
    assert "valid" in capsys.readouterr().out


def test_the_kiosk_refuses_to_start_on_invalid_config(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(BAD, encoding="utf-8")
    for command in (
        ["run", "--quit-when-ready"],
        ["diag"],
        ["demo", "--headless", "--out", str(tmp_path / "d")],
    ):
        assert main(["--config", str(bad), *command]) == 1
        err = capsys.readouterr().err
        assert "line 2: kiosk.id" in err and "will not start" in err and "Traceback" not in err
