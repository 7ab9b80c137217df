"""Reads of one person's record. Callers have already passed the access policy."""

from django.db.models import QuerySet

from mydirection.people.models import Consent, Person


def consents(person: Person) -> QuerySet[Consent]:
    return Consent.objects.filter(person=person).select_related("recorded_by")
