"""The technicians' diagnostics screen: is the kiosk ready, what is not, and the self-tests.

Opened from the PIN pad (hold the top-left corner on the attract, home or
out-of-service screen). Everything comes from the step's view
(:class:`kiosk.journey.view.DiagnosticsView`): the readiness report of
``kiosk diag`` — one section per part, each line with a mark that is a shape
(a tick or a cross in a ring) and a word, never colour alone — today's
sessions, the unfinished print jobs with their reprint codes, the self-tests
(one at a time) and their results, newest first.

Normal mode only, no header and no voice: the journey puts the language back
to Chinese and turns 长辈模式 off on the way in, and the window keeps the normal
theme here. The devices' own sentences (descriptions, a test's detail, a
source's reason) are the adapters' English, shown as they are. A field the
report lacks shows a dash; nothing here raises on a report it did not expect.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QSizePolicy, QVBoxLayout, QWidget

from kiosk.journey import JourneyView
from kiosk.journey.view import DiagnosticsView
from kiosk.self_tests import CARD_TEST_SECONDS, SelfTest, SelfTestResult
from ui import strings
from ui.screens.base import Screen
from ui.strings import DASH, t
from ui.theme import Theme
from ui.widgets.basic import Button, Label, Panel, touch_scroll_area

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
    """A value as shown: a dash when the report does not have it."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return DASH
    return str(value)


def _get(mapping: object, key: str) -> Any:
    return mapping.get(key) if isinstance(mapping, Mapping) else None


def _breakable(text: str) -> str:
    """A path or URL that may wrap after its slashes (a label wraps only between words)."""
    return text.replace("/", "/\u200b")


def _part_name(name: object) -> str:
    """A device's or source's name in the kiosk's words; its own id when the kiosk has none."""
    key = str(name) if name is not None else ""
    if key not in strings.DEVICES:
        return _text(name)
    shown = t(strings.DEVICES[key])
    return shown[:1].upper() + shown[1:]  # "card reader" starts a line as "Card reader"


def _reason(reason: object) -> str:
    """Why a service is stopped ("document_printer: paper_out") as a sentence about the part."""
    part, _, status = str(reason).partition(": ")
    return strings.status_sentence(part, status) if status else _text(reason)


def _time(at: object, pattern: str = "%H:%M:%S") -> str:
    if isinstance(at, datetime):
        return at.strftime(pattern)
    if isinstance(at, str):
        try:
            return datetime.fromisoformat(at).strftime(pattern)
        except ValueError:
            return _text(at)
    return DASH


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a section. ``ok``: True (tick, 正常), False (cross, 故障), None (no mark)."""

    ok: bool | None
    name: str
    word: str = ""
    detail: str = ""
    note: str = ""


class ReadyMark(QWidget):
    """A tick in a ring (ready) or a cross in a ring (not): readable without the colour."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme
        self.ok: bool | None = None
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        policy = QSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        policy.setRetainSizeWhenHidden(True)  # a line without a mark stays in line with the others
        self.setSizePolicy(policy)
        self.apply_theme(theme)

    def apply_theme(self, theme: Theme) -> None:
        self.theme = theme
        side = theme.px(40)
        self.setFixedSize(side, side)
        self.update()

    def set_ok(self, ok: bool | None) -> None:
        self.ok = ok
        self.setVisible(ok is not None)
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        side = self.theme.px(40)
        return QSize(side, side)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        if self.ok is None:
            return
        c = self.theme.colours
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        side = float(min(self.width(), self.height()))
        painter.scale(side / 100, side / 100)
        pen = QPen(QColor(c.success if self.ok else c.danger), 9)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.drawEllipse(QRectF(6, 6, 88, 88))
        if self.ok:
            painter.drawPolyline([QPointF(30, 52), QPointF(44, 66), QPointF(70, 36)])
        else:
            painter.drawLine(34, 34, 66, 66)
            painter.drawLine(66, 34, 34, 66)
        painter.end()


