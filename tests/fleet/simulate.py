"""A kiosk process recording visits through the kiosk's own Records (its outbox rows with them):
``python -m tests.fleet.simulate --config KIOSK.toml --sessions N``.

Each visit writes what a journey writes the centre needs: the session's audit start and finish,
a print job queued, printing and done, the outcome, and every third visit a rating (a poor one
with its reasons); every tenth a help request, and the receipt printer's paper now and then."""

from __future__ import annotations

import argparse
import hashlib
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path

from kiosk.audit import AuditEvent
from kiosk.config import load_config
from kiosk.storage.db import make_engine
from kiosk.storage.migrate import upgrade
from kiosk.storage.records import PrintJobState, Records
from kiosk.wire import RatingReason

SERVICES = ("credit_report", "tax_payment", "social_insurance", "business_license")
ROWS_PER_VISIT = 6.5
"""Outbox rows a visit writes on average (the bench sizes its volumes with it)."""


def visit(records: Records, index: int, at: datetime) -> None:
    sid = str(uuid.uuid4())
    service = SERVICES[index % len(SERVICES)]
    records.start_session(sid, service, at, elderly=index % 7 == 0, language="zh_CN")
    # a keyed hash, as the kiosk makes it; one in five visitors comes back
    holder = hashlib.sha256(f"holder-{index % (max(index, 1) // 5 + 1)}".encode()).hexdigest()
    records.identify_session(sid, card_type="resident_id", masked_id="6301**********123X", id_hash=holder)
    start = records.begin(AuditEvent.SESSION, at, session_id=sid)
    job = records.queue_print_job(sid, service, f"N{index}", 2, 1, at)
    records.set_print_job_state(job.id, PrintJobState.PRINTING, at + timedelta(seconds=30))
    records.set_print_job_state(job.id, PrintJobState.DONE, at + timedelta(seconds=50))
    end = at + timedelta(seconds=60)
    records.end_session(sid, end, "completed", fault_device=None, elderly=False, language="zh_CN")
    records.finish(start, AuditEvent.SESSION, end, "completed", session_id=sid)
    if index % 3 == 0:
        level = 5 if index % 2 else 2
        reasons = [RatingReason.TOO_SLOW] if level < 3 else []
        records.rate(sid, level, end, reasons)
    if index % 10 == 0:
        records.event(AuditEvent.HELP_REQUESTED, end, session_id=sid, detail={"state": "preview"})
    if index % 25 == 0:
        records.device_status("receipt_printer", "paper_near_end" if index % 50 else "ready", end)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", type=Path, required=True)
    parser.add_argument("--sessions", type=int, required=True)
    parser.add_argument("--start", type=datetime.fromisoformat, required=True)
    parser.add_argument("--step-minutes", type=float, default=7.0)
    args = parser.parse_args()
    config = load_config(args.config)
    engine = make_engine(config.database_url())
    upgrade(engine)
    records = Records(engine)
    for index in range(args.sessions):
        visit(records, index, args.start + timedelta(minutes=args.step_minutes * index))
        time.sleep(0.005)  # visits are minutes apart at a kiosk: leave the shipper a moment to write
    engine.dispose()


if __name__ == "__main__":
    main()
