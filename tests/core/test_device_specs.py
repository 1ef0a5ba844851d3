"""Device specs: one parser per kind of device, used both by ``kiosk config check`` and by the
composition root, so a spec the check accepts is one the kiosk starts with."""

from __future__ import annotations

from pathlib import Path

import pytest

from devices.receipt_printer.escpos_printer import EscposReceiptPrinter
from kiosk.composition import adapters
from kiosk.composition.adapters import (
    UnavailableDevice,
    id_reader_from_spec,
    open_devices,
    receipt_printer_from_spec,
    voice_from_spec,
)
from kiosk.config import CameraConfig, ConfigError, DevicesConfig, KioskConfig, parse_config
from kiosk.device_specs import (
    CupsSpec,
    EscposFileSpec,
    EscposNetworkSpec,
    EscposSerialSpec,
    EscposUsbSpec,
    EspeakSpec,
    Ga467Spec,
    MockSpec,
    OpenCvSpec,
    PcscSpec,
    SpecError,
    parse_camera_spec,
    parse_document_printer_spec,
    parse_id_reader_spec,
    parse_receipt_printer_spec,
    parse_voice_spec,
)

PARSERS = {
    "id_reader": parse_id_reader_spec,
    "receipt_printer": parse_receipt_printer_spec,
    "document_printer": parse_document_printer_spec,
    "camera": parse_camera_spec,
    "voice": parse_voice_spec,
}


@pytest.mark.parametrize(
    ("kind", "spec", "value"),
    [
        ("id_reader", "mock", MockSpec()),
        ("id_reader", "ga467:/dev/ttyUSB0", Ga467Spec("/dev/ttyUSB0", 115200)),
        ("id_reader", "ga467:/dev/ttyS1@9600", Ga467Spec("/dev/ttyS1", 9600)),
        ("id_reader", "pcsc", PcscSpec()),
        ("id_reader", "pcsc:ACS ACR39U", PcscSpec("ACS ACR39U")),
        ("receipt_printer", "escpos:tcp://10.0.0.7:9100", EscposNetworkSpec("10.0.0.7", 9100)),
        ("receipt_printer", "escpos:tcp://printer.hall", EscposNetworkSpec("printer.hall", 9100)),
        ("receipt_printer", "escpos:serial:/dev/ttyUSB1@115200", EscposSerialSpec("/dev/ttyUSB1", 115200)),
        ("receipt_printer", "escpos:serial:/dev/ttyUSB1", EscposSerialSpec("/dev/ttyUSB1", 9600)),
        ("receipt_printer", "escpos:usb:0416:5011", EscposUsbSpec(0x0416, 0x5011)),
        ("receipt_printer", "escpos:file:/dev/usb/lp0", EscposFileSpec(Path("/dev/usb/lp0"))),
        ("document_printer", "cups:HALL_A4", CupsSpec("HALL_A4")),
        ("camera", "opencv:0", OpenCvSpec(0)),
        ("camera", "opencv:/dev/video2", OpenCvSpec("/dev/video2")),
        ("voice", "espeak", EspeakSpec()),
        ("voice", "mock", MockSpec()),
    ],
)
def test_each_kind_reads_its_own_forms(kind: str, spec: str, value: object) -> None:
    parsed = PARSERS[kind](spec)
    assert parsed == value
    assert PARSERS[kind](str(parsed)) == parsed  # the text of a value reads back to the same value


