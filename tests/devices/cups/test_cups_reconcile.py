"""At start, the jobs an earlier run left on the CUPS queue: withdrawn before they can come out for
nobody, purged with their documents, and each told with what came out."""

from __future__ import annotations

import os
import subprocess
import uuid

import pytest

from devices.document_printer.base import JobState, LeftJob, PrintJob
from devices.document_printer.cups_printer import CupsDocumentPrinter

from .cupsd import Cupsd, make_pdf

pytestmark = pytest.mark.realstack


def send(cups_server: Cupsd, queue: str, title: str) -> None:
    """A job sent the way the adapter sends it (lp, the kiosk's job id as its title), whose sender
    then died."""
    env = {**os.environ, "CUPS_SERVER": cups_server.socket, "LC_ALL": "C"}
    subprocess.run(
        ["lp", "-d", queue, "-t", title, "-"], input=make_pdf(1), env=env, check=True, capture_output=True
    )


def test_a_job_left_pending_is_withdrawn_and_purged(cups_server: Cupsd) -> None:
    queue = cups_server.add_queue("stall")  # a printer that never finishes: the job stays on it
    title = str(uuid.uuid4())
    send(cups_server, queue, title)
    assert len(cups_server.unfinished_jobs(queue)) == 1

    left = CupsDocumentPrinter(queue).reconcile()

    assert left == [LeftJob(title, JobState.CANCELLED, 0, withdrawn=True)]
    assert cups_server.unfinished_jobs(queue) == []  # it cannot come out when the printer wakes
    assert cups_server.jobs(queue) == []
    assert cups_server.spooled_documents() == []


def test_a_completed_job_not_yet_released_is_told_as_completed(cups_server: Cupsd) -> None:
    queue = cups_server.add_queue("cups-pdf")
    printer = CupsDocumentPrinter(queue, job_timeout=30, poll_interval=0.05)
    job = PrintJob(str(uuid.uuid4()), make_pdf(2), pages=2)
    assert printer.print_pdf(job).state is JobState.COMPLETED
    # the kiosk dies here, before its journal says "done" (and before it releases the job)

    left = CupsDocumentPrinter(queue).reconcile()

    assert [(j.job_id, j.state, j.withdrawn) for j in left] == [(job.job_id, JobState.COMPLETED, False)]
    assert cups_server.jobs(queue) == []
    assert cups_server.spooled_documents() == []


def test_nothing_left_is_nothing_told(cups_server: Cupsd) -> None:
    queue = cups_server.add_queue("cups-pdf")
    assert CupsDocumentPrinter(queue).reconcile() == []
