"""The soak's provincial gateway: answers from the demo registry and the marker people (the contract
in docs/gateway.md), and fails on demand — slow, 5xx, or gone (connections dropped unanswered)."""

from __future__ import annotations

import contextlib
import enum
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

SLOW_SECONDS = 0.8  # past the soak's gateway timeout (0.5 s): each attempt times out


class GatewayFault(enum.Enum):
    SLOW = "gateway_slow"
    FAULT_5XX = "gateway_5xx"
    GONE = "gateway_gone"


_RECORD_KEYS = ("id_number", "account_id")


class SoakGateway:
    def __init__(self, data: dict[str, Any]) -> None:
        self._data = data
        self._people = {person["id_number"]: person for person in data["people"]}
        self._lock = threading.Lock()
        self._fault: GatewayFault | None = None
        self.requests = 0
        self._stopping = threading.Event()
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass  # request lines are the kiosk's business, not the soak's output

            def do_GET(self) -> None:
                gateway._answer(self, None)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                gateway._answer(self, json.loads(self.rfile.read(length)) if length else None)

            def handle(self) -> None:
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    super().handle()

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05})
        self._thread.daemon = True
        self._thread.start()
        host, port = self._server.server_address[:2]
        self.url = f"http://{host!s}:{port}/gw"

    def set_fault(self, fault: GatewayFault | None) -> None:
        with self._lock:
            self._fault = fault

    @property
    def fault(self) -> GatewayFault | None:
        with self._lock:
            return self._fault

    def stop(self) -> None:
        self._stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    # -- answers ------------------------------------------------------------------------
    def _answer(self, handler: BaseHTTPRequestHandler, body: Any) -> None:
        with self._lock:
            self.requests += 1
            fault = self._fault
        if fault is GatewayFault.GONE:
            handler.close_connection = True
            with contextlib.suppress(OSError):
                handler.connection.close()
            return
        if fault is GatewayFault.SLOW and self._stopping.wait(SLOW_SECONDS):
            return
        if fault is GatewayFault.FAULT_5XX:
            self._send(handler, 503, {"error": {"code": "unavailable", "message": "maintenance"}})
            return
        path = handler.path.removeprefix("/gw")
        reply: tuple[int, Any]
        if path == "/v1/health":
            reply = (200, {"status": "ok"})
        elif path == "/v1/businesses":
            reply = (200, self._businesses(body["id_number"]))
        elif path == "/v1/documents":
            reply = self._document(body["kind"], body["id_number"], body.get("credit_code"))
        else:
            reply = (404, {})
        self._send(handler, *reply)

    @staticmethod
    def _send(handler: BaseHTTPRequestHandler, status: int, payload: Any) -> None:
        data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    def _businesses(self, id_number: str) -> dict[str, Any]:
        mine = [b for b in self._data["businesses"] if b["legal_representative_id"] == id_number]
        return {
            "id_number": id_number,
            "businesses": [{"credit_code": b["credit_code"], "name": b["name"]} for b in mine],
        }

    def _mine(self, section: str, id_number: str) -> list[dict[str, Any]]:
        rows = [row for row in self._data[section] if row["id_number"] == id_number]
        return [{k: v for k, v in row.items() if k not in _RECORD_KEYS} for row in rows]

    def _document(self, kind: str, id_number: str, credit_code: str | None) -> tuple[int, Any]:
        me = self._people.get(id_number)
        if me is None:
            return 404, {}
        document: dict[str, Any]
        if kind == "business_license":
            row = next(
                (b for b in self._data["businesses"] if b["credit_code"] == credit_code),
                None,
            )
            if row is None or row["legal_representative_id"] != id_number:
                return 404, {}
            document = {k: v for k, v in row.items() if k != "legal_representative_id"}
            document["legal_representative"] = me["name"]
        elif kind == "credit_report":
            queries = sorted(
                self._mine("credit_queries", id_number), key=lambda q: q["queried_on"], reverse=True
            )
            accounts = sorted(self._mine("credit_accounts", id_number), key=lambda a: a["opened_on"])
            document = {"accounts": accounts, "queries": queries, "notes": me["credit_notes"]}
        elif kind == "social_insurance":
            document = {
                "insured_since": me["insured_since"],
                "months": self._mine("contributions", id_number),
            }
        elif kind == "tax_payment":
            document = {"payments": self._mine("tax_payments", id_number)}
        else:
            document = {"rights": self._mine("real_estate", id_number)}
        holder = {"id_number": id_number, "name": me["name"]}
        return 200, {"kind": kind, "holder": holder, "document": document}
