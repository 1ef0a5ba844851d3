"""Keys and payloads: a genuine document verifies; every kind of fake fails with its own reason."""

from __future__ import annotations

import argparse
import base64
import dataclasses
import stat
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import segno
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.cli import keys_command, verify_command
from kiosk.documents import render as render_module
from kiosk.documents.base import DocumentKind, IssuedDocument
from kiosk.documents.numbers import new_document_number
from kiosk.documents.qr_payload import PREFIX, FieldError
from kiosk.documents.render import PdfRenderer
from kiosk.documents.signing import (
    KeyStore,
    PublicKey,
    VerifyFailure,
    key_id_of,
    new_signing_key,
    read_key_set,
    sign_payload,
    verify_payload,
)
from tests.documents import samples

NOW = samples.ISSUED_AT + timedelta(days=3)


def test_first_start_creates_a_private_key_only_the_kiosk_can_read(tmp_path: Path) -> None:
    store = KeyStore.in_data_dir(tmp_path)
    key = store.signing_key("KSK-A", samples.ISSUED_AT)
    private = store.folder / f"{key.public.key_id}.pem"
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert stat.S_IMODE(store.folder.stat().st_mode) == 0o700
    assert store.signing_key("KSK-A", samples.ISSUED_AT + timedelta(days=1)).public == key.public  # reused
    assert "PRIVATE" not in repr(key)
    published = read_key_set(store.folder / "public-keys.json")
    assert [k.key_id for k in published] == [key.public.key_id]


def test_an_expired_key_is_replaced_and_stays_published(tmp_path: Path) -> None:
    store = KeyStore.in_data_dir(tmp_path)
    old = store.signing_key("KSK-A", samples.ISSUED_AT - timedelta(days=800))
    new = store.signing_key("KSK-A", samples.ISSUED_AT)
    assert new.public.key_id != old.public.key_id
    assert {k.key_id for k in store.public_keys()} == {old.public.key_id, new.public.key_id}


def _flip(payload: str, at: int) -> str:
    prefix, body = payload[:4], payload[4:]  # CK2: or CK1:
    index = len(body) // 2 + at
    replacement = "A" if body[index] != "A" else "B"
    return prefix + body[:index] + replacement + body[index + 1 :]


def test_genuine_payload_verifies_and_every_fake_fails_with_its_own_reason(
    rendered: dict[str, IssuedDocument], key_store: KeyStore
) -> None:
    document = rendered["credit_report"]
    keys = key_store.public_keys()
    verdict = verify_payload(document.verification, keys, NOW)
    assert verdict.valid, verdict.reason
    assert verdict.payload is not None
    assert (verdict.payload.number, verdict.payload.kind, verdict.payload.kiosk_id) == (
        document.number,
        DocumentKind.CREDIT_REPORT,
        "KSK-DEMO-01",
    )
    assert len(verdict.payload.data_digest) == 32 and document.sha256.startswith(verdict.payload.data_digest)
    assert verdict.payload.issued_at == samples.ISSUED_AT
    assert verdict.payload.key_id == keys[0].key_id

    # A changed character (in the signature; then in the signed digest): the signature no longer matches.
    altered = verify_payload(_flip(document.verification, 0), keys, NOW)
    assert altered.failure is VerifyFailure.BAD_SIGNATURE
    digest_changed = verify_payload(_flip(document.verification, -40), keys, NOW)
    assert digest_changed.failure is VerifyFailure.BAD_SIGNATURE

    # Signed by a key that was never published.
    stranger = new_signing_key("KSK-DEMO-01", samples.ISSUED_AT - timedelta(days=1))
    forged = sign_payload(
        stranger, DocumentKind.CREDIT_REPORT, document.number, samples.ISSUED_AT, document.sha256
    )
    assert verify_payload(forged, keys, NOW).failure is VerifyFailure.UNKNOWN_KEY

    # Signed by a published key after its period ended.
    expired = new_signing_key("KSK-DEMO-01", samples.ISSUED_AT - timedelta(days=400), timedelta(days=365))
    late = sign_payload(
        expired, DocumentKind.CREDIT_REPORT, document.number, samples.ISSUED_AT, document.sha256
    )
    verdict_late = verify_payload(late, [*keys, expired.public], NOW)
    assert verdict_late.failure is VerifyFailure.KEY_NOT_VALID
    assert "expired" in verdict_late.reason

    # Not a payload at all, and a truncated one.
    assert verify_payload("hello", keys, NOW).failure is VerifyFailure.MALFORMED
    assert verify_payload(document.verification[:60], keys, NOW).failure is VerifyFailure.MALFORMED
    reasons = {altered.reason, verify_payload(forged, keys, NOW).reason, verdict_late.reason}
    assert len(reasons) == 3


