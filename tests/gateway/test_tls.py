"""Auth by client certificate: a real HTTPS gateway on 127.0.0.1 that requires one."""

from __future__ import annotations

import datetime as dt
import ipaddress
import ssl
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from kiosk.config import GatewayConfig
from kiosk.documents.base import (
    DocumentKind,
    DocumentRequest,
    FetchFailure,
    FetchProblem,
    SourceDocument,
    Subject,
)
from kiosk.gateway.client import GatewaySource
from tests.gateway import replies
from tests.gateway.conftest import RunningGateway, start_gateway


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])


def _issue(
    subject: str,
    key: ec.EllipticCurvePrivateKey,
    issuer: tuple[str, ec.EllipticCurvePrivateKey] | None,
    usage: str,
) -> x509.Certificate:
    now = dt.datetime.now(dt.UTC)
    issuer_name, issuer_key = (issuer[0], issuer[1]) if issuer else (subject, key)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(_name(issuer_name))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
    )
    if usage == "ca":
        builder = builder.add_extension(
            x509.BasicConstraints(ca=True, path_length=0), critical=True
        ).add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True
        )
    else:
        builder = builder.add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        eku = ExtendedKeyUsageOID.SERVER_AUTH if usage == "server" else ExtendedKeyUsageOID.CLIENT_AUTH
        builder = builder.add_extension(x509.ExtendedKeyUsage([eku]), critical=False)
        if usage == "server":
            builder = builder.add_extension(
                x509.SubjectAlternativeName(
                    [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
                ),
                critical=False,
            )
    return builder.sign(issuer_key, hashes.SHA256())


def _write(path: Path, cert: x509.Certificate, key: ec.EllipticCurvePrivateKey | None = None) -> Path:
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    if key is not None:
        path.with_suffix(".key").write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
    return path


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pki")
    ca_key, server_key, client_key = (ec.generate_private_key(ec.SECP256R1()) for _ in range(3))
    ca = _issue("Test Gateway CA", ca_key, None, "ca")
    return {
        "ca": _write(folder / "ca.pem", ca),
        "server": _write(
            folder / "server.pem",
            _issue("localhost", server_key, ("Test Gateway CA", ca_key), "server"),
            server_key,
        ),
        "client": _write(
            folder / "client.pem",
            _issue("KSK-TEST-01", client_key, ("Test Gateway CA", ca_key), "client"),
            client_key,
        ),
    }


@pytest.fixture
def https_gateway(pki: dict[str, Path]) -> Iterator[RunningGateway]:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(pki["server"], pki["server"].with_suffix(".key"))
    context.load_verify_locations(pki["ca"])
    context.verify_mode = ssl.CERT_REQUIRED
    running, stop = start_gateway(tls=context)
    yield running
    stop()


def _fetch(gateway: RunningGateway, pki: dict[str, Path], *, with_client_cert: bool) -> object:
    config = GatewayConfig(
        url=gateway.url,
        ca_bundle=pki["ca"],
        client_cert=pki["client"] if with_client_cert else None,
        client_key=pki["client"].with_suffix(".key") if with_client_cert else None,
        timeout_seconds=2,
        retries=0,
    )
    person = replies.person(0)
    with GatewaySource(config, retry_backoff_seconds=0) as source:
        return source.fetch(
            DocumentRequest(DocumentKind.TAX_PAYMENT, Subject(person["id_number"], person["name"]))
        )


def test_a_client_certificate_gets_the_document(https_gateway: RunningGateway, pki: dict[str, Path]) -> None:
    https_gateway.script.then(lambda h: h.send_json(200, replies.reply(DocumentKind.TAX_PAYMENT, 0)))
    result = _fetch(https_gateway, pki, with_client_cert=True)
    assert isinstance(result, SourceDocument), result
    assert "Authorization" not in https_gateway.script.seen[0].headers  # no token configured


def test_without_a_client_certificate_the_gateway_is_unavailable(
    https_gateway: RunningGateway, pki: dict[str, Path]
) -> None:
    result = _fetch(https_gateway, pki, with_client_cert=False)
    assert isinstance(result, FetchProblem) and result.failure is FetchFailure.UNAVAILABLE
    assert https_gateway.script.seen == []