class StatusLine(QWidget):
    """A line of the report: mark, what it is about, its word (正常 / 故障 …), then what to know."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mark = ReadyMark(theme, self)
        self.name = Label("strong", self)
        self.word = Label("strong", self, wrap=False)
        self.detail = Label("body", self)
        self.detail.setProperty("personal", True)  # a card test's masked number: cleared on leaving
        self.note = Label("caption", self)
        for label in (self.detail, self.note):
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        grid = self.grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.mark, 0, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.name, 0, 1)
        grid.addWidget(self.word, 0, 2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.detail, 1, 1, 1, 2)
        grid.addWidget(self.note, 2, 1, 1, 2)
        grid.setColumnStretch(1, 1)
        self.apply_theme(theme)

    def apply_theme(self, theme: Theme) -> None:
        self.mark.apply_theme(theme)
        self.grid.setHorizontalSpacing(theme.px(16))
        self.grid.setVerticalSpacing(theme.px(4))

    def show_line(self, line: Line) -> None:
        self.mark.set_ok(line.ok)
        self.name.setText(line.name)
        self.word.setText(line.word)
        self.word.set_role("strong" if line.ok is None else "success" if line.ok else "danger")
        self.word.setVisible(bool(line.word))
        self.detail.setText(line.detail)
        self.detail.setVisible(bool(line.detail))
        self.note.setText(line.note)
        self.note.setVisible(bool(line.note))

    def clear(self) -> None:
        for label in (self.name, self.word, self.detail, self.note):
            label.clear()
        self.mark.set_ok(None)


class Section(Panel):
    """A heading and its lines (or one sentence when there are none)."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__("surface", parent)
        self.theme = theme
        self.heading = Label("heading", self)
        self.empty = Label("muted", self)
        self.lines: list[StatusLine] = []
        layout = self.layout_ = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.empty)
        self.lines_layout = QVBoxLayout()
        self.lines_layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.lines_layout)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.apply_theme(theme)

    def apply_theme(self, theme: Theme) -> None:
        self.theme = theme
        pad = theme.px(32)
        self.layout_.setContentsMargins(pad, pad, pad, pad)
        self.layout_.setSpacing(theme.px(16))
        self.lines_layout.setSpacing(theme.px(20))
        for line in self.lines:
            line.apply_theme(theme)

    def show_lines(self, heading: str, lines: Sequence[Line], empty: str = "") -> None:
        self.heading.setText(heading)
        while len(self.lines) < len(lines):
            widget = StatusLine(self.theme, self)
            self.lines_layout.addWidget(widget)
            self.lines.append(widget)
        for index, widget in enumerate(self.lines):
            if index < len(lines):
                widget.show_line(lines[index])
                widget.show()
            else:
                widget.clear()  # a shorter list: nothing of the earlier one stays behind, hidden or not
                widget.hide()
        self.empty.setText(empty if not lines else "")
        self.empty.setVisible(not lines and bool(empty))


