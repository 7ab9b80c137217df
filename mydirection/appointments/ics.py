"""Appointments as iCalendar (.ics) files: the case manager's diary for their work calendar,
and one appointment for the person's own phone (the app's "add to my calendar").

``document`` writes the file; each caller says what an event shows. A calendar leaves
MyDirection (synced to phones, shared with assistants), so the diary's events say only what
the case manager needs to turn up: the kind of appointment, the case reference and the place.
No names, no notes. A sensitive appointment is "Appointment" and nothing else.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from mydirection.appointments.models import Appointment

PRODID = "-//MyDirection//Diary//EN"


@dataclass(frozen=True)
class Event:
    """One appointment as a calendar shows it: the caller chooses the words."""

    appointment: Appointment
    summary: str
    location: str = ""
    private: bool = True


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _fold(line: str) -> list[str]:
    """RFC 5545: lines of at most 75 octets, continued with a leading space."""
    out, current = [], ""
    for char in line:
        if len((current + char).encode()) > 75:
            out.append(current)
            current = " " + char
        else:
            current += char
    out.append(current)
    return out


def document(events: Iterable[Event], *, now: datetime, prodid: str, method: str = "") -> str:
    """The .ics file of ``events``; ``method`` (e.g. PUBLISH) for a file opened on a phone."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{prodid}", "CALSCALE:GREGORIAN"]
    if method:
        lines.append(f"METHOD:{method}")
    for event in events:
        appointment = event.appointment
        lines += [
            "BEGIN:VEVENT",
            f"UID:{appointment.pk}@mydirection",
            f"DTSTAMP:{_stamp(now)}",
            f"DTSTART:{_stamp(appointment.starts_at)}",
            f"DTEND:{_stamp(appointment.ends_at)}",
            f"SUMMARY:{_escape(event.summary)}",
        ]
        if event.location:
            lines.append(f"LOCATION:{_escape(event.location)}")
        lines += ["CLASS:PRIVATE" if event.private else "CLASS:PUBLIC", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "\r\n".join(folded for line in lines for folded in _fold(line)) + "\r\n"


def summary(appointment: Appointment) -> tuple[str, str]:
    if appointment.sensitive:
        return "Appointment", ""
    title = f"{appointment.get_appointment_type_display()}: {appointment.person.case_reference}"
    return title, appointment.place_text


def calendar(appointments: Iterable[Appointment], now: datetime) -> str:
    """The case manager's diary."""
    events = []
    for appointment in appointments:
        title, where = summary(appointment)
        events.append(Event(appointment, title, where, private=appointment.sensitive))
    return document(events, now=now, prodid=PRODID)
