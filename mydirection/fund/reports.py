"""The Enabling Fund's figures, for the programme manager and the evaluation.

What was paid out, to how many people, for what, from whom, where and when; how the requests
were decided, how long that took and at which level; the receipts still to come; and the
money put in, cut and returned. The pilot's were 10 uses by 9 people, £453.40 in all, the
largest £84, mostly accommodation, food and clothing: the same figures come out of a pot
shaped like it.

Each function reads a ``Scope`` (one pot or every pot, and a period) with one aggregate query
grouped in the database, whatever the number of requests: ``report`` is nine queries in
all. The numbers are raw (counts, pence, durations); the pages that show them suppress small
numbers as every evaluation page does (``evaluation.suppression``), so nothing here decides
what may be shown.

Which day counts: a use (a paid request) by the day it was paid; a request by the day it
was asked; money put in, cut or returned by the day it moved.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from typing import Any
from uuid import UUID

from django.db.models import (
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Max,
    Q,
    QuerySet,
    Sum,
)
from django.db.models.functions import TruncMonth
from django.utils import timezone

from mydirection.dates import start_of
from mydirection.fund.models import (
    FUND_CLOSED_REASON,
    Account,
    Category,
    Entry,
    Fund,
    Level,
    MovementKind,
    Request,
    Status,
)

# A pot with no office is the programme's.
PROGRAMME_WIDE = "Programme-wide"


@dataclass(frozen=True)
class Scope:
    """One pot (``fund``) or every pot (``None``), over a period (either end open)."""

    fund: Fund | None = None
    start: date | None = None
    end: date | None = None

    def when(self, path: str) -> Q:
        """``path`` (a date and time) inside the period, in UK days."""
        found = Q()
        if self.start is not None:
            found &= Q(**{f"{path}__gte": start_of(self.start)})
        if self.end is not None:
            found &= Q(**{f"{path}__lt": start_of(self.end + timedelta(days=1))})
        return found

    def pots(self, path: str = "fund") -> Q:
        return Q(**{path: self.fund}) if self.fund is not None else Q()


def _mean(total: int, count: int) -> int:
    """``total`` pence shared over ``count``, to the nearest penny (halves up)."""
    return (2 * total + count) // (2 * count) if count else 0


@dataclass(frozen=True)
class Spending:
    """Uses (paid requests) in one group: how many, by how many people, in pence."""

    label: str
    uses: int
    people: int
    total: int
    largest: int

    @property
    def mean(self) -> int:
        return _mean(self.total, self.uses)


@dataclass(frozen=True)
class Overall(Spending):
    """Every use in the scope, with the receipts still to come."""

    without_receipt: int = 0
    # Of those, past the day the receipt was due (chased on the pot's page).
    overdue: int = 0


class By(StrEnum):
    CATEGORY = "category"
    PROVIDER = "provider"
    OFFICE = "office"
    MONTH = "month"


BY_LABELS = {
    By.CATEGORY: "Category",
    By.PROVIDER: "Provider",
    By.OFFICE: "Office",
    By.MONTH: "Month paid",
}

_GROUP_FIELDS: dict[By, str] = {
    By.CATEGORY: "category",
    By.PROVIDER: "provider__name",
    By.OFFICE: "fund__office__name",
    By.MONTH: "month",
}


def uses(scope: Scope) -> QuerySet[Request]:
    """The paid requests of the scope, by the day they were paid."""
    return Request.objects.filter(scope.pots(), scope.when("paid_at"), status=Status.PAID)


def _spending_aggregates() -> dict[str, Any]:
    return {
        "uses": Count("pk"),
        "people": Count("person", distinct=True),
        "total": Sum("paid_amount"),
        "largest": Max("paid_amount"),
    }


def spending(scope: Scope, today: date | None = None) -> Overall:
    """Every use in the scope, and its receipts still to come (one query)."""
    today = today or timezone.localdate()
    no_receipt = Q(receipt__isnull=True)
    row = uses(scope).aggregate(
        **_spending_aggregates(),
        without_receipt=Count("pk", filter=no_receipt),
        overdue=Count("pk", filter=no_receipt & Q(receipt_due_on__lt=today)),
    )
    return Overall(
        label="All uses",
        uses=row["uses"],
        people=row["people"],
        total=row["total"] or 0,
        largest=row["largest"] or 0,
        without_receipt=row["without_receipt"],
        overdue=row["overdue"],
    )


def _label(by: By, value: Any) -> str:
    if by is By.CATEGORY:
        return str(Category(value).label)
    if by is By.OFFICE:
        return str(value) if value else PROGRAMME_WIDE
    if by is By.MONTH:
        return "No date" if value is None else f"{value:%B %Y}"
    return str(value)


def spending_by(scope: Scope, by: By) -> list[Spending]:
    """The uses grouped by ``by`` (one query): by month in time order, by office by name,
    otherwise the most used first."""
    rows = uses(scope)
    if by is By.MONTH:
        rows = rows.annotate(month=TruncMonth("paid_at"))
    key = _GROUP_FIELDS[by]
    grouped = rows.values(key).annotate(**_spending_aggregates()).order_by(key)
    found = [
        Spending(
            label=_label(by, row[key]),
            uses=row["uses"],
            people=row["people"],
            total=row["total"] or 0,
            largest=row["largest"] or 0,
        )
        for row in grouped
    ]
    if by in (By.CATEGORY, By.PROVIDER):
        found.sort(key=lambda s: (-s.uses, -s.total, s.label))
    elif by is By.OFFICE:
        found.sort(key=lambda s: (s.label == PROGRAMME_WIDE, s.label))
    return found


@dataclass(frozen=True)
class Statuses:
    """The requests asked in the scope, by where they are now and how they were decided.

    ``decided`` counts decisions someone made (approved, whatever happened next, or
    declined), not requests declined because their pot closed.
    """

    asked: int
    waiting: int
    approved: int  # approved, not yet paid
    paid: int
    declined: int
    declined_fund_closed: int
    cancelled: int
    decided: int
    approved_decisions: int
    decided_at_level: dict[Level, int] = field(default_factory=dict)

    @property
    def declined_by_someone(self) -> int:
        return self.declined - self.declined_fund_closed

    @property
    def fast_lane(self) -> int:
        """Decided in one step by the case manager: the requests within their limit."""
        return self.decided_at_level.get(Level.CASE_MANAGER, 0)


FUND_CLOSED = Q(status=Status.DECLINED, reason=FUND_CLOSED_REASON)
# A decision someone made: a request declined because its pot closed was decided by nobody.
DECIDED = Q(decided_at__isnull=False) & ~FUND_CLOSED


def asked(scope: Scope) -> QuerySet[Request]:
    """The requests of the scope, by the day they were asked."""
    return Request.objects.filter(scope.pots(), scope.when("asked_at"))


def statuses(scope: Scope) -> Statuses:
    """One query."""
    by_status = {s: Count("pk", filter=Q(status=s)) for s in Status}
    at_level = {
        f"level_{level.value}": Count("pk", filter=DECIDED & Q(level=level)) for level in Level
    }
    row = asked(scope).aggregate(
        asked=Count("pk"),
        **{f"status_{s.value}": count for s, count in by_status.items()},
        declined_fund_closed=Count("pk", filter=FUND_CLOSED),
        decided=Count("pk", filter=DECIDED),
        approved_decisions=Count("pk", filter=DECIDED & ~Q(status=Status.DECLINED)),
        **at_level,
    )
    return Statuses(
        asked=row["asked"],
        waiting=row[f"status_{Status.WAITING.value}"],
        approved=row[f"status_{Status.APPROVED.value}"],
        paid=row[f"status_{Status.PAID.value}"],
        declined=row[f"status_{Status.DECLINED.value}"],
        declined_fund_closed=row["declined_fund_closed"],
        cancelled=row[f"status_{Status.CANCELLED.value}"],
        decided=row["decided"],
        approved_decisions=row["approved_decisions"],
        decided_at_level={level: row[f"level_{level.value}"] for level in Level},
    )


@dataclass(frozen=True)
class DecisionTimes:
    """From asking to the decision, for the requests one level decides (``None``: all)."""

    level: Level | None
    decisions: int
    median: timedelta | None
    ninetieth: timedelta | None

    @property
    def label(self) -> str:
        return "Every decision" if self.level is None else str(self.level.label)


def percentile(ordered: Sequence[timedelta], share: float) -> timedelta | None:
    """The ``share`` percentile of ``ordered`` (sorted), interpolating between neighbours."""
    if not ordered:
        return None
    position = share * (len(ordered) - 1)
    below = int(position)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (ordered[above] - ordered[below]) * (position - below)


def decision_times(scope: Scope) -> list[DecisionTimes]:
    """The median and the 90th percentile, for each level and for every decision.

    One query: the database works out each decision's time and sorts them; the percentiles
    are read off that one column (SQLite has no percentile function).
    """
    took = ExpressionWrapper(F("decided_at") - F("asked_at"), output_field=DurationField())
    rows = (
        asked(scope)
        .filter(DECIDED)
        .annotate(took=took)
        .order_by("took")
        .values_list("level", "took")
    )
    every: list[timedelta] = []
    per_level: dict[Level, list[timedelta]] = {level: [] for level in Level}
    for level, duration in rows:
        every.append(duration)
        per_level[Level(level)].append(duration)
    times = [
        DecisionTimes(level, len(found), percentile(found, 0.5), percentile(found, 0.9))
        for level, found in per_level.items()
    ]
    times.append(DecisionTimes(None, len(every), percentile(every, 0.5), percentile(every, 0.9)))
    return times


@dataclass(frozen=True)
class PotMoney:
    """Money put in, cut and given back when pots closed, in pence (from the ledger)."""

    pots: int
    closed: int
    put_in: int
    cut: int
    returned: int


def pot_money(scope: Scope) -> PotMoney:
    """Two queries: the pots, and their ledger's movements to and from where the money came
    from."""
    funds = Fund.objects.filter(pk=scope.fund.pk) if scope.fund is not None else Fund.objects
    pots = funds.aggregate(pots=Count("pk"), closed=Count("pk", filter=Q(closed_on__isnull=False)))
    source = Entry.objects.filter(scope.pots(), scope.when("movement__at"), account=Account.SOURCE)
    back = (MovementKind.CLOSED, MovementKind.PAID, MovementKind.RELEASED)
    row = source.aggregate(
        put_in=Sum("amount", filter=Q(movement__kind=MovementKind.FUNDED)),
        cut=Sum("amount", filter=Q(movement__kind=MovementKind.CUT)),
        returned=Sum("amount", filter=Q(movement__kind__in=back)),
    )
    return PotMoney(
        pots=pots["pots"],
        closed=pots["closed"],
        put_in=-(row["put_in"] or 0),
        cut=row["cut"] or 0,
        returned=row["returned"] or 0,
    )


def people_in(scope: Scope) -> list[UUID]:
    """Everyone whose requests the figures combine (for the access log): one query."""
    combined = Request.objects.filter(scope.pots())
    if scope.start is not None or scope.end is not None:
        combined = combined.filter(
            scope.when("asked_at") | (scope.when("paid_at") & Q(status=Status.PAID))
        )
    return list(combined.order_by().values_list("person_id", flat=True).distinct())


@dataclass(frozen=True)
class FundReport:
    scope: Scope
    money: PotMoney
    overall: Overall
    by: dict[By, list[Spending]]
    statuses: Statuses
    times: list[DecisionTimes]


def report(scope: Scope, today: date | None = None) -> FundReport:
    """Every figure of the scope: nine queries, whatever the number of requests."""
    return FundReport(
        scope=scope,
        money=pot_money(scope),
        overall=spending(scope, today),
        by={by: spending_by(scope, by) for by in By},
        statuses=statuses(scope),
        times=decision_times(scope),
    )
