"""The person's activity log: appointments, outcomes, decisions and hours, newest first.

Each source is a function from the person to events, registered in ``SOURCES`` under a kind,
so other apps add theirs after merge (plan changes, messages) with one line each:
``SOURCES["plan"] = plan.timeline.events``. Every source runs a fixed number of queries,
so the page does too, whatever the length of the history.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from django.urls import reverse

from mydirection.appointments.models import (
    Appointment,
    EnforcementDecision,
    Status,
    UnpaidWorkEntry,
)
from mydirection.people.models import Person

LENGTH = 200


@dataclass(frozen=True)
class Event:
    kind: str
    title: str
    at: datetime
    description: str = ""
    by: str = ""
    tag: str = ""
    href: str = ""


def appointment_events(person: Person) -> list[Event]:
    rows = (
        Appointment.objects.filter(person=person)
        .select_related("outcome__recorded_by", "staff", "location")
        .order_by("-starts_at")[:LENGTH]
    )
    events = []
    for a in rows:
        tag = {Status.SUPERSEDED: "Rescheduled", Status.CANCELLED: "Cancelled"}.get(
            Status(a.status), ""
        )
        outcome = getattr(a, "outcome", None) if a.status == Status.ARRANGED else None
        if outcome is not None:
            tag = outcome.get_outcome_display()
        where = "" if a.sensitive else f", {a.place_text}"
        description = f"With {a.staff.display_name}{where}"
        if a.change_reason:
            description += f". {a.get_status_display()}: {a.change_reason}"
        events.append(
            Event(
                kind="outcome" if outcome is not None else "appointment",
                title=a.get_appointment_type_display(),
                at=a.starts_at,
                description=description,
                by=outcome.recorded_by.display_name if outcome is not None else "",
                tag=tag,
                href=reverse("appointments:detail", args=[person.pk, a.pk]),
            )
        )
    return events


def enforcement_events(person: Person) -> list[Event]:
    return [
        Event(
            kind="enforcement",
            title=f"Enforcement decision: {d.get_decision_display()}",
            at=d.decided_at,
            description=d.reason,
            by=d.decided_by.display_name,
        )
        for d in EnforcementDecision.objects.filter(person=person)
        .select_related("decided_by")
        .order_by("-decided_at")[:LENGTH]
    ]


def unpaid_work_events(person: Person) -> list[Event]:
    return [
        Event(
            kind="unpaid_work",
            title=f"{e.hours} hours of unpaid work",
            at=e.logged_at,
            description=e.project,
            by=e.logged_by.display_name,
        )
        for e in UnpaidWorkEntry.objects.filter(person=person)
        .select_related("logged_by")
        .order_by("-logged_at")[:LENGTH]
    ]


Source = Callable[[Person], Iterable[Event]]
# kind label -> (source, the kinds of event it gives). Appointments give two kinds.
SOURCES: dict[str, tuple[Source, tuple[str, ...]]] = {
    "appointments": (appointment_events, ("appointment", "outcome")),
    "enforcement": (enforcement_events, ("enforcement",)),
    "unpaid_work": (unpaid_work_events, ("unpaid_work",)),
}
KINDS = {
    "appointment": "Appointments",
    "outcome": "Outcomes",
    "enforcement": "Enforcement decisions",
    "unpaid_work": "Unpaid work",
}


def events(person: Person, kinds: Iterable[str] = ()) -> list[Event]:
    """Newest first; ``kinds`` narrows to those kinds (and skips sources that give none)."""
    wanted = set(kinds) & set(KINDS) or set(KINDS)
    out: list[Event] = []
    for source, gives in SOURCES.values():
        if wanted & set(gives):
            out += [event for event in source(person) if event.kind in wanted]
    out.sort(key=lambda event: event.at, reverse=True)
    return out[:LENGTH]
