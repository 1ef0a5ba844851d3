"""PC/SC social security card reads on a real pcscd with the vpcd virtual reader.

DESIGN.md sets no budget for this reader; the figures are compared with a bare
pyscard script sending the same APDUs to the same card, so what stands above
the baseline is the adapter's own cost (fresh context per read, decoding).
Presence figures are dominated by pcscd polling the vpcd driver (about every
0.4 s); a CCID reader reports insertion and removal by interrupt.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from devices.id_reader.base import IdentityRecord, ReaderStatus
from devices.id_reader.pcsc import PcscReader
from devices.id_reader.ssse import EF05, EF05_TAGS, EF06, EF06_TAGS, SELECT_SSSE, read_record, select_file
from tests.bench import BenchReport, timings_ms
from tests.devices.pcsc.conftest import PcscStack, running_pcscd
from tests.devices.pcsc.virtual_card import VirtualCard

READS = 10


def run(report: BenchReport) -> None:
    with running_pcscd(Path(tempfile.mkdtemp(prefix="bench-pcsc-"))) as stack:
        if isinstance(stack, str):
            print(f"  skipped: {stack}")
            return
        _measure(report, stack)


def _measure(report: BenchReport, stack: PcscStack) -> None:
    card = VirtualCard(stack.port)
    reader = PcscReader()
    try:
        card.insert()
        if not isinstance(reader.read(5.0), IdentityRecord):
            raise RuntimeError("the virtual card was not read")
        adapter = timings_ms(lambda: reader.read(5.0), repeat=READS)
        bare = timings_ms(lambda: _bare_pyscard(stack.readers[0]), repeat=READS)
        report.figure(
            f"read a present card, 11 APDUs (median of {READS})",
            statistics.median(adapter),
            "ms",
            baseline=statistics.median(bare),
            baseline_name="bare pyscard, same APDUs",
        )
        report.figure("card removal sensed (median of 3)", statistics.median(_presence(card, reader)), "ms")
        start = time.perf_counter()
        card.remove()
        stack.restart()
        card.insert()
        while reader.status() is not ReaderStatus.READY:
            time.sleep(0.01)
        report.figure(
            "pcscd restart until the card is seen again",
            (time.perf_counter() - start) * 1000,
            "ms",
            note="includes pcscd's own start",
        )
    finally:
        reader.close()
        card.remove()


def _presence(card: VirtualCard, reader: PcscReader) -> list[float]:
    out = []
    for _ in range(3):
        if not card.inserted:
            card.insert()
        while not reader.card_present():
            time.sleep(0.005)
        start = time.perf_counter()
        card.remove()
        while reader.card_present():
            time.sleep(0.005)
        out.append((time.perf_counter() - start) * 1000)
    return out


def _bare_pyscard(name: str) -> None:
    from smartcard.System import readers

    reader = next(r for r in readers() if str(r) == name)
    connection = reader.createConnection()
    connection.connect()
    try:
        for apdu in [SELECT_SSSE, select_file(EF05), *map(read_record, EF05_TAGS)]:
            connection.transmit(list(apdu))
        for apdu in [select_file(EF06), *map(read_record, EF06_TAGS)]:
            connection.transmit(list(apdu))
    finally:
        connection.disconnect()
        connection.release()
