"""A case manager's diary as an iCalendar (.ics) feed for their work calendar.

A calendar leaves MyDirection (synced to phones, shared with assistants), so an event says
only what the case manager needs to turn up: the kind of appointment, the case reference
and the place. No names, no notes. A sensitive appointment is "Appointment" and nothing else.
"""

from collections.abc import Iterable
from datetime import UTC, datetime

from mydirection.appointments.models import Appointment

PRODID = "-//MyDirection//Diary//EN"


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


def summary(appointment: Appointment) -> tuple[str, str]:
    if appointment.sensitive:
        return "Appointment", ""
    title = f"{appointment.get_appointment_type_display()}: {appointment.person.case_reference}"
    return title, appointment.place_text


def calendar(appointments: Iterable[Appointment], now: datetime) -> str:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN"]
    for appointment in appointments:
        title, where = summary(appointment)
        lines += [
            "BEGIN:VEVENT",
            f"UID:{appointment.pk}@mydirection",
            f"DTSTAMP:{_stamp(now)}",
            f"DTSTART:{_stamp(appointment.starts_at)}",
            f"DTEND:{_stamp(appointment.ends_at)}",
            f"SUMMARY:{_escape(title)}",
        ]
        if where:
            lines.append(f"LOCATION:{_escape(where)}")
        lines += ["CLASS:PRIVATE" if appointment.sensitive else "CLASS:PUBLIC", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "\r\n".join(folded for line in lines for folded in _fold(line)) + "\r\n"
