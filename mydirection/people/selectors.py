"""Reads of one person's record. Callers have already passed the access policy."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from mydirection.access.models import AccessLogEntry, Operation
from mydirection.caseload.models import Allocation
from mydirection.caseload.services import ALLOCATED, REALLOCATED
from mydirection.people.models import Consent, Order, Person, Requirement

TIMELINE_LENGTH = 100


def orders_with_requirements(person: Person) -> QuerySet[Order]:
    return Order.objects.filter(person=person).prefetch_related(
        Prefetch("requirements", queryset=Requirement.objects.order_by("requirement_type"))
    )


def consents(person: Person) -> QuerySet[Consent]:
    return Consent.objects.filter(person=person).select_related("recorded_by")


@dataclass(frozen=True)
class TimelineEvent:
    title: str
    # A date for things that happen on a day (a sentence); a datetime for recorded changes.
    datetime: dt.datetime | dt.date
    by: str = ""
    description: str = ""

    @property
    def sort_key(self) -> dt.datetime:
        if isinstance(self.datetime, dt.datetime):
            return self.datetime
        return timezone.make_aware(dt.datetime.combine(self.datetime, dt.time()))


def timeline(person: Person) -> list[TimelineEvent]:
    """The person's history, newest first: sentences, allocations and recorded changes.

    Three queries whatever the length of the history; the newest events only.
    """
    events = [
        TimelineEvent(
            title=f"Sentenced: {order.get_order_type_display()}",
            datetime=order.sentence_date,
            description=f"{order.court}. Runs {order.start_date:%-d %B %Y} to "
            f"{order.end_date:%-d %B %Y}.",
        )
        for order in Order.objects.filter(person=person).order_by("-sentence_date")[
            :TIMELINE_LENGTH
        ]
    ]
    events += [
        TimelineEvent(
            title=f"Allocated to {allocation.case_manager.display_name}",
            datetime=allocation.started_at,
            by=allocation.allocated_by.display_name,
            description=allocation.reason,
        )
        for allocation in Allocation.objects.filter(person=person)
        .select_related("case_manager", "allocated_by")
        .order_by("-started_at")[:TIMELINE_LENGTH]
    ]
    events += [
        TimelineEvent(title=entry.what, datetime=entry.occurred_at, by=entry.actor_name)
        for entry in AccessLogEntry.objects.filter(
            subject_id=person.pk, operation__in=[Operation.COLLECT, Operation.ALTER]
        )
        .exclude(what__in=[ALLOCATED, REALLOCATED])
        .order_by("-id")[:TIMELINE_LENGTH]
    ]
    events.sort(key=lambda event: event.sort_key, reverse=True)
    return events[:TIMELINE_LENGTH]
