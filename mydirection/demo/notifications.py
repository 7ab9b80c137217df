"""The demo's message ledger: the reminders of the demo's past appointments (most delivered, a
few failed or not sent because the person opted out), and some people's own contact choices.

Each reminder follows the app's rules (``appointments.reminders`` and
``notifications.hours``), as if the appointment had been arranged two weeks ahead: due at
10am the day before, moved into the person's contact hours, never after the appointment has
started (then it is recorded as not sent, too late, with the reason). Queued, due and sent at
those times, not when the demo was loaded.

Everything is in a final state, so the demo's task worker has nothing to resend.
"""

import random
from collections import defaultdict
from datetime import datetime, timedelta
from uuid import UUID

from django.utils import timezone

from mydirection.appointments.models import Appointment
from mydirection.appointments.models import Status as AppointmentStatus
from mydirection.appointments.reminders import reminder_for
from mydirection.appointments.services.reminders import place_name
from mydirection.notifications.hours import no_time_in_hours, within_hours
from mydirection.notifications.models import (
    Channel,
    ContactPreferences,
    Message,
    Purpose,
    Status,
)
from mydirection.people.models import Person

# How long before the appointment the demo's appointments were arranged.
ARRANGED_AHEAD = timedelta(days=14)


def write_demo_messages(*, seed: int, limit: int = 400, now: datetime | None = None) -> int:
    """Run after the demo's appointments: their reminders are what it writes."""
    draw = random.Random(seed)  # demo data, not security
    now = now or timezone.now()
    people = list(
        Person.objects.exclude(phone="", email="")
        .filter(case_manager__isnull=False)
        .order_by("case_reference")
        .values("pk", "first_name", "preferred_name", "phone", "email", "team__office__phone")[
            :limit
        ]
    )
    past: dict[UUID, list[Appointment]] = defaultdict(list)
    for appointment in (
        Appointment.objects.filter(
            person__in=[person["pk"] for person in people],
            status=AppointmentStatus.ARRANGED,
            starts_at__lt=now,
        )
        .select_related("location")
        .order_by("starts_at")
    ):
        past[appointment.person_id].append(appointment)
    preferences: list[ContactPreferences] = []
    messages: list[Message] = []
    for person in people:
        opted_out = draw.random() < 0.08
        channel = Channel.SMS if person["phone"] else Channel.EMAIL
        hours = ContactPreferences(person_id=person["pk"])  # 08:00 to 20:00 unless chosen
        if opted_out or draw.random() < 0.2:
            hours = ContactPreferences(
                person_id=person["pk"],
                channel=channel,
                reminders_opted_out=opted_out,
                earliest_hour=draw.choice((8, 9, 10)),
                latest_hour=draw.choice((18, 20, 21)),
            )
            preferences.append(hours)
        for appointment in past[person["pk"]][-draw.randint(1, 4) :]:
            arranged = appointment.starts_at - ARRANGED_AHEAD
            reminder = reminder_for(
                starts_at=appointment.starts_at,
                sensitive=appointment.sensitive,
                place_name="" if appointment.sensitive else place_name(appointment),
                now=arranged,
                office_phone=person["team__office__phone"] or "",
            )
            if reminder is None:
                continue
            due = within_hours(reminder.due_at, hours)
            status, error = Status.DELIVERED, ""
            sent_at: datetime | None = due
            if opted_out:
                status, error, sent_at = (
                    Status.OPTED_OUT,
                    "The person chose not to get reminders",
                    None,
                )
            elif due >= appointment.starts_at:
                status, sent_at = Status.EXPIRED, None
                error = no_time_in_hours(hours, appointment.starts_at)
            elif draw.random() < 0.04:
                status, sent_at = Status.PERMANENT_FAILURE, None
                error = "GOV.UK Notify 400: Not a UK mobile number"
            messages.append(
                Message(
                    person_id=person["pk"],
                    channel=channel,
                    recipient=person["phone"] if channel == Channel.SMS else person["email"],
                    purpose=Purpose.APPOINTMENT_REMINDER,
                    template="appointment_reminder",
                    personalisation={
                        "first_name": person["preferred_name"] or person["first_name"],
                        "date": reminder.date,
                        "time": reminder.time,
                        "place": reminder.place,
                        "contact": reminder.contact,
                    },
                    reference=f"appointment:{appointment.pk}",
                    status=status,
                    last_error=error,
                    attempts=1 if status in (Status.DELIVERED, Status.PERMANENT_FAILURE) else 0,
                    created_at=arranged,
                    send_after=due,
                    expires_at=appointment.starts_at,
                    sent_at=sent_at,
                    notify_id=f"outbox-demo-{len(messages)}" if sent_at else "",
                )
            )
    ContactPreferences.objects.bulk_create(preferences, batch_size=500)
    Message.objects.bulk_create(messages, batch_size=500)
    return len(messages)
