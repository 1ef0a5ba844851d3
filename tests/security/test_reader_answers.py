"""Answers from card readers and the gateway: bounded, and nothing hidden in a name gets through."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from devices.id_reader import ssse
from devices.id_reader.ga467_text import TextBlockError, decode_text_block
from kiosk.config import GatewayConfig
from kiosk.documents.base import DocumentKind, DocumentRequest, FetchFailure, FetchProblem, Subject
from kiosk.gateway.client import GatewaySource, Say
from tests.devices.ga467.cards import LI_YAN
from tests.devices.ga467.sam_emulator import TestCard
from tests.devices.pcsc.test_ssse import transmit_to
from tests.devices.pcsc.virtual_card import VirtualCard
from tests.gateway import replies


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": "李\u202e䶮"}, "name"),
        ({"name": "李\x1b䶮"}, "name"),
        ({"address": "北京市\n朝阳区"}, "address"),
        ({"issuer": "北京市\u200b公安局"}, "issuing authority"),
        ({"id_number": "11010519900307123\u202e"}, "ID number"),
        ({"id_number": "1101051990030712AB"}, "ID number"),
    ],
)
def test_a_card_field_with_hidden_characters_is_a_card_error(change: dict[str, str], field: str) -> None:
    card = TestCard(**{**LI_YAN.__dict__, **change})
    with pytest.raises(TextBlockError) as caught:
        decode_text_block(card.text_block())
    assert field in str(caught.value) and "李" not in str(caught.value)


def test_a_social_security_card_that_always_has_more_is_refused() -> None:
    sent: list[bytes] = []

    def endless(apdu: bytes) -> tuple[bytes, int]:
        sent.append(apdu)
        return b"\x00" * 8, 0x6108  # before: GET RESPONSE forever, the answer growing without end

    with pytest.raises(ssse.CardAnswerError, match="more data waits"):
        ssse.exchange(endless, ssse.read_record(0x09))
    assert len(sent) <= ssse.MAX_GET_RESPONSES + 1


def test_a_social_security_answer_longer_than_any_record_is_refused() -> None:
    with pytest.raises(ssse.CardAnswerError, match="longer than 512 bytes"):
        ssse.exchange(lambda apdu: (b"\x09" * 4096, 0x9000), ssse.read_record(0x09))


@pytest.mark.parametrize(
    ("field", "value"),
    [(0x09, "王\u202e䶮".encode("gb18030")), (0x09, b"\xcd\xf5\x07"), (0x08, b"11010519491231002")],
)
def test_a_social_security_field_out_of_shape_is_an_answer_error(field: int, value: bytes) -> None:
    card = VirtualCard(0)
    card.records[0xEF06][field] = value
    with pytest.raises(ssse.CardAnswerError):
        ssse.read_identity(transmit_to(card))


def _gateway(body: bytes) -> GatewaySource:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=body, headers={"content-type": "application/json"})

    config = GatewayConfig(url="https://gateway.invalid", retries=0)
    return GatewaySource(config, transport=httpx.MockTransport(answer), retry_backoff_seconds=0)


def _request() -> DocumentRequest:
    person = replies.person(0)
    return DocumentRequest(DocumentKind.CREDIT_REPORT, Subject(person["id_number"], person["name"]))


def test_a_gateway_answer_naming_its_holder_twice_is_refused() -> None:
    """Before: the last of two "id_number" keys won, so the checked one need not be the one used."""
    reply: dict[str, Any] = replies.reply(DocumentKind.CREDIT_REPORT, 0)
    text = json.dumps(reply, ensure_ascii=False)
    other = replies.person(4)["id_number"]
    text = text.replace(
        '"holder": {', f'"holder": {{"name": "{replies.person(4)["name"]}", "id_number": "{other}", ', 1
    )
    with _gateway(text.encode()) as source:
        answer = source.fetch(_request())
    assert answer == FetchProblem(FetchFailure.INVALID, Say.MALFORMED)


def test_a_gateway_name_with_a_bidi_override_is_refused() -> None:
    reply: dict[str, Any] = replies.reply(DocumentKind.CREDIT_REPORT, 0)
    reply["document"]["accounts"][0]["institution"] = "中国\u202e银行"
    with _gateway(json.dumps(reply).encode()) as source:
        answer = source.fetch(_request())
    assert answer == FetchProblem(FetchFailure.INVALID, Say.MALFORMED)


def test_a_gateway_answer_nested_deeply_is_refused_plainly() -> None:
    with _gateway(b'{"kind": ' + b"[" * 50_000 + b"]" * 50_000 + b"}") as source:
        answer = source.fetch(_request())
    assert answer == FetchProblem(FetchFailure.INVALID, Say.MALFORMED)
