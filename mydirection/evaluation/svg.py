"""Server-side SVG charts: small, hand-written, accessible.

Each chart is an ``<svg role="img">`` labelled by its own ``<title>`` and ``<desc>``; the page
always shows the same figures as a table beside it, so the chart is never the only way to
read them. Colours are GOV.UK's (blue for the estimate, black for text, grey for guides),
which keep a 4.5:1 contrast on white. No script, no external files and no style attribute, so
the Content Security Policy refuses nothing.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BLUE = "#1d70b8"
BLACK = "#0b0c0c"
GREY = "#505a5f"
LIGHT = "#b1b4b6"
ORANGE = "#f47738"
DASHED = ' stroke-dasharray="3 3"'
FONT = 'font-family="GDS Transport, arial, sans-serif" font-size="14"'


def _frame(uid: str, title: str, desc: str, width: int, height: int, body: list[str]) -> SafeString:
    head = (
        # Its own size, shrunk to fit a narrower page by the stylesheet's .app-chart: no
        # style attribute, which the Content Security Policy refuses.
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" class="app-chart" '
        f'aria-labelledby="{uid}-title {uid}-desc">'
        f'<title id="{uid}-title">{escape(title)}</title>'
        f'<desc id="{uid}-desc">{escape(desc)}</desc>'
    )
    # Every text inside is escaped above.
    return mark_safe(head + "".join(body) + "</svg>")


def _text(
    x: float, y: float, text: str, anchor: str = "start", fill: str = BLACK, halo: bool = False
) -> str:
    """``halo``: a white outline, so that a guide line behind the text does not cross it."""
    outline = ' stroke="white" stroke-width="4" paint-order="stroke"' if halo else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" fill="{fill}"{outline} {FONT}>'
        f"{escape(text)}</text>"
    )


@dataclass(frozen=True)
class Interval:
    label: str
    estimate: float
    low: float
    high: float


def _nice_limit(values: Sequence[float]) -> float:
    biggest = max((abs(v) for v in values if math.isfinite(v)), default=0.01)
    step = 0.05 if biggest > 0.1 else 0.02
    return step * math.ceil(biggest / step + 1e-9)


def forest_plot(uid: str, rows: Sequence[Interval], desc: str) -> SafeString:
    """Each estimate (percentage points) as a dot with its 95% interval, against no effect."""
    label_w, plot_w, row_h, top = 260, 360, 36, 20
    width, height = label_w + plot_w + 20, top + row_h * len(rows) + 50
    limit = _nice_limit([v for r in rows for v in (r.low, r.high)])

    def x(value: float) -> float:
        return label_w + plot_w * (value + limit) / (2 * limit)

    body = []
    bottom = top + row_h * len(rows)
    for tick in (-limit, -limit / 2, 0.0, limit / 2, limit):
        body.append(
            f'<line x1="{x(tick):.1f}" x2="{x(tick):.1f}" y1="{top}" y2="{bottom}" '
            f'stroke="{BLACK if tick == 0 else LIGHT}" stroke-width="1"'
            f"{'' if tick == 0 else DASHED}/>"
        )
        body.append(_text(x(tick), bottom + 18, f"{tick * 100:+.0f}", "middle", GREY))
    body.append(
        _text(
            label_w + plot_w / 2,
            bottom + 38,
            "Difference in reoffending (percentage points)",
            "middle",
            GREY,
        )
    )
    for i, row in enumerate(rows):
        cy = top + row_h * i + row_h / 2
        body.append(_text(0, cy + 5, row.label))
        body.append(
            f'<line x1="{x(row.low):.1f}" x2="{x(row.high):.1f}" y1="{cy}" y2="{cy}" '
            f'stroke="{BLUE}" stroke-width="3"/>'
            f'<circle cx="{x(row.estimate):.1f}" cy="{cy}" r="6" fill="{BLUE}"/>'
        )
    return _frame(uid, "Estimated effect of MyDirection on reoffending", desc, width, height, body)


@dataclass(frozen=True)
class Balance:
    label: str
    before: float
    after: float | None


def love_plot(uid: str, rows: Sequence[Balance], desc: str) -> SafeString:
    """Absolute standardised mean differences before (open) and after (filled) weighting."""
    label_w, plot_w, row_h, top = 300, 320, 24, 30
    width, height = label_w + plot_w + 20, top + row_h * len(rows) + 50
    values = [abs(v) for r in rows for v in (r.before, r.after) if v is not None]
    limit = max(0.2, math.ceil(max([v for v in values if math.isfinite(v)] or [0.1]) * 10) / 10)

    def x(value: float) -> float:
        return label_w + plot_w * min(abs(value), limit) / limit

    bottom = top + row_h * len(rows)
    body = [
        f'<circle cx="{label_w}" cy="10" r="5" fill="white" stroke="{BLACK}" stroke-width="2"/>',
        _text(label_w + 10, 15, "before weighting"),
        f'<circle cx="{label_w + 150}" cy="10" r="5" fill="{BLUE}"/>',
        _text(label_w + 160, 15, "after weighting"),
    ]
    steps = round(limit / 0.1)
    for k in range(steps + 1):
        tick = k * 0.1
        guide = abs(tick - 0.1) < 1e-9
        body.append(
            f'<line x1="{x(tick):.1f}" x2="{x(tick):.1f}" y1="{top}" y2="{bottom}" '
            f'stroke="{ORANGE if guide else LIGHT}" stroke-width="{2 if guide else 1}"'
            f"{'' if guide else DASHED}/>"
        )
        body.append(_text(x(tick), bottom + 18, f"{tick:.1f}", "middle", GREY))
    body.append(
        _text(
            label_w + plot_w / 2,
            bottom + 38,
            "Absolute standardised difference (0.1 marks imbalance)",
            "middle",
            GREY,
        )
    )
    for i, row in enumerate(rows):
        cy = top + row_h * i + row_h / 2
        body.append(_text(0, cy + 5, row.label))
        if math.isfinite(row.before):
            body.append(
                f'<circle cx="{x(row.before):.1f}" cy="{cy}" r="5" fill="white" '
                f'stroke="{BLACK}" stroke-width="2"/>'
            )
        if row.after is not None and math.isfinite(row.after):
            body.append(f'<circle cx="{x(row.after):.1f}" cy="{cy}" r="5" fill="{BLUE}"/>')
    return _frame(uid, "Balance of the groups' characteristics", desc, width, height, body)


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None  # None: not shown (suppressed or not recorded)
    text: str  # what the table shows, also printed at the end of the bar


def _fit(label: str, limit: int = 34) -> str:
    """``label`` in ``limit`` characters; a long "Name, Place" keeps its place, so that two
    long names in different offices stay apart."""
    if len(label) <= limit:
        return label
    head, comma, tail = label.rpartition(", ")
    if comma and len(tail) + 8 <= limit:
        return f"{head[: limit - len(tail) - 3].rstrip()}…, {tail}"
    return f"{label[: limit - 1].rstrip()}…"


def bar_chart(
    uid: str,
    title: str,
    rows: Sequence[Bar],
    desc: str,
    maximum: float = 0,
    percent: bool = False,
) -> SafeString:
    """Horizontal bars, one a row, each labelled with its value. ``percent``: every bar on
    one scale from 0 to 100%, marked under the bars."""
    label_w, plot_w, row_h, top = 240, 340, 26, 8
    bottom = top + row_h * max(len(rows), 1)
    width, height = label_w + plot_w + 120, bottom + (34 if percent else 10)
    biggest = 100.0 if percent else max([maximum] + [r.value for r in rows if r.value is not None])
    biggest = biggest or 1
    body = []
    if percent:
        for tick in (0, 25, 50, 75, 100):
            x = label_w + plot_w * tick / 100
            body.append(
                f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top}" y2="{bottom}" '
                f'stroke="{LIGHT}" stroke-width="1"{"" if tick == 0 else DASHED}/>'
            )
            body.append(_text(x, bottom + 20, f"{tick}%", "middle", GREY))
    for i, row in enumerate(rows):
        y = top + row_h * i
        body.append(_text(0, y + 17, _fit(row.label)))
        length = 0.0 if row.value is None else plot_w * row.value / biggest
        if length > 0:
            body.append(
                f'<rect x="{label_w}" y="{y + 4}" width="{length:.1f}" height="{row_h - 8}" '
                f'fill="{BLUE}"/>'
            )
        body.append(_text(label_w + length + 6, y + 17, row.text, fill=GREY, halo=percent))
    return _frame(uid, title, desc, width, height, body)
