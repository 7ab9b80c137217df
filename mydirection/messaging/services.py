"""Writing and reading messages. Each function is one transaction and writes the access log.

Messages from the person name the person as the access log's actor (``PersonActor``); the
person gets a "You have a new message" text or email with a link, never the message itself.
Staff get no external notification: their inbox shows the unread count.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from mydirection.access.actor import PersonActor, StaffActor
from mydirection.access.log import record
from mydirection.access.models import Operation
from mydirection.messaging.models import PersonMessage
from mydirection.messaging.risk import suggests_risk
from mydirection.notifications import services as notifications
from mydirection.notifications.models import Purpose
from mydirection.people.models import Person
from mydirection.staff.models import User

MAX_LENGTH = 2000


def _check(text: str) -> str:
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Write your message"})
    if len(text) > MAX_LENGTH:
        raise ValidationError({"text": f"Your message must be {MAX_LENGTH} characters or less"})
    return text


@transaction.atomic
def write_by_person(*, actor: PersonActor, text: str) -> PersonMessage:
    """The person writes to whoever holds their case. Risky words flag it, quietly."""
    person = actor.person
    message = PersonMessage.objects.create(
        person=person, from_person=True, text=_check(text), flagged=suggests_risk(text)
    )
    record(
        actor=actor,
        operation=Operation.COLLECT,
        what="Message from the person",
        subject_id=person.pk,
        details={"message": str(message.pk), "flagged": message.flagged},
    )
    return message


@transaction.atomic
def write_by_staff(*, actor: StaffActor, person: Person, text: str, link: str) -> PersonMessage:
    """A member of staff writes to the person, who is told there is a new message.

    ``link`` is the full address of the person's messages in the app (the view builds it).
    """
    message = PersonMessage.objects.create(
        person=person, from_person=False, by_user=actor.user, text=_check(text)
    )
    record(
        actor=actor,
        operation=Operation.COLLECT,
        what="Message to the person",
        subject_id=person.pk,
        details={"message": str(message.pk)},
    )
    notifications.queue_message(
        person,
        Purpose.NEW_MESSAGE,
        "new_message",
        {"first_name": person.known_as, "link": link},
        reference=f"message:{message.pk}",
    )
    return message


def mark_read_by_person(person: Person) -> int:
    """The person opened their messages: staff messages are read."""
    return PersonMessage.objects.filter(
        person=person, from_person=False, read_by_person_at__isnull=True
    ).update(read_by_person_at=timezone.now())


def mark_read_by_staff(person: Person, by: User) -> int:
    """A member of staff opened the thread: the person's messages are read, and by whom."""
    return PersonMessage.objects.filter(
        person=person, from_person=True, read_by_staff_at__isnull=True
    ).update(read_by_staff_at=timezone.now(), read_by_staff=by)
