"""``kiosk verify --pdf`` on files made to hurt it: each limit refuses in one sentence, exit 2.

Before the limits a 440-byte PDF with a 14,400-pt page took 12 s and 4.8 GB to render, and
``--pdf /dev/zero`` ended in a MemoryError. Now nothing is rendered or read past the limits.
"""

from __future__ import annotations

import argparse
import io
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from kiosk.cli import verify_command
from kiosk.documents.base import IssuedDocument
from kiosk.documents.pdf_verification import MAX_FILE_BYTES, MAX_PAGES, Refusal, check_limits
from kiosk.documents.signing import KeyStore

A4 = (595.28, 841.89)

# A page 200 inches (5080 mm) square, in 440 bytes: pdfium repairs the missing cross-reference table.
HUGE_PAGE = b"""%PDF-1.4
1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj
2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj
3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 14400 14400] /Contents 4 0 R>> endobj
4 0 obj <</Length 44>> stream
0 0 0 rg 0 0 14400 14400 re f 1 1 1 rg 0 0 9 9 re f
endstream endobj
trailer <</Root 1 0 R /Size 5>>
%%EOF
"""


def pdf_of_pages(sizes: list[tuple[float, float]]) -> bytes:
    document = pdfium.PdfDocument.new()
    for width, height in sizes:
        document.new_page(width, height).close()
    out = io.BytesIO()
    document.save(out)
    document.close()
    return out.getvalue()


def run_verify(path: Path, key_store: KeyStore, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    args = argparse.Namespace(
        config=None, payload=None, pdf=path, public_key=[key_store.folder / "public-keys.json"]
    )
    code = verify_command.verify(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assert_refused(code: int, out: str, err: str, words: str) -> None:
    assert code == 2
    assert out == ""
    sentence = err.strip()
    assert words in sentence
    assert "\n" not in sentence and sentence.endswith(".") and sentence.count(". ") == 0, sentence


@pytest.fixture
def published(key_store: KeyStore, rendered: dict[str, IssuedDocument]) -> KeyStore:
    assert rendered  # the session's documents made the kiosk's key
    return key_store


def test_dev_zero_is_refused_after_reading_no_more_than_the_limit(
    published: KeyStore, capsys: pytest.CaptureFixture[str]
) -> None:
    assert_refused(*run_verify(Path("/dev/zero"), published, capsys), "larger than 20 MB")


def test_a_file_over_the_size_limit_is_refused(
    published: KeyStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    big = tmp_path / "big.pdf"
    with big.open("wb") as handle:
        handle.write(pdf_of_pages([A4]))
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: no disk is spent on it
    assert_refused(*run_verify(big, published, capsys), "larger than 20 MB")


def test_too_many_pages_are_refused(
    published: KeyStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    many = tmp_path / "many.pdf"
    many.write_bytes(pdf_of_pages([A4] * (MAX_PAGES + 1)))
    assert_refused(*run_verify(many, published, capsys), f"has {MAX_PAGES + 1} pages")
    assert check_limits(pdf_of_pages([A4] * MAX_PAGES)) is None  # the limit itself is allowed


def test_a_huge_page_is_refused_before_it_is_drawn(
    published: KeyStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert len(HUGE_PAGE) <= 440
    huge = tmp_path / "huge.pdf"
    huge.write_bytes(HUGE_PAGE)
    assert_refused(*run_verify(huge, published, capsys), "Page 1 is 5080 × 5080 mm")


def test_a_huge_page_after_a_normal_one_is_refused_too() -> None:
    refusal = check_limits(pdf_of_pages([A4, (A4[0], 20000.0)]))
    assert isinstance(refusal, Refusal) and refusal.reason.startswith("Page 2 is 210 × 7056 mm")
    assert check_limits(pdf_of_pages([A4, (842.0, 1191.0)])) is None  # A3 is fine


def test_a_genuine_document_is_within_every_limit(rendered: dict[str, IssuedDocument]) -> None:
    for document in rendered.values():
        assert check_limits(document.pdf) is None