class MaintenanceScreen(Screen):
    def build(self) -> None:
        top = QHBoxLayout()
        self.title = self.label("title")
        self.kiosk_id = self.label("muted")
        self.overall_mark = ReadyMark(self.theme, self)
        self.overall = self.label("strong")
        self.leave = self.button("primary", self.intents.leave_maintenance)
        top.addWidget(self.title)
        top.addWidget(self.kiosk_id, 0, Qt.AlignmentFlag.AlignBottom)
        top.addStretch(1)
        top.addWidget(self.overall_mark)
        top.addWidget(self.overall)
        top.addSpacing(self.theme.px(24))
        top.addWidget(self.leave)
        self.top = top
        self.column.addLayout(top)

        # What the technician does first, across the top; below, the report (left) and what the tests
        # and the day came to (right). All of it scrolls.
        content = QWidget()
        body = self.body = QVBoxLayout(content)
        body.setContentsMargins(0, 0, 0, 0)
        columns = self.columns = QHBoxLayout()
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
        for index, test in enumerate(TEST_ORDER):
            button = Button("secondary", self._runs(test), self.tests)
            button.setObjectName(f"selfTest_{test.value}")
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            self.test_grid.addWidget(button, index // TEST_COLUMNS, index % TEST_COLUMNS)
            self.test_buttons[test] = button
        for column in range(TEST_COLUMNS):
            self.test_grid.setColumnStretch(column, 1)
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
        self.test_grid.setSpacing(px(16))

    # ---------------------------------------------------------------- the view
    def show_view(self, view: JourneyView) -> None:
        visit = view.step_as(DiagnosticsView) or DiagnosticsView(report=None)
        report = visit.report
        self.title.setText(t(strings.DIAG_TITLE))
        kiosk_id = getattr(report, "kiosk_id", None) or self.config.kiosk.id
        self.kiosk_id.setText(t(strings.DIAG_KIOSK, _text(kiosk_id)))
        self.leave.setText(t(strings.DIAG_LEAVE))
        self._show_overall(report)
        self._show_tests(visit)
        self.results.show_lines(
            t(strings.DIAG_RESULTS), [self._result_line(r) for r in visit.results], t(strings.DIAG_NO_RESULTS)
        )
        made = report is not None
        self.making.show_lines(t(strings.DIAG_MAKING), ())
        self.making.setVisible(not made)
        for section in (
            self.devices, self.services, self.sources, self.system, self.today, self.jobs, self.problems,
        ):  # fmt: skip
            section.setVisible(made)
        if report is None:
            return
        devices = [self._device_line(device) for device in _list(report, "devices")]
        self.devices.show_lines(t(strings.DIAG_DEVICES), devices)
        self.services.show_lines(t(strings.DIAG_SERVICES), self._service_lines(report, view.language))
        sources = self._source_lines(report)
        self.sources.show_lines(t(strings.DIAG_SOURCES), sources, t(strings.DIAG_NO_SOURCES))
        self.system.show_lines(t(strings.DIAG_SYSTEM), self._system_lines(report))
        today = [Line(None, _outcome(outcome), strings.sessions_count(n)) for outcome, n in _pairs(visit)]
        self.today.show_lines(t(strings.DIAG_TODAY), today, t(strings.DIAG_NO_SESSIONS))
        jobs = [self._job_line(job, view.language) for job in _list(report, "unfinished_print_jobs")]
        self.jobs.show_lines(t(strings.DIAG_JOBS), jobs, t(strings.DIAG_NO_JOBS))
        problems = [self._problem_line(entry) for entry in _iterable(visit.problems)]
        self.problems.show_lines(t(strings.DIAG_PROBLEMS), problems, t(strings.DIAG_NO_PROBLEMS))

    def spoken(self, view: JourneyView) -> str:
        return ""  # for technicians: nothing is read aloud

    def _show_overall(self, report: object) -> None:
        ready = getattr(report, "ready", None) if report is not None else None
        self.overall.setVisible(report is not None)  # until then, the report's place says it is being made
        if not isinstance(ready, bool):
            self.overall_mark.set_ok(None)
            self.overall.set_role("muted")
            self.overall.setText(DASH)
            return
        self.overall_mark.set_ok(ready)
        self.overall.set_role("success" if ready else "danger")
        self.overall.setText(t(strings.DIAG_READY if ready else strings.DIAG_NOT_READY))

    def _show_tests(self, visit: DiagnosticsView) -> None:
        self.tests_heading.setText(t(strings.DIAG_TESTS))
        running = visit.running
        for test, button in self.test_buttons.items():
            is_running = test is running
            button.setText(t(strings.DIAG_TEST_IN_PROGRESS) if is_running else t(strings.SELF_TESTS[test]))
            button.setEnabled(running is None)
            if bool(button.property("running")) != is_running:
                button.setProperty("running", is_running)
                button.style().unpolish(button)
                button.style().polish(button)
        if running is None:
            self.running.clear()
        elif running is SelfTest.CARD:
            self.running.setText(t(strings.SELF_TESTS_RUNNING[running], f"{CARD_TEST_SECONDS:.0f}"))
        else:
            self.running.setText(t(strings.SELF_TESTS_RUNNING[running]))
        self.running.setVisible(running is not None)

    # ---------------------------------------------------------------- the lines, from the report
    @staticmethod
    def _result_line(result: SelfTestResult) -> Line:
        passed = getattr(result, "passed", None)
        test = getattr(result, "test", None)
        name = t(strings.SELF_TESTS[str(test)]) if test in strings.SELF_TESTS else _text(test)
        detail, at = _text(getattr(result, "detail", None)), _time(getattr(result, "at", None))
        if not isinstance(passed, bool):
            return Line(None, name, DASH, detail, at)
        return Line(passed, name, t(strings.DIAG_PASSED if passed else strings.DIAG_FAILED), detail, at)

    @staticmethod
    def _device_line(device: object) -> Line:
        name = getattr(device, "name", None)
        ready = getattr(device, "ready", None)
        status = getattr(device, "status", None)
        note = t(
            strings.DIAG_DEVICE_NOTE,
            _text(getattr(device, "description", None)),
            _breakable(_text(getattr(device, "spec", None))),
            _text(status),
        )
        if not isinstance(ready, bool):
            return Line(None, _part_name(name), DASH, "", note)
        word = t(strings.DIAG_OK if ready else strings.DIAG_PROBLEM)
        shown = _part_name(name)
        detail = t(strings.DIAG_DEVICE_WORKS, shown) if ready else strings.status_sentence(name, status)
        return Line(ready, shown, word, detail, note)

    def _service_title(self, service_id: object, language: str) -> str:
        """A service's title from the configuration; its id when the configuration has no such service."""
        service = next((s for s in self.config.services if s.id == service_id), None)
        return strings.service_title(service, language) if service is not None else _text(service_id)

    def _service_lines(self, report: object, language: str) -> list[Line]:
        services = getattr(report, "services", None)
        if not isinstance(services, Mapping):
            return []
        lines = []
        for service_id, reasons in services.items():
            name = self._service_title(service_id, language)
            stopped = [_reason(r) for r in _iterable(reasons)]
            word = t(strings.DIAG_SERVICE_STOPPED if stopped else strings.DIAG_SERVICE_AVAILABLE)
            lines.append(Line(not stopped, name, word, "\n".join(stopped)))
        return lines

    @staticmethod
    def _source_lines(report: object) -> list[Line]:
        sources = getattr(report, "sources", None)
        if not isinstance(sources, Mapping):
            return []
        lines = []
        for name, health in sources.items():
            available = _get(health, "available")
            ok = available if isinstance(available, bool) else None
            word = DASH if ok is None else t(strings.DIAG_OK if ok else strings.DIAG_PROBLEM)
            reason = _get(health, "reason")
            lines.append(Line(ok, _part_name(name), word, str(reason) if reason else ""))
        return lines

    @staticmethod
    def _system_lines(report: object) -> list[Line]:
        database = getattr(report, "database", None)
        revision, newest = _get(database, "revision"), _get(database, "newest")
        current = None if revision is None or newest is None else revision == newest
        face = getattr(report, "face_check", None)
        problem = _get(face, "problem")
        face_ok = None if not isinstance(face, Mapping) else not problem
        disk = getattr(report, "disk_free_mb", None)
        recognizer, threshold = _text(_get(face, "recognizer")), _text(_get(face, "threshold"))

        def word(ok: bool | None) -> str:
            return DASH if ok is None else t(strings.DIAG_OK if ok else strings.DIAG_PROBLEM)

        return [
            Line(
                current, t(strings.DIAG_DATABASE), word(current),
                t(strings.DIAG_DATABASE_REVISION, _text(revision), _text(newest)),
                _breakable(_text(_get(database, "url"))),
            ),
            Line(None, t(strings.DIAG_DISK), "", t(strings.DIAG_DISK_FREE, _text(disk))),
            Line(
                face_ok, t(strings.DIAG_FACE_CHECK), word(face_ok),
                t(strings.DIAG_FACE_CHECK_SETUP, recognizer, threshold),
                str(problem) if problem else "",
            ),
        ]  # fmt: skip

    @staticmethod
    def _problem_line(entry: object) -> Line:
        """A warning or an error the kiosk logged: when, which part, and its own (English) words."""
        level = getattr(entry, "level", None)
        word = t(strings.DIAG_WARNING) if level == "WARNING" else t(strings.DIAG_ERROR) if level else DASH
        when = _time(getattr(entry, "at", None), "%m-%d %H:%M:%S")
        return Line(
            None, word, when, _text(getattr(entry, "message", None)), _text(getattr(entry, "where", None))
        )

    def _job_line(self, job: object, language: str) -> Line:
        title = self._service_title(_get(job, "service"), language)
        state = _get(job, "state")
        state_text = t(strings.JOB_STATES[state]) if state in strings.JOB_STATES else _text(state)
        when = _time(_get(job, "at"), "%Y-%m-%d %H:%M")
        detail = _get(job, "detail")
        return Line(
            None, t(strings.DIAG_JOB, _text(_get(job, "reprint_code"))), "",
            t(strings.DIAG_JOB_LINE, title, state_text, when), str(detail) if detail else "",
        )  # fmt: skip


def _iterable(value: object) -> Iterable[object]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        return [value] if value else []
    return value


def _list(report: object, field: str) -> list[Any]:
    value = getattr(report, field, None)
    return list(value) if isinstance(value, Sequence) and not isinstance(value, str) else []


def _pairs(visit: DiagnosticsView) -> list[tuple[object, int]]:
    pairs = []
    for pair in _iterable(visit.sessions_today):
        if isinstance(pair, Sequence) and len(pair) == 2 and isinstance(pair[1], int):
            pairs.append((pair[0], pair[1]))
    return pairs


def _outcome(outcome: object) -> str:
    key = str(outcome)
    return t(strings.OUTCOMES[key]) if key in strings.OUTCOMES else _text(outcome)
