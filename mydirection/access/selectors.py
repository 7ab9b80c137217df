from django.db.models import QuerySet

from mydirection.access.models import AccessLogEntry, Exclusion, Restriction
from mydirection.people.models import Person


def entries_about(person: Person) -> QuerySet[AccessLogEntry]:
    return AccessLogEntry.objects.filter(subject_id=person.pk).order_by("-id")


def exclusions(person: Person) -> QuerySet[Exclusion]:
    return Exclusion.objects.filter(person=person).select_related("user", "created_by")


def restriction(person: Person) -> Restriction | None:
    return (
        Restriction.objects.filter(person=person)
        .select_related("created_by")
        .prefetch_related("allowed_users")
        .first()
    )
