"""How far each requirement of an order has been delivered: the one place it is worked out.

Every page that shows a requirement's progress (the overview, the Sentence page, the
Appointments page, the unpaid work hours page) calls this module, so they all say the same.

What is done is what is credited on the requirement itself plus what the appointments count:

* ``Requirement.completed`` holds what is credited directly: the unpaid work hours logged (the
  ledger's total, which ``appointments.services.unpaid_work`` keeps under a row lock), and any
  activity days or programme sessions brought in from before the person's appointments were
  recorded here (a migration from nDelius, the demo's history). No page sets it for days or
  sessions, so nothing is counted twice.
* Rehabilitation activity: the days on which the person attended an appointment marked as an
  activity day (two on one day make one day). An appointment counts for the rehabilitation
  activity requirement it names; one that names none counts for the requirement of the order
  running that day.
* Accredited programme: the programme sessions the person attended, counted the same way.
* Other requirements (curfew, treatment) count nothing: their status says where they are.

Only an outcome the person attended counts: an absence, acceptable or not, does not, and an
appointment that was moved or cancelled does not. This module reads the appointments' tables
(every app may read every app's models) and sits below them, so the people pages can call it.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from django.db.models import Prefetch, Q
from django.utils import timezone

from mydirection.appointments.models import ATTENDED, Appointment, AppointmentType, Status
from mydirection.people.models import (
    REQUIREMENT_UNITS,
    Order,
    Person,
    Requirement,
    RequirementType,
)

# The requirements counted from attended appointments, and what marks an appointment as one.
COUNTED_FROM_APPOINTMENTS = (
    RequirementType.REHABILITATION_ACTIVITY,
    RequirementType.ACCREDITED_PROGRAMME,
)


@dataclass(frozen=True)
class Progress:
    requirement: Requirement
    done: int | None  # None for a requirement that counts nothing

    @property
    def unit(self) -> str:
        return REQUIREMENT_UNITS.get(RequirementType(self.requirement.requirement_type), "")

    @property
    def amount(self) -> int | None:
        return self.requirement.amount

    @property
    def percent(self) -> int | None:
        if not self.amount or self.done is None:
            return None
        return min(100, round(100 * self.done / self.amount))

    @property
    def text(self) -> str:
        """ "6 of 15 days done (40%)", or the status of a requirement that counts nothing."""
        if not self.amount or self.done is None:
            return self.requirement.get_status_display()
        return f"{self.done} of {self.amount} {self.unit} done ({self.percent}%)"


@dataclass(frozen=True)
class OrderProgress:
    order: Order
    progress: list[Progress]


@dataclass(frozen=True)
class Attended:
    """An attended appointment that may count: its local day, kind and named requirement."""

    day: date
    rar: bool
    session: bool
    requirement_id: UUID | None


def _ends(order: Order) -> date:
    return order.ended_early_on or order.end_date


def _running_on(orders: Sequence[Order], day: date) -> list[Order]:
    """The orders running on ``day``, the most recent first."""
    running = [o for o in orders if o.start_date <= day <= _ends(o)]
    return sorted(running, key=lambda o: o.start_date, reverse=True)


def _owner(
    item: Attended, kind: str, orders: Sequence[Order], by_id: dict[UUID, Requirement]
) -> Requirement | None:
    """The requirement of ``kind`` an attended appointment counts for, if any."""
    named = by_id.get(item.requirement_id) if item.requirement_id else None
    if named is not None and named.requirement_type == kind:
        return named
    for order in _running_on(orders, item.day):
        for requirement in order.requirements.all():
            if requirement.requirement_type == kind:
                return requirement
    return None


def count(orders: Sequence[Order], attended: Iterable[Attended]) -> dict[UUID, int]:
    """Days of activity and programme sessions per requirement: the rule, over plain values.

    ``orders`` have their requirements prefetched.
    """
    by_id = {r.pk: r for order in orders for r in order.requirements.all()}
    days: dict[UUID, set[date]] = defaultdict(set)
    sessions: dict[UUID, int] = defaultdict(int)
    for item in attended:
        if item.rar:
            owner = _owner(item, RequirementType.REHABILITATION_ACTIVITY, orders, by_id)
            if owner is not None:
                days[owner.pk].add(item.day)
        if item.session:
            owner = _owner(item, RequirementType.ACCREDITED_PROGRAMME, orders, by_id)
            if owner is not None:
                sessions[owner.pk] += 1
    return {pk: len(d) for pk, d in days.items()} | dict(sessions)


def _attended(person_id: UUID) -> list[Attended]:
    rows = (
        Appointment.objects.filter(
            person_id=person_id, status=Status.ARRANGED, outcome__outcome__in=ATTENDED
        )
        .filter(Q(counts_as_rar=True) | Q(appointment_type=AppointmentType.PROGRAMME_SESSION))
        .values_list("starts_at", "counts_as_rar", "appointment_type", "requirement_id")
    )
    return [
        Attended(
            timezone.localtime(starts_at).date(),
            counts_as_rar,
            kind == AppointmentType.PROGRAMME_SESSION,
            requirement_id,
        )
        for starts_at, counts_as_rar, kind, requirement_id in rows
    ]


def orders_of(person: Person) -> list[OrderProgress]:
    """Each of the person's orders, newest first, with its requirements' progress. Three
    queries (orders, requirements, attended appointments), whatever their number."""
    return _orders_of(person.pk)


def _orders_of(person_id: UUID) -> list[OrderProgress]:
    orders = list(
        Order.objects.filter(person_id=person_id)
        .select_related("terminated_by")
        .prefetch_related(
            Prefetch("requirements", queryset=Requirement.objects.order_by("requirement_type"))
        )
    )
    requirements = [r for order in orders for r in order.requirements.all()]
    counted = (
        count(orders, _attended(person_id))
        if any(r.requirement_type in COUNTED_FROM_APPOINTMENTS for r in requirements)
        else {}
    )

    def done(requirement: Requirement) -> int | None:
        if requirement.requirement_type == RequirementType.UNPAID_WORK:
            return requirement.completed
        if requirement.requirement_type in COUNTED_FROM_APPOINTMENTS:
            return requirement.completed + counted.get(requirement.pk, 0)
        return None

    return [
        OrderProgress(order, [Progress(r, done(r)) for r in order.requirements.all()])
        for order in orders
    ]


def of_person(person: Person) -> list[Progress]:
    """Every requirement of the person's orders with its progress."""
    return [p for order in orders_of(person) for p in order.progress]


def of_requirement(requirement: Requirement) -> Progress:
    """One requirement's progress, as the pages of its person show it."""
    everything = _orders_of(requirement.order.person_id)
    return next(p for o in everything for p in o.progress if p.requirement.pk == requirement.pk)
