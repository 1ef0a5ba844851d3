"""Document numbers: the shape printed on every page and read aloud at a staffed window."""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from kiosk.documents.base import DocumentKind
from kiosk.documents.numbers import KIND_LETTERS, new_document_number

# Issue date, the kind's two letters, ten Crockford base32 characters (no I, L, O, U).
SHAPE = re.compile(r"\d{8}-[A-Z]{2}-[0-9A-HJKMNP-TV-Z]{10}")
ISSUED_AT = datetime(2026, 11, 22, 19, 45)


@pytest.mark.parametrize("kind", list(DocumentKind))
def test_a_number_has_the_date_the_kind_and_ten_random_characters(kind: DocumentKind) -> None:
    number = new_document_number(kind, ISSUED_AT)
    assert SHAPE.fullmatch(number), number
    assert number.startswith(f"20261122-{KIND_LETTERS[kind]}-")
    assert len(number) <= 40  # what the tables allow


def test_each_kind_has_its_own_letters_and_numbers_do_not_repeat() -> None:
    assert len(set(KIND_LETTERS.values())) == len(DocumentKind)
    numbers = {new_document_number(DocumentKind.CREDIT_REPORT, ISSUED_AT) for _ in range(1000)}
    assert len(numbers) == 1000
