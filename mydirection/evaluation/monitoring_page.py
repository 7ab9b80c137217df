"""What the monitoring page shows of a figure: its table (small numbers suppressed, shares as
percentages), a bar chart of its chart column, and its breakdown turned round.

Every table fits the page: a figure's own table has a few columns, and its breakdown (each
area of need, each tool, each reason) has a row for each kind and a column for each group,
``GROUPS_A_TABLE`` groups to a table. The charts show shares where the groups differ in size,
on one scale from 0 to 100%; the tables beside them give the counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.safestring import SafeString

from mydirection.evaluation import svg
from mydirection.evaluation.monitoring import DIMENSION_LABELS, Breakdown, Column, Dimension, Figure
from mydirection.evaluation.suppression import SUPPRESSED, count_text, share_text

Row = dict[str, Any]

# Groups in one breakdown table: with the kinds' column, five columns of "2,205 (83.7%)" fit
# the page's 960 px; more groups make more tables, never a wider one.
GROUPS_A_TABLE = 5


@dataclass(frozen=True)
class Line:
    """A row of a shown table: its heading and its cells, as text."""

    label: str
    cells: list[str]


@dataclass(frozen=True)
class BreakdownTable:
    caption: str
    heading: str  # over the kinds
    groups: list[str]
    whole: Line  # what each count is a share of, for each group
    lines: list[Line]  # a line for each kind


@dataclass(frozen=True)
class Shown:
    figure: Figure
    rows: list[Line]
    chart: SafeString
    breakdown: list[BreakdownTable]


def share_of(row: Row, column: Column) -> float | None:
    whole = row[column.whole] or 0
    return None if not whole else 100 * (row[column.part] or 0) / whole


def cell(row: Row, column: Column) -> str:
    """The text of one cell: counts of people under 5 suppressed, shares as percentages
    (suppressed when they would reveal fewer than 5 people)."""
    if column.is_share:
        whole, part = int(row[column.whole] or 0), int(row[column.part] or 0)
        if not whole:
            return ""
        if column.people:
            return share_text(part, whole)
        return f"{100 * part / whole:.{column.decimals}f}%"
    value = row[column.key]
    if value is None:
        return ""
    if column.people:
        return count_text(int(value))
    if column.decimals:
        return f"{value:.{column.decimals}f}"
    return f"{int(value):,}"


def _count_and_share(row: Row, column: Column, whole: int) -> str:
    count = int(row[column.key] or 0)
    if column.people:
        return count_text(count)
    return f"{count:,} ({100 * count / whole:.1f}%)" if whole else f"{count:,}"


def chart(figure: Figure, rows: list[Row], by: Dimension) -> SafeString:
    column = next(c for c in figure.columns if c.key == figure.chart)
    bars = []
    for row in rows:
        text = cell(row, column)
        if column.is_share:
            value = None if text in (SUPPRESSED, "") else share_of(row, column)
        else:
            value = None if text == SUPPRESSED else float(row[column.key] or 0)
        bars.append(svg.Bar(row["group"], value, text))
    per = DIMENSION_LABELS[by].lower()
    return svg.bar_chart(
        f"chart-{figure.key}",
        f"{figure.title} by {per}",
        bars,
        f"{column.full_label}, one bar per {per}; the table gives every figure.",
        percent=column.is_share,
    )


def breakdown_tables(
    breakdown: Breakdown, figure: Figure, rows: list[Row], by: Dimension
) -> list[BreakdownTable]:
    whole_column = next(c for c in figure.columns if c.key == breakdown.whole)
    per = DIMENSION_LABELS[by].lower()
    chunks = [rows[i : i + GROUPS_A_TABLE] for i in range(0, len(rows), GROUPS_A_TABLE)]
    tables = []
    for number, chunk in enumerate(chunks, start=1):
        caption = f"{breakdown.title} by {per}"
        if len(chunks) > 1:
            caption += f" ({number} of {len(chunks)})"
        tables.append(
            BreakdownTable(
                caption=caption,
                heading=breakdown.heading,
                groups=[row["group"] for row in chunk],
                whole=Line(whole_column.label, [cell(row, whole_column) for row in chunk]),
                lines=[
                    Line(
                        item.full_label,
                        [
                            _count_and_share(row, item, int(row[breakdown.whole] or 0))
                            for row in chunk
                        ],
                    )
                    for item in breakdown.items
                ],
            )
        )
    return tables


def shown(figure: Figure, rows: list[Row], by: Dimension) -> Shown:
    return Shown(
        figure=figure,
        rows=[Line(row["group"], [cell(row, c) for c in figure.columns]) for row in rows],
        chart=chart(figure, rows, by),
        breakdown=(
            breakdown_tables(figure.breakdown, figure, rows, by) if figure.breakdown else []
        ),
    )
