"""Office hours in the demo: 9am to 5pm, Monday to Friday, UK time.

What staff do in the demo happens then, whenever the demo is loaded: appointments and the
app's sessions, outcomes recorded, requests answered. Reminders keep each person's own
contact hours instead (``notifications.hours``, as the app sends them).
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

OPENS = 9
CLOSES = 17


def zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=zone())


def is_working_day(day: date) -> bool:
    return day.weekday() < 5


def working_day_on_or_before(day: date) -> date:
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


def working_day_on_or_after(day: date) -> date:
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def in_office_hours(moment: datetime) -> bool:
    local = timezone.localtime(moment, zone())
    return is_working_day(local.date()) and OPENS <= local.hour < CLOSES


def next_office_time(moment: datetime) -> datetime:
    """``moment`` when the office is open then; otherwise the same minute past the hour after
    it next opens (so that moved times stay spread out)."""
    if in_office_hours(moment):
        return moment
    local = timezone.localtime(moment, zone())
    day = local.date() if local.hour < OPENS else local.date() + timedelta(days=1)
    return at(working_day_on_or_after(day), OPENS, local.minute)


def last_office_time(moment: datetime) -> datetime:
    """``moment`` when the office is open then; otherwise the same minute past the hour before
    it last closed."""
    if in_office_hours(moment):
        return moment
    local = timezone.localtime(moment, zone())
    day = local.date() if local.hour >= CLOSES else local.date() - timedelta(days=1)
    return at(working_day_on_or_before(day), CLOSES - 1, local.minute)
