"""Data rights' rules as plain functions."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from mydirection.dates import add_months
from mydirection.people import ending
from mydirection.people.ending import OrderDates


def one_month_after(received: date) -> date:
    """A request is answered within one calendar month of receipt: the same day next month, or
    that month's last day when it has no such day (received 31 January, due 28 February)."""
    return add_months(received, 1)


def days_left(due: date, today: date) -> int:
    return (due - today).days


# --- Retention --------------------------------------------------------------------------
# The schedule is plain data: ``DEFAULT_SCHEDULE`` below, which the setting
# ``MYDIRECTION_RETENTION`` (``settings.RETENTION``) may change record type by record type.
# The functions take dates and return dates or booleans: no database, no clock.


class Trigger(StrEnum):
    """What a record's retention period runs from."""

    # The end of the person's last order (ended early, or its end date): their case ending.
    CASE_END = "case_end"
    # The row's own date (when a code was made, a message was sent).
    RECORDED = "recorded"


@dataclass(frozen=True)
class Period:
    """How long one type of record is kept, from what, and why."""

    record_type: str
    title: str
    trigger: Trigger
    reason: str
    years: int = 0
    days: int = 0
    # Kept at least until the person's birthday of this age (the MoJ's "until 100").
    until_age: int | None = None
    # For row-level periods (``Trigger.RECORDED``): the rows' model and the date they run from.
    model: str = ""
    date_field: str = ""
    # Whether the data protection officer reviews each erasure (people's records) or rows past
    # their period are deleted by the task worker (credentials and other short-lived rows).
    review: bool = True


MOJ_RRDS = (
    "MoJ Records, Information Management and Retention Policy (PI 02/2018 and the HMPPS "
    "retention schedule): a probation case record is kept for 7 years after the end of the "
    "sentence or order. A default until HMPPS's records owner signs the periods off"
)

DEFAULT_SCHEDULE: tuple[Period, ...] = (
    Period(
        "case",
        "Case records",
        Trigger.CASE_END,
        MOJ_RRDS,
        years=7,
    ),
    Period(
        "case_serious_harm",
        "Case records of people assessed as a high or very high risk of serious harm",
        Trigger.CASE_END,
        "The MoJ schedule keeps the records of people who may cause serious harm (MAPPA, "
        "serious further offences) until their 100th birthday, and never less than 7 years "
        "after the case ends",
        years=7,
        until_age=100,
    ),
    Period(
        "messages",
        "Messages between the person and their case manager",
        Trigger.CASE_END,
        "Part of the case record: kept, and erased, with it",
        years=7,
    ),
    Period(
        "sign_in_codes",
        "App sign-in codes",
        Trigger.RECORDED,
        "A one-time code is of no use once it has expired; kept 28 days to look into "
        "misuse of an account, then deleted without review",
        days=28,
        model="portal.SignInCode",
        date_field="created_at",
        review=False,
    ),
)

# Risk levels whose records follow ``case_serious_harm`` (the setting may change them).
SERIOUS_HARM_RISK_LEVELS = frozenset({"high", "very_high"})


def schedule(overrides: Mapping[str, Mapping[str, Any]] | None = None) -> dict[str, Period]:
    """The schedule by record type: the defaults, with each override's fields replacing
    theirs (``{"case": {"years": 6, "reason": "..."}}``). An override must give its reason."""
    periods = {period.record_type: period for period in DEFAULT_SCHEDULE}
    for record_type, changes in (overrides or {}).items():
        if record_type not in periods:
            raise ValueError(f"No record type {record_type!r} in the retention schedule")
        if "reason" not in changes:
            raise ValueError(f"A change to the retention of {record_type!r} must give its reason")
        periods[record_type] = replace(periods[record_type], **changes)
    return periods


def add_years(day: date, years: int) -> date:
    """The same day ``years`` on; 29 February becomes 28 February in a year with none."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def case_ended_on(orders: Iterable[OrderDates], today: date) -> date | None:
    """The day the case ended: the last of its orders' ends (the day an order ended early, or
    its end date). None while any order is current, or when there is none."""
    orders = list(orders)
    if not ending.is_finished(orders, today):
        return None
    return max(order.ended_early_on or order.end_date for order in orders)


def keep_until(period: Period, start: date, date_of_birth: date | None = None) -> date:
    """The last day a record is kept: its period from ``start``, and no earlier than the
    person's birthday of ``period.until_age`` when the period says so."""
    last = add_years(start, period.years) + timedelta(days=period.days)
    if period.until_age is not None and date_of_birth is not None:
        last = max(last, add_years(date_of_birth, period.until_age))
    return last


def is_past(last_day: date, today: date) -> bool:
    """Past its period once the last day it is kept has gone by."""
    return today > last_day


def period_for_case(periods: Mapping[str, Period], risk_level: str) -> Period:
    """Which period a person's case record follows."""
    if risk_level in SERIOUS_HARM_RISK_LEVELS:
        return periods["case_serious_harm"]
    return periods["case"]
