from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, QuerySet

from mydirection.access.policy import Action, decide, visible_to, with_limited_access
from mydirection.notifications.models import Channel, ContactPreferences, Message, Status
from mydirection.people.models import ContactPreference, Person
from mydirection.staff.models import User

OUTBOX_LIMIT = 200


def preferences_of(person: Person) -> ContactPreferences:
    """The person's preferences; an unsaved default row when they never changed them."""
    try:
        return ContactPreferences.objects.get(person=person)
    except ContactPreferences.DoesNotExist:
        return ContactPreferences(person=person)


def preferred_channel(person: Person, preferences: ContactPreferences) -> str:
    """The channel a message goes by unless one is forced (see ``services``' "Who decides")."""
    if preferences.channel:
        return preferences.channel
    if person.contact_preference == ContactPreference.EMAIL:
        return Channel.EMAIL
    if person.contact_preference == ContactPreference.SMS or person.phone:
        return Channel.SMS
    return Channel.EMAIL


def outbox_people(user: User) -> list[Person]:
    """People whose messages the outbox shows ``user``: those the access policy lets them open
    without giving a reason (their own caseload; a senior case manager's team).

    A message's text is the record's content (times, places, invitation links, sign-in codes).
    A colleague who must give a reason before opening a record must not read it here without
    one, and the data protection officer, who may know every record exists, reads no content.
    The policy's own ``decide`` says so, so the outbox follows it if the rules change.
    """
    with_messages = Exists(Message.objects.filter(person=OuterRef("pk")))
    people = with_limited_access(
        visible_to(user).filter(with_messages).only("id", "case_manager", "team", "erased_on"),
        user,
    )
    shown = []
    for person in people:
        decision = decide(user, person, Action.VIEW)
        if decision.allowed and not decision.needs_justification:
            shown.append(person)
    return shown


def outbox(user: User) -> list[Message]:
    """The latest messages to people the user may open without giving a reason."""
    people = [person.pk for person in outbox_people(user)]
    return list(
        Message.objects.filter(person__in=people)
        .select_related("person")
        .order_by("-created_at")[:OUTBOX_LIMIT]
    )


@dataclass(frozen=True)
class StatusCount:
    label: str
    count: int


def outbox_counts() -> list[StatusCount]:
    """How many messages the whole outbox holds, by status: no person, no text.

    Enough for anyone (an administrator, the data protection officer) to see that messages
    are queued and sent, without reading what they say or whom they are to.
    """
    counts = dict(
        Message.objects.order_by()
        .values("status")
        .annotate(count=Count("pk"))
        .values_list("status", "count")
    )
    return [
        StatusCount(label, counts[status]) for status, label in Status.choices if status in counts
    ]


def messages_of(person: Person) -> QuerySet[Message]:
    return Message.objects.filter(person=person).order_by("-created_at")[:100]
