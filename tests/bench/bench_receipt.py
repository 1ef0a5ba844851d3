"""Receipt printer speed: bytes for a slip (≤ 20 ms), a status check on a local printer (≤ 50 ms).

The status check runs against the fake ESC/POS printer of the tests on
127.0.0.1 — three real-time queries (DLE EOT 1, 2, 4), each a round trip.
"""

from __future__ import annotations

import statistics
from datetime import datetime

from devices.receipt_printer.escpos_layout import receipt_bytes
from devices.receipt_printer.escpos_printer import EscposReceiptPrinter
from devices.receipt_printer.escpos_render import render
from kiosk.config import KioskIdentity
from kiosk.documents.receipt import build_receipt
from tests.bench import BenchReport, p95, timings_ms
from tests.devices.escpos.fake_printer import FakeEscposPrinter

PAYLOAD = "CK1." + "eyJuIjoiS1NLLURFTU8tMDEtMjAyNTAxMDItMDAwMTIzIn0" * 3 + ".c2lnbmF0dXJl" * 6


def _slip(width: int) -> object:
    return build_receipt(
        KioskIdentity(),
        service_title="个人信用报告",
        issued_at=datetime(2025, 1, 2, 18, 30, 5),
        holder_name="𠮷䶮",
        holder_id_number="11010519491231002X",
        document_number="KSK-DEMO-01-20250102-000123",
        pages=5,
        verification=PAYLOAD,
        paper_width_mm=58 if width == 58 else 80,
    )


def run(report: BenchReport) -> None:
    for width in (58, 80):
        receipt = _slip(width)
        times = timings_ms(lambda r=receipt: receipt_bytes(r), repeat=200, warmup=5)  # type: ignore[misc]
        report.figure(f"receipt bytes, {width} mm (median)", statistics.median(times), "ms", budget=20.0)
        report.figure(f"receipt bytes, {width} mm (p95)", p95(times), "ms", budget=20.0)

    receipt = _slip(80)
    data = receipt_bytes(receipt)  # type: ignore[arg-type]
    times = timings_ms(lambda: render(data, 80), repeat=20, warmup=2)
    report.figure("receipt rendered to an image, 80 mm (median)", statistics.median(times), "ms")

    fake = FakeEscposPrinter().serve_tcp()
    printer = EscposReceiptPrinter.from_spec(f"tcp://127.0.0.1:{fake.port}", status_timeout=1.0)
    try:
        times = timings_ms(printer.status, repeat=200, warmup=3)
    finally:
        printer.close()
        fake.stop()
    report.figure("receipt status check, TCP 127.0.0.1 (median)", statistics.median(times), "ms", budget=50.0)
    report.figure("receipt status check, TCP 127.0.0.1 (p95)", p95(times), "ms", budget=50.0)

    fake = FakeEscposPrinter().serve_pty()
    printer = EscposReceiptPrinter.from_spec(f"serial:{fake.device}@115200", status_timeout=1.0)
    try:
        times = timings_ms(printer.status, repeat=100, warmup=3)
    finally:
        printer.close()
        fake.stop()
    report.figure("receipt status check, serial pty (median)", statistics.median(times), "ms", budget=50.0)
