"""A PDF of chosen pages of another (pypdfium2): a reprint sends the printer only the sheets that
did not come out, as one document it prints once. It carries the document's attached data too, so
the file checks as the document did (``kiosk verify --pdf``)."""

from __future__ import annotations

import io
from collections.abc import Sequence

import pypdfium2 as pdfium


def pdf_of_pages(pdf: bytes, pages: Sequence[int]) -> bytes:
    """A new PDF of ``pages`` of ``pdf`` (zero-based), in that order; a page may come more than once
    (each copy of it is a sheet)."""
    if not pages:
        raise ValueError("a PDF has at least one page")
    source = pdfium.PdfDocument(pdf)
    try:
        if max(pages) >= len(source) or min(pages) < 0:
            raise ValueError(f"the document has {len(source)} pages, not page {max(pages) + 1}")
        chosen = pdfium.PdfDocument.new()
        try:
            chosen.import_pages(source, list(pages))
            for index in range(source.count_attachments()):
                attached = source.get_attachment(index)
                copy = chosen.new_attachment(attached.get_name())
                copy.set_data(bytes(attached.get_data()))
            out = io.BytesIO()
            chosen.save(out)
            return out.getvalue()
        finally:
            chosen.close()
    finally:
        source.close()
