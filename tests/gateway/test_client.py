"""GatewaySource against a real HTTP server on 127.0.0.1 (see conftest.py)."""

from __future__ import annotations

import copy
import logging
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from kiosk.config import GatewayConfig
from kiosk.documents.base import (
    BusinessChoice,
    DocumentKind,
    DocumentRequest,
    DocumentSource,
    FetchFailure,
    FetchProblem,
    SourceDocument,
    Subject,
)
from kiosk.gateway.breaker import BreakerState
from kiosk.gateway.client import GatewaySource, Say
from kiosk.registry.demo import load_demo
from kiosk.registry.source import RegistrySource
from kiosk.storage.db import make_engine, make_sessionmaker
from kiosk.storage.migrate import upgrade
from tests.gateway import replies
from tests.gateway.conftest import FakeClock, GatewayHandler, RunningGateway

ZHANG, ZHAO = 0, 4
TIMEOUT = 0.4


def subject(index: int) -> Subject:
    row = replies.person(index)
    return Subject(row["id_number"], row["name"])


def request(kind: DocumentKind, index: int = ZHANG, credit_code: str | None = None) -> DocumentRequest:
    return DocumentRequest(kind, subject(index), credit_code)


def answer(status: int, payload: Any) -> Any:
    return lambda h: h.send_json(status, payload)


def ok(payload: Any) -> Any:
    return answer(200, payload)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def make_source(gateway: RunningGateway, clock: FakeClock) -> Iterator[Any]:
    made: list[GatewaySource] = []

    def make(**options: Any) -> GatewaySource:
        config = GatewayConfig(
            url=options.pop("url", gateway.url),
            token=options.pop("token", "s3cret-token"),
            timeout_seconds=options.pop("timeout_seconds", TIMEOUT),
            retries=options.pop("retries", 2),
            client_cert=options.pop("client_cert", None),
            client_key=options.pop("client_key", None),
            ca_bundle=options.pop("ca_bundle", None),
        )
        options.setdefault("retry_backoff_seconds", 0.0)
        source = GatewaySource(config, clock, **options)
        made.append(source)
        return source

    yield make
    for source in made:
        source.close()


@pytest.fixture
def source(make_source: Any) -> GatewaySource:
    made: GatewaySource = make_source()
    return made


def problem(result: object, failure: FetchFailure) -> FetchProblem:
    assert isinstance(result, FetchProblem), result
    assert result.failure is failure, result
    return result


# -- good answers ---------------------------------------------------------------


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RegistrySource]:
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('gw') / 'kiosk.db'}")
    upgrade(engine)
    sessions: sessionmaker[Session] = make_sessionmaker(engine)
    assert load_demo(sessions) is not None
    yield RegistrySource(sessions)
    engine.dispose()


KINDS = [
    (DocumentKind.CREDIT_REPORT, ZHANG),
    (DocumentKind.SOCIAL_INSURANCE, ZHANG),
    (DocumentKind.TAX_PAYMENT, ZHANG),
    (DocumentKind.REAL_ESTATE, ZHAO),
    (DocumentKind.BUSINESS_LICENSE, ZHAO),
]


@pytest.mark.parametrize(("kind", "index"), KINDS, ids=[k.value for k, _ in KINDS])
def test_each_kind_gives_the_same_content_as_the_registry(
    gateway: RunningGateway, source: GatewaySource, registry: RegistrySource, kind: DocumentKind, index: int
) -> None:
    code = replies.businesses_of(index)[1]["credit_code"] if kind is DocumentKind.BUSINESS_LICENSE else None
    gateway.script.then(ok(replies.reply(kind, index, code)))
    got = source.fetch(request(kind, index, code))
    assert isinstance(got, SourceDocument), got
    assert got.kind is kind and got.source == "gateway"
    local = registry.fetch(request(kind, index, code))
    assert isinstance(local, SourceDocument)
    assert got.content == local.content


def test_the_request_carries_the_token_and_no_personal_data_in_the_url(
    gateway: RunningGateway, source: GatewaySource
) -> None:
    gateway.script.then(ok(replies.reply(DocumentKind.TAX_PAYMENT, ZHANG)))
    assert isinstance(source.fetch(request(DocumentKind.TAX_PAYMENT)), SourceDocument)
    [seen] = gateway.script.seen
    assert (seen.method, seen.path) == ("POST", "/gw/v1/documents")
    assert seen.headers["Authorization"] == "Bearer s3cret-token"
    assert seen.headers["X-Request-Id"]
    assert seen.body == {"kind": "tax_payment", "id_number": subject(ZHANG).id_number, "credit_code": None}


