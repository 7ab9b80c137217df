"""The period a monitoring figure covers (issue 16, item 2).

Each figure is dated by one date of its records: the same date its "by month" view groups on
(an appointment's start, a consent's giving, a decision's making, a person's joining the
programme). The period keeps the records whose date falls in it. Both ends are days and
inclusive; either may be open. The page shows the last 12 whole months (``last_whole_months``)
unless another period is chosen.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q

from mydirection.dates import add_months, start_of
from mydirection.templatetags.govuk import govuk_date


@dataclass(frozen=True)
class Period:
    since: date | None = None
    until: date | None = None

    def on(self, field: str) -> Q:
        """A date field (``DateField``) in the period."""
        condition = Q()
        if self.since is not None:
            condition &= Q(**{f"{field}__gte": self.since})
        if self.until is not None:
            condition &= Q(**{f"{field}__lte": self.until})
        return condition

    def at(self, field: str) -> Q:
        """A moment (``DateTimeField``) in the period: from the start of its first day to the
        end of its last, in local time (an index range, not a function of the column)."""
        condition = Q()
        if self.since is not None:
            condition &= Q(**{f"{field}__gte": start_of(self.since)})
        if self.until is not None:
            condition &= Q(**{f"{field}__lt": start_of(self.until + timedelta(days=1))})
        return condition

    def overlapping(self, start: str, end: str) -> Q:
        """Something running from ``start`` to ``end`` (dates) at any time in the period."""
        condition = Q()
        if self.until is not None:
            condition &= Q(**{f"{start}__lte": self.until})
        if self.since is not None:
            condition &= Q(**{f"{end}__gte": self.since})
        return condition

    @property
    def text(self) -> str:
        """ "from 7 December 2025 to 6 December 2026", "to 6 December 2026", "all time"."""
        since = f"from {govuk_date(self.since)}" if self.since else ""
        until = f"to {govuk_date(self.until)}" if self.until else ""
        return " ".join(part for part in (since, until) if part) or "all time"


ALL = Period()


def last_12_months(today: date) -> Period:
    """The default: the 12 months ending today (7 December 2025 to 6 December 2026)."""
    return Period(add_months(today, -12) + timedelta(days=1), today)


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def last_whole_months(today: date, months: int = 12) -> Period:
    """The monitoring page's default: the ``months`` whole calendar months before this one
    (1 December 2025 to 30 November 2026, seen on 7 December 2026). This month is left out
    until it ends: its outcomes are still being recorded, and whole months compare with each
    other. Whole months are read from the summaries alone (``whole_months`` has no edges)."""
    first = first_of_month(today)
    return Period(add_months(first, -months), first - timedelta(days=1))


@dataclass(frozen=True)
class Months:
    """A period cut at month boundaries: the whole months in it (a period of first and last
    days of months, either end open), and the parts of months at its ends (at most two)."""

    whole: Period
    edges: tuple["Edge", ...]


@dataclass(frozen=True)
class Edge:
    """Part of a month at an end of a period: the month (its first day) and the part."""

    month: date
    part: Period


def whole_months(period: Period) -> Months | None:
    """The whole months in ``period`` and its ragged ends; None when it holds no whole month
    (it is shorter than a month, or within one)."""
    since, until = period.since, period.until
    whole_since = since
    if since is not None and since.day != 1:
        whole_since = add_months(first_of_month(since), 1)
    whole_until = until
    if until is not None and (until + timedelta(days=1)).day != 1:
        whole_until = first_of_month(until) - timedelta(days=1)
    if whole_since is not None and whole_until is not None and whole_since > whole_until:
        return None
    edges = []
    if since is not None and whole_since is not None and since < whole_since:
        edges.append(Edge(first_of_month(since), Period(since, whole_since - timedelta(days=1))))
    if until is not None and whole_until is not None and whole_until < until:
        edges.append(Edge(first_of_month(until), Period(whole_until + timedelta(days=1), until)))
    return Months(Period(whole_since, whole_until), tuple(edges))
