from django.db.models import QuerySet

from mydirection.access.policy import visible_to
from mydirection.notifications.models import Message
from mydirection.people.models import Person
from mydirection.staff.models import User

OUTBOX_LIMIT = 200


def outbox(user: User) -> list[Message]:
    """The latest messages to people the user may see."""
    return list(
        Message.objects.filter(person__in=visible_to(user))
        .select_related("person")
        .order_by("-created_at")[:OUTBOX_LIMIT]
    )


def messages_of(person: Person) -> QuerySet[Message]:
    return Message.objects.filter(person=person).order_by("-created_at")[:100]
