"""The provincial data-exchange gateway as a document source (contract: ``docs/gateway.md``).

Every answer is checked before anything is shown: it must be about the person
who asked (otherwise :attr:`~kiosk.documents.base.FetchFailure.WRONG_PERSON`),
no larger than ``max_reply_bytes`` (cut off while streaming), and valid against
the same content models the registry import uses (:mod:`kiosk.registry.schema`).

Slow answers, refused connections and 5xx are retried ``config.retries`` times;
4xx are not. A circuit breaker counts calls that failed that way (after their
retries) and, once open, answers "unavailable" at once without touching the
network, so :meth:`GatewaySource.health` can tell the home screen before a
citizen starts. The log holds status codes and failure kinds only, never an ID
number, a name or a reply body.
"""

from __future__ import annotations

import enum
import logging
import ssl
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

import httpx
from pydantic import Field, ValidationError

from kiosk.config import GatewayConfig
from kiosk.documents.base import (
    BusinessChoice,
    DocumentKind,
    DocumentRequest,
    FetchFailure,
    FetchProblem,
    SourceDocument,
    SourceHealth,
    Subject,
)
from kiosk.documents.content import DocumentContent
from kiosk.gateway.breaker import BreakerState, CircuitBreaker
from kiosk.registry.schema import (
    BusinessLicenseDocumentFields,
    CreditCode,
    CreditReportFields,
    Fields,
    HolderFields,
    IdNumber,
    RealEstateFields,
    SocialInsuranceFields,
    TaxRecordFields,
    Text200,
    loads,
)

log = logging.getLogger(__name__)

USER_AGENT = "civic-kiosk/1"
DEFAULT_MAX_REPLY_BYTES = 1_000_000


class Say:
    """What the kiosk says about the gateway: plain sentences, no names, no numbers."""

    OPEN = "The provincial data gateway is not answering at the moment; the kiosk will try again shortly."
    SETUP = "The kiosk's gateway certificate or key cannot be loaded."
    TIMEOUT = "The provincial data gateway did not answer in time."
    UNREACHABLE = "The provincial data gateway cannot be reached."
    FAULT = "The provincial data gateway reported a fault."
    CREDENTIALS = "The provincial data gateway refused the kiosk's credentials."
    BUSY = "The provincial data gateway is too busy to answer."
    NOT_FOUND = "The provincial data gateway has no such record for this person."
    REFUSED = "The provincial data gateway did not accept the request."
    MALFORMED = "The provincial data gateway's answer could not be read."
    TOO_LARGE = "The provincial data gateway's answer was too large and was discarded."
    WRONG_PERSON = "The provincial data gateway answered about someone else; the answer was discarded."
    NO_BUSINESS_NAMED = "No business was named for the license."


class _Outcome(enum.Enum):
    OK = "ok"
    RETRY = "retry"  # worth another attempt; counts against the breaker if it is the last
    DOWN = "down"  # not worth retrying, but the gateway is unusable: counts against the breaker
    FINAL = "final"  # the gateway answered; nothing to retry, nothing wrong with the gateway


@dataclass(frozen=True, slots=True)
class _Attempt:
    outcome: _Outcome
    payload: Any = None
    problem: FetchProblem | None = None


# -- the contract's replies ----------------------------------------------------

_CONTENT_MODELS: dict[DocumentKind, type[Fields]] = {
    DocumentKind.CREDIT_REPORT: CreditReportFields,
    DocumentKind.BUSINESS_LICENSE: BusinessLicenseDocumentFields,
    DocumentKind.SOCIAL_INSURANCE: SocialInsuranceFields,
    DocumentKind.TAX_PAYMENT: TaxRecordFields,
    DocumentKind.REAL_ESTATE: RealEstateFields,
}


_WHOLE_DOCUMENTS = (CreditReportFields, SocialInsuranceFields, TaxRecordFields, RealEstateFields)


