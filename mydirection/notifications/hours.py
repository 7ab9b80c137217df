"""When a message may go: the person's contact hours, and never after it stops being useful.

Plain functions over plain values, used when a message is queued (``services``) and again
when the worker is about to send it (``tasks``): a backlog, a retry after a failure or a
change of hours can bring a message to the worker at any time of day or night.

Reminders and new-message alerts go from ``earliest_hour`` up to (not including)
``latest_hour`` UK local time (08:00 to 20:00 unless the person chose others). A message with
an expiry (a reminder: its appointment's start) never goes at or after it.
"""

from datetime import datetime, time, timedelta

from django.utils import timezone

from mydirection.notifications.models import ContactPreferences, Purpose


def within_hours(when: datetime, preferences: ContactPreferences) -> datetime:
    """Move ``when`` into the person's preferred hours (local time), never earlier."""
    local = timezone.localtime(when)
    earliest = time(preferences.earliest_hour)
    if local.hour < preferences.earliest_hour:
        local = timezone.make_aware(datetime.combine(local.date(), earliest))
    elif local.hour >= preferences.latest_hour:
        local = timezone.make_aware(datetime.combine(local.date() + timedelta(days=1), earliest))
    return local


def _when(moment: datetime) -> str:
    """ "10:00 on Thursday 14 May", UK local time."""
    local = timezone.localtime(moment)
    return f"{local:%H:%M} on {local:%A} {local.day} {local:%B}"


def too_late(purpose: str, expires_at: datetime) -> str:
    """Why a message was not sent: what it was for had already begun."""
    if purpose == Purpose.APPOINTMENT_REMINDER:
        return (
            f"The appointment had started ({_when(expires_at)}) before the reminder could be sent"
        )
    return f"It was no longer useful after {_when(expires_at)}, before it could be sent"


def no_time_in_hours(preferences: ContactPreferences, expires_at: datetime) -> str:
    """Why a message was skipped: the person's hours left no time before it expired."""
    hours = f"{preferences.earliest_hour:02d}:00 to {preferences.latest_hour:02d}:00"
    return (
        f"The person's contact hours ({hours}) left no time to send it before the "
        f"appointment ({_when(expires_at)})"
    )
