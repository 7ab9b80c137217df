"""The Activity log's sources of the person's timeline (``people.timeline``, log ``ACTIVITY``):
appointments, outcomes, enforcement decisions, unpaid work, plan changes, messages with the case
manager (never their text) and messages sent by MyDirection (reminders). ``register`` adds them
in the order the page's filter lists their kinds. Each runs a fixed number of queries.
"""

from django.urls import reverse

from mydirection.appointments.models import (
    Appointment,
    EnforcementDecision,
    Status,
    UnpaidWorkEntry,
)
from mydirection.messaging.models import PersonMessage
from mydirection.notifications.models import Message
from mydirection.notifications.models import Status as MessageStatus
from mydirection.people.models import Person
from mydirection.people.timeline import ACTIVITY, LENGTHS, Event
from mydirection.people.timeline import register as register_source
from mydirection.plans.models import PlanChange
from mydirection.wording import counted

LENGTH = LENGTHS[ACTIVITY]


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
            title=f"{counted(e.hours, 'hour')} of unpaid work",
            at=e.logged_at,
            description=e.project,
            by=e.logged_by.display_name,
        )
        for e in UnpaidWorkEntry.objects.filter(person=person)
        .select_related("logged_by")
        .order_by("-logged_at")[:LENGTH]
    ]


def plan_events(person: Person) -> list[Event]:
    return [
        Event(
            kind="plan",
            title=change.what,
            at=change.occurred_at,
            by=person.known_as
            if change.by_person
            else (change.by_user.display_name if change.by_user else ""),
            tag="With the person" if change.with_person else "",
            href=reverse("plans:plan", args=[person.pk]),
        )
        for change in PlanChange.objects.filter(plan__person=person)
        .select_related("by_user")
        .order_by("-id")[:LENGTH]
    ]


def message_events(person: Person) -> list[Event]:
    """That a message was written, and by whom; never what it says (the thread has that)."""
    rows = (
        PersonMessage.objects.filter(person=person)
        .select_related("by_user")
        .defer("text")  # never read, never shown
        .order_by("-created_at")[:LENGTH]
    )
    return [
        Event(
            kind="message",
            title=f"Message {'from' if m.from_person else 'to'} {person.known_as}",
            at=m.created_at,
            by=person.known_as if m.from_person else (m.by_user.display_name if m.by_user else ""),
            tag="To check" if m.flagged else "",
            href=reverse("messaging:thread", args=[person.pk]),
        )
        for m in rows
    ]


# What became of a message MyDirection sent; queued and cancelled ones are not events.
_NOTIFICATION_OUTCOMES = {
    MessageStatus.SENDING: "sent",
    MessageStatus.DELIVERED: "sent",
    MessageStatus.TEMPORARY_FAILURE: "failed",
    MessageStatus.PERMANENT_FAILURE: "failed",
    MessageStatus.OPTED_OUT: "not sent",
    MessageStatus.NO_CONTACT_DETAILS: "not sent",
}


def notification_events(person: Person) -> list[Event]:
    rows = (
        Message.objects.filter(person=person, status__in=list(_NOTIFICATION_OUTCOMES))
        .only("purpose", "status", "channel", "sent_at", "updated_at", "last_error")
        .order_by("-updated_at")[:LENGTH]
    )
    return [
        Event(
            kind="notification",
            title=f"{m.get_purpose_display()} {_NOTIFICATION_OUTCOMES[MessageStatus(m.status)]}",
            at=m.sent_at or m.updated_at,
            description=m.last_error if m.status != MessageStatus.DELIVERED else "",
            tag=m.get_status_display(),
            href=reverse("notifications:person-messages", args=[person.pk]),
        )
        for m in rows
    ]


def register() -> None:
    """Add the sources to the Activity log (from ``AppConfig.ready``)."""
    register_source(
        appointment_events, {"appointment": "Appointments", "outcome": "Outcomes"}, log=ACTIVITY
    )
    register_source(enforcement_events, {"enforcement": "Enforcement decisions"}, log=ACTIVITY)
    register_source(unpaid_work_events, {"unpaid_work": "Unpaid work"}, log=ACTIVITY)
    register_source(plan_events, {"plan": "Plan changes"}, log=ACTIVITY)
    register_source(message_events, {"message": "Messages"}, log=ACTIVITY)
    register_source(
        notification_events, {"notification": "Reminders and other messages sent"}, log=ACTIVITY
    )