def test_businesses(gateway: RunningGateway, source: GatewaySource) -> None:
    listed = replies.businesses_of(ZHAO)
    gateway.script.then(ok({"id_number": subject(ZHAO).id_number, "businesses": listed}))
    got = source.businesses(subject(ZHAO))
    assert got == [BusinessChoice(b["credit_code"], b["name"]) for b in listed]
    assert gateway.script.seen[0].path == "/gw/v1/businesses"
    assert gateway.script.seen[0].body == {"id_number": subject(ZHAO).id_number}


def test_it_is_a_document_source(source: GatewaySource) -> None:
    assert isinstance(source, DocumentSource)
    assert source.name == "gateway"
    assert source.reference_photo(subject(ZHANG)) is None


# -- someone else's document ----------------------------------------------------


def test_a_reply_about_someone_else_is_refused(
    gateway: RunningGateway, source: GatewaySource, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    gateway.script.then(ok(replies.reply(DocumentKind.CREDIT_REPORT, ZHAO)))
    result = source.fetch(request(DocumentKind.CREDIT_REPORT, ZHANG))
    assert problem(result, FetchFailure.WRONG_PERSON).detail == Say.WRONG_PERSON
    for secret in (subject(ZHANG).id_number, subject(ZHAO).id_number, "张伟", "赵建国"):
        assert secret not in caplog.text


def test_someone_elses_document_is_refused_even_when_it_is_also_malformed(
    gateway: RunningGateway, source: GatewaySource
) -> None:
    other = replies.reply(DocumentKind.TAX_PAYMENT, ZHAO)
    other["document"] = {"payments": "nonsense"}
    gateway.script.then(ok(other))
    problem(source.fetch(request(DocumentKind.TAX_PAYMENT, ZHANG)), FetchFailure.WRONG_PERSON)


def test_another_business_s_license_is_refused(gateway: RunningGateway, source: GatewaySource) -> None:
    first, second = (b["credit_code"] for b in replies.businesses_of(ZHAO)[:2])
    gateway.script.then(ok(replies.reply(DocumentKind.BUSINESS_LICENSE, ZHAO, second)))
    problem(source.fetch(request(DocumentKind.BUSINESS_LICENSE, ZHAO, first)), FetchFailure.WRONG_PERSON)


def test_a_license_needs_a_business_and_asks_nobody_without_one(
    gateway: RunningGateway, source: GatewaySource
) -> None:
    result = problem(source.fetch(request(DocumentKind.BUSINESS_LICENSE, ZHAO)), FetchFailure.NOT_FOUND)
    assert result.detail == Say.NO_BUSINESS_NAMED
    assert gateway.script.seen == []


def test_details_are_plain_sentences_without_numbers() -> None:
    sentences = [v for k, v in vars(Say).items() if k.isupper()]
    assert sentences and all(s.endswith(".") and not any(c.isdigit() for c in s) for s in sentences)


def test_a_business_list_about_someone_else_is_refused(
    gateway: RunningGateway, source: GatewaySource
) -> None:
    gateway.script.then(ok({"id_number": subject(ZHANG).id_number, "businesses": []}))
    problem(source.businesses(subject(ZHAO)), FetchFailure.WRONG_PERSON)


# -- malformed and oversized answers -------------------------------------------


def _with(kind: DocumentKind, change: Any) -> dict[str, Any]:
    reply = copy.deepcopy(replies.reply(kind, ZHANG))
    change(reply)
    return reply


MALFORMED = {
    "not json": lambda h: h.send_bytes(200, b'{"kind": "credit_report", "holder": '),
    "not utf-8": lambda h: h.send_bytes(200, b'{"kind": "\xff"}'),
    "a list": ok([1, 2, 3]),
    "html": lambda h: h.send_bytes(200, b"<html>maintenance</html>", "text/html"),
    "missing holder": ok(_with(DocumentKind.CREDIT_REPORT, lambda r: r.pop("holder"))),
    "three decimals": ok(
        _with(DocumentKind.CREDIT_REPORT, lambda r: r["document"]["accounts"][0].update(balance="1.001"))
    ),
    "bad repayment code": ok(
        _with(
            DocumentKind.CREDIT_REPORT,
            lambda r: r["document"]["accounts"][0]["repayment"][0].update(code="?"),
        )
    ),
    "unknown field": ok(_with(DocumentKind.CREDIT_REPORT, lambda r: r["document"].update(score=700))),
    "another kind": ok(_with(DocumentKind.CREDIT_REPORT, lambda r: r.update(kind="tax_payment"))),
    "not a real date": ok(
        _with(
            DocumentKind.CREDIT_REPORT, lambda r: r["document"]["queries"][0].update(queried_on="2026-02-30")
        )
    ),
}


@pytest.mark.parametrize("action", list(MALFORMED.values()), ids=list(MALFORMED))
def test_a_malformed_answer_is_invalid_and_not_retried(
    gateway: RunningGateway, source: GatewaySource, action: Any
) -> None:
    gateway.script.then(action)
    result = problem(source.fetch(request(DocumentKind.CREDIT_REPORT)), FetchFailure.INVALID)
    assert result.detail == Say.MALFORMED
    assert len(gateway.script.seen) == 1
    assert source.breaker.state() is BreakerState.CLOSED


def test_an_answer_declared_too_large_is_refused_unread(gateway: RunningGateway, make_source: Any) -> None:
    source = make_source(max_reply_bytes=10_000)
    big = replies.reply(DocumentKind.TAX_PAYMENT, ZHANG)
    big["document"]["padding"] = "x" * 20_000
    gateway.script.then(ok(big))
    result = problem(source.fetch(request(DocumentKind.TAX_PAYMENT)), FetchFailure.INVALID)
    assert result.detail == Say.TOO_LARGE


def test_an_endless_answer_is_cut_off_while_streaming(gateway: RunningGateway, make_source: Any) -> None:
    source = make_source(max_reply_bytes=64_000, timeout_seconds=5.0)
    endless = (b'{"pad": "' + b"x" * 16_000 for _ in range(100_000))  # ~1.6 GB if it were all read
    gateway.script.then(lambda h: h.send_chunked(200, endless))
    result = problem(source.fetch(request(DocumentKind.TAX_PAYMENT)), FetchFailure.INVALID)
    assert result.detail == Say.TOO_LARGE
    assert len(gateway.script.seen) == 1
    gateway.script.stopping.set()
    gateway.server.shutdown()
    gateway.server.server_close()  # joins the handler: it only ends because the client hung up
    assert gateway.script.aborted == ["/gw/v1/documents"]


# -- slow, failing and missing gateways ---------------------------------------


def slow(h: GatewayHandler) -> None:
    h.server.script.stopping.wait(TIMEOUT * 5)


def test_a_slow_gateway_is_retried_then_unavailable(gateway: RunningGateway, source: GatewaySource) -> None:
    gateway.script.default = slow
    result = problem(source.fetch(request(DocumentKind.CREDIT_REPORT)), FetchFailure.UNAVAILABLE)
    assert result.detail == Say.TIMEOUT
    assert len(gateway.script.seen) == 3  # the first try and two retries


def test_a_trickling_answer_is_abandoned_at_the_deadline(gateway: RunningGateway, make_source: Any) -> None:
    source = make_source(retries=0)
    trickle = [b'{"kind": "tax_payment", '] + [b" "] * 50
    gateway.script.then(lambda h: h.send_chunked(200, trickle, pause=TIMEOUT / 4))
    result = problem(source.fetch(request(DocumentKind.TAX_PAYMENT)), FetchFailure.UNAVAILABLE)
    assert result.detail == Say.TIMEOUT


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_server_errors_are_retried_a_bounded_number_of_times(
    gateway: RunningGateway, source: GatewaySource, status: int
) -> None:
    gateway.script.default = answer(status, {"error": {"code": "internal", "message": "boom"}})
    result = problem(source.fetch(request(DocumentKind.CREDIT_REPORT)), FetchFailure.UNAVAILABLE)
    assert result.detail == Say.FAULT
    assert len(gateway.script.seen) == 3


def test_a_retry_that_succeeds_gives_the_document(gateway: RunningGateway, source: GatewaySource) -> None:
    gateway.script.then(answer(503, {}), slow, ok(replies.reply(DocumentKind.TAX_PAYMENT, ZHANG)))
    assert isinstance(source.fetch(request(DocumentKind.TAX_PAYMENT)), SourceDocument)
    assert len(gateway.script.seen) == 3


@pytest.mark.parametrize(
    ("status", "failure", "detail"),
    [
        (404, FetchFailure.NOT_FOUND, Say.NOT_FOUND),
        (400, FetchFailure.INVALID, Say.REFUSED),
        (422, FetchFailure.INVALID, Say.REFUSED),
        (401, FetchFailure.UNAVAILABLE, Say.CREDENTIALS),
        (403, FetchFailure.UNAVAILABLE, Say.CREDENTIALS),
        (429, FetchFailure.UNAVAILABLE, Say.BUSY),
        (302, FetchFailure.INVALID, Say.REFUSED),
    ],
)
def test_client_errors_are_not_retried(
    gateway: RunningGateway, source: GatewaySource, status: int, failure: FetchFailure, detail: str
) -> None:
    gateway.script.default = answer(status, {"error": {"code": "x", "message": "y"}})
    assert problem(source.fetch(request(DocumentKind.CREDIT_REPORT)), failure).detail == detail
    assert len(gateway.script.seen) == 1


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def test_nobody_listening_is_unavailable(make_source: Any) -> None:
    source = make_source(url=f"http://127.0.0.1:{_free_port()}/gw")
    result = problem(source.fetch(request(DocumentKind.CREDIT_REPORT)), FetchFailure.UNAVAILABLE)
    assert result.detail == Say.UNREACHABLE


# -- the circuit breaker ---------------------------------------------------------


def test_the_breaker_opens_then_half_opens_with_the_clock(
    gateway: RunningGateway, make_source: Any, clock: FakeClock
) -> None:
    source = make_source(failure_threshold=2, reset_seconds=60, retries=1)
    gateway.script.default = answer(503, {})
    assert source.health().available
    problem(source.fetch(request(DocumentKind.CREDIT_REPORT)), FetchFailure.UNAVAILABLE)
    assert source.health().available  # one failed call is not an outage
    problem(source.fetch(request(DocumentKind.CREDIT_REPORT)), FetchFailure.UNAVAILABLE)
    assert len(gateway.script.seen) == 4

    health = source.health()
    assert not health.available and health.reason == Say.OPEN
    # While open: answered at once, without a request reaching the gateway.
    assert (
        problem(source.fetch(request(DocumentKind.TAX_PAYMENT)), FetchFailure.UNAVAILABLE).detail == Say.OPEN
    )
    assert problem(source.businesses(subject(ZHAO)), FetchFailure.UNAVAILABLE).detail == Say.OPEN
    assert len(gateway.script.seen) == 4

    clock.advance(59)
    assert not source.health().available
    clock.advance(1)
    assert source.health().available and source.breaker.state() is BreakerState.HALF_OPEN
    # A failed trial opens it again for a full period.
    problem(source.fetch(request(DocumentKind.CREDIT_REPORT)), FetchFailure.UNAVAILABLE)
    assert len(gateway.script.seen) == 6
    assert not source.health().available

    clock.advance(60)
    gateway.script.default = ok(replies.reply(DocumentKind.TAX_PAYMENT, ZHANG))
    assert isinstance(source.fetch(request(DocumentKind.TAX_PAYMENT)), SourceDocument)
    assert source.breaker.state() is BreakerState.CLOSED


def test_health_never_touches_the_network(gateway: RunningGateway, source: GatewaySource) -> None:
    for _ in range(5):
        assert source.health().available
    assert gateway.script.seen == []


def test_a_probe_is_the_half_open_trial(gateway: RunningGateway, make_source: Any, clock: FakeClock) -> None:
    source = make_source(failure_threshold=1, reset_seconds=30, retries=0)
    gateway.script.then(answer(500, {}))
    problem(source.fetch(request(DocumentKind.CREDIT_REPORT)), FetchFailure.UNAVAILABLE)
    assert not source.probe().available  # still open: the probe does not reach the gateway either
    assert len(gateway.script.seen) == 1
    clock.advance(30)
    gateway.script.then(ok({"status": "ok"}))
    assert source.probe().available
    assert (gateway.script.seen[-1].method, gateway.script.seen[-1].path) == ("GET", "/gw/v1/health")
    assert source.breaker.state() is BreakerState.CLOSED


def test_not_found_and_malformed_answers_do_not_open_the_breaker(
    gateway: RunningGateway, make_source: Any
) -> None:
    source = make_source(failure_threshold=1)
    gateway.script.then(answer(404, {}), lambda h: h.send_bytes(200, b"nope"))
    problem(source.fetch(request(DocumentKind.CREDIT_REPORT)), FetchFailure.NOT_FOUND)
    problem(source.fetch(request(DocumentKind.CREDIT_REPORT)), FetchFailure.INVALID)
    assert source.health().available


def test_refused_credentials_open_the_breaker(gateway: RunningGateway, make_source: Any) -> None:
    source = make_source(failure_threshold=1)
    gateway.script.then(answer(401, {}))
    problem(source.fetch(request(DocumentKind.CREDIT_REPORT)), FetchFailure.UNAVAILABLE)
    assert not source.health().available


# -- setup problems ---------------------------------------------------------------


def test_an_unreadable_client_certificate_makes_the_gateway_unavailable_not_a_crash(
    make_source: Any, tmp_path: Path, gateway: RunningGateway
) -> None:
    source = make_source(client_cert=tmp_path / "missing.pem", client_key=tmp_path / "missing.key")
    health = source.health()
    assert not health.available and health.reason == Say.SETUP
    problem(source.fetch(request(DocumentKind.CREDIT_REPORT)), FetchFailure.UNAVAILABLE)
    assert gateway.script.seen == []
