"""The assembled kiosk: first start, diagnostics, a missing driver, the headless demo."""

from __future__ import annotations

import builtins
import json
import os
import stat
import subprocess
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.composition import assemble
from kiosk.composition.adapters import UnavailableDevice, open_devices
from kiosk.config import DevicesConfig, IdReaderConfig, KioskConfig
from kiosk.documents import fonts
from kiosk.parts import FaceCheckStatus, Part, RendererStatus
from kiosk.readiness import readiness
from tests.core.test_health import kiosk_without_a_face_model


def test_first_start_creates_secrets_keys_and_the_demo_registry(tmp_path: Path) -> None:
    kiosk = assemble(KioskConfig(data_dir=tmp_path))
    try:
        secret = tmp_path / "identity-hash-2.key"
        assert secret.exists() and stat.S_IMODE(secret.stat().st_mode) == 0o600
        first = secret.read_bytes()
        assert kiosk.keys.public_keys(), "an Ed25519 key pair is created on first start"
        assert kiosk.sources["registry"].health().available
    finally:
        kiosk.close()
    again = assemble(KioskConfig(data_dir=tmp_path))
    again.close()
    assert secret.read_bytes() == first


def test_a_device_whose_driver_is_missing_degrades_alone(monkeypatch: pytest.MonkeyPatch) -> None:

    real_import = builtins.__import__

    def no_serial(name: str, *args: object, **kwargs: object) -> object:
        if name == "devices.id_reader.ga467":
            raise ModuleNotFoundError("No module named 'serial'", name="serial")
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", no_serial)
    devices = open_devices(DevicesConfig(id_reader=IdReaderConfig(spec="ga467:/dev/ttyUSB9")))
    try:
        reader = devices.id_reader.device
        assert isinstance(reader, UnavailableDevice)
        assert "serial" in reader.description
        assert devices.id_reader.submit(lambda d: d.status()).result(timeout=5).value == "no_device"
        assert devices.receipt_printer.submit(lambda d: d.status()).result(timeout=5).value == "ready"
    finally:
        devices.close()


def test_diag_json_lists_every_device(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    os.environ["KIOSK_DATA_DIR"] = str(tmp_path)
    try:
        assert main(["diag", "--json"]) == 0
    finally:
        del os.environ["KIOSK_DATA_DIR"]
    report = json.loads(capsys.readouterr().out)
    assert {d["name"]: d["status"] for d in report["devices"]} == {
        "id_reader": "no_card",
        "receipt_printer": "ready",
        "document_printer": "ready",
        "camera": "ready",
        "voice": "ready",
    }
    assert report["ready"] is True and report["database"]["revision"] == report["database"]["newest"]
    assert report["sources"]["registry"] == {"status": "available", "available": True, "reason": ""}
    assert report["services"]["credit_report"] == []
    assert report["face_check"]["status"] == "ready" and report["face_check"]["problem"] is None
    assert report["renderer"]["status"] == "ready" and report["renderer"]["fonts"]
    assert report["disk_free_mb"] > 0 and report["data_dir"] == str(tmp_path)


def test_diag_says_what_stops_each_service(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    os.environ["KIOSK_DATA_DIR"] = str(tmp_path)
    try:
        assert main(["diag"]) == 0
    finally:
        del os.environ["KIOSK_DATA_DIR"]
    out = capsys.readouterr().out
    assert "ready" in out.splitlines()[0] and "ok document_printer" in out
    assert "Face check: ready" in out and "Renderer: ready" in out


def test_the_readiness_report_of_a_kiosk_without_its_face_model(tmp_path: Path) -> None:
    kiosk = kiosk_without_a_face_model(tmp_path)
    try:
        report = readiness(kiosk)
    finally:
        kiosk.close()
    assert report.face_check.status is FaceCheckStatus.NO_MODEL and not report.face_check.ready
    assert "does not exist" in report.face_check.problem
    stopped = {s.service_id: s.unavailable for s in report.services}
    assert stopped["no_face"] == ()
    assert [(u.part, u.status) for u in stopped["credit_report"]] == [
        (Part.FACE_CHECK, FaceCheckStatus.NO_MODEL)
    ]
    assert not report.ready
    data = report.as_dict()
    assert data["face_check"]["status"] == "no_model" and data["ready"] is False
    assert data["services"]["credit_report"][0]["part"] == "face"
    assert data["services"]["credit_report"][0]["status"] == "no_model"


def test_a_missing_document_font_makes_the_kiosk_not_ready(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = [
        {"face": "sans-bold", "family": "Noto Sans CJK SC", "style": "Bold", "problem": "not installed"}
    ]
    monkeypatch.setattr(fonts, "describe", lambda: missing)
    kiosk = assemble(KioskConfig(data_dir=tmp_path))
    try:
        report = readiness(kiosk)
    finally:
        kiosk.close()
    assert report.renderer.status is RendererStatus.NO_FONTS and report.renderer.problem == "not installed"
    assert all(service.available for service in report.services) and not report.ready


def test_headless_demo_plays_every_journey(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "demo"
    assert main(["demo", "--headless", "--out", str(out)]) == 0
    transcript = json.loads((out / "transcript.json").read_text(encoding="utf-8"))
    outcomes = {entry["scenario"]: entry["outcome"] for entry in transcript}
    assert outcomes["credit_report"] == "completed"
    assert outcomes["expired-card"] == "refused_card"
    assert outcomes["a4-paper-out"] == "device_fault"
    kinds = {p.name.split("-")[0] for p in (out / "documents").glob("*.pdf")}
    assert {"credit_report", "business_license", "social_insurance", "tax_payment", "real_estate"} <= kinds
    assert len(list((out / "receipts").glob("*.png"))) >= 5
    for pdf in sorted((out / "documents").glob("*.pdf"))[:8]:
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
        rows = fonts.splitlines()[2:]
        assert rows and all(row.split()[-5] == "yes" for row in rows), fonts  # emb yes, every font
        assert main(["verify", "--pdf", str(pdf), "--public-key", str(out / "public-keys.json")]) == 0
    text = (out / "transcript.json").read_text(encoding="utf-8")
    assert "张伟" not in text and "630102198503121130" not in text  # no personal data in the transcript
