from django.db.models import QuerySet

from mydirection.access.models import AccessLogEntry
from mydirection.people.models import Person


def entries_about(person: Person) -> QuerySet[AccessLogEntry]:
    return AccessLogEntry.objects.filter(subject_id=person.pk).order_by("-id")
