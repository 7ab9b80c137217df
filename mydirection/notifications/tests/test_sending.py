"""Queueing, sending through the real task worker, retries, cancelling and opting out."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from mydirection.access.log import verify_chain
from mydirection.access.models import AccessLogEntry, Operation
from mydirection.notifications import services, tasks
from mydirection.notifications.models import Channel, ContactPreferences, Purpose, Status
from mydirection.notifications.testing import FAKE_NOTIFY_KEY, fake_notify, run_tasks
from mydirection.people.models import Consent, ConsentPurpose
from mydirection.testing import World

REMINDER = {"first_name": "Alex", "date": "1 May", "time": "10am", "place": "Hull", "contact": "1"}

pytestmark = pytest.mark.django_db(transaction=True)

# A Wednesday at 10am in London: inside everyone's contact hours (08:00 to 20:00 unless the
# person chose others), so a reminder queued now is due now. The rule that moves messages into
# those hours has its own tests at each boundary in test_contact_hours.py.
MID_MORNING = datetime(2026, 5, 13, 10, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture(autouse=True)
def mid_morning():
    with time_machine.travel(MID_MORNING, tick=True):
        yield


def consent_to_reminders(world: World) -> None:
    Consent.objects.create(
        person=world.person,
        purpose=ConsentPurpose.REMINDERS,
        given_on=timezone.localdate(),
        recorded_by=world.cm,
    )


@pytest.fixture
def reachable(world: World) -> World:
    world.person.phone = "07700 900 982"
    world.person.email = "alex@example.org"
    world.person.save()
    consent_to_reminders(world)
    return world


def test_the_worker_sends_a_queued_message_through_the_outbox(reachable: World) -> None:
    message = services.queue_message(
        reachable.person, Purpose.APPOINTMENT_REMINDER, "appointment_reminder", REMINDER
    )
    assert message.status == Status.QUEUED
    assert DBTaskResult.objects.count() == 1
    run_tasks()
    message.refresh_from_db()
    assert message.status == Status.DELIVERED
    assert message.attempts == 1
    assert message.channel == Channel.SMS and message.recipient == "07700 900 982"
    assert message.sent_at is not None
    entry = AccessLogEntry.objects.get(what="Message sent")
    assert entry.operation == Operation.DISCLOSE
    assert entry.subject_id == reachable.person.pk
    assert verify_chain().intact


def test_a_message_waits_until_its_time(reachable: World) -> None:
    later = timezone.localtime().replace(hour=11, minute=0) + timedelta(days=2)
    message = services.queue_message(
        reachable.person, Purpose.APPOINTMENT_REMINDER, "appointment_reminder", REMINDER, later
    )
    run_tasks()
    message.refresh_from_db()
    assert message.status == Status.QUEUED
    with time_machine.travel(later + timedelta(minutes=1)):
        run_tasks()
    message.refresh_from_db()
    assert message.status == Status.DELIVERED


def test_reminders_move_into_the_persons_hours(reachable: World) -> None:
    ContactPreferences.objects.create(person=reachable.person, earliest_hour=9, latest_hour=17)
    night = timezone.localtime().replace(hour=22, minute=30) + timedelta(days=1)
    message = services.queue_message(
        reachable.person, Purpose.APPOINTMENT_REMINDER, "appointment_reminder", REMINDER, night
    )
    assert message.send_after is not None
    moved = timezone.localtime(message.send_after)
    assert (moved.date(), moved.hour) == (night.date() + timedelta(days=1), 9)


def test_cancelled_messages_are_never_sent(reachable: World) -> None:
    reference = "appointment:123"
    message = services.queue_message(
        reachable.person,
        Purpose.APPOINTMENT_REMINDER,
        "appointment_reminder",
        REMINDER,
        reference=reference,
    )
    assert services.cancel_messages(reference) == 1
    run_tasks()
    message.refresh_from_db()
    assert message.status == Status.CANCELLED
    assert message.attempts == 0
    assert services.cancel_messages(reference) == 0


def test_an_opted_out_person_gets_no_reminder_and_the_ledger_says_why(reachable: World) -> None:
    ContactPreferences.objects.create(person=reachable.person, reminders_opted_out=True)
    message = services.queue_message(
        reachable.person, Purpose.APPOINTMENT_REMINDER, "appointment_reminder", REMINDER
    )
    assert message.status == Status.OPTED_OUT
    assert "chose not" in message.last_error
    assert DBTaskResult.objects.count() == 0


def test_a_withdrawn_reminders_consent_wins_over_the_preferences(reachable: World) -> None:
    Consent.objects.filter(person=reachable.person).update(withdrawn_on=timezone.localdate())
    message = services.queue_message(
        reachable.person, Purpose.APPOINTMENT_REMINDER, "appointment_reminder", REMINDER
    )
    assert message.status == Status.OPTED_OUT
    assert "No consent" in message.last_error


def test_sign_in_codes_go_even_to_someone_who_opted_out_of_reminders(reachable: World) -> None:
    ContactPreferences.objects.create(person=reachable.person, reminders_opted_out=True)
    message = services.queue_message(
        reachable.person, Purpose.SIGN_IN_CODE, "sign_in_code", {"code": "1"}, channel="email"
    )
    assert message.status == Status.QUEUED
    assert message.recipient == "alex@example.org"


def test_no_contact_details_is_recorded(world: World) -> None:
    consent_to_reminders(world)
    message = services.queue_message(
        world.person, Purpose.APPOINTMENT_REMINDER, "appointment_reminder", REMINDER
    )
    assert message.status == Status.NO_CONTACT_DETAILS
    assert DBTaskResult.objects.count() == 0


def test_the_persons_channel_choice_wins(reachable: World) -> None:
    ContactPreferences.objects.create(person=reachable.person, channel=Channel.EMAIL)
    message = services.queue_message(
        reachable.person, Purpose.APPOINTMENT_REMINDER, "appointment_reminder", REMINDER
    )
    assert (message.channel, message.recipient) == (Channel.EMAIL, "alex@example.org")


def test_a_template_missing_a_placeholder_is_refused(reachable: World) -> None:
    with pytest.raises(ValueError, match="place"):
        services.queue_message(
            reachable.person,
            Purpose.APPOINTMENT_REMINDER,
            "appointment_reminder",
            {"first_name": "A", "date": "d", "time": "t", "phone": "p"},
        )


# --- GOV.UK Notify, through the real client against a local fake server ------------------


@pytest.fixture
def notify(settings, reachable: World):
    with fake_notify() as fake:
        settings.NOTIFICATIONS_BACKEND = "notify"
        settings.NOTIFY_API_KEY = FAKE_NOTIFY_KEY
        settings.NOTIFY_BASE_URL = fake.url
        settings.NOTIFY_TEMPLATE_IDS = {
            "appointment_reminder": {"sms": "template-sms", "email": "template-email"}
        }
        yield fake


def test_notify_gets_the_message_and_the_status_is_refreshed(notify, reachable: World) -> None:
    message = services.queue_message(
        reachable.person, Purpose.APPOINTMENT_REMINDER, "appointment_reminder", REMINDER
    )
    run_tasks()
    message.refresh_from_db()
    assert message.status == Status.SENDING
    sent = notify.requests[0]
    assert sent["path"] == "/v2/notifications/sms"
    assert sent["body"]["phone_number"] == "07700 900 982"
    assert sent["body"]["template_id"] == "template-sms"
    assert sent["body"]["reference"] == str(message.pk)  # our id, no personal data
    assert sent["auth"].startswith("Bearer ")
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        run_tasks()
    message.refresh_from_db()
    assert message.status == Status.DELIVERED
    assert notify.requests[-1]["path"] == f"/v2/notifications/{message.notify_id}"


def test_temporary_failures_are_retried_with_backoff(notify, reachable: World) -> None:
    notify.replies = [500, 429]
    message = services.queue_message(
        reachable.person, Purpose.APPOINTMENT_REMINDER, "appointment_reminder", REMINDER
    )
    run_tasks()
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Status.TEMPORARY_FAILURE, 1)
    assert "500" in message.last_error
    now = timezone.now()
    with time_machine.travel(now + timedelta(seconds=61)):
        run_tasks()
        message.refresh_from_db()
        assert (message.status, message.attempts) == (Status.TEMPORARY_FAILURE, 2)
        assert "429" in message.last_error
    with time_machine.travel(now + timedelta(seconds=61 + 301)):
        run_tasks()
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Status.SENDING, 3)
    assert message.last_error == ""


def test_a_permanent_failure_is_not_retried(notify, reachable: World) -> None:
    notify.replies = [400]
    message = services.queue_message(
        reachable.person, Purpose.APPOINTMENT_REMINDER, "appointment_reminder", REMINDER
    )
    run_tasks()
    with time_machine.travel(timezone.now() + timedelta(days=1)):
        run_tasks()
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Status.PERMANENT_FAILURE, 1)
    assert "400" in message.last_error
    assert len([r for r in notify.requests if r["body"]]) == 1


def test_temporary_failures_give_up_after_the_last_attempt(notify, reachable: World) -> None:
    notify.replies = [503] * tasks.MAX_ATTEMPTS
    message = services.queue_message(
        reachable.person, Purpose.APPOINTMENT_REMINDER, "appointment_reminder", REMINDER
    )
    when = timezone.now()
    for wait in (0, *tasks.BACKOFF_SECONDS):
        when += timedelta(seconds=wait + 1)
        with time_machine.travel(when):
            run_tasks()
    message.refresh_from_db()
    assert message.status == Status.PERMANENT_FAILURE
    assert message.attempts == tasks.MAX_ATTEMPTS
    assert message.last_error.startswith("Gave up after 5 attempts")


def test_a_message_without_a_notify_template_fails_permanently(notify, reachable: World) -> None:
    message = services.queue_message(
        reachable.person, Purpose.SIGN_IN_CODE, "sign_in_code", {"code": "123456"}
    )
    run_tasks()
    message.refresh_from_db()
    assert message.status == Status.PERMANENT_FAILURE
    assert notify.requests == []


def test_secrets_leave_the_ledger_once_notify_has_them(notify, settings, reachable) -> None:
    settings.NOTIFY_TEMPLATE_IDS = {"sign_in_code": {"sms": "code-sms"}}
    message = services.queue_message(
        reachable.person, Purpose.SIGN_IN_CODE, "sign_in_code", {"code": "482913"}
    )
    run_tasks()
    message.refresh_from_db()
    assert notify.requests[0]["body"]["personalisation"] == {"code": "482913"}
    assert "482913" not in str(message.personalisation)
