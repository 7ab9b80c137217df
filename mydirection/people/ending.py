"""When an order is current, when a case has finished, and what ending an order must say.

One definition each, used by the caseload (its default list is the live caseload), by
allocation (a finished case is not reallocated) and by the page that records how an order
ended. The plain functions decide for objects in memory; ``current_orders`` and
``finished_cases`` are the same rules as database expressions, for lists.
"""

from collections.abc import Iterable
from datetime import date
from typing import Protocol

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q, QuerySet

from mydirection.people.models import Order, TerminationReason

NOTE_LENGTH = 500


class OrderDates(Protocol):
    start_date: date
    end_date: date
    ended_early_on: date | None


def is_current(order: OrderDates, today: date) -> bool:
    """Running today or yet to start: not ended early, and not past its end date."""
    return order.ended_early_on is None and order.end_date >= today


def is_finished(orders: Iterable[OrderDates], today: date) -> bool:
    """A finished case: it has orders and none is current. (A person with no order recorded
    yet is a case being set up, not a finished one.)"""
    orders = list(orders)
    return bool(orders) and not any(is_current(order, today) for order in orders)


def current_orders(today: date) -> QuerySet[Order]:
    """``is_current`` in the database."""
    return Order.objects.filter(ended_early_on__isnull=True, end_date__gte=today)


def finished_cases(today: date) -> Q:
    """``is_finished`` in the database, as a filter on people."""
    return Q(Exists(Order.objects.filter(person=OuterRef("pk")))) & ~Q(
        Exists(current_orders(today).filter(person=OuterRef("pk")))
    )


def check_ending(
    order: OrderDates, *, reason: str, ended_on: date | None, note: str, today: date
) -> date:
    """The day the order ended, once checked; or what is wrong, as a ``ValidationError`` by
    field.

    The order ends on a day between its start and its end date, not in the future; "Other"
    says what happened.
    """
    errors: dict[str, str] = {}
    if reason not in TerminationReason.values:
        errors["reason"] = "Select why the order ended"
    if ended_on is None:
        errors["ended_on"] = "Enter the date the order ended"
    elif ended_on > today:
        errors["ended_on"] = "The date the order ended must be today or in the past"
    elif ended_on < order.start_date:
        errors["ended_on"] = (
            f"The date the order ended must be on or after its start, {_long(order.start_date)}"
        )
    elif ended_on > order.end_date:
        errors["ended_on"] = (
            f"The date the order ended must be on or before its end date, {_long(order.end_date)}"
        )
    if reason == TerminationReason.OTHER and not note.strip():
        errors["note"] = "Say why the order ended"
    if len(note) > NOTE_LENGTH:
        errors["note"] = f"The note must be {NOTE_LENGTH} characters or fewer"
    if errors or ended_on is None:
        raise ValidationError(errors)
    return ended_on


def _long(day: date) -> str:
    return f"{day.day} {day:%B} {day.year}"
