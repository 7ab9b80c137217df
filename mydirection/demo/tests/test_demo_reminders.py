"""The demo's reminders follow the app's rules (issue 20, item 6): each is the reminder of one
of the person's real appointments, queued before it, sent inside the person's contact hours
and before the appointment started, or recorded as not sent with the reason."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from mydirection.appointments.models import Appointment, Place
from mydirection.appointments.testing import AppointmentFactory, LocationFactory
from mydirection.demo.notifications import write_demo_messages
from mydirection.notifications.models import ContactPreferences, Message, Status
from mydirection.testing import World

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 6, 10, 12, 19, tzinfo=LONDON)  # 12:19: 00:19 is twelve hours before


@pytest.fixture
def diary(world: World) -> list[Appointment]:
    """Fortnightly appointments of a person with a phone, some early in the morning."""
    world.person.phone = "07700 900 982"
    world.person.save()
    room = LocationFactory.create(office=world.hull, name="Interview room 3")
    starts = [
        datetime.combine(date(2026, 3, 2) + timedelta(weeks=2 * n), datetime.min.time())
        .replace(tzinfo=LONDON)
        .replace(hour=9 + n % 6, minute=15 * (n % 4))
        for n in range(8)
    ]
    return [
        AppointmentFactory.create(
            person=world.person,
            staff=world.cm,
            starts_at=start,
            place=Place.LISTED,
            location=room,
        )
        for start in starts
    ]


def test_each_demo_reminder_goes_in_hours_before_its_appointment(
    world: World, diary: list[Appointment]
) -> None:
    by_reference = {f"appointment:{a.pk}": a for a in diary}
    statuses = set()
    for seed in range(30):  # people's own hours and opt-outs vary with the seed
        Message.objects.all().delete()
        ContactPreferences.objects.all().delete()
        write_demo_messages(seed=seed, now=NOW)
        hours = ContactPreferences.objects.filter(person=world.person).first() or (
            ContactPreferences(person=world.person)
        )
        messages = list(Message.objects.filter(person=world.person))
        assert messages
        for message in messages:
            statuses.add(message.status)
            appointment = by_reference[message.reference]
            assert message.expires_at == appointment.starts_at
            assert message.send_after is not None
            assert message.created_at < message.send_after < appointment.starts_at
            # The text gives the appointment's own date.
            local = timezone.localtime(appointment.starts_at)
            assert message.personalisation["date"] == f"{local:%A} {local.day} {local:%B}"
            if message.status == Status.DELIVERED:
                assert message.sent_at is not None
                sent = timezone.localtime(message.sent_at)
                assert sent < appointment.starts_at and message.sent_at <= NOW
                assert hours.earliest_hour <= sent.hour < hours.latest_hour, sent
            else:
                assert message.sent_at is None
    assert Status.DELIVERED in statuses
