"""Data rights' rules as plain functions."""

import calendar
from datetime import date


def one_month_after(received: date) -> date:
    """A request is answered within one calendar month of receipt: the same day next month, or
    that month's last day when it has no such day (received 31 January, due 28 February)."""
    year, month = (
        (received.year + 1, 1) if received.month == 12 else (received.year, received.month + 1)
    )
    return date(year, month, min(received.day, calendar.monthrange(year, month)[1]))


def days_left(due: date, today: date) -> int:
    return (due - today).days
