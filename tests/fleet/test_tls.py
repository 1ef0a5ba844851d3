"""Client certificates: the central service over TLS, each kiosk known by the certificate the
hall's CA gave it (with or without a token), and refused with another's."""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import ssl
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from central import registry
from central.local import LocalPostgres
from central.tls import fingerprint
from kiosk.wire import INGEST_PATH
from tests.fleet.rig import CentralProcess, Database, KioskBox, fresh_database, received
from tests.fleet.wire_rows import batch, session_row

pytestmark = pytest.mark.realstack


def _issue(folder: Path, name: str, issuer: tuple[x509.Certificate, ec.EllipticCurvePrivateKey] | None,
           *, server: bool = False) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:  # fmt: skip
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer[0].subject if issuer else subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=issuer is None, path_length=None), critical=True)
    )
    if server:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False
        )
    certificate = builder.sign(issuer[1] if issuer else key, hashes.SHA256())
    (folder / f"{name}.pem").write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    (folder / f"{name}.key").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return certificate, key


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pki")
    ca = _issue(folder, "hall-ca", None)
    _issue(folder, "central", ca, server=True)
    for name in ("K1", "K2", "K3", "stranger"):
        _issue(folder, name, ca)
    return folder


@pytest.fixture(scope="module", params=[1, 2], ids=["one worker", "two workers"])
def workers(request: pytest.FixtureRequest) -> int:
    """The service over TLS as one process, and as two workers each reading the certificates."""
    return int(request.param)


@pytest.fixture(scope="module")
def tls_database(postgres: LocalPostgres, workers: int) -> Iterator[Database]:
    yield from fresh_database(postgres)


@pytest.fixture(scope="module")
def tls_central(
    tls_database: Database, pki: Path, tmp_path_factory: pytest.TempPathFactory, workers: int
) -> Iterator[CentralProcess]:
    database, tmp_path = tls_database, tmp_path_factory.mktemp("central")
    config = tmp_path / "central.toml"
    config.write_text(
        f'database_url = "{database.url}"\n\n[server]\ntls_cert = "{pki / "central.pem"}"\n'
        f'tls_key = "{pki / "central.key"}"\nclient_ca = "{pki / "hall-ca.pem"}"\nworkers = {workers}\n',
        encoding="utf-8",
    )
    service = CentralProcess(database, log=tmp_path / "central.log", config=config, scheme="https")
    service.start()
    yield service
    service.stop()


def _der_sha256(pem: Path) -> bytes:
    return fingerprint(
        x509.load_pem_x509_certificate(pem.read_bytes()).public_bytes(serialization.Encoding.DER)
    )


def _client(pki: Path, name: str | None, token: str | None = None) -> httpx.Client:
    context = ssl.create_default_context(cafile=str(pki / "hall-ca.pem"))
    if name:
        context.load_cert_chain(str(pki / f"{name}.pem"), str(pki / f"{name}.key"))
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.Client(verify=context, headers=headers, timeout=30)


def test_a_kiosk_ships_with_its_certificate_alone(
    tls_central: CentralProcess, tls_database: Database, pki: Path, tmp_path: Path
) -> None:
    database = tls_database
    with database.connect() as connection:
        registry.add_hall(connection, "H1", "hall")
        registry.add_kiosk(connection, "K3", "H1", "K3", cert_sha256=_der_sha256(pki / "K3.pem"))
    box = KioskBox(tmp_path / "K3", "K3", "", tls_central.url)
    box.config.write_text(
        box.config.read_text(encoding="utf-8").replace('token = ""\n', "")
        + f'client_cert = "{pki / "K3.pem"}"\nclient_key = "{pki / "K3.key"}"\n'
        + f'ca_bundle = "{pki / "hall-ca.pem"}"\n',
        encoding="utf-8",
    )
    box.simulate(3)
    assert box.kiosk("sync").returncode == 0
    assert received(database, "K3") == box.outbox()
    assert json.loads(box.kiosk("sync", "status", "--json").stdout)["backlog"] == 0


def test_another_kiosks_certificate_or_a_stranger_is_refused(
    tls_central: CentralProcess, tls_database: Database, pki: Path
) -> None:
    database = tls_database
    with database.connect() as connection:
        registry.add_hall(connection, "H1", "hall")
        k1 = registry.add_kiosk(connection, "K1", "H1", "K1", cert_sha256=_der_sha256(pki / "K1.pem"))
        registry.add_kiosk(connection, "K2", "H1", "K2", cert_sha256=_der_sha256(pki / "K2.pem"))
    url = tls_central.url + INGEST_PATH
    body = batch("K1", [session_row(1)])
    with _client(pki, "K2") as client:  # K2's certificate, writing as K1
        reply = client.post(url, content=body)
        assert reply.status_code == 403 and reply.json()["error"] == "not_yours"
    with _client(pki, "K2", k1) as client:  # K1's token with K2's certificate
        assert client.post(url, content=body).json()["error"] == "not_yours"
    with _client(pki, "stranger") as client:  # signed by the hall's CA, but no kiosk's
        assert client.post(url, content=body).status_code == 401
    with _client(pki, None, k1) as client, pytest.raises(httpx.HTTPError):
        client.post(url, content=body)  # no certificate at all: the handshake itself is refused
    assert database.scalar("SELECT count(*) FROM received WHERE kiosk_id = 'K1'") == 0
    with _client(pki, "K1", k1) as client:
        assert client.post(url, content=body).json()["acknowledged"] == 1
