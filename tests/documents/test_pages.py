"""A reprint's PDF: only the pages not delivered, in the order they print, each a page of the very
document issued — the same made again from its data hashes the same, and the file checks as the
document did."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from kiosk.documents.base import ATTACHMENT_NAME, DocumentKind, IssuedDocument
from kiosk.documents.pages import pdf_of_pages
from kiosk.documents.pdf_verification import verify_pdf
from kiosk.documents.preview import attachment, page_texts
from kiosk.documents.render import PdfRenderer
from kiosk.documents.signing import KeyStore
from kiosk.print_journal import sheets_to_print
from tests.documents import samples


def test_the_sheets_not_delivered_of_two_copies_check_as_the_document(
    rendered: dict[str, IssuedDocument], key_store: KeyStore
) -> None:
    document = rendered["big_credit_report"]
    assert document.pages >= 2
    pages = sheets_to_print(document.pages, 2, 1)  # one sheet of two copies came out
    reprint = pdf_of_pages(document.pdf, pages)

    texts, whole = page_texts(reprint), page_texts(document.pdf)
    assert texts == [whole[page] for page in pages]
    assert len(texts) == 2 * document.pages - 1 and texts[0] == whole[1] and texts[-1] == whole[-1]
    assert attachment(reprint, ATTACHMENT_NAME) == attachment(document.pdf, ATTACHMENT_NAME)
    verdict = verify_pdf(reprint, key_store.public_keys(), document.issued_at + timedelta(hours=1))
    assert getattr(verdict, "valid", False), verdict


def test_made_again_with_its_number_and_time_it_hashes_the_same(
    renderer: PdfRenderer, rendered: dict[str, IssuedDocument]
) -> None:
    kind = DocumentKind.CREDIT_REPORT
    first = rendered[kind.value]
    issue = replace(samples.issue(kind), number=first.number)  # the first issue's number and time
    again = renderer.render(samples.source(kind), issue)
    assert again.sha256 == first.sha256 and again.pages == first.pages
    later = renderer.render(
        samples.source(kind), replace(issue, issued_at=first.issued_at + timedelta(seconds=1))
    )
    assert later.sha256 != first.sha256  # issued anew, it is another document


def test_a_page_the_document_has_not_is_refused(rendered: dict[str, IssuedDocument]) -> None:
    document = rendered["tax_payment"]
    with pytest.raises(ValueError, match="pages"):
        pdf_of_pages(document.pdf, [document.pages])
    with pytest.raises(ValueError):
        pdf_of_pages(document.pdf, [])
