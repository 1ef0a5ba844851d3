"""``[server] workers``: several service processes behind one port, each storing batches exactly
once, all stopped together."""

from __future__ import annotations

import concurrent.futures
import contextlib
from pathlib import Path

import httpx
import pytest

from central.cli import main
from central.config import CentralConfigError, load_central_config
from kiosk.wire import INGEST_PATH
from tests.fleet.rig import CentralProcess, Database, child_pids, wait_until
from tests.fleet.wire_rows import batch, session_row


def _children(pid: int) -> set[int]:
    """The worker processes uvicorn spawned for the service ``pid`` (not multiprocessing's helpers)."""
    workers = set()
    for child in child_pids(pid):
        with contextlib.suppress(OSError):
            if b"spawn_main" in Path(f"/proc/{child}/cmdline").read_bytes():
                workers.add(child)
    return workers


def test_two_workers_store_every_batch_once_and_stop_together(database: Database, tmp_path: Path) -> None:
    config = tmp_path / "central.toml"
    config.write_text("[server]\nworkers = 2\n", encoding="utf-8")
    service = CentralProcess(database, log=tmp_path / "central.log", config=config)
    service.start()
    try:
        assert service.process is not None
        supervisor = service.process.pid
        wait_until(lambda: len(_children(supervisor)) == 2, timeout=30)
        workers = _children(supervisor)
        tokens = {f"W{n}": database.register(f"W{n}") for n in range(4)}

        def ship(kiosk: str) -> list[int]:
            answers = []
            with httpx.Client(headers={"Authorization": f"Bearer {tokens[kiosk]}"}, timeout=30) as client:
                for first in range(1, 101, 20):
                    rows = [session_row(seq) for seq in range(first, first + 20)]
                    reply = client.post(service.url + INGEST_PATH, content=batch(kiosk, rows))
                    assert reply.status_code == 200, reply.text
                    answers.append(reply.json()["acknowledged"])
            return answers

        with concurrent.futures.ThreadPoolExecutor(4) as pool:
            answers = list(pool.map(ship, tokens))
        assert answers == [[20, 40, 60, 80, 100]] * 4
        assert database.scalar("SELECT count(*) FROM received") == 400
        assert database.scalar("SELECT count(DISTINCT (kiosk_id, seq)) FROM received") == 400
        assert database.scalar("SELECT min(acked_seq) FROM kiosks WHERE id = ANY(%s)", list(tokens)) == 100
    finally:
        service.stop()
    assert not any(Path(f"/proc/{pid}").exists() for pid in workers), "a worker outlived the service"


def test_a_number_of_workers_below_one_is_refused_in_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "central.toml"
    config.write_text("[server]\nworkers = 0\n", encoding="utf-8")
    with pytest.raises(CentralConfigError, match=r"server\.workers"):
        load_central_config(config)
    with pytest.raises(SystemExit) as exited:
        main(["serve", "--workers", "0"])
    assert exited.value.code == 2
    assert "'0' is not a number of processes (1 or more)" in capsys.readouterr().err
