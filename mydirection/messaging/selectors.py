"""Reads of messages. Staff lists start from ``visible_to``; each costs the same number of
queries whatever the number of people or messages."""

from collections.abc import Collection
from uuid import UUID

from django.db.models import Count, Max, Q, QuerySet

from mydirection.access.policy import Capability, may, visible_to
from mydirection.messaging.models import PersonMessage
from mydirection.people.models import Person
from mydirection.staff.models import User

THREAD_LENGTH = 100
FLAGGED_LENGTH = 50

UNREAD_BY_STAFF = Q(thread_messages__from_person=True, thread_messages__read_by_staff_at=None)


def inbox_scope(user: User) -> QuerySet[Person]:
    """Whose messages land in ``user``'s inbox: their caseload, and for a senior case
    manager their team's too (to reply when a case manager is away). Team colleagues reach
    a thread through the person's record, with a justification, as for any record."""
    people = visible_to(user)
    if may(user, Capability.LEAD_A_TEAM):
        return people.filter(Q(case_manager=user) | Q(team_id=user.team_id))
    if may(user, Capability.READ_THE_INBOX):
        return people.filter(case_manager=user)
    return people.none()


def inbox(user: User) -> list[Person]:
    """People with messages, newest first, each with ``unread``, ``flagged`` (unread and
    flagged) and ``last_message_at``."""
    return list(
        inbox_scope(user)
        .annotate(
            last_message_at=Max("thread_messages__created_at"),
            unread=Count("thread_messages", filter=UNREAD_BY_STAFF),
            flagged=Count(
                "thread_messages", filter=UNREAD_BY_STAFF & Q(thread_messages__flagged=True)
            ),
        )
        .filter(last_message_at__isnull=False)
        .select_related("case_manager")
        .order_by("-last_message_at")
    )


def unread_for_staff(user: User) -> int:
    """Messages from people in ``user``'s inbox that no member of staff has read yet."""
    if not may(user, Capability.READ_THE_INBOX):
        return 0
    return PersonMessage.objects.filter(
        person__in=inbox_scope(user), from_person=True, read_by_staff_at=None
    ).count()


def flagged_for(user: User) -> list[PersonMessage]:
    """Messages flagged for a check, newest first, from people in ``user``'s inbox."""
    return list(
        PersonMessage.objects.filter(person__in=inbox_scope(user), flagged=True)
        .select_related("person", "read_by_staff")
        .order_by("-created_at")[:FLAGGED_LENGTH]
    )


def flagged_unchecked(
    person_ids: Collection[UUID], limit: int = FLAGGED_LENGTH
) -> list[PersonMessage]:
    """Messages from these people (whom the caller may see) flagged for a check that no
    member of staff has read yet, the longest waiting first. One query, whatever the number
    of people."""
    return list(
        PersonMessage.objects.filter(
            person_id__in=list(person_ids), from_person=True, flagged=True, read_by_staff_at=None
        )
        .select_related("person")
        .order_by("created_at")[:limit]
    )


def thread(person: Person) -> list[PersonMessage]:
    """The newest messages, oldest first, as a conversation reads."""
    newest = PersonMessage.objects.filter(person=person).select_related("by_user")
    return list(reversed(newest.order_by("-created_at")[:THREAD_LENGTH]))


def unread_for_person(person: Person) -> int:
    return PersonMessage.objects.filter(
        person=person, from_person=False, read_by_person_at=None
    ).count()