@pytest.mark.parametrize(
    ("kind", "spec"),
    [
        ("camera", "espeak"),
        ("voice", "opencv:0"),
        ("id_reader", "escpos:tcp://10.0.0.7:9100"),
        ("receipt_printer", "cups:HALL_A4"),
        ("document_printer", "ga467:/dev/ttyUSB0"),
    ],
)
def test_a_spec_of_another_kind_is_refused_with_its_key_and_line(kind: str, spec: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(f'[kiosk]\nid = "KSK-HALL-07"\n\n[devices.{kind}]\nspec = "{spec}"\n')
    [problem] = caught.value.problems
    assert (problem.key, problem.line) == (f"devices.{kind}.spec", 5)
    assert problem.message.startswith(f"'{spec}' is not a")


@pytest.mark.parametrize(
    ("kind", "spec", "says"),
    [
        ("id_reader", "ga467:/dev/ttyUSB0@12345678901234567890", "'123456789012…' is not a serial speed"),
        ("id_reader", "ga467:/dev/ttyUSB0@11520", "'11520' is not a serial speed: use one of 1200, 2400"),
        ("id_reader", "ga467:", "name the serial port"),
        ("id_reader", "pcsc:", "is not a card reader"),
        ("receipt_printer", "escpos:tcp://10.0.0.7:70000", "PORT 1 to 65535"),
        ("receipt_printer", "escpos:tcp://10.0.0.7:9100/queue", "is not a network printer"),
        ("receipt_printer", "escpos:serial:/dev/ttyUSB1@fast", "'fast' is not a serial speed"),
        ("receipt_printer", "escpos:usb:04161:5011", "USB ids in hexadecimal"),
        ("receipt_printer", "escpos:file:", "is not a receipt printer"),
        ("document_printer", "cups:hall a4", "a CUPS queue name is 1 to 127 characters"),
        ("document_printer", "cups:", "a CUPS queue name"),
        ("camera", "opencv:300", "a camera number is 0 to 255"),
        ("camera", "opencv:", "is not a camera"),
        ("voice", "espeak-ng", "is not a voice: use mock or espeak"),
    ],
)
def test_a_spec_out_of_range_is_a_sentence_with_its_key(kind: str, spec: str, says: str) -> None:
    with pytest.raises(SpecError) as direct:
        PARSERS[kind](spec)
    assert says in str(direct.value)
    with pytest.raises(ConfigError) as caught:
        parse_config(f'[devices.{kind}]\nspec = "{spec}"\n')
    assert f"line 2: devices.{kind}.spec: " in str(caught.value) and says in str(caught.value)


def test_each_device_config_gives_its_parsed_spec() -> None:
    devices = parse_config(
        '[devices.camera]\nspec = "opencv:1"\n[devices.id_reader]\nspec = "pcsc"\n'
    ).devices
    assert devices.camera.parsed_spec == OpenCvSpec(1)
    assert devices.id_reader.parsed_spec == PcscSpec()
    assert devices.voice.parsed_spec == MockSpec()


def test_the_composition_root_builds_from_the_parsed_value(tmp_path: Path) -> None:
    printer = receipt_printer_from_spec(f"escpos:file:{tmp_path / 'lp0'}")
    assert isinstance(printer, EscposReceiptPrinter)
    assert printer.description == f"ESC/POS printer writing to {tmp_path / 'lp0'}"
    with pytest.raises(SpecError, match="'espeak' is not a card reader"):
        id_reader_from_spec("espeak")
    with pytest.raises(SpecError, match="'opencv:0' is not a voice"):
        voice_from_spec("opencv:0")


def test_a_bad_spec_built_in_code_stops_the_start_before_any_device_opens() -> None:
    devices = DevicesConfig(camera=CameraConfig(spec="espeak"))
    with pytest.raises(SpecError, match="'espeak' is not a camera"):
        open_devices(devices)
    assert KioskConfig().devices.camera.parsed_spec == MockSpec()


def test_a_device_whose_driver_fails_degrades_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_driver(*args: object, **kwargs: object) -> object:
        raise ModuleNotFoundError("No module named 'escpos'", name="escpos")

    monkeypatch.setattr(adapters, "open_receipt_printer", no_driver)
    devices = open_devices(DevicesConfig())
    try:
        receipt = devices.receipt_printer.device
        assert isinstance(receipt, UnavailableDevice)
        assert receipt.reason == "its driver library (escpos) is not installed"
        assert not isinstance(devices.id_reader.device, UnavailableDevice)
    finally:
        devices.close()
