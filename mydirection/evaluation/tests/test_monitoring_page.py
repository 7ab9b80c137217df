"""What the monitoring page shows (issue 20, item 8): tables that fit the page, charts of
shares where the groups differ in size, and no style attribute for the Content Security
Policy to refuse."""

import re
from typing import Any

from django.test import Client
from django.urls import reverse

from mydirection.evaluation import monitoring, svg
from mydirection.evaluation.monitoring import FIGURES, Dimension
from mydirection.evaluation.monitoring_page import GROUPS_A_TABLE, cell, shown
from mydirection.evaluation.suppression import SUPPRESSED
from mydirection.practice import Area
from mydirection.testing import World, sign_in

# The group's column and five more fit the page's 960 px at 16 px.
MOST_COLUMNS = 6


def test_every_figures_own_table_has_few_enough_columns_to_fit() -> None:
    for figure in FIGURES:
        assert 1 + len(figure.columns) <= MOST_COLUMNS, figure.key


def test_the_chart_of_consents_compares_shares_not_counts() -> None:
    """240 consents against 2,529 says only that Hull is bigger: the chart shows the share
    of people with consent to the evaluation in force, the table the counts."""
    consents = monitoring.figure("consents")
    rows = [
        {"group": "Beverley", "people": 129, "given": 240, "withdrawn": 8, "evaluation": 95},
        {"group": "Hull", "people": 1298, "given": 2529, "withdrawn": 64, "evaluation": 978},
    ]
    page = shown(consents, rows, Dimension.OFFICE)
    bars = re.findall(r'<rect x="240" y="[\d.]+" width="([\d.]+)"', page.chart)
    # On one scale from 0 to 100%: 73.6% and 75.3% of 340 px.
    assert [round(float(width)) for width in bars] == [250, 256]
    assert ">73.6%<" in page.chart and ">75.3%<" in page.chart
    assert ">100%<" in page.chart  # the scale is marked
    assert ">2,529<" not in page.chart
    hull = next(row for row in page.rows if row.label == "Hull")
    assert hull.cells == ["1,298", "2,529", "64", "978", "75.3%"]


def test_a_share_that_would_reveal_fewer_than_5_people_is_suppressed() -> None:
    programme = monitoring.figure("programme")
    on = programme.column("on_programme_share")
    assert cell({"people": 134, "on_programme": 3}, on) == SUPPRESSED
    assert cell({"people": 134, "on_programme": 131}, on) == SUPPRESSED  # 3 left out
    assert cell({"people": 134, "on_programme": 67}, on) == "50.0%"
    assert cell({"people": 0, "on_programme": 0}, on) == ""
    page = shown(
        programme, [{"group": "Beverley", "people": 134, "on_programme": 3}], Dimension.OFFICE
    )
    assert "<rect x=" not in page.chart and f">{SUPPRESSED}<" in page.chart
    # Shares of appointments or decisions are shown however small.
    rate = monitoring.figure("attendance").column("rate")
    assert cell({"attended": 1, "with_outcome": 3}, rate) == "33.3%"


def _needs_row(group: str, attended: int) -> dict[str, Any]:
    areas = dict.fromkeys(Area.values, attended // 4)
    return {"group": group, "attended": attended, "any_need": attended // 2, "plan_goal": 1} | areas


def test_a_breakdown_is_turned_round_a_few_groups_to_a_table() -> None:
    """Each area of need is a row and each group a column: 12 case managers make three
    tables of at most five, never a table wider than the page."""
    needs = monitoring.figure("needs")
    rows = [_needs_row(f"Case manager {n}", 40 + n) for n in range(12)]
    tables = shown(needs, rows, Dimension.CASE_MANAGER).breakdown
    assert [len(table.groups) for table in tables] == [5, 5, 2]
    assert all(len(table.groups) <= GROUPS_A_TABLE for table in tables)
    first = tables[0]
    assert first.caption == "Each area of need discussed by case manager (1 of 3)"
    assert first.whole.label == "Attended appointments" and first.whole.cells[0] == "40"
    lines = {line.label: line.cells for line in first.lines}
    assert list(lines) == [label for _, label in Area.choices]
    assert lines["Accommodation"][0] == "10 (25.0%)"
    single = shown(needs, rows[:2], Dimension.OFFICE).breakdown
    assert [table.caption for table in single] == ["Each area of need discussed by office"]


def test_no_chart_has_a_style_attribute() -> None:
    charts = [
        svg.bar_chart("a", "Bars", [svg.Bar("Hull", 50.0, "50.0%")], "One bar", percent=True),
        svg.bar_chart("b", "Bars", [svg.Bar("Hull", 1.5, "1.5")], "One bar"),
        svg.forest_plot("c", [svg.Interval("Unadjusted", -0.05, -0.1, 0.01)], "Estimates"),
        svg.love_plot("d", [svg.Balance("Age", 0.2, 0.05)], "Balance"),
    ]
    for chart in charts:
        assert "style=" not in chart
        assert 'class="app-chart"' in chart


def test_the_monitoring_page_has_no_style_attribute_and_shows_shares(world: World) -> None:
    client = sign_in(Client(), world.evaluator)
    for by in ("office", "case_manager"):
        page = client.get(reverse("evaluation:home"), {"by": by}).content.decode()
        assert "<svg" in page
        assert " style=" not in page
        assert "On the programme (% of people)" in page
