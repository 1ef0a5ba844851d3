"""Document rendering speed: the one-time font load, then a 5-page credit report and a business license."""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from tests.bench import BenchReport, timings_ms


def run(report: BenchReport) -> None:
    from kiosk.documents.base import DocumentKind
    from kiosk.documents.fonts import document_faces
    from kiosk.documents.render import PdfRenderer
    from kiosk.documents.signing import KeyStore
    from tests.documents import samples

    start = time.perf_counter()
    faces = document_faces()
    report.figure(
        "font load, once per process (3 Noto CJK faces)", (time.perf_counter() - start) * 1000, "ms"
    )

    with tempfile.TemporaryDirectory() as folder:
        renderer = PdfRenderer(KeyStore.in_data_dir(Path(folder)), faces)
        credit = samples.source(DocumentKind.CREDIT_REPORT, samples.credit_report(accounts=38, queries=12))
        pages = renderer.render(credit, samples.issue(DocumentKind.CREDIT_REPORT)).pages
        times = timings_ms(
            lambda: renderer.render(credit, samples.issue(DocumentKind.CREDIT_REPORT)), repeat=7
        )
        report.figure(
            f"credit report PDF ({pages} pages), median", statistics.median(times), "ms", budget=300.0
        )

        license_doc = samples.source(DocumentKind.BUSINESS_LICENSE)
        times = timings_ms(
            lambda: renderer.render(license_doc, samples.issue(DocumentKind.BUSINESS_LICENSE)), repeat=9
        )
        report.figure("business license PDF (1 page), median", statistics.median(times), "ms", budget=100.0)

        issued = renderer.render(license_doc, samples.issue(DocumentKind.BUSINESS_LICENSE))
        times = timings_ms(lambda: renderer.preview(issued, 800), repeat=5)
        report.figure("preview PNG of the license, 800 px wide", statistics.median(times), "ms")
