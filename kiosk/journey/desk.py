"""The document desk: fetch, render and preview, on the documents worker thread.

Sources may wait on the network and rendering takes a few hundred
milliseconds, so none of it runs on the thread that drives the journey.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from devices.camera.base import Image
from devices.id_reader.base import CardPhoto, PhotoDecoder
from kiosk.documents.base import (
    BusinessChoice,
    DocumentKind,
    DocumentRenderer,
    DocumentRequest,
    DocumentSource,
    FetchFailure,
    FetchProblem,
    IssueContext,
    IssuedDocument,
    Subject,
)
from kiosk.documents.pages import pdf_of_pages


@dataclass(frozen=True, slots=True)
class PreparedDocument:
    """A rendered document and the page images of exactly that PDF."""

    document: IssuedDocument
    pages: tuple[bytes, ...] = field(repr=False)  # PNG


@dataclass(frozen=True, slots=True)
class PreparedSheets:
    """A reprint's document, made again, and a PDF of only the sheets that did not come out."""

    document: IssuedDocument
    pdf: bytes = field(repr=False)
    sheets: int


@dataclass(frozen=True, slots=True)
class DocumentChanged:
    """The source no longer gives the document the kiosk issued (the record changed since): pages
    made now would not belong with those that came out."""


class DocumentDesk:
    """``renderer`` may be a factory: the PDF library and its fonts take about a second to load,
    so the app builds the renderer on the documents thread after the home screen is up."""

    def __init__(
        self,
        sources: Mapping[str, DocumentSource],
        renderer: DocumentRenderer | Callable[[], DocumentRenderer],
        photo_decoder: PhotoDecoder | None = None,
    ) -> None:
        self.sources = sources
        self._renderer = renderer if isinstance(renderer, DocumentRenderer) else None
        self._make_renderer = None if isinstance(renderer, DocumentRenderer) else renderer
        self.photo_decoder = photo_decoder

    @property
    def renderer(self) -> DocumentRenderer:
        if self._renderer is None:
            assert self._make_renderer is not None
            self._renderer = self._make_renderer()
        return self._renderer

    def warm_up(self) -> None:
        """Build the renderer and load what it loads lazily (fonts), before the first citizen needs it."""
        warm = getattr(self.renderer, "warm_up", None)
        if callable(warm):
            warm()

    def _source(self, name: str) -> DocumentSource | FetchProblem:
        source = self.sources.get(name)
        if source is None:
            return FetchProblem(FetchFailure.UNAVAILABLE, f"the {name} source is not configured")
        return source

    def businesses(self, source_name: str, subject: Subject) -> list[BusinessChoice] | FetchProblem:
        source = self._source(source_name)
        if isinstance(source, FetchProblem):
            return source
        return source.businesses(subject)

    def prepare(
        self, source_name: str, request: DocumentRequest, issue: IssueContext, preview_width: int
    ) -> PreparedDocument | FetchProblem:
        source = self._source(source_name)
        if isinstance(source, FetchProblem):
            return source
        fetched = source.fetch(request)
        if isinstance(fetched, FetchProblem):
            return fetched
        document = self.renderer.render(fetched, issue)
        pages = self.renderer.preview(document, preview_width)
        return PreparedDocument(document, tuple(pages))

    def prepare_reprint(
        self,
        source_name: str,
        kind: DocumentKind,
        subject: Subject,
        issue: IssueContext,
        sha256: str,
        pages: Sequence[int],
    ) -> PreparedSheets | FetchProblem | DocumentChanged:
        """The document issued before, made again from its source with its own number and time
        (``issue``), and the sheets of ``pages`` of it. It is the same document only if its data
        hashes to ``sha256``, as the records have it; for a business license the citizen's
        businesses are tried, so nobody is asked again which one it was."""
        source = self._source(source_name)
        if isinstance(source, FetchProblem):
            return source
        requests = [DocumentRequest(kind, subject)]
        if kind is DocumentKind.BUSINESS_LICENSE:
            found = source.businesses(subject)
            if isinstance(found, FetchProblem):
                return found
            requests = [DocumentRequest(kind, subject, choice.credit_code) for choice in found]
        for request in requests:
            fetched = source.fetch(request)
            if isinstance(fetched, FetchProblem):
                if fetched.failure is FetchFailure.NOT_FOUND and len(requests) > 1:
                    continue  # nothing under this business: the next may be the one
                return fetched
            document = self.renderer.render(fetched, issue)
            if hmac.compare_digest(document.sha256, sha256):
                return PreparedSheets(document, pdf_of_pages(document.pdf, pages), len(pages))
        return DocumentChanged()

    def reference_image(self, source_name: str, subject: Subject, photo: CardPhoto | None) -> Image | None:
        """The picture to compare the live face with: the card photo if it can be decoded,
        else the registered photo from the source, else None."""
        if photo is not None and self.photo_decoder is not None:
            decoded = self.photo_decoder.decode(photo)
            if decoded is not None:
                return decoded
        source = self.sources.get(source_name)
        if source is None:
            return None
        data = source.reference_photo(subject)
        if not data:
            return None
        import cv2  # noqa: PLC0415 - OpenCV takes ≈ 0.1 s to import: only when a registered photo is decoded

        image = cv2.imdecode(np.frombuffer(data, dtype=np.uint8), cv2.IMREAD_COLOR)
        return None if image is None else np.asarray(image, dtype=np.uint8)