def test_payload_fits_a_qr_code_a_phone_reads_at_print_size(rendered: dict[str, IssuedDocument]) -> None:
    for document in rendered.values():
        assert len(document.verification) == 154  # 4 + 150: the whole alphanumeric capacity of 6-M
        qr = segno.make_qr(document.verification, error="m")
        assert not qr.is_micro
        assert (qr.version, qr.mode, qr.error) == (6, "alphanumeric", "M")  # 41 modules: 0.59 mm in 24 mm


# Written by the first format's signer (CK1, before the compact code) with the key of private bytes
# 00 01 … 1f for kiosk KSK-DEMO-01: paper printed then must keep verifying.
LEGACY_PAYLOAD = (
    "CK1:KZDVVJ2UMNDUYALLAGPBBK5LVOV2XK5LVOV2XK5LVOV2XK5LVOV2XK5LVOV2XK5LVOV2XK5LCYZDAMRWGEYTEMJNLBMS2N2L"
    "KEZU2OKYIEZEEC2LKNFS2RCFJVHS2MBRB4CHH6CHWGLORNWFS5NEOOTT3MPML4BN6WPFJBKFGINJNMCDF5VXI3R26D2K5BZEYMKF"
    "QUBNCBZ3KPML24GILNI4VBJMHE6A3DLU2AA"
)


def _legacy_key(kiosk_id: str = "KSK-DEMO-01") -> PublicKey:
    raw = Ed25519PrivateKey.from_private_bytes(bytes(range(32))).public_key().public_bytes_raw()
    start = datetime(2026, 1, 1, tzinfo=samples.CST)
    return PublicKey(key_id_of(raw), kiosk_id, raw, start, start + timedelta(days=730))


def test_a_code_of_the_first_format_still_verifies() -> None:
    verdict = verify_payload(LEGACY_PAYLOAD, [_legacy_key()], NOW)
    assert verdict.valid, verdict.reason
    assert verdict.payload is not None
    assert (verdict.payload.number, verdict.payload.kind, verdict.payload.kiosk_id) == (
        "20261121-XY-7KQ3M9XA2B",
        DocumentKind.CREDIT_REPORT,
        "KSK-DEMO-01",
    )
    assert verdict.payload.data_digest == "ab" * 32 and verdict.payload.issued_at == samples.ISSUED_AT
    altered = verify_payload(_flip(LEGACY_PAYLOAD, 0), [_legacy_key()], NOW)
    assert altered.failure is VerifyFailure.BAD_SIGNATURE
    moved = verify_payload(LEGACY_PAYLOAD, [_legacy_key("KSK-OTHER")], NOW)
    assert moved.failure is VerifyFailure.WRONG_KIOSK


def test_the_compact_code_signs_the_kiosk_its_key_belongs_to(key_store: KeyStore) -> None:
    key = key_store.signing_key("KSK-DEMO-01", samples.ISSUED_AT)
    number = new_document_number(DocumentKind.REAL_ESTATE, samples.ISSUED_AT)
    payload = sign_payload(key, DocumentKind.REAL_ESTATE, number, samples.ISSUED_AT, "cd" * 32)
    assert verify_payload(payload, [key.public], NOW).valid
    # A key set that says the key is another kiosk's: the signed kiosk id no longer matches.
    moved = dataclasses.replace(key.public, kiosk_id="KSK-OTHER")
    assert verify_payload(payload, [moved], NOW).failure is VerifyFailure.BAD_SIGNATURE
    # The code's first characters name the key: changed, no published key is named.
    other_mark = "77" if payload[4:6] != "77" else "22"
    renamed = verify_payload(PREFIX + other_mark + payload[6:], [key.public], NOW)
    assert renamed.failure is VerifyFailure.UNKNOWN_KEY


@pytest.mark.parametrize(
    ("number", "issued_at"),
    [
        ("KSK-7-000123", samples.ISSUED_AT),  # not the kiosk's form
        ("20261122-XY-7KQ3M9XA2B", samples.ISSUED_AT),  # another day's number
        ("20261121-ZZ-7KQ3M9XA2B", samples.ISSUED_AT),  # another kind's letters
    ],
)
def test_a_number_the_code_cannot_rebuild_is_refused_at_signing(
    key_store: KeyStore, number: str, issued_at: datetime
) -> None:
    key = key_store.signing_key("KSK-DEMO-01", samples.ISSUED_AT)
    with pytest.raises(FieldError):
        sign_payload(key, DocumentKind.CREDIT_REPORT, number, issued_at, "00" * 32)


