"""When an appointment reminder is due, and what it says. Pure: nothing is sent from here.

The notifications app schedules these (GOV.UK Notify through its outbox) after merge:
``services.arrange`` (schedule one per appointment), ``services.reschedule`` (cancel the old
appointment's, schedule the new one's) and ``services.cancel`` (cancel it). Look for the
``# REMINDERS:`` comments there.

A text message can be read by anyone holding the phone, so reminders carry no case details:
never the type of appointment (a "drug rehabilitation session" says too much), never the
notes, and no place name at all when the appointment is sensitive.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
# The reminder goes at 10am the day before; one arranged later than that gets none unless it
# is at least this far off (a reminder an hour before is more alarm than help).
SEND_AT = time(10, 0)
SHORTEST_NOTICE = timedelta(hours=3)
CANNOT_COME = "If you cannot come or need to change it"


@dataclass(frozen=True)
class Reminder:
    due_at: datetime
    text: str
    # The placeholders of the ``appointment_reminder`` template (notifications/texts.py),
    # which says the same as ``text``: date, time, place (" at ..." or empty) and how to get
    # in touch.
    date: str = ""
    time: str = ""
    place: str = ""
    contact: str = ""


def contact_text(office_phone: str) -> str:
    """How to reach the office. Not "reply": replies to a GOV.UK Notify text reach no one
    unless inbound messages are set up. Never names probation: anyone may read the phone."""
    if office_phone:
        return f"{CANNOT_COME}, call {office_phone}."
    return f"{CANNOT_COME}, call the office as soon as you can."


def date_text(starts_at: datetime) -> str:
    """ "Tuesday 3 March" in UK time."""
    local = starts_at.astimezone(LONDON)
    return f"{local:%A} {local.day} {local:%B}"


def clock_text(starts_at: datetime) -> str:
    """ "10:30am" in UK time."""
    local = starts_at.astimezone(LONDON)
    hour = local.hour % 12 or 12
    suffix = "am" if local.hour < 12 else "pm"
    return f"{hour}:{local.minute:02d}{suffix}" if local.minute else f"{hour}{suffix}"


def when_text(starts_at: datetime) -> str:
    """ "Tuesday 3 March at 10:30am" in UK time."""
    return f"{date_text(starts_at)} at {clock_text(starts_at)}"


def reminder_for(
    *, starts_at: datetime, sensitive: bool, place_name: str, now: datetime, office_phone: str = ""
) -> Reminder | None:
    """The reminder for an appointment, or None when it is too late for one."""
    local_day_before = starts_at.astimezone(LONDON).date() - timedelta(days=1)
    due = datetime.combine(local_day_before, SEND_AT, tzinfo=LONDON)
    if due < now:
        if starts_at - now < SHORTEST_NOTICE:
            return None
        due = now
    where = "" if sensitive or not place_name else f" at {place_name}"
    contact = contact_text(office_phone)
    text = f"You have an appointment on {when_text(starts_at)}{where}. {contact}"
    return Reminder(
        due_at=due,
        text=text,
        date=date_text(starts_at),
        time=clock_text(starts_at),
        place=where,
        contact=contact,
    )
