from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.documents.base import DocumentKind, IssuedDocument
from kiosk.documents.fonts import DocumentFaces, document_faces
from kiosk.documents.render import PdfRenderer
from kiosk.documents.signing import KeyStore
from tests.documents import samples


@pytest.fixture(scope="session")
def faces() -> DocumentFaces:
    return document_faces()


@pytest.fixture(scope="session")
def key_store(tmp_path_factory: pytest.TempPathFactory) -> KeyStore:
    return KeyStore.in_data_dir(tmp_path_factory.mktemp("data"))


@pytest.fixture(scope="session")
def renderer(key_store: KeyStore, faces: DocumentFaces) -> PdfRenderer:
    return PdfRenderer(key_store, faces)


@pytest.fixture(scope="session")
def rendered(renderer: PdfRenderer) -> Iterator[dict[str, IssuedDocument]]:
    """Each document the tests look at, rendered once per run (rendering is the slow part)."""
    docs = {kind.value: renderer.render(samples.source(kind), samples.issue(kind)) for kind in DocumentKind}
    docs["big_credit_report"] = renderer.render(
        samples.source(DocumentKind.CREDIT_REPORT, samples.big_credit_report()),
        samples.issue(DocumentKind.CREDIT_REPORT),
    )
    docs["no_history"] = renderer.render(
        samples.source(DocumentKind.CREDIT_REPORT, samples.no_history()),
        samples.issue(DocumentKind.CREDIT_REPORT),
    )
    yield docs


@pytest.fixture
def pdf_file(tmp_path: Path) -> Path:
    return tmp_path / "document.pdf"
