"""A wall clock stepped back or forward makes no signing key that nobody has published."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from pathlib import Path

import pytest

from kiosk.documents.base import DocumentKind
from kiosk.documents.numbers import new_document_number
from kiosk.documents.signing import (
    ClockBehindKeyError,
    KeyStore,
    new_signing_key,
    sign_payload,
    verify_payload,
)
from tests.documents import samples

FIRST_START = samples.ISSUED_AT


@pytest.mark.parametrize("step", [timedelta(minutes=-1), timedelta(hours=-9), timedelta(hours=9)])
def test_a_clock_stepped_after_the_first_start_signs_with_the_published_key(
    tmp_path: Path, step: timedelta
) -> None:
    store = KeyStore.in_data_dir(tmp_path)
    published = store.signing_key("KSK-A", FIRST_START).public
    published_set = store.public_keys()

    stepped = FIRST_START + step
    key = store.signing_key("KSK-A", stepped)

    assert key.public == published  # no new key: the one verifiers have still signs
    assert store.public_keys() == published_set
    payload = sign_payload(
        key,
        DocumentKind.TAX_PAYMENT,
        new_document_number(DocumentKind.TAX_PAYMENT, stepped),
        stepped,
        hashlib.sha256(b"data").hexdigest(),
    )
    assert verify_payload(payload, published_set, max(FIRST_START, stepped)).valid


def test_a_clock_behind_a_key_made_without_slack_makes_no_new_key(tmp_path: Path) -> None:
    # A key made by an earlier release started the moment it was made.
    store = KeyStore.in_data_dir(tmp_path)
    store.add_key(new_signing_key("KSK-A", FIRST_START))
    before = store.public_keys()

    with pytest.raises(ClockBehindKeyError, match="set the clock right"):
        store.signing_key("KSK-A", FIRST_START - timedelta(minutes=1))

    assert store.public_keys() == before
    assert len(list(store.folder.glob("*.pem"))) == 1
