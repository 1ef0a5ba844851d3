"""Charts as inline SVG, drawn on the server: nothing to download, nothing to run in the browser,
and they scale to a phone's width (``viewBox``, ``width=100%``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

ROW = 30
LABEL = 150
VALUE = 90
WIDTH = 640
LEVEL_COLOURS = ("#1a7f37", "#57ab5a", "#d4a72c", "#e16f24", "#cf222e")  # 5 … 1


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: int
    part: int = 0  # drawn darker inside the bar (e.g. completed of all sessions)


def bars(items: Sequence[Bar], title: str) -> Markup:
    """Horizontal bars with their labels and values: readable on a narrow screen."""
    top = max((b.value for b in items), default=0) or 1
    span = WIDTH - LABEL - VALUE
    height = ROW * len(items) + 10
    out = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" width="100%" role="img"'
        f' aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">'
    ]
    for index, bar in enumerate(items):
        y = 5 + index * ROW
        whole = round(span * bar.value / top)
        part = round(span * bar.part / top)
        out.append(
            f'<text x="{LABEL - 8}" y="{y + 19}" text-anchor="end" class="label">{escape(bar.label)}</text>'
            f'<rect x="{LABEL}" y="{y + 4}" width="{whole}" height="{ROW - 8}" class="bar"/>'
            f'<rect x="{LABEL}" y="{y + 4}" width="{part}" height="{ROW - 8}" class="bar-part"/>'
            f'<text x="{LABEL + whole + 6}" y="{y + 19}" class="value">{bar.value}</text>'
        )
    out.append("</svg>")
    return Markup("".join(out))


def grid(
    rows: Sequence[str], columns: Sequence[str], values: dict[tuple[str, str], int], title: str
) -> Markup:
    """A heat grid: one row per hall or kiosk, one column per band, darker where busier."""
    cell_w, cell_h, left, head = 96, 26, 110, 34
    top = max(values.values(), default=0) or 1
    width, height = left + cell_w * len(columns), head + cell_h * len(rows)
    out = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="100%" role="img"'
        f' aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">'
    ]
    for c, column in enumerate(columns):
        out.append(
            f'<text x="{left + c * cell_w + cell_w / 2}" y="{head - 10}" text-anchor="middle"'
            f' class="label small">{escape(column)}</text>'
        )
    for r, row in enumerate(rows):
        y = head + r * cell_h
        out.append(
            f'<text x="{left - 6}" y="{y + 18}" text-anchor="end" class="label small">{escape(row)}</text>'
        )
        for c, column in enumerate(columns):
            value = values.get((row, column), 0)
            shade = 0.08 + 0.92 * value / top
            out.append(
                f'<rect x="{left + c * cell_w + 1}" y="{y + 1}" width="{cell_w - 2}" height="{cell_h - 2}"'
                f' fill="#0969da" fill-opacity="{shade:.2f}"/>'
                f'<text x="{left + c * cell_w + cell_w / 2}" y="{y + 18}" text-anchor="middle"'
                f' class="{"value light" if shade > 0.55 else "value"} small">{value}</text>'
            )
    out.append("</svg>")
    return Markup("".join(out))


def levels(counts: Sequence[int], title: str) -> Markup:
    """One stacked bar of the five levels (非常满意 … 非常不满意), as shares of the whole."""
    total = sum(counts) or 1
    out = [
        f'<svg class="levels" viewBox="0 0 200 14" width="200" height="14" role="img"'
        f' aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">'
    ]
    x = 0.0
    for count, colour in zip(counts, LEVEL_COLOURS, strict=True):
        width = 200 * count / total
        if width:
            out.append(f'<rect x="{x:.1f}" y="0" width="{width:.1f}" height="14" fill="{colour}"/>')
        x += width
    out.append("</svg>")
    return Markup("".join(out))
