"""Run every bench module (or the ones named): ``python -m tests.bench [NAME ...]``."""

from __future__ import annotations

import importlib
import pkgutil
import sys
import traceback

from tests.bench import BenchReport


def main(names: list[str]) -> int:
    import tests.bench as package

    modules = sorted(m.name for m in pkgutil.iter_modules(package.__path__) if m.name.startswith("bench_"))
    if names:
        modules = [m for m in modules if m.removeprefix("bench_") in names or m in names]
    report = BenchReport()
    failed = []
    for name in modules:
        report.section = name.removeprefix("bench_")
        print(f"\n== {report.section} ==", flush=True)
        try:
            importlib.import_module(f"tests.bench.{name}").run(report)
        except Exception:  # noqa: BLE001 - one broken bench must not hide the others' figures
            traceback.print_exc()
            failed.append(name)
    over = [f for f in report.figures if f.within_budget is False]
    print(
        f"\n{len(report.figures)} figures, {len(over)} over budget"
        + (f", {len(failed)} benches failed" if failed else "")
    )
    for figure in over:
        print(f"  OVER: [{figure.section}] {figure.name}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
