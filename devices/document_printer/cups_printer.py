"""The A4 document printer: one CUPS queue, driven with CUPS's own command-line tools.

Jobs go in with ``lp`` (the PDF on its standard input, so the kiosk never writes a
citizen's document to a file of its own) and are followed with ``ipptool``, which
asks cupsd over IPP for exactly what ``lpstat`` cannot tell apart: whether a
finished job *completed*, was *cancelled* or was *aborted*, how many sheets are
done, and the printer's state reasons (``media-empty``, ``paused`` …). ``ipptool``
answers as an XML plist, read with :mod:`plistlib`. When a job is given up it is
purged (IPP Cancel-Job with purge-job): a job still queued is withdrawn, and CUPS's
spool copy of the document is deleted at once instead of a day later. A job that
completed is purged when the kiosk releases it, once its journal says "done": a
crash in between leaves CUPS the one witness that the pages came out, and
:meth:`CupsDocumentPrinter.reconcile` asks it at the next start (IPP Get-Jobs).
pycups was the other choice; it needs a C build against libcups in the venv,
where the command-line tools come with every CUPS install.

Every tool honours ``CUPS_SERVER`` (and client.conf); ``lpstat -H`` says which
server that is, so ``ipptool`` talks to the same cupsd.
"""

from __future__ import annotations

import logging
import os
import plistlib
import re
import shutil
import subprocess
import time
import urllib.parse
from dataclasses import dataclass, field
from typing import Any
from xml.parsers.expat import ExpatError

from devices.document_printer.base import (
    DocumentPrinterStatus,
    JobState,
    LeftJob,
    PageProgress,
    PrintJob,
    PrintResult,
)

log = logging.getLogger(__name__)

TOOLS = ("lp", "lpstat", "ipptool")

# How long one CUPS tool may take before cupsd counts as not answering. A healthy
# cupsd answers in milliseconds; the submission carries the whole PDF.
TOOL_TIMEOUT = 10.0
SUBMIT_TIMEOUT = 30.0
# How often a running job is looked at: often enough that the progress bar moves
# with the printer, seldom enough that polling costs nothing (one ipptool run, ~10 ms).
POLL_INTERVAL = 0.25

# IPP enums (RFC 8011 §5.4.7 job-state, §5.4.11 printer-state).
_JOB_PENDING, _JOB_HELD, _JOB_PROCESSING, _JOB_STOPPED = 3, 4, 5, 6
_JOB_ACTIVE = (_JOB_PENDING, _JOB_HELD, _JOB_PROCESSING, _JOB_STOPPED)
_JOB_CANCELED, _JOB_ABORTED, _JOB_COMPLETED = 7, 8, 9
_PRINTER_STOPPED = 5

_REQUEST_ID = re.compile(r"request id is (?P<queue>\S+)-(?P<id>\d+)")

_PRINTER_QUERY = """{
OPERATION get-printer-attributes
GROUP operation
ATTR charset attributes-charset utf-8
ATTR language attributes-natural-language en
ATTR uri printer-uri $uri
ATTR keyword requested-attributes printer-state,printer-state-reasons,printer-is-accepting-jobs
}
"""

_JOB_QUERY = """{
OPERATION get-job-attributes
GROUP operation
ATTR charset attributes-charset utf-8
ATTR language attributes-natural-language en
ATTR uri printer-uri $uri
ATTR integer job-id $job_id
ATTR keyword requested-attributes job-state,job-state-reasons,job-media-sheets-completed
}
"""


_JOB_PURGE = """{
OPERATION cancel-job
GROUP operation
ATTR charset attributes-charset utf-8
ATTR language attributes-natural-language en
ATTR uri printer-uri $uri
ATTR integer job-id $job_id
ATTR name requesting-user-name $user
ATTR boolean purge-job true
}
"""


# Every job on the queue, finished ones too (CUPS keeps their history); job-name is private to the
# job's owner, so the request names the user (ipptool's $user: the kiosk's, who sent them).
_JOBS_QUERY = """{
OPERATION get-jobs
GROUP operation
ATTR charset attributes-charset utf-8
ATTR language attributes-natural-language en
ATTR uri printer-uri $uri
ATTR name requesting-user-name $user
ATTR keyword which-jobs all
ATTR boolean my-jobs false
ATTR keyword requested-attributes job-id,job-name,job-state,job-media-sheets-completed
}
"""


class CupsToolsMissingError(RuntimeError):
    """The CUPS command-line tools are not installed (packages cups-client, cups-ipp-utils)."""