def _verify_args(**values: object) -> argparse.Namespace:
    defaults: dict[str, object] = {"config": None, "payload": None, "pdf": None, "public_key": None}
    defaults.update(values)
    return argparse.Namespace(**defaults)


def _publish(key_store: KeyStore, tmp_path: Path) -> Path:
    path = tmp_path / "published.json"
    path.write_bytes((key_store.folder / "public-keys.json").read_bytes())
    return path


def test_cli_verify_payload_prints_valid_or_the_reason(
    rendered: dict[str, IssuedDocument],
    key_store: KeyStore,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    published = [_publish(key_store, tmp_path)]
    document = rendered["business_license"]
    assert verify_command.verify(_verify_args(payload=document.verification, public_key=published)) == 0
    assert capsys.readouterr().out.startswith(
        f"valid: business_license {document.number}, issued 2026-11-21 21:35 +0800 by kiosk KSK-DEMO-01"
    )  # the time as the kiosk printed it on the paper, wherever the verifier is
    assert (
        verify_command.verify(_verify_args(payload=_flip(document.verification, 3), public_key=published))
        == 1
    )
    assert "invalid (bad_signature)" in capsys.readouterr().out


def test_cli_verify_pdf_checks_the_code_belongs_to_the_document(
    rendered: dict[str, IssuedDocument],
    renderer: PdfRenderer,
    key_store: KeyStore,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    published = [_publish(key_store, tmp_path)]
    genuine = tmp_path / "genuine.pdf"
    genuine.write_bytes(rendered["business_license"].pdf)
    assert verify_command.verify(_verify_args(pdf=genuine, public_key=published)) == 0, (
        capsys.readouterr().out
    )
    assert "valid: business_license" in capsys.readouterr().out

    # Another document's genuine code printed on this one.
    other = rendered["tax_payment"].verification
    monkeypatch.setattr(render_module, "sign_payload", lambda *args: other)
    fake = renderer.render(
        samples.source(DocumentKind.BUSINESS_LICENSE), samples.issue(DocumentKind.BUSINESS_LICENSE)
    )
    monkeypatch.undo()
    swapped = tmp_path / "swapped.pdf"
    swapped.write_bytes(fake.pdf)
    assert verify_command.verify(_verify_args(pdf=swapped, public_key=published)) == 1
    assert "invalid (other_document)" in capsys.readouterr().out

    # Someone else's key set: the kiosk's code is unknown to it.
    stranger_store = KeyStore.in_data_dir(tmp_path / "stranger")
    stranger_store.signing_key("KSK-OTHER", samples.ISSUED_AT)
    assert (
        verify_command.verify(
            _verify_args(pdf=genuine, public_key=[stranger_store.folder / "public-keys.json"])
        )
        == 1
    )
    assert "invalid (unknown_key)" in capsys.readouterr().out

    blank = tmp_path / "blank.pdf"
    blank.write_bytes(b"not a pdf")
    assert verify_command.verify(_verify_args(pdf=blank, public_key=published)) == 1
    assert "invalid (no_qr)" in capsys.readouterr().out


def test_cli_keys_show_prints_the_public_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("KIOSK_CONFIG", raising=False)
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path))
    assert keys_command.show_keys(argparse.Namespace(config=None, json=False)) == 0
    out = capsys.readouterr().out
    key = KeyStore.in_data_dir(tmp_path).public_keys()[0]
    assert key.key_id in out and base64.b64encode(key.public_key).decode() in out and "(signing now)" in out
    assert "PRIVATE" not in out
    assert keys_command.show_keys(argparse.Namespace(config=None, json=True)) == 0
    assert f'"key_id": "{key.key_id}"' in capsys.readouterr().out
    # And verify uses that same data dir when no --public-key is given.
    now = datetime.now().astimezone()
    payload = sign_payload(
        KeyStore.in_data_dir(tmp_path).signing_key("KSK-DEMO-01", now),
        DocumentKind.TAX_PAYMENT, new_document_number(DocumentKind.TAX_PAYMENT, now), now, "00" * 32,
    )  # fmt: skip
    assert verify_command.verify(_verify_args(payload=payload)) == 0


def test_the_last_character_carries_two_zero_bits_and_nothing_else(key_store: KeyStore) -> None:
    key = key_store.signing_key("KSK-DEMO-01", samples.ISSUED_AT)
    number = new_document_number(DocumentKind.SOCIAL_INSURANCE, samples.ISSUED_AT)
    payload = sign_payload(key, DocumentKind.SOCIAL_INSURANCE, number, samples.ISSUED_AT, "ef" * 32)
    last = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".index(payload[-1])
    assert last & 3 == 0
    other = payload[:-1] + "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"[last | 1]
    assert verify_payload(other, [key.public], NOW).failure is VerifyFailure.MALFORMED
