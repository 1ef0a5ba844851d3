"""The diagnostics screen: is the kiosk ready, what is not, and the self-tests.

Opened by a technician from the PIN pad (hold the top-left corner on the attract, home or
out-of-service screen). A view of the step's :class:`kiosk.journey.view.DiagnosticsView`
and nothing else: the readiness report of ``kiosk diag`` (:class:`kiosk.readiness.ReadinessReport`)
— one section per concern, each line with a mark that is a shape (a tick or a cross in a ring) and
a word, never colour alone — today's sessions, the unfinished print jobs with their reprint codes,
the self-tests (one at a time) and their results, newest first.

Normal mode only, no header and no voice: the journey puts the language back to Chinese and turns
长辈模式 off on the way in, and the window keeps the normal theme here. Each part's status comes
typed and is put in words by ``ui.strings``; the devices' own sentences (descriptions, a test's
detail, a source's reason, why a model or a font is missing) are the adapters' English, shown as
they are. A device that has not answered yet shows a dash.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QGridLayout, QHBoxLayout, QSizePolicy, QVBoxLayout, QWidget

from kiosk.journey import JourneyView
from kiosk.journey.view import DiagnosticsView
from kiosk.parts import Part
from kiosk.self_tests import CARD_TEST_SECONDS, SelfTest, SelfTestResult
from ui import strings
from ui import technician_strings as tech
from ui.screens.base import Screen
from ui.strings import t
from ui.technician_strings import DASH
from ui.widgets.basic import Button, Label, Panel, touch_scroll_area
from ui.widgets.report_lines import Line, ReadyMark, Section

if TYPE_CHECKING:  # the report's sections are read, never made, here
    from kiosk.readiness import (
        DeviceSection,
        ReadinessReport,
        ServiceSection,
        SourceSection,
        UnfinishedJob,
    )
    from kiosk.recent_log import LogEntry

# The self-test buttons, across the screen above the report: the printers' tests and refills, then the others.
TEST_ORDER = (
    SelfTest.RECEIPT,
    SelfTest.RECEIPT_REFILLED,
    SelfTest.A4_PAGE,
    SelfTest.A4_REFILLED,
    SelfTest.CARD,
    SelfTest.CAMERA,
    SelfTest.VOICE,
)
TEST_COLUMNS = 4


def _text(value: object) -> str:
    """A value as shown: a dash when there is none."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return DASH
    return str(value)


def _breakable(text: str) -> str:
    """A path or URL that may wrap after its slashes (a label wraps only between words)."""
    return text.replace("/", "/\u200b")


def _part_name(part: Part) -> str:
    """A part's name starting a line: "card reader" as "Card reader"."""
    shown = strings.part_name(part)
    return shown[:1].upper() + shown[1:]


def _ok_word(ok: bool) -> str:
    return t(tech.DIAG_OK if ok else tech.DIAG_PROBLEM)