@dataclass(frozen=True, slots=True)
class _IppAnswer:
    status_code: str  # "successful-ok", "client-error-not-found" …
    attributes: dict[str, Any] = field(default_factory=dict)
    groups: list[dict[str, Any]] = field(default_factory=list)  # one per job, for Get-Jobs

    @property
    def ok(self) -> bool:
        return self.status_code.startswith("successful")

    def keywords(self, name: str) -> list[str]:
        value = self.attributes.get(name, [])
        return [str(v) for v in value] if isinstance(value, list) else [str(value)]


@dataclass(frozen=True, slots=True)
class _PrinterState:
    status: DocumentPrinterStatus
    detail: str


class CupsDocumentPrinter:
    """One CUPS queue. Blocking; always used through a DeviceWorker."""

    def __init__(
        self, queue: str, *, job_timeout: float = 120.0, poll_interval: float = POLL_INTERVAL
    ) -> None:
        missing = [tool for tool in TOOLS if shutil.which(tool) is None]
        if missing:
            raise CupsToolsMissingError(
                f"the CUPS tools {', '.join(missing)} are not installed "
                "(packages cups-client and cups-ipp-utils)"
            )
        if not queue or "/" in queue or any(c.isspace() for c in queue):
            raise ValueError(f"'{queue}' is not a CUPS queue name")
        self.queue = queue
        self.job_timeout = job_timeout
        self.poll_interval = poll_interval
        # The tools' messages are read by this adapter: keep them in English.
        self._env = {**os.environ, "LC_ALL": "C", "LANG": "C"}
        self._completed: dict[str, int] = {}  # the kiosk's job id -> CUPS job id, until released

    @property
    def description(self) -> str:
        return f"A4 printer on CUPS queue {self.queue}"

    def status(self) -> DocumentPrinterStatus:
        return self._printer_state().status

    def print_pdf(self, job: PrintJob, progress: PageProgress | None = None) -> PrintResult:
        before = self._printer_state()
        if not before.status.can_print:
            return PrintResult(JobState.NOT_STARTED, before.status, 0, before.detail)
        sheets = job.pages * job.copies
        job_id, problem = self._submit(job)
        if job_id is None:
            return PrintResult(JobState.NOT_STARTED, self._printer_state().status, 0, problem)
        log.info("A4 job %s went to %s as CUPS job %d (%d sheets)", job.job_id, self.queue, job_id, sheets)
        if progress is not None:
            progress(0, sheets)
        result = self._follow(job_id, sheets, progress)
        if result.state is JobState.COMPLETED:
            self._completed[job.job_id] = job_id  # purged on release(), once the journal has it
        return result

    def release(self, job_id: str) -> None:
        cups_id = self._completed.pop(job_id, None)
        if cups_id is not None:
            self._purge(cups_id)

    def reconcile(self) -> list[LeftJob]:
        """Every job on the queue — the queue is the kiosk's own: one left unfinished by a crash is
        cancelled before it can come out for nobody, and every one is purged with its document."""
        self._completed.clear()
        answers = self._ipp([_JOBS_QUERY], attribute_groups=True)
        if not answers or not answers[0].ok:
            raise RuntimeError(f"CUPS did not list the jobs on {self.queue}")
        left = []
        for job in answers[0].groups:
            cups_id, state = _integer(job.get("job-id")), _integer(job.get("job-state"))
            if cups_id is None or state is None:
                continue  # the operation's own attributes
            sheets = _integer(job.get("job-media-sheets-completed"))
            name = str(job.get("job-name", ""))
            self._purge(cups_id)
            if state in _JOB_ACTIVE:
                log.warning("CUPS job %d on %s was left by an earlier run: withdrawn", cups_id, self.queue)
                left.append(LeftJob(name, JobState.CANCELLED, sheets, withdrawn=True))
            elif state == _JOB_COMPLETED:
                left.append(LeftJob(name, JobState.COMPLETED, sheets))
            else:
                ended = JobState.CANCELLED if state == _JOB_CANCELED else JobState.FAILED
                left.append(LeftJob(name, ended, sheets))
        # A job purged while active is only cancelled, its document deleted; purged again once it
        # has stopped, it leaves the history too.
        for job in answers[0].groups:
            if _integer(job.get("job-state")) in _JOB_ACTIVE and (cups_id := _integer(job.get("job-id"))):
                self._purge(cups_id)
        return left

    def close(self) -> None:
        # print_pdf follows every job to its end before it returns: nothing is left running.
        pass

    # -- the job ----------------------------------------------------------------------------------

    def _submit(self, job: PrintJob) -> tuple[int | None, str]:
        # Collated: each copy whole, page 1 to the last, before the next. The journal counts the
        # sheets that came out in that order, and a reprint prints the rest by it.
        command = ["lp", "-d", self.queue, "-t", job.job_id, "-n", str(job.copies), "-o", "collate=true", "-"]
        done = self._run(command, job.pdf, SUBMIT_TIMEOUT)
        if done is None:
            return None, f"CUPS did not take the job within {SUBMIT_TIMEOUT:.0f} s."
        match = _REQUEST_ID.search(done.stdout.decode(errors="replace"))
        if done.returncode != 0 or match is None:
            reason = _first_line(done.stderr.decode(errors="replace")) or "lp gave no request id"
            log.warning("CUPS refused A4 job %s on %s: %s", job.job_id, self.queue, reason)
            return None, f"CUPS refused the job ({reason})."
        return int(match.group("id")), ""

    def _follow(self, job_id: int, sheets: int, progress: PageProgress | None) -> PrintResult:
        deadline = time.monotonic() + self.job_timeout
        done_sheets = 0
        printer: _PrinterState | None = None
        while True:
            answers = self._ipp([_PRINTER_QUERY, _JOB_QUERY], {"job_id": str(job_id)})
            if answers is not None and len(answers) == 2 and answers[1].ok:
                printer = self._interpret_printer(answers[0])
                job = answers[1]
                reported = _integer(job.attributes.get("job-media-sheets-completed"))
                if reported is not None and min(reported, sheets) > done_sheets:
                    done_sheets = min(reported, sheets)
                    # The last sheet is reported once, when CUPS says the job completed.
                    if progress is not None and done_sheets < sheets:
                        progress(done_sheets, sheets)
                result = self._outcome(job_id, job, printer, done_sheets, sheets)
                if result is not None:
                    if result.state is not JobState.COMPLETED:
                        self._purge(job_id)  # withdraws a job still queued; deletes its document
                    elif progress is not None:
                        progress(sheets, sheets)
                    return result
            if time.monotonic() >= deadline:
                self._purge(job_id)
                log.warning("CUPS job %d on %s timed out after %.0f s", job_id, self.queue, self.job_timeout)
                status = printer.status if printer is not None else DocumentPrinterStatus.OFFLINE
                detail = f"The job did not finish within {self.job_timeout:.0f} s and was withdrawn."
                return PrintResult(JobState.FAILED, status, done_sheets, detail)
            time.sleep(self.poll_interval)

    def _outcome(
        self, job_id: int, job: _IppAnswer, printer: _PrinterState, done_sheets: int, sheets: int
    ) -> PrintResult | None:
        """How the job ended, or None while it is still on its way."""
        state = _integer(job.attributes.get("job-state"))
        reasons = ", ".join(job.keywords("job-state-reasons"))
        if state == _JOB_COMPLETED:
            log.info("CUPS job %d on %s completed", job_id, self.queue)
            return PrintResult(JobState.COMPLETED, printer.status, sheets)
        if state == _JOB_CANCELED:
            log.warning("CUPS job %d on %s was cancelled (%s)", job_id, self.queue, reasons)
            detail = "The job was cancelled at the printer."
            return PrintResult(JobState.CANCELLED, printer.status, done_sheets, detail)
        if state == _JOB_ABORTED:
            log.warning("CUPS job %d on %s was aborted (%s)", job_id, self.queue, reasons)
            detail = "The printer gave up on the job."
            return PrintResult(JobState.FAILED, printer.status, done_sheets, detail)
        if printer.status is not DocumentPrinterStatus.READY:
            # Nobody is there to fix the printer: the job is withdrawn (purged by the caller),
            # so that it cannot come out later for the next person at the kiosk to pick up.
            log.warning("CUPS job %d on %s withdrawn: %s", job_id, self.queue, printer.detail)
            detail = f"{printer.detail} The job was withdrawn."
            return PrintResult(JobState.FAILED, printer.status, done_sheets, detail)
        return None

    def _purge(self, job_id: int) -> None:
        """Cancel the job if it still runs, and delete it with its copy of the document.

        CUPS keeps a finished job's document in its spool for a day by default
        (PreserveJobFiles 86400): a citizen's document must not stay behind.
        """
        answers = self._ipp([_JOB_PURGE], {"job_id": str(job_id)})
        if not answers or not answers[0].ok:
            code = answers[0].status_code if answers else "no answer"
            log.warning("CUPS did not purge job %d on %s (%s)", job_id, self.queue, code)

    # -- the printer ------------------------------------------------------------------------------

    def _printer_state(self) -> _PrinterState:
        answers = self._ipp([_PRINTER_QUERY])
        if not answers:
            return _PrinterState(DocumentPrinterStatus.OFFLINE, "The print server (cupsd) does not answer.")
        return self._interpret_printer(answers[0])

    def _interpret_printer(self, answer: _IppAnswer) -> _PrinterState:
        if answer.status_code == "client-error-not-found":
            return _PrinterState(DocumentPrinterStatus.OFFLINE, f"There is no printer queue {self.queue}.")
        if not answer.ok:
            return _PrinterState(DocumentPrinterStatus.OFFLINE, f"CUPS answered {answer.status_code}.")
        reasons = answer.keywords("printer-state-reasons")
        if any(r.startswith(("media-empty", "media-needed")) for r in reasons):
            return _PrinterState(DocumentPrinterStatus.PAPER_OUT, "The A4 printer is out of paper.")
        if any(r.startswith("offline") for r in reasons):
            return _PrinterState(DocumentPrinterStatus.OFFLINE, "The A4 printer is offline.")
        if _integer(answer.attributes.get("printer-state")) == _PRINTER_STOPPED:
            return _PrinterState(DocumentPrinterStatus.STOPPED, f"The queue {self.queue} is stopped.")
        if answer.attributes.get("printer-is-accepting-jobs") is False:
            detail = f"The queue {self.queue} is not accepting jobs."
            return _PrinterState(DocumentPrinterStatus.STOPPED, detail)
        return _PrinterState(DocumentPrinterStatus.READY, "")

    # -- talking to cupsd -------------------------------------------------------------------------

    def _ipp(
        self, queries: list[str], variables: dict[str, str] | None = None, *, attribute_groups: bool = False
    ) -> list[_IppAnswer] | None:
        """Run the IPP requests against the queue; None when cupsd cannot be reached. With
        ``attribute_groups`` each answer keeps its groups apart (Get-Jobs: one group per job)."""
        uri = self._queue_uri()
        if uri is None:
            return None
        command = ["ipptool", "-X", "-T", str(int(TOOL_TIMEOUT))]
        for name, value in (variables or {}).items():
            command += ["-d", f"{name}={value}"]
        # ipptool reads its test script from a file: /dev/stdin keeps the script in this module.
        command += [uri, "/dev/stdin"]
        done = self._run(command, "".join(queries).encode(), TOOL_TIMEOUT + 2)
        if done is None:
            return None
        # With more than one request ipptool adds a plain-text summary after the plist.
        end = done.stdout.find(b"</plist>")
        if end < 0:
            return None
        try:
            report = plistlib.loads(done.stdout[: end + len(b"</plist>")])
        except (ValueError, ExpatError):  # a garbled answer counts as no answer
            return None
        answers = []
        for test in report.get("Tests", []):  # no tests: ipptool could not connect
            attributes: dict[str, Any] = {}
            groups = list(test.get("ResponseAttributes", []))
            for group in groups:
                attributes.update(group)
            answers.append(
                _IppAnswer(str(test.get("StatusCode", "")), attributes, groups if attribute_groups else [])
            )
        return answers or None

    def _queue_uri(self) -> str | None:
        # lpstat -H names the server every CUPS tool uses (CUPS_SERVER, client.conf, or the default).
        done = self._run(["lpstat", "-H"], None, TOOL_TIMEOUT)
        if done is None or done.returncode != 0 or not done.stdout.strip():
            return None
        server = done.stdout.decode(errors="replace").strip()
        queue = urllib.parse.quote(self.queue, safe="")
        if server.startswith("/"):  # a local domain socket; CUPS takes it percent-encoded as the host
            return f"ipp://{urllib.parse.quote(server, safe='')}/printers/{queue}"
        return f"ipp://{server}/printers/{queue}"

    def _run(
        self, command: list[str], stdin: bytes | None, timeout: float
    ) -> subprocess.CompletedProcess[bytes] | None:
        """Run one CUPS tool; None when it did not finish within ``timeout`` seconds."""
        try:
            return subprocess.run(
                command, input=stdin, capture_output=True, env=self._env, timeout=timeout, check=False
            )
        except subprocess.TimeoutExpired:
            log.warning("%s did not answer within %.0f s", command[0], timeout)
            return None
        except OSError as exc:  # the tool was removed since start-up
            log.warning("%s cannot be run: %s", command[0], exc.strerror or exc)
            return None


def _integer(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _first_line(text: str) -> str:
    for raw in text.splitlines():
        line = raw.strip()
        if line:
            return line.removeprefix("lp: ").removeprefix("Error - ")
    return ""
