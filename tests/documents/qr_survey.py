"""How often each decoder reads the document QR over many random payloads (the matrix test reads fixed ones).

    python -m tests.documents.qr_survey --count 40

Renders ``count`` documents (the kinds in turn, each with a fresh number and key), draws each
first page as the matrix test does, and prints, per render and decoder, how many it read —
decoding the whole page, and the way ``kiosk verify --pdf`` reads. docs/verification.md quotes it.
"""

from __future__ import annotations

import argparse
import tempfile
from collections import Counter
from pathlib import Path

from kiosk.documents.base import DocumentKind
from kiosk.documents.qr_reading import QrDecoder, decode, read_qr
from kiosk.documents.render import PdfRenderer
from kiosk.documents.signing import KeyStore
from tests.documents import samples
from tests.qr import Rasteriser, print_and_scan, rasterise

RENDERS = {"150dpi": 150, "200dpi": 200, "300dpi": 300, "scanned-300dpi": 300}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=40)
    count = parser.parse_args().count
    work = Path(tempfile.mkdtemp())
    kinds = list(DocumentKind)
    whole: Counter[tuple[str, str, str]] = Counter()
    as_verify: Counter[tuple[str, str, str]] = Counter()
    for index in range(count):
        renderer = PdfRenderer(KeyStore.in_data_dir(work / f"keys{index}"))
        kind = kinds[index % len(kinds)]
        document = renderer.render(samples.source(kind), samples.issue(kind))
        for rasteriser in Rasteriser:
            for render, dpi in RENDERS.items():
                image = rasterise(document.pdf, dpi, rasteriser, work)
                if render.startswith("scanned"):
                    image = print_and_scan(image, dpi, seed=index)
                for decoder in QrDecoder:
                    key = (rasteriser.value, render, decoder.value)
                    whole[key] += decode(image, decoder) == document.verification
                    as_verify[key] += read_qr(image, [decoder]) == document.verification
    print(f"{'rasteriser':10} {'render':15} {'decoder':13} {'whole page':>10} {'as verify':>10}  of {count}")
    for key in sorted(whole):
        print(f"{key[0]:10} {key[1]:15} {key[2]:13} {whole[key]:>10} {as_verify[key]:>10}")


if __name__ == "__main__":
    main()
