"""The rules of arranging and enforcement, as pure functions over plain values."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from mydirection.appointments.models import Frequency
from mydirection.people.models import OrderType

MAX_OCCURRENCES = 52
STEP = {
    Frequency.WEEKLY: timedelta(weeks=1),
    Frequency.FORTNIGHTLY: timedelta(weeks=2),
    Frequency.FOUR_WEEKLY: timedelta(weeks=4),
}


def occurrences(
    first: datetime, frequency: str | None, *, count: int | None = None, until: date | None = None
) -> list[datetime]:
    """The start of each occurrence: one, or a series by count or until a date (inclusive).

    Steps are added in local wall-clock time, so a 10am appointment stays at 10am across the
    change to and from British Summer Time.
    """
    if not frequency:
        return [first]
    step = STEP[Frequency(frequency)]
    naive, zone = first.replace(tzinfo=None), first.tzinfo
    starts: list[datetime] = []
    while len(starts) < MAX_OCCURRENCES:
        current = naive + step * len(starts)
        if count is not None and len(starts) >= count:
            break
        if until is not None and current.date() > until:
            break
        starts.append(current.replace(tzinfo=zone))
    return starts


def overlaps(a_start: datetime, a_end: datetime, b_start: datetime, b_end: datetime) -> bool:
    return a_start < b_end and b_start < a_end


@dataclass(frozen=True)
class EnforcementRule:
    """National Standards: what a failure to comply usually leads to. People decide."""

    failures_before_breach: int
    period_days: int
    guidance: str


# Community and suspended sentence orders: a first unacceptable failure within 12 months
# usually gets a warning; a second within the same 12 months usually means breach action
# (Sentencing Act 2020, Schedule 10; Probation Service enforcement policy). A licence has no
# fixed count: each failure is considered for recall.
RULES = {
    OrderType.COMMUNITY_ORDER: EnforcementRule(
        2,
        365,
        "A second unacceptable failure within 12 months usually means breach action.",
    ),
    OrderType.SUSPENDED_SENTENCE: EnforcementRule(
        2,
        365,
        "A second unacceptable failure within 12 months usually means breach action.",
    ),
    OrderType.LICENCE: EnforcementRule(
        1, 365, "Each failure on licence is considered for a warning or recall."
    ),
}


def rule_for(order_type: str | None) -> EnforcementRule:
    return RULES.get(
        OrderType(order_type) if order_type else OrderType.COMMUNITY_ORDER,
        RULES[OrderType.COMMUNITY_ORDER],
    )


def failures_in_period(failure_days: list[date], on: date, rule: EnforcementRule) -> int:
    """How many failures fall within the rule's period ending on ``on``."""
    since = on - timedelta(days=rule.period_days)
    return sum(1 for day in failure_days if since < day <= on)


def breach_threshold_reached(failure_days: list[date], on: date, rule: EnforcementRule) -> bool:
    """Information for the decision maker only: never a decision."""
    return failures_in_period(failure_days, on, rule) >= rule.failures_before_breach
