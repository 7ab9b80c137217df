"""The Enabling Fund report as the evaluation shows and downloads it.

The figures are ``fund.reports``'s; here they become text, small numbers suppressed with
``suppression`` as on every evaluation page:

* a count of people reads "fewer than 5" under 5 (``count_text``), as on the monitoring page;
* money spent on fewer than 5 people (a group's total, mean and largest purchase) reads
  "fewer than 5" too, as a mean over fewer than 5 people does on the impact report; the
  totals of every use follow the same rule, as the impact report's cohort size does;
* counts of uses, requests and decisions, the approval rate and how long decisions took are
  shown as they are, as the monitoring page shows counts of appointments and decisions.

No person is named or counted on their own: there is no row per person anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from mydirection.evaluation.suppression import SUPPRESSED, count_text, is_small
from mydirection.fund.reports import BY_LABELS, By, FundReport, Spending
from mydirection.money import pounds

TITLES = {
    By.CATEGORY: "What the money was for",
    By.PROVIDER: "Who was paid",
    By.OFFICE: "Where",
    By.MONTH: "When it was paid",
}


@dataclass(frozen=True)
class SpendingRow:
    label: str
    uses: str
    people: str
    total: str
    mean: str
    largest: str


def spending_row(row: Spending) -> SpendingRow:
    """One group's uses: its money suppressed with its count of people."""
    small = is_small(row.people)

    def money(pence: int) -> str:
        return SUPPRESSED if small else pounds(pence)

    return SpendingRow(
        label=row.label,
        uses=f"{row.uses:,}",
        people=count_text(row.people),
        total=money(row.total),
        mean=money(row.mean),
        largest=money(row.largest),
    )


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    heading: str
    rows: list[SpendingRow]


@dataclass(frozen=True)
class Figure:
    label: str
    value: str


@dataclass(frozen=True)
class TimeRow:
    label: str
    decisions: str
    median: str
    ninetieth: str


def duration_text(took: timedelta | None) -> str:
    """How long, in the unit a reader thinks in: hours within two days, else days."""
    if took is None:
        return "no decisions"
    hours = took.total_seconds() / 3600
    if hours < 1:
        return "under an hour"
    if hours < 48:
        whole = round(hours)
        return "1 hour" if whole == 1 else f"{whole} hours"
    days = hours / 24
    shown = f"{days:.1f}".removesuffix(".0")
    return f"{shown} days"


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "no decisions"


@dataclass(frozen=True)
class ShownReport:
    """Everything the page and the CSV show, already suppressed."""

    any_uses: bool
    key: list[Figure]
    money: list[Figure]
    tables: list[Table]
    requests: list[Figure]
    decisions: list[Figure]
    times: list[TimeRow]

    def csv_rows(self, title: str, period: str) -> list[list[str]]:
        rows: list[list[str]] = [["MyDirection Enabling Fund report", title], ["Period", period]]
        for section, figures in (
            ("Uses", self.key),
            ("The pots' money", self.money),
            ("Requests", self.requests),
            ("Decisions", self.decisions),
        ):
            rows += [[], [section, ""], *([f.label, f.value] for f in figures)]
        heading = ["Uses", "People", "Total spent", "Mean purchase", "Largest purchase"]
        for table in self.tables:
            rows += [[], [table.heading, *heading]]
            rows += [[r.label, r.uses, r.people, r.total, r.mean, r.largest] for r in table.rows]
        rows += [[], ["Level the request needed", "Decisions", "Median time", "90th percentile"]]
        rows += [[t.label, t.decisions, t.median, t.ninetieth] for t in self.times]
        return rows


def shown(report: FundReport) -> ShownReport:
    overall = spending_row(report.overall)
    key = [
        Figure("Uses (requests paid)", overall.uses),
        Figure("People", overall.people),
        Figure("Total spent", overall.total),
        Figure("Mean purchase", overall.mean),
        Figure("Largest purchase", overall.largest),
        Figure("Receipts still to come", f"{report.overall.without_receipt:,}"),
        Figure("Receipts overdue", f"{report.overall.overdue:,}"),
    ]
    money = report.money
    pot_money = [
        Figure("Pots", f"{money.pots:,}" + (f" ({money.closed:,} closed)" if money.closed else "")),
        Figure("Money put in", pounds(money.put_in)),
        Figure("Cut", pounds(money.cut)),
        Figure("Returned when pots closed", pounds(money.returned)),
    ]
    statuses = report.statuses
    requests = [
        Figure("Requests made", f"{statuses.asked:,}"),
        Figure("Waiting for a decision", f"{statuses.waiting:,}"),
        Figure("Approved, not yet paid", f"{statuses.approved:,}"),
        Figure("Paid", f"{statuses.paid:,}"),
        Figure("Declined, with a reason for the person", f"{statuses.declined_by_someone:,}"),
        Figure("Declined because the fund closed", f"{statuses.declined_fund_closed:,}"),
        Figure("Cancelled", f"{statuses.cancelled:,}"),
    ]
    decisions = [
        Figure("Decisions made", f"{statuses.decided:,}"),
        Figure("Approved", f"{statuses.approved_decisions:,}"),
        Figure("Approval rate", _share(statuses.approved_decisions, statuses.decided)),
        Figure(
            "At the case manager's level (the fast lane)",
            f"{statuses.fast_lane:,} of {statuses.decided:,} "
            f"({_share(statuses.fast_lane, statuses.decided)})",
        ),
    ]
    return ShownReport(
        any_uses=report.overall.uses > 0,
        key=key,
        money=pot_money,
        tables=[
            Table(by.value, TITLES[by], BY_LABELS[by], [spending_row(r) for r in report.by[by]])
            for by in By
        ],
        requests=requests,
        decisions=decisions,
        times=[
            TimeRow(
                t.label,
                f"{t.decisions:,}",
                duration_text(t.median),
                duration_text(t.ninetieth),
            )
            for t in report.times
        ],
    )
