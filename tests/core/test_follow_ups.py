"""What follows a visit, in the records: 好差评 with a sealed call-back number, and reprint codes."""

from __future__ import annotations

import json
import logging
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from central.console.contact import ContactError, unseal
from kiosk.contact_seal import ContactKeyError, ContactSeal, load_public, masked_number, valid_number
from kiosk.documents.base import DocumentKind, IssuedDocument
from kiosk.ratings import RatingReason
from kiosk.storage.db import make_engine
from kiosk.storage.migrate import upgrade
from kiosk.storage.outbox import OutboxRow
from kiosk.storage.records import PrintJobState, Records, ReprintLookup, ReprintRefusal

AT = datetime(2026, 12, 8, 22, 30)
NUMBER = "13912345678"
CENTRE = X25519PrivateKey.generate()  # the centre's contact key; a kiosk holds its public half


@pytest.fixture
def records(tmp_path: Path) -> Records:
    engine = make_engine(f"sqlite:///{tmp_path / 'kiosk.db'}")
    upgrade(engine)
    return Records(engine)


def _outbox_payloads(records: Records) -> list[dict[str, object]]:
    with records.engine.connect() as connection:
        rows = connection.execute(OutboxRow.__table__.select().order_by(OutboxRow.seq)).mappings().all()
    return [json.loads(row["payload"]) for row in rows]


