"""GA/T 467 frames, SSSE records and ESC/POS status bytes: any bytes, only the expected failures."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from devices.id_reader import ssse
from devices.id_reader.base import IdentityRecord
from devices.id_reader.ga467_protocol import (
    HEADER_SIZE,
    MAX_LENGTH,
    PREAMBLE,
    BadFrame,
    FrameAssembler,
    ReplyError,
    encode_reply,
    parse_reply,
)
from devices.id_reader.ga467_text import TEXT_BLOCK_SIZE, TextBlockError, decode_text_block, parse_read_data
from devices.receipt_printer.base import ReceiptPrinterStatus
from devices.receipt_printer.escpos_printer import is_gs_r_answer, is_status_answer, status_from_answers
from tests.devices.ga467.cards import ALL_CARDS
from tests.fuzz import FUZZ, bounded_memory

# Line noise with preambles and plausible lengths in it, so the assembler's paths are all taken.
noise = st.lists(
    st.one_of(
        st.binary(max_size=64),
        st.just(PREAMBLE),
        st.builds(lambda n: PREAMBLE + n.to_bytes(2, "big"), st.integers(0, 0xFFFF)),
        st.builds(lambda card: encode_reply(0x90, card.read_data()), st.sampled_from(ALL_CARDS)),
    ),
    max_size=30,
)


@FUZZ
@given(noise, st.integers(1, 700))
def test_the_frame_assembler_takes_any_line_noise(pieces: list[bytes], chunk: int) -> None:
    with bounded_memory(8):
        line = b"".join(pieces)
        assembler = FrameAssembler()
        for start in range(0, len(line), chunk):
            assembler.feed(line[start : start + chunk])
            assert assembler.wanted() >= 1
            while (frame := assembler.next_frame()) is not None:
                assert isinstance(frame, BadFrame) or len(frame) <= MAX_LENGTH - 1
            # What it keeps never outgrows one frame in progress and the chunk just fed.
            assert len(assembler._buffer) <= HEADER_SIZE + MAX_LENGTH + chunk


@FUZZ
@given(st.binary(max_size=3000))
def test_a_reply_body_parses_or_is_a_reply_error(body: bytes) -> None:
    with bounded_memory(8):
        try:
            reply = parse_reply(body)
            read = parse_read_data(reply.data)
            decode_text_block(read.text, read.photo)
        except (ReplyError, TextBlockError):
            pass


def _spoiled(card: object, at: int, junk: bytes) -> bytes:
    block: bytes = card.text_block()  # type: ignore[attr-defined]
    return (block[:at] + junk + block[at + len(junk) :])[:TEXT_BLOCK_SIZE]


text_blocks = st.one_of(
    st.binary(min_size=TEXT_BLOCK_SIZE, max_size=TEXT_BLOCK_SIZE),
    st.builds(
        _spoiled,
        st.sampled_from(ALL_CARDS),
        st.integers(0, TEXT_BLOCK_SIZE - 1),
        st.binary(min_size=1, max_size=8),
    ),
)


@FUZZ
@given(text_blocks)
def test_a_text_block_decodes_to_a_record_or_names_its_problem(block: bytes) -> None:
    with bounded_memory(8):
        try:
            record = decode_text_block(block.ljust(TEXT_BLOCK_SIZE, b" ")[:TEXT_BLOCK_SIZE])
        except TextBlockError:
            return
        assert isinstance(record, IdentityRecord) and len(record.id_number) == 18
        assert not any(ord(c) < 0x20 or 0x202A <= ord(c) <= 0x202E for c in record.name)


answers = st.lists(
    st.tuples(
        st.binary(max_size=300),
        st.one_of(
            st.just(0x9000), st.integers(0x6100, 0x61FF), st.integers(0x6C00, 0x6CFF), st.integers(0, 0xFFFF)
        ),
    ),
    min_size=1,
    max_size=40,
)


@FUZZ
@given(answers)
def test_a_social_security_card_answering_anything_is_read_or_refused(
    script: list[tuple[bytes, int]],
) -> None:
    sent = 0

    def card(apdu: bytes) -> tuple[bytes, int]:
        nonlocal sent
        sent += 1
        return script[(sent - 1) % len(script)]

    with bounded_memory(8):
        try:
            record = ssse.read_identity(card)
        except ssse.CardAnswerError:
            record = None
        except KeyError:  # pragma: no cover - a record missing from the answer must be an answer error
            raise
    # Eight commands, each with at most one 6C retry and a bounded number of GET RESPONSEs.
    assert sent <= 8 * (2 + ssse.MAX_GET_RESPONSES)
    if record is not None:
        assert len(record.id_number) == 18


status_byte = st.one_of(st.none(), st.integers(0, 255))


@FUZZ
@given(st.integers(0, 255), st.integers(0, 255), status_byte, status_byte)
def test_any_escpos_status_bytes_map_to_one_status(
    online: int, cause: int, paper: int | None, gs_r: int | None
) -> None:
    assert isinstance(status_from_answers(online, cause, paper, gs_r), ReceiptPrinterStatus)
    assert not (is_status_answer(online) and is_gs_r_answer(online))
