"""Local days and months: where a local day starts (a moment the database compares with a
timestamp) and a day moved by whole months. One definition for the diaries, the "Needs
attention" panel, the monitoring periods, their summaries and the demo."""

import calendar
from datetime import date, datetime, time

from django.utils import timezone


def start_of(day: date) -> datetime:
    """The moment a local day starts (midnight in the service's time zone)."""
    return datetime.combine(day, time(), tzinfo=timezone.get_current_timezone())


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months, kept within the month (31 January + 1: 28 February)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
