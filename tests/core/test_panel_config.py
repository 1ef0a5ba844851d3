"""The panel: a name from the catalogue or the sizes of another, checked with its key and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.config import ConfigError, KioskConfig, PanelConfig, PanelName, parse_config
from kiosk.panels import PANELS, REFERENCE, panel_named

HEAD = '[kiosk]\nid = "KSK-HALL-07"\n'


def test_the_default_is_the_reference_panel() -> None:
    panel = KioskConfig().kiosk.panel
    assert panel.name is REFERENCE and (panel.width_px, panel.height_px, panel.diagonal_inch) == (
        1920,
        1080,
        21.5,
    )
    assert panel.device_pixel_ratio == 1.0 and not panel.upright
    assert panel.px_per_mm == pytest.approx(4.034, abs=0.001)


def test_a_named_panel_brings_its_sizes() -> None:
    panel = parse_config(HEAD + '[kiosk.panel]\nname = "upright-32"\n').kiosk.panel
    assert panel.name is PanelName.UPRIGHT_32
    assert (panel.width_px, panel.height_px, panel.diagonal_inch) == (1080, 1920, 32.0)
    assert panel.upright and panel.label() == "upright-32 · 1080 × 1920 · 32″"
    assert panel_named("upright-32") == panel


def test_the_sizes_of_another_panel_still_work() -> None:
    text = HEAD + "[kiosk.panel]\nwidth_px = 1080\nheight_px = 1920\ndiagonal_inch = 27\n"
    panel = parse_config(text).kiosk.panel
    assert panel.name is None and (panel.width_px, panel.height_px, panel.diagonal_inch) == (1080, 1920, 27.0)
    assert panel.device_pixel_ratio == 1.0 and panel.label() == "1080 × 1920 · 27″"
    # A size left out is the reference panel's, as before there was a catalogue.
    assert parse_config(HEAD + "[kiosk.panel]\ndiagonal_inch = 23.8\n").kiosk.panel.width_px == 1920


def test_a_ratio_of_two_lays_out_at_half_the_pixels() -> None:
    panel = PanelConfig(name=PanelName.WALL_43_4K)
    assert (panel.logical_width_px, panel.logical_height_px) == (1920, 1080)
    assert panel.px_per_mm == pytest.approx(PanelConfig().px_per_mm * 21.5 / 43)
    assert panel.size_mm == pytest.approx((952, 535.5), abs=1)
    assert panel.label() == "wall-43-4k · 3840 × 2160 · 43″ · ratio 2"


def test_every_catalogue_panel_is_a_config_the_kiosk_reads() -> None:
    for name, model in PANELS.items():
        panel = parse_config(HEAD + f'[kiosk.panel]\nname = "{name.value}"\n').kiosk.panel
        assert (panel.width_px, panel.height_px, panel.device_pixel_ratio) == (
            model.width_px, model.height_px, model.device_pixel_ratio
        )  # fmt: skip


def problems(text: str) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        parse_config(text)
    return [str(problem) for problem in caught.value.problems]


def test_a_name_the_catalogue_does_not_have_is_refused_with_its_key_and_line() -> None:
    assert problems(HEAD + '\n[kiosk.panel]\nname = "upright-34"\n') == [
        "line 5: kiosk.panel.name: 'upright-34' is not one of 'desk-21', 'desk-24', 'upright-32', "
        "'upright-43', 'desk-19', 'desk-15' or 'wall-43-4k'"
    ]


def test_a_name_and_other_sizes_are_refused() -> None:
    (problem,) = problems(HEAD + '[kiosk.panel]\nname = "upright-32"\nwidth_px = 1920\n')
    assert problem.startswith("line 3: kiosk.panel: name = 'upright-32' is the catalogue's 1080 × 1920")
    assert problem.endswith("give its name or the sizes of another panel (width_px), not both")
    # The catalogue's own sizes beside its name say the same thing twice: read, not refused.
    same = parse_config(HEAD + '[kiosk.panel]\nname = "desk-15"\nwidth_px = 1366\n').kiosk.panel
    assert same.name is PanelName.DESK_15


def test_a_ratio_no_display_server_uses_is_refused() -> None:
    (problem,) = problems(
        HEAD + "[kiosk.panel]\nwidth_px = 3840\nheight_px = 2160\ndevice_pixel_ratio = 1.3\n"
    )
    assert problem.startswith("line 6: kiosk.panel.device_pixel_ratio: a device-pixel ratio the display")


def test_config_check_names_the_bad_panel(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = tmp_path / "kiosk.toml"
    file.write_text(HEAD + '[kiosk.panel]\nname = "portrait"\n', encoding="utf-8")
    assert main(["config", "check", str(file)]) == 1
    err = capsys.readouterr().err
    assert "line 4: kiosk.panel.name: 'portrait' is not one of 'desk-21'" in err and "Traceback" not in err