class DiagnosticsScreen(Screen):
    def build(self) -> None:
        top = QHBoxLayout()
        self.title = self.label("title")
        self.kiosk_id = self.label("muted")
        self.overall_mark = ReadyMark(self.theme, self)
        self.overall = self.label("strong")
        self.leave = self.button("primary", self.intents.leave_diagnostics)
        top.addWidget(self.title)
        top.addWidget(self.kiosk_id, 0, Qt.AlignmentFlag.AlignBottom)
        top.addStretch(1)
        top.addWidget(self.leave)
        self.top = top
        self.column.addLayout(top)
        # The verdict beside the title on a desk panel; on an upright one, on a line of its own.
        self.verdict = QHBoxLayout()
        self.verdict.addWidget(self.overall_mark)
        self.verdict.addWidget(self.overall, 1)
        self.column.addLayout(self.verdict)

        # What the technician does first, across the top; below, the report (left) and what the tests
        # and the day came to (right). All of it scrolls.
        content = QWidget()
        body = self.body = QVBoxLayout(content)
        body.setContentsMargins(0, 0, 0, 0)
        columns = self.columns = QBoxLayout(QBoxLayout.Direction.LeftToRight)  # stacked when upright
        left, right = QVBoxLayout(), QVBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        self.column_layouts = (left, right)

        self.making = Section(self.theme, content)
        self.devices = Section(self.theme, content)
        self.services = Section(self.theme, content)
        self.sources = Section(self.theme, content)
        self.system = Section(self.theme, content)
        for section in (self.making, self.devices, self.services, self.sources, self.system):
            left.addWidget(section)
        left.addStretch(1)

        self.tests = Panel("surface", content)
        tests = self.tests_layout = QVBoxLayout(self.tests)
        self.tests_heading = Label("heading", self.tests, wrap=False)
        self.running = Label("body", self.tests)
        heading = self.tests_heading_row = QHBoxLayout()
        heading.addWidget(self.tests_heading)
        heading.addWidget(self.running, 1, Qt.AlignmentFlag.AlignVCenter)
        self.test_grid = QGridLayout()
        self.test_buttons: dict[SelfTest, Button] = {}
        for test in TEST_ORDER:
            button = Button("secondary", self._runs(test), self.tests)
            button.setObjectName(f"selfTest_{test.value}")
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            self.test_buttons[test] = button
        self._test_columns = 0
        tests.addLayout(heading)
        tests.addLayout(self.test_grid)
        self.tests.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.results = Section(self.theme, content)
        self.today = Section(self.theme, content)
        self.jobs = Section(self.theme, content)
        self.problems = Section(self.theme, content)
        for widget in (self.results, self.today, self.jobs, self.problems):
            right.addWidget(widget)
        right.addStretch(1)
        body.addWidget(self.tests)
        body.addLayout(columns)
        body.addStretch(1)

        self.area = touch_scroll_area(content, self)
        self.column.addWidget(self.area, 1)

    def _runs(self, test: SelfTest) -> Callable[[], object]:
        return lambda: self.intents.run_self_test(test)

    def sections(self) -> tuple[Section, ...]:
        return (
            self.making, self.devices, self.services, self.sources, self.system,
            self.results, self.today, self.jobs, self.problems,
        )  # fmt: skip

    def themed(self) -> None:
        px = self.theme.px
        gap = px(self.theme.sizes.gap)
        self.overall_mark.apply_theme(self.theme)
        self.top.setSpacing(px(20))
        self.verdict.setSpacing(px(20))
        upright = self.theme.upright
        self.columns.setDirection(
            QBoxLayout.Direction.TopToBottom if upright else QBoxLayout.Direction.LeftToRight
        )
        for widget in (self.overall_mark, self.overall):
            self.verdict.removeWidget(widget)
            self.top.removeWidget(widget)
        if upright:
            self.verdict.insertWidget(0, self.overall_mark)
            self.verdict.insertWidget(1, self.overall, 1)
        else:
            self.top.insertWidget(3, self.overall_mark)
            self.top.insertWidget(4, self.overall)
        self.body.setSpacing(gap)
        self.columns.setSpacing(gap)
        self.tests_heading_row.setSpacing(px(32))
        for layout in self.column_layouts:
            layout.setSpacing(gap)
        for section in self.sections():
            section.apply_theme(self.theme)
        pad = px(32)
        self.tests_layout.setContentsMargins(pad, pad, pad, pad)
        self.tests_layout.setSpacing(px(16))
        self.test_grid.setSpacing(self.theme.spacing_px(16))
        self._test_columns = 0
        self._arrange_tests()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._arrange_tests()

    def _arrange_tests(self) -> None:
        """The self-tests in as many columns as their words fit, up to four."""
        margins = self.column.contentsMargins()
        pad = self.tests_layout.contentsMargins()
        width = self.width() - margins.left() - margins.right() - pad.left() - pad.right() - self.theme.px(20)
        gap = self.test_grid.spacing()
        widest = max(button.sizeHint().width() for button in self.test_buttons.values())
        columns = max(1, min(TEST_COLUMNS, (width + gap) // (widest + gap)))
        if columns == self._test_columns:
            return
        self._test_columns = columns
        for index, button in enumerate(self.test_buttons.values()):
            self.test_grid.removeWidget(button)
            self.test_grid.addWidget(button, index // columns, index % columns)
        for column in range(TEST_COLUMNS):
            self.test_grid.setColumnStretch(column, 1 if column < columns else 0)

    # ---------------------------------------------------------------- the view
    def show_view(self, view: JourneyView) -> None:
        visit = view.step_as(DiagnosticsView) or DiagnosticsView(report=None)
        report = visit.report
        self.title.setText(t(tech.DIAG_TITLE))
        kiosk_id = report.kiosk_id if report is not None else self.config.kiosk.id
        self.kiosk_id.setText(t(tech.DIAG_KIOSK, kiosk_id))
        self.leave.setText(t(tech.DIAG_LEAVE))
        self._show_overall(report)
        self._show_tests(visit)
        self.results.show_lines(
            t(tech.DIAG_RESULTS),
            [self._result_line(r) for r in visit.results],
            t(tech.DIAG_NO_RESULTS),
        )
        made = report is not None
        self.making.show_lines(t(tech.DIAG_MAKING), ())
        self.making.setVisible(not made)
        for section in (
            self.devices, self.services, self.sources, self.system, self.today, self.jobs, self.problems,
        ):  # fmt: skip
            section.setVisible(made)
        if report is None:
            return
        self.devices.show_lines(t(tech.DIAG_DEVICES), [self._device_line(d) for d in report.devices])
        services = [self._service_line(service, view.language) for service in report.services]
        self.services.show_lines(t(tech.DIAG_SERVICES), services)
        sources = [self._source_line(source) for source in report.sources]
        self.sources.show_lines(t(tech.DIAG_SOURCES), sources, t(tech.DIAG_NO_SOURCES))
        self.system.show_lines(t(tech.DIAG_SYSTEM), self._system_lines(report))
        today = [
            Line(None, _outcome(outcome), strings.sessions_count(n)) for outcome, n in visit.sessions_today
        ]
        self.today.show_lines(t(tech.DIAG_TODAY), today, t(tech.DIAG_NO_SESSIONS))
        jobs = [self._job_line(job, view.language) for job in report.unfinished_print_jobs]
        self.jobs.show_lines(t(tech.DIAG_JOBS), jobs, t(tech.DIAG_NO_JOBS))
        problems = [self._problem_line(entry) for entry in visit.problems]
        self.problems.show_lines(t(tech.DIAG_PROBLEMS), problems, t(tech.DIAG_NO_PROBLEMS))

    def spoken(self, view: JourneyView) -> str:
        return ""  # for technicians: nothing is read aloud

    def _show_overall(self, report: ReadinessReport | None) -> None:
        self.overall.setVisible(report is not None)  # until then, the report's place says it is being made
        if report is None:
            self.overall_mark.set_ok(None)
            self.overall.clear()
            return
        ready = report.ready
        self.overall_mark.set_ok(ready)
        self.overall.set_role("success" if ready else "danger")
        self.overall.setText(t(tech.DIAG_READY if ready else tech.DIAG_NOT_READY))

    def _show_tests(self, visit: DiagnosticsView) -> None:
        self.tests_heading.setText(t(tech.DIAG_TESTS))
        running = visit.running
        for test, button in self.test_buttons.items():
            is_running = test is running
            button.setText(t(tech.DIAG_TEST_IN_PROGRESS) if is_running else t(tech.SELF_TESTS[test]))
            button.setEnabled(running is None)
            if bool(button.property("running")) != is_running:
                button.setProperty("running", is_running)
                button.style().unpolish(button)
                button.style().polish(button)
        if running is None:
            self.running.clear()
        elif running is SelfTest.CARD:
            self.running.setText(t(tech.SELF_TESTS_RUNNING[running], f"{CARD_TEST_SECONDS:.0f}"))
        else:
            self.running.setText(t(tech.SELF_TESTS_RUNNING[running]))
        self.running.setVisible(running is not None)
        self._arrange_tests()  # the words' widths change with the language

    # ---------------------------------------------------------------- the lines, from the report
    @staticmethod
    def _result_line(result: SelfTestResult) -> Line:
        word = t(tech.DIAG_PASSED if result.passed else tech.DIAG_FAILED)
        name = t(tech.SELF_TESTS[result.test])
        return Line(result.passed, name, word, _text(result.detail), result.at.strftime("%H:%M:%S"))

    @staticmethod
    def _device_line(device: DeviceSection) -> Line:
        status = device.status
        shown = _part_name(device.part)
        note = t(
            tech.DIAG_DEVICE_NOTE,
            _text(device.description),
            _breakable(_text(device.spec)),
            DASH if status is None else status.value,  # the technician's own word for it, as stored
        )
        if status is None:  # not answered yet
            return Line(None, shown, DASH, "", note)
        ready = device.ready
        detail = t(tech.DIAG_DEVICE_WORKS, shown) if ready else strings.status_sentence(device.part, status)
        return Line(ready, shown, _ok_word(ready), detail, note)

    def _service_title(self, service_id: str, language: str) -> str:
        """A service's title from the configuration; its id when the configuration has no such service."""
        service = next((s for s in self.config.services if s.id == service_id), None)
        return strings.service_title(service, language) if service is not None else service_id

    def _service_line(self, service: ServiceSection, language: str) -> Line:
        word = t(tech.DIAG_SERVICE_AVAILABLE if service.available else tech.DIAG_SERVICE_STOPPED)
        stopped = "\n".join(strings.unavailable_sentence(reason) for reason in service.unavailable)
        return Line(service.available, self._service_title(service.service_id, language), word, stopped)

    @staticmethod
    def _source_line(source: SourceSection) -> Line:
        return Line(source.ready, _part_name(source.part), _ok_word(source.ready), source.reason)

    @staticmethod
    def _system_lines(report: ReadinessReport) -> list[Line]:
        database, face, renderer = report.database, report.face_check, report.renderer
        fonts = ", ".join(renderer.fonts)
        return [
            Line(
                database.current, t(tech.DIAG_DATABASE), _ok_word(database.current),
                t(tech.DIAG_DATABASE_REVISION, _text(database.revision), _text(database.newest)),
                _breakable(database.url),
            ),
            Line(None, t(tech.DIAG_DISK), "", t(tech.DIAG_DISK_FREE, report.disk.free_mb)),
            Line(
                face.ready, t(tech.DIAG_FACE_CHECK), _ok_word(face.ready),
                t(tech.DIAG_FACE_CHECK_SETUP, face.recognizer, face.threshold), face.problem,
            ),
            Line(
                renderer.ready, t(tech.DIAG_RENDERER), _ok_word(renderer.ready),
                t(tech.DIAG_RENDERER_FONTS, _breakable(fonts) if fonts else DASH), renderer.problem,
            ),
        ]  # fmt: skip

    @staticmethod
    def _problem_line(entry: LogEntry) -> Line:
        """A warning or an error the kiosk logged: when, which part, and its own (English) words."""
        word = t(tech.DIAG_WARNING) if entry.level == "WARNING" else t(tech.DIAG_ERROR)
        when = entry.at.strftime("%m-%d %H:%M:%S")
        return Line(None, word, when, _text(entry.message), _text(entry.where))

    def _job_line(self, job: UnfinishedJob, language: str) -> Line:
        title = self._service_title(job.service_id, language)
        state = t(tech.JOB_STATES[job.state]) if job.state in tech.JOB_STATES else job.state
        when = job.at.strftime("%Y-%m-%d %H:%M")
        return Line(
            None, t(tech.DIAG_JOB, job.reprint_code), "", t(tech.DIAG_JOB_LINE, title, state, when),
            job.detail,
        )  # fmt: skip


def _outcome(outcome: str) -> str:
    """How sessions ended, in words; an outcome the screen has no words for shows as stored."""
    return t(tech.OUTCOMES[outcome]) if outcome in tech.OUTCOMES else outcome
