"""The demo's message ledger: reminders already sent (most delivered, a few failed or not
sent because the person opted out), and some people's own contact choices.

Everything is in a final state, so the demo's task worker has nothing to resend.
"""

import random
from datetime import timedelta

from django.utils import timezone

from mydirection.appointments.reminders import contact_text
from mydirection.notifications.models import (
    Channel,
    ContactPreferences,
    Message,
    Purpose,
    Status,
)
from mydirection.people.models import Person

PLACES = ("Hull Probation Office, Queen's Gardens", "Beverley Probation Office, Lord Roberts Road")


def write_demo_messages(*, seed: int, limit: int = 400) -> int:
    draw = random.Random(seed)  # demo data, not security
    now = timezone.now()
    people = list(
        Person.objects.exclude(phone="", email="")
        .filter(case_manager__isnull=False)
        .order_by("case_reference")
        .values("pk", "first_name", "preferred_name", "phone", "email", "team__office__phone")[
            :limit
        ]
    )
    preferences: list[ContactPreferences] = []
    messages: list[Message] = []
    for person in people:
        opted_out = draw.random() < 0.08
        channel = Channel.SMS if person["phone"] else Channel.EMAIL
        if opted_out or draw.random() < 0.2:
            preferences.append(
                ContactPreferences(
                    person_id=person["pk"],
                    channel=channel,
                    reminders_opted_out=opted_out,
                    earliest_hour=draw.choice((8, 9, 10)),
                    latest_hour=draw.choice((18, 20, 21)),
                )
            )
        for weeks_ago in range(draw.randint(1, 4)):
            sent_at = now - timedelta(weeks=weeks_ago + 1, hours=draw.randint(0, 48))
            appointment = timezone.localtime(sent_at + timedelta(days=1))
            status, error = Status.DELIVERED, ""
            if opted_out:
                status, error = Status.OPTED_OUT, "The person chose not to get reminders"
            elif draw.random() < 0.04:
                status, error = (
                    Status.PERMANENT_FAILURE,
                    "GOV.UK Notify 400: Not a UK mobile number",
                )
            messages.append(
                Message(
                    person_id=person["pk"],
                    channel=channel,
                    recipient=person["phone"] if channel == Channel.SMS else person["email"],
                    purpose=Purpose.APPOINTMENT_REMINDER,
                    template="appointment_reminder",
                    personalisation={
                        "first_name": person["preferred_name"] or person["first_name"],
                        "date": f"{appointment:%A %-d %B}",
                        "time": f"{appointment:%-I}{appointment:%p}".lower(),
                        "place": f" at {draw.choice(PLACES)}",
                        "contact": contact_text(person["team__office__phone"] or ""),
                    },
                    status=status,
                    last_error=error,
                    attempts=0 if opted_out else 1,
                    sent_at=None if opted_out else sent_at,
                    send_after=sent_at,
                    notify_id="" if opted_out else f"outbox-demo-{len(messages)}",
                )
            )
    ContactPreferences.objects.bulk_create(preferences, batch_size=500)
    Message.objects.bulk_create(messages, batch_size=500)
    return len(messages)
