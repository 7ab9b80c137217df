"""Sending: the task worker's part (django-tasks; ``db_worker`` runs the tasks).

``services.queue_message`` records a message and enqueues ``send_message`` here in the same
transaction; this module sends it through the backend, retries temporary failures with
backoff, and asks GOV.UK Notify what became of it. Task arguments are JSON: ids as text.
This module imports nothing of ``services``, so the two do not depend on each other.
"""

from datetime import datetime, timedelta
from uuid import UUID

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from mydirection.access.actor import SYSTEM
from mydirection.access.log import record
from mydirection.access.models import Operation
from mydirection.notifications.backends import PermanentFailure, TemporaryFailure, backend
from mydirection.notifications.hours import no_time_in_hours, too_late, within_hours
from mydirection.notifications.models import OPTIONAL_PURPOSES, PENDING_STATUSES, Message, Status
from mydirection.notifications.selectors import preferences_of
from mydirection.people.models import Person

# Tries before a temporary failure becomes permanent, and the waits between them.
MAX_ATTEMPTS = 5
BACKOFF_SECONDS = (60, 5 * 60, 30 * 60, 2 * 60 * 60)
# Placeholders holding secrets (a sign-in code, an enrolment link). Once GOV.UK Notify has
# them they are removed from the ledger; the outbox keeps them, as it is the only way to
# read them in development and the demo.
SECRET_PLACEHOLDERS = ("code", "link")
# How long after sending we keep asking Notify whether a message arrived.
STATUS_CHECKS = (60, 5 * 60, 30 * 60, 6 * 60 * 60, 24 * 60 * 60)


@task()
def send_message(message_id: str) -> str:
    message = send(UUID(message_id))
    return message.status if message else "missing"


@task()
def refresh_status(message_id: str, check: int = 0) -> str:
    message = refresh(UUID(message_id), check)
    return message.status if message else "missing"


def enqueue_send(message_id: UUID, run_after: datetime | None) -> None:
    task = send_message.using(run_after=run_after) if run_after else send_message
    task.enqueue(str(message_id))


def _enqueue_status_check(message_id: UUID, check: int) -> None:
    if check >= len(STATUS_CHECKS):
        return
    run_after = timezone.now() + timedelta(seconds=STATUS_CHECKS[check])
    refresh_status.using(run_after=run_after).enqueue(str(message_id), check)


def send(message_id: UUID) -> Message | None:
    """Send one message through the backend. Called by the ``send_message`` task."""
    with transaction.atomic():
        message = Message.objects.select_for_update().filter(pk=message_id).first()
        if message is None or message.status not in PENDING_STATUSES:
            return message  # cancelled, or already sent by an earlier run
        if not _may_go_now(message):
            return message  # too late (expired), or waiting for the person's hours
        message.status = Status.SENDING
        message.attempts += 1
        message.save(update_fields=["status", "attempts", "updated_at"])
    # The call to Notify happens outside any transaction: it can take seconds.
    chosen = backend()
    try:
        sent = chosen.send(message)
    except PermanentFailure as error:
        _failed(message, Status.PERMANENT_FAILURE, str(error))
    except TemporaryFailure as error:
        if message.attempts >= MAX_ATTEMPTS:
            _failed(
                message,
                Status.PERMANENT_FAILURE,
                f"Gave up after {message.attempts} attempts. {error}",
            )
        else:
            with transaction.atomic():
                _failed(message, Status.TEMPORARY_FAILURE, str(error))
                wait = BACKOFF_SECONDS[min(message.attempts, len(BACKOFF_SECONDS)) - 1]
                enqueue_send(message.pk, timezone.now() + timedelta(seconds=wait))
    else:
        with transaction.atomic():
            message.status = sent.status
            message.notify_id = sent.notify_id
            message.sent_at = timezone.now()
            message.last_error = ""
            if chosen.name == "notify":
                # A sign-in code or an invitation link must not outlive its sending here.
                message.personalisation = {
                    key: "(removed once sent)" if key in SECRET_PLACEHOLDERS else value
                    for key, value in message.personalisation.items()
                }
            message.save(
                update_fields=[
                    "status",
                    "notify_id",
                    "sent_at",
                    "last_error",
                    "personalisation",
                    "updated_at",
                ]
            )
            record(
                actor=SYSTEM,
                operation=Operation.DISCLOSE,
                what="Message sent",
                subject_id=message.person_id,
                recipients="GOV.UK Notify" if chosen.name == "notify" else "Outbox (not sent)",
                details={
                    "message": str(message.pk),
                    "purpose": message.purpose,
                    "channel": message.channel,
                },
            )
            if sent.status == Status.SENDING:
                _enqueue_status_check(message.pk, 0)
    return message


def _may_go_now(message: Message) -> bool:
    """Whether the message may go now. If not, it is marked expired (its appointment has
    started, or the person's contact hours leave no time before it does) or moved to the next
    allowed time with a task waiting for it. Called under the message's row lock.

    A backlog, a retry after a failure or a change of hours can bring a reminder here late or
    in the night: the rules are checked again now, whatever they were when it was queued.
    """
    now = timezone.now()
    if message.expires_at is not None and now >= message.expires_at:
        _failed(message, Status.EXPIRED, too_late(message.purpose, message.expires_at))
        return False
    if message.purpose not in OPTIONAL_PURPOSES:
        return True  # asked for by the person (a sign-in code): any time
    preferences = preferences_of(Person(pk=message.person_id))
    allowed = within_hours(now, preferences)
    if allowed <= now:
        return True
    if message.expires_at is not None and allowed >= message.expires_at:
        _failed(message, Status.EXPIRED, no_time_in_hours(preferences, message.expires_at))
        return False
    message.status, message.send_after = Status.QUEUED, allowed
    message.save(update_fields=["status", "send_after", "updated_at"])
    enqueue_send(message.pk, allowed)
    return False


def _failed(message: Message, status: Status, error: str) -> None:
    message.status = status
    message.last_error = error[:500]
    message.save(update_fields=["status", "last_error", "updated_at"])


def refresh(message_id: UUID, check: int = 0) -> Message | None:
    """Ask the backend what became of a sent message. Called by the ``refresh_status`` task."""
    message = Message.objects.filter(pk=message_id, status=Status.SENDING).first()
    if message is None or not message.notify_id:
        return message
    try:
        status = backend().status(message.notify_id)
    except (TemporaryFailure, PermanentFailure) as error:
        message.last_error = str(error)[:500]
        message.save(update_fields=["last_error", "updated_at"])
        _enqueue_status_check(message.pk, check + 1)
        return message
    if status == Status.SENDING:
        _enqueue_status_check(message.pk, check + 1)
        return message
    with transaction.atomic():
        message.status = status
        message.save(update_fields=["status", "updated_at"])
        if status == Status.TEMPORARY_FAILURE:  # Notify's own technical failure: send again
            enqueue_send(message.pk, timezone.now() + timedelta(seconds=BACKOFF_SECONDS[0]))
    return message
