"""Reminders at sensible times, never late (issue 20, item 6).

A reminder never goes after its appointment has started: it is marked expired, with the
reason, in the outbox and on the person's Messages page. It never goes outside the person's
contact hours: it waits for the next allowed time, or is skipped when that is after the
appointment. Each test freezes the clock at the instant it is about (``time_machine``), so the
suite passes at any time of day (see docs/testing.md), on SQLite and PostgreSQL.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from mydirection.access.actor import StaffActor
from mydirection.access.policy import Relation
from mydirection.appointments.models import Appointment, Place
from mydirection.appointments.services import arranging
from mydirection.notifications import services, tasks
from mydirection.notifications.models import ContactPreferences, Message, Purpose, Status
from mydirection.notifications.testing import run_tasks
from mydirection.people.models import Consent, ConsentPurpose
from mydirection.testing import World, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

LONDON = ZoneInfo("Europe/London")
REMINDER = {"first_name": "Alex", "date": "1 May", "time": "10am", "place": "", "contact": "1"}


def london(day: int, hour: int, minute: int = 0, month: int = 5) -> datetime:
    """A time in May 2026 (British Summer Time), UK local."""
    return datetime(2026, month, day, hour, minute, tzinfo=LONDON)


@pytest.fixture
def reachable(world: World) -> World:
    world.person.phone = "07700 900 982"
    world.person.save()
    # An order running through the fixed instants below, whatever the real date.
    world.person.orders.update(
        sentence_date=date(2026, 1, 5), start_date=date(2026, 1, 5), end_date=date(2027, 1, 4)
    )
    Consent.objects.create(
        person=world.person,
        purpose=ConsentPurpose.REMINDERS,
        given_on=london(1, 9).date(),
        recorded_by=world.cm,
    )
    return world


def arrange(world: World, starts_at: datetime) -> Appointment:
    (appointment,), _ = arranging.arrange(
        actor=StaffActor(world.cm, Relation.CASE_MANAGER),
        person=world.person,
        staff=world.cm,
        first=starts_at,
        details=arranging.Details(
            appointment_type="supervision", duration_minutes=45, place=Place.HOME
        ),
    )
    return appointment


def reminder_of(appointment: Appointment) -> Message:
    return Message.objects.get(reference=f"appointment:{appointment.pk}")


def pages(world: World) -> tuple[str, str]:
    client = sign_in(Client(), world.cm)
    outbox = client.get(reverse("notifications:outbox")).content.decode()
    person = client.get(
        reverse("notifications:person-messages", args=[world.person.pk])
    ).content.decode()
    return outbox, person


# Never after the appointment has started ------------------------------------------------------


def test_a_reminder_the_worker_reaches_after_the_appointment_started_is_expired(
    reachable: World,
) -> None:
    with time_machine.travel(london(11, 9), tick=False):
        appointment = arrange(reachable, london(14, 10))  # Thursday 10am; due Wednesday 10am
    message = reminder_of(appointment)
    assert message.status == Status.QUEUED
    assert message.expires_at == appointment.starts_at
    # The worker was down from Tuesday to Thursday afternoon: the reminder is far too late.
    with time_machine.travel(london(14, 15), tick=False):
        run_tasks()
    message.refresh_from_db()
    assert message.status == Status.EXPIRED
    assert message.sent_at is None and message.attempts == 0
    assert "appointment had started" in message.last_error
    assert "10:00 on Thursday 14 May" in message.last_error
    outbox, person = pages(reachable)
    for page in (outbox, person):
        assert "Not sent: too late" in page
        assert "appointment had started" in page
        assert "Was due 13 May 2026, 10:00" in page


def test_a_reminder_one_minute_before_the_start_still_goes(reachable: World) -> None:
    with time_machine.travel(london(11, 9), tick=False):
        appointment = arrange(reachable, london(14, 10))
    with time_machine.travel(london(14, 9, 59), tick=False):
        run_tasks()
    assert reminder_of(appointment).status == Status.DELIVERED


def test_at_the_very_start_it_is_too_late(reachable: World) -> None:
    with time_machine.travel(london(11, 9), tick=False):
        appointment = arrange(reachable, london(14, 10))
    with time_machine.travel(london(14, 10), tick=False):
        run_tasks()
    assert reminder_of(appointment).status == Status.EXPIRED


def test_a_retry_never_goes_after_the_start(reachable: World) -> None:
    """Notify fails at 9am on the day; the retries would come after the 10am start."""
    with time_machine.travel(london(13, 19, 55), tick=False):
        message = services.queue_message(
            reachable.person,
            Purpose.APPOINTMENT_REMINDER,
            "appointment_reminder",
            REMINDER,
            expires_at=london(14, 10),
        )
    Message.objects.filter(pk=message.pk).update(status=Status.TEMPORARY_FAILURE, attempts=1)
    with time_machine.travel(london(14, 10, 5), tick=False):
        tasks.send(message.pk)
    message.refresh_from_db()
    assert message.status == Status.EXPIRED


# Never outside the person's contact hours ----------------------------------------------------


def test_a_due_reminder_reached_in_the_night_waits_for_the_morning(reachable: World) -> None:
    """Queued for 10am on Wednesday; the worker picks it up at 00:19 on Thursday (a backlog):
    it goes at 08:00, still before the 11am appointment."""
    with time_machine.travel(london(11, 9), tick=False):
        appointment = arrange(reachable, london(14, 11))
    with time_machine.travel(london(14, 0, 19), tick=False):
        run_tasks()
        message = reminder_of(appointment)
        assert message.status == Status.QUEUED
        assert message.send_after == london(14, 8)
        assert message.sent_at is None
        # A task waits for 08:00: nothing more goes before then.
        assert DBTaskResult.objects.filter(status="READY").count() == 1
    with time_machine.travel(london(14, 7, 59), tick=False):
        run_tasks()
    assert reminder_of(appointment).status == Status.QUEUED
    with time_machine.travel(london(14, 8), tick=False):
        run_tasks()
    message = reminder_of(appointment)
    assert message.status == Status.DELIVERED
    assert message.sent_at == london(14, 8)


def test_the_persons_own_hours_at_send_time_are_kept(reachable: World) -> None:
    """They narrowed their hours after the reminder was queued: the worker keeps the new ones."""
    with time_machine.travel(london(11, 9), tick=False):
        appointment = arrange(reachable, london(14, 15))  # due Wednesday 10am
    ContactPreferences.objects.create(person=reachable.person, earliest_hour=12, latest_hour=18)
    with time_machine.travel(london(13, 10), tick=False):
        run_tasks()
    message = reminder_of(appointment)
    assert message.status == Status.QUEUED and message.send_after == london(13, 12)
    with time_machine.travel(london(13, 12), tick=False):
        run_tasks()
    assert reminder_of(appointment).status == Status.DELIVERED


def test_a_night_reach_with_the_next_allowed_time_after_the_start_is_skipped(
    reachable: World,
) -> None:
    """Appointment at 07:30 (before the person's hours open at 08:00): reached at 00:19, the
    next allowed time is after the start, so it is not sent, and says why."""
    with time_machine.travel(london(11, 9), tick=False):
        appointment = arrange(reachable, london(14, 7, 30))
    with time_machine.travel(london(14, 0, 19), tick=False):
        run_tasks()
    message = reminder_of(appointment)
    assert message.status == Status.EXPIRED
    assert "contact hours" in message.last_error
    assert message.sent_at is None


def test_arranged_in_the_evening_for_early_next_morning_is_skipped_at_once(
    reachable: World,
) -> None:
    """Arranged at 21:00 for 07:45 tomorrow: the next allowed time (08:00) is after the start.
    The ledger says so at once, and nothing is queued."""
    with time_machine.travel(london(13, 21), tick=False):
        appointment = arrange(reachable, london(14, 7, 45))
        message = reminder_of(appointment)
        assert message.status == Status.EXPIRED
        assert "contact hours" in message.last_error
        assert not DBTaskResult.objects.exists()
    _, person = pages(reachable)
    assert "Not sent: too late" in person


def test_arranged_in_the_evening_for_later_next_morning_goes_at_eight(reachable: World) -> None:
    with time_machine.travel(london(13, 21), tick=False):
        appointment = arrange(reachable, london(14, 9, 30))
    message = reminder_of(appointment)
    assert message.status == Status.QUEUED and message.send_after == london(14, 8)


def test_across_the_clocks_going_back_it_still_waits_for_eight_local(reachable: World) -> None:
    """25 October 2026: the clocks go back at 02:00 BST. Reached at 01:30 GMT, the reminder of
    a 10am appointment goes at 08:00 GMT."""
    night = datetime(2026, 10, 25, 1, 30, tzinfo=LONDON).replace(fold=1)
    with time_machine.travel(datetime(2026, 10, 20, 9, tzinfo=LONDON), tick=False):
        appointment = arrange(reachable, datetime(2026, 10, 25, 10, tzinfo=LONDON))
    with time_machine.travel(night, tick=False):
        run_tasks()
    message = reminder_of(appointment)
    assert message.status == Status.QUEUED
    assert message.send_after == datetime(2026, 10, 25, 8, tzinfo=LONDON)
    assert message.send_after.utcoffset() == timedelta(0)


def test_sign_in_codes_are_not_held_back_by_contact_hours(reachable: World) -> None:
    """The person asked for the code: it goes at once, at any hour."""
    with time_machine.travel(london(14, 0, 19), tick=False):
        message = services.queue_message(
            reachable.person, Purpose.SIGN_IN_CODE, "sign_in_code", {"code": "123456"}
        )
        run_tasks()
    message.refresh_from_db()
    assert message.status == Status.DELIVERED
