"""Gateway answers built from the demo registry, so both sources can be compared on the same facts."""

from __future__ import annotations

import json
from typing import Any

from kiosk.documents.base import DocumentKind
from kiosk.registry.demo import DEMO_FILE

DEMO: dict[str, Any] = json.loads(DEMO_FILE.read_text(encoding="utf-8"))

_RECORD_KEYS = ("id_number", "account_id")


# The order the local registry lists records in, so the two sources can be compared row by row.
_ORDER = {
    "credit_accounts": ("opened_on", "account_id"),
    "real_estate": ("registered_on", "certificate_number"),
}


def _mine(section: str, id_number: str) -> list[dict[str, Any]]:
    rows = [row for row in DEMO[section] if row["id_number"] == id_number]
    if section in _ORDER:
        rows.sort(key=lambda row: tuple(row[k] for k in _ORDER[section]))
    return [{k: v for k, v in row.items() if k not in _RECORD_KEYS} for row in rows]


def person(index: int) -> dict[str, Any]:
    row: dict[str, Any] = DEMO["people"][index]
    return row


def document(kind: DocumentKind, index: int, credit_code: str | None = None) -> dict[str, Any]:
    """The ``document`` object of a reply, as the contract in docs/gateway.md defines it."""
    me = person(index)
    number = me["id_number"]
    if kind is DocumentKind.CREDIT_REPORT:
        return {
            "accounts": _mine("credit_accounts", number),
            "queries": sorted(_mine("credit_queries", number), key=lambda q: q["queried_on"], reverse=True),
            "notes": me["credit_notes"],
        }
    if kind is DocumentKind.BUSINESS_LICENSE:
        row = next(b for b in DEMO["businesses"] if b["credit_code"] == credit_code)
        out = {k: v for k, v in row.items() if k != "legal_representative_id"}
        out["legal_representative"] = me["name"]
        return out
    if kind is DocumentKind.SOCIAL_INSURANCE:
        return {"insured_since": me["insured_since"], "months": _mine("contributions", number)}
    if kind is DocumentKind.TAX_PAYMENT:
        return {"payments": _mine("tax_payments", number)}
    return {"rights": _mine("real_estate", number)}


def reply(kind: DocumentKind, index: int, credit_code: str | None = None) -> dict[str, Any]:
    me = person(index)
    return {
        "kind": kind.value,
        "holder": {"id_number": me["id_number"], "name": me["name"]},
        "document": document(kind, index, credit_code),
    }


def businesses_of(index: int) -> list[dict[str, str]]:
    number = person(index)["id_number"]
    return [
        {"credit_code": b["credit_code"], "name": b["name"]}
        for b in DEMO["businesses"]
        if b["legal_representative_id"] == number
    ]
