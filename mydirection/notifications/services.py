"""Sending messages to people on probation: the interface other apps call.

Other apps call two functions, whose signatures stay stable:

``queue_message(person, purpose, template, personalisation, send_after=None, reference="",
channel=None, expires_at=None) -> Message``
    Records a ``Message`` and, in the same transaction, enqueues a background task (django-tasks,
    database backend: ``db_worker`` runs it) that sends it at or after ``send_after``.
    ``purpose`` is a ``Purpose``; ``template`` a key of ``texts.TEMPLATES``; ``personalisation``
    the template's placeholders (strings, and never case details: a text can be read by anyone
    holding the phone). ``reference`` names what the message is about, e.g.
    ``"appointment:<uuid>"``, so that it can be cancelled. ``channel`` forces SMS or e-mail
    (a sign-in code goes where the person asked for it); otherwise the person's preference
    decides. ``expires_at`` is when the message stops being useful (a reminder: the start of its
    appointment): it is never sent at or after it. A message that may not be sent is still
    recorded, with the reason as its status (opted out, no contact details, too late), so staff
    can see why nothing arrived.

``cancel_messages(reference) -> int``
    Cancels every message with that reference that has not been sent yet; returns how many.

Who decides what (documented here and in docs/security.md):

* Channel (``selectors.preferred_channel``): the person's own choice
  (``ContactPreferences.channel``, set in the app or by the case manager) wins; otherwise
  ``Person.contact_preference`` when it is text or e-mail; otherwise whichever of phone and
  e-mail the record has. A chosen channel with no contact details falls back to the other one.
* Reminders (and new-message alerts) need BOTH an active ``ConsentPurpose.REMINDERS`` consent
  AND no opt-out in ``ContactPreferences``: any "no" wins. Sign-in codes and invitations are
  sent whatever the reminder choices, because the person asked for them.
* Reminders (and new-message alerts) are moved into the person's preferred hours (from
  ``earliest_hour`` to ``latest_hour``), when queued and again when the worker is about to send
  them (``hours.py``); one whose next allowed time is at or after its expiry is not sent, and
  the ledger says why (``Status.EXPIRED``).
"""

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from mydirection.access.actor import PersonActor, StaffActor
from mydirection.access.log import record
from mydirection.access.models import Operation
from mydirection.notifications import tasks, texts
from mydirection.notifications.hours import no_time_in_hours, too_late, within_hours
from mydirection.notifications.models import (
    OPTIONAL_PURPOSES,
    PENDING_STATUSES,
    Channel,
    ContactPreferences,
    Message,
    Purpose,
    Status,
)
from mydirection.notifications.selectors import preferences_of, preferred_channel

# Reads, in ``selectors``. The ``as`` names them here as well for portal/views.py until the
# portal reads them from ``selectors``: drop it then.
from mydirection.people.models import ConsentPurpose, Person
from mydirection.versioning import save_if_unchanged


def address_for(person: Person, channel: str) -> str:
    return person.phone if channel == Channel.SMS else person.email


def why_not_reminded(person: Person, preferences: ContactPreferences) -> str:
    """Empty when reminders may be sent; otherwise the reason, for the ledger."""
    if preferences.reminders_opted_out:
        return "The person chose not to get reminders"
    consented = person.consents.filter(
        purpose=ConsentPurpose.REMINDERS, withdrawn_on__isnull=True
    ).exists()
    if not consented:
        return "No consent to reminders is recorded"
    return ""


def queue_message(
    person: Person,
    purpose: str,
    template: str,
    personalisation: dict[str, Any],
    send_after: datetime | None = None,
    reference: str = "",
    channel: str | None = None,
    expires_at: datetime | None = None,
) -> Message:
    missing = texts.placeholders(template) - set(personalisation)
    if missing:
        raise ValueError(f"Template {template} needs {sorted(missing)}")
    preferences = preferences_of(person)
    message = Message(
        person=person,
        purpose=Purpose(purpose),
        template=template,
        personalisation={key: str(value) for key, value in personalisation.items()},
        reference=reference,
        send_after=send_after,
        expires_at=expires_at,
    )
    optional = purpose in OPTIONAL_PURPOSES
    reason = why_not_reminded(person, preferences) if optional else ""
    chosen = channel or preferred_channel(person, preferences)
    recipient = address_for(person, chosen)
    if not recipient and channel is None:
        chosen = Channel.EMAIL if chosen == Channel.SMS else Channel.SMS
        recipient = address_for(person, chosen)
    message.channel, message.recipient = chosen, recipient
    if reason:
        message.status, message.last_error = Status.OPTED_OUT, reason
    elif not recipient:
        message.status = Status.NO_CONTACT_DETAILS
        message.last_error = "No phone number or email address on the record"
    elif expires_at is not None and timezone.now() >= expires_at:
        message.status, message.last_error = Status.EXPIRED, too_late(purpose, expires_at)
    elif optional:
        message.send_after = within_hours(send_after or timezone.now(), preferences)
        if expires_at is not None and message.send_after >= expires_at:
            message.status = Status.EXPIRED
            message.last_error = no_time_in_hours(preferences, expires_at)
    with transaction.atomic():
        message.save(force_insert=True)
        if message.status == Status.QUEUED:
            tasks.enqueue_send(message.pk, message.send_after)
    return message


def cancel_messages(reference: str) -> int:
    if not reference:
        return 0
    return Message.objects.filter(reference=reference, status__in=PENDING_STATUSES).update(
        status=Status.CANCELLED, updated_at=timezone.now()
    )


PREFERENCE_FIELDS = ("channel", "reminders_opted_out", "earliest_hour", "latest_hour")


@transaction.atomic
def update_preferences(
    *,
    person: Person,
    changes: dict[str, Any],
    expected_version: int,
    actor: StaffActor | PersonActor,
) -> ContactPreferences:
    """Save the person's contact choices, by their case manager or themselves.

    Raises ``StaleEdit`` when someone else saved them since ``expected_version`` was read.
    """
    stored, _ = ContactPreferences.objects.get_or_create(person=person)
    changed = sorted(key for key in PREFERENCE_FIELDS if getattr(stored, key) != changes[key])
    values = {key: changes[key] for key in PREFERENCE_FIELDS}
    for key, value in values.items():
        setattr(stored, key, value)
    stored.full_clean(exclude=["person"])
    save_if_unchanged(
        ContactPreferences.objects,
        pk=stored.pk,
        expected_version=expected_version,
        **values,
        updated_at=timezone.now(),
    )
    stored.refresh_from_db()
    if changed:
        record(
            actor=actor,
            operation=Operation.ALTER,
            what="Contact preferences changed",
            subject_id=person.pk,
            details={"fields": changed},
        )
    return stored
