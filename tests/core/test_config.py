"""Configuration: defaults, every problem reported with its key and line, never a traceback; each
device spec read by its kind's one parser; the file itself read on every start."""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import FrozenInstanceError, replace
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.config import (
    CameraConfig,
    ConfigError,
    FaceCheckConfig,
    GatewayConfig,
    KioskConfig,
    SourcesConfig,
    load_config,
    parse_config,
)
from kiosk.config_check import validate_section

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


GOOD = '[kiosk]\nid = "KSK-HALL-07"\nhotline = "0971-12345"\n\n[devices.camera]\nspec = "opencv:0"\n'


def test_every_load_reads_the_file_itself(tmp_path: Path) -> None:
    """Nothing is remembered between starts: an edited file is what the next start runs on."""
    file = tmp_path / "kiosk.toml"
    file.write_text(GOOD, encoding="utf-8")
    assert load_config(file).kiosk.id == "KSK-HALL-07"
    file.write_text(GOOD.replace("KSK-HALL-07", "bad id!"), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"line 2: kiosk\.id"):
        load_config(file)
    file.write_text(GOOD.replace("KSK-HALL-07", "KSK-HALL-08"), encoding="utf-8")
    assert load_config(file).kiosk.id == "KSK-HALL-08"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kiosk.toml"]


def test_no_pickle_is_read_or_written_on_the_start_path(tmp_path: Path) -> None:
    file = tmp_path / "kiosk.toml"
    file.write_text(GOOD, encoding="utf-8")
    code = (
        "import sys\nfrom pathlib import Path\nfrom kiosk.config import load_config\n"
        "config = load_config(Path(sys.argv[1]))\n"
        "print(config.kiosk.id, config.devices.camera.spec, 'pickle' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(file)], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.split() == ["KSK-HALL-07", "opencv:0", "False"]


def test_a_bad_combination_built_in_code_is_refused() -> None:
    service = KioskConfig().services[0]
    with pytest.raises(ValueError, match="face_check needs the camera"):
        replace(service, devices=("id_reader", "document_printer"))
    with pytest.raises(ValueError, match="id_reader must be in its devices"):
        replace(service, face_check=False, devices=("document_printer",))
    with pytest.raises(ValueError, match="repeated: credit_report"):
        KioskConfig(services=(service, service))
    with pytest.raises(ValueError, match=r"\[sources.gateway\] is not set"):
        KioskConfig(services=(replace(service, source="gateway"),))
    with pytest.raises(ValueError, match="sface_model"):
        FaceCheckConfig(recognizer="sface")
    gateway = SourcesConfig(gateway=GatewayConfig(url="https://gateway.example/"))
    assert KioskConfig(sources=gateway, services=(replace(service, source="gateway"),)).services


def test_a_validated_file_has_the_types_it_declares() -> None:
    config = parse_config(
        'data_dir = "/var/lib/civic-kiosk"\n[face_check]\nthreshold = 1\n'
        '[[services]]\nid = "tax"\ntitle_zh = "纳税证明"\ntitle_en = "Tax"\ntemplate = "tax_payment"\n'
        'devices = ["id_reader", "camera"]\n'
    )
    assert config.data_dir == Path("/var/lib/civic-kiosk")
    assert config.services[0].devices == ("id_reader", "camera")
    assert isinstance(config.face_check.threshold, float)
    with pytest.raises(FrozenInstanceError):
        config.kiosk.id = "KSK-OTHER"  # type: ignore[misc]


def test_a_bad_section_value_is_a_config_problem() -> None:
    with pytest.raises(ConfigError) as caught:
        validate_section(CameraConfig, {"spec": "opencv:0", "width": 10, "colour": "red"})
    assert {(p.key, p.message) for p in caught.value.problems} == {
        ("width", "Input should be greater than or equal to 160"),
        ("colour", "unknown key"),
    }
    assert validate_section(CameraConfig, {"spec": "opencv:1", "width": 800}) == CameraConfig(
        spec="opencv:1", width=800
    )


def test_camera_test_names_the_bad_option(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["camera-test", "--device", "0", "--width", "10", "--seconds", "0.1"]) == 1
    err = capsys.readouterr().err
    assert "--width: Input should be greater than or equal to 160" in err and "Traceback" not in err


def test_the_example_in_the_configuration_guide_is_a_valid_file() -> None:
    guide = Path(__file__).resolve().parents[2] / "docs" / "configuration.md"
    (example,) = re.findall(r"```toml\n(.*?)```", guide.read_text("utf-8"), re.S)

    config = parse_config(example)

    # every section of the example was read, not left at its default
    assert config.kiosk.id == "QH-XN-CD-01"
    assert config.devices.voice.player[0] == "aplay"
    assert config.calendar.working_days and config.calendar.rest_days
    assert config.services[0].id == "credit_report" and len(config.services) == 1


def test_a_camera_spec_naming_a_voice_is_refused_with_its_key_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "kiosk.toml"
    file.write_text('[kiosk]\nid = "KSK-HALL-07"\n\n[devices.camera]\nspec = "espeak"\n', encoding="utf-8")
    assert main(["config", "check", str(file)]) == 1
    err = capsys.readouterr().err
    assert "line 5: devices.camera.spec: 'espeak' is not a camera: use mock or opencv:DEVICE" in err
