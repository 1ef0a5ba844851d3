"""Client certificates: which certificate a kiosk's connection showed, handed to the app.

uvicorn checks the certificate against ``[server] client_ca`` during the TLS handshake but does not
pass it on to the application. This protocol (uvicorn's own h11 protocol, given to it as ``http=``)
reads the peer certificate once per connection and puts its SHA-256 fingerprint (of the DER bytes)
in the connection's ASGI ``state``, which uvicorn copies into each request's scope: the ingest
endpoint reads it as ``request.state`` and matches it against the kiosk registry.
"""

from __future__ import annotations

import asyncio
import hashlib

from uvicorn.protocols.http.h11_impl import H11Protocol

CLIENT_CERT_SHA256 = "client_cert_sha256"


def fingerprint(der: bytes) -> bytes:
    return hashlib.sha256(der).digest()


class CertificateAwareH11Protocol(H11Protocol):
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        ssl_object = transport.get_extra_info("ssl_object")
        der = ssl_object.getpeercert(binary_form=True) if ssl_object is not None else None
        # a dict of this connection's own: the server's state is shared by every connection
        self.app_state = {**self.app_state, CLIENT_CERT_SHA256: fingerprint(der) if der else None}
