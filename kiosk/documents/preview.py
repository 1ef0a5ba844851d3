"""Page images of a rendered PDF (pypdfium2): the preview shows exactly what will print."""

from __future__ import annotations

import io

import pypdfium2 as pdfium
from PIL import Image

POINTS_PER_INCH = 72.0


def page_images(pdf: bytes, width_px: int) -> list[Image.Image]:
    """Every page as an RGB image ``width_px`` wide (height in proportion)."""
    if width_px < 16:
        raise ValueError("a page preview is at least 16 pixels wide")
    document = pdfium.PdfDocument(pdf)
    try:
        images = []
        for index in range(len(document)):
            page = document[index]
            try:
                scale = width_px / page.get_width()
                bitmap = page.render(scale=scale)
                images.append(bitmap.to_pil().convert("RGB"))
                bitmap.close()
            finally:
                page.close()
        return images
    finally:
        document.close()


def page_pngs(pdf: bytes, width_px: int) -> list[bytes]:
    out = []
    for image in page_images(pdf, width_px):
        buffer = io.BytesIO()
        image.save(buffer, format="PNG", optimize=False, compress_level=3)
        out.append(buffer.getvalue())
    return out


def page_image_at_dpi(pdf: bytes, index: int, dpi: float) -> Image.Image:
    """One page at ``dpi`` (for finding the QR code on it)."""
    document = pdfium.PdfDocument(pdf)
    try:
        page = document[index]
        try:
            bitmap = page.render(scale=dpi / POINTS_PER_INCH)
            image: Image.Image = bitmap.to_pil().convert("RGB")
            bitmap.close()
            return image
        finally:
            page.close()
    finally:
        document.close()


def attachment(pdf: bytes, name: str) -> bytes | None:
    """The file attached to the PDF under ``name``, if there is one."""
    document = pdfium.PdfDocument(pdf)
    try:
        for index in range(document.count_attachments()):
            item = document.get_attachment(index)
            if item.get_name() == name:
                return bytes(item.get_data())
        return None
    finally:
        document.close()


def page_texts(pdf: bytes) -> list[str]:
    """The selectable text of every page."""
    document = pdfium.PdfDocument(pdf)
    try:
        texts = []
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            texts.append(textpage.get_text_bounded())
            textpage.close()
            page.close()
        return texts
    finally:
        document.close()
