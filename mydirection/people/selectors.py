"""Reads of one person's record. Callers have already passed the access policy."""

from django.db.models import Prefetch, QuerySet

from mydirection.people.models import Consent, Order, Person, Requirement


def orders_with_requirements(person: Person) -> QuerySet[Order]:
    return Order.objects.filter(person=person).prefetch_related(
        Prefetch("requirements", queryset=Requirement.objects.order_by("requirement_type"))
    )


def consents(person: Person) -> QuerySet[Consent]:
    return Consent.objects.filter(person=person).select_related("recorded_by")
