"""What a thief pays, and what a large registry import costs in memory (issue 17).

- The identity hash: seconds of CPU per number tried (Argon2id at the kiosk's cost), and from it
  the CPU time to try every number of one county and of one prefecture, with the numbers left
  behind each hash (2^20 values are kept). The old plain HMAC, for comparison: what recovering a
  number took when the masked number (first and last four characters) sat beside it.
- The technician's PIN: seconds per PIN tried against a stolen configuration line.
- ``kiosk registry import --check`` of a generated 200 MB file: peak RSS of the process. Set
  ``BENCH_BASELINE_TREE`` to an export of an older tree (``git archive <commit> kiosk devices |
  tar -x -C DIR``) to measure it side by side.

The candidate counts are the docs' (docs/operations.md): a county's numbers are 27,000 birth
dates (ages 16 to 90) × 1,000 sequence numbers; a prefecture's, 30 county codes of those.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from kiosk.identity import HASH_BITS, IdentityHasher, id_check_char
from kiosk.technician_pin import PinHash, hash_pin
from tests.bench import BenchReport

COUNTY = 27_000 * 1_000
PREFECTURE = 30 * COUNTY
OLD_MASKED_CANDIDATES = 216_478  # the count: numbers fitting the stored first and last four
SIX_DIGIT_PINS_LEFT = 912_786  # 6-digit PINs kiosk technician-pin accepts
CPU_YEAR = 365 * 24 * 3600
TARGET_BYTES = 200 * 1024 * 1024


def _cpu_seconds(call: object, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        call()  # type: ignore[operator]
        times.append(time.process_time() - start)
    return statistics.median(times)


def identity_hash(report: BenchReport) -> None:
    hasher = IdentityHasher(os.urandom(32))
    cost = _cpu_seconds(lambda: hasher.hash("11010519491231002X"), repeat=9)
    report.figure("identity hash, CPU per number tried", cost, "s")
    report.figure("every number of one county, with the secret", COUNTY * cost / 86400, "CPU-d")
    report.figure("every number of one prefecture, with the secret", PREFECTURE * cost / CPU_YEAR, "CPU-y")
    report.figure("numbers behind each hash, one county", COUNTY / 2**HASH_BITS, "")
    report.figure("numbers behind each hash, one prefecture", PREFECTURE / 2**HASH_BITS, "")
    secret = os.urandom(32)
    old = _cpu_seconds(
        lambda: [hmac.new(secret, b"11010519491231002X", hashlib.sha256).hexdigest() for _ in range(10_000)],
        repeat=5,
    )
    report.figure(
        "before: the old HMAC, every number fitting the stored mask",
        OLD_MASKED_CANDIDATES * old / 10_000,
        "s",
        note="the issue took 22 s, candidates made in Python",
    )


def technician_pin(report: BenchReport) -> None:
    stored = PinHash.parse(hash_pin("80402010"))
    assert stored is not None
    cost = _cpu_seconds(lambda: stored.matches("80402011"), repeat=5)
    report.figure("technician PIN, CPU per PIN tried", cost, "s")
    report.figure("every 6-digit PIN the policy accepts", SIX_DIGIT_PINS_LEFT * cost / 86400, "CPU-d")
    report.figure("every 8-digit PIN", 10**8 * cost / CPU_YEAR, "CPU-y")


def write_registry_file(path: Path, target: int = TARGET_BYTES) -> int:
    """A valid registry file of about ``target`` bytes: people, each with 24 months of contributions.

    Written as it is made (the contributions to a second file, appended at the end), so this
    process stays small: a child inherits nothing of it but the file.
    """
    written, serial = 0, 0
    born = date(1950, 1, 1)
    later = path.with_suffix(".contributions")
    with path.open("w", encoding="utf-8") as out, later.open("w", encoding="utf-8") as rest:
        out.write('{"format": "civic-kiosk-registry/1",\n"people": [\n')
        while written < target:
            birth = born + timedelta(days=serial // 1000)  # each birth date and sequence once
            sequence = serial % 1000
            body = f"110105{birth:%Y%m%d}{sequence:03d}"
            number = body + id_check_char(body)
            person = {
                "id_number": number, "name": "张伟", "sex": "男" if sequence % 2 else "女",
                "birth_date": birth.isoformat(), "nation": "汉",
                "address": "北京市东城区示例街道示例路1号院2号楼3单元401室", "insured_since": "2007-01-01",
            }  # fmt: skip
            line = ("," if serial else "") + json.dumps(person, ensure_ascii=False) + "\n"
            out.write(line)
            written += len(line.encode())
            for month in range(24):
                row = {
                    "id_number": number, "month": f"{2023 + month // 12}-{month % 12 + 1:02d}",
                    "employer": "北京示例科技有限公司", "base": "6800.00", "pension": "544.00",
                    "medical": "136.00", "unemployment": "34.00", "paid": True,
                }  # fmt: skip
                line = ("," if serial or month else "") + json.dumps(row, ensure_ascii=False) + "\n"
                rest.write(line)
                written += len(line.encode())
            serial += 1
        out.write('],\n"contributions": [\n')
    with path.open("a", encoding="utf-8") as out, later.open(encoding="utf-8") as rest:
        for line in rest:
            out.write(line)
        out.write("]}\n")
    later.unlink()
    return path.stat().st_size


# The peak RSS of the importing process itself: VmHWM is its own address space's high-water
# mark (ru_maxrss would include what it inherited from this process when it was forked).
_MEASURE = (
    "import re, sys; from kiosk.cli import main; "
    "code = main(sys.argv[1:]); "
    "print(code, re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1))"
)


def _peak_rss_mb(tree: str, data: Path, file: Path) -> tuple[int, float, float]:
    config = data / "kiosk.toml"
    config.write_text(f'data_dir = "{data}"\n', encoding="utf-8")
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, "--config", str(config), "registry", "import", "--check", str(file)],
        env={**os.environ, "PYTHONPATH": tree},
        cwd=data,  # not this tree's folder: `python -c` puts the working folder first on the path
        capture_output=True,
        text=True,
        check=False,
    )
    code, kib = done.stdout.split()[-2:]
    return int(code), int(kib) / 1024, time.monotonic() - started


def registry_import(report: BenchReport) -> None:
    here = str(Path(__file__).resolve().parents[2])
    with tempfile.TemporaryDirectory() as tmp:
        file = Path(tmp) / "registry.json"
        size = write_registry_file(file)
        for name, tree in (("now", here), ("before", os.environ.get("BENCH_BASELINE_TREE", ""))):
            if not tree:
                continue
            data = Path(tmp) / name
            data.mkdir()
            code, peak, seconds = _peak_rss_mb(tree, data, file)
            note = f"{size / 2**20:.0f} MB file, exit {code}, {seconds:.0f} s"
            budget = 300.0 if name == "now" else None
            report.figure(f"registry import --check, peak RSS ({name})", peak, "MB", budget=budget, note=note)


def run(report: BenchReport) -> None:
    identity_hash(report)
    technician_pin(report)
    registry_import(report)
