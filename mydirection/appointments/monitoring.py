"""The pilot's implementation monitoring figures, computed by aggregate queries.

* attendance rate: appointments attended / appointments with an outcome (those waiting to be
  rescheduled are left out: they have not happened yet);
* needs discussed: for each of the eight areas, the share of attended appointments at which
  it was discussed;
* personalised working: the share of attended appointments at which at least one
  person-centred tool was used.

Each figure is grouped by office, team, case manager or month (of the appointment) and
computed in the database: two queries whatever the number of appointments (the totals, the
needs). Each is a plain inner join filtered on the appointment's time and grouped once.
Whether a tool was used is one probe of ``ToolUsed``'s (outcome, tool) index per attended
appointment (``EXISTS``, so two tools count once); an ``IN`` over every tool ever recorded is
too big to hash at 5,000,000 appointments, and a third grouped query over the tools costs as
much as the totals. See docs/benchmarks.md for their times at 5,000,000 appointments.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import TruncMonth

from mydirection.appointments.models import (
    ATTENDED,
    Appointment,
    NeedDiscussed,
    OutcomeKind,
    Status,
    ToolUsed,
)
from mydirection.practice import Area

GroupBy = Literal["office", "team", "case_manager", "month"]

# Grouped by the person's team and office and the member of staff holding the appointment.
_GROUP_FIELD: dict[str, str] = {
    "office": "person__team__office_id",
    "team": "person__team_id",
    "case_manager": "staff_id",
    "month": "month",
}


@dataclass
class Figures:
    key: Any
    with_outcome: int = 0
    attended: int = 0
    with_tools: int = 0
    needs: dict[str, int] = field(default_factory=dict)

    @property
    def attendance_rate(self) -> float | None:
        return self.attended / self.with_outcome if self.with_outcome else None

    def need_share(self, area: str) -> float | None:
        return self.needs.get(area, 0) / self.attended if self.attended else None

    @property
    def tools_share(self) -> float | None:
        return self.with_tools / self.attended if self.attended else None


# Outcomes that count: every kind but "to be rescheduled" (it has not happened yet).
COUNTED = tuple(kind for kind in OutcomeKind if kind != OutcomeKind.TO_BE_RESCHEDULED)


def _counted(
    appointment: str,
    since: datetime | None,
    until: datetime | None,
    appointments: QuerySet[Appointment] | None,
) -> Q:
    """Live appointments with an outcome that counts, in the range; ``appointment`` is the
    path to the appointment ("" from ``Appointment``, "outcome__appointment__" from a need)."""
    # From either model, "outcome__outcome" is the outcome's kind.
    condition = Q(**{f"{appointment}status": Status.ARRANGED, "outcome__outcome__in": COUNTED})
    if since is not None:
        condition &= Q(**{f"{appointment}starts_at__gte": since})
    if until is not None:
        condition &= Q(**{f"{appointment}starts_at__lt": until})
    if appointments is not None:
        path = appointment.removesuffix("__") or "pk"
        condition &= Q(**{f"{path}__in": appointments.values("pk")})
    return condition


def figures(
    group_by: GroupBy,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    appointments: QuerySet[Appointment] | None = None,
) -> dict[Any, Figures]:
    """Monitoring figures for each group. ``appointments`` narrows the rows (a team, say)."""
    key = _GROUP_FIELD[group_by]
    rows = Appointment.objects.filter(_counted("", since, until, appointments)).annotate(
        month=TruncMonth("starts_at")
    )
    attended = Q(outcome__outcome__in=ATTENDED)
    # On the outcome already joined: one index probe, no join inside the subquery.
    tools = Exists(ToolUsed.objects.filter(outcome_id=OuterRef("outcome__id")))
    totals = (
        rows.values(key)
        .annotate(
            with_outcome=Count("id"),
            attended=Count("id", filter=attended),
            with_tools=Count("id", filter=attended & Q(tools)),
        )
        .order_by(key)
    )
    result = {
        row[key]: Figures(row[key], row["with_outcome"], row["attended"], row["with_tools"])
        for row in totals
    }
    joined_key = "outcome__appointment__" + key if key != "month" else "month"
    # One row per (group, area), joined straight to the outcome and the appointment (no IN
    # over the first query's rows): needs are recorded at attended appointments only.
    needs = NeedDiscussed.objects.filter(
        _counted("outcome__appointment__", since, until, appointments),
        outcome__outcome__in=ATTENDED,
    )
    if key == "month":
        needs = needs.annotate(month=TruncMonth("outcome__appointment__starts_at"))
    for row in needs.values(joined_key, "area").annotate(n=Count("id")).order_by():
        group = result.get(row[joined_key])
        if group is not None:
            group.needs[row["area"]] = row["n"]
    return result


def overall(**kwargs: Any) -> Figures:
    """The figures for everything in ``kwargs``' range, as one group."""
    groups = figures("office", **kwargs).values()
    total = Figures("all")
    for group in groups:
        total.with_outcome += group.with_outcome
        total.attended += group.attended
        total.with_tools += group.with_tools
        for area in Area.values:
            total.needs[area] = total.needs.get(area, 0) + group.needs.get(area, 0)
    return total
