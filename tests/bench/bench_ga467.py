"""GA/T 467 read over a pty paced like a 115200-baud wire.

Budget (DESIGN.md): a full find + select + read takes at most 1.2 × the wire
time of the bytes exchanged. The emulated reader answers at once, so
everything above the wire time is the adapter's own overhead (syscalls,
reassembly, decoding) plus the pty.
"""

from __future__ import annotations

import statistics
import time

from devices.id_reader.base import IdentityRecord
from devices.id_reader.ga467 import Ga467Reader
from devices.id_reader.ga467_protocol import FrameAssembler, encode_reply, parse_reply
from devices.id_reader.ga467_text import decode_text_block, parse_read_data
from tests.bench import BenchReport, timings_ms
from tests.devices.ga467.cards import LI_YAN
from tests.devices.ga467.sam_emulator import SamEmulator

BAUD = 115200
BITS_PER_BYTE = 10  # 8N1: start bit, 8 data bits, stop bit
READS = 7


def run(report: BenchReport) -> None:
    with SamEmulator(baud=BAUD) as sam:
        reader = Ga467Reader(sam.path, BAUD)
        try:
            sam.insert(LI_YAN)
            if not isinstance(reader.read(5.0), IdentityRecord):  # warm-up: opens the port
                raise RuntimeError("the emulated reader did not give a card")
            elapsed: list[float] = []
            wire: list[float] = []
            for _ in range(READS):
                sam.insert(LI_YAN)  # a read card must be placed again before find sees it
                bytes_before = sam.bytes_in + sam.bytes_out
                start = time.perf_counter()
                result = reader.read(5.0)
                elapsed.append((time.perf_counter() - start) * 1000)
                if not isinstance(result, IdentityRecord):
                    raise RuntimeError(f"a read failed: {result.detail}")
                exchanged = sam.bytes_in + sam.bytes_out - bytes_before
                wire.append(exchanged * BITS_PER_BYTE / BAUD * 1000)
        finally:
            reader.close()
    wire_ms = statistics.median(wire)
    report.figure(
        f"find + select + read, {BAUD} baud (median of {READS})",
        statistics.median(elapsed),
        "ms",
        budget=1.2 * wire_ms,
        baseline=wire_ms,
        baseline_name=f"wire time of {round(wire_ms * BAUD / BITS_PER_BYTE / 1000)} bytes",
    )

    frame = encode_reply(0x90, LI_YAN.read_data())

    def decode() -> None:
        assembler = FrameAssembler()
        for offset in range(0, len(frame), 64):
            assembler.feed(frame[offset : offset + 64])
        body = assembler.next_frame()
        assert isinstance(body, bytes)
        data = parse_read_data(parse_reply(body).data)
        decode_text_block(data.text, data.photo)

    report.figure(
        "reassemble + decode one read reply (1295 bytes, CPU only)",
        statistics.median(timings_ms(decode, repeat=200)),
        "ms",
    )
