"""Reminder texts a volunteer sends for a group session they help to run, in place of texting
from their own phone: the templated reminder ("Hello <first name>, a reminder that <session>
is on <day> at <time> at <place>.") goes through the notifications outbox, by text, to each
person taking part (accepted on or started the session's intervention). The outbox sends it
only to those who agreed to reminders and did not switch them off, within their contact
hours and never after the session starts; the ledger keeps why any was not sent. The
volunteer never sees a phone number or a name: only how many were sent. Once per session;
logged (one collection per person, with the volunteer as the actor)."""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from mydirection.access.actor import Actor
from mydirection.access.log import record_many
from mydirection.access.models import Operation
from mydirection.interventions.models import Status
from mydirection.notifications.models import Channel, Message, Purpose
from mydirection.notifications.models import Status as MessageStatus
from mydirection.notifications.selectors import preferences_of
from mydirection.notifications.services import queue_message, why_not_reminded
from mydirection.people.models import Person
from mydirection.volunteering.models import Session, Shift, Volunteer

WHAT = "Session reminder text"
TEMPLATE = "session_reminder"


@dataclass(frozen=True)
class Reach:
    """How many people taking part a reminder reaches (by text), and how many it cannot."""

    texted: int
    not_texted: int

    @property
    def total(self) -> int:
        return self.texted + self.not_texted


def reference(session: Session) -> str:
    return f"volunteer-session:{session.pk}"


def taking_part(session: Session) -> list[Person]:
    if session.intervention_id is None:
        return []
    return list(
        Person.objects.filter(
            referrals__intervention_id=session.intervention_id,
            referrals__status__in=(Status.ACCEPTED, Status.STARTED),
        )
        .distinct()
        .order_by("pk")
    )


def _textable(person: Person) -> bool:
    return bool(person.phone) and not why_not_reminded(person, preferences_of(person))


def reach(session: Session) -> Reach:
    people = taking_part(session)
    texted = sum(1 for person in people if _textable(person))
    return Reach(texted, len(people) - texted)


def sent_at(session: Session) -> datetime | None:
    """When the session's reminders were sent (None: not yet)."""
    found: datetime | None = Message.objects.filter(reference=reference(session)).aggregate(
        first=Min("created_at")
    )["first"]
    return found


def _day(moment: datetime) -> str:
    local = timezone.localtime(moment)
    return f"{local:%A} {local.day} {local:%B}"


def _time(moment: datetime) -> str:
    local = timezone.localtime(moment)
    hour = local.hour % 12 or 12
    suffix = "am" if local.hour < 12 else "pm"
    return f"{hour}{suffix}" if local.minute == 0 else f"{hour}:{local.minute:02d}{suffix}"


def wording(session: Session, first_name: str) -> dict[str, str]:
    return {
        "first_name": first_name,
        "session": session.name,
        "day": _day(session.starts_at),
        "time": _time(session.starts_at),
        "place": session.place,
    }


def refusal(session: Session, by: Volunteer) -> str | None:
    if session.cancelled:
        return "This session is cancelled"
    if session.starts_at <= timezone.now():
        return "This session has started"
    if session.intervention_id is None:
        return "Nobody is booked on this session through MyDirection, so there is nobody to remind"
    if not Shift.objects.filter(session=session, volunteer=by, withdrawn_at__isnull=True).exists():
        return "Only a volunteer signed up for this session can send its reminders"
    sent = sent_at(session)
    if sent is not None:
        local = timezone.localtime(sent)
        return f"The reminders for this session were sent on {local.day} {local:%B} already"
    return None


def send(*, actor: Actor, session: Session, by: Volunteer) -> Reach:
    """Queue the reminder for everyone taking part; the outbox decides who may get it."""
    with transaction.atomic():
        # One volunteer at a time: two pressing the button at once send one set of reminders.
        session = Session.objects.select_for_update().get(pk=session.pk)
        problem = refusal(session, by)
        if problem:
            raise ValidationError(problem)
        people = taking_part(session)
        sent = [
            queue_message(
                person,
                Purpose.SESSION_REMINDER,
                TEMPLATE,
                wording(session, person.known_as),
                reference=reference(session),
                channel=Channel.SMS,
                expires_at=session.starts_at,
            )
            for person in people
        ]
        record_many(
            actor=actor,
            operation=Operation.COLLECT,
            what=WHAT,
            subject_ids=[person.pk for person in people],
            details={"session": str(session.pk), "volunteer": str(by.pk)},
        )
    texted = sum(1 for message in sent if message.status == MessageStatus.QUEUED)
    return Reach(texted, len(sent) - texted)