class DocumentReply(Fields):
    kind: Literal["credit_report", "business_license", "social_insurance", "tax_payment", "real_estate"]
    holder: HolderFields
    document: dict[str, Any]


class BusinessEntry(Fields):
    credit_code: CreditCode
    name: Text200


class BusinessesReply(Fields):
    id_number: IdNumber
    businesses: list[BusinessEntry] = Field(max_length=200)


def _about(payload: Any, *path: str) -> str | None:
    node = payload
    for key in path:
        if not isinstance(node, dict):
            return None
        node = node.get(key)
    return node.upper() if isinstance(node, str) else None


def _tls_context(config: GatewayConfig) -> ssl.SSLContext:
    context = ssl.create_default_context(cafile=str(config.ca_bundle) if config.ca_bundle else None)
    if config.client_cert is not None:
        key = str(config.client_key) if config.client_key is not None else None
        context.load_cert_chain(str(config.client_cert), keyfile=key)
    return context


class GatewaySource:
    """A :class:`~kiosk.documents.base.DocumentSource` over HTTP (httpx, blocking).

    ``clock`` drives the circuit breaker only (tests pass a fake one);
    ``transport`` is for tests that need an httpx transport of their own.
    """

    def __init__(
        self,
        config: GatewayConfig,
        clock: Callable[[], float] = time.monotonic,
        *,
        failure_threshold: int = 3,
        reset_seconds: float = 30.0,
        max_reply_bytes: int = DEFAULT_MAX_REPLY_BYTES,
        retry_backoff_seconds: float = 0.5,
        sleep: Callable[[float], None] = time.sleep,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self._config = config
        self._base = config.url.rstrip("/")
        self._breaker = CircuitBreaker(
            failure_threshold=failure_threshold, reset_seconds=reset_seconds, clock=clock
        )
        self._max_reply_bytes = max_reply_bytes
        self._backoff = retry_backoff_seconds
        self._sleep = sleep
        self._setup_problem: str | None = None
        headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
        if config.token:
            headers["Authorization"] = f"Bearer {config.token}"
        verify: ssl.SSLContext | bool = True
        try:
            verify = _tls_context(config)
        except (OSError, ssl.SSLError) as exc:
            # A deployment problem, not a bug: the services show as unavailable with the reason.
            log.error("gateway TLS setup failed: %s", type(exc).__name__)
            self._setup_problem = Say.SETUP
        self._client = httpx.Client(
            headers=headers,
            timeout=httpx.Timeout(config.timeout_seconds),
            verify=verify,
            follow_redirects=False,
            trust_env=False,  # talk to the configured gateway directly, whatever the environment says
            transport=transport,
        )

    def __repr__(self) -> str:
        return f"GatewaySource(state={self._breaker.state().value})"

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> GatewaySource:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- DocumentSource --------------------------------------------------------

    @property
    def name(self) -> str:
        return "gateway"

    @property
    def breaker(self) -> CircuitBreaker:
        return self._breaker

    def health(self) -> SourceHealth:
        if self._setup_problem:
            return SourceHealth(False, self._setup_problem)
        if self._breaker.state() is BreakerState.OPEN:
            return SourceHealth(False, Say.OPEN)
        return SourceHealth(True)

    def probe(self) -> SourceHealth:
        """Ask the gateway's health endpoint (I/O: call it off the GUI thread, e.g. every minute).

        It goes through the breaker like any call, so when the circuit is
        half-open the trial is this probe rather than a citizen's request.
        """
        answer = self._exchange("GET", "/v1/health", None)
        if isinstance(answer, FetchProblem):
            return SourceHealth(False, answer.detail)
        return self.health()

    def businesses(self, subject: Subject) -> list[BusinessChoice] | FetchProblem:
        id_number = subject.id_number.upper()
        answer = self._exchange("POST", "/v1/businesses", {"id_number": id_number})
        if isinstance(answer, FetchProblem):
            return answer
        if _about(answer, "id_number") not in (None, id_number):
            log.warning("gateway answered about another person; answer discarded")
            return FetchProblem(FetchFailure.WRONG_PERSON, Say.WRONG_PERSON)
        try:
            reply = BusinessesReply.model_validate(answer)
        except ValidationError as exc:
            return self._malformed(exc)
        if reply.id_number != id_number:
            return FetchProblem(FetchFailure.WRONG_PERSON, Say.WRONG_PERSON)
        return [BusinessChoice(credit_code=b.credit_code, name=b.name) for b in reply.businesses]

    def fetch(self, request: DocumentRequest) -> SourceDocument | FetchProblem:
        id_number = request.subject.id_number.upper()
        if request.kind is DocumentKind.BUSINESS_LICENSE and not request.credit_code:
            return FetchProblem(FetchFailure.NOT_FOUND, Say.NO_BUSINESS_NAMED)
        credit_code = request.credit_code.upper() if request.credit_code else None
        body = {"kind": request.kind.value, "id_number": id_number, "credit_code": credit_code}
        answer = self._exchange("POST", "/v1/documents", body)
        if isinstance(answer, FetchProblem):
            return answer
        # Whom it is about is checked first: someone else's document is refused even if it is also malformed.
        if _about(answer, "holder", "id_number") not in (None, id_number):
            log.warning("gateway answered about another person; answer discarded")
            return FetchProblem(FetchFailure.WRONG_PERSON, Say.WRONG_PERSON)
        try:
            reply = DocumentReply.model_validate(answer)
            if reply.kind != request.kind.value:
                log.warning("gateway answered with another kind of document")
                return FetchProblem(FetchFailure.INVALID, Say.MALFORMED)
            holder = reply.holder.to_content()
            fields = _CONTENT_MODELS[request.kind].model_validate(reply.document)
        except ValidationError as exc:
            return self._malformed(exc)
        if holder.id_number != id_number:
            return FetchProblem(FetchFailure.WRONG_PERSON, Say.WRONG_PERSON)
        content: DocumentContent
        if isinstance(fields, BusinessLicenseDocumentFields):
            if fields.credit_code != credit_code:
                log.warning("gateway answered with another business's license; answer discarded")
                return FetchProblem(FetchFailure.WRONG_PERSON, Say.WRONG_PERSON)
            content = fields.to_license(holder)
        else:
            assert isinstance(fields, _WHOLE_DOCUMENTS)
            content = fields.to_content(holder)
        return SourceDocument(kind=request.kind, content=content, source=self.name)

    def reference_photo(self, subject: Subject) -> bytes | None:
        # Contract v1 has no photo endpoint: the face check uses the card's photo.
        return None

    # -- the exchange ------------------------------------------------------------

    @staticmethod
    def _malformed(exc: ValidationError) -> FetchProblem:
        where = sorted({".".join(str(p) for p in e["loc"]) for e in exc.errors(include_input=False)})[:5]
        log.warning("gateway answer failed validation at %s", ", ".join(where))
        return FetchProblem(FetchFailure.INVALID, Say.MALFORMED)

    def _exchange(self, method: str, path: str, body: dict[str, Any] | None) -> Any | FetchProblem:
        if self._setup_problem:
            return FetchProblem(FetchFailure.UNAVAILABLE, self._setup_problem)
        if not self._breaker.allow():
            return FetchProblem(FetchFailure.UNAVAILABLE, Say.OPEN)
        attempt = _Attempt(_Outcome.DOWN, problem=FetchProblem(FetchFailure.UNAVAILABLE, Say.UNREACHABLE))
        try:
            for number in range(self._config.retries + 1):
                if number:
                    self._sleep(self._backoff * number)
                attempt = self._once(method, path, body)
                if attempt.outcome is not _Outcome.RETRY:
                    break
        finally:
            # Always report back: in half-open, this call was the trial.
            if attempt.outcome in (_Outcome.RETRY, _Outcome.DOWN):
                self._breaker.record_failure()
            else:
                self._breaker.record_success()
        if attempt.outcome is _Outcome.OK:
            return attempt.payload
        assert attempt.problem is not None
        return attempt.problem

    def _once(self, method: str, path: str, body: dict[str, Any] | None) -> _Attempt:
        deadline = time.monotonic() + self._config.timeout_seconds
        request_id = str(uuid.uuid4())
        try:
            with self._client.stream(
                method, self._base + path, json=body, headers={"X-Request-Id": request_id}
            ) as response:
                status = response.status_code
                if status != httpx.codes.OK:
                    return self._status_problem(status, request_id)
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > self._max_reply_bytes:
                    log.warning("gateway answer declared too large (%s bytes) [%s]", declared, request_id)
                    return _Attempt(_Outcome.FINAL, problem=FetchProblem(FetchFailure.INVALID, Say.TOO_LARGE))
                received = bytearray()
                for chunk in response.iter_bytes():
                    received += chunk
                    if len(received) > self._max_reply_bytes:
                        limit = self._max_reply_bytes
                        log.warning("gateway answer over %d bytes, cut off [%s]", limit, request_id)
                        return _Attempt(
                            _Outcome.FINAL, problem=FetchProblem(FetchFailure.INVALID, Say.TOO_LARGE)
                        )
                    if time.monotonic() > deadline:
                        log.warning("gateway answer too slow, abandoned [%s]", request_id)
                        return _Attempt(
                            _Outcome.RETRY, problem=FetchProblem(FetchFailure.UNAVAILABLE, Say.TIMEOUT)
                        )
        except httpx.TimeoutException as exc:
            log.warning("gateway %s [%s]", type(exc).__name__, request_id)
            return _Attempt(_Outcome.RETRY, problem=FetchProblem(FetchFailure.UNAVAILABLE, Say.TIMEOUT))
        except httpx.TransportError as exc:
            log.warning("gateway %s [%s]", type(exc).__name__, request_id)
            return _Attempt(_Outcome.RETRY, problem=FetchProblem(FetchFailure.UNAVAILABLE, Say.UNREACHABLE))
        try:
            payload = loads(bytes(received).decode("utf-8"))
        except (ValueError, RecursionError):  # JSONDecodeError and UnicodeDecodeError are ValueErrors
            log.warning("gateway answer is not JSON [%s]", request_id)
            return _Attempt(_Outcome.FINAL, problem=FetchProblem(FetchFailure.INVALID, Say.MALFORMED))
        if not isinstance(payload, dict):
            log.warning("gateway answer is not a JSON object [%s]", request_id)
            return _Attempt(_Outcome.FINAL, problem=FetchProblem(FetchFailure.INVALID, Say.MALFORMED))
        return _Attempt(_Outcome.OK, payload=payload)

    @staticmethod
    def _status_problem(status: int, request_id: str) -> _Attempt:
        log.warning("gateway answered HTTP %d [%s]", status, request_id)
        if status == httpx.codes.NOT_FOUND:
            return _Attempt(_Outcome.FINAL, problem=FetchProblem(FetchFailure.NOT_FOUND, Say.NOT_FOUND))
        if status in (httpx.codes.UNAUTHORIZED, httpx.codes.FORBIDDEN):
            return _Attempt(_Outcome.DOWN, problem=FetchProblem(FetchFailure.UNAVAILABLE, Say.CREDENTIALS))
        if status == httpx.codes.TOO_MANY_REQUESTS:
            return _Attempt(_Outcome.FINAL, problem=FetchProblem(FetchFailure.UNAVAILABLE, Say.BUSY))
        if status >= httpx.codes.INTERNAL_SERVER_ERROR:
            return _Attempt(_Outcome.RETRY, problem=FetchProblem(FetchFailure.UNAVAILABLE, Say.FAULT))
        # Any other answer (3xx: redirects are not followed; other 4xx): the kiosk's request was refused.
        return _Attempt(_Outcome.FINAL, problem=FetchProblem(FetchFailure.INVALID, Say.REFUSED))
