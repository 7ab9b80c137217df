"""The .ics file both calendars use: RFC 5545 lines, escaped text, times in UTC."""

from datetime import UTC, datetime

import pytest

from mydirection.appointments import ics
from mydirection.appointments.testing import AppointmentFactory, local
from mydirection.testing import World

pytestmark = pytest.mark.django_db


def test_a_document_escapes_folds_and_stamps_in_utc(world: World) -> None:
    appointment = AppointmentFactory.create(person=world.person, starts_at=local(3, hour=10))
    place = "Unit 4, Humber Street; rear entrance\n" + "Hull " * 20
    body = ics.document(
        [ics.Event(appointment, "Appointment", place)],
        now=datetime(2025, 7, 1, 9, 30, tzinfo=UTC),
        prodid="-//Test//EN",
        method="PUBLISH",
    )
    lines = body.split("\r\n")
    assert lines[:5] == [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Test//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ]
    assert "DTSTAMP:20250701T093000Z" in lines
    assert f"DTSTART:{appointment.starts_at.astimezone(UTC):%Y%m%dT%H%M%SZ}" in lines
    assert all(len(line.encode()) <= 75 for line in lines)
    unfolded = body.replace("\r\n ", "")
    assert "LOCATION:Unit 4\\, Humber Street\\; rear entrance\\nHull Hull" in unfolded
    assert "CLASS:PRIVATE" in lines and body.endswith("END:VCALENDAR\r\n")


def test_an_event_with_no_place_has_no_location(world: World) -> None:
    appointment = AppointmentFactory.create(person=world.person, starts_at=local(3))
    body = ics.document(
        [ics.Event(appointment, "Appointment", private=False)],
        now=datetime(2025, 7, 1, tzinfo=UTC),
        prodid="-//Test//EN",
    )
    assert "LOCATION" not in body and "METHOD" not in body and "CLASS:PUBLIC" in body