def test_a_poor_rating_keeps_what_the_province_files_it_under_and_the_number_sealed(
    records: Records, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    seal = ContactSeal(CENTRE.public_key())
    records.start_session("s1", "credit_report", AT, elderly=False, language="zh_CN")
    ended = AT + timedelta(minutes=2)
    records.end_session("s1", ended, "face_check_failed", fault_device=None, elderly=False, language="zh_CN")
    token = seal.seal(NUMBER)
    records.rate(
        "s1", 1, AT + timedelta(minutes=3), [RatingReason.FACE_CHECK_FAILED, RatingReason.OTHER],
        reasons_version="2026-12", item_code="530000-CR-01", kiosk_id="KSK-DEMO-01", contact=token,
    )  # fmt: skip
    rating = _outbox_payloads(records)[-1]
    assert rating["kind"] == "rating" and rating["level"] == 1
    assert rating["service_item_code"] == "530000-CR-01" and rating["channel"] == "自助终端"
    assert rating["kiosk_id"] == "KSK-DEMO-01" and rating["outcome"] == "face_check_failed"
    assert rating["reasons"] == ["face_check_failed", "other"] and rating["reasons_version"] == "2026-12"
    assert rating["with_contact"] is True and rating["contact"] == token
    assert unseal(CENTRE, str(rating["contact"])) == NUMBER  # the centre's console, holding the key
    with pytest.raises(ContactError):  # and no other key
        unseal(X25519PrivateKey.generate(), str(rating["contact"]))
    assert [row.session_id for row in records.callback_contacts()] == ["s1"]
    records.engine.dispose()
    for path in tmp_path.iterdir():  # the database and its WAL: never the digits in clear
        assert NUMBER.encode() not in path.read_bytes(), path.name
    assert NUMBER not in caplog.text


def test_a_call_back_number_goes_when_the_follow_up_closes_or_after_its_days(records: Records) -> None:
    for sid in ("s1", "s2"):
        records.start_session(sid, "tax_payment", AT, elderly=False, language="zh_CN")
    seal = ContactSeal(CENTRE.public_key())
    records.rate("s1", 2, AT, contact=seal.seal(NUMBER), contact_kept=timedelta(days=30))
    records.rate("s2", 1, AT, contact=seal.seal("02161234567"), contact_kept=timedelta(days=30))
    assert records.close_callback("s1") is True
    assert [row.session_id for row in records.callback_contacts()] == ["s2"]
    assert records.forget_old_contacts(AT + timedelta(days=29)) == 0
    assert records.forget_old_contacts(AT + timedelta(days=30)) == 1
    assert records.callback_contacts() == []
    rating = records.rating("s2")
    assert rating is not None and rating.with_contact is True  # the rating stays; only the number goes


def test_the_seal_takes_only_telephone_numbers_and_screens_see_them_masked() -> None:
    assert valid_number(NUMBER) and valid_number("087164612345") and not valid_number("12345")
    with pytest.raises(ValueError):
        ContactSeal(CENTRE.public_key()).seal("110")
    assert masked_number(NUMBER) == "139••••••78"
    sealed = ContactSeal(CENTRE.public_key()).seal(NUMBER)
    assert NUMBER not in sealed and sealed != ContactSeal(CENTRE.public_key()).seal(NUMBER)  # fresh each time


def test_a_contact_key_that_is_not_the_centres_public_key_is_refused_with_a_sentence(tmp_path: Path) -> None:
    public = tmp_path / "contact.pub"
    public.write_bytes(
        CENTRE.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    assert unseal(CENTRE, ContactSeal(load_public(public)).seal(NUMBER)) == NUMBER
    private = tmp_path / "contact.key"  # the centre's private half, copied to a kiosk by mistake
    private.write_bytes(
        CENTRE.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    for wrong, words in ((private, "not a PEM public key"), (tmp_path / "missing.pub", "cannot be read")):
        with pytest.raises(ContactKeyError, match=words):
            load_public(wrong)


def _job(records: Records, session: str, at: datetime) -> str:
    records.start_session(session, "credit_report", at, elderly=False, language="zh_CN")
    job = records.queue_print_job(session, "credit_report", "NO-1", 5, 1, at)
    records.set_print_job_state(job.id, PrintJobState.PRINTING, at)
    return job.reprint_code


def test_a_reprint_code_works_once_expires_and_is_refused_politely(records: Records) -> None:
    week = timedelta(days=7)
    code = _job(records, "s1", AT)
    job = records.print_jobs()[0]
    records.set_print_job_state(job.id, PrintJobState.FAILED, AT, "paper out", sheets_printed=1)
    assert records.find_reprint("NOPE2345", AT, week) is ReprintRefusal.UNKNOWN
    found = records.find_reprint(code.lower(), AT + timedelta(hours=1), week)
    assert isinstance(found, ReprintLookup) and found.job.sheets_printed == 1
    assert records.find_reprint(code, AT + timedelta(days=8), week) is ReprintRefusal.EXPIRED
    records.start_session("s2", "credit_report", AT, elderly=False, language="zh_CN")
    assert records.use_reprint(code, job.id, "s2", AT + timedelta(hours=1)) is True
    assert records.use_reprint(code, job.id, "s2", AT + timedelta(hours=2)) is False
    assert records.find_reprint(code, AT + timedelta(hours=3), week) is ReprintRefusal.USED
    done = _job(records, "s3", AT)
    done_job = next(j for j in records.print_jobs() if j.reprint_code == done)
    records.set_print_job_state(done_job.id, PrintJobState.DONE, AT)
    assert records.find_reprint(done, AT, week) is ReprintRefusal.NOTHING_LEFT


def test_a_code_names_the_document_it_printed_and_what_is_left_of_it(records: Records) -> None:
    week = timedelta(days=7)
    records.start_session("s1", "credit_report", AT, elderly=False, language="zh_CN")
    records.identify_session("s1", card_type="resident_id", id_hash="t1:abcde")
    job = records.queue_print_job("s1", "credit_report", "NO-1", 3, 2, AT)
    records.issued_document(
        IssuedDocument("NO-1", DocumentKind.CREDIT_REPORT, "个人信用报告", b"", 3, "ab" * 32, "", AT), "s1"
    )
    records.set_print_job_state(job.id, PrintJobState.PRINTING, AT)
    records.set_print_job_state(job.id, PrintJobState.FAILED, AT, "paper out", sheets_printed=4)
    found = records.find_reprint(f" {job.reprint_code[:4].lower()}-{job.reprint_code[4:]} ", AT, week)
    assert isinstance(found, ReprintLookup)
    assert found.id_hash == "t1:abcde" and found.job.sheets == 6 and found.job.sheets_out == 4
    assert found.issued is not None and (found.issued.sha256, found.issued.pages) == ("ab" * 32, 3)
    assert found.issued.issued_at == AT

    # A reprint of it, cut short in its turn: its own code counts from the document's first sheet.
    records.start_session("s2", "credit_report", AT, elderly=False, language="zh_CN", reprint_of=job.id)
    again = records.queue_print_job("s2", "credit_report", "NO-1", 3, 2, AT, first_sheet=4)
    assert records.session("s2").reprint_of == job.id  # type: ignore[union-attr]
    records.set_print_job_state(again.id, PrintJobState.PRINTING, AT)
    records.set_print_job_state(again.id, PrintJobState.FAILED, AT, "paper out")  # not known how many
    later = records.find_reprint(again.reprint_code, AT, week)
    assert isinstance(later, ReprintLookup) and later.job.first_sheet == 4 and later.job.sheets_out == 4

    # Every sheet out, though the printer called it failed: nothing to reprint.
    whole = records.queue_print_job("s1", "credit_report", "NO-2", 1, 1, AT)
    records.set_print_job_state(whole.id, PrintJobState.PRINTING, AT)
    records.set_print_job_state(whole.id, PrintJobState.FAILED, AT, "jam", sheets_printed=1)
    assert records.find_reprint(whole.reprint_code, AT, week) is ReprintRefusal.NOTHING_LEFT
    printing = records.queue_print_job("s1", "credit_report", "NO-3", 1, 1, AT)
    assert records.find_reprint(printing.reprint_code, AT, week) is ReprintRefusal.NOTHING_LEFT
