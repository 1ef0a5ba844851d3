"""QR payloads as ``kiosk verify`` reads them, key sets, strict JSON, registry files, gateway answers."""

from __future__ import annotations

import contextlib
import io
import json
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy.orm import Session, sessionmaker

from kiosk.config import GatewayConfig
from kiosk.documents import qr_payload
from kiosk.documents.base import DocumentKind, DocumentRequest, FetchProblem, SourceDocument, Subject
from kiosk.documents.numbers import new_document_number
from kiosk.documents.signing import (
    KeyFileError,
    KeyStore,
    Verdict,
    new_signing_key,
    read_key_set,
    sign_payload,
    verify_payload,
)
from kiosk.gateway.client import GatewaySource
from kiosk.registry.demo import DEMO_FILE
from kiosk.registry.importer import ImportReport, import_source
from kiosk.storage.db import make_engine, make_sessionmaker
from kiosk.storage.migrate import upgrade
from kiosk.strict_json import loads
from tests.fuzz import FUZZ, bounded_memory
from tests.gateway import replies

NOW = datetime(2026, 12, 7, 12, tzinfo=UTC)
KEY = new_signing_key("KSK-0001", datetime(2026, 1, 1, tzinfo=UTC))
GENUINE = sign_payload(
    KEY, DocumentKind.CREDIT_REPORT, new_document_number(DocumentKind.CREDIT_REPORT, NOW), NOW, "ab" * 32
)


def _mutated(text: str, at: int, junk: str) -> str:
    at %= len(text)
    return text[:at] + junk + text[at + len(junk) :]


payloads = st.one_of(
    st.text(max_size=400),
    st.builds(
        lambda body: qr_payload.PREFIX + body,
        st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ234567=", max_size=400),
    ),
    st.builds(_mutated, st.just(GENUINE), st.integers(0, 10_000), st.text(min_size=1, max_size=6)),
)


@FUZZ
@given(payloads)
def test_any_qr_text_is_a_verdict(text: str) -> None:
    with bounded_memory(4):
        decoded = qr_payload.decode(text)
        verdict = verify_payload(text, [KEY.public], NOW)
    assert isinstance(decoded, (qr_payload.Claim, str)) and isinstance(verdict, Verdict)
    if verdict.valid:  # only the genuine code's bytes verify, whatever text carried them
        assert verdict.payload == verify_payload(GENUINE, [KEY.public], NOW).payload


@pytest.fixture(scope="module")
def genuine_key_set() -> Iterator[bytes]:
    with tempfile.TemporaryDirectory() as tmp:
        store = KeyStore(Path(tmp))
        store.signing_key("KSK-0001", NOW)
        yield (Path(tmp) / "public-keys.json").read_bytes()


@FUZZ
@given(st.data())
def test_any_key_set_file_reads_or_is_one_sentence(genuine_key_set: bytes, data: st.DataObject) -> None:
    text = genuine_key_set.decode()
    raw = data.draw(
        st.one_of(
            st.binary(max_size=2000),
            st.builds(_mutated, st.just(text), st.integers(0, 10_000), st.text(min_size=1, max_size=8)).map(
                str.encode
            ),
        )
    )
    with tempfile.NamedTemporaryFile(suffix=".json") as handle, bounded_memory(4):
        handle.write(raw)
        handle.flush()
        try:
            keys = read_key_set(Path(handle.name))
        except KeyFileError as exc:
            assert str(exc).startswith("The key set ")
        else:
            assert all(len(k.public_key) == 32 for k in keys)


json_texts = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=10)),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=4), inner, max_size=4)
    ),
    max_leaves=30,
).map(json.dumps)


@FUZZ
@given(
    st.one_of(
        st.text(max_size=300),
        json_texts,
        st.builds(
            lambda t, at, j: _mutated(t, at, j) if t else j,
            json_texts,
            st.integers(0, 999),
            st.sampled_from(['"', "{", "[", "}", "]", ",", ":", "\\"]),
        ),
    )
)
def test_strict_json_parses_or_refuses_with_a_value_error(text: str) -> None:
    with bounded_memory(4), contextlib.suppress(ValueError):
        loads(text)


@pytest.fixture(scope="module")
def registry() -> Iterator[sessionmaker[Session]]:
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{tmp}/kiosk.db")
        upgrade(engine)
        yield make_sessionmaker(engine)
        engine.dispose()


def _small_file() -> str:
    data = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    small = {
        "format": data["format"],
        "people": data["people"][:2],
        "credit_accounts": data["credit_accounts"][:1],
    }
    for person in small["people"]:
        person.pop("photo", None)
    return json.dumps(small, ensure_ascii=False, indent=1)


SMALL = _small_file()


@FUZZ
@given(
    st.one_of(
        st.binary(max_size=1500),
        st.builds(_mutated, st.just(SMALL), st.integers(0, 100_000), st.text(min_size=1, max_size=8)).map(
            str.encode
        ),
        st.builds(lambda junk: SMALL.encode()[: len(SMALL) // 2] + junk, st.binary(max_size=50)),
    )
)
def test_any_registry_file_is_a_report_and_all_or_nothing(
    registry: sessionmaker[Session], raw: bytes
) -> None:
    with bounded_memory():
        report = import_source(lambda: io.BytesIO(raw), registry, dry_run=True)
    assert isinstance(report, ImportReport)
    assert report.ok or not report.written
    for problem in report.problems:
        assert "张" not in str(problem)  # never a value from the file


def _document_reply() -> dict[str, Any]:
    return replies.reply(DocumentKind.CREDIT_REPORT, 0)


REPLY = json.dumps(_document_reply(), ensure_ascii=False)
PERSON = replies.person(0)


@FUZZ
@given(
    st.one_of(
        st.binary(max_size=2000),
        st.builds(_mutated, st.just(REPLY), st.integers(0, 100_000), st.text(min_size=1, max_size=8)).map(
            str.encode
        ),
    )
)
def test_any_gateway_answer_is_a_document_or_a_problem(body: bytes) -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=body)

    config = GatewayConfig(url="https://gateway.invalid", retries=0)
    with GatewaySource(config, transport=httpx.MockTransport(answer)) as source, bounded_memory(16):
        result = source.fetch(
            DocumentRequest(DocumentKind.CREDIT_REPORT, Subject(PERSON["id_number"], PERSON["name"]))
        )
    assert isinstance(result, (SourceDocument, FetchProblem))
    if isinstance(result, SourceDocument):
        assert result.content.holder.id_number == PERSON["id_number"]
